"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { deleteTeamAction, removeTeamAppAction, removeTeamMemberAction, renameTeamAction, setTeamAppPermissionAction } from "@/lib/actions/teams";
import { ConfirmDialog } from "@/components/members/confirm-dialog";
import { useChange } from "@/components/members/use-change";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Menu, MenuItem } from "@/components/ui/menu";
import { showSuccess } from "@/components/ui/toaster";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";
import { PermissionSelect, type GroupOption } from "./permission-select";

type TeamRef = { org: string; teamRef: string; teamId: string; name: string };

export function DeleteTeamButton({ org, teamRef, teamId, name, afterDelete }: TeamRef & { afterDelete?: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      variant="secondary"
      buttonLabel={`Delete team ${teamId}`}
      title="Delete Team"
      body={
        <p>
          Delete <strong>{name}</strong> ({teamId})? Its members lose the access the team gave them on its apps. This cannot be undone.
        </p>
      }
      confirmLabel="Delete Team"
      successMessage={`${name} was deleted.`}
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
                  showSuccess(`${team.name} was deleted.`);
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
      successMessage={`${name} was removed from the team.`}
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
      successMessage={`${appName} was removed from ${teamName}.`}
      run={() => removeTeamAppAction({ org, teamRef, appId: appRef })}
    />
  );
}

/**
 * A team's permission on one app, changed the way a member's role is (components/members): the
 * group picked is a draft until its own "Change permission" button is pressed, which asks once in
 * the same confirmation dialog, then says so in a toast.
 */
type TeamAppPermissionProps = {
  org: string;
  teamRef: string;
  appRef: string;
  value: string;
  groups: GroupOption[];
  label: string;
  teamName: string;
  appName: string;
  /** Whose permission the row is about, as the apply button names it ("Change permission for …"): the app on a team's page, the team on an app's. */
  subject: string;
};

export function TeamAppPermission(props: TeamAppPermissionProps) {
  // A new permission from the server (this change, or someone else's) starts a new draft.
  return <PermissionDraft key={props.value} {...props} />;
}

function PermissionDraft({
  org,
  teamRef,
  appRef,
  value,
  groups,
  label,
  teamName,
  appName,
  subject,
}: TeamAppPermissionProps) {
  const [draft, setDraft] = useState(value);
  const [confirming, setConfirming] = useState(false);
  const groupName = (id: string) => groups.find((group) => group.id === id)?.name ?? id;
  const change = useChange<unknown>(() => {
    showSuccess(`${teamName} now has ${groupName(draft)} on ${appName}.`);
    setConfirming(false);
  });
  const close = () => {
    change.reset();
    setConfirming(false);
    setDraft(value);
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="min-w-40">
        <PermissionSelect label={label} hideLabel groups={groups} value={draft} onChange={(event) => setDraft(event.target.value)} />
      </div>
      {draft !== value ? (
        <Button variant="secondary" aria-label={`Change permission for ${subject}`} onClick={() => setConfirming(true)}>
          Change permission
        </Button>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title="Change permission"
        confirmLabel="Change permission"
        pending={change.pending}
        error={change.error}
        onClose={close}
        onConfirm={() => change.run(() => setTeamAppPermissionAction({ org, teamRef, appId: appRef, permissionGroupId: draft }))}
      >
        <p>
          Change the permission of <strong>{teamName}</strong> on <strong>{appName}</strong> from {groupName(value)} to <strong>{groupName(draft)}</strong>? Its members&apos; access to the app changes at once.
        </p>
      </ConfirmDialog>
    </div>
  );
}
