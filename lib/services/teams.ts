// Teams of an organization: their members (org members only: a composite FK to memberships) and the
// org's apps they hold, each with a permission group. Managing them is the `teams.manage` capability;
// setting a team's permission on an app also passes the no-escalation check (mayGrantScopes).

import { and, asc, count, eq, ilike, inArray, notInArray, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx, Transaction } from "@/db/client";
import { apps, memberships, permissionGroups, teamApps, teamMembers, teams, users } from "@/db/schema";
import { evaluateOrgCapability, mayGrantScopes } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { fail, ok, type Result } from "@/lib/result";
import { displayNameSchema } from "@/lib/validation/common";
import { invalidInput } from "@/lib/validation/form";
import { likePattern, loadAppGrants, permissionGroupScopes } from "./access";
import { recordAudit } from "./audit";
import { UNKNOWN_GROUP, findUsableGroup, type OrgActor } from "./permission-groups";
import { isUniqueViolation, runInTransaction } from "./transaction";

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

type Context = { ip?: string | null };
const TEAM_ID_TAKEN = "A team with this ID already exists in the organization.";
const TEAM_NOT_FOUND = "This team does not exist in the organization.";

function authorize(actor: OrgActor): Result<null> {
  const decision = evaluateOrgCapability(actor.role, "teams.manage");
  return decision.allowed ? ok(null) : fail("forbidden", decision.message);
}

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
  const [rows, [total]] = await Promise.all([
    db
      .select(teamColumns)
      .from(teams)
      .innerJoin(permissionGroups, eq(permissionGroups.id, teams.defaultPermissionGroupId))
      .where(where)
      .orderBy(asc(sql`lower(${teams.teamId})`))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
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

async function lockTeam(tx: Transaction, orgId: string, teamRef: string) {
  const [row] = await tx
    .select({ id: teams.id, teamId: teams.teamId, name: teams.name, defaultPermissionGroupId: teams.defaultPermissionGroupId })
    .from(teams)
    .where(and(eq(teams.id, teamRef), eq(teams.orgId, orgId)))
    .for("update");
  return row ?? null;
}

export async function createTeam(db: Database, actor: OrgActor, raw: unknown, context: Context = {}): Promise<Result<{ id: string; teamId: string; name: string }>> {
  const allowed = authorize(actor);
  if (!allowed.ok) return allowed;
  const parsed = createTeamInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { teamId, name, permissionGroupId } = parsed.data;
  const id = newId("tea");
  try {
    return await runInTransaction(db, async (tx) => {
      const group = await findUsableGroup(tx, actor.orgId, permissionGroupId);
      if (!group) return fail("invalid_input", "Please correct the highlighted fields.", { permissionGroupId: [UNKNOWN_GROUP] });
      const [clash] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.orgId, actor.orgId), sql`lower(${teams.teamId}) = lower(${teamId})`));
      if (clash) return fail("conflict", "Please correct the highlighted fields.", { teamId: [TEAM_ID_TAKEN] });
      await tx.insert(teams).values({ id, orgId: actor.orgId, teamId, name, defaultPermissionGroupId: group.id, createdBy: actor.userId });
      await recordAudit(tx, { actorUserId: actor.userId, orgId: actor.orgId, action: "team.created", targetType: "team", targetId: id, after: { teamId, name, defaultPermission: group.name }, ip: context.ip ?? null });
      return ok({ id, teamId, name });
    });
  } catch (error) {
    if (isUniqueViolation(error, "teams_org_team_id_unique")) return fail("conflict", "Please correct the highlighted fields.", { teamId: [TEAM_ID_TAKEN] });
    throw error;
  }
}

export async function renameTeam(db: Database, actor: OrgActor, raw: unknown, context: Context = {}): Promise<Result<{ id: string; name: string }>> {
  const allowed = authorize(actor);
  if (!allowed.ok) return allowed;
  const parsed = renameTeamInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  return runInTransaction(db, async (tx) => {
    const team = await lockTeam(tx, actor.orgId, parsed.data.teamRef);
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    await tx.update(teams).set({ name: parsed.data.name }).where(and(eq(teams.id, team.id), eq(teams.orgId, actor.orgId)));
    await recordAudit(tx, { actorUserId: actor.userId, orgId: actor.orgId, action: "team.renamed", targetType: "team", targetId: team.id, before: { name: team.name }, after: { name: parsed.data.name }, ip: context.ip ?? null });
    return ok({ id: team.id, name: parsed.data.name });
  });
}

