"use server";

import { revalidatePath } from "next/cache";
import { createOrganization } from "@/lib/services/organizations";
import { authedAction } from "./define";

export const createOrganizationAction = authedAction(async (input, { db, user, ip }) => {
  const result = await createOrganization(db, { userId: user.id }, input, { ip });
  if (result.ok) revalidatePath("/", "layout");
  return result;
});
