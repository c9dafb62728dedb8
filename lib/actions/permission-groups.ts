"use server";

import { revalidatePath } from "next/cache";
import type { Database } from "@/db/client";
import type { Result } from "@/lib/result";
import { createPermissionGroup, deletePermissionGroup, resolveOrgActor, updatePermissionGroup, type OrgActor } from "@/lib/services/permission-groups";
import { authedAction } from "./define";

function orgAction<T>(run: (db: Database, actor: OrgActor, input: unknown, context: { ip: string }) => Promise<Result<T>>) {
  return authedAction(async (input, { db, user, ip }) => {
    const actor = await resolveOrgActor(db, user.id, input);
    if (!actor.ok) return actor;
    const result = await run(db, actor.data, input, { ip });
    if (result.ok) revalidatePath(`/${actor.data.handle}`, "layout");
    return result;
  });
}

export const createPermissionGroupAction = orgAction(createPermissionGroup);
export const updatePermissionGroupAction = orgAction(updatePermissionGroup);
export const deletePermissionGroupAction = orgAction(deletePermissionGroup);
