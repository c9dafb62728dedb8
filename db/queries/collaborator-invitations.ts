// Invitations to collaborate on an app. Each statement is within one app (`appRef`, apps.id),
// except finding an invitation by its link's token: the token is all the invitee holds, and its
// invitation names the app. Only the token's SHA-256 is stored, so callers pass that.

import { and, asc, desc, eq, gt } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { collaboratorInvitations, users } from "@/db/schema";
import { newId } from "@/lib/ids";

export type CollaboratorInvitationRow = typeof collaboratorInvitations.$inferSelect;

export async function findInvitationByTokenHash(db: DbOrTx, { tokenHash }: { tokenHash: string }): Promise<CollaboratorInvitationRow | null> {
  const [row] = await db.select().from(collaboratorInvitations).where(eq(collaboratorInvitations.tokenHash, tokenHash));
  return row ?? null;
}

/** As findInvitationByTokenHash, locked for update: two acceptances of one link run one after the other. */
export async function lockInvitationByTokenHash(db: DbOrTx, { tokenHash }: { tokenHash: string }): Promise<CollaboratorInvitationRow | null> {
  const [row] = await db.select().from(collaboratorInvitations).where(eq(collaboratorInvitations.tokenHash, tokenHash)).for("update");
  return row ?? null;
}

/** Whether the address has a pending invitation to the app that has not expired at `now`. */
export async function hasPendingInvitation(db: DbOrTx, { appRef, email, now }: { appRef: string; email: string; now: Date }): Promise<boolean> {
  const [row] = await db
    .select({ id: collaboratorInvitations.id })
    .from(collaboratorInvitations)
    .where(and(eq(collaboratorInvitations.appId, appRef), eq(collaboratorInvitations.email, email), eq(collaboratorInvitations.status, "pending"), gt(collaboratorInvitations.expiresAt, now)));
  return row !== undefined;
}

/** Rescinds the address's pending invitations to the app (at most one: `collaborator_invitations_one_pending`). */
export async function rescindPendingInvitations(db: DbOrTx, { appRef, email, at }: { appRef: string; email: string; at: Date }): Promise<void> {
  await db
    .update(collaboratorInvitations)
    .set({ status: "rescinded", respondedAt: at })
    .where(and(eq(collaboratorInvitations.appId, appRef), eq(collaboratorInvitations.email, email), eq(collaboratorInvitations.status, "pending")));
}

export async function insertInvitation(
  db: DbOrTx,
  { appRef, ...invitation }: { appRef: string; email: string; scopes: string[]; endpointScopes: string[] | null; invitedBy: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await db.insert(collaboratorInvitations).values({ id: newId("inv"), appId: appRef, ...invitation });
}

/** Records the answer to an invitation: accepted, or void with the reason. */
export async function respondToInvitation(
  db: DbOrTx,
  { appRef, invitationId, at, ...answer }: { appRef: string; invitationId: string; at: Date } & ({ status: "accepted" } | { status: "void"; voidReason: string }),
): Promise<void> {
  await db
    .update(collaboratorInvitations)
    .set({ ...answer, respondedAt: at })
    .where(and(eq(collaboratorInvitations.id, invitationId), eq(collaboratorInvitations.appId, appRef)));
}

// ─── The app's pending invitations (listed, re-sent and rescinded by those who manage collaborators) ───

type Invitation = { appRef: string; invitationId: string };

function pending({ appRef, invitationId }: Invitation) {
  return and(eq(collaboratorInvitations.id, invitationId), eq(collaboratorInvitations.appId, appRef), eq(collaboratorInvitations.status, "pending"));
}

const inviter = alias(users, "collaboration_inviter");

/** The app's pending invitations (expired ones too), newest first, with who sent each. */
export async function listPendingInvitations(db: DbOrTx, { appRef }: { appRef: string }) {
  return db
    .select({
      id: collaboratorInvitations.id,
      email: collaboratorInvitations.email,
      scopes: collaboratorInvitations.scopes,
      endpointScopes: collaboratorInvitations.endpointScopes,
      invitedBy: inviter.name,
      createdAt: collaboratorInvitations.createdAt,
      expiresAt: collaboratorInvitations.expiresAt,
    })
    .from(collaboratorInvitations)
    .leftJoin(inviter, eq(inviter.id, collaboratorInvitations.invitedBy))
    .where(and(eq(collaboratorInvitations.appId, appRef), eq(collaboratorInvitations.status, "pending")))
    .orderBy(desc(collaboratorInvitations.createdAt), asc(collaboratorInvitations.email));
}

/** A pending invitation of the app, locked for update until the transaction ends; null when it is not (any longer) pending. */
export async function lockPendingInvitation(db: DbOrTx, key: Invitation): Promise<CollaboratorInvitationRow | null> {
  const [row] = await db.select().from(collaboratorInvitations).where(pending(key)).for("update");
  return row ?? null;
}

/** Withdraws the invitation if it is still pending; false when it is not. */
export async function rescindPendingInvitation(db: DbOrTx, { at, ...key }: Invitation & { at: Date }): Promise<boolean> {
  const rows = await db.update(collaboratorInvitations).set({ status: "rescinded", respondedAt: at }).where(pending(key)).returning({ id: collaboratorInvitations.id });
  return rows.length > 0;
}

/** Gives a pending invitation a new token and expiry (the old link stops working); false when it is no longer pending. */
export async function renewPendingInvitation(db: DbOrTx, { tokenHash, expiresAt, ...key }: Invitation & { tokenHash: string; expiresAt: Date }): Promise<boolean> {
  const rows = await db.update(collaboratorInvitations).set({ tokenHash, expiresAt }).where(pending(key)).returning({ id: collaboratorInvitations.id });
  return rows.length > 0;
}
