// Who reaches which app, read from the database at request time and decided by lib/authz.
//
// Two views of the same model that must always agree (checked by access.db.test.ts on random orgs):
// - `loadAccessFacts` gathers one user's AccessFacts on one app for compileGrants (the "can" check);
// - `reachableAppsCondition` is the SQL behind every "apps this user can reach" list.
// Every other feature authorizes app-level actions through `resolveAppForUser` / `loadAppGrants`.

import { and, asc, count, eq, ilike, inArray, isNotNull, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apps, collaborators, memberships, organizations, permissionGroups, teamApps, teamMembers, teams, users } from "@/db/schema";
import {
  BUILT_IN_GROUPS,
  ENDPOINTS,
  ORG_ROLES,
  SESSION,
  compileGrants,
  effectiveScopes,
  evaluateEndpoint,
  explainAccess,
  isBuiltInGroupName,
  isOrgRole,
  parseScopes,
  type AccessFacts,
  type EndpointName,
  type Grants,
  type LayerExplanation,
  type OperationScope,
  type OrgRole,
  type PermissionGroupRef,
  type ScopeSet,
  type TeamGrant,
} from "@/lib/authz";
import { likePattern } from "@/db/queries/search";
import { handleKey } from "@/lib/validation/common";

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

/** The roles that reach every app of their org by role alone, as the evaluator decides it. */
export const ROLES_REACHING_ALL_ORG_APPS: readonly OrgRole[] = ORG_ROLES.filter(
  (role) => compileGrants({ appId: "probe", isOwner: false, orgRole: role, teamGroups: [], collaboratorScopes: null }).hasAccess,
);

/** The operation scopes a permission group row carries (built-ins: as lib/authz defines them). */
export function permissionGroupScopes(row: { builtin: string | null; name: string; scopes: string[] }): ScopeSet {
  const ref = permissionGroupRef(row);
  return typeof ref === "string" ? BUILT_IN_GROUPS[ref].scopes : ref.scopes;
}

/** A permission group row as lib/authz wants it: a built-in name, or a custom group's plain data. */
export function permissionGroupRef(row: { builtin: string | null; name: string; scopes: string[] }): PermissionGroupRef {
  if (row.builtin !== null && isBuiltInGroupName(row.builtin)) return row.builtin;
  return { name: row.name, scopes: parseScopes(row.scopes).scopes };
}

const appColumns = {
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

/** Reads one user's access facts on one app (the app row must be the one from the database). */
export async function loadAccessFacts(db: DbOrTx, userId: string, app: { id: string; ownerUserId: string | null; ownerOrgId: string | null }): Promise<AccessFacts> {
  let orgRole: OrgRole | null = null;
  let teamGroups: TeamGrant[] = [];
  if (app.ownerOrgId !== null) {
    const [membership] = await db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, app.ownerOrgId), eq(memberships.userId, userId)));
    orgRole = membership && isOrgRole(membership.role) ? membership.role : null;
    const rows = await db
      .select({ teamId: teams.teamId, builtin: permissionGroups.builtin, name: permissionGroups.name, scopes: permissionGroups.scopes })
      .from(teamApps)
      .innerJoin(teamMembers, and(eq(teamMembers.teamId, teamApps.teamId), eq(teamMembers.orgId, teamApps.orgId)))
      .innerJoin(teams, and(eq(teams.id, teamApps.teamId), eq(teams.orgId, teamApps.orgId)))
      .innerJoin(permissionGroups, eq(permissionGroups.id, teamApps.permissionGroupId))
      .where(and(eq(teamApps.appId, app.id), eq(teamApps.orgId, app.ownerOrgId), eq(teamMembers.userId, userId)))
      .orderBy(asc(teams.teamId));
    teamGroups = rows.map((row) => ({ teamId: row.teamId, group: permissionGroupRef(row) }));
  }
  const [collaborator] = await db
    .select({ scopes: collaborators.scopes, endpointScopes: collaborators.endpointScopes })
    .from(collaborators)
    .where(and(eq(collaborators.appId, app.id), eq(collaborators.userId, userId)));
  return {
    appId: app.id,
    isOwner: app.ownerUserId !== null && app.ownerUserId === userId,
    orgRole,
    teamGroups,
    ...collaboratorFacts(collaborator),
  };
}

/** A collaborator row as facts: its scopes, and the endpoints they count on (null column: every endpoint). */
function collaboratorFacts(row: { scopes: string[]; endpointScopes: string[] | null } | undefined): Pick<AccessFacts, "collaboratorScopes" | "collaboratorEndpoints"> {
  if (!row) return { collaboratorScopes: null, collaboratorEndpoints: "all" };
  return { collaboratorScopes: parseScopes(row.scopes).scopes, collaboratorEndpoints: row.endpointScopes ?? "all" };
}

