"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { deleteNodepoolAction, createNodepoolAction, updateNodepoolAction } from "@/lib/actions/compute";
import { INSTANCE_TYPES } from "@/lib/compute/catalog";
import type { InstancePrices } from "@/lib/finance/plan";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { ActionForm, DialogButton } from "./action-dialog";
import { instanceSummary } from "./format";
import { SelectField } from "./select-field";

type Nodepool = { clusterId: string; nodepoolId: string; minNodes: number; maxNodes: number; nodeCount: number; description: string };

export function CreateNodepoolButton({ org, clusterId, environments, prices, base }: { org: string; clusterId: string; environments: { id: string; name: string }[]; prices: InstancePrices; base: string }) {
  const router = useRouter();
  return (
    <DialogButton label="Create Nodepool" title="Create Nodepool" description="Machines of one instance type, in one environment. It starts at its minimum node count.">
      {(close) => (
        <ActionForm
          action={createNodepoolAction}
          hidden={{ org, clusterId }}
          submitLabel="Create Nodepool"
          onClose={close}
          onDone={(nodepool) => router.push(`${base}/clusters/${encodeURIComponent(nodepool.clusterId)}/nodepools/${encodeURIComponent(nodepool.nodepoolId)}`)}
        >
          {(errors) => (
            <>
              <Field label="Nodepool ID" name="nodepoolId" required autoFocus hint="Lower-case letters, digits and '-'; unique in the cluster." errors={errors("nodepoolId")} />
              <SelectField label="Environment" name="environmentRef" defaultValue={environments[0]?.id} errors={errors("environmentRef")} hint="Who may see and deploy here follows each person's access to this environment.">
                {environments.map((environment) => (
                  <option key={environment.id} value={environment.id}>
                    {environment.name}
                  </option>
                ))}
              </SelectField>
              <SelectField label="Instance type" name="instanceType" defaultValue={INSTANCE_TYPES[0]?.id} errors={errors("instanceType")}>
                {INSTANCE_TYPES.map((type) => (
                  <option key={type.id} value={type.id}>
                    {type.name} — {instanceSummary(type, prices)}
                  </option>
                ))}
              </SelectField>
              <div className="grid grid-cols-2 gap-3">
                <Field label="Minimum nodes" name="minNodes" type="number" min={0} defaultValue={0} required errors={errors("minNodes")} />
                <Field label="Maximum nodes" name="maxNodes" type="number" min={0} defaultValue={1} required errors={errors("maxNodes")} />
              </div>
              <Field label="Description" name="description" errors={errors("description")} />
            </>
          )}
        </ActionForm>
      )}
    </DialogButton>
  );
}

/**
 * Scale: the node count (kept in the nodepool's history, with who set it, and counted in
 * node-hours) and the range it may move in, through the same operation as Edit.
 */
export function ScaleNodepoolButton({ org, nodepool }: { org: string; nodepool: Nodepool }) {
  const successMessage = useCallback((scaled: { nodepoolId: string; nodeCount: number; minNodes: number; maxNodes: number }) => `${scaled.nodepoolId} is set to ${scaled.nodeCount} ${scaled.nodeCount === 1 ? "node" : "nodes"} (${scaled.minNodes}–${scaled.maxNodes}).`, []);
  return (
    <DialogButton
      label="Scale"
      buttonLabel={`Scale nodepool ${nodepool.nodepoolId}`}
      title="Scale nodepool"
      description={`${nodepool.nodepoolId} is set to ${nodepool.nodeCount} ${nodepool.nodeCount === 1 ? "node" : "nodes"}, between ${nodepool.minNodes} and ${nodepool.maxNodes}. A new node count is kept in its history with your name, and counted in node-hours.`}
    >
      {(close) => (
        <ActionForm action={updateNodepoolAction} hidden={{ org, clusterId: nodepool.clusterId, nodepoolId: nodepool.nodepoolId }} submitLabel="Scale" onClose={close} successMessage={successMessage}>
          {(errors) => (
            <>
              <Field label="Node count" name="nodeCount" type="number" min={0} defaultValue={nodepool.nodeCount} required autoFocus errors={errors("nodeCount")} />
              <div className="grid grid-cols-2 gap-3">
                <Field label="Minimum nodes" name="minNodes" type="number" min={0} defaultValue={nodepool.minNodes} required errors={errors("minNodes")} />
                <Field label="Maximum nodes" name="maxNodes" type="number" min={0} defaultValue={nodepool.maxNodes} required errors={errors("maxNodes")} />
              </div>
            </>
          )}
        </ActionForm>
      )}
    </DialogButton>
  );
}

/** Edit: what is not scaling (the description); the range and node count are Scale's. */
export function EditNodepoolButton({ org, nodepool }: { org: string; nodepool: Pick<Nodepool, "clusterId" | "nodepoolId" | "description"> }) {
  return (
    <DialogButton label="Edit" variant="secondary" buttonLabel={`Edit nodepool ${nodepool.nodepoolId}`} title="Edit nodepool" description="Its node count and range are changed with Scale.">
      {(close) => (
        <ActionForm action={updateNodepoolAction} hidden={{ org, clusterId: nodepool.clusterId, nodepoolId: nodepool.nodepoolId }} submitLabel="Save" onClose={close}>
          {(errors) => <Field label="Description" name="description" defaultValue={nodepool.description} autoFocus errors={errors("description")} />}
        </ActionForm>
      )}
    </DialogButton>
  );
}

export function DeleteNodepoolButton({ org, nodepool, deployments, afterDelete }: { org: string; nodepool: Pick<Nodepool, "clusterId" | "nodepoolId">; deployments: number; afterDelete: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      buttonLabel={`Delete nodepool ${nodepool.nodepoolId}`}
      title="Delete nodepool"
      typeToConfirm={nodepool.nodepoolId}
      body={
        <p>
          Delete the nodepool <strong>{nodepool.nodepoolId}</strong>?{" "}
          {deployments > 0 ? `Its ${deployments === 1 ? "deployment is" : `${deployments} deployments are`} deleted with it. ` : ""}
          Its node-count history is kept for costs. This cannot be undone.
        </p>
      }
      confirmLabel="Delete nodepool"
      run={() => deleteNodepoolAction({ org, clusterId: nodepool.clusterId, nodepoolId: nodepool.nodepoolId })}
      onDone={() => router.push(afterDelete)}
    />
  );
}
