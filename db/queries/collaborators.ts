// An app's collaborator rows, each statement within one app (`appRef`, apps.id), and the account
// look-ups the collaboration flows make. lib/authz decides who may change them
// (lib/operations/collaborators.ts); nothing here decides.

import { and, asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { collaborators, users } from "@/db/schema";
import { newId } from "@/lib/ids";

export type CollaboratorRow = typeof collaborators.$inferSelect;
type Grant = { scopes: string[]; endpointScopes: string[] | null };

/** The app's collaborators with their accounts and who added each, by name. */
export async function listCollaborators(
  db: DbOrTx,
  { appRef }: { appRef: string },
): Promise<{ collaborator: CollaboratorRow; name: string; handle: string; email: string; addedBy: string | null }[]> {
  const addedBy = alias(users, "added_by_user");
  return db
    .select({ collaborator: collaborators, name: users.name, handle: users.handle, email: users.email, addedBy: addedBy.handle })
    .from(collaborators)
    .innerJoin(users, eq(users.id, collaborators.userId))
    .leftJoin(addedBy, eq(addedBy.id, collaborators.addedBy))
    .where(eq(collaborators.appId, appRef))
    .orderBy(asc(users.name));
}

export async function isCollaborator(db: DbOrTx, { appRef, userId }: { appRef: string; userId: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: collaborators.id })
    .from(collaborators)
    .where(and(eq(collaborators.appId, appRef), eq(collaborators.userId, userId)));
  return row !== undefined;
}

/** The collaborator with this user handle (its case-folded key), locked for update until the transaction ends. */
export async function lockCollaboratorByHandle(db: DbOrTx, { appRef, userHandleKey }: { appRef: string; userHandleKey: string }): Promise<CollaboratorRow | null> {
  const [row] = await db
    .select({ collaborator: collaborators })
    .from(collaborators)
    .innerJoin(users, eq(users.id, collaborators.userId))
    .where(and(eq(collaborators.appId, appRef), eq(users.handleKey, userHandleKey)))
    .for("update", { of: collaborators });
  return row?.collaborator ?? null;
}

/** Adds a collaborator; a second row for the same user fails on `collaborators_app_user_unique`. */
export async function insertCollaborator(db: DbOrTx, { appRef, userId, scopes, endpointScopes, addedBy }: Grant & { appRef: string; userId: string; addedBy: string | null }): Promise<void> {
  await db.insert(collaborators).values({ id: newId("col"), appId: appRef, userId, scopes, endpointScopes, addedBy });
}

export async function updateCollaboratorScopes(db: DbOrTx, { appRef, userId, scopes, endpointScopes }: Grant & { appRef: string; userId: string }): Promise<void> {
  await db
    .update(collaborators)
    .set({ scopes, endpointScopes })
    .where(and(eq(collaborators.appId, appRef), eq(collaborators.userId, userId)));
}

export async function deleteCollaborator(db: DbOrTx, { appRef, userId }: { appRef: string; userId: string }): Promise<void> {
  await db.delete(collaborators).where(and(eq(collaborators.appId, appRef), eq(collaborators.userId, userId)));
}

// ─── Accounts, as collaborations look them up and accepting an invitation verifies them ──────

