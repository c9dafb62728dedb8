"use client";

import { useState } from "react";
import { signOutEverywhereAction } from "@/lib/actions/account-settings";
import { Alert } from "@/components/ui/alert";
import { ConfirmButton } from "@/components/ui/confirm-button";

export function SignOutEverywhere() {
  const [done, setDone] = useState(false);
  return (
    <section className="space-y-4" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="text-lg font-semibold">
        Sign out everywhere
      </h2>
      <p className="text-sm text-slate-700">Signed in on a device you no longer use, or one you do not recognize? End every other session of your account; each ends on its next request. This browser stays signed in.</p>
      {done ? <Alert tone="success">Every other session of your account was signed out.</Alert> : null}
      <ConfirmButton
        label="End other sessions"
        title="Sign out everywhere?"
        body="Every other browser and device signed in to your account will be signed out on its next request. Access tokens keep working; revoke them below if needed."
        confirmLabel="Sign out other sessions"
        run={() => signOutEverywhereAction({})}
        onDone={() => setDone(true)}
      />
    </section>
  );
}
