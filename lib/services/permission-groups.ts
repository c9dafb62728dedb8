// Permission groups of an organization: the four built-ins (global rows whose scopes lib/authz owns)
// and the org's own { name, operation scopes }. Teams reference them on every app they hold.

import { z } from "zod";
import { operationScopesField } from "@/lib/validation/scopes";
import type { DbOrTx } from "@/db/client";
import { listPermissionGroupRows, type PermissionGroupRow } from "@/db/queries/permission-groups";
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

function summarize(row: PermissionGroupRow): PermissionGroupSummary {
  if (row.builtin !== null && isBuiltInGroupName(row.builtin)) {
    const group = BUILT_IN_GROUPS[row.builtin];
    return { id: row.id, name: group.name, builtin: true, description: group.description, scopes: scopeNames(group.scopes) };
  }
  return { id: row.id, name: row.name, builtin: false, description: "", scopes: scopeNames(parseScopes(row.scopes).scopes) };
}

/** Built-in groups first (in their fixed order), then the org's own by name. */
export async function listPermissionGroups(db: DbOrTx, orgId: string): Promise<PermissionGroupSummary[]> {
  const summaries = (await listPermissionGroupRows(db, { orgId })).map(summarize);
  return [
    ...summaries.filter((g) => g.builtin).sort((a, b) => (BUILT_IN_ORDER.get(a.name) ?? 0) - (BUILT_IN_ORDER.get(b.name) ?? 0)),
    ...summaries.filter((g) => !g.builtin),
  ];
}

export const UNKNOWN_GROUP = "Choose a permission group from the list: this one does not exist in the organization.";

const scopesField = operationScopesField;

export const createPermissionGroupInput = z.object({
  name: displayNameSchema.refine((name) => !BUILT_IN_GROUP_NAMES.some((b) => b.toLowerCase() === name.toLowerCase()), "This is the name of a built-in group; choose another."),
  scopes: scopesField,
});

export const updatePermissionGroupInput = createPermissionGroupInput.extend({ groupId: z.string().min(1).max(100) });
export const deletePermissionGroupInput = z.object({ groupId: z.string().min(1).max(100) });
