"use client";

import { useEffect } from "react";
import { updateProfileAction } from "@/lib/actions/account-settings";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { showSuccess } from "@/components/ui/toaster";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";

export function ProfileForm({ name }: { name: string }) {
  const [state, submit, pending] = useFormAction(updateProfileAction);
  useEffect(() => {
    if (state?.ok) showSuccess(`Your name is now ${state.data.name}.`);
  }, [state]);
  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-labelledby="profile-name-heading">
      <h2 id="profile-name-heading" className="text-lg font-semibold">
        Name
      </h2>
      {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
      <Field label="Full name" name="name" autoComplete="name" required defaultValue={name} errors={fieldErrors(state, "name")} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save name"}
      </Button>
    </form>
  );
}
