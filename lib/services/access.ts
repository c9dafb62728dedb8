// Who reaches which app, read from the database at request time and decided by lib/authz.
//
// Two views of the same model that must always agree (checked by access.db.test.ts on random orgs):
// - `loadAccessFacts` gathers one user's AccessFacts on one app for compileGrants (the "can" check);
// - the reachable-apps condition of db/queries/app-access.ts is the SQL behind every "apps this
//   user can reach" list, given the roles that reach every org app as the evaluator decides them.
// Every other feature authorizes app-level actions through `resolveAppForUser` / `loadAppGrants`.

import * as queries from "@/db/queries/app-access";
import type { AppListKind, AppOwnership, AppRecord, CollaboratorGrantRow, GroupRow } from "@/db/queries/app-access";
import type { DbOrTx } from "@/db/client";
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
import { handleKey } from "@/lib/validation/common";

export type { AppListKind, AppRecord } from "@/db/queries/app-access";

/** The roles that reach every app of their org by role alone, as the evaluator decides it. */
export const ROLES_REACHING_ALL_ORG_APPS: readonly OrgRole[] = ORG_ROLES.filter(
  (role) => compileGrants({ appId: "probe", isOwner: false, orgRole: role, teamGroups: [], collaboratorScopes: null }).hasAccess,
);

/** The operation scopes a permission group row carries (built-ins: as lib/authz defines them). */
export function permissionGroupScopes(row: GroupRow): ScopeSet {
  const ref = permissionGroupRef(row);
  return typeof ref === "string" ? BUILT_IN_GROUPS[ref].scopes : ref.scopes;
}

/** A permission group row as lib/authz wants it: a built-in name, or a custom group's plain data. */
export function permissionGroupRef(row: GroupRow): PermissionGroupRef {
  if (row.builtin !== null && isBuiltInGroupName(row.builtin)) return row.builtin;
  return { name: row.name, scopes: parseScopes(row.scopes).scopes };
}

/** Reads one user's access facts on one app (the app row must be the one from the database). */
export async function loadAccessFacts(db: DbOrTx, userId: string, app: AppOwnership): Promise<AccessFacts> {
  let orgRole: OrgRole | null = null;
  let teamGroups: TeamGrant[] = [];
  if (app.ownerOrgId !== null) {
    const role = await queries.membershipRole(db, { orgId: app.ownerOrgId, userId });
    orgRole = role && isOrgRole(role) ? role : null;
    const seats = await queries.userTeamSeats(db, { orgId: app.ownerOrgId, appRef: app.id, userId });
    teamGroups = seats.map((seat) => ({ teamId: seat.teamId, group: permissionGroupRef(seat) }));
  }
  const collaborator = await queries.collaboratorGrant(db, { appRef: app.id, userId });
  return {
    appId: app.id,
    isOwner: app.ownerUserId !== null && app.ownerUserId === userId,
    orgRole,
    teamGroups,
    ...collaboratorFacts(collaborator),
  };
}

/** A collaborator row as facts: its scopes, and the endpoints they count on (null column: every endpoint). */
function collaboratorFacts(row: CollaboratorGrantRow | null | undefined): Pick<AccessFacts, "collaboratorScopes" | "collaboratorEndpoints"> {
  if (!row) return { collaboratorScopes: null, collaboratorEndpoints: "all" };
  return { collaboratorScopes: parseScopes(row.scopes).scopes, collaboratorEndpoints: row.endpointScopes ?? "all" };
}

export async function loadAppGrants(db: DbOrTx, userId: string, app: AppOwnership): Promise<Grants> {
  return compileGrants(await loadAccessFacts(db, userId, app));
}

export type AppAccess = { app: AppRecord; grants: Grants; orgRole: OrgRole | null };

/** An app by its internal id, with the user's grants; null when it does not exist or the user has no access (answer 404). */
export async function resolveAppByIdForUser(db: DbOrTx, userId: string, id: string): Promise<AppAccess | null> {
  return accessFromRows(userId, await queries.findAppWithAccessRows(db, { appRef: id, userId }));
}

/** An app by owner handle and app ID (the URL), with the user's grants; null for "not found" and "no access" alike. */
export async function resolveAppForUser(db: DbOrTx, userId: string, ownerHandle: string, appId: string): Promise<AppAccess | null> {
  return accessFromRows(userId, await queries.findAppWithAccessRowsByPath(db, { ownerHandleKey: handleKey(ownerHandle), appId, userId }));
}

