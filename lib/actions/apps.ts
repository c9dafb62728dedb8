"use server";

import { revalidatePath } from "next/cache";
import type { Database } from "@/db/client";
import type { Result } from "@/lib/result";
import { createApp, deleteApp, setAppVisibility, transferApp, updateAppDetails, updateAppIdentity } from "@/lib/services/apps";
import { authedAction } from "./define";

// Changes that move or remove the app (new ID, new owner, deletion) do not revalidate: re-rendering
// the current page would answer 404 at the old URL. Their forms navigate to the new URL instead.
function appAction<T>(run: (db: Database, actor: { userId: string }, input: unknown, context: { ip: string }) => Promise<Result<T>>, options: { revalidate: boolean }) {
  return authedAction(async (input, { db, user, ip }) => {
    const result = await run(db, { userId: user.id }, input, { ip });
    if (result.ok && options.revalidate) revalidatePath("/", "layout");
    return result;
  });
}

export const createAppAction = appAction(createApp, { revalidate: true });
export const updateAppDetailsAction = appAction(updateAppDetails, { revalidate: true });
export const updateAppIdentityAction = appAction(updateAppIdentity, { revalidate: false });
export const setAppVisibilityAction = appAction(setAppVisibility, { revalidate: true });
export const deleteAppAction = appAction(deleteApp, { revalidate: false });
export const transferAppAction = appAction(transferApp, { revalidate: false });
