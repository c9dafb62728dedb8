"use server";

import { z } from "zod";
import { ok } from "@/lib/result";
import { listNotifications, markNotificationsRead } from "@/lib/services/notifications";
import { invalidInput } from "@/lib/validation/form";
import { authedAction } from "./define";

export const listNotificationsAction = authedAction(async (_input, { db, user }) => ok(await listNotifications(db, user.id)));

const markReadInput = z.object({ ids: z.union([z.literal("all"), z.array(z.string().max(64)).max(100)]) });

export const markNotificationsReadAction = authedAction(async (input, { db, user }) => {
  const parsed = markReadInput.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  await markNotificationsRead(db, user.id, parsed.data.ids);
  return ok(null);
});
