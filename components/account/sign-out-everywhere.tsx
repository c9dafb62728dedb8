"use client";

import { signOutEverywhereAction } from "@/lib/actions/account-settings";
import { ConfirmButton } from "@/components/ui/confirm-button";

export function SignOutEverywhere() {
  return (
    <section className="space-y-4" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="text-lg font-semibold">
        Sign out everywhere
      </h2>
      <p className="text-sm text-slate-700">Signed in on a device you no longer use, or one you do not recognize? End every other session of your account; each ends on its next request. This browser stays signed in.</p>
      <ConfirmButton
        label="End other sessions"
        title="Sign out everywhere?"
        body="Every other browser and device signed in to your account will be signed out on its next request. Access tokens keep working; revoke them below if needed."
        confirmLabel="Sign out other sessions"
        run={() => signOutEverywhereAction({})}
        successMessage="Every other session of your account was signed out."
      />
    </section>
  );
}
