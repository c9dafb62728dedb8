"use client";

import { useState, useTransition } from "react";
import { acceptInvitationAction, declineInvitationAction } from "@/lib/actions/invitations";
import type { InvitationAnswerOutcome } from "@/lib/operations/invitations";
import type { InvitationReference } from "@/lib/services/invitations";
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
  const [result, setResult] = useState<Result<InvitationAnswerOutcome> | null>(null);
  const answer = (action: typeof acceptInvitationAction) =>
    startTransition(async () => {
      const outcome = await action(reference);
      setResult(outcome);
    });
  const data = result?.ok ? result.data : null;
  if (data && "voided" in data) {
    return (
      <Alert tone="error">
        This invitation is void and nothing was changed. {data.voided} Ask an Admin of {data.orgName} to send a new one.
      </Alert>
    );
  }
  if (data) {
    return data.status === "accepted" ? (
      <div className="space-y-3">
        <Alert tone="success">
          {data.alreadyMember ? (
            <>
              You were already a member of <strong>{data.orgName}</strong>; your role there is unchanged.
            </>
          ) : (
            <>
              You joined <strong>{data.orgName}</strong> as {data.role}.
            </>
          )}
        </Alert>
        <a href={`/${encodeURIComponent(data.orgHandle)}`} className="text-sm font-medium text-brand-600 hover:underline">
          Go to {data.orgName}
        </a>
      </div>
    ) : (
      <Alert tone="info">You declined the invitation to {data.orgName}.</Alert>
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
