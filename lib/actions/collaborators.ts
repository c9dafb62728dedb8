"use server";

import {
  acceptCollaboratorInvitation,
  addCollaborator,
  changeCollaborator,
  explainAccess,
  inviteCollaborator,
  removeCollaborator,
  rescindCollaboratorInvitation,
  resendCollaboratorInvitation,
} from "@/lib/operations/collaborators";
import { action } from "./define";

export const addCollaboratorAction = action(addCollaborator);
export const inviteCollaboratorAction = action(inviteCollaborator);
export const changeCollaboratorAction = action(changeCollaborator);
export const removeCollaboratorAction = action(removeCollaborator);
export const resendCollaboratorInvitationAction = action(resendCollaboratorInvitation);
export const rescindCollaboratorInvitationAction = action(rescindCollaboratorInvitation);
export const acceptCollaboratorInvitationAction = action(acceptCollaboratorInvitation);
export const explainAccessAction = action(explainAccess);
