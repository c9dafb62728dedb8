// A user's account rows: the account itself, its claimed handle, and its address-verification links
// (stored by the SHA-256 of the link's token, never the token). Every statement names the account
// (by id, or by the address or token hash that identifies it).

import { and, eq, gt, isNull, ne, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
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

/**
 * The account signing in with `email`, with its password hash and the session version its new
 * session will carry (null: no such account). Only the current address signs in, never a pending one.
 */
export async function passwordOf(db: DbOrTx, { email }: { email: string }): Promise<{ id: string; passwordHash: string; sessionVersion: number } | null> {
  const [user] = await db.select({ id: users.id, passwordHash: users.passwordHash, sessionVersion: users.sessionVersion }).from(users).where(eq(users.email, email));
  return user ?? null;
}

/** The account of a session, only while the session's version is the account's current one. */
export async function findUserInSession(db: DbOrTx, { userId, sessionVersion }: { userId: string; sessionVersion: number }): Promise<UserRow | null> {
  const [user] = await db
    .select({ id: users.id, handle: users.handle, name: users.name, email: users.email, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.sessionVersion, sessionVersion)));
  return user ?? null;
}

export type AccountSecurityRow = UserRow & { pendingEmail: string | null; passwordHash: string; sessionVersion: number };

/**
 * Locks the account row for a change of its name, address, password or sessions, so concurrent
 * changes of one account apply one after the other.
 */
export async function lockAccount(tx: DbOrTx, { userId }: { userId: string }): Promise<AccountSecurityRow | null> {
  const [user] = await tx
    .select({
      id: users.id,
      handle: users.handle,
      name: users.name,
      email: users.email,
      emailVerifiedAt: users.emailVerifiedAt,
      pendingEmail: users.pendingEmail,
      passwordHash: users.passwordHash,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.id, userId))
    .for("update");
  return user ?? null;
}

/** The account as its profile page shows it, with the address waiting for verification. */
export async function findProfile(db: DbOrTx, { userId }: { userId: string }): Promise<(UserRow & { pendingEmail: string | null }) | null> {
  const [user] = await db
    .select({ id: users.id, handle: users.handle, name: users.name, email: users.email, emailVerifiedAt: users.emailVerifiedAt, pendingEmail: users.pendingEmail })
    .from(users)
    .where(eq(users.id, userId));
  return user ?? null;
}

export async function renameUser(tx: DbOrTx, { userId, name }: { userId: string; name: string }): Promise<void> {
  await tx.update(users).set({ name }).where(eq(users.id, userId));
}

/** Records (or, with null, withdraws) the address the account asked to move to. */
export async function setPendingEmail(tx: DbOrTx, { userId, email }: { userId: string; email: string | null }): Promise<void> {
  await tx.update(users).set({ pendingEmail: email }).where(eq(users.id, userId));
}

/** Ends every session of the account but the one that will carry the returned version. */
export async function raiseSessionVersion(tx: DbOrTx, { userId }: { userId: string }): Promise<number | null> {
  const [row] = await tx
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ sessionVersion: users.sessionVersion });
  return row?.sessionVersion ?? null;
}

/**
 * Replaces the password and ends every session (the new session version is returned). With
 * `email`, only while the account still uses that address — a reset link's — which then counts
 * as verified, since following the mailed link proved control of it.
 */
export async function replacePassword(
  tx: DbOrTx,
  { userId, passwordHash, email, now }: { userId: string; passwordHash: string; email?: string; now: Date },
): Promise<{ id: string; name: string; email: string; sessionVersion: number } | null> {
  const [row] = await tx
    .update(users)
    .set({
      passwordHash,
      sessionVersion: sql`${users.sessionVersion} + 1`,
      ...(email === undefined ? {} : { emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)` }),
    })
    .where(email === undefined ? eq(users.id, userId) : and(eq(users.id, userId), eq(users.email, email)))
    .returning({ id: users.id, name: users.name, email: users.email, sessionVersion: users.sessionVersion });
  return row ?? null;
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

/**
 * Marks the address verified while the account still uses it — or, when it is the address the
 * account asked to move to, moves the account onto it, verified. Null when the account uses
 * neither any more, or another account took the new address meanwhile.
 */
export async function markEmailVerified(tx: DbOrTx, { userId, email, now }: { userId: string; email: string; now: Date }): Promise<{ id: string; email: string } | null> {
  const [current] = await tx
    .update(users)
    .set({ emailVerifiedAt: now })
    .where(and(eq(users.id, userId), eq(users.email, email)))
    .returning({ id: users.id, email: users.email });
  if (current) return current;
  const other = alias(users, "other");
  const [moved] = await tx
    .update(users)
    .set({ email, emailVerifiedAt: now, pendingEmail: null })
    .where(
      and(
        eq(users.id, userId),
        eq(users.pendingEmail, email),
        notExists(
          tx
            .select({ id: other.id })
            .from(other)
            .where(and(eq(other.email, email), ne(other.id, userId))),
        ),
      ),
    )
    .returning({ id: users.id, email: users.email });
  return moved ?? null;
}

export async function findUserByEmail(db: DbOrTx, { email }: { email: string }): Promise<UserRow | null> {
  const [user] = await db
    .select({ id: users.id, handle: users.handle, name: users.name, email: users.email, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.email, email));
  return user ?? null;
}

/** The user with this handle (its case-folded key). */
export async function findUserByHandle(db: DbOrTx, { handleKey }: { handleKey: string }): Promise<UserRow | null> {
  const [user] = await db
    .select({ id: users.id, handle: users.handle, name: users.name, email: users.email, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.handleKey, handleKey));
  return user ?? null;
}

/**
 * Marks the account's current address verified unless it already is (answering an emailed
 * invitation link proves control of the address too).
 */
export async function verifyCurrentEmail(tx: DbOrTx, { userId, now }: { userId: string; now: Date }): Promise<void> {
  await tx.update(users).set({ emailVerifiedAt: now }).where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
}
