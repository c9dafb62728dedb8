// Resetting a forgotten password, for someone not signed in: asking mails a single-use link
// (stored by its hash) to the account's current address; following it sets a new password and
// ends every session of the account. Asking answers the same whether or not an account uses the
// address, and is throttled per address and per client.

import * as accounts from "@/db/queries/accounts";
import { claimPasswordReset, insertPasswordReset, voidPasswordResets } from "@/db/queries/password-resets";
import { appUrl } from "@/lib/config";
import { passwordChangedMail, passwordResetMail } from "@/lib/mail/templates/account-security";
import { fail, ok } from "@/lib/result";
import { randomSecret, sha256Hex } from "@/lib/secrets";
import { PASSWORD_RESET_TTL_MS, RESET_LINK_INVALID, RESET_THROTTLED, completePasswordResetInput, requestPasswordResetInput, takeResetRequest } from "@/lib/services/account-security";
import { hashPassword } from "@/lib/services/accounts";
import { endCredentialsOnAddressProof } from "@/lib/services/credentials";
import { notifyWaitingInvitations } from "@/lib/services/invitations";
import { definePublicOperation } from "./operation";

export const requestPasswordReset = definePublicOperation({
  name: "accounts.request_password_reset",
  input: requestPasswordResetInput,
  async run({ tx, audit, mail }, { email, clientAddress }) {
    const now = new Date();
    if (!(await takeResetRequest(tx, { email, clientAddress }, now))) return fail("rate_limited", RESET_THROTTLED);
    // Only the address the account uses now: a pending new address proves nothing yet.
    const user = await accounts.findUserByEmail(tx, { email });
    if (user) {
      const token = randomSecret();
      await insertPasswordReset(tx, { tokenHash: sha256Hex(token), userId: user.id, email: user.email, expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS) });
      mail(passwordResetMail(user, `${appUrl()}/reset-password?token=${encodeURIComponent(token)}`));
      audit({ action: "user.password_reset_requested", targetType: "user", targetId: user.id, after: { email: user.email } });
    }
    return ok({ email });
  },
});

/**
 * Consumes a reset link and sets the new password (hashed before the transaction opens). The link
 * is single use and expiring, and works only while the account still uses the address it was sent
 * to — which then counts as verified: following the mailed link proved control of it. Every
 * session of the account ends, and its other reset links die; when the address was not verified
 * before, so do its tokens and keys (whoever made them may not be who controls the address).
 */
export const completePasswordReset = definePublicOperation({
  name: "accounts.complete_password_reset",
  input: completePasswordResetInput,
  prepare: async (input) => ({ passwordHash: await hashPassword(input.password) }),
  async run({ tx, prepared, audit, mail }, { token }) {
    const now = new Date();
    const claimed = await claimPasswordReset(tx, { tokenHash: sha256Hex(token), now });
    if (!claimed) return fail("not_found", RESET_LINK_INVALID);
    const before = await accounts.findUser(tx, { userId: claimed.userId });
    const user = await accounts.replacePassword(tx, { userId: claimed.userId, email: claimed.email, passwordHash: prepared.passwordHash, now });
    if (!user) return fail("not_found", RESET_LINK_INVALID);
    const addressWasVerified = before !== null && before.emailVerifiedAt !== null;
    await endCredentialsOnAddressProof({ tx, audit }, { userId: user.id, addressWasVerified }, "password_reset", now);
    if (!addressWasVerified) {
      audit({ actorUserId: user.id, action: "user.email_verified", targetType: "user", targetId: user.id, after: { email: user.email, via: "password_reset" } });
      await notifyWaitingInvitations(tx, user);
    }
    await voidPasswordResets(tx, { userId: user.id, now });
    audit({ actorUserId: user.id, action: "user.password_reset", targetType: "user", targetId: user.id, after: { via: "email_link", sessionsEnded: true } });
    mail(passwordChangedMail(user, "reset", `${appUrl()}/forgot-password`));
    return ok({ email: user.email });
  },
});
