// Teams of an organization, read: their members (org members only: a composite FK to memberships)
// and the org's apps they hold, each with a permission group. Changes are operations
// (lib/operations/teams.ts).

import { and, asc, count, eq, ilike, notInArray, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { apps, memberships, permissionGroups, teamApps, teamMembers, teams, users } from "@/db/schema";
import { evaluateOrgCapability } from "@/lib/authz";
import { displayNameSchema } from "@/lib/validation/common";
import { likePattern } from "@/db/queries/search";
import type { OrgActor } from "./permission-groups";

export const teamIdSchema = z
  .string({ error: "Team ID is required." })
  .trim()
  .min(1, "Team ID is required.")
  .max(32, "Team ID must be at most 32 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "Use letters, digits, '-' and '_' only, starting with a letter or digit.");

const teamNameSchema = z.string({ error: "Team name is required." }).pipe(displayNameSchema);
const idSchema = z.string({ error: "Missing identifier." }).min(1, "Missing identifier.").max(100);
const idList = (what: string) =>
  z
    .union([idSchema, z.array(idSchema)], { error: `Choose at least one ${what}.` })
    .transform((value) => [...new Set(Array.isArray(value) ? value : [value])])
    .refine((list) => list.length > 0, `Choose at least one ${what}.`)
    .refine((list) => list.length <= 200, `Choose at most 200 ${what}s at a time.`);
const groupField = z.string({ error: "Choose a permission group." }).min(1, "Choose a permission group.").max(100);

export const createTeamInput = z.object({ teamId: teamIdSchema, name: teamNameSchema, permissionGroupId: groupField });
export const renameTeamInput = z.object({ teamRef: idSchema, name: teamNameSchema });
export const teamRefInput = z.object({ teamRef: idSchema });
export const addTeamMembersInput = z.object({ teamRef: idSchema, userIds: idList("member") });
export const removeTeamMemberInput = z.object({ teamRef: idSchema, userId: idSchema });
export const addTeamAppsInput = z.object({ teamRef: idSchema, appIds: idList("app"), permissionGroupId: groupField });
export const teamAppInput = z.object({ teamRef: idSchema, appId: idSchema });
export const setTeamAppPermissionInput = teamAppInput.extend({ permissionGroupId: groupField });

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


/** May the viewer manage teams here (pages use it to show or hide controls)? */
export function canManageTeams(role: OrgActor["role"]): boolean {
  return evaluateOrgCapability(role, "teams.manage").allowed;
}

const teamColumns = {
  id: teams.id,
  teamId: teams.teamId,
  name: teams.name,
  defaultPermissionGroupId: teams.defaultPermissionGroupId,
  defaultPermission: permissionGroups.name,
  memberCount: sql<number>`(select count(*)::int from ${teamMembers} where ${teamMembers.teamId} = ${teams.id} and ${teamMembers.orgId} = ${teams.orgId})`,
  appCount: sql<number>`(select count(*)::int from ${teamApps} where ${teamApps.teamId} = ${teams.id} and ${teamApps.orgId} = ${teams.orgId})`,
  createdAt: teams.createdAt,
};

export async function listTeams(db: DbOrTx, orgId: string, query: { q?: string; page?: number; pageSize?: number } = {}): Promise<{ rows: TeamSummary[]; total: number }> {
  const pageSize = Math.min(Math.max(query.pageSize ?? 20, 1), 100);
  const page = Math.max(query.page ?? 1, 1);
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
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .as("page_ids");
  const [rows, [total]] = await Promise.all([
    db
      .select(teamColumns)
      .from(pageIds)
      .innerJoin(teams, and(eq(teams.id, pageIds.id), eq(teams.orgId, orgId)))
      .innerJoin(permissionGroups, eq(permissionGroups.id, teams.defaultPermissionGroupId))
      .orderBy(asc(pageIds.sortKey)),
    db.select({ n: count() }).from(teams).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** A team by its (case-insensitive) team ID within the org; null when there is none. */
export async function findTeam(db: DbOrTx, orgId: string, teamId: string): Promise<TeamSummary | null> {
  const [row] = await db
    .select(teamColumns)
    .from(teams)
    .innerJoin(permissionGroups, eq(permissionGroups.id, teams.defaultPermissionGroupId))
    .where(and(eq(teams.orgId, orgId), sql`lower(${teams.teamId}) = lower(${teamId})`));
  return row ?? null;
}

export type TeamMemberRow = { userId: string; handle: string; name: string; email: string; role: string; addedAt: Date };

export async function listTeamMembers(db: DbOrTx, orgId: string, teamRef: string, query: { q?: string; page?: number; pageSize?: number } = {}): Promise<{ rows: TeamMemberRow[]; total: number }> {
  const pageSize = Math.min(Math.max(query.pageSize ?? 20, 1), 100);
  const page = Math.max(query.page ?? 1, 1);
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
    base.where(where).orderBy(asc(sql`lower(${users.name})`), asc(users.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ n: count() }).from(teamMembers).innerJoin(users, eq(users.id, teamMembers.userId)).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Members of the org who are not on the team yet, matching `q` (the Add Members search). */
export async function searchMembersToAdd(db: DbOrTx, orgId: string, teamRef: string, q: string) {
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

export async function listTeamApps(db: DbOrTx, orgId: string, teamRef: string, query: { q?: string; page?: number; pageSize?: number } = {}): Promise<{ rows: TeamAppRow[]; total: number }> {
  const pageSize = Math.min(Math.max(query.pageSize ?? 20, 1), 100);
  const page = Math.max(query.page ?? 1, 1);
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
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(teamApps).innerJoin(apps, eq(apps.id, teamApps.appId)).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Apps the org owns that the team does not hold yet, matching `q` (the Add App search). */
export async function searchAppsToAdd(db: DbOrTx, orgId: string, teamRef: string, q: string) {
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
export async function listTeamsForApp(db: DbOrTx, orgId: string, appRef: string): Promise<AppTeamRow[]> {
  return db
    .select({
      teamRef: teams.id,
      teamId: teams.teamId,
      name: teams.name,
      permissionGroupId: teamApps.permissionGroupId,
      permission: permissionGroups.name,
      memberCount: sql<number>`(select count(*)::int from ${teamMembers} where ${teamMembers.teamId} = ${teams.id} and ${teamMembers.orgId} = ${teams.orgId})`,
    })
    .from(teamApps)
    .innerJoin(teams, and(eq(teams.id, teamApps.teamId), eq(teams.orgId, teamApps.orgId)))
    .innerJoin(permissionGroups, eq(permissionGroups.id, teamApps.permissionGroupId))
    .where(and(eq(teamApps.orgId, orgId), eq(teamApps.appId, appRef)))
    .orderBy(asc(sql`lower(${teams.teamId})`));
}

/** Teams of the org not holding the app yet, matching `q` (App Settings › Add team). */
export async function searchTeamsToAddToApp(db: DbOrTx, orgId: string, appRef: string, q: string) {
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