export async function deleteTeam(db: Database, actor: OrgActor, raw: unknown, context: Context = {}): Promise<Result<{ id: string }>> {
  const allowed = authorize(actor);
  if (!allowed.ok) return allowed;
  const parsed = teamRefInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  return runInTransaction(db, async (tx) => {
    const team = await lockTeam(tx, actor.orgId, parsed.data.teamRef);
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    await tx.delete(teams).where(and(eq(teams.id, team.id), eq(teams.orgId, actor.orgId)));
    await recordAudit(tx, { actorUserId: actor.userId, orgId: actor.orgId, action: "team.deleted", targetType: "team", targetId: team.id, before: { teamId: team.teamId, name: team.name }, ip: context.ip ?? null });
    return ok({ id: team.id });
  });
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

export async function addTeamMembers(db: Database, actor: OrgActor, raw: unknown, context: Context = {}): Promise<Result<{ added: number }>> {
  const allowed = authorize(actor);
  if (!allowed.ok) return allowed;
  const parsed = addTeamMembersInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { teamRef, userIds } = parsed.data;
  return runInTransaction(db, async (tx) => {
    const team = await lockTeam(tx, actor.orgId, teamRef);
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    const members = await tx.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.orgId, actor.orgId), inArray(memberships.userId, userIds)));
    if (members.length !== userIds.length) {
      return fail("invalid_input", "Only members of this organization can be added to its teams.", { userIds: ["Only members of this organization can be added to its teams."] });
    }
    const inserted = await tx
      .insert(teamMembers)
      .values(userIds.map((userId) => ({ teamId: team.id, orgId: actor.orgId, userId, addedBy: actor.userId })))
      .onConflictDoNothing()
      .returning({ userId: teamMembers.userId });
    for (const row of inserted) {
      await recordAudit(tx, { actorUserId: actor.userId, orgId: actor.orgId, action: "team.member_added", targetType: "team", targetId: team.id, after: { userId: row.userId }, ip: context.ip ?? null });
    }
    return ok({ added: inserted.length });
  });
}

export async function removeTeamMember(db: Database, actor: OrgActor, raw: unknown, context: Context = {}): Promise<Result<{ removed: true }>> {
  const allowed = authorize(actor);
  if (!allowed.ok) return allowed;
  const parsed = removeTeamMemberInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  return runInTransaction(db, async (tx) => {
    const team = await lockTeam(tx, actor.orgId, parsed.data.teamRef);
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    const removed = await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.orgId, actor.orgId), eq(teamMembers.userId, parsed.data.userId)))
      .returning({ userId: teamMembers.userId });
    if (removed.length === 0) return fail("not_found", "This person is not on the team.");
    await recordAudit(tx, { actorUserId: actor.userId, orgId: actor.orgId, action: "team.member_removed", targetType: "team", targetId: team.id, before: { userId: parsed.data.userId }, ip: context.ip ?? null });
    return ok({ removed: true as const });
  });
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

/** No escalation: the actor must hold every scope of the group on each app (lib/authz decides). */
async function checkMayGrant(tx: DbOrTx, actor: OrgActor, group: { builtin: string | null; name: string; scopes: string[] }, appRows: { id: string; appId: string; ownerUserId: string | null; ownerOrgId: string | null }[]): Promise<Result<null>> {
  const requested = permissionGroupScopes(group);
  for (const app of appRows) {
    const decision = mayGrantScopes(await loadAppGrants(tx, actor.userId, app), requested);
    if (!decision.allowed) return fail("forbidden", `${app.appId}: ${decision.message}`, undefined, { missing: decision.missing });
  }
  return ok(null);
}

