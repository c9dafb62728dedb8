"use client";

import { useState } from "react";
import { rescindInvitationAction, resendInvitationAction } from "@/lib/actions/invitations";
import type { OrgRole } from "@/lib/authz";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "./confirm-dialog";
import { ORG_ROLE_LABELS } from "./role-labels";
import { useChange } from "./use-change";

export type PendingInvitationRow = { id: string; email: string; role: OrgRole; invitedBy: string | null; sentAt: string; expiresAt: string; expired: boolean };

/** The Pending invitations tab: who, role, invited by, sent, expires; resend and rescind. */
export function PendingInvitationsTable({ org, invitations }: { org: string; invitations: PendingInvitationRow[] }) {
  const [rescinding, setRescinding] = useState<PendingInvitationRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rescind = useChange<unknown>(() => {
    setNotice(`The invitation to ${rescinding?.email ?? "this address"} was rescinded; its link no longer works.`);
    setRescinding(null);
  });
  const resend = useChange<{ expiresAt: string }>(() => undefined);
  if (invitations.length === 0) {
    return (
      <div className="space-y-3">
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="font-medium">No pending invitations.</p>
          <p className="mt-1 text-sm text-slate-600">Invitations you send with Invite Members appear here until they are accepted or declined.</p>
        </div>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {resend.error ? <Alert tone="error">{resend.error}</Alert> : null}
      <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Pending invitations</caption>
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2">Email</th>
              <th scope="col" className="px-4 py-2">Role</th>
              <th scope="col" className="px-4 py-2">Invited by</th>
              <th scope="col" className="px-4 py-2">Sent</th>
              <th scope="col" className="px-4 py-2">Expires</th>
              <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {invitations.map((invitation) => (
              <tr key={invitation.id}>
                <th scope="row" className="px-4 py-2 text-left font-medium">{invitation.email}</th>
                <td className="px-4 py-2">{ORG_ROLE_LABELS[invitation.role]}</td>
                <td className="px-4 py-2 text-slate-600">{invitation.invitedBy ?? "A former member"}</td>
                <td className="px-4 py-2 text-slate-600"><time dateTime={invitation.sentAt}>{new Date(invitation.sentAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC</time></td>
                <td className="px-4 py-2 text-slate-600">
                  {invitation.expired ? <span className="font-medium text-amber-700">Expired</span> : <time dateTime={invitation.expiresAt}>{invitation.expiresAt.slice(0, 10)}</time>}
                </td>
                <td className="space-x-1 px-4 py-2 text-right whitespace-nowrap">
                  <Button
                    variant="ghost"
                    aria-label={`Resend invitation to ${invitation.email}`}
                    disabled={resend.pending}
                    onClick={() => {
                      setNotice(null);
                      resend.run(async () => {
                        const result = await resendInvitationAction({ org, invitationId: invitation.id });
                        if (result.ok) setNotice(`A new invitation link was sent to ${invitation.email}.`);
                        return result;
                      });
                    }}
                  >
                    Resend
                  </Button>
                  <Button variant="ghost" className="text-red-700" aria-label={`Rescind invitation to ${invitation.email}`} onClick={() => setRescinding(invitation)}>
                    Rescind
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={rescinding !== null}
        title="Rescind invitation"
        confirmLabel="Rescind invitation"
        danger
        pending={rescind.pending}
        error={rescind.error}
        onClose={() => {
          rescind.reset();
          setRescinding(null);
        }}
        onConfirm={() => rescinding && rescind.run(() => rescindInvitationAction({ org, invitationId: rescinding.id }))}
      >
        <p>
          Rescind the invitation to <strong>{rescinding?.email}</strong>? The emailed link stops working at once.
        </p>
      </ConfirmDialog>
    </div>
  );
}
