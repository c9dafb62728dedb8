// Rules and shared pieces for invitations to join an organization: the pending list, what an
// emailed link shows, the invitee's own list, and their notifications. Sending, re-sending,
// withdrawing and answering are operations (lib/operations/invitations.ts); the rows are read and
// written by db/queries/invitations.ts.
import { z } from "zod";
import type { Database, DbOrTx, Transaction } from "@/db/client";
import { findUserByEmail } from "@/db/queries/accounts";
import { findInvitationByToken, listInvitationsTo, listPendingInvitations, type InvitationRow } from "@/db/queries/invitations";
import { INVITATION_NOTIFICATION_KIND, deleteInvitationNotifications } from "@/db/queries/notifications";
import type { OrgRole } from "@/lib/authz";
import { sha256Hex } from "@/lib/secrets";
import type { AccountSummary } from "./accounts";
import { notify } from "./notifications";

export const MAX_INVITATIONS_PER_REQUEST = 50;

export type InvitationStatus = "pending" | "accepted" | "declined" | "rescinded" | "expired" | "void";

const tokenSchema = z.string().min(16).max(200);

export function invitationPath(token: string): string {
  return `/invitations/${encodeURIComponent(token)}`;
}

/** Splits what was typed into the dialog: commas, semicolons, spaces and new lines separate. */
export function splitEmailList(raw: unknown): string[] | null {
  const parts = typeof raw === "string" ? [raw] : Array.isArray(raw) && raw.every((item) => typeof item === "string") ? (raw as string[]) : null;
  if (!parts) return null;
  return parts.flatMap((part) => part.split(/[\s,;]+/)).filter((part) => part.length > 0);
}

export type InvitedEmail = { invitationId: string; email: string; role: OrgRole; expiresAt: string; replacedPending: boolean; registered: boolean };

/**
 * Tells the account using the invited address, if there is one; returns whether there is. Only a
 * verified address is told anything in the console: whoever registered an unverified one may not
 * own it (the mail, which proves the address, still goes out).
 */
export async function notifyInvitee(tx: Transaction, invitation: { id: string; email: string; role: OrgRole }, org: { name: string }, inviter: { name: string }): Promise<boolean> {
  const invitee = await findUserByEmail(tx, { email: invitation.email });
  if (!invitee) return false;
  if (invitee.emailVerifiedAt !== null) await notifyOfInvitation(tx, invitee.id, invitation, org, inviter);
  return true;
}

async function notifyOfInvitation(tx: Transaction, userId: string, invitation: { id: string; role: OrgRole }, org: { name: string }, inviter: { name: string }): Promise<void> {
  await notify(tx, userId, {
    kind: INVITATION_NOTIFICATION_KIND,
    title: `${inviter.name} invited you to join ${org.name}`,
    body: `Role: ${invitation.role}`,
    data: { invitationId: invitation.id },
  });
}

/** Once an address is verified, the invitations waiting for it appear in the account's notifications. */
export async function notifyWaitingInvitations(tx: Transaction, user: { id: string; email: string }, now = new Date()): Promise<void> {
  for (const row of await listInvitationsTo(tx, { email: user.email, now })) {
    await deleteInvitationNotifications(tx, { invitationId: row.id });
    await notifyOfInvitation(tx, user.id, row, { name: row.orgName }, { name: row.invitedBy ?? "An Admin" });
  }
}

export type PendingInvitationView = {
  id: string;
  email: string;
  role: OrgRole;
  invitedBy: string | null;
  sentAt: string;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
  /** The teams accepting seats the invitee on. */
  teams: { teamId: string; name: string }[];
};

/** At most this many teams on one invitation. */
export const MAX_INVITATION_TEAMS = 20;

/** An organization's pending invitations, newest first, searched by address; expired ones are flagged. The caller has authorized the read. */
export async function pendingInvitationsOf(db: DbOrTx, orgId: string, now: Date, query = ""): Promise<PendingInvitationView[]> {
  const rows = await listPendingInvitations(db, { orgId, query });
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role,
    invitedBy: row.invitedBy,
    sentAt: row.lastSentAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    expired: row.expiresAt <= now,
    teams: row.teams ?? [],
  }));
}

export type MyInvitationView = { id: string; orgName: string; orgHandle: string; role: OrgRole; invitedBy: string | null; expiresAt: string; sentAt: string };

/** Pending, unexpired invitations addressed to the user's email; none until that email is verified. */
export async function listMyInvitations(db: DbOrTx, user: Pick<AccountSummary, "email" | "emailVerified">, now = new Date()): Promise<MyInvitationView[]> {
  if (!user.emailVerified) return [];
  const rows = await listInvitationsTo(db, { email: user.email, now });
  return rows.map((row) => ({ ...row, expiresAt: row.expiresAt.toISOString(), sentAt: row.sentAt.toISOString() }));
}

export function effectiveStatus(row: Pick<InvitationRow, "status" | "expiresAt">, now: Date): InvitationStatus {
  return row.status === "pending" && row.expiresAt <= now ? "expired" : row.status;
}

export type InvitationLanding =
  | { state: "invalid" }
  | {
      state: InvitationStatus;
      /** Why a void invitation is void. */
      voidReason: string | null;
      orgName: string;
      orgHandle: string;
      role: OrgRole;
      email: string;
      invitedBy: string | null;
      expiresAt: string;
      forViewer: boolean;
      /** The viewer is the one who accepted or declined it. */
      answeredByViewer: boolean;
    };

/** What the emailed link's page shows. Reads only: opening the link never changes anything. */
export async function describeInvitationToken(db: Database, token: string, viewer: Pick<AccountSummary, "id" | "email">, now = new Date()): Promise<InvitationLanding> {
  if (!tokenSchema.safeParse(token).success) return { state: "invalid" };
  const row = await findInvitationByToken(db, { tokenHash: sha256Hex(token) });
  if (!row) return { state: "invalid" };
  return {
    state: effectiveStatus(row.invitation, now),
    voidReason: row.invitation.voidReason,
    orgName: row.orgName,
    orgHandle: row.orgHandle,
    role: row.invitation.role,
    email: row.invitation.email,
    invitedBy: row.invitedBy,
    expiresAt: row.invitation.expiresAt.toISOString(),
    forViewer: row.invitation.email === viewer.email,
    answeredByViewer: row.invitation.respondedBy !== null && row.invitation.respondedBy === viewer.id,
  };
}

export const INVALID_LINK = "This invitation link is not valid. Check that you opened the whole link from the email.";

export function notPendingMessage(status: InvitationStatus, org: string): string {
  switch (status) {
    case "accepted":
      return `This invitation was already used to join ${org}.`;
    case "declined":
      return `This invitation to ${org} was declined.`;
    case "rescinded":
      return `This invitation was withdrawn by an Admin of ${org}.`;
    case "expired":
      return `This invitation has expired. Ask an Admin of ${org} to send a new one.`;
    case "void":
      return `This invitation is void: whoever sent it can no longer give that role. Ask an Admin of ${org} for a new one.`;
    default:
      return "This invitation is no longer pending.";
  }
}

export type InvitationReference = { token: string } | { invitationId: string };
export type InvitationAnswer = "accept" | "decline";
export type InvitationOutcome = { invitationId: string; orgHandle: string; orgName: string; role: OrgRole; status: "accepted" | "declined"; alreadyMember: boolean };

