"use server";

import { revalidatePath } from "next/cache";
import { dispatchOutbox } from "@/lib/mail/dispatcher";
import { changeMemberRole, leaveOrganization, removeMember } from "@/lib/services/members";
import { authedAction } from "./define";

// Thin actions: the principal comes from the session; the services authorize and validate.

export const changeRoleAction = authedAction(async (input, { db, user, ip }) => {
  const result = await changeMemberRole(db, { userId: user.id }, input, { ip });
  if (result.ok) dispatchOutbox();
  return result;
});

export const removeMemberAction = authedAction(async (input, { db, user, ip }) => {
  const result = await removeMember(db, { userId: user.id }, input, { ip });
  if (result.ok) revalidatePath("/", "layout");
  return result;
});

export const leaveOrganizationAction = authedAction(async (input, { db, user, ip }) => {
  const result = await leaveOrganization(db, { userId: user.id }, input, { ip });
  if (result.ok) revalidatePath("/", "layout");
  return result;
});
