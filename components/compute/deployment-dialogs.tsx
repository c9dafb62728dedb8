"use client";

import { useState } from "react";
import { deleteDeploymentAction, deployModelAction, updateDeploymentAction } from "@/lib/actions/compute";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { ActionForm, DialogButton, type Errors } from "./action-dialog";
import { SelectField } from "./select-field";

export type DeployableModel = { appId: string; appName: string; modelId: string; modelName: string };
type Deployment = { deploymentId: string; appId: string; modelId: string; minReplicas: number; maxReplicas: number };

/** The model select sends "<app ID>/<model ID>" (app IDs hold no '/'); the action takes both. */
function splitModel(fields: Record<string, string | string[]>) {
  const { model, ...rest } = fields;
  const value = typeof model === "string" ? model : "";
  const slash = value.indexOf("/");
  return { ...rest, appId: slash > 0 ? value.slice(0, slash) : "", modelId: slash > 0 ? value.slice(slash + 1) : "" };
}

/** A deployment ID to start from: the model's, in this nodepool (the person may change it). */
function suggestedId(modelId: string, nodepoolId: string): string {
  return `${modelId}-${nodepoolId}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 48);
}

export function DeployModelButton({
  org,
  clusterId,
  nodepoolId,
  environmentName,
  models,
  truncated,
}: {
  org: string;
  clusterId: string;
  nodepoolId: string;
  environmentName: string;
  models: DeployableModel[];
  truncated: boolean;
}) {
  return (
    <DialogButton label="Deploy Model" title="Deploy Model" description={`Deploy one of your apps' models into ${nodepoolId} (${environmentName}). The console records the deployment; it starts no machines.`}>
      {(close) =>
        models.length === 0 ? (
          <div className="space-y-4">
            <Alert tone="info">No model is left that you may deploy here: every model of the apps you may deploy in {environmentName} is already deployed in this nodepool, or those apps have no models yet.</Alert>
            <div className="flex justify-end">
              <Button variant="secondary" onClick={close}>
                Close
              </Button>
            </div>
          </div>
        ) : (
          <DeployForm org={org} clusterId={clusterId} nodepoolId={nodepoolId} models={models} truncated={truncated} onClose={close} />
        )
      }
    </DialogButton>
  );
}

/**
 * What every deployment asks for, whichever way it is reached (from a nodepool or from an app's model).
 * Called as a function, not rendered as a component: ActionForm learns which fields the form shows
 * from the `errors` calls made while it renders its children.
 */
function deploymentFields({ deploymentId, onDeploymentIdChange, errors }: { deploymentId: string; onDeploymentIdChange: (value: string) => void; errors: Errors }) {
  return (
    <>
      <Field
        label="Deployment ID"
        name="deploymentId"
        required
        value={deploymentId}
        onChange={(event) => onDeploymentIdChange(event.target.value)}
        hint="Lower-case letters, digits and '-'; unique in the organization."
        errors={errors("deploymentId")}
      />
      <Field label="Model version" name="modelVersion" hint="Optional; empty means the model’s latest version." errors={errors("modelVersion")} />
      <div className="grid grid-cols-2 gap-3">
        <Field label="Minimum replicas" name="minReplicas" type="number" min={0} defaultValue={1} required errors={errors("minReplicas")} />
        <Field label="Maximum replicas" name="maxReplicas" type="number" min={0} defaultValue={1} required errors={errors("maxReplicas")} />
      </div>
    </>
  );
}

function DeployForm({ org, clusterId, nodepoolId, models, truncated, onClose }: { org: string; clusterId: string; nodepoolId: string; models: DeployableModel[]; truncated: boolean; onClose: () => void }) {
  const first = models[0]!;
  const [deploymentId, setDeploymentId] = useState(suggestedId(first.modelId, nodepoolId));
  const [edited, setEdited] = useState(false);
  const apps = [...new Map(models.map((model) => [model.appId, model.appName])).entries()];
  return (
    <ActionForm action={deployModelAction} hidden={{ org, clusterId, nodepoolId }} reshape={splitModel} submitLabel="Deploy Model" onClose={onClose}>
      {(errors) => (
        <>
          <SelectField
            label="Model"
            name="model"
            defaultValue={`${first.appId}/${first.modelId}`}
            autoFocus
            errors={[...(errors("appId") ?? []), ...(errors("modelId") ?? [])]}
            hint={truncated ? "Only the first models are listed." : undefined}
            onChange={(event) => {
              if (!edited) setDeploymentId(suggestedId(event.target.value.slice(event.target.value.indexOf("/") + 1), nodepoolId));
            }}
          >
            {apps.map(([appId, appName]) => (
              <optgroup key={appId} label={`${appName} (${appId})`}>
                {models
                  .filter((model) => model.appId === appId)
                  .map((model) => (
                    <option key={model.modelId} value={`${model.appId}/${model.modelId}`}>
                      {model.modelName} ({model.appId}/{model.modelId})
                    </option>
                  ))}
              </optgroup>
            ))}
          </SelectField>
          {deploymentFields({
            deploymentId,
            onDeploymentIdChange: (value) => {
              setEdited(true);
              setDeploymentId(value);
            },
            errors,
          })}
        </>
      )}
    </ActionForm>
  );
}

