// Teams of an organization: their seats (org members only: a composite FK to memberships) and the
// org's apps they hold, each with a permission group. `teamRef` is a team's row id, `teamId` the
// ID people type; `appRef` an app's row id.
import { and, asc, count, eq, ilike, inArray, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apps, memberships, permissionGroups, teamApps, teamMembers, teams, users } from "@/db/schema";
import { likePattern } from "./search";

type ListQuery = { q?: string; page?: number; pageSize?: number };
type Team = { orgId: string; teamRef: string };
type TeamApp = Team & { appId: string };

/** A page's rows: 20 unless asked, at most 100. */
function pageWindow({ page, pageSize }: ListQuery): { limit: number; offset: number } {
  const limit = Math.min(Math.max(pageSize ?? 20, 1), 100);
  return { limit, offset: (Math.max(page ?? 1, 1) - 1) * limit };
}

function memberCount(orgId: string) {
  return sql<number>`(select count(*)::int from ${teamMembers} where ${teamMembers.teamId} = ${teams.id} and ${teamMembers.orgId} = ${orgId})`;
}

export type TeamSummary = {
  id: string;
  teamId: string;
  name: string;
  defaultPermissionGroupId: string;
  defaultPermission: string;
  memberCount: number;
  appCount: number;
  createdAt: Date;
};

function teamColumns(orgId: string) {
  return {
    id: teams.id,
    teamId: teams.teamId,
    name: teams.name,
    defaultPermissionGroupId: teams.defaultPermissionGroupId,
    defaultPermission: permissionGroups.name,
    memberCount: memberCount(orgId),
    appCount: sql<number>`(select count(*)::int from ${teamApps} where ${teamApps.teamId} = ${teams.id} and ${teamApps.orgId} = ${orgId})`,
    createdAt: teams.createdAt,
  };
}

export async function listTeams(db: DbOrTx, { orgId, ...query }: { orgId: string } & ListQuery): Promise<{ rows: TeamSummary[]; total: number }> {
  const { limit, offset } = pageWindow(query);
  const conditions: SQL[] = [eq(teams.orgId, orgId)];
  const q = query.q?.trim();
  if (q) conditions.push(or(ilike(teams.teamId, likePattern(q)), ilike(teams.name, likePattern(q)))!);
  const where = and(...conditions);
  // The page's teams first (in index order), so member and app counts are computed for them only.
  const pageIds = db
    .select({ id: teams.id, sortKey: sql<string>`lower(${teams.teamId})`.as("sort_key") })
    .from(teams)
    .where(where)
    .orderBy(asc(sql`lower(${teams.teamId})`))
    .limit(limit)
    .offset(offset)
    .as("page_ids");
  const [rows, [total]] = await Promise.all([
    db
      .select(teamColumns(orgId))
      .from(pageIds)
      .innerJoin(teams, and(eq(teams.id, pageIds.id), eq(teams.orgId, orgId)))
      .innerJoin(permissionGroups, eq(permissionGroups.id, teams.defaultPermissionGroupId))
      .orderBy(asc(pageIds.sortKey)),
    db.select({ n: count() }).from(teams).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** A team by its (case-insensitive) team ID within the org; null when there is none. */
export async function findTeam(db: DbOrTx, { orgId, teamId }: { orgId: string; teamId: string }): Promise<TeamSummary | null> {
  const [row] = await db
    .select(teamColumns(orgId))
    .from(teams)
    .innerJoin(permissionGroups, eq(permissionGroups.id, teams.defaultPermissionGroupId))
    .where(and(eq(teams.orgId, orgId), sql`lower(${teams.teamId}) = lower(${teamId})`));
  return row ?? null;
}

/** Whether the org has a team with this team ID, compared case-insensitively like the unique index. */
export async function teamIdTaken(db: DbOrTx, { orgId, teamId }: { orgId: string; teamId: string }): Promise<boolean> {
  const [clash] = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.orgId, orgId), sql`lower(${teams.teamId}) = lower(${teamId})`));
  return clash !== undefined;
}

