"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { createClusterAction, deleteClusterAction, updateClusterAction } from "@/lib/actions/compute";
import { CLOUD_PROVIDERS } from "@/lib/compute/catalog";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { ActionForm, DialogButton } from "./action-dialog";
import { SelectField } from "./select-field";

type Cluster = { clusterId: string; name: string; description: string };

export function CreateClusterButton({ org, base }: { org: string; base: string }) {
  const router = useRouter();
  return (
    <DialogButton label="Create Cluster" title="Create Cluster" description="A cluster is a place in a cloud: a provider and a region. Its nodepools hold the machines.">
      {(close) => (
        <ActionForm
          action={createClusterAction}
          hidden={{ org }}
          submitLabel="Create Cluster"
          onClose={close}
          onDone={(cluster) => router.push(`${base}/clusters/${encodeURIComponent(cluster.clusterId)}`)}
        >
          {(errors) => <ClusterFields errors={errors} />}
        </ActionForm>
      )}
    </DialogButton>
  );
}

function ClusterFields({ errors }: { errors: (field: string) => string[] | undefined }) {
  const [providerId, setProviderId] = useState(CLOUD_PROVIDERS[0]!.id);
  const provider = CLOUD_PROVIDERS.find((candidate) => candidate.id === providerId) ?? CLOUD_PROVIDERS[0]!;
  return (
    <>
      <Field label="Cluster ID" name="clusterId" required autoFocus hint="Lower-case letters, digits and '-'; unique in the organization." errors={errors("clusterId")} />
      <Field label="Cluster name" name="name" required errors={errors("name")} />
      <SelectField label="Cloud provider" name="cloudProvider" value={providerId} onChange={(event) => setProviderId(event.target.value)} errors={errors("cloudProvider")}>
        {CLOUD_PROVIDERS.map((candidate) => (
          <option key={candidate.id} value={candidate.id}>
            {candidate.name}
          </option>
        ))}
      </SelectField>
      <SelectField key={provider.id} label="Region" name="region" defaultValue={provider.regions[0]?.id} errors={errors("region")}>
        {provider.regions.map((region) => (
          <option key={region.id} value={region.id}>
            {region.name.includes(region.id) ? region.name : `${region.name} (${region.id})`}
          </option>
        ))}
      </SelectField>
      <Field label="Description" name="description" errors={errors("description")} />
    </>
  );
}

export function EditClusterButton({ org, cluster }: { org: string; cluster: Cluster }) {
  return (
    <DialogButton label="Edit" variant="secondary" buttonLabel={`Edit cluster ${cluster.clusterId}`} title="Edit cluster" description="The provider and region of a cluster are fixed; create another cluster to move.">
      {(close) => (
        <ActionForm action={updateClusterAction} hidden={{ org, clusterId: cluster.clusterId }} submitLabel="Save" onClose={close}>
          {(errors) => (
            <>
              <Field label="Cluster name" name="name" defaultValue={cluster.name} required autoFocus errors={errors("name")} />
              <Field label="Description" name="description" defaultValue={cluster.description} errors={errors("description")} />
            </>
          )}
        </ActionForm>
      )}
    </DialogButton>
  );
}

export function DeleteClusterButton({ org, cluster, nodepools, afterDelete }: { org: string; cluster: Cluster; nodepools: number; afterDelete: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      buttonLabel={`Delete cluster ${cluster.clusterId}`}
      title="Delete cluster"
      typeToConfirm={cluster.clusterId}
      body={
        <p>
          Delete <strong>{cluster.name}</strong> ({cluster.clusterId})?{" "}
          {nodepools > 0 ? `Its ${nodepools === 1 ? "nodepool" : `${nodepools} nodepools`} and every deployment in ${nodepools === 1 ? "it" : "them"} are deleted with it. ` : ""}
          Their node-count history is kept for costs. This cannot be undone.
        </p>
      }
      confirmLabel="Delete cluster"
      run={() => deleteClusterAction({ org, clusterId: cluster.clusterId })}
      onDone={() => router.push(afterDelete)}
    />
  );
}
