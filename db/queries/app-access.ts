// The rows an app's access rests on: the app with its owner, the user's membership in the owning
// organization, their team seats on the app (with each team's permission group) and their
// collaborator row. lib/services/access.ts turns them into facts for lib/authz; nothing here decides.

import { and, asc, count, eq, ilike, inArray, isNotNull, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apps, collaborators, memberships, organizations, permissionGroups, teamApps, teamMembers, teams, users } from "@/db/schema";
import type { OrgRole } from "@/lib/authz";
import { likePattern } from "./search";

export type AppRecord = {
  id: string;
  appId: string;
  name: string;
  description: string;
  notes: string;
  visibility: "private" | "public";
  ownerUserId: string | null;
  ownerOrgId: string | null;
  /** Handle of the owning user or organization (the first URL segment). */
  ownerHandle: string;
  ownerName: string;
  createdAt: Date;
};

/** Who owns an app: what every access read needs to know about it. */
export type AppOwnership = { id: string; ownerUserId: string | null; ownerOrgId: string | null };

export type GroupRow = { builtin: string | null; name: string; scopes: string[] };
export type TeamSeatRow = GroupRow & { teamId: string };
export type CollaboratorGrantRow = { scopes: string[]; endpointScopes: string[] | null };

export const appColumns = {
  id: apps.id,
  appId: apps.appId,
  name: apps.name,
  description: apps.description,
  notes: apps.notes,
  visibility: apps.visibility,
  ownerUserId: apps.ownerUserId,
  ownerOrgId: apps.ownerOrgId,
  ownerHandle: sql<string>`coalesce(${users.handle}, ${organizations.handle})`,
  ownerName: sql<string>`coalesce(${users.name}, ${organizations.name})`,
  createdAt: apps.createdAt,
};

function appsWithOwner(db: DbOrTx) {
  return db
    .select(appColumns)
    .from(apps)
    .leftJoin(users, eq(users.id, apps.ownerUserId))
    .leftJoin(organizations, eq(organizations.id, apps.ownerOrgId));
}

export async function findAppById(db: DbOrTx, { appRef }: { appRef: string }): Promise<AppRecord | null> {
  const [app] = await appsWithOwner(db).where(eq(apps.id, appRef));
  return app ?? null;
}

/** By the URL's owner handle (its case-folded key) and app ID. */
export async function findAppByPath(db: DbOrTx, { ownerHandleKey, appId }: { ownerHandleKey: string; appId: string }): Promise<AppRecord | null> {
  const [app] = await appsWithOwner(db).where(and(eq(apps.appId, appId), or(eq(users.handleKey, ownerHandleKey), eq(organizations.handleKey, ownerHandleKey))));
  return app ?? null;
}

/** An app with everything one user's access to it rests on, read in one statement. */
export type AppWithAccessRows = { app: AppRecord; role: OrgRole | null; seats: TeamSeatRow[]; collaborator: CollaboratorGrantRow | null };

/**
 * What one user's access to the app in scope (`apps`) rests on, as correlated subqueries: their role
 * in the owning organization, their team seats on the app and their collaborator row. `user` is
 * the user's id: a parameter, or a column of an enclosing statement.
 */
export function accessRowColumns(user: SQL) {
  return {
    role: sql<OrgRole | null>`(select ${memberships.role} from ${memberships} where ${memberships.orgId} = ${apps.ownerOrgId} and ${memberships.userId} = ${user})`,
    seats: sql<TeamSeatRow[]>`(select coalesce(json_agg(json_build_object('teamId', ${teams.teamId}, 'builtin', ${permissionGroups.builtin}, 'name', ${permissionGroups.name}, 'scopes', ${permissionGroups.scopes}) order by ${teams.teamId}), '[]'::json)
        from ${teamApps}
        inner join ${teamMembers} on ${teamMembers.teamId} = ${teamApps.teamId} and ${teamMembers.orgId} = ${teamApps.orgId}
        inner join ${teams} on ${teams.id} = ${teamApps.teamId} and ${teams.orgId} = ${teamApps.orgId}
        inner join ${permissionGroups} on ${permissionGroups.id} = ${teamApps.permissionGroupId}
        where ${teamApps.appId} = ${apps.id} and ${teamApps.orgId} = ${apps.ownerOrgId} and ${teamMembers.userId} = ${user})`,
    collaborator: sql<CollaboratorGrantRow | null>`(select json_build_object('scopes', ${collaborators.scopes}, 'endpointScopes', ${collaborators.endpointScopes}) from ${collaborators} where ${collaborators.appId} = ${apps.id} and ${collaborators.userId} = ${user})`,
  };
}

function appWithAccessRows(db: DbOrTx, userId: string) {
  return db
    .select({ app: appColumns, ...accessRowColumns(sql`${userId}`) })
    .from(apps)
    .leftJoin(users, eq(users.id, apps.ownerUserId))
    .leftJoin(organizations, eq(organizations.id, apps.ownerOrgId));
}

