import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { AcceptCollaboration } from "@/components/collaborators/accept-collaboration";
import { Alert } from "@/components/ui/alert";
import { requireUser } from "@/lib/auth/principal";
import { describeCollaboratorInvitation } from "@/lib/services/collaborators";

export const metadata: Metadata = { title: "Collaboration invitation" };

export default async function CollaborationInvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const user = await requireUser();
  const token = decodeURIComponent((await params).token);
  const invitation = await describeCollaboratorInvitation(await getDb(), token);
  let problem: string | null = null;
  if (!invitation) problem = "This invitation link is not valid. Check that you opened the whole link from the email.";
  else if (invitation.status === "void") problem = `This invitation is void and nothing was changed. ${invitation.voidReason ?? ""} Ask for a new invitation.`;
  else if (invitation.status !== "pending") problem = `This invitation was already ${invitation.status}. Nothing was changed.`;
  else if (invitation.expired) problem = "This invitation has expired. Ask the person who invited you for a new one.";
  else if (invitation.email !== user.email) problem = `This invitation was sent to ${invitation.email}, but you are signed in as ${user.email}. Sign in with the invited address to accept it.`;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-semibold">Collaboration invitation</h1>
      {problem || !invitation ? (
        <Alert tone="error">{problem}</Alert>
      ) : (
        <div className="space-y-4 rounded-lg bg-white p-6 ring-1 ring-slate-200">
          <p>
            You are invited to collaborate on <strong>{invitation.appName}</strong> ({invitation.appPath.slice(1)}).
          </p>
          <p className="text-sm text-slate-600">Scopes: {invitation.scopes.join(", ")}</p>
          <AcceptCollaboration token={token} appPath={invitation.appPath} />
        </div>
      )}
    </div>
  );
}
