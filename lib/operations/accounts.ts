// Accounts: signing up (public; the password is hashed before the transaction opens), verifying an
// address through its emailed link (public: holding the link is the proof), and sending a fresh
// link to oneself. Signing in is next-auth's (lib/auth), throttled by lib/services/accounts.

import { z } from "zod";
import type { Transaction } from "@/db/client";
import * as accounts from "@/db/queries/accounts";
import { EMAIL_VERIFICATION_TTL_MS, appUrl } from "@/lib/config";
import { newId } from "@/lib/ids";
import type { OutgoingEmail } from "@/lib/mail/outbox";
import { signUpAttemptMail, verificationMail } from "@/lib/mail/templates/accounts";
import { fail, ok } from "@/lib/result";
import { randomSecret, sha256Hex } from "@/lib/secrets";
import { hashPassword, signUpInput } from "@/lib/services/accounts";
import { endCredentialsOnAddressProof } from "@/lib/services/credentials";
import { notifyWaitingInvitations } from "@/lib/services/invitations";
import { handleKey } from "@/lib/validation/common";
import { safeReturnPath } from "@/lib/validation/return-path";
import { defineAccountOperation, definePublicOperation } from "./operation";

const TAKEN_HANDLE = "This user ID is already taken.";
const takenHandle = fail("conflict", "Please correct the highlighted fields.", { handle: [TAKEN_HANDLE] });
// Only a race between two sign-ups with one address reaches the unique constraint; it says no more
// than "try again", so that even then the answer does not tell whether the address has an account.
const raced = fail("conflict", "Your account could not be created just now. Please try again.");

/**
 * Records a single-use verification link for the address and returns its mail. `returnPath` (a
 * same-site path, e.g. the invitation that brought the person here) rides along in the link, so
 * opening it later, in another browser, still leads back there.
 */
async function verificationLink(tx: Transaction, user: { id: string; email: string; name: string }, returnPath: string | null = null): Promise<OutgoingEmail> {
  const token = randomSecret();
  await accounts.insertEmailVerification(tx, { tokenHash: sha256Hex(token), userId: user.id, email: user.email, expiresAt: new Date(Date.now() + EMAIL_VERIFICATION_TTL_MS) });
  const query = new URLSearchParams({ token, ...(returnPath && returnPath !== "/" ? { callbackUrl: returnPath } : {}) });
  return verificationMail(user, `${appUrl()}/verify-email?${query.toString()}`);
}

/**
 * Creates an unverified account and mails the link that verifies its address. `callbackUrl`, where
 * the person was headed (an invitation), is kept in that link when it is a same-site path and
 * dropped otherwise: it only decides where a button leads, never whether signing up works.
 * An address that already has an account gets the same answer (the password was hashed either way),
 * and the address is told by mail that someone tried — so sign-up never says which addresses have
 * accounts. User IDs are public (they are in URLs), so a taken one is said.
 */
export const signUp = definePublicOperation({
  name: "accounts.sign_up",
  input: signUpInput.extend({ callbackUrl: z.unknown().optional() }),
  prepare: async (input) => ({ passwordHash: await hashPassword(input.password) }),
  conflicts: { handles_pkey: takenHandle, users_email_unique: raced },
  async run({ tx, prepared, audit, mail }, input) {
    const key = handleKey(input.handle);
    // A friendly message for the common case; the unique constraint still decides races.
    if (await accounts.handleTaken(tx, { handleKey: key })) return takenHandle;
    const holder = await accounts.findUserByEmail(tx, { email: input.email });
    if (holder) {
      mail(signUpAttemptMail(holder, `${appUrl()}/sign-in`, `${appUrl()}/forgot-password`));
      return ok({ email: input.email });
    }
    const userId = newId("usr");
    await accounts.insertUser(tx, { id: userId, handle: input.handle, handleKey: key, name: input.name, email: input.email, passwordHash: prepared.passwordHash });
    mail(await verificationLink(tx, { id: userId, email: input.email, name: input.name }, safeReturnPath(input.callbackUrl)));
    audit({ actorUserId: userId, action: "user.signed_up", targetType: "user", targetId: userId, after: { handle: input.handle, email: input.email, name: input.name } });
    return ok({ email: input.email });
  },
});

/** Consumes a verification link: single use, unexpired, and only for the address it was sent to. */
export const verifyEmail = definePublicOperation({
  name: "accounts.verify_email",
  input: z.object({ token: z.string({ error: "This verification link is not valid." }).min(1, "This verification link is not valid.").max(200, "This verification link is not valid.") }),
  async run({ tx, audit }, { token }) {
    const now = new Date();
    const claimed = await accounts.claimEmailVerification(tx, { tokenHash: sha256Hex(token), now });
    if (!claimed) return fail("not_found", "This verification link is not valid, has expired or was already used.");
    const before = await accounts.findUser(tx, { userId: claimed.userId });
    const user = await accounts.markEmailVerified(tx, { userId: claimed.userId, email: claimed.email, now });
    if (!user) return fail("not_found", "This verification link is for an email address the account no longer uses.");
    const addressWasVerified = before !== null && before.emailVerifiedAt !== null;
    await endCredentialsOnAddressProof({ tx, audit }, { userId: user.id, addressWasVerified }, "email_link", now);
    audit({ actorUserId: user.id, action: "user.email_verified", targetType: "user", targetId: user.id, after: { email: user.email } });
    await notifyWaitingInvitations(tx, user);
    return ok({ email: user.email });
  },
});

/** Sends a fresh verification link to the signed-in account whose address is not yet verified. */
export const resendVerification = defineAccountOperation({
  name: "accounts.resend_verification",
  input: z.object({}),
  revalidate: () => [],
  async run({ tx, principal, mail }) {
    const user = await accounts.findUser(tx, { userId: principal.userId });
    if (!user) return fail("not_found", "Account not found.");
    if (user.emailVerifiedAt) return fail("conflict", "Your email address is already verified.");
    mail(await verificationLink(tx, user));
    return ok({ email: user.email });
  },
});
