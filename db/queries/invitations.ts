// Invitations to join an organization. The organization's side (sending, re-sending, withdrawing,
// the pending list) names the org in every statement. The invitee's side starts from what they
// hold, their address or the emailed token's hash, and learns the org from the invitation.
import { and, asc, desc, eq, gt, ilike, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { invitationTeams, invitations, organizations, teams, users } from "@/db/schema";
import { likePattern } from "./search";
import type { OrgRole } from "@/lib/authz";

export type InvitationRow = typeof invitations.$inferSelect;

type Invitation = { orgId: string; invitationId: string };

const inviter = alias(users, "inviter");

function pending({ orgId, invitationId }: Invitation) {
  return and(eq(invitations.id, invitationId), eq(invitations.orgId, orgId), eq(invitations.status, "pending"));
}

// ─── Reads ──────────────────────────────────────────────────────────────────────────────────

/** The teams an invitation seats its invitee on (id and name, by name), as JSON. */
const invitationTeamsJson = sql<{ teamId: string; name: string }[]>`(select coalesce(json_agg(json_build_object('teamId', ${teams.teamId}, 'name', ${teams.name}) order by lower(${teams.name}), ${teams.id}), '[]'::json)
  from ${invitationTeams} join ${teams} on ${teams.id} = ${invitationTeams.teamId} and ${teams.orgId} = ${invitationTeams.orgId}
  where ${invitationTeams.invitationId} = ${invitations.id})`;

/** The organization's pending invitations (expired ones too), newest first; `query` searches the address. */
export async function listPendingInvitations(db: DbOrTx, { orgId, query = "" }: { orgId: string; query?: string }) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      invitedBy: inviter.name,
      lastSentAt: invitations.lastSentAt,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      teams: invitationTeamsJson,
    })
    .from(invitations)
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .where(and(eq(invitations.orgId, orgId), eq(invitations.status, "pending"), query ? ilike(invitations.email, likePattern(query.toLowerCase())) : undefined))
    .orderBy(desc(invitations.createdAt), asc(invitations.email));
}

/** Pending invitations to the address that have not expired at `now`, in every organization, last sent first. */
export async function listInvitationsTo(db: DbOrTx, { email, now }: { email: string; now: Date }) {
  return db
    .select({
      id: invitations.id,
      orgName: organizations.name,
      orgHandle: organizations.handle,
      role: invitations.role,
      invitedBy: inviter.name,
      expiresAt: invitations.expiresAt,
      sentAt: invitations.lastSentAt,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .where(and(eq(invitations.email, email), eq(invitations.status, "pending"), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.lastSentAt));
}

/** The invitation an emailed token opens, whatever its state, with its organization and sender's name. */
export async function findInvitationByToken(db: DbOrTx, { tokenHash }: { tokenHash: string }) {
  const [row] = await db
    .select({ invitation: invitations, orgName: organizations.name, orgHandle: organizations.handle, invitedBy: inviter.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .where(eq(invitations.tokenHash, tokenHash));
  return row ?? null;
}

/** The organization's pending invitations to any of these addresses that have not expired at `now`. */
export async function livePendingInvitationsTo(db: DbOrTx, { orgId, emails, now }: { orgId: string; emails: readonly string[]; now: Date }): Promise<{ id: string; email: string; role: OrgRole }[]> {
  if (emails.length === 0) return [];
  return db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role })
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), inArray(invitations.email, [...emails]), eq(invitations.status, "pending"), gt(invitations.expiresAt, now)));
}

/** A pending invitation of the organization; null when it is not (any longer) pending. */
export async function findPendingInvitation(db: DbOrTx, key: Invitation): Promise<{ expiresAt: Date } | null> {
  const [row] = await db.select({ expiresAt: invitations.expiresAt }).from(invitations).where(pending(key));
  return row ?? null;
}

// ─── The organization's changes ─────────────────────────────────────────────────────────────

type Sent = { id: string; email: string; role: OrgRole };

export async function insertInvitation(
  db: DbOrTx,
  values: { id: string; orgId: string; email: string; role: OrgRole; invitedBy: string; tokenHash: string; expiresAt: Date; lastSentAt: Date },
): Promise<void> {
  await db.insert(invitations).values(values);
}

