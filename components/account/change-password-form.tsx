"use client";

import { useEffect, useRef } from "react";
import { changePasswordAction } from "@/lib/actions/account-settings";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";

export function ChangePasswordForm() {
  const form = useRef<HTMLFormElement>(null);
  const [state, submit, pending] = useFormAction(changePasswordAction);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  return (
    <form ref={form} onSubmit={submit} className="space-y-4" noValidate aria-labelledby="password-heading">
      <h2 id="password-heading" className="text-lg font-semibold">
        Password
      </h2>
      {state?.ok ? <Alert tone="success">Your password was changed. Every other session of your account was signed out; this one stays signed in.</Alert> : null}
      {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={fieldErrors(state, "currentPassword")} />
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required hint="At least 10 characters, mixing letters with digits or symbols." errors={fieldErrors(state, "newPassword")} />
      <Button type="submit" disabled={pending}>
        {pending ? "Changing password…" : "Change password"}
      </Button>
    </form>
  );
}
