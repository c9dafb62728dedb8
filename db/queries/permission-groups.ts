// Permission groups usable by an organization: the four built-ins (global rows, org_id null) and
// the org's own. Only the org's own rows are ever locked or changed.
import { and, asc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { permissionGroups, teamApps, teams } from "@/db/schema";

/** A group's environment access as stored: `{ all, overrides: { <environment id>: level } }`. */
export type StoredEnvironments = { all: string; overrides: Record<string, string> };

export type PermissionGroupRow = { id: string; builtin: string | null; name: string; scopes: string[]; environments: StoredEnvironments };

const groupColumns = { id: permissionGroups.id, builtin: permissionGroups.builtin, name: permissionGroups.name, scopes: permissionGroups.scopes, environments: permissionGroups.environments };

function usableBy(orgId: string): SQL | undefined {
  return or(isNull(permissionGroups.orgId), eq(permissionGroups.orgId, orgId));
}

function ownGroup({ orgId, groupId }: { orgId: string; groupId: string }): SQL | undefined {
  return and(eq(permissionGroups.id, groupId), eq(permissionGroups.orgId, orgId));
}

/** The built-ins and the org's own groups, by name. */
export async function listPermissionGroupRows(db: DbOrTx, { orgId }: { orgId: string }): Promise<PermissionGroupRow[]> {
  return db.select(groupColumns).from(permissionGroups).where(usableBy(orgId)).orderBy(asc(sql`lower(${permissionGroups.name})`));
}

/** A group usable by this org's teams (a built-in or the org's own); null for anything else. */
export async function findUsableGroup(db: DbOrTx, { orgId, groupId }: { orgId: string; groupId: string }): Promise<PermissionGroupRow | null> {
  const [row] = await db.select(groupColumns).from(permissionGroups).where(and(eq(permissionGroups.id, groupId), usableBy(orgId)));
  return row ?? null;
}

/** Teams (team IDs) that use the group, as default permission or on an app. */
export async function teamsUsingGroup(db: DbOrTx, { orgId, groupId }: { orgId: string; groupId: string }): Promise<string[]> {
  const rows = await db
    .selectDistinct({ teamId: teams.teamId })
    .from(teams)
    .where(
      and(
        eq(teams.orgId, orgId),
        or(
          eq(teams.defaultPermissionGroupId, groupId),
          sql`exists (select 1 from ${teamApps} where ${teamApps.teamId} = ${teams.id} and ${teamApps.orgId} = ${orgId} and ${teamApps.permissionGroupId} = ${groupId})`,
        ),
      ),
    )
    .orderBy(asc(teams.teamId));
  return rows.map((row) => row.teamId);
}

export async function insertPermissionGroup(
  db: DbOrTx,
  { orgId, id, name, scopes, environments, createdBy }: { orgId: string; id: string; name: string; scopes: string[]; environments: StoredEnvironments; createdBy: string },
): Promise<void> {
  await db.insert(permissionGroups).values({ id, orgId, name, scopes, environments, createdBy });
}

/** One of the org's own groups, locked until the transaction ends; null for a built-in or an unknown id. */
export async function lockPermissionGroup(db: DbOrTx, key: { orgId: string; groupId: string }): Promise<{ name: string; scopes: string[]; environments: StoredEnvironments } | null> {
  const [row] = await db.select({ name: permissionGroups.name, scopes: permissionGroups.scopes, environments: permissionGroups.environments }).from(permissionGroups).where(ownGroup(key)).for("update");
  return row ?? null;
}

export async function updatePermissionGroup(
  db: DbOrTx,
  { name, scopes, environments, ...key }: { orgId: string; groupId: string; name: string; scopes: string[]; environments: StoredEnvironments },
): Promise<void> {
  await db.update(permissionGroups).set({ name, scopes, environments }).where(ownGroup(key));
}

export async function deletePermissionGroup(db: DbOrTx, key: { orgId: string; groupId: string }): Promise<void> {
  await db.delete(permissionGroups).where(ownGroup(key));
}
