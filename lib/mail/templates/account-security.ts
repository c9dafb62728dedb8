// Mail about a person's own account: the link that proves a new address, the notice to the old
// one, the password reset link, and the notice that the password changed. Notices carry no link
// that does anything: they tell the person what happened and what to do if it was not them.

import type { OutgoingEmail } from "../outbox";
import { escapeHtml } from "./html";

const notYou = (resetLink: string) => `If this was not you, reset your password at ${resetLink} and check your account's email address.`;
const notYouHtml = (resetLink: string) => `If this was not you, <a href="${escapeHtml(resetLink)}">reset your password</a> and check your account's email address.`;

export function emailChangeMail(user: { name: string }, newEmail: string, link: string): OutgoingEmail {
  return {
    to: newEmail,
    subject: "Confirm your new email address",
    text: `Hello ${user.name},\n\nYou asked to use ${newEmail} for your account. Confirm it by opening this link:\n\n${link}\n\nUntil you do, your account keeps its current address for signing in and for invitations. The link works once and expires in 48 hours. If you did not ask for this, ignore this mail.\n`,
    html: `<p>Hello ${escapeHtml(user.name)},</p><p>You asked to use ${escapeHtml(newEmail)} for your account. Confirm it:</p><p><a href="${link}">Confirm new email address</a></p><p>Until you do, your account keeps its current address for signing in and for invitations. The link works once and expires in 48 hours. If you did not ask for this, ignore this mail.</p>`,
  };
}

/** `resetLink`: the page that asks for a password reset link (it holds no token). */
export function emailChangeNoticeMail(user: { name: string; email: string }, newEmail: string, resetLink: string): OutgoingEmail {
  return {
    to: user.email,
    subject: "Your account's email address is being changed",
    text: `Hello ${user.name},\n\nSomeone signed in to your account asked to change its email address from ${user.email} to ${newEmail}. Nothing changes until the link sent to ${newEmail} is opened.\n\n${notYou(resetLink)}\n`,
    html: `<p>Hello ${escapeHtml(user.name)},</p><p>Someone signed in to your account asked to change its email address from ${escapeHtml(user.email)} to ${escapeHtml(newEmail)}. Nothing changes until the link sent to ${escapeHtml(newEmail)} is opened.</p><p>${notYouHtml(resetLink)}</p>`,
  };
}

export function passwordResetMail(user: { name: string; email: string }, link: string): OutgoingEmail {
  return {
    to: user.email,
    subject: "Reset your password",
    text: `Hello ${user.name},\n\nSomeone asked to reset the password of the account using ${user.email}. To choose a new password, open this link:\n\n${link}\n\nThe link works once and expires in 1 hour. Resetting the password signs the account out everywhere. If you did not ask for this, ignore this mail: your password stays as it is.\n`,
    html: `<p>Hello ${escapeHtml(user.name)},</p><p>Someone asked to reset the password of the account using ${escapeHtml(user.email)}.</p><p><a href="${link}">Choose a new password</a></p><p>The link works once and expires in 1 hour. Resetting the password signs the account out everywhere. If you did not ask for this, ignore this mail: your password stays as it is.</p>`,
  };
}

export function passwordChangedMail(user: { name: string; email: string }, how: "changed" | "reset", resetLink: string): OutgoingEmail {
  const what = how === "reset" ? "was reset through a link sent to this address" : "was changed in the account settings";
  const sessions = how === "reset" ? "Every session of the account was signed out." : "Every other session of the account was signed out.";
  return {
    to: user.email,
    subject: "Your password was changed",
    text: `Hello ${user.name},\n\nThe password of your account ${what}. ${sessions}\n\n${notYou(resetLink)}\n`,
    html: `<p>Hello ${escapeHtml(user.name)},</p><p>The password of your account ${escapeHtml(what)}. ${sessions}</p><p>${notYouHtml(resetLink)}</p>`,
  };
}
