"use client";

import Link from "next/link";
import { verifyEmailAction } from "@/lib/actions/accounts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/use-form-action";

// Verification is a button press, not the GET of the link itself, so mail scanners that
// prefetch links cannot use up the token.
export function VerifyEmailForm({ token }: { token: string }) {
  const [state, submit, pending] = useFormAction(verifyEmailAction);
  if (state?.ok) {
    return (
      <div className="space-y-4">
        <Alert tone="success">
          <strong>{state.data.email}</strong> is verified.
        </Alert>
        <Link href="/" className="text-sm font-medium text-brand-600 hover:underline">
          Continue to the console
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="space-y-4">
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-slate-600">Confirm that this email address belongs to you.</p>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Verifying…" : "Verify email address"}
      </Button>
    </form>
  );
}
