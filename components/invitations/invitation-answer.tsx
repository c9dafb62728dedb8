"use client";

import { useState, useTransition } from "react";
import { acceptInvitationAction, declineInvitationAction } from "@/lib/actions/invitations";
import type { InvitationOutcome, InvitationReference } from "@/lib/services/invitations";
import type { Result } from "@/lib/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * Accept / Decline for one invitation, by emailed token or (in the console) by id. The answer
 * stays on screen; the link to the organization is a full page load, so the header's
 * organization switcher shows the new membership.
 */
export function InvitationAnswer({ reference, orgName }: { reference: InvitationReference; orgName: string }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<Result<InvitationOutcome> | null>(null);
  const answer = (action: typeof acceptInvitationAction) =>
    startTransition(async () => {
      const outcome = await action(reference);
      setResult(outcome);
    });
  if (result?.ok) {
    return result.data.status === "accepted" ? (
      <div className="space-y-3">
        <Alert tone="success">
          {result.data.alreadyMember ? (
            <>
              You were already a member of <strong>{result.data.orgName}</strong>; your role there is unchanged.
            </>
          ) : (
            <>
              You joined <strong>{result.data.orgName}</strong> as {result.data.role}.
            </>
          )}
        </Alert>
        <a href={`/${encodeURIComponent(result.data.orgHandle)}`} className="text-sm font-medium text-brand-600 hover:underline">
          Go to {result.data.orgName}
        </a>
      </div>
    ) : (
      <Alert tone="info">You declined the invitation to {result.data.orgName}.</Alert>
    );
  }
  return (
    <div className="space-y-3">
      {result && !result.ok ? <Alert tone="error">{result.message}</Alert> : null}
      <div className="flex gap-2">
        <Button onClick={() => answer(acceptInvitationAction)} disabled={pending} aria-label={`Accept invitation to ${orgName}`}>
          Accept
        </Button>
        <Button variant="secondary" onClick={() => answer(declineInvitationAction)} disabled={pending} aria-label={`Decline invitation to ${orgName}`}>
          Decline
        </Button>
      </div>
    </div>
  );
}
