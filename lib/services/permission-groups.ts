// Permission groups of an organization: the four built-ins (global rows whose scopes lib/authz owns)
// and the org's own { name, operation scopes }. Teams reference them on every app they hold.

import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { operationScopesField } from "@/lib/validation/scopes";
import type { DbOrTx } from "@/db/client";
import { permissionGroups, teamApps, teams } from "@/db/schema";
import {
  BUILT_IN_GROUPS,
  BUILT_IN_GROUP_NAMES,
  isBuiltInGroupName,
  parseScopes,
  scopeNames,
  type OperationScope,
  type OrgRole,
} from "@/lib/authz";
import { displayNameSchema } from "@/lib/validation/common";

export type PermissionGroupSummary = {
  id: string;
  name: string;
  builtin: boolean;
  description: string;
  scopes: OperationScope[];
};

export type OrgActor = { userId: string; orgId: string; role: OrgRole | null };

const BUILT_IN_ORDER = new Map<string, number>(BUILT_IN_GROUP_NAMES.map((name, index) => [name, index]));

function summarize(row: { id: string; builtin: string | null; name: string; scopes: string[] }): PermissionGroupSummary {
  if (row.builtin !== null && isBuiltInGroupName(row.builtin)) {
    const group = BUILT_IN_GROUPS[row.builtin];
    return { id: row.id, name: group.name, builtin: true, description: group.description, scopes: scopeNames(group.scopes) };
  }
  return { id: row.id, name: row.name, builtin: false, description: "", scopes: scopeNames(parseScopes(row.scopes).scopes) };
}

/** Built-in groups first (in their fixed order), then the org's own by name. */
export async function listPermissionGroups(db: DbOrTx, orgId: string): Promise<PermissionGroupSummary[]> {
  const rows = await db
    .select({ id: permissionGroups.id, builtin: permissionGroups.builtin, name: permissionGroups.name, scopes: permissionGroups.scopes })
    .from(permissionGroups)
    .where(or(isNull(permissionGroups.orgId), eq(permissionGroups.orgId, orgId)))
    .orderBy(asc(sql`lower(${permissionGroups.name})`));
  const summaries = rows.map(summarize);
  return [
    ...summaries.filter((g) => g.builtin).sort((a, b) => (BUILT_IN_ORDER.get(a.name) ?? 0) - (BUILT_IN_ORDER.get(b.name) ?? 0)),
    ...summaries.filter((g) => !g.builtin),
  ];
}

/** A group usable by this org's teams (a built-in or the org's own); null for anything else. */
export async function findUsableGroup(db: DbOrTx, orgId: string, groupId: string) {
  const [row] = await db
    .select({ id: permissionGroups.id, builtin: permissionGroups.builtin, name: permissionGroups.name, scopes: permissionGroups.scopes })
    .from(permissionGroups)
    .where(and(eq(permissionGroups.id, groupId), or(isNull(permissionGroups.orgId), eq(permissionGroups.orgId, orgId))));
  return row ?? null;
}

export const UNKNOWN_GROUP = "Choose a permission group from the list: this one does not exist in the organization.";

const scopesField = operationScopesField;

export const createPermissionGroupInput = z.object({
  name: displayNameSchema.refine((name) => !BUILT_IN_GROUP_NAMES.some((b) => b.toLowerCase() === name.toLowerCase()), "This is the name of a built-in group; choose another."),
  scopes: scopesField,
});

export const updatePermissionGroupInput = createPermissionGroupInput.extend({ groupId: z.string().min(1).max(100) });
export const deletePermissionGroupInput = z.object({ groupId: z.string().min(1).max(100) });

/** Teams (team IDs) that use the group, as default permission or on an app. */
export async function teamsUsingGroup(db: DbOrTx, orgId: string, groupId: string): Promise<string[]> {
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
