// The mail that proves an address (one link, single use, expiring), and the notice sent instead when
// someone signs up with an address that already has an account (sign-up answers the same either way).

import type { OutgoingEmail } from "../outbox";
import { escapeHtml } from "./html";

export function verificationMail(user: { email: string; name: string }, link: string): OutgoingEmail {
  return {
    to: user.email,
    subject: "Verify your email address",
    text: `Hello ${user.name},\n\nConfirm that ${user.email} is your email address by opening this link:\n\n${link}\n\nThe link works once and expires in 48 hours. If you did not sign up, ignore this mail.\n`,
    html: `<p>Hello ${escapeHtml(user.name)},</p><p>Confirm that ${escapeHtml(user.email)} is your email address:</p><p><a href="${link}">Verify email address</a></p><p>The link works once and expires in 48 hours. If you did not sign up, ignore this mail.</p>`,
  };
}

/** `signInLink` and `resetLink` are plain pages: neither holds a token. */
export function signUpAttemptMail(user: { email: string; name: string }, signInLink: string, resetLink: string): OutgoingEmail {
  return {
    to: user.email,
    subject: "Someone tried to create an account with your email address",
    text: `Hello ${user.name},

Someone tried to create a new account with ${user.email}, which already has an account. No new account was created.

If it was you, sign in at ${signInLink}. If you forgot your password, reset it at ${resetLink}.

If it was not you, you can ignore this mail: your account did not change.
`,
    html: `<p>Hello ${escapeHtml(user.name)},</p><p>Someone tried to create a new account with ${escapeHtml(user.email)}, which already has an account. No new account was created.</p><p>If it was you, <a href="${escapeHtml(signInLink)}">sign in</a>. If you forgot your password, <a href="${escapeHtml(resetLink)}">reset it</a>.</p><p>If it was not you, you can ignore this mail: your account did not change.</p>`,
  };
}
