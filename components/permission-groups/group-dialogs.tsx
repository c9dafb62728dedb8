"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { createPermissionGroupAction, deletePermissionGroupAction, updatePermissionGroupAction } from "@/lib/actions/permission-groups";
import type { OperationScope } from "@/lib/authz";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { ScopePicker } from "@/components/scopes/scope-picker";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";

type Group = { id: string; name: string; scopes: OperationScope[] };

export function CreateGroupButton({ org }: { org: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Create permission group</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Create permission group" description="A name and the operation scopes a team gets on its apps.">
        {open ? <GroupForm org={org} onClose={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

export function EditGroupButton({ org, group }: { org: string; group: Group }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} aria-label={`Edit ${group.name}`}>
        Edit
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Edit permission group">
        {open ? <GroupForm org={org} group={group} onClose={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function GroupForm({ org, group, onClose }: { org: string; group?: Group; onClose: () => void }) {
  const router = useRouter();
  const [state, submit, pending] = useFormAction(group ? updatePermissionGroupAction : createPermissionGroupAction);
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
      <ScopePicker initial={group?.scopes ?? []} legend="Operation scopes" />
      {scopeErrors ? <Alert tone="error">{scopeErrors.join(" ")}</Alert> : null}
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