/** The app by its internal id, with the rows `userId`'s access to it rests on. */
export async function findAppWithAccessRows(db: DbOrTx, { appRef, userId }: { appRef: string; userId: string }): Promise<AppWithAccessRows | null> {
  const [row] = await appWithAccessRows(db, userId).where(eq(apps.id, appRef));
  return row ?? null;
}

/** The app by the URL's owner handle (its case-folded key) and app ID, with the same rows. */
export async function findAppWithAccessRowsByPath(db: DbOrTx, { ownerHandleKey, appId, userId }: { ownerHandleKey: string; appId: string; userId: string }): Promise<AppWithAccessRows | null> {
  const [row] = await appWithAccessRows(db, userId).where(and(eq(apps.appId, appId), or(eq(users.handleKey, ownerHandleKey), eq(organizations.handleKey, ownerHandleKey))));
  return row ?? null;
}

export async function membershipRole(db: DbOrTx, { orgId, userId }: { orgId: string; userId: string }): Promise<OrgRole | null> {
  const [row] = await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row?.role ?? null;
}

function teamSeats(db: DbOrTx) {
  return db
    .select({ userId: teamMembers.userId, teamId: teams.teamId, builtin: permissionGroups.builtin, name: permissionGroups.name, scopes: permissionGroups.scopes })
    .from(teamApps)
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, teamApps.teamId), eq(teamMembers.orgId, teamApps.orgId)))
    .innerJoin(teams, and(eq(teams.id, teamApps.teamId), eq(teams.orgId, teamApps.orgId)))
    // Built-in groups belong to no organization, so the group is joined by id alone.
    .innerJoin(permissionGroups, eq(permissionGroups.id, teamApps.permissionGroupId));
}

/** The user's seats on teams of the app's organization that hold the app, by team ID. */
export async function userTeamSeats(db: DbOrTx, { orgId, appRef, userId }: { orgId: string; appRef: string; userId: string }): Promise<TeamSeatRow[]> {
  return teamSeats(db)
    .where(and(eq(teamApps.appId, appRef), eq(teamApps.orgId, orgId), eq(teamMembers.userId, userId)))
    .orderBy(asc(teams.teamId));
}

export async function collaboratorGrant(db: DbOrTx, { appRef, userId }: { appRef: string; userId: string }): Promise<CollaboratorGrantRow | null> {
  const [row] = await db
    .select({ scopes: collaborators.scopes, endpointScopes: collaborators.endpointScopes })
    .from(collaborators)
    .where(and(eq(collaborators.appId, appRef), eq(collaborators.userId, userId)));
  return row ?? null;
}

/**
 * Locks what one user's access to an app rests on: the app row for update, and, shared, their
 * membership in the owning organization and their collaborator row. False when the app is gone.
 */
export async function lockAccessRows(tx: DbOrTx, { appRef, userId }: { appRef: string; userId: string }): Promise<boolean> {
  const [app] = await tx.select({ ownerOrgId: apps.ownerOrgId }).from(apps).where(eq(apps.id, appRef)).for("update");
  if (!app) return false;
  if (app.ownerOrgId) {
    await tx.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.orgId, app.ownerOrgId), eq(memberships.userId, userId))).for("share");
  }
  await tx.select({ id: collaborators.id }).from(collaborators).where(and(eq(collaborators.appId, appRef), eq(collaborators.userId, userId))).for("share");
  return true;
}

/**
 * SQL condition on `apps`: the user reaches the app (owner; a role in `rolesReachingAllApps`; a
 * seat on a team holding the app; a collaborator). lib/services/access.ts passes the roles as the
 * evaluator decides them, and a test keeps this equal to the evaluator's answer.
 */
export function reachableAppsCondition(userId: string, rolesReachingAllApps: readonly OrgRole[]): SQL {
  return or(
    eq(apps.ownerUserId, userId),
    sql`exists (select 1 from ${memberships} where ${memberships.orgId} = ${apps.ownerOrgId} and ${memberships.userId} = ${userId} and ${inArray(memberships.role, [...rolesReachingAllApps])})`,
    sql`exists (select 1 from ${teamApps} inner join ${teamMembers} on ${teamMembers.teamId} = ${teamApps.teamId} and ${teamMembers.orgId} = ${teamApps.orgId} where ${teamApps.appId} = ${apps.id} and ${teamApps.orgId} = ${apps.ownerOrgId} and ${teamMembers.userId} = ${userId})`,
    sql`exists (select 1 from ${collaborators} where ${collaborators.appId} = ${apps.id} and ${collaborators.userId} = ${userId})`,
  )!;
}

/** The user belongs to the org owning the app. */
function memberOfOwningOrg(userId: string): SQL {
  return sql`exists (select 1 from ${memberships} where ${memberships.orgId} = ${apps.ownerOrgId} and ${memberships.userId} = ${userId})`;
}

