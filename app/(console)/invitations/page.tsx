import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { InvitationAnswer } from "@/components/invitations/invitation-answer";
import { Alert } from "@/components/ui/alert";
import { requireUser } from "@/lib/auth/principal";
import { listMyInvitations } from "@/lib/services/invitations";

export const metadata: Metadata = { title: "Invitations" };

export default async function MyInvitationsPage() {
  const user = await requireUser();
  const invitations = await listMyInvitations(await getDb(), user);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Invitations</h1>
        <p className="mt-1 text-sm text-slate-600">Pending invitations to organizations, sent to {user.email}.</p>
      </div>
      {!user.emailVerified && invitations.length > 0 ? (
        <Alert tone="warning">Verify {user.email} to answer here, or open the link in the invitation email: it proves the address is yours.</Alert>
      ) : null}
      {invitations.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="font-medium">No pending invitations.</p>
          <p className="mt-1 text-sm text-slate-600">When an Admin invites {user.email} to an organization, it appears here and in the notification bar.</p>
        </div>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-4 px-4 py-4">
              <div>
                <p className="font-medium">{invitation.orgName}</p>
                <p className="text-sm text-slate-600">
                  Role: {invitation.role}
                  {invitation.invitedBy ? ` · invited by ${invitation.invitedBy}` : ""} · expires {invitation.expiresAt.slice(0, 10)}
                </p>
              </div>
              <InvitationAnswer reference={{ invitationId: invitation.id }} orgName={invitation.orgName} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
