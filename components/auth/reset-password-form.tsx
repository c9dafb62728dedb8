"use client";

import Link from "next/link";
import { completePasswordResetAction } from "@/lib/actions/account-settings";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";

// The link is used up by submitting the new password, not by opening the page, so mail scanners
// that prefetch links cannot spend it.
export function ResetPasswordForm({ token }: { token: string }) {
  const [state, submit, pending] = useFormAction(completePasswordResetAction);
  if (state?.ok) {
    return (
      <div className="space-y-4">
        <Alert tone="success">
          The password of <strong>{state.data.email}</strong> was reset, and every session of the account was signed out.
        </Alert>
        <Link href="/sign-in" className="text-sm font-medium text-brand-600 hover:underline">
          Sign in with your new password
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {state && !state.ok && !state.fieldErrors ? (
        <Alert tone="error">
          {state.message}{" "}
          <Link href="/forgot-password" className="font-medium underline">
            Ask for a new link
          </Link>
        </Alert>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <Field label="New password" name="password" type="password" autoComplete="new-password" required hint="At least 10 characters, mixing letters with digits or symbols." errors={fieldErrors(state, "password")} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Resetting…" : "Reset password"}
      </Button>
    </form>
  );
}
