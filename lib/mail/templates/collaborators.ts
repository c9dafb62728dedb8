// Mails about collaborating on an app: added directly, or invited by email (the link proves the
// address). Plain text and HTML say the same.

import type { OutgoingEmail } from "../outbox";
import { escapeHtml } from "./html";

type AppNames = { name: string; ownerHandle: string; appId: string };

export function collaboratorAddedMail(to: string, app: AppNames, scopes: readonly string[], baseUrl: string): OutgoingEmail {
  const path = `${app.ownerHandle}/${app.appId}`;
  const link = `${baseUrl}/${encodeURIComponent(app.ownerHandle)}/${encodeURIComponent(app.appId)}`;
  const tokens = `${baseUrl}/settings/security`;
  return {
    to,
    subject: `You were added as a collaborator on ${app.name}`,
    text: `You can now work on ${path}:\n\n${link}\n\nYour scopes: ${scopes.join(", ")}.\n\nAn access token for this app, with these scopes, is waiting in your security settings; reveal it there when you need it:\n\n${tokens}\n`,
    html: `<p>You can now work on <a href="${link}">${escapeHtml(path)}</a>.</p><p>Your scopes: ${escapeHtml(scopes.join(", "))}.</p><p>An access token for this app, with these scopes, is waiting in your <a href="${tokens}">security settings</a>; reveal it there when you need it.</p>`,
  };
}

export function collaboratorInvitationMail(to: string, app: AppNames, acceptLink: string): OutgoingEmail {
  const path = `${app.ownerHandle}/${app.appId}`;
  return {
    to,
    subject: `You are invited to collaborate on ${app.name}`,
    text: `You are invited to collaborate on ${path}.\n\nSign in (or sign up) with this email address, then open this link to accept:\n\n${acceptLink}\n`,
    html: `<p>You are invited to collaborate on ${escapeHtml(path)}.</p><p>Sign in (or sign up) with this email address, then <a href="${acceptLink}">accept the invitation</a>.</p>`,
  };
}
