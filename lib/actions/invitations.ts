"use server";

import { dispatchOutbox } from "@/lib/mail/dispatcher";
import { ok } from "@/lib/result";
import { inviteMembers, listMyInvitations, rescindInvitation, resendInvitation, respondToInvitation } from "@/lib/services/invitations";
import { authedAction } from "./define";

// Thin actions: the principal comes from the session; the services authorize and validate.
// Mail queued by a committed transaction is handed to the dispatcher afterwards.

export const inviteMembersAction = authedAction(async (input, { db, user, ip }) => {
  const result = await inviteMembers(db, { userId: user.id }, input, { ip });
  if (result.ok) dispatchOutbox();
  return result;
});

export const resendInvitationAction = authedAction(async (input, { db, user, ip }) => {
  const result = await resendInvitation(db, { userId: user.id }, input, { ip });
  if (result.ok) dispatchOutbox();
  return result;
});

export const rescindInvitationAction = authedAction(async (input, { db, user, ip }) => rescindInvitation(db, { userId: user.id }, input, { ip }));

// No revalidation here: the answering component keeps its result on screen, and callers
// refresh what they show (the notification bar refreshes the header).
export const acceptInvitationAction = authedAction(async (input, { db, user, ip }) => respondToInvitation(db, user, input, "accept", { ip }));

export const declineInvitationAction = authedAction(async (input, { db, user, ip }) => respondToInvitation(db, user, input, "decline", { ip }));

/** For the notification bar: invitations sent before the user had an account have no notification. */
export const listMyInvitationsAction = authedAction(async (_input, { db, user }) => ok(await listMyInvitations(db, user)));
