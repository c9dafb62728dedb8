// Permission groups of an organization: the four built-ins (global rows whose scopes and
// environment levels lib/authz owns) and the org's own { name, operation scopes, environment
// access }. Teams reference them on every app they hold.

import { z } from "zod";
import { appScopesField } from "@/lib/validation/scopes";
import type { DbOrTx } from "@/db/client";
import { listPermissionGroupRows, type PermissionGroupRow } from "@/db/queries/permission-groups";
import {
  BUILT_IN_ENVIRONMENT_POLICIES,
  BUILT_IN_GROUPS,
  BUILT_IN_GROUP_NAMES,
  ENVIRONMENT_ACCESS_LEVELS,
  isBuiltInGroupName,
  parseScopes,
  scopeNames,
  type EnvironmentPolicy,
  type OperationScope,
  type OrgRole,
} from "@/lib/authz";
import { displayNameSchema } from "@/lib/validation/common";
import { environmentPolicy } from "./compute";

export type PermissionGroupSummary = {
  id: string;
  name: string;
  builtin: boolean;
  description: string;
  scopes: OperationScope[];
  /** Access to the organization's compute environments: a level for all, overrides by environment id. */
  environments: EnvironmentPolicy;
};

export type OrgActor = { userId: string; orgId: string; role: OrgRole | null };

const BUILT_IN_ORDER = new Map<string, number>(BUILT_IN_GROUP_NAMES.map((name, index) => [name, index]));

function summarize(row: PermissionGroupRow): PermissionGroupSummary {
  if (row.builtin !== null && isBuiltInGroupName(row.builtin)) {
    const group = BUILT_IN_GROUPS[row.builtin];
    return { id: row.id, name: group.name, builtin: true, description: group.description, scopes: scopeNames(group.scopes), environments: BUILT_IN_ENVIRONMENT_POLICIES[row.builtin] };
  }
  return { id: row.id, name: row.name, builtin: false, description: "", scopes: scopeNames(parseScopes(row.scopes).scopes), environments: environmentPolicy(row.environments) };
}

/** Built-in groups first (in their fixed order), then the org's own by name. */
export async function listPermissionGroups(db: DbOrTx, orgId: string): Promise<PermissionGroupSummary[]> {
  const summaries = (await listPermissionGroupRows(db, { orgId })).map(summarize);
  return [
    ...summaries.filter((g) => g.builtin).sort((a, b) => (BUILT_IN_ORDER.get(a.name) ?? 0) - (BUILT_IN_ORDER.get(b.name) ?? 0)),
    ...summaries.filter((g) => !g.builtin),
  ];
}

const LEVEL_RANK = new Map<string, number>(ENVIRONMENT_ACCESS_LEVELS.map((level, index) => [level, index]));

/** A group's widest environment access, as a rank (none lowest). */
function widestEnvironmentAccess(policy: EnvironmentPolicy): number {
  return Math.max(LEVEL_RANK.get(policy.all) ?? 0, ...Object.values(policy.overrides).map((level) => LEVEL_RANK.get(level) ?? 0));
}

/**
 * The group a new team starts with: the least privileged one — fewest operation scopes, then the
 * narrowest environment access, then the list's order (built-ins first). Giving more is a choice.
 */
export function leastPrivilegedGroup<Group extends Pick<PermissionGroupSummary, "scopes" | "environments">>(groups: readonly Group[]): Group | undefined {
  let least: Group | undefined;
  for (const group of groups) {
    if (
      !least ||
      group.scopes.length < least.scopes.length ||
      (group.scopes.length === least.scopes.length && widestEnvironmentAccess(group.environments) < widestEnvironmentAccess(least.environments))
    ) {
      least = group;
    }
  }
  return least;
}

export const UNKNOWN_GROUP = "Choose a permission group from the list: this one does not exist in the organization.";

const scopesField = appScopesField;

const environmentLevel = z.enum(ENVIRONMENT_ACCESS_LEVELS, { error: "Choose Full access, Read-only access or No access." });

/** A group's environment access: a level for all environments and per-environment overrides (ConfigCat). */
export const environmentPolicyInput = z.object({
  all: environmentLevel,
  overrides: z
    .record(z.string().min(1).max(100), environmentLevel)
    .refine((overrides) => Object.keys(overrides).length <= 100, "At most 100 environment overrides.")
    .default({}),
});
export type EnvironmentPolicyInput = z.infer<typeof environmentPolicyInput>;

/** A new group that says nothing about environments gets no access to any (as lib/authz reads it). */
export const DEFAULT_GROUP_ENVIRONMENTS: EnvironmentPolicyInput = { all: "none", overrides: {} };

const groupName = displayNameSchema.refine((name) => !BUILT_IN_GROUP_NAMES.some((b) => b.toLowerCase() === name.toLowerCase()), "This is the name of a built-in group; choose another.");

export const createPermissionGroupInput = z.object({
  name: groupName,
  scopes: scopesField,
  environments: environmentPolicyInput.default(DEFAULT_GROUP_ENVIRONMENTS),
});

/** Without `environments`, a group keeps the environment access it has. */
export const updatePermissionGroupInput = z.object({ groupId: z.string().min(1).max(100), name: groupName, scopes: scopesField, environments: environmentPolicyInput.optional() });
export const deletePermissionGroupInput = z.object({ groupId: z.string().min(1).max(100) });
