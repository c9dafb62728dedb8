import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { InvitationAnswer } from "@/components/invitations/invitation-answer";
import { Alert } from "@/components/ui/alert";
import { requireUser } from "@/lib/auth/principal";
import { describeInvitationToken, type InvitationLanding } from "@/lib/services/invitations";
import { SignOutAndSwitchButton } from "@/components/invitations/sign-out-button";

export const metadata: Metadata = { title: "Invitation" };

// The emailed link lands here. Opening it changes nothing: accepting or declining is a button
// press, so mail scanners that prefetch links cannot use the invitation up.
export default async function InvitationLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const user = await requireUser();
  const token = decodeURIComponent((await params).token);
  const invitation = await describeInvitationToken(await getDb(), token, user);
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-2xl font-semibold">{heading(invitation)}</h1>
      <Body invitation={invitation} token={token} signedInAs={user.email} />
      <Link href="/invitations" className="inline-block text-sm font-medium text-brand-600 hover:underline">
        See all your invitations
      </Link>
    </div>
  );
}

function heading(invitation: InvitationLanding): string {
  switch (invitation.state) {
    case "invalid":
      return "Invitation not found";
    case "pending":
      return invitation.forViewer ? `Join ${invitation.orgName}` : "This invitation is for another account";
    case "accepted":
      return "Invitation already used";
    case "declined":
      return "Invitation declined";
    case "rescinded":
      return "Invitation withdrawn";
    case "expired":
      return "Invitation expired";
    case "void":
      return "Invitation void";
  }
}

function Body({ invitation, token, signedInAs }: { invitation: InvitationLanding; token: string; signedInAs: string }) {
  if (invitation.state === "invalid") {
    return <Alert tone="error">This invitation link is not valid. Check that you opened the whole link from the email; if the invitation was sent again, only the newest link works.</Alert>;
  }
  const org = invitation.orgName;
  switch (invitation.state) {
    case "accepted":
      return invitation.answeredByViewer ? (
        <div className="space-y-3">
          <Alert tone="warning">You already accepted this invitation and joined {org}. Each invitation link works once.</Alert>
          <a href={`/${encodeURIComponent(invitation.orgHandle)}`} className="text-sm font-medium text-brand-600 hover:underline">
            Go to {org}
          </a>
        </div>
      ) : (
        <Alert tone="warning">This invitation to {org} was already used. Each invitation link works once.</Alert>
      );
    case "declined":
      return <Alert tone="warning">This invitation to {org} was declined. Nothing was changed. Ask an Admin of {org} to invite you again if that was a mistake.</Alert>;
    case "rescinded":
      return <Alert tone="warning">An Admin of {org} withdrew this invitation. Nothing was changed. Ask them for a new one if you expected to join.</Alert>;
    case "expired":
      return <Alert tone="warning">This invitation to {org} expired on {invitation.expiresAt.slice(0, 10)}. Ask an Admin of {org} to send a new one.</Alert>;
    case "void":
      return (
        <Alert tone="warning">
          This invitation to {org} is void and nothing was changed. {invitation.voidReason} Ask an Admin of {org} to send a new one.
        </Alert>
      );
    case "pending":
      if (!invitation.forViewer) {
        return (
          <div className="space-y-4">
            <Alert tone="error">
              This invitation was sent to {invitation.email}, but you are signed in as {signedInAs}. Nothing was changed. Sign out and sign in (or sign up) with the invited address.
            </Alert>
            <SignOutAndSwitchButton />
          </div>
        );
      }
      return (
        <div className="space-y-4 rounded-lg bg-white p-6 ring-1 ring-slate-200">
          <p className="text-sm text-slate-700">
            {invitation.invitedBy ?? "An Admin"} invited <strong>{invitation.email}</strong> to join <strong>{org}</strong> as <strong>{invitation.role}</strong>. The invitation expires on{" "}
            {invitation.expiresAt.slice(0, 10)}.
          </p>
          <InvitationAnswer reference={{ token }} orgName={org} />
        </div>
      );
  }
}
