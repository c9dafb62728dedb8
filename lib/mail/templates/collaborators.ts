// Mails about collaborating on an app: added directly, or invited by email (the link proves the
// address). Plain text and HTML say the same.

import type { OutgoingEmail } from "../outbox";
import { escapeHtml } from "./html";

type AppNames = { name: string; ownerHandle: string; appId: string };

/** What the grant allows, in words: its scopes and, when set, the endpoints it is limited to. */
export type MailedGrant = { scopes: readonly string[]; endpointScopes: readonly string[] | null };

function methodOf(endpoint: string): string {
  return endpoint.slice(endpoint.lastIndexOf("/") + 1);
}

/** The grant's lines: scopes, then the endpoint limit (or that every endpoint those scopes allow is open). */
function grantLines(grant: MailedGrant): string[] {
  const lines = [`Your scopes: ${grant.scopes.join(", ")}.`];
  if (grant.endpointScopes === null) lines.push("You may call every API endpoint these scopes allow.");
  else lines.push(`Through the API you are limited to ${grant.endpointScopes.length === 1 ? "this endpoint" : `these ${grant.endpointScopes.length} endpoints`}: ${grant.endpointScopes.map(methodOf).join(", ")}.`);
  return lines;
}

export function collaboratorAddedMail(to: string, app: AppNames, grant: MailedGrant, baseUrl: string): OutgoingEmail {
  const path = `${app.ownerHandle}/${app.appId}`;
  const link = `${baseUrl}/${encodeURIComponent(app.ownerHandle)}/${encodeURIComponent(app.appId)}`;
  const tokens = `${baseUrl}/settings/security`;
  return {
    to,
    subject: `You were added as a collaborator on ${app.name}`,
    text: `You can now work on ${path}:\n\n${link}\n\n${grantLines(grant).join("\n")}\n\nAn access token for this app, with these scopes, is waiting in your security settings; reveal it there when you need it:\n\n${tokens}\n`,
    html: `<p>You can now work on <a href="${link}">${escapeHtml(path)}</a>.</p>${grantLines(grant).map((line) => `<p>${escapeHtml(line)}</p>`).join("")}<p>An access token for this app, with these scopes, is waiting in your <a href="${tokens}">security settings</a>; reveal it there when you need it.</p>`,
  };
}

export function collaboratorInvitationMail(to: string, app: AppNames, acceptLink: string, grant: MailedGrant): OutgoingEmail {
  const path = `${app.ownerHandle}/${app.appId}`;
  return {
    to,
    subject: `You are invited to collaborate on ${app.name}`,
    text: `You are invited to collaborate on ${path}.\n\nSign in (or sign up) with this email address, then open this link to accept:\n\n${acceptLink}\n\n${grantLines(grant).join("\n")}\n`,
    html: `<p>You are invited to collaborate on ${escapeHtml(path)}.</p><p>Sign in (or sign up) with this email address, then <a href="${acceptLink}">accept the invitation</a>.</p>${grantLines(grant).map((line) => `<p>${escapeHtml(line)}</p>`).join("")}`,
  };
}
