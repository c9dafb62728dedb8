"use client";

import { createEnvironmentAction, deleteEnvironmentAction, renameEnvironmentAction } from "@/lib/actions/compute";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { ActionForm, DialogButton } from "./action-dialog";

type Environment = { id: string; name: string; nodepools: number };

export function AddEnvironmentButton({ org }: { org: string }) {
  return (
    <DialogButton label="Add environment" title="Add environment" description="Permission groups give teams Full, Read-only or No access per environment; a new one gets each group's level for all environments.">
      {(close) => (
        <ActionForm action={createEnvironmentAction} hidden={{ org }} submitLabel="Add environment" onClose={close}>
          {(errors) => <Field label="Environment name" name="name" required autoFocus errors={errors("name")} />}
        </ActionForm>
      )}
    </DialogButton>
  );
}

export function RenameEnvironmentButton({ org, environment }: { org: string; environment: Environment }) {
  return (
    <DialogButton label="Rename" variant="secondary" buttonLabel={`Rename ${environment.name}`} title="Rename environment" description="Nodepools and permission groups keep referring to it under its new name.">
      {(close) => (
        <ActionForm action={renameEnvironmentAction} hidden={{ org, environmentRef: environment.id }} submitLabel="Save" onClose={close}>
          {(errors) => <Field label="Environment name" name="name" defaultValue={environment.name} required autoFocus errors={errors("name")} />}
        </ActionForm>
      )}
    </DialogButton>
  );
}

export function DeleteEnvironmentButton({ org, environment }: { org: string; environment: Environment }) {
  return (
    <ConfirmButton
      label="Delete"
      buttonLabel={`Delete ${environment.name}`}
      title="Delete environment"
      body={
        environment.nodepools > 0 ? (
          <p>
            {environment.name} still holds {environment.nodepools === 1 ? "a nodepool" : `${environment.nodepools} nodepools`}: an environment can be deleted only once it holds none.
          </p>
        ) : (
          <p>
            Delete the environment <strong>{environment.name}</strong>? Permission groups&apos; levels for it are no longer used.
          </p>
        )
      }
      confirmLabel="Delete environment"
      run={() => deleteEnvironmentAction({ org, environmentRef: environment.id })}
    />
  );
}
