"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { dispatchOutbox } from "@/lib/mail/dispatcher";
import { fail } from "@/lib/result";
import { acceptCollaboratorInvitation, addCollaborator, changeCollaborator, inviteCollaboratorByEmail, removeCollaborator } from "@/lib/services/collaborators";
import { explainEndpointAccess } from "@/lib/services/explain";
import { authedAction } from "./define";

function refreshApp(input: unknown) {
  const ref = input as { ownerHandle?: unknown; appId?: unknown } | null;
  if (typeof ref?.ownerHandle === "string" && typeof ref.appId === "string") revalidatePath(`/${ref.ownerHandle}/${ref.appId}`, "layout");
}

export const addCollaboratorAction = authedAction(async (input, { db, user, ip }) => {
  const result = await addCollaborator(db, { userId: user.id }, input, { ip });
  if (result.ok) {
    dispatchOutbox();
    refreshApp(input);
  }
  return result;
});

export const inviteCollaboratorAction = authedAction(async (input, { db, user, ip }) => {
  const result = await inviteCollaboratorByEmail(db, { userId: user.id }, input, { ip });
  if (result.ok) dispatchOutbox();
  return result;
});

export const changeCollaboratorAction = authedAction(async (input, { db, user, ip }) => {
  const result = await changeCollaborator(db, { userId: user.id }, input, { ip });
  if (result.ok) refreshApp(input);
  return result;
});

export const removeCollaboratorAction = authedAction(async (input, { db, user, ip }) => {
  const result = await removeCollaborator(db, { userId: user.id }, input, { ip });
  if (result.ok) refreshApp(input);
  return result;
});

export const acceptCollaboratorInvitationAction = authedAction(async (input, { db, user, ip }) => {
  const parsed = z.object({ token: z.string().min(1).max(200) }).safeParse(input);
  if (!parsed.success) return fail("invalid_input", "This invitation link is not valid.");
  const result = await acceptCollaboratorInvitation(db, { userId: user.id }, parsed.data.token, { ip });
  if (result.ok) dispatchOutbox();
  return result;
});

export const explainAccessAction = authedAction(async (input, { db, user }) => explainEndpointAccess(db, { userId: user.id }, input));
