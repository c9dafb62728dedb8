import argon2 from "argon2";
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { emailVerifications, handles, users } from "@/db/schema";
import { EMAIL_VERIFICATION_TTL_MS, appUrl } from "@/lib/config";
import { newId } from "@/lib/ids";
import { enqueueEmail } from "@/lib/mail/outbox";
import { escapeHtml } from "@/lib/mail/templates/html";
import { fail, ok, type Result } from "@/lib/result";
import { randomSecret, sha256Hex } from "@/lib/secrets";
import { displayNameSchema, emailSchema, handleKey, handleSchema, passwordSchema } from "@/lib/validation/common";
import { invalidInput } from "@/lib/validation/form";
import { recordAudit } from "./audit";
import { notifyWaitingInvitations } from "./invitations";
import { SIGN_IN_LIMITS, clearBucket, returnToWindow, takeFromWindow, takeWithBackoff } from "./rate-limit";
import { isUniqueViolation, runInTransaction } from "./transaction";

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

const TAKEN_HANDLE = "This user ID is already taken.";
const TAKEN_EMAIL = "An account with this email already exists.";

async function queueVerificationEmail(tx: DbOrTx, user: { id: string; email: string; name: string }) {
  const token = randomSecret();
  await tx.insert(emailVerifications).values({
    tokenHash: sha256Hex(token),
    userId: user.id,
    email: user.email,
    expiresAt: new Date(Date.now() + EMAIL_VERIFICATION_TTL_MS),
  });
  const link = `${appUrl()}/verify-email?token=${encodeURIComponent(token)}`;
  await enqueueEmail(tx, {
    to: user.email,
    subject: "Verify your email address",
    text: `Hello ${user.name},\n\nConfirm that ${user.email} is your email address by opening this link:\n\n${link}\n\nThe link works once and expires in 48 hours. If you did not sign up, ignore this mail.\n`,
    html: `<p>Hello ${escapeHtml(user.name)},</p><p>Confirm that ${escapeHtml(user.email)} is your email address:</p><p><a href="${link}">Verify email address</a></p><p>The link works once and expires in 48 hours. If you did not sign up, ignore this mail.</p>`,
  });
}


/** Creates an unverified account, its verification mail and its audit event in one transaction. */
export async function signUp(db: Database, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<{ userId: string; email: string }>> {
  const parsed = signUpInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  const key = handleKey(input.handle);

  // Friendly messages for the common case; the unique constraints below still decide races.
  const [takenHandle] = await db.select({ key: handles.key }).from(handles).where(eq(handles.key, key));
  const [takenEmail] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
  if (takenHandle || takenEmail) {
    return fail("conflict", "Please correct the highlighted fields.", {
      ...(takenHandle ? { handle: [TAKEN_HANDLE] } : {}),
      ...(takenEmail ? { email: [TAKEN_EMAIL] } : {}),
    });
  }

  const passwordHash = await hashPassword(input.password);
  const userId = newId("usr");
  try {
    return await runInTransaction(db, async (tx) => {
      await tx.insert(handles).values({ key, kind: "user" });
      await tx.insert(users).values({ id: userId, handle: input.handle, handleKey: key, name: input.name, email: input.email, passwordHash });
      await queueVerificationEmail(tx, { id: userId, email: input.email, name: input.name });
      await recordAudit(tx, {
        actorUserId: userId,
        action: "user.signed_up",
        targetType: "user",
        targetId: userId,
        after: { handle: input.handle, email: input.email, name: input.name },
        ip: context.ip ?? null,
      });
      return ok({ userId, email: input.email });
    });
  } catch (error) {
    if (isUniqueViolation(error, "handles_pkey")) return fail("conflict", "Please correct the highlighted fields.", { handle: [TAKEN_HANDLE] });
    if (isUniqueViolation(error, "users_email_unique")) return fail("conflict", "Please correct the highlighted fields.", { email: [TAKEN_EMAIL] });
    throw error;
  }
}

/** Consumes a verification link: single use, unexpired, and only for the address it was sent to. */
export async function verifyEmail(db: Database, token: string): Promise<Result<{ email: string }>> {
  if (!token || token.length > 200) return fail("invalid_input", "This verification link is not valid.");
  const tokenHash = sha256Hex(token);
  return runInTransaction(db, async (tx) => {
    const [claimed] = await tx
      .update(emailVerifications)
      .set({ usedAt: new Date() })
      .where(and(eq(emailVerifications.tokenHash, tokenHash), isNull(emailVerifications.usedAt), gt(emailVerifications.expiresAt, new Date())))
      .returning();
    if (!claimed) return fail("not_found", "This verification link is not valid, has expired or was already used.");
    const [user] = await tx
      .update(users)
      .set({ emailVerifiedAt: new Date() })
      .where(and(eq(users.id, claimed.userId), eq(users.email, claimed.email)))
      .returning({ id: users.id, email: users.email });
    if (!user) return fail("not_found", "This verification link is for an email address the account no longer uses.");
    await recordAudit(tx, { actorUserId: user.id, action: "user.email_verified", targetType: "user", targetId: user.id, after: { email: user.email } });
    await notifyWaitingInvitations(tx, user);
    return ok({ email: user.email });
  });
}

/** Sends a fresh verification link to a signed-in user whose address is not yet verified. */
export async function resendVerification(db: Database, userId: string): Promise<Result<{ email: string }>> {
  return runInTransaction(db, async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) return fail("not_found", "Account not found.");
    if (user.emailVerifiedAt) return fail("conflict", "Your email address is already verified.");
    await queueVerificationEmail(tx, user);
    return ok({ email: user.email });
  });
}

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
export async function authenticate(db: Database, raw: unknown, context: { ip: string; now?: Date }): Promise<Result<{ userId: string }>> {
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
  const [user] = await db.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.email, email));
  decoyHash ??= hashPassword(randomSecret());
  const valid = await argon2.verify(user?.passwordHash ?? (await decoyHash), password).catch(() => false);
  if (!user || !valid) return fail("unauthenticated", SIGN_IN_REFUSED);
  await clearBucket(db, pairBucket);
  await returnToWindow(db, addressBucket, fromAddress);
  return ok({ userId: user.id });
}

export type AccountSummary = { id: string; handle: string; name: string; email: string; emailVerified: boolean };

export async function findAccount(db: Database, userId: string): Promise<AccountSummary | null> {
  const [user] = await db
    .select({ id: users.id, handle: users.handle, name: users.name, email: users.email, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return null;
  return { id: user.id, handle: user.handle, name: user.name, email: user.email, emailVerified: user.emailVerifiedAt !== null };
}
