import argon2 from "argon2";
import { z } from "zod";
import type { Database } from "@/db/client";
import { fail, ok, type Result } from "@/lib/result";
import { randomSecret } from "@/lib/secrets";
import { displayNameSchema, emailSchema, handleSchema, passwordSchema } from "@/lib/validation/common";
import * as accounts from "@/db/queries/accounts";
import { clearBucket, returnToWindow, takeFromWindow, takeWithBackoff, type BackoffRule, type RateLimitRule } from "@/db/queries/rate-limits";

export const signUpInput = z.object({
  handle: handleSchema,
  name: displayNameSchema,
  email: emailSchema,
  password: passwordSchema,
});
export type SignUpInput = z.input<typeof signUpInput>;

const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

/**
 * Sign-in throttling (README "Sign-in throttling"): failures of one account from one client
 * address back off exponentially; failures from one address across all accounts are capped per
 * window. No limit applies to an account alone, so nobody can lock a person out from elsewhere.
 */
export const SIGN_IN_LIMITS = {
  accountAtAddress: { freeFailures: 5, maxDelayMs: 15 * 60_000, forgetAfterMs: 24 * 60 * 60_000 },
  address: { limit: 30, windowMs: 15 * 60_000 },
} satisfies { accountAtAddress: BackoffRule; address: RateLimitRule };

export const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(128, "Password must be at most 128 characters."),
});

export const SIGN_IN_REFUSED = "Incorrect email or password.";
export const SIGN_IN_THROTTLED = "Too many sign-in attempts. Wait a few minutes and try again.";

// Verified against when the account does not exist, so unknown users cost the same time as
// wrong passwords.
let decoyHash: Promise<string> | undefined;

/**
 * Checks credentials, throttled per (account, client address) with exponential backoff and per
 * client address (see SIGN_IN_LIMITS). A throttled attempt is refused before the password is
 * checked, even when it is right. Unknown accounts and wrong passwords give the same answer.
 */
export async function authenticate(db: Database, raw: unknown, context: { ip: string; now?: Date }): Promise<Result<{ userId: string; sessionVersion: number }>> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) return fail("unauthenticated", SIGN_IN_REFUSED);
  const { email, password } = parsed.data;
  const now = context.now ?? new Date();
  const addressBucket = `sign-in:address:${context.ip}`;
  const pairBucket = `sign-in:account-address:${email} ${context.ip}`;
  // Both attempts are taken before the password is checked (and given back on success), so
  // parallel guesses cannot share one free slot.
  const fromAddress = await takeFromWindow(db, addressBucket, SIGN_IN_LIMITS.address, now);
  if (!fromAddress.allowed) return fail("rate_limited", SIGN_IN_THROTTLED);
  const forPair = await takeWithBackoff(db, pairBucket, SIGN_IN_LIMITS.accountAtAddress, now);
  if (!forPair.allowed) {
    await returnToWindow(db, addressBucket, fromAddress);
    return fail("rate_limited", SIGN_IN_THROTTLED);
  }
  const user = await accounts.passwordOf(db, { email });
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !valid) return fail("unauthenticated", SIGN_IN_REFUSED);
  await clearBucket(db, pairBucket);
  await returnToWindow(db, addressBucket, fromAddress);
  return ok({ userId: user.id, sessionVersion: user.sessionVersion });
}

/**
 * Whether `password` matches `hash`; with no hash (no such account) a decoy is checked, so the
 * answer takes as long either way.
 */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  decoyHash ??= hashPassword(randomSecret());
  const valid = await argon2.verify(hash ?? (await decoyHash), password).catch(() => false);
  return hash !== null && valid;
}

export type AccountSummary = { id: string; handle: string; name: string; email: string; emailVerified: boolean };

export async function findAccount(db: Database, userId: string): Promise<AccountSummary | null> {
  const user = await accounts.findUser(db, { userId });
  if (!user) return null;
  return { id: user.id, handle: user.handle, name: user.name, email: user.email, emailVerified: user.emailVerifiedAt !== null };
}

/**
 * The account a session token names, or null once the session has been ended: its token carries
 * an older session version than the account (sign out everywhere, a password change or reset).
 * Tokens issued before versions existed carry none and count as version 0.
 */
export async function findSignedInAccount(db: Database, session: { userId: string; sessionVersion: number }): Promise<AccountSummary | null> {
  const user = await accounts.findUserInSession(db, session);
  if (!user) return null;
  return { id: user.id, handle: user.handle, name: user.name, email: user.email, emailVerified: user.emailVerifiedAt !== null };
}