export type TeamMemberRow = { userId: string; handle: string; name: string; email: string; role: string; addedAt: Date };

export async function listTeamMembers(db: DbOrTx, { orgId, teamRef, ...query }: Team & ListQuery): Promise<{ rows: TeamMemberRow[]; total: number }> {
  const { limit, offset } = pageWindow(query);
  const conditions: SQL[] = [eq(teamMembers.orgId, orgId), eq(teamMembers.teamId, teamRef)];
  const q = query.q?.trim();
  if (q) conditions.push(or(ilike(users.handle, likePattern(q)), ilike(users.name, likePattern(q)), ilike(users.email, likePattern(q)))!);
  const where = and(...conditions);
  const base = db
    .select({ userId: users.id, handle: users.handle, name: users.name, email: users.email, role: memberships.role, addedAt: teamMembers.createdAt })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .innerJoin(memberships, and(eq(memberships.orgId, teamMembers.orgId), eq(memberships.userId, teamMembers.userId)));
  const [rows, [total]] = await Promise.all([
    base.where(where).orderBy(asc(sql`lower(${users.name})`), asc(users.id)).limit(limit).offset(offset),
    db.select({ n: count() }).from(teamMembers).innerJoin(users, eq(users.id, teamMembers.userId)).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Members of the org who are not on the team yet, matching `q` (the Add Members search). */
export async function searchMembersToAdd(db: DbOrTx, { orgId, teamRef, q }: Team & { q: string }) {
  const conditions: SQL[] = [
    eq(memberships.orgId, orgId),
    sql`not exists (select 1 from ${teamMembers} where ${teamMembers.teamId} = ${teamRef} and ${teamMembers.orgId} = ${orgId} and ${teamMembers.userId} = ${memberships.userId})`,
  ];
  const term = q.trim();
  if (term) conditions.push(or(ilike(users.handle, likePattern(term)), ilike(users.name, likePattern(term)), ilike(users.email, likePattern(term)))!);
  return db
    .select({ userId: users.id, handle: users.handle, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(...conditions))
    .orderBy(asc(sql`lower(${users.name})`))
    .limit(20);
}

export type TeamAppRow = { appRef: string; appId: string; name: string; permissionGroupId: string; permission: string; addedAt: Date };

export async function listTeamApps(db: DbOrTx, { orgId, teamRef, ...query }: Team & ListQuery): Promise<{ rows: TeamAppRow[]; total: number }> {
  const { limit, offset } = pageWindow(query);
  const conditions: SQL[] = [eq(teamApps.orgId, orgId), eq(teamApps.teamId, teamRef)];
  const q = query.q?.trim();
  if (q) conditions.push(or(ilike(apps.appId, likePattern(q)), ilike(apps.name, likePattern(q)))!);
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select({ appRef: apps.id, appId: apps.appId, name: apps.name, permissionGroupId: teamApps.permissionGroupId, permission: permissionGroups.name, addedAt: teamApps.createdAt })
      .from(teamApps)
      .innerJoin(apps, and(eq(apps.id, teamApps.appId), eq(apps.ownerOrgId, teamApps.orgId)))
      .innerJoin(permissionGroups, eq(permissionGroups.id, teamApps.permissionGroupId))
      .where(where)
      .orderBy(asc(sql`lower(${apps.name})`), asc(apps.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(teamApps).innerJoin(apps, eq(apps.id, teamApps.appId)).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Apps the org owns that the team does not hold yet, matching `q` (the Add App search). */
export async function searchAppsToAdd(db: DbOrTx, { orgId, teamRef, q }: Team & { q: string }) {
  const conditions: SQL[] = [
    eq(apps.ownerOrgId, orgId),
    sql`not exists (select 1 from ${teamApps} where ${teamApps.teamId} = ${teamRef} and ${teamApps.orgId} = ${orgId} and ${teamApps.appId} = ${apps.id})`,
  ];
  const term = q.trim();
  if (term) conditions.push(or(ilike(apps.appId, likePattern(term)), ilike(apps.name, likePattern(term)))!);
  return db
    .select({ appRef: apps.id, appId: apps.appId, name: apps.name })
    .from(apps)
    .where(and(...conditions))
    .orderBy(asc(sql`lower(${apps.name})`))
    .limit(20);
}

export type AppTeamRow = { teamRef: string; teamId: string; name: string; permissionGroupId: string; permission: string; memberCount: number };

/** Teams of the org holding the app, with their permission there (App Settings › Teams). */
export async function listTeamsForApp(db: DbOrTx, { orgId, appRef }: { orgId: string; appRef: string }): Promise<AppTeamRow[]> {
  return db
    .select({
      teamRef: teams.id,
      teamId: teams.teamId,
      name: teams.name,
      permissionGroupId: teamApps.permissionGroupId,
      permission: permissionGroups.name,
      memberCount: memberCount(orgId),
    })
    .from(teamApps)
    .innerJoin(teams, and(eq(teams.id, teamApps.teamId), eq(teams.orgId, teamApps.orgId)))
    .innerJoin(permissionGroups, eq(permissionGroups.id, teamApps.permissionGroupId))
    .where(and(eq(teamApps.orgId, orgId), eq(teamApps.appId, appRef)))
    .orderBy(asc(sql`lower(${teams.teamId})`));
}

/** Teams of the org not holding the app yet, matching `q` (App Settings › Add team). */
export async function searchTeamsToAddToApp(db: DbOrTx, { orgId, appRef, q }: { orgId: string; appRef: string; q: string }) {
  const holding = db.select({ teamId: teamApps.teamId }).from(teamApps).where(and(eq(teamApps.orgId, orgId), eq(teamApps.appId, appRef)));
  const conditions: SQL[] = [eq(teams.orgId, orgId), notInArray(teams.id, holding)];
  const term = q.trim();
  if (term) conditions.push(or(ilike(teams.teamId, likePattern(term)), ilike(teams.name, likePattern(term)))!);
  return db
    .select({ teamRef: teams.id, teamId: teams.teamId, name: teams.name, defaultPermissionGroupId: teams.defaultPermissionGroupId })
    .from(teams)
    .where(and(...conditions))
    .orderBy(asc(sql`lower(${teams.teamId})`))
    .limit(20);
}

/** The organization's teams whose ID or name contains `q` (at most 20, by team ID): the invite dialog's team picker. */
export async function searchTeams(db: DbOrTx, { orgId, q }: { orgId: string; q: string }) {
  const conditions: SQL[] = [eq(teams.orgId, orgId)];
  const term = q.trim();
  if (term) conditions.push(or(ilike(teams.teamId, likePattern(term)), ilike(teams.name, likePattern(term)))!);
  return db
    .select({ teamRef: teams.id, teamId: teams.teamId, name: teams.name })
    .from(teams)
    .where(and(...conditions))
    .orderBy(asc(sql`lower(${teams.teamId})`))
    .limit(20);
}

// ─── Changes ────────────────────────────────────────────────────────────────────────────────

/** The team, locked until the transaction ends; null when the org has no such team. */
export async function lockTeam(db: DbOrTx, { orgId, teamRef }: Team): Promise<{ id: string; teamId: string; name: string } | null> {
  const [row] = await db
    .select({ id: teams.id, teamId: teams.teamId, name: teams.name })
    .from(teams)
    .where(and(eq(teams.id, teamRef), eq(teams.orgId, orgId)))
    .for("update");
  return row ?? null;
}

export async function insertTeam(
  db: DbOrTx,
  { orgId, id, teamId, name, defaultPermissionGroupId, createdBy }: { orgId: string; id: string; teamId: string; name: string; defaultPermissionGroupId: string; createdBy: string },
): Promise<void> {
  await db.insert(teams).values({ id, orgId, teamId, name, defaultPermissionGroupId, createdBy });
}

export async function updateTeamName(db: DbOrTx, { orgId, teamRef, name }: Team & { name: string }): Promise<void> {
  await db.update(teams).set({ name }).where(and(eq(teams.id, teamRef), eq(teams.orgId, orgId)));
}

/** Deletes the team; its seats and apps go with it (foreign keys). */
export async function deleteTeam(db: DbOrTx, { orgId, teamRef }: Team): Promise<void> {
  await db.delete(teams).where(and(eq(teams.id, teamRef), eq(teams.orgId, orgId)));
}

/** Seats the users on the team; returns those newly seated (already seated ones are skipped). */
export async function insertTeamMembers(db: DbOrTx, { orgId, teamRef, userIds, addedBy }: Team & { userIds: string[]; addedBy: string }): Promise<string[]> {
  const inserted = await db
    .insert(teamMembers)
    .values(userIds.map((userId) => ({ teamId: teamRef, orgId, userId, addedBy })))
    .onConflictDoNothing()
    .returning({ userId: teamMembers.userId });
  return inserted.map((row) => row.userId);
}

/** Frees the user's seat on the team; false when they had none. */
export async function deleteTeamMember(db: DbOrTx, { orgId, teamRef, userId }: Team & { userId: string }): Promise<boolean> {
  const removed = await db
    .delete(teamMembers)
    .where(and(eq(teamMembers.teamId, teamRef), eq(teamMembers.orgId, orgId), eq(teamMembers.userId, userId)))
    .returning({ userId: teamMembers.userId });
  return removed.length > 0;
}

export type OrgAppRow = { id: string; appId: string; ownerUserId: string | null; ownerOrgId: string | null };

/** The apps among `appIds` that the org owns. */
export async function findOrgApps(db: DbOrTx, { orgId, appIds }: { orgId: string; appIds: string[] }): Promise<OrgAppRow[]> {
  return db
    .select({ id: apps.id, appId: apps.appId, ownerUserId: apps.ownerUserId, ownerOrgId: apps.ownerOrgId })
    .from(apps)
    .where(and(eq(apps.ownerOrgId, orgId), inArray(apps.id, appIds)));
}

/** Gives the team the apps with one permission group; returns the apps newly added (already held ones are skipped). */
export async function insertTeamApps(
  db: DbOrTx,
  { orgId, teamRef, appIds, permissionGroupId, addedBy }: Team & { appIds: string[]; permissionGroupId: string; addedBy: string },
): Promise<string[]> {
  const inserted = await db
    .insert(teamApps)
    .values(appIds.map((appId) => ({ teamId: teamRef, orgId, appId, permissionGroupId, addedBy })))
    .onConflictDoNothing()
    .returning({ appId: teamApps.appId });
  return inserted.map((row) => row.appId);
}

function heldApp({ orgId, teamRef, appId }: TeamApp): SQL | undefined {
  return and(eq(teamApps.teamId, teamRef), eq(teamApps.orgId, orgId), eq(teamApps.appId, appId));
}

/** An app the team holds, with its current permission group; null when the team does not hold it. */
export async function findTeamApp(db: DbOrTx, key: TeamApp): Promise<{ permissionGroupId: string; app: OrgAppRow } | null> {
  const [row] = await db
    .select({ permissionGroupId: teamApps.permissionGroupId, app: { id: apps.id, appId: apps.appId, ownerUserId: apps.ownerUserId, ownerOrgId: apps.ownerOrgId } })
    .from(teamApps)
    .innerJoin(apps, eq(apps.id, teamApps.appId))
    .where(heldApp(key));
  return row ?? null;
}

export async function updateTeamAppPermission(db: DbOrTx, { permissionGroupId, ...key }: TeamApp & { permissionGroupId: string }): Promise<void> {
  await db.update(teamApps).set({ permissionGroupId }).where(heldApp(key));
}

/** Takes the app from the team; false when the team did not hold it. */
export async function deleteTeamApp(db: DbOrTx, key: TeamApp): Promise<boolean> {
  const removed = await db.delete(teamApps).where(heldApp(key)).returning({ appId: teamApps.appId });
  return removed.length > 0;
}
