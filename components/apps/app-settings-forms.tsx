"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState, useTransition } from "react";
import { deleteAppAction, setAppVisibilityAction, transferAppAction, updateAppDetailsAction, updateAppIdentityAction } from "@/lib/actions/apps";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { fieldErrors, useFormAction, type FormState } from "@/components/ui/use-form-action";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Dialog } from "@/components/ui/dialog";
import { showSuccess } from "@/components/ui/toaster";
import { ORG_ROLES, ROLE_PERMISSIONS, type OrgRole, type RoleAppScopes } from "@/lib/authz";
import type { Result } from "@/lib/result";
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

/** A saved form says so in a toast; a refused one keeps its message next to the fields. */
function Status({ state, saved }: { state: FormState<unknown>; saved: string }) {
  useEffect(() => {
    if (state?.ok) showSuccess(saved);
  }, [state, saved]);
  if (!state || state.ok) return null;
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

export type TransferTarget = { handle: string; name: string; role: OrgRole };

/** Roles by what they hold on every app of their organization (lib/authz's permission matrix). */
function rolesHolding(appScopes: RoleAppScopes): string {
  const roles = ORG_ROLES.filter((role) => ROLE_PERMISSIONS[role].appScopes === appScopes);
  return roles.length <= 1 ? roles.join("") : `${roles.slice(0, -1).join(", ")} and ${roles.at(-1)}`;
}

/**
 * Moving a personal app into an organization, after a confirmation that says what changes: who
 * owns it, who gains access by role, what happens to the owner's own access, its collaborators,
 * keys and URL. The facts come from what the transfer does (the owner column changes, nothing else).
 */
export function TransferAppForm({ target, appName, orgs }: { target: AppTenantInput; appName: string; orgs: TransferTarget[] }) {
  const router = useRouter();
  const selectId = useId();
  const [org, setOrg] = useState(orgs[0]?.handle ?? "");
  const [confirming, setConfirming] = useState(false);
  const [state, setState] = useState<Result<{ ownerHandle: string; appId: string }> | null>(null);
  const [pending, startTransition] = useTransition();
  if (orgs.length === 0) return <p className="text-sm text-slate-600">You are not allowed to create apps in any organization, so there is nowhere to transfer this app.</p>;
  const chosen = orgs.find((candidate) => candidate.handle === org) ?? orgs[0]!;
  const failure = state && !state.ok ? state : null;
  const errors = failure?.fieldErrors?.org;
  const close = () => {
    setConfirming(false);
    setState(null);
  };
  const transfer = () =>
    startTransition(async () => {
      const result = await transferAppAction({ ...target, org: chosen.handle });
      setState(result);
      if (result.ok) router.replace(`/${encodeURIComponent(result.data.ownerHandle)}/${encodeURIComponent(result.data.appId)}/settings`);
    });
  const from = `/${target.owner}/${target.app}`;
  const to = `/${chosen.handle}/${target.app}`;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setState(null);
        setConfirming(true);
      }}
      className="space-y-3"
      aria-label="Transfer app"
    >
      <label htmlFor={selectId} className="block text-sm font-medium text-slate-700">
        Organization
      </label>
      <select id={selectId} name="org" value={chosen.handle} onChange={(event) => setOrg(event.target.value)} className="block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300">
        {orgs.map((option) => (
          <option key={option.handle} value={option.handle}>
            {option.name}
          </option>
        ))}
      </select>
      <Button type="submit" variant="secondary">
        Transfer to organization
      </Button>
      <Dialog open={confirming} onClose={close} title={`Transfer ${appName} to ${chosen.name}?`}>
        <div className="space-y-4 text-sm text-slate-700">
          <ul className="list-disc space-y-1 pl-5">
            <li>
              <strong>{chosen.name}</strong> owns the app from now on. You stop being its owner: your access comes from your role there ({chosen.role})
              {ROLE_PERMISSIONS[chosen.role].appCapabilities.includes("app.delete") ? ", which keeps app administration" : ""}.
            </li>
            <li>
              Its members gain access by role: {rolesHolding("all")} every scope; {rolesHolding("read_search_predict")} read, search and predict;{" "}
              {rolesHolding("via_teams_only")} only through a team given the app; {rolesHolding("none")} none.
            </li>
            <li>Collaborators keep their scopes, and the app&apos;s API keys keep working within their creators&apos; access.</li>
            <li>
              The app&apos;s URL changes from <code>{from}</code> to <code>{to}</code>, and API paths from <code>users/{target.owner}</code> to{" "}
              <code>users/{chosen.handle}</code>; old links stop working.
            </li>
            <li>This cannot be undone here: only a personal app&apos;s owner can transfer it.</li>
          </ul>
          {failure ? <Alert tone="error">{errors?.join(" ") ?? failure.message}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button onClick={transfer} disabled={pending || state?.ok === true}>
              {pending ? "Transferring…" : "Transfer app"}
            </Button>
          </div>
        </div>
      </Dialog>
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