export type AppListKind = "own" | "org" | "shared" | "all";

export type ReachableAppsQuery = {
  userId: string;
  /** The roles whose holders reach every app of their organization. */
  rolesReachingAllApps: readonly OrgRole[];
  /** Skip the per-app reachability test: the caller established that the user reaches every app of `orgId`. */
  reachesEveryOrgApp: boolean;
  kind: AppListKind;
  /** Only apps owned by this organization (internal id). */
  orgId?: string;
  /** Only these apps (internal ids): a token limited to chosen apps lists those. */
  onlyApps?: readonly string[] | null;
  q?: string;
  page: number;
  pageSize: number;
};

export async function listReachableApps(db: DbOrTx, query: ReachableAppsQuery): Promise<{ rows: AppRecord[]; total: number }> {
  const { userId, page, pageSize } = query;
  const conditions: SQL[] = query.reachesEveryOrgApp && query.orgId ? [] : [reachableAppsCondition(userId, query.rolesReachingAllApps)];
  switch (query.kind) {
    case "own":
      conditions.push(eq(apps.ownerUserId, userId));
      break;
    case "org":
      conditions.push(isNotNull(apps.ownerOrgId), memberOfOwningOrg(userId));
      break;
    case "shared":
      conditions.push(or(and(isNotNull(apps.ownerUserId), ne(apps.ownerUserId, userId)), and(isNull(apps.ownerUserId), sql`not ${memberOfOwningOrg(userId)}`))!);
      break;
    default:
      break;
  }
  if (query.orgId) conditions.push(eq(apps.ownerOrgId, query.orgId));
  if (query.onlyApps) conditions.push(inArray(apps.id, query.onlyApps.length > 0 ? [...query.onlyApps] : [""]));
  const q = query.q?.trim();
  if (q) conditions.push(or(ilike(apps.appId, likePattern(q)), ilike(apps.name, likePattern(q)))!);
  const where = and(...conditions);
  // The page's ids first (in index order, counting the matches in the same pass), then only those
  // rows joined to their owners.
  const pageIds = db
    .select({ id: apps.id, sortName: sql<string>`lower(${apps.name})`.as("sort_name"), matches: sql<number>`(count(*) over ())::int`.as("matches") })
    .from(apps)
    .where(where)
    .orderBy(asc(sql`lower(${apps.name})`), asc(apps.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .as("page_ids");
  const found = await db
    .select({ app: appColumns, matches: pageIds.matches })
    .from(pageIds)
    .innerJoin(apps, eq(apps.id, pageIds.id))
    .leftJoin(users, eq(users.id, apps.ownerUserId))
    .leftJoin(organizations, eq(organizations.id, apps.ownerOrgId))
    .orderBy(asc(pageIds.sortName), asc(pageIds.id));
  const total = found.length > 0 ? found[0]!.matches : (await db.select({ n: count() }).from(apps).where(where))[0]?.n ?? 0;
  return { rows: found.map((row) => row.app), total };
}

export async function reachableAppIds(db: DbOrTx, { userId, rolesReachingAllApps }: { userId: string; rolesReachingAllApps: readonly OrgRole[] }): Promise<string[]> {
  const rows = await db.select({ id: apps.id }).from(apps).where(reachableAppsCondition(userId, rolesReachingAllApps)).orderBy(asc(apps.id));
  return rows.map((row) => row.id);
}

export type AppAccessRows = {
  members: { userId: string; role: OrgRole }[];
  seats: (TeamSeatRow & { userId: string })[];
  collaborators: (CollaboratorGrantRow & { userId: string })[];
};

/** Every row that may give someone access to the app: org memberships, team seats, collaborators. */
export async function appAccessRows(db: DbOrTx, app: AppOwnership): Promise<AppAccessRows> {
  const [members, seats] = app.ownerOrgId
    ? await Promise.all([
        db.select({ userId: memberships.userId, role: memberships.role }).from(memberships).where(eq(memberships.orgId, app.ownerOrgId)),
        teamSeats(db)
          .where(and(eq(teamApps.appId, app.id), eq(teamApps.orgId, app.ownerOrgId)))
          .orderBy(asc(teams.teamId)),
      ])
    : [[], []];
  const collaboratorRows = await db
    .select({ userId: collaborators.userId, scopes: collaborators.scopes, endpointScopes: collaborators.endpointScopes })
    .from(collaborators)
    .where(eq(collaborators.appId, app.id));
  return { members, seats, collaborators: collaboratorRows };
}

export type PersonRow = { id: string; handle: string; name: string; email: string };

/** The named users, by name. */
export async function peopleByIds(db: DbOrTx, { userIds }: { userIds: string[] }): Promise<PersonRow[]> {
  if (userIds.length === 0) return [];
  return db
    .select({ id: users.id, handle: users.handle, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, userIds))
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id));
}
