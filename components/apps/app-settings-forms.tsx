"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId } from "react";
import { deleteAppAction, setAppVisibilityAction, transferAppAction, updateAppDetailsAction, updateAppIdentityAction } from "@/lib/actions/apps";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { fieldErrors, useFormAction, type FormState } from "@/components/ui/use-form-action";
import { ConfirmButton } from "@/components/ui/confirm-button";
import type { AppTenantInput } from "@/lib/operations/operation";

/** The hidden fields naming the app a form changes. */
function AppFields({ target }: { target: AppTenantInput }) {
  return (
    <>
      <input type="hidden" name="owner" value={target.owner} />
      <input type="hidden" name="app" value={target.app} />
    </>
  );
}

function Status({ state, saved }: { state: FormState<unknown>; saved: string }) {
  if (!state) return null;
  if (state.ok) return <Alert tone="success">{saved}</Alert>;
  return state.fieldErrors ? null : <Alert tone="error">{state.message}</Alert>;
}

function TextArea({ label, name, defaultValue, errors, rows = 3 }: { label: string; name: string; defaultValue: string; errors?: string[]; rows?: number }) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea id={id} name={name} rows={rows} defaultValue={defaultValue} aria-invalid={errors?.length ? true : undefined} className="block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300" />
      {errors?.length ? (
        <p role="alert" className="text-xs text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function AppDetailsForm({ target, description, notes }: { target: AppTenantInput; description: string; notes: string }) {
  const router = useRouter();
  const [state, submit, pending] = useFormAction(updateAppDetailsAction);
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form onSubmit={submit} className="space-y-3" noValidate aria-label="Description and notes">
      <AppFields target={target} />
      <TextArea label="Description" name="description" defaultValue={description} errors={fieldErrors(state, "description")} />
      <TextArea label="Notes" name="notes" defaultValue={notes} rows={5} errors={fieldErrors(state, "notes")} />
      <Status state={state} saved="Description and notes saved." />
      <Button type="submit" disabled={pending}>
        Save description and notes
      </Button>
    </form>
  );
}

export function AppIdentityForm({ target, appId, name }: { target: AppTenantInput; appId: string; name: string }) {
  const router = useRouter();
  const [state, submit, pending] = useFormAction(updateAppIdentityAction);
  useEffect(() => {
    if (!state?.ok) return;
    if (state.data.appId !== appId) router.replace(`/${encodeURIComponent(state.data.ownerHandle)}/${encodeURIComponent(state.data.appId)}/settings`);
    else router.refresh();
  }, [state, router, appId]);
  return (
    <form onSubmit={submit} className="space-y-3" noValidate aria-label="App ID and name">
      <AppFields target={target} />
      <Field label="App ID" name="appId" defaultValue={appId} required hint="Changing it changes the app's URL." errors={fieldErrors(state, "appId")} />
      <Field label="App name" name="name" defaultValue={name} required errors={fieldErrors(state, "name")} />
      <Status state={state} saved="App ID and name saved." />
      <Button type="submit" disabled={pending}>
        Save ID and name
      </Button>
    </form>
  );
}

export function VisibilityForm({ target, visibility }: { target: AppTenantInput; visibility: "private" | "public" }) {
  const router = useRouter();
  const [state, submit, pending] = useFormAction(setAppVisibilityAction);
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Visibility">
      <AppFields target={target} />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">Visibility</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="visibility" value="private" defaultChecked={visibility === "private"} /> Private — only people with access see it
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="visibility" value="public" defaultChecked={visibility === "public"} /> Public — listed as public
        </label>
      </fieldset>
      <Status state={state} saved="Visibility saved." />
      <Button type="submit" variant="secondary" disabled={pending}>
        Save visibility
      </Button>
    </form>
  );
}

export function TransferAppForm({ target, orgs }: { target: AppTenantInput; orgs: { handle: string; name: string }[] }) {
  const router = useRouter();
  const [state, submit, pending] = useFormAction(transferAppAction);
  const selectId = useId();
  useEffect(() => {
    if (state?.ok) router.replace(`/${encodeURIComponent(state.data.ownerHandle)}/${encodeURIComponent(state.data.appId)}/settings`);
  }, [state, router]);
  if (orgs.length === 0) return <p className="text-sm text-slate-600">You are not allowed to create apps in any organization, so there is nowhere to transfer this app.</p>;
  const errors = fieldErrors(state, "org");
  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Transfer app">
      <AppFields target={target} />
      <label htmlFor={selectId} className="block text-sm font-medium text-slate-700">
        Organization
      </label>
      <select id={selectId} name="org" className="block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300">
        {orgs.map((org) => (
          <option key={org.handle} value={org.handle}>
            {org.name}
          </option>
        ))}
      </select>
      {errors ? <Alert tone="error">{errors.join(" ")}</Alert> : null}
      <Status state={state} saved="App transferred." />
      <Button type="submit" variant="secondary" disabled={pending}>
        Transfer to organization
      </Button>
    </form>
  );
}

export function DeleteAppButton({ target, appId, name }: { target: AppTenantInput; appId: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete app"
      title="Delete app"
      body={
        <p>
          Delete <strong>{name}</strong> and everything in it? Teams and collaborators lose access. This cannot be undone.
        </p>
      }
      typeToConfirm={appId}
      confirmLabel="Delete app"
      run={async (typed) => {
        const result = await deleteAppAction({ ...target, confirm: typed });
        if (result.ok) router.push(result.data.ownerIsOrg ? `/${encodeURIComponent(result.data.ownerHandle)}` : "/");
        return result;
      }}
      onDone={() => undefined}
    />
  );
}
