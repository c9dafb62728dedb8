"use server";

import { acceptInvitation, declineInvitation, inviteMembers, listPendingInvitations, rescindInvitation, resendInvitation, searchTeamsToInvite } from "@/lib/operations/invitations";
import { listMyInvitations } from "@/lib/operations/my-account";
import { action } from "./define";

export const inviteMembersAction = action(inviteMembers);
export const listPendingInvitationsAction = action(listPendingInvitations);
export const resendInvitationAction = action(resendInvitation);
export const rescindInvitationAction = action(rescindInvitation);
export const searchTeamsToInviteAction = action(searchTeamsToInvite);
export const acceptInvitationAction = action(acceptInvitation);
export const declineInvitationAction = action(declineInvitation);
/** For the notification bar: invitations sent before the user had an account have no notification. */
export const listMyInvitationsAction = action(listMyInvitations);
