"use client";

import { useState } from "react";
import { rescindInvitationAction, resendInvitationAction } from "@/lib/actions/invitations";
import { ORG_ROLES, type OrgRole } from "@/lib/authz";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";
import { showSuccess } from "@/components/ui/toaster";
import { ConfirmDialog } from "./confirm-dialog";
import { ORG_ROLE_LABELS } from "./role-labels";
import { useChange } from "./use-change";

export type PendingInvitationRow = {
  id: string;
  email: string;
  role: OrgRole;
  invitedBy: string | null;
  sentAt: string;
  expiresAt: string;
  expired: boolean;
  teams: { teamId: string; name: string }[];
};

/** The Pending invitations tab: who, role, invited by, sent, expires; resend and rescind. */
export function PendingInvitationsTable({ org, invitations, query = "" }: { org: string; invitations: PendingInvitationRow[]; query?: string }) {
  const [rescinding, setRescinding] = useState<PendingInvitationRow | null>(null);
  const rescind = useChange<unknown>(() => {
    showSuccess(`The invitation to ${rescinding?.email ?? "this address"} was rescinded; its link no longer works.`);
    setRescinding(null);
  });
  const resend = useChange<{ expiresAt: string }>(() => undefined);
  if (invitations.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
        <p className="font-medium">{query ? "No pending invitation matches your search." : "No pending invitations."}</p>
        {query ? null : <p className="mt-1 text-sm text-slate-600">Invitations you send with Invite Members appear here until they are accepted or declined.</p>}
      </div>
    );
  }
  const columns: DataTableColumn[] = [
    { id: "email", header: "Email", sortable: true, rowHeader: true },
    { id: "role", header: "Role", sortable: true },
    { id: "teams", header: "Teams", sortable: true, className: "text-slate-600" },
    { id: "invitedBy", header: "Invited by", sortable: true, className: "text-slate-600" },
    { id: "sent", header: "Sent", sortable: true, className: "text-slate-600" },
    { id: "expires", header: "Expires", sortable: true, className: "text-slate-600" },
    { id: "actions", header: "Actions", hideHeader: true, align: "right", className: "space-x-1 whitespace-nowrap" },
  ];
  return (
    <div className="space-y-3">
      {resend.error ? <Alert tone="error">{resend.error}</Alert> : null}
      <DataTable
        label="Pending invitations"
        columns={columns}
        defaultSort={{ column: "sent", direction: "desc" }}
        rows={invitations.map((invitation) => ({
          id: invitation.id,
          sortValues: { email: invitation.email, role: ORG_ROLES.indexOf(invitation.role), teams: invitation.teams.map((team) => team.name).join(", "), invitedBy: invitation.invitedBy, sent: invitation.sentAt, expires: invitation.expiresAt },
          cells: {
            email: invitation.email,
            role: ORG_ROLE_LABELS[invitation.role],
            teams: invitation.teams.length ? (
              invitation.teams.map((team) => team.name).join(", ")
            ) : invitation.role === "Team Contributor" ? (
              <span className="font-medium text-amber-800">None: will reach no app</span>
            ) : (
              "None"
            ),
            invitedBy: invitation.invitedBy ?? "A former member",
            sent: <Time value={invitation.sentAt} />,
            expires: invitation.expired ? <span className="font-medium text-amber-700">Expired</span> : <Time value={invitation.expiresAt} />,
            actions: (
              <>
                <Button
                  variant="ghost"
                  aria-label={`Resend invitation to ${invitation.email}`}
                  disabled={resend.pending}
                  onClick={() =>
                    resend.run(async () => {
                      const result = await resendInvitationAction({ org, invitationId: invitation.id });
                      if (result.ok) showSuccess(`A new invitation link was sent to ${invitation.email}.`);
                      return result;
                    })
                  }
                >
                  Resend
                </Button>
                <Button variant="ghost" className="text-red-700" aria-label={`Rescind invitation to ${invitation.email}`} onClick={() => setRescinding(invitation)}>
                  Rescind
                </Button>
              </>
            ),
          },
        }))}
      />
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
