"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { deleteTeamAction, removeTeamAppAction, removeTeamMemberAction, renameTeamAction, setTeamAppPermissionAction } from "@/lib/actions/teams";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Menu, MenuItem } from "@/components/ui/menu";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";
import { PermissionSelect, type GroupOption } from "./permission-select";

type TeamRef = { org: string; teamRef: string; teamId: string; name: string };

export function DeleteTeamButton({ org, teamRef, teamId, name, afterDelete }: TeamRef & { afterDelete?: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      buttonLabel={`Delete team ${teamId}`}
      title="Delete Team"
      body={
        <p>
          Delete <strong>{name}</strong> ({teamId})? Its members lose the access the team gave them on its apps. This cannot be undone.
        </p>
      }
      confirmLabel="Delete Team"
      run={() => deleteTeamAction({ org, teamRef })}
      onDone={afterDelete ? () => router.push(afterDelete) : undefined}
    />
  );
}

/** The team page's three-dot menu: Edit Team Name, Delete Team. */
export function TeamMenu(team: TeamRef) {
  const router = useRouter();
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const teamsPage = `/${encodeURIComponent(team.org)}/settings/teams`;
  return (
    <>
      <Menu label="Team actions" buttonContent={<span aria-hidden>⋯</span>} align="right">
        {() => (
          <>
            <MenuItem onSelect={() => setDialog("rename")}>Edit Team Name</MenuItem>
            <MenuItem tone="danger" onSelect={() => setDialog("delete")}>
              Delete Team
            </MenuItem>
          </>
        )}
      </Menu>
      <Dialog open={dialog === "rename"} onClose={() => setDialog(null)} title="Edit Team Name">
        {dialog === "rename" ? <RenameForm {...team} onClose={() => setDialog(null)} /> : null}
      </Dialog>
      <Dialog open={dialog === "delete"} onClose={() => (setDialog(null), setError(null))} title="Delete Team">
        <div className="space-y-4">
          <p className="text-sm text-slate-700">
            Delete <strong>{team.name}</strong> ({team.teamId})? Its members lose the access the team gave them on its apps. This cannot be undone.
          </p>
          {error ? <Alert tone="error">{error}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setDialog(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await deleteTeamAction({ org: team.org, teamRef: team.teamRef });
                  if (!result.ok) return setError(result.message);
                  router.push(teamsPage);
                })
              }
            >
              Delete Team
            </Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}

function RenameForm({ org, teamRef, name, onClose }: TeamRef & { onClose: () => void }) {
  const router = useRouter();
  const [state, submit, pending] = useFormAction(renameTeamAction);
  useEffect(() => {
    if (state?.ok) {
      onClose();
      router.refresh();
    }
  }, [state, onClose, router]);
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <input type="hidden" name="org" value={org} />
      <input type="hidden" name="teamRef" value={teamRef} />
      {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
      <Field label="Team name" name="name" defaultValue={name} required autoFocus errors={fieldErrors(state, "name")} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          Save
        </Button>
      </div>
    </form>
  );
}

export function RemoveTeamMemberButton({ org, teamRef, userId, name }: { org: string; teamRef: string; userId: string; name: string }) {
  return (
    <ConfirmButton
      label="Remove"
      variant="secondary"
      buttonLabel={`Remove ${name} from the team`}
      title="Remove member"
      body={<p>Remove {name} from this team? They lose the access the team gives on its apps.</p>}
      confirmLabel="Remove"
      run={() => removeTeamMemberAction({ org, teamRef, userId })}
    />
  );
}

export function RemoveTeamAppButton({ org, teamRef, appRef, appName, teamName }: { org: string; teamRef: string; appRef: string; appName: string; teamName: string }) {
  return (
    <ConfirmButton
      label="Remove"
      variant="secondary"
      buttonLabel={`Remove ${appName} from ${teamName}`}
      title="Remove app from team"
      body={
        <p>
          Remove {appName} from {teamName}? Members of the team lose the access the team gave them on it.
        </p>
      }
      confirmLabel="Remove"
      run={() => removeTeamAppAction({ org, teamRef, appId: appRef })}
    />
  );
}

/** Changes a team's permission on one app as soon as another group is picked. */
export function TeamAppPermission({ org, teamRef, appRef, value, groups, label }: { org: string; teamRef: string; appRef: string; value: string; groups: GroupOption[]; label: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-1">
      <PermissionSelect
        label={label}
        hideLabel
        groups={groups}
        defaultValue={value}
        disabled={pending}
        onChange={(event) => {
          const permissionGroupId = event.target.value;
          setSaved(false);
          startTransition(async () => {
            const result = await setTeamAppPermissionAction({ org, teamRef, appId: appRef, permissionGroupId });
            if (!result.ok) setError(result.message);
            else {
              setError(null);
              setSaved(true);
              router.refresh();
            }
          });
        }}
      />
      {error ? <Alert tone="error">{error}</Alert> : null}
      {saved ? (
        <p role="status" className="text-xs text-emerald-700">
          Permission saved.
        </p>
      ) : null}
    </div>
  );
}