/** A nodepool the person may deploy an app's models into, with the models already deployed there. */
export type DeployTarget = { clusterId: string; nodepoolId: string; environmentName: string; deployedModelIds: string[] };

/** The nodepool select sends "<cluster ID>/<nodepool ID>" (IDs hold no '/'); the action takes both. */
function splitNodepool(fields: Record<string, string | string[]>) {
  const { target, ...rest } = fields;
  const value = typeof target === "string" ? target : "";
  const slash = value.indexOf("/");
  return { ...rest, clusterId: slash > 0 ? value.slice(0, slash) : "", nodepoolId: slash > 0 ? value.slice(slash + 1) : "" };
}

/**
 * Deploy Model from an app's model (the app page): the same deployment as from a nodepool, the
 * model fixed and the nodepool chosen among those the person may deploy this app's models into
 * where this model is not deployed yet.
 */
export function DeployAppModelButton({ org, appId, model, targets }: { org: string; appId: string; model: { id: string; name: string }; targets: DeployTarget[] }) {
  const open = targets.filter((target) => !target.deployedModelIds.includes(model.id));
  return (
    <DialogButton
      label="Deploy Model"
      variant="secondary"
      buttonLabel={`Deploy model ${model.id}`}
      title="Deploy Model"
      description={`Deploy ${model.name} (${appId}/${model.id}) into a nodepool. The console records the deployment; it starts no machines.`}
    >
      {(close) =>
        open.length === 0 ? (
          <div className="space-y-4">
            <Alert tone="info">This model is already deployed in every nodepool you may deploy it into.</Alert>
            <div className="flex justify-end">
              <Button variant="secondary" onClick={close}>
                Close
              </Button>
            </div>
          </div>
        ) : (
          <DeployAppModelForm org={org} appId={appId} modelId={model.id} targets={open} onClose={close} />
        )
      }
    </DialogButton>
  );
}

function DeployAppModelForm({ org, appId, modelId, targets, onClose }: { org: string; appId: string; modelId: string; targets: DeployTarget[]; onClose: () => void }) {
  const first = targets[0]!;
  const [deploymentId, setDeploymentId] = useState(suggestedId(modelId, first.nodepoolId));
  const [edited, setEdited] = useState(false);
  return (
    <ActionForm action={deployModelAction} hidden={{ org, appId, modelId }} reshape={splitNodepool} submitLabel="Deploy Model" onClose={onClose}>
      {(errors) => (
        <>
          <SelectField
            label="Nodepool"
            name="target"
            defaultValue={`${first.clusterId}/${first.nodepoolId}`}
            autoFocus
            errors={[...(errors("clusterId") ?? []), ...(errors("nodepoolId") ?? [])]}
            hint="Nodepools of environments where you may deploy this app's models."
            onChange={(event) => {
              if (!edited) setDeploymentId(suggestedId(modelId, event.target.value.slice(event.target.value.indexOf("/") + 1)));
            }}
          >
            {targets.map((target) => (
              <option key={`${target.clusterId}/${target.nodepoolId}`} value={`${target.clusterId}/${target.nodepoolId}`}>
                {target.clusterId} / {target.nodepoolId} ({target.environmentName})
              </option>
            ))}
          </SelectField>
          {deploymentFields({
            deploymentId,
            onDeploymentIdChange: (value) => {
              setEdited(true);
              setDeploymentId(value);
            },
            errors,
          })}
        </>
      )}
    </ActionForm>
  );
}

export function ScaleDeploymentButton({ org, deployment }: { org: string; deployment: Deployment }) {
  return (
    <DialogButton label="Scale" variant="secondary" buttonLabel={`Scale deployment ${deployment.deploymentId}`} title="Scale deployment" description={`Replicas of ${deployment.appId}/${deployment.modelId} in this nodepool.`}>
      {(close) => (
        <ActionForm action={updateDeploymentAction} hidden={{ org, deploymentId: deployment.deploymentId }} submitLabel="Scale" onClose={close}>
          {(errors) => (
            <div className="grid grid-cols-2 gap-3">
              <Field label="Minimum replicas" name="minReplicas" type="number" min={0} defaultValue={deployment.minReplicas} required autoFocus errors={errors("minReplicas")} />
              <Field label="Maximum replicas" name="maxReplicas" type="number" min={0} defaultValue={deployment.maxReplicas} required errors={errors("maxReplicas")} />
            </div>
          )}
        </ActionForm>
      )}
    </DialogButton>
  );
}

export function UndeployButton({ org, deployment }: { org: string; deployment: Pick<Deployment, "deploymentId" | "appId" | "modelId"> }) {
  return (
    <ConfirmButton
      label="Undeploy"
      variant="secondary"
      buttonLabel={`Undeploy ${deployment.deploymentId}`}
      title="Undeploy model"
      body={
        <p>
          Undeploy {deployment.appId}/{deployment.modelId} (deployment <strong>{deployment.deploymentId}</strong>) from this nodepool? The model itself stays in its app.
        </p>
      }
      confirmLabel="Undeploy"
      run={() => deleteDeploymentAction({ org, deploymentId: deployment.deploymentId })}
    />
  );
}
