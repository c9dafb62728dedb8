"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { createTeamAction } from "@/lib/actions/teams";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";
import { PermissionSelect, type GroupOption } from "./permission-select";

/** Create Team; the permission starts at `defaultGroupId`, the least privileged group (the page picks it). */
export function CreateTeamButton({ org, groups, defaultGroupId }: { org: string; groups: GroupOption[]; defaultGroupId?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Create Team</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Create Team" description="The permission is the default one when apps are added to the team.">
        {open ? <CreateTeamForm org={org} groups={groups} defaultGroupId={defaultGroupId ?? groups[0]?.id} onClose={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function CreateTeamForm({ org, groups, defaultGroupId, onClose }: { org: string; groups: GroupOption[]; defaultGroupId: string | undefined; onClose: () => void }) {
  const router = useRouter();
  const [state, submit, pending] = useFormAction(createTeamAction);
  useEffect(() => {
    if (state?.ok) {
      onClose();
      router.push(`/${encodeURIComponent(org)}/settings/teams/${encodeURIComponent(state.data.teamId)}`);
    }
  }, [state, onClose, router, org]);
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <input type="hidden" name="org" value={org} />
      {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
      <Field label="Team ID" name="teamId" required autoFocus hint="Letters, digits, '-' and '_'; unique in the organization." errors={fieldErrors(state, "teamId")} />
      <Field label="Team name" name="name" required errors={fieldErrors(state, "name")} />
      <PermissionSelect label="Permission" name="permissionGroupId" groups={groups} defaultValue={defaultGroupId} errors={fieldErrors(state, "permissionGroupId")} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Confirm"}
        </Button>
      </div>
    </form>
  );
}
