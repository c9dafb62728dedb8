// The mail that proves an address: one link, single use, expiring.

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
