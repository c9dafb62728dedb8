"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { cancelEmailChangeAction, requestEmailChangeAction, resendEmailChangeAction } from "@/lib/actions/account-settings";
import type { Result } from "@/lib/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";

/**
 * The account's address and a change of it. A new address waits until its mailed link is
 * followed; until then the current one stays the sign-in address, so both are shown.
 */
export function EmailChange({ email, emailVerified, pendingEmail }: { email: string; emailVerified: boolean; pendingEmail: string | null }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [state, submit, pending] = useFormAction(requestEmailChangeAction);
  const [notice, setNotice] = useState<Result<string> | null>(null);
  const [working, startTransition] = useTransition();
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);

  const run = (action: () => Promise<Result<unknown>>, done: string) =>
    startTransition(async () => {
      const result = await action();
      setNotice(result.ok ? { ok: true, data: done } : result);
      if (result.ok) router.refresh();
    });

  return (
    <section className="space-y-4" aria-labelledby="profile-email-heading">
      <h2 id="profile-email-heading" className="text-lg font-semibold">
        Email address
      </h2>
      <p className="text-sm text-slate-700">
        You sign in with <strong>{email}</strong> {emailVerified ? "(verified)." : "(not verified yet)."}
      </p>
      {pendingEmail ? (
        <div className="space-y-3">
          <Alert tone="info">
            Waiting for confirmation of <strong>{pendingEmail}</strong>: open the link we sent to it. Until then, {email} stays your sign-in address and invitations to {pendingEmail} do not reach you.
          </Alert>
          <div className="flex gap-2">
            <Button variant="secondary" disabled={working} onClick={() => run(() => resendEmailChangeAction({}), `A new link was sent to ${pendingEmail}.`)}>
              Send a new link
            </Button>
            <Button variant="ghost" disabled={working} onClick={() => run(() => cancelEmailChangeAction({}), "The email change was cancelled.")}>
              Cancel email change
            </Button>
          </div>
        </div>
      ) : null}
      {notice ? notice.ok ? <Alert tone="success">{notice.data}</Alert> : <Alert tone="error">{notice.message}</Alert> : null}
      <form ref={form} onSubmit={submit} className="space-y-4" noValidate>
        {state?.ok ? (
          <Alert tone="success">
            We sent a link to <strong>{state.data.pendingEmail}</strong>. Open it to start using that address.
          </Alert>
        ) : null}
        {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
        <Field label="New email address" name="email" type="email" autoComplete="email" required errors={fieldErrors(state, "email")} />
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required hint="Needed to change your email address." errors={fieldErrors(state, "currentPassword")} />
        <Button type="submit" disabled={pending}>
          {pending ? "Sending link…" : "Change email"}
        </Button>
      </form>
    </section>
  );
}
