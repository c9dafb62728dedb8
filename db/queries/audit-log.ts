// Reading the audit log: one organization's events, or one app's, newest first, by keyset on
// (created_at, id) so that every page costs the same however deep it is and however many events
// there are (each filter has its index, see db/schema/activity.ts). Timestamps travel as text with
// microseconds: a JavaScript Date keeps milliseconds only, and two events of one millisecond would
// otherwise be skipped or repeated between pages.
import { and, asc, desc, eq, gte, isNull, lt, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import type { AuditLogReach } from "@/lib/authz";
import { apps, auditEvents, clusters, collaboratorInvitations, deployments, environments, invitations, memberships, nodepools, organizations, permissionGroups, teams, users } from "@/db/schema";
import { auditResourceExpression, financeAuditPredicate } from "@/db/schema/activity";

/** Whose events: an organization's, or one app's (its org's events about it; a personal app's own). */
export type AuditLogScope = { kind: "org"; orgId: string } | { kind: "app"; appRef: string; orgId: string | null };

export type AuditLogFilters = {
  /** Every event, only finance events, or all but them (lib/authz decides who reads which). */
  reach: AuditLogReach;
  actorUserId?: string;
  /** A resource (`member`): all its actions. */
  resource?: string;
  /** One action (`member.role_changed`); its resource must be given too. */
  action?: string;
  targetId?: string;
  appRef?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  until?: Date;
};

/** A position in the log: an event's exact time (text, microseconds, UTC) and id. */
export type AuditPosition = { at: string; id: string };

export type AuditEventRow = {
  id: string;
  /** ISO 8601 with microseconds, UTC. */
  at: string;
  actorUserId: string | null;
  actorHandle: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string;
  /**
   * A readable name of the target when it still exists where the event happened (a user's email;
   * an app, team, cluster, nodepool or deployment ID; an environment's, permission group's or the
   * organization's name; an invitation's email). Null otherwise: the log then names it from what
   * the event recorded (lib/services/audit-log.ts).
   */
  targetLabel: string | null;
  appRef: string | null;
  /** The app's user-facing ID when the app still exists. */
  appId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
};

const EXACT_TIME = sql<string>`to_char(${auditEvents.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function scopeCondition(scope: AuditLogScope): SQL {
  if (scope.kind === "org") return eq(auditEvents.orgId, scope.orgId);
  // An app's events as long as it has been where it is now: a transferred app's earlier events
  // belong to its earlier owner.
  return and(eq(auditEvents.appId, scope.appRef), scope.orgId === null ? isNull(auditEvents.orgId) : eq(auditEvents.orgId, scope.orgId))!;
}

function conditions(scope: AuditLogScope, filters: AuditLogFilters): SQL[] {
  const where = [scopeCondition(scope)];
  if (filters.reach === "finance") where.push(financeAuditPredicate(auditEvents.action));
  if (filters.reach === "except_finance") where.push(sql`not (${financeAuditPredicate(auditEvents.action)})`);
  if (filters.actorUserId !== undefined) where.push(eq(auditEvents.actorUserId, filters.actorUserId));
  if (filters.resource !== undefined) where.push(sql`${auditResourceExpression(auditEvents.action)} = ${filters.resource}`);
  if (filters.action !== undefined) where.push(eq(auditEvents.action, filters.action));
  if (filters.targetId !== undefined) where.push(eq(auditEvents.targetId, filters.targetId));
  if (filters.appRef !== undefined) where.push(eq(auditEvents.appId, filters.appRef));
  if (filters.from !== undefined) where.push(gte(auditEvents.createdAt, filters.from));
  if (filters.until !== undefined) where.push(lt(auditEvents.createdAt, filters.until));
  return where;
}

const olderThan = (position: AuditPosition) => sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (${position.at}::timestamptz, ${position.id})`;
const newerThan = (position: AuditPosition) => sql`(${auditEvents.createdAt}, ${auditEvents.id}) > (${position.at}::timestamptz, ${position.id})`;

const actors = alias(users, "actor");
const targetUsers = alias(users, "target_user");
const targetApps = alias(apps, "target_app");
const targetOrgs = alias(organizations, "target_org");

/** `targetType` is `type` and `targetId` is `id`. */
const targetIs = (type: string, id: SQL | AnyColumn) => and(eq(auditEvents.targetType, type), eq(auditEvents.targetId, id));

async function selectEvents(db: DbOrTx, where: SQL[], direction: "older" | "newer", limit: number): Promise<AuditEventRow[]> {
  const order = direction === "older" ? [desc(auditEvents.createdAt), desc(auditEvents.id)] : [asc(auditEvents.createdAt), asc(auditEvents.id)];
  return db
    .select({
      id: auditEvents.id,
      at: EXACT_TIME,
      actorUserId: auditEvents.actorUserId,
      actorHandle: actors.handle,
      actorName: actors.name,
      actorEmail: actors.email,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      targetLabel: sql<string | null>`coalesce(${targetUsers.email}, ${targetApps.appId}, ${teams.teamId}, ${clusters.clusterId}, ${nodepools.nodepoolId}, ${deployments.deploymentId}, ${environments.name}, ${permissionGroups.name}, ${invitations.email}, ${collaboratorInvitations.email}, ${targetOrgs.name})`,
      appRef: auditEvents.appId,
      appId: apps.appId,
      ip: auditEvents.ip,
      before: auditEvents.before,
      after: auditEvents.after,
    })
    .from(auditEvents)
    .leftJoin(actors, eq(actors.id, auditEvents.actorUserId))
    .leftJoin(targetUsers, and(eq(auditEvents.targetType, "user"), eq(targetUsers.id, auditEvents.targetId)))
    .leftJoin(targetApps, and(eq(auditEvents.targetType, "app"), eq(targetApps.id, auditEvents.targetId)))
    .leftJoin(teams, and(eq(auditEvents.targetType, "team"), eq(teams.id, auditEvents.targetId)))
    // The rest only within the event's own organization (or app), so a name is never read across tenants.
    .leftJoin(clusters, and(targetIs("cluster", clusters.id), eq(clusters.orgId, auditEvents.orgId)))
    .leftJoin(nodepools, and(targetIs("nodepool", nodepools.id), eq(nodepools.orgId, auditEvents.orgId)))
    .leftJoin(deployments, and(targetIs("deployment", deployments.id), eq(deployments.orgId, auditEvents.orgId)))
    .leftJoin(environments, and(targetIs("environment", environments.id), eq(environments.orgId, auditEvents.orgId)))
    .leftJoin(permissionGroups, and(targetIs("permission_group", permissionGroups.id), eq(permissionGroups.orgId, auditEvents.orgId)))
    .leftJoin(invitations, and(targetIs("invitation", invitations.id), eq(invitations.orgId, auditEvents.orgId)))
    .leftJoin(collaboratorInvitations, and(targetIs("invitation", collaboratorInvitations.id), eq(collaboratorInvitations.appId, auditEvents.appId)))
    .leftJoin(targetOrgs, and(targetIs("organization", targetOrgs.id), eq(targetOrgs.id, auditEvents.orgId)))
    .leftJoin(apps, eq(apps.id, auditEvents.appId))
    .where(and(...where))
    .orderBy(...order)
    .limit(limit);
}

export type AuditEventPage = {
  events: AuditEventRow[];
  /** Where the next (older) page starts; null at the oldest event. */
  older: AuditPosition | null;
  /** Where the previous (newer) page ends; null on the newest page. */
  newer: AuditPosition | null;
};

/**
 * One page of events, newest first: the newest (no position), those older than a position (the
 * next page), or those newer than it (the previous page).
 */
export async function auditEventPage(
  db: DbOrTx,
  { scope, filters, position, pageSize }: { scope: AuditLogScope; filters: AuditLogFilters; position?: { direction: "older" | "newer" } & AuditPosition; pageSize: number },
): Promise<AuditEventPage> {
  const where = conditions(scope, filters);
  const direction = position?.direction ?? "older";
  if (position) where.push(direction === "older" ? olderThan(position) : newerThan(position));
  const rows = await selectEvents(db, where, direction, pageSize + 1);
  const more = rows.length > pageSize;
  const events = rows.slice(0, pageSize);
  if (direction === "newer") events.reverse();
  const first = events[0];
  const last = events[events.length - 1];
  // An empty page past a position still leads back to the other side of it.
  const edge = (event: AuditEventRow | undefined) => (event ? { at: event.at, id: event.id } : position ? { at: position.at, id: position.id } : null);
  if (direction === "older") return { events, older: more ? edge(last) : null, newer: position ? edge(first) : null };
  return { events, older: edge(last), newer: more ? edge(first) : null };
}

/** Up to `limit` events older than `after` (from the newest without it): one batch of an export. */
export async function auditEventBatch(db: DbOrTx, { scope, filters, after, limit }: { scope: AuditLogScope; filters: AuditLogFilters; after: AuditPosition | null; limit: number }): Promise<AuditEventRow[]> {
  const where = conditions(scope, filters);
  if (after) where.push(olderThan(after));
  return selectEvents(db, where, "older", limit);
}

/** One event of the scope, for its details; null when the scope has no such event. */
export async function findAuditEvent(db: DbOrTx, { scope, eventId }: { scope: AuditLogScope; eventId: string }): Promise<AuditEventRow | null> {
  const [row] = await selectEvents(db, [scopeCondition(scope), eq(auditEvents.id, eventId)], "older", 1);
  return row ?? null;
}

/**
 * The people an actor filter may name: a user whose email or user ID (handle) is `text`, or the
 * members of the organization with exactly that name (case-insensitive), among those who are
 * members of the organization now or acted in the scope before. Anyone else is unknown here: the
 * answer never says whether an account exists elsewhere.
 */
export async function findAuditActors(db: DbOrTx, { scope, text, orgId }: { scope: AuditLogScope; text: string; orgId: string | null }): Promise<{ userId: string; email: string; name: string }[]> {
  const key = text.trim().toLowerCase();
  const member = orgId === null ? sql`false` : sql`exists (select 1 from ${memberships} where ${memberships.orgId} = ${orgId} and ${memberships.userId} = ${users.id})`;
  const acted = sql`exists (select 1 from ${auditEvents} where ${scopeCondition(scope)} and ${auditEvents.actorUserId} = ${users.id})`;
  const byIdentity = await db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(or(eq(users.email, key), eq(users.handleKey, key)), or(member, acted)))
    .limit(1);
  if (byIdentity.length > 0 || orgId === null) return byIdentity;
  return db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.sortName, key)))
    .orderBy(asc(users.email))
    .limit(10);
}

/** The internal id of the organization's app with this app ID; null when the organization has none. */
export async function findOrgAppRef(db: DbOrTx, { orgId, appId }: { orgId: string; appId: string }): Promise<string | null> {
  const [row] = await db
    .select({ id: apps.id })
    .from(apps)
    .where(and(eq(apps.ownerOrgId, orgId), eq(apps.appId, appId)));
  return row?.id ?? null;
}
