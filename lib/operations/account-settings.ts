// The signed-in person's own account: their name, moving to a new email address (it replaces
// the current one only once its mailed link is followed), their password, and ending their other
// sessions. Changes that could take an account over ask for the current password.
//
// A session is ended by raising the account's session version (every token carries the version
// it was issued with; lib/auth compares it on every request). The operations that raise it return
// a `renewal` so the adapter can re-issue the acting session's token at the new version: that
// session stays signed in, every other one ends on its next request.
//
// A wrong current password is an outcome that commits (`{ currentPasswordWrong: true }`), not a
// failure that rolls back: the failed check has to stay counted by the throttle. The adapter turns
// it into the form's field error.

import { z } from "zod";
import type { Transaction } from "@/db/client";
import * as accounts from "@/db/queries/accounts";
import { voidPasswordResets } from "@/db/queries/password-resets";
import { EMAIL_VERIFICATION_TTL_MS, appUrl } from "@/lib/config";
import type { OutgoingEmail } from "@/lib/mail/outbox";
import { emailChangeMail, emailChangeNoticeMail, passwordChangedMail } from "@/lib/mail/templates/account-security";
import { fail, ok, type Result } from "@/lib/result";
import { randomSecret, sha256Hex } from "@/lib/secrets";
import {
  CURRENT_PASSWORD_THROTTLED,
  EMAIL_CHANGE_THROTTLED,
  changeEmailInput,
  changePasswordInput,
  checkCurrentPassword,
  takeEmailChangeLink,
  updateProfileInput,
  type SessionRenewal,
} from "@/lib/services/account-security";
import { hashPassword } from "@/lib/services/accounts";
import { defineAccountOperation } from "./operation";

const SESSION_ENDED = "Your session has ended. Sign in again to continue.";
const TAKEN_EMAIL = "An account with this email already exists.";

export type CurrentPasswordWrong = { currentPasswordWrong: true };

const currentPasswordWrong: CurrentPasswordWrong = { currentPasswordWrong: true };

async function lockedAccount(tx: Transaction, userId: string): Promise<Result<accounts.AccountSecurityRow>> {
  const account = await accounts.lockAccount(tx, { userId });
  return account ? ok(account) : fail("unauthenticated", SESSION_ENDED);
}

/** Records a single-use link proving the new address, and returns its mail. */
async function emailChangeLink(tx: Transaction, account: { id: string; name: string }, newEmail: string): Promise<OutgoingEmail> {
  const token = randomSecret();
  await accounts.insertEmailVerification(tx, { tokenHash: sha256Hex(token), userId: account.id, email: newEmail, expiresAt: new Date(Date.now() + EMAIL_VERIFICATION_TTL_MS) });
  return emailChangeMail(account, newEmail, `${appUrl()}/verify-email?token=${encodeURIComponent(token)}`);
}

export const updateProfile = defineAccountOperation({
  name: "accounts.update_profile",
  input: updateProfileInput,
  async run({ tx, principal, audit }, { name }) {
    const locked = await lockedAccount(tx, principal.userId);
    if (!locked.ok) return locked;
    const account = locked.data;
    if (account.name !== name) {
      await accounts.renameUser(tx, { userId: account.id, name });
      audit({ action: "user.renamed", targetType: "user", targetId: account.id, before: { name: account.name }, after: { name } });
    }
    return ok({ name });
  },
});

/**
 * Asks to move the account to a new address: the address waits as pending, a link is mailed to
 * it and a notice to the current one. Until the link is followed the current address stays the
 * one that signs in and receives invitations; the new one does neither.
 */
export const requestEmailChange = defineAccountOperation({
  name: "accounts.request_email_change",
  input: changeEmailInput,
  async run({ tx, principal, audit, mail }, { email, currentPassword }): Promise<Result<{ pendingEmail: string } | CurrentPasswordWrong>> {
    const locked = await lockedAccount(tx, principal.userId);
    if (!locked.ok) return locked;
    const account = locked.data;
    if (email === account.email) return fail("invalid_input", "Please correct the highlighted fields.", { email: ["This is already your email address."] });
    if (await accounts.emailTaken(tx, { email })) return fail("conflict", "Please correct the highlighted fields.", { email: [TAKEN_EMAIL] });
    const now = new Date();
    const check = await checkCurrentPassword(tx, account, currentPassword, now);
    if (check === "throttled") return fail("rate_limited", CURRENT_PASSWORD_THROTTLED);
    if (check === "wrong") return ok(currentPasswordWrong);
    if (!(await takeEmailChangeLink(tx, account.id, now))) return fail("rate_limited", EMAIL_CHANGE_THROTTLED);
    await accounts.setPendingEmail(tx, { userId: account.id, email });
    mail(await emailChangeLink(tx, account, email));
    // Telling the current address lets its owner notice a change they did not make.
    if (account.pendingEmail !== email) mail(emailChangeNoticeMail(account, email, `${appUrl()}/forgot-password`));
    audit({ action: "user.email_change_requested", targetType: "user", targetId: account.id, before: { email: account.email, pendingEmail: account.pendingEmail }, after: { pendingEmail: email } });
    return ok({ pendingEmail: email });
  },
});

