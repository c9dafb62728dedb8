// A user's account rows: the account itself, its claimed handle, and its address-verification links
// (stored by the SHA-256 of the link's token, never the token). Every statement names the account
// (by id, or by the address or token hash that identifies it).

import { and, eq, gt, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { emailVerifications, handles, users } from "@/db/schema";

export type UserRow = { id: string; handle: string; name: string; email: string; emailVerifiedAt: Date | null };

export async function findUser(db: DbOrTx, { userId }: { userId: string }): Promise<UserRow | null> {
  const [user] = await db
    .select({ id: users.id, handle: users.handle, name: users.name, email: users.email, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, userId));
  return user ?? null;
}

/** The account signing in with `email`, with its password hash (null: no such account). */
export async function passwordOf(db: DbOrTx, { email }: { email: string }): Promise<{ id: string; passwordHash: string } | null> {
  const [user] = await db.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.email, email));
  return user ?? null;
}

/** Is the (case-folded) handle claimed by a user or an organization? */
export async function handleTaken(db: DbOrTx, { handleKey }: { handleKey: string }): Promise<boolean> {
  const [row] = await db.select({ key: handles.key }).from(handles).where(eq(handles.key, handleKey));
  return row !== undefined;
}

export async function emailTaken(db: DbOrTx, { email }: { email: string }): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row !== undefined;
}

/** Claims the handle and creates the account (the handle's unique key decides a race). */
export async function insertUser(
  tx: DbOrTx,
  user: { id: string; handle: string; handleKey: string; name: string; email: string; passwordHash: string },
): Promise<void> {
  await tx.insert(handles).values({ key: user.handleKey, kind: "user" });
  await tx.insert(users).values(user);
}

export async function insertEmailVerification(tx: DbOrTx, link: { tokenHash: string; userId: string; email: string; expiresAt: Date }): Promise<void> {
  await tx.insert(emailVerifications).values(link);
}

/** Marks an unused, unexpired link used; null when there is none (single use under concurrency). */
export async function claimEmailVerification(tx: DbOrTx, { tokenHash, now }: { tokenHash: string; now: Date }): Promise<{ userId: string; email: string } | null> {
  const [claimed] = await tx
    .update(emailVerifications)
    .set({ usedAt: now })
    .where(and(eq(emailVerifications.tokenHash, tokenHash), isNull(emailVerifications.usedAt), gt(emailVerifications.expiresAt, now)))
    .returning({ userId: emailVerifications.userId, email: emailVerifications.email });
  return claimed ?? null;
}

/** Marks the account's address verified, only while the account still uses that address. */
export async function markEmailVerified(tx: DbOrTx, { userId, email, now }: { userId: string; email: string; now: Date }): Promise<{ id: string; email: string } | null> {
  const [user] = await tx
    .update(users)
    .set({ emailVerifiedAt: now })
    .where(and(eq(users.id, userId), eq(users.email, email)))
    .returning({ id: users.id, email: users.email });
  return user ?? null;
}

export async function findUserByEmail(db: DbOrTx, { email }: { email: string }): Promise<UserRow | null> {
  const [user] = await db
    .select({ id: users.id, handle: users.handle, name: users.name, email: users.email, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.email, email));
  return user ?? null;
}

/**
 * Marks the account's current address verified unless it already is (answering an emailed
 * invitation link proves control of the address too).
 */
export async function verifyCurrentEmail(tx: DbOrTx, { userId, now }: { userId: string; now: Date }): Promise<void> {
  await tx.update(users).set({ emailVerifiedAt: now }).where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
}
