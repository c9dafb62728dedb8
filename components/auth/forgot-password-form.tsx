"use client";

import Link from "next/link";
import { requestPasswordResetAction } from "@/lib/actions/account-settings";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";

// The answer is the same whether or not an account uses the address, so the form cannot be used
// to find out who has an account.
export function ForgotPasswordForm() {
  const [state, submit, pending] = useFormAction(requestPasswordResetAction);
  if (state?.ok) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">Check your email</h1>
        <Alert tone="success">
          If an account uses <strong>{state.data.email}</strong>, we sent it a link to reset the password. The link works once and expires in 1 hour.
        </Alert>
        <Link href="/sign-in" className="text-sm font-medium text-brand-600 hover:underline">
          Back to sign in
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <h1 className="text-xl font-semibold">Reset your password</h1>
      <p className="text-sm text-slate-600">Enter the email address you sign in with. We will mail you a link to choose a new password.</p>
      {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors(state, "email")} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Send reset link"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
          Back to sign in
        </Link>
      </p>
    </form>
  );
}
