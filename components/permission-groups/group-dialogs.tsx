"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { createPermissionGroupAction, deletePermissionGroupAction, updatePermissionGroupAction } from "@/lib/actions/permission-groups";
import { ENVIRONMENT_ACCESS_LABELS, GRANT_KIND_SCOPES, GRANT_KIND_SCOPE_NOTES, ENVIRONMENT_ACCESS_LEVELS, type EnvironmentAccess, type EnvironmentPolicy, type OperationScope } from "@/lib/authz";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { ScopePicker } from "@/components/scopes/scope-picker";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";

type Group = { id: string; name: string; scopes: OperationScope[]; environments: EnvironmentPolicy };
/** The organization's compute environments, for the group's environment access. */
type Environment = { id: string; name: string };

export function CreateGroupButton({ org, environments }: { org: string; environments: Environment[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Create permission group</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Create permission group" description="A name, the operation scopes a team gets on its apps, and its access to each compute environment.">
        {open ? <GroupForm org={org} environments={environments} onClose={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

export function EditGroupButton({ org, group, environments }: { org: string; group: Group; environments: Environment[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} aria-label={`Edit ${group.name}`}>
        Edit
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Edit permission group">
        {open ? <GroupForm org={org} group={group} environments={environments} onClose={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

const ALL_FIELD = "environmentsAll";
const OVERRIDE_FIELD = "environmentOverride:";

/** The form's flat environment fields become the group's `{ all, overrides }`; an empty override follows "all". */
function withEnvironments(fields: Record<string, unknown>) {
  const rest: Record<string, unknown> = {};
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key.startsWith(OVERRIDE_FIELD)) {
      if (value !== "") overrides[key.slice(OVERRIDE_FIELD.length)] = value;
    } else if (key !== ALL_FIELD) rest[key] = value;
  }
  return { ...rest, environments: { all: fields[ALL_FIELD], overrides } };
}

const createWithEnvironments = (input: unknown) => createPermissionGroupAction(withEnvironments(input as Record<string, unknown>));
const updateWithEnvironments = (input: unknown) => updatePermissionGroupAction(withEnvironments(input as Record<string, unknown>));

function GroupForm({ org, group, environments, onClose }: { org: string; group?: Group; environments: Environment[]; onClose: () => void }) {
  const router = useRouter();
  const [state, submit, pending] = useFormAction(group ? updateWithEnvironments : createWithEnvironments);
  useEffect(() => {
    if (state?.ok) {
      onClose();
      router.refresh();
    }
  }, [state, onClose, router]);
  const scopeErrors = fieldErrors(state, "scopes");
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <input type="hidden" name="org" value={org} />
      {group ? <input type="hidden" name="groupId" value={group.id} /> : null}
      {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
      <Field label="Group name" name="name" defaultValue={group?.name} required autoFocus errors={fieldErrors(state, "name")} />
      <ScopePicker initial={group?.scopes ?? []} legend="Operation scopes" offered={GRANT_KIND_SCOPES.permission_group} note={GRANT_KIND_SCOPE_NOTES.permission_group} />
      {scopeErrors ? <Alert tone="error">{scopeErrors.join(" ")}</Alert> : null}
      <EnvironmentAccessFields policy={group?.environments ?? { all: "none", overrides: {} }} environments={environments} errors={fieldErrors(state, "environments")} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {group ? "Save" : "Confirm"}
        </Button>
      </div>
    </form>
  );
}

export function DeleteGroupButton({ org, group }: { org: string; group: Group }) {
  return (
    <ConfirmButton
      label="Delete"
      buttonLabel={`Delete ${group.name}`}
      title="Delete permission group"
      body={<p>Delete the permission group {group.name}? A group still used by a team cannot be deleted.</p>}
      confirmLabel="Delete"
      run={() => deletePermissionGroupAction({ org, groupId: group.id })}
    />
  );
}

const selectClass = "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-600";

/**
 * ConfigCat's environment access: one level for all environments (new ones included), and a level
 * per environment that differs from it.
 */
function EnvironmentAccessFields({ policy, environments, errors }: { policy: EnvironmentPolicy; environments: Environment[]; errors?: string[] }) {
  const [all, setAll] = useState<EnvironmentAccess>(policy.all);
  const levels = [...ENVIRONMENT_ACCESS_LEVELS].reverse();
  return (
    <fieldset className="space-y-3 rounded-md p-3 ring-1 ring-slate-200">
      <legend className="px-1 text-sm font-medium text-slate-700">Environment access</legend>
      <p className="text-xs text-slate-600">Full access: deploy, scale and undeploy the team&apos;s models. Read-only access: see nodepools and deployments. No access: the environment does not exist for the team.</p>
      <div className="space-y-1">
        <label htmlFor="environments-all" className="block text-sm font-medium text-slate-700">
          All environments
        </label>
        <select id="environments-all" name={ALL_FIELD} value={all} onChange={(event) => setAll(event.target.value as EnvironmentAccess)} className={selectClass}>
          {levels.map((level) => (
            <option key={level} value={level}>
              {ENVIRONMENT_ACCESS_LABELS[level]}
            </option>
          ))}
        </select>
      </div>
      {environments.length > 0 ? (
        <table className="w-full text-sm">
          <caption className="sr-only">Access per environment</caption>
          <tbody className="divide-y divide-slate-100">
            {environments.map((environment) => (
              <tr key={environment.id}>
                <th scope="row" className="py-1.5 pr-3 text-left font-normal">
                  <label htmlFor={`environment-${environment.id}`}>{environment.name}</label>
                </th>
                <td className="py-1.5">
                  <select id={`environment-${environment.id}`} name={`${OVERRIDE_FIELD}${environment.id}`} defaultValue={policy.overrides[environment.id] ?? ""} className={selectClass}>
                    <option value="">Same as all environments ({ENVIRONMENT_ACCESS_LABELS[all]})</option>
                    {levels.map((level) => (
                      <option key={level} value={level}>
                        {ENVIRONMENT_ACCESS_LABELS[level]}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {errors ? <Alert tone="error">{errors.join(" ")}</Alert> : null}
    </fieldset>
  );
}

/** A group's environment levels in words: the level for all, then each environment that differs. */
export function EnvironmentLevels({ policy, environments }: { policy: EnvironmentPolicy; environments: Environment[] }) {
  const overrides = environments.filter((environment) => policy.overrides[environment.id] !== undefined);
  return (
    <p className="text-xs text-slate-700">
      <span className="font-medium">All environments:</span> {ENVIRONMENT_ACCESS_LABELS[policy.all]}
      {overrides.map((environment) => ` · ${environment.name}: ${ENVIRONMENT_ACCESS_LABELS[policy.overrides[environment.id]!]}`).join("")}
    </p>
  );
}
