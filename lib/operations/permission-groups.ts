// Operations on an organization's own permission groups (the built-ins are fixed in lib/authz):
// their operation scopes and their access to the organization's compute environments.
import type { Transaction } from "@/db/client";
import { listEnvironments } from "@/db/queries/compute";
import * as queries from "@/db/queries/permission-groups";
import { newId } from "@/lib/ids";
import { environmentPolicy } from "@/lib/services/compute";
import { fail, ok } from "@/lib/result";
import {
  createPermissionGroupInput,
  deletePermissionGroupInput,
  updatePermissionGroupInput,
  type EnvironmentPolicyInput,
  type PermissionGroupSummary,
} from "@/lib/services/permission-groups";
import { defineOrgOperation } from "./operation";

const NAME_TAKEN = fail("conflict", "Please correct the highlighted fields.", {
  name: ["A permission group with this name already exists in the organization."],
});
const conflicts = { permission_groups_org_name_unique: NAME_TAKEN };
const UNKNOWN_ENVIRONMENT = fail("invalid_input", "Please correct the highlighted fields.", {
  environments: ["An environment of the overrides does not exist in the organization (it may have just been deleted). Reload and try again."],
});

/** Overrides may name only the organization's own environments: another org's id would be a stored restriction nobody decides on. */
async function checkEnvironments(tx: Transaction, orgId: string, environments: EnvironmentPolicyInput) {
  const known = new Set((await listEnvironments(tx, { orgId })).map((environment) => environment.id));
  return Object.keys(environments.overrides).every((id) => known.has(id)) ? null : UNKNOWN_ENVIRONMENT;
}

export const createPermissionGroup = defineOrgOperation({
  name: "permission_groups.create",
  input: createPermissionGroupInput,
  authorize: { capability: "teams.manage" },
  conflicts,
  async run({ tx, principal, tenant, audit }, { name, scopes, environments }) {
    const refused = await checkEnvironments(tx, tenant.orgId, environments);
    if (refused) return refused;
    const id = newId("grp");
    await queries.insertPermissionGroup(tx, { orgId: tenant.orgId, id, name, scopes, environments, createdBy: principal.userId });
    audit({ action: "permission_group.created", targetType: "permission_group", targetId: id, after: { name, scopes, environments } });
    return ok<PermissionGroupSummary>({ id, name, builtin: false, description: "", scopes, environments });
  },
});

export const updatePermissionGroup = defineOrgOperation({
  name: "permission_groups.update",
  input: updatePermissionGroupInput,
  authorize: { capability: "teams.manage" },
  conflicts,
  async run({ tx, tenant, audit }, { groupId, name, scopes, environments: given }) {
    const before = await queries.lockPermissionGroup(tx, { orgId: tenant.orgId, groupId });
    if (!before) return fail("not_found", "This permission group does not exist or is built in (built-in groups cannot be changed).");
    const environments = given ?? environmentPolicy(before.environments);
    if (given) {
      const refused = await checkEnvironments(tx, tenant.orgId, given);
      if (refused) return refused;
    }
    await queries.updatePermissionGroup(tx, { orgId: tenant.orgId, groupId, name, scopes, environments });
    audit({ action: "permission_group.updated", targetType: "permission_group", targetId: groupId, before, after: { name, scopes, environments } });
    return ok<PermissionGroupSummary>({ id: groupId, name, builtin: false, description: "", scopes, environments });
  },
});

export const deletePermissionGroup = defineOrgOperation({
  name: "permission_groups.delete",
  input: deletePermissionGroupInput,
  authorize: { capability: "teams.manage" },
  async run({ tx, tenant, audit }, { groupId }) {
    const group = await queries.lockPermissionGroup(tx, { orgId: tenant.orgId, groupId });
    if (!group) return fail("not_found", "This permission group does not exist or is built in (built-in groups cannot be deleted).");
    const using = await queries.teamsUsingGroup(tx, { orgId: tenant.orgId, groupId });
    if (using.length > 0) {
      const shown = using.slice(0, 10).join(", ");
      const more = using.length > 10 ? ` and ${using.length - 10} more` : "";
      return fail("conflict", `“${group.name}” is used by ${using.length === 1 ? "team" : "teams"} ${shown}${more}. Give those teams another permission first.`, undefined, { teams: using });
    }
    await queries.deletePermissionGroup(tx, { orgId: tenant.orgId, groupId });
    audit({ action: "permission_group.deleted", targetType: "permission_group", targetId: groupId, before: group });
    return ok({ id: groupId });
  },
});
