// The mail inviting an address to join an organization: one link to answer, and for an address
// with no account yet, a sign-up link that comes back to it.

import type { OutgoingEmail } from "../outbox";
import { escapeHtml } from "./html";

export type InvitationMail = {
  email: string;
  role: string;
  acceptLink: string;
  signUpLink: string;
  expiresAt: Date;
  orgName: string;
  inviterName: string;
  /** An account already uses the address. */
  registered: boolean;
};

export function organizationInvitationMail(mail: InvitationMail): OutgoingEmail {
  const expires = mail.expiresAt.toUTCString();
  const account = mail.registered
    ? `Sign in as ${mail.email} to accept or decline.`
    : `You do not have an account yet. Create one with this address first, then come back to the link:\n\n${mail.signUpLink}`;
  return {
    to: mail.email,
    subject: `${mail.inviterName} invited you to join ${mail.orgName}`,
    text: `Hello,\n\n${mail.inviterName} invited you to join the organization ${mail.orgName} as ${mail.role}.\n\nOpen this link to accept or decline:\n\n${mail.acceptLink}\n\n${account}\n\nThe invitation works once and expires on ${expires}. If you did not expect it, ignore this mail.\n`,
    html: `<p>Hello,</p><p>${escapeHtml(mail.inviterName)} invited you to join the organization <strong>${escapeHtml(mail.orgName)}</strong> as ${escapeHtml(mail.role)}.</p><p><a href="${mail.acceptLink}">Accept or decline the invitation</a></p>${
      mail.registered
        ? `<p>Sign in as ${escapeHtml(mail.email)} to answer.</p>`
        : `<p>You do not have an account yet: <a href="${escapeHtml(mail.signUpLink)}">create one with this address</a> first, then come back to the link.</p>`
    }<p>The invitation works once and expires on ${escapeHtml(expires)}. If you did not expect it, ignore this mail.</p>`,
  };
}
