"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { createOrgAppAction, createPersonalAppAction } from "@/lib/actions/apps";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";

/** Create App: `owner` is the organization's handle, or empty for a personal app. */
export function CreateAppButton({ owner, ownerName }: { owner: string; ownerName: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Create App</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Create App" description={`The app will belong to ${ownerName}.`}>
        {open ? <CreateAppForm owner={owner} onClose={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function CreateAppForm({ owner, onClose }: { owner: string; onClose: () => void }) {
  const router = useRouter();
  const [state, submit, pending] = useFormAction(owner ? createOrgAppAction : createPersonalAppAction);
  useEffect(() => {
    if (state?.ok) {
      onClose();
      router.push(`/${encodeURIComponent(state.data.ownerHandle)}/${encodeURIComponent(state.data.appId)}`);
    }
  }, [state, onClose, router]);
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {owner ? <input type="hidden" name="org" value={owner} /> : null}
      {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
      <Field label="App ID" name="appId" required autoFocus hint="Used in URLs: letters, digits, '-' and '_'." errors={fieldErrors(state, "appId")} />
      <Field label="App name" name="name" required errors={fieldErrors(state, "name")} />
      <Field label="Description" name="description" errors={fieldErrors(state, "description")} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create App"}
        </Button>
      </div>
    </form>
  );
}