export async function loadAppGrants(db: DbOrTx, userId: string, app: { id: string; ownerUserId: string | null; ownerOrgId: string | null }): Promise<Grants> {
  return compileGrants(await loadAccessFacts(db, userId, app));
}

export type AppAccess = { app: AppRecord; grants: Grants; orgRole: OrgRole | null };

/** An app by its internal id, with the user's grants; null when it does not exist or the user has no access (answer 404). */
export async function resolveAppByIdForUser(db: DbOrTx, userId: string, id: string): Promise<AppAccess | null> {
  const [app] = await appsWithOwner(db).where(eq(apps.id, id));
  return app ? withGrants(db, userId, app) : null;
}

/** An app by owner handle and app ID (the URL), with the user's grants; null for "not found" and "no access" alike. */
export async function resolveAppForUser(db: DbOrTx, userId: string, ownerHandle: string, appId: string): Promise<AppAccess | null> {
  const key = handleKey(ownerHandle);
  const [app] = await appsWithOwner(db).where(and(eq(apps.appId, appId), or(eq(users.handleKey, key), eq(organizations.handleKey, key))));
  return app ? withGrants(db, userId, app) : null;
}

/**
 * The user's access to an app, read inside a transaction after locking what it rests on: the app
 * row (for update when `lockApp`), and, shared, the user's membership in the owning organization
 * and their collaborator row. A demotion or removal committed first is seen; one attempted later
 * waits for this transaction. Null when the app is gone or the user has no access.
 */
export async function lockedAppAccess(tx: DbOrTx, userId: string, id: string, { lockApp = true }: { lockApp?: boolean } = {}): Promise<AppAccess | null> {
  const [app] = lockApp ? await tx.select({ ownerOrgId: apps.ownerOrgId }).from(apps).where(eq(apps.id, id)).for("update") : await tx.select({ ownerOrgId: apps.ownerOrgId }).from(apps).where(eq(apps.id, id));
  if (!app) return null;
  if (app.ownerOrgId) {
    await tx.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.orgId, app.ownerOrgId), eq(memberships.userId, userId))).for("share");
  }
  await tx.select({ id: collaborators.id }).from(collaborators).where(and(eq(collaborators.appId, id), eq(collaborators.userId, userId))).for("share");
  return resolveAppByIdForUser(tx, userId, id);
}

async function withGrants(db: DbOrTx, userId: string, app: AppRecord): Promise<AppAccess | null> {
  const facts = await loadAccessFacts(db, userId, app);
  const grants = compileGrants(facts);
  if (!grants.hasAccess) return null;
  return { app, grants, orgRole: facts.orgRole };
}

/**
 * SQL condition on `apps`: the user reaches the app (owner; a role that reaches every org app; a
 * seat on a team holding the app; a collaborator). Equivalent to compileGrants(...).hasAccess.
 */
export function reachableAppsCondition(userId: string): SQL {
  return or(
    eq(apps.ownerUserId, userId),
    sql`exists (select 1 from ${memberships} where ${memberships.orgId} = ${apps.ownerOrgId} and ${memberships.userId} = ${userId} and ${inArray(memberships.role, [...ROLES_REACHING_ALL_ORG_APPS])})`,
    sql`exists (select 1 from ${teamApps} inner join ${teamMembers} on ${teamMembers.teamId} = ${teamApps.teamId} and ${teamMembers.orgId} = ${teamApps.orgId} where ${teamApps.appId} = ${apps.id} and ${teamMembers.userId} = ${userId})`,
    sql`exists (select 1 from ${collaborators} where ${collaborators.appId} = ${apps.id} and ${collaborators.userId} = ${userId})`,
  )!;
}

/** The user belongs to the org owning the app. */
function memberOfOwningOrg(userId: string): SQL {
  return sql`exists (select 1 from ${memberships} where ${memberships.orgId} = ${apps.ownerOrgId} and ${memberships.userId} = ${userId})`;
}

export type AppListKind = "own" | "org" | "shared" | "all";

export type AppListQuery = {
  kind?: AppListKind;
  /** Only apps owned by this organization (internal id). */
  orgId?: string;
  q?: string;
  page?: number;
  pageSize?: number;
};

/**
 * Apps the user can reach, paginated and searchable: `own` (personal apps), `org` (apps of the
 * user's organizations they reach), `shared` (apps they collaborate on outside those), or all.
 */
