// The rules of a person's own account security: what the forms accept, how long a reset link
// lives, and how often the password may be guessed or mail sent. Throttles count in the
// rate_limits table (shared by every instance), like sign-in's.

import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { findProfile } from "@/db/queries/accounts";
import { passwordResetUsable } from "@/db/queries/password-resets";
import { clearBucket, takeFromWindow, takeWithBackoff, type BackoffRule, type RateLimitRule } from "@/db/queries/rate-limits";
import { sha256Hex } from "@/lib/secrets";
import { displayNameSchema, emailSchema, passwordSchema } from "@/lib/validation/common";
import { verifyPassword } from "./accounts";

const HOUR_MS = 60 * 60_000;

/** A password reset link works once, for an hour. */
export const PASSWORD_RESET_TTL_MS = HOUR_MS;

export const ACCOUNT_SECURITY_LIMITS = {
  /**
   * Reset mails per address and per client address. The address limit keeps anyone from flooding
   * a mailbox; it counts addresses with and without an account alike, so hitting it reveals nothing.
   */
  resetPerAddress: { limit: 3, windowMs: HOUR_MS },
  resetPerClient: { limit: 10, windowMs: HOUR_MS },
  /**
   * Wrong current passwords (changing the password or the address), per account: only a session of
   * that account can fail here, so this limit locks out nobody but whoever holds that session.
   */
  currentPassword: { freeFailures: 5, maxDelayMs: 15 * 60_000, forgetAfterMs: 24 * HOUR_MS },
  /** Links sent to a new address, per account. */
  emailChangeLinks: { limit: 5, windowMs: HOUR_MS },
} satisfies Record<string, RateLimitRule | BackoffRule>;

export const RESET_LINK_INVALID = "This password reset link is not valid, has expired or was already used. Ask for a new one.";
export const RESET_THROTTLED = "Too many password reset requests. Wait an hour and try again.";
export const CURRENT_PASSWORD_WRONG = "Incorrect password.";
export const CURRENT_PASSWORD_THROTTLED = "Too many wrong passwords. Wait a few minutes and try again.";
export const EMAIL_CHANGE_THROTTLED = "Too many email change links were sent. Wait an hour and try again.";

const currentPasswordSchema = z
  .string({ error: "Enter your current password." })
  .min(1, "Enter your current password.")
  .max(128, "Password must be at most 128 characters.");

const resetTokenSchema = z.string({ error: RESET_LINK_INVALID }).min(1, RESET_LINK_INVALID).max(200, RESET_LINK_INVALID);

export const updateProfileInput = z.object({ name: displayNameSchema });
export const changePasswordInput = z.object({ currentPassword: currentPasswordSchema, newPassword: passwordSchema });
export const changeEmailInput = z.object({ email: emailSchema, currentPassword: currentPasswordSchema });
/** `clientAddress` is the requesting client's, filled in by the adapter from the request, never by the form. */
export const requestPasswordResetInput = z.object({ email: emailSchema, clientAddress: z.string().min(1).max(100) });
export const completePasswordResetInput = z.object({ token: resetTokenSchema, password: passwordSchema });

/**
 * A session token moving from session version `from` to `to` after a change that raised the
 * account's version: the session that made the change keeps going, every other one ends.
 */
export type SessionRenewal = { userId: string; from: number; to: number };

export type CurrentPasswordCheck = "confirmed" | "wrong" | "throttled";

/**
 * Checks the account's current password before a change that could take the account over. Each
 * check counts as a failure until it succeeds (so parallel guesses share no free slot); after
 * five, the next check waits 2^n seconds after the last failure, at most 15 minutes.
 */
export async function checkCurrentPassword(tx: DbOrTx, account: { id: string; passwordHash: string }, password: string, now = new Date()): Promise<CurrentPasswordCheck> {
  const bucket = `current-password:${account.id}`;
  const taken = await takeWithBackoff(tx, bucket, ACCOUNT_SECURITY_LIMITS.currentPassword, now);
  if (!taken.allowed) return "throttled";
  if (!(await verifyPassword(account.passwordHash, password))) return "wrong";
  await clearBucket(tx, bucket);
  return "confirmed";
}

/** Counts a reset request against the address and the client; false once either limit is reached. */
export async function takeResetRequest(tx: DbOrTx, { email, clientAddress }: { email: string; clientAddress: string }, now = new Date()): Promise<boolean> {
  const byAddress = await takeFromWindow(tx, `password-reset:address:${email}`, ACCOUNT_SECURITY_LIMITS.resetPerAddress, now);
  if (!byAddress.allowed) return false;
  const byClient = await takeFromWindow(tx, `password-reset:client:${clientAddress}`, ACCOUNT_SECURITY_LIMITS.resetPerClient, now);
  return byClient.allowed;
}

/** Counts a link mailed to a new address of the account; false once the limit is reached. */
export async function takeEmailChangeLink(tx: DbOrTx, userId: string, now = new Date()): Promise<boolean> {
  return (await takeFromWindow(tx, `email-change:${userId}`, ACCOUNT_SECURITY_LIMITS.emailChangeLinks, now)).allowed;
}

/** Whether a reset link would still work; asking does not use it up (the page shows the form only then). */
export function resetLinkUsable(db: DbOrTx, token: string, now = new Date()): Promise<boolean> {
  return passwordResetUsable(db, { tokenHash: sha256Hex(token), now });
}

export type AccountProfile = { name: string; email: string; emailVerified: boolean; pendingEmail: string | null };

export async function accountProfile(db: DbOrTx, userId: string): Promise<AccountProfile | null> {
  const user = await findProfile(db, { userId });
  return user ? { name: user.name, email: user.email, emailVerified: user.emailVerifiedAt !== null, pendingEmail: user.pendingEmail } : null;
}