/**
 * The user's access to an app, read inside a transaction after locking what it rests on: the app
 * row for update, and, shared, the user's membership in the owning organization and their
 * collaborator row. A demotion or removal committed first is seen; one attempted later waits for
 * this transaction. Null when the app is gone or the user has no access.
 */
export async function lockedAppAccess(tx: DbOrTx, userId: string, id: string): Promise<AppAccess | null> {
  if (!(await queries.lockAccessRows(tx, { appRef: id, userId }))) return null;
  return resolveAppByIdForUser(tx, userId, id);
}

/** The access the rows give (the same facts loadAccessFacts reads one query at a time); null: none. */
export function accessFromRows(userId: string, rows: queries.AppWithAccessRows | null): AppAccess | null {
  if (!rows) return null;
  const { app } = rows;
  const orgRole = app.ownerOrgId !== null && rows.role && isOrgRole(rows.role) ? rows.role : null;
  const grants = compileGrants({
    appId: app.id,
    isOwner: app.ownerUserId !== null && app.ownerUserId === userId,
    orgRole,
    teamGroups: app.ownerOrgId === null ? [] : rows.seats.map((seat) => ({ teamId: seat.teamId, group: permissionGroupRef(seat) })),
    ...collaboratorFacts(rows.collaborator),
  });
  if (!grants.hasAccess) return null;
  return { app, grants, orgRole };
}

export type AppListQuery = {
  kind?: AppListKind;
  /** Only apps owned by this organization (internal id). */
  orgId?: string;
  /** Only these apps (internal ids; null: all): what a credential limited to some may list. */
  onlyApps?: readonly string[] | null;
  q?: string;
  page?: number;
  pageSize?: number;
};

/**
 * Apps the user can reach, paginated and searchable: `own` (personal apps), `org` (apps of the
 * user's organizations they reach), `shared` (apps they collaborate on outside those), or all.
 */
export async function listReachableApps(db: DbOrTx, userId: string, query: AppListQuery = {}): Promise<{ rows: AppRecord[]; total: number }> {
  // Within one organization whose every app the user's role reaches (as the evaluator decides it),
  // reachability needs no per-app test: the list and its count read the org's apps by index.
  const role = query.orgId ? await queries.membershipRole(db, { orgId: query.orgId, userId }) : null;
  return queries.listReachableApps(db, {
    userId,
    rolesReachingAllApps: ROLES_REACHING_ALL_ORG_APPS,
    reachesEveryOrgApp: role !== null && ROLES_REACHING_ALL_ORG_APPS.includes(role),
    kind: query.kind ?? "all",
    orgId: query.orgId,
    onlyApps: query.onlyApps ?? null,
    q: query.q,
    page: Math.max(query.page ?? 1, 1),
    pageSize: Math.min(Math.max(query.pageSize ?? 20, 1), 100),
  });
}

/** Internal ids of every app the user can reach (tests and small orgs; lists use listReachableApps). */
export async function reachableAppIds(db: DbOrTx, userId: string): Promise<string[]> {
  return queries.reachableAppIds(db, { userId, rolesReachingAllApps: ROLES_REACHING_ALL_ORG_APPS });
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
export async function listAppAccess(db: DbOrTx, app: AppOwnership, now: Date): Promise<AccessEntry[]> {
  const rows = await queries.appAccessRows(db, app);
  const candidateIds = new Set<string>();
  if (app.ownerUserId) candidateIds.add(app.ownerUserId);
  const roleByUser = new Map<string, OrgRole>();
  for (const member of rows.members) {
    if (!isOrgRole(member.role)) continue;
    roleByUser.set(member.userId, member.role);
    candidateIds.add(member.userId);
  }
  const teamsByUser = new Map<string, TeamGrant[]>();
  for (const seat of rows.seats) {
    const list = teamsByUser.get(seat.userId) ?? [];
    list.push({ teamId: seat.teamId, group: permissionGroupRef(seat) });
    teamsByUser.set(seat.userId, list);
    candidateIds.add(seat.userId);
  }
  const collaboratorByUser = new Map(rows.collaborators.map((row) => [row.userId, row]));
  for (const row of rows.collaborators) candidateIds.add(row.userId);
  const entries: AccessEntry[] = [];
  for (const person of await queries.peopleByIds(db, { userIds: [...candidateIds] })) {
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