/** Records the teams the invitation seats its invitee on (teams of the invitation's org). */
export async function insertInvitationTeams(db: DbOrTx, { orgId, invitationId, teamIds }: Invitation & { teamIds: readonly string[] }): Promise<void> {
  if (teamIds.length === 0) return;
  await db.insert(invitationTeams).values(teamIds.map((teamId) => ({ invitationId, orgId, teamId })));
}

/**
 * The teams (still existing) an invitation seats its invitee on, each held with a shared lock until
 * the transaction ends, so none is deleted between this read and the seat.
 */
export async function teamIdsOfInvitation(db: DbOrTx, { orgId, invitationId }: Invitation): Promise<string[]> {
  const rows = await db
    .select({ teamId: invitationTeams.teamId })
    .from(invitationTeams)
    .innerJoin(teams, and(eq(teams.id, invitationTeams.teamId), eq(teams.orgId, invitationTeams.orgId)))
    .where(and(eq(invitationTeams.invitationId, invitationId), eq(invitationTeams.orgId, orgId)))
    .for("share", { of: teams });
  return rows.map((row) => row.teamId);
}

/** Withdraws the organization's pending invitations to the address (there is at most one); returns them. */
export async function rescindPendingInvitationsTo(db: DbOrTx, { orgId, email, at }: { orgId: string; email: string; at: Date }): Promise<{ id: string; role: OrgRole }[]> {
  return db
    .update(invitations)
    .set({ status: "rescinded", respondedAt: at })
    .where(and(eq(invitations.orgId, orgId), eq(invitations.email, email), eq(invitations.status, "pending")))
    .returning({ id: invitations.id, role: invitations.role });
}

/** Withdraws the invitation if it is still pending; null when it is not. */
export async function rescindPendingInvitation(db: DbOrTx, { at, ...key }: Invitation & { at: Date }): Promise<Sent | null> {
  const [row] = await db
    .update(invitations)
    .set({ status: "rescinded", respondedAt: at })
    .where(pending(key))
    .returning({ id: invitations.id, email: invitations.email, role: invitations.role });
  return row ?? null;
}

/** Gives a pending invitation a new token and expiry; null when it is no longer pending. */
export async function renewPendingInvitation(
  db: DbOrTx,
  { tokenHash, expiresAt, sentAt, ...key }: Invitation & { tokenHash: string; expiresAt: Date; sentAt: Date },
): Promise<Sent | null> {
  const [row] = await db
    .update(invitations)
    .set({ tokenHash, expiresAt, lastSentAt: sentAt })
    .where(pending(key))
    .returning({ id: invitations.id, email: invitations.email, role: invitations.role });
  return row ?? null;
}

// ─── Answering ──────────────────────────────────────────────────────────────────────────────

/** The invitation being answered, by token hash or id, locked until the transaction ends, with its organization. */
export async function lockInvitationToAnswer(db: DbOrTx, by: { tokenHash: string } | { invitationId: string }) {
  const [row] = await db
    .select({ invitation: invitations, orgName: organizations.name, orgHandle: organizations.handle })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where("tokenHash" in by ? eq(invitations.tokenHash, by.tokenHash) : eq(invitations.id, by.invitationId))
    .for("update", { of: invitations });
  return row ?? null;
}

/** Records that the invitation is void and why. */
export async function voidInvitation(
  db: DbOrTx,
  { orgId, invitationId, reason, respondedBy, at }: Invitation & { reason: string; respondedBy: string; at: Date },
): Promise<void> {
  await db
    .update(invitations)
    .set({ status: "void", voidReason: reason, respondedBy, respondedAt: at })
    .where(and(eq(invitations.id, invitationId), eq(invitations.orgId, orgId)));
}

/** Records the answer if the invitation is still pending; false when another answer came first. */
export async function claimPendingInvitation(
  db: DbOrTx,
  { status, respondedBy, at, ...key }: Invitation & { status: "accepted" | "declined"; respondedBy: string; at: Date },
): Promise<boolean> {
  const claimed = await db.update(invitations).set({ status, respondedBy, respondedAt: at }).where(pending(key)).returning({ id: invitations.id });
  return claimed.length > 0;
}

// ─── The accounts involved ──────────────────────────────────────────────────────────────────

