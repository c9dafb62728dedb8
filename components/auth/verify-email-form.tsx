"use client";

import Link from "next/link";
import { verifyEmailAction } from "@/lib/actions/accounts";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/use-form-action";

/** Where "continue" leads after verifying: back to `callbackUrl`, through sign-in when nobody is signed in. */
function continuation(callbackUrl: string, signedIn: boolean): { href: string; label: string } {
  if (callbackUrl === "/") return { href: signedIn ? "/" : "/sign-in", label: signedIn ? "Continue to the console" : "Sign in to continue" };
  const invitation = callbackUrl.startsWith("/invitations/") || callbackUrl.startsWith("/collaborate/");
  const href = signedIn ? callbackUrl : `/sign-in?${new URLSearchParams({ callbackUrl }).toString()}`;
  if (invitation) return { href, label: signedIn ? "Continue to your invitation" : "Sign in to continue to your invitation" };
  return { href, label: signedIn ? "Continue" : "Sign in to continue" };
}

// Verification is a button press, not the GET of the link itself, so mail scanners that
// prefetch links cannot use up the token. `callbackUrl` is a same-site path (the page checked it).
export function VerifyEmailForm({ token, callbackUrl = "/", signedIn = false }: { token: string; callbackUrl?: string; signedIn?: boolean }) {
  const [state, submit, pending] = useFormAction(verifyEmailAction);
  if (state?.ok) {
    const next = continuation(callbackUrl, signedIn);
    return (
      <div className="space-y-4">
        <Alert tone="success">
          <strong>{state.data.email}</strong> is verified.
        </Alert>
        <Link href={next.href} className={buttonClass("primary", "w-full")}>
          {next.label}
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