export async function listReachableApps(db: DbOrTx, userId: string, query: AppListQuery = {}): Promise<{ rows: AppRecord[]; total: number }> {
  const pageSize = Math.min(Math.max(query.pageSize ?? 20, 1), 100);
  const page = Math.max(query.page ?? 1, 1);
  // Within one organization whose every app the user's role reaches (as the evaluator decides it),
  // reachability needs no per-app test: the list and its count read the org's apps by index.
  const reachesAll = query.orgId ? await roleReachesEveryOrgApp(db, userId, query.orgId) : false;
  const conditions: SQL[] = reachesAll ? [] : [reachableAppsCondition(userId)];
  switch (query.kind ?? "all") {
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

async function roleReachesEveryOrgApp(db: DbOrTx, userId: string, orgId: string): Promise<boolean> {
  const [membership] = await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return membership !== undefined && ROLES_REACHING_ALL_ORG_APPS.includes(membership.role);
}

/** Internal ids of every app the user can reach (tests and small orgs; lists use listReachableApps). */
export async function reachableAppIds(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db.select({ id: apps.id }).from(apps).where(reachableAppsCondition(userId)).orderBy(asc(apps.id));
  return rows.map((row) => row.id);
}

export type AccessEntry = {
  userId: string;
  handle: string;
  name: string;
  email: string;
  /** Each path that gives access, with what it gives. */
  layers: readonly LayerExplanation[];
  /** What a browser session of this user may do on the app (grants ∩ session = grants). */
  effectiveScopes: OperationScope[];
  /** The endpoints a browser session (or an unrestricted token) of this user may call here. */
  callableEndpoints: EndpointName[];
};

/**
 * Every user who reaches the app and through which path, each decided by the evaluator from the
 * same facts as a request would read. Sorted by name.
 */
export async function listAppAccess(db: DbOrTx, app: { id: string; ownerUserId: string | null; ownerOrgId: string | null }, now: Date): Promise<AccessEntry[]> {
  const candidateIds = new Set<string>();
  if (app.ownerUserId) candidateIds.add(app.ownerUserId);
  const roleByUser = new Map<string, OrgRole>();
  const teamsByUser = new Map<string, TeamGrant[]>();
  if (app.ownerOrgId) {
    const members = await db.select({ userId: memberships.userId, role: memberships.role }).from(memberships).where(eq(memberships.orgId, app.ownerOrgId));
    for (const member of members) {
      if (!isOrgRole(member.role)) continue;
      roleByUser.set(member.userId, member.role);
      candidateIds.add(member.userId);
    }
    const seats = await db
      .select({ userId: teamMembers.userId, teamId: teams.teamId, builtin: permissionGroups.builtin, name: permissionGroups.name, scopes: permissionGroups.scopes })
      .from(teamApps)
      .innerJoin(teamMembers, and(eq(teamMembers.teamId, teamApps.teamId), eq(teamMembers.orgId, teamApps.orgId)))
      .innerJoin(teams, and(eq(teams.id, teamApps.teamId), eq(teams.orgId, teamApps.orgId)))
      .innerJoin(permissionGroups, eq(permissionGroups.id, teamApps.permissionGroupId))
      .where(and(eq(teamApps.appId, app.id), eq(teamApps.orgId, app.ownerOrgId)))
      .orderBy(asc(teams.teamId));
    for (const seat of seats) {
      const list = teamsByUser.get(seat.userId) ?? [];
      list.push({ teamId: seat.teamId, group: permissionGroupRef(seat) });
      teamsByUser.set(seat.userId, list);
      candidateIds.add(seat.userId);
    }
  }
  const collaboratorRows = await db
    .select({ userId: collaborators.userId, scopes: collaborators.scopes, endpointScopes: collaborators.endpointScopes })
    .from(collaborators)
    .where(eq(collaborators.appId, app.id));
  const collaboratorByUser = new Map(collaboratorRows.map((row) => [row.userId, row]));
  for (const row of collaboratorRows) candidateIds.add(row.userId);
  if (candidateIds.size === 0) return [];
  const people = await db
    .select({ id: users.id, handle: users.handle, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, [...candidateIds]))
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id));
  const entries: AccessEntry[] = [];
  for (const person of people) {
    const grants = compileGrants({
      appId: app.id,
      isOwner: app.ownerUserId === person.id,
      orgRole: roleByUser.get(person.id) ?? null,
      teamGroups: teamsByUser.get(person.id) ?? [],
      ...collaboratorFacts(collaboratorByUser.get(person.id)),
    });
    if (!grants.hasAccess) continue;
    entries.push({
      userId: person.id,
      handle: person.handle,
      name: person.name,
      email: person.email,
      layers: explainAccess(grants).layers,
      effectiveScopes: effectiveScopes(grants, SESSION, now),
      callableEndpoints: ENDPOINTS.filter((endpoint) => evaluateEndpoint(grants, SESSION, endpoint.name, { now }).allowed).map((endpoint) => endpoint.name),
    });
  }
  return entries;
}