export async function addTeamApps(db: Database, actor: OrgActor, raw: unknown, context: Context = {}): Promise<Result<{ added: number }>> {
  const allowed = authorize(actor);
  if (!allowed.ok) return allowed;
  const parsed = addTeamAppsInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { teamRef, appIds, permissionGroupId } = parsed.data;
  return runInTransaction(db, async (tx) => {
    const team = await lockTeam(tx, actor.orgId, teamRef);
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    const group = await findUsableGroup(tx, actor.orgId, permissionGroupId);
    if (!group) return fail("invalid_input", "Please correct the highlighted fields.", { permissionGroupId: [UNKNOWN_GROUP] });
    const owned = await tx
      .select({ id: apps.id, appId: apps.appId, ownerUserId: apps.ownerUserId, ownerOrgId: apps.ownerOrgId })
      .from(apps)
      .where(and(eq(apps.ownerOrgId, actor.orgId), inArray(apps.id, appIds)));
    if (owned.length !== appIds.length) {
      return fail("invalid_input", "Only apps owned by this organization can be added to its teams.", { appIds: ["Only apps owned by this organization can be added to its teams."] });
    }
    const mayGrant = await checkMayGrant(tx, actor, group, owned);
    if (!mayGrant.ok) return mayGrant;
    const inserted = await tx
      .insert(teamApps)
      .values(owned.map((app) => ({ teamId: team.id, orgId: actor.orgId, appId: app.id, permissionGroupId: group.id, addedBy: actor.userId })))
      .onConflictDoNothing()
      .returning({ appId: teamApps.appId });
    for (const row of inserted) {
      await recordAudit(tx, { actorUserId: actor.userId, orgId: actor.orgId, appId: row.appId, action: "team.app_added", targetType: "team", targetId: team.id, after: { appId: row.appId, permission: group.name }, ip: context.ip ?? null });
    }
    return ok({ added: inserted.length });
  });
}

export async function setTeamAppPermission(db: Database, actor: OrgActor, raw: unknown, context: Context = {}): Promise<Result<{ permission: string }>> {
  const allowed = authorize(actor);
  if (!allowed.ok) return allowed;
  const parsed = setTeamAppPermissionInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { teamRef, appId, permissionGroupId } = parsed.data;
  return runInTransaction(db, async (tx) => {
    const team = await lockTeam(tx, actor.orgId, teamRef);
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    const group = await findUsableGroup(tx, actor.orgId, permissionGroupId);
    if (!group) return fail("invalid_input", "Please correct the highlighted fields.", { permissionGroupId: [UNKNOWN_GROUP] });
    const [current] = await tx
      .select({ permissionGroupId: teamApps.permissionGroupId, app: { id: apps.id, appId: apps.appId, ownerUserId: apps.ownerUserId, ownerOrgId: apps.ownerOrgId } })
      .from(teamApps)
      .innerJoin(apps, eq(apps.id, teamApps.appId))
      .where(and(eq(teamApps.teamId, team.id), eq(teamApps.orgId, actor.orgId), eq(teamApps.appId, appId)));
    if (!current) return fail("not_found", "This team does not hold this app.");
    const mayGrant = await checkMayGrant(tx, actor, group, [current.app]);
    if (!mayGrant.ok) return mayGrant;
    await tx
      .update(teamApps)
      .set({ permissionGroupId: group.id })
      .where(and(eq(teamApps.teamId, team.id), eq(teamApps.orgId, actor.orgId), eq(teamApps.appId, appId)));
    await recordAudit(tx, { actorUserId: actor.userId, orgId: actor.orgId, appId, action: "team.app_permission_changed", targetType: "team", targetId: team.id, before: { permissionGroupId: current.permissionGroupId }, after: { permissionGroupId: group.id, permission: group.name }, ip: context.ip ?? null });
    return ok({ permission: group.name });
  });
}

export async function removeTeamApp(db: Database, actor: OrgActor, raw: unknown, context: Context = {}): Promise<Result<{ removed: true }>> {
  const allowed = authorize(actor);
  if (!allowed.ok) return allowed;
  const parsed = teamAppInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  return runInTransaction(db, async (tx) => {
    const team = await lockTeam(tx, actor.orgId, parsed.data.teamRef);
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    const removed = await tx
      .delete(teamApps)
      .where(and(eq(teamApps.teamId, team.id), eq(teamApps.orgId, actor.orgId), eq(teamApps.appId, parsed.data.appId)))
      .returning({ appId: teamApps.appId });
    if (removed.length === 0) return fail("not_found", "This team does not hold this app.");
    await recordAudit(tx, { actorUserId: actor.userId, orgId: actor.orgId, appId: parsed.data.appId, action: "team.app_removed", targetType: "team", targetId: team.id, before: { appId: parsed.data.appId }, ip: context.ip ?? null });
    return ok({ removed: true as const });
  });
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
