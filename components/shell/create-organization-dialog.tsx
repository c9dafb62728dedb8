"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { createOrganizationAction } from "@/lib/actions/organizations";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";

export function CreateOrganizationDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Create organization" description="You become its first Admin. You can invite members afterwards.">
      {/* Remount on each opening so a previous attempt's errors do not linger. */}
      {open ? <CreateOrganizationForm onClose={onClose} /> : null}
    </Dialog>
  );
}

function CreateOrganizationForm({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const [state, submit, pending] = useFormAction(createOrganizationAction);
  useEffect(() => {
    if (state?.ok) {
      onClose();
      router.push(`/${encodeURIComponent(state.data.handle)}`);
      router.refresh();
    }
  }, [state, onClose, router]);
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
      <Field label="Organization ID" name="handle" required autoFocus hint="Used in URLs; shares one namespace with user IDs." errors={fieldErrors(state, "handle")} />
      <Field label="Organization name" name="name" required errors={fieldErrors(state, "name")} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create organization"}
        </Button>
      </div>
    </form>
  );
}