/** Mails a fresh link to the address the account is waiting to move to. */
export const resendEmailChange = defineAccountOperation({
  name: "accounts.resend_email_change",
  input: z.object({}),
  revalidate: () => [],
  async run({ tx, principal, mail }) {
    const locked = await lockedAccount(tx, principal.userId);
    if (!locked.ok) return locked;
    const account = locked.data;
    if (!account.pendingEmail) return fail("conflict", "No email change is waiting for confirmation.");
    if (!(await takeEmailChangeLink(tx, account.id))) return fail("rate_limited", EMAIL_CHANGE_THROTTLED);
    mail(await emailChangeLink(tx, account, account.pendingEmail));
    return ok({ pendingEmail: account.pendingEmail });
  },
});

/** Withdraws the pending address; links already mailed to it stop working (they no longer match). */
export const cancelEmailChange = defineAccountOperation({
  name: "accounts.cancel_email_change",
  input: z.object({}),
  async run({ tx, principal, audit }) {
    const locked = await lockedAccount(tx, principal.userId);
    if (!locked.ok) return locked;
    const account = locked.data;
    if (!account.pendingEmail) return fail("conflict", "No email change is waiting for confirmation.");
    await accounts.setPendingEmail(tx, { userId: account.id, email: null });
    audit({ action: "user.email_change_cancelled", targetType: "user", targetId: account.id, before: { pendingEmail: account.pendingEmail }, after: { pendingEmail: null } });
    return ok({ email: account.email });
  },
});

/** Sets a new password after checking the current one; every other session ends and unused reset links die. */
export const changePassword = defineAccountOperation({
  name: "accounts.change_password",
  input: changePasswordInput,
  // Nothing shown depends on the password; and a page rendered in this response would still see
  // the request's old session token, which the change has just ended.
  revalidate: () => [],
  // Hashed before the transaction opens (a hash holds the CPU for a while; PGlite runs one
  // transaction at a time). Wasted when the current password turns out wrong, which is rare.
  prepare: async ({ newPassword }) => ({ passwordHash: await hashPassword(newPassword) }),
  async run({ tx, principal, audit, mail, prepared }, { currentPassword }): Promise<Result<{ renewal: SessionRenewal } | CurrentPasswordWrong>> {
    const locked = await lockedAccount(tx, principal.userId);
    if (!locked.ok) return locked;
    const account = locked.data;
    const now = new Date();
    const check = await checkCurrentPassword(tx, account, currentPassword, now);
    if (check === "throttled") return fail("rate_limited", CURRENT_PASSWORD_THROTTLED);
    if (check === "wrong") return ok(currentPasswordWrong);
    const changed = await accounts.replacePassword(tx, { userId: account.id, passwordHash: prepared.passwordHash, now });
    if (!changed) return fail("unauthenticated", SESSION_ENDED);
    await voidPasswordResets(tx, { userId: account.id, now });
    audit({ action: "user.password_changed", targetType: "user", targetId: account.id, after: { via: "settings", otherSessionsEnded: true } });
    mail(passwordChangedMail(account, "changed", `${appUrl()}/forgot-password`));
    return ok({ renewal: { userId: account.id, from: account.sessionVersion, to: changed.sessionVersion } });
  },
});

/** Ends every other session of the account on its next request. */
export const signOutEverywhere = defineAccountOperation({
  name: "accounts.sign_out_everywhere",
  input: z.object({}),
  revalidate: () => [],
  async run({ tx, principal, audit }): Promise<Result<{ renewal: SessionRenewal }>> {
    const locked = await lockedAccount(tx, principal.userId);
    if (!locked.ok) return locked;
    const account = locked.data;
    const version = await accounts.raiseSessionVersion(tx, { userId: account.id });
    if (version === null) return fail("unauthenticated", SESSION_ENDED);
    audit({ action: "user.sessions_ended", targetType: "user", targetId: account.id, before: { sessionVersion: account.sessionVersion }, after: { sessionVersion: version } });
    return ok({ renewal: { userId: account.id, from: account.sessionVersion, to: version } });
  },
});
