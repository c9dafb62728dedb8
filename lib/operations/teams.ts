// Operations on an organization's teams: their members and the apps they hold, each with a
// permission group. All need the `teams.manage` capability; giving a team a permission on an app
// also passes the no-escalation check (the actor holds every scope of the group on that app).
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { memberIdsAmong } from "@/db/queries/members";
import { findUsableGroup, type PermissionGroupRow } from "@/db/queries/permission-groups";
import * as queries from "@/db/queries/teams";
import { mayGrantScopes } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { fail, ok, type Result } from "@/lib/result";
import { loadAppGrants, permissionGroupScopes } from "@/lib/services/access";
import { UNKNOWN_GROUP } from "@/lib/services/permission-groups";
import {
  addTeamAppsInput,
  addTeamMembersInput,
  createTeamInput,
  removeTeamMemberInput,
  renameTeamInput,
  setTeamAppPermissionInput,
  teamAppInput,
  teamRefInput,
} from "@/lib/services/teams";
import { defineOrgOperation } from "./operation";

const TEAM_ID_TAKEN = "A team with this ID already exists in the organization.";
const TEAM_NOT_FOUND = "This team does not exist in the organization.";
const UNKNOWN_GROUP_FAILURE = fail("invalid_input", "Please correct the highlighted fields.", { permissionGroupId: [UNKNOWN_GROUP] });
const manage = { capability: "teams.manage" } as const;

/** No escalation: the actor must hold every scope of the group on each app (lib/authz decides). */
async function checkMayGrant(tx: DbOrTx, userId: string, group: PermissionGroupRow, appRows: queries.OrgAppRow[]): Promise<Result<null>> {
  const requested = permissionGroupScopes(group);
  for (const app of appRows) {
    const decision = mayGrantScopes(await loadAppGrants(tx, userId, app), requested);
    if (!decision.allowed) return fail("forbidden", `${app.appId}: ${decision.message}`, undefined, { deniedBy: decision.deniedBy, missing: [...decision.missing] });
  }
  return ok(null);
}

export const createTeam = defineOrgOperation({
  name: "teams.create",
  input: createTeamInput,
  authorize: manage,
  conflicts: { teams_org_team_id_unique: fail("conflict", "Please correct the highlighted fields.", { teamId: [TEAM_ID_TAKEN] }) },
  async run({ tx, principal, tenant, audit }, { teamId, name, permissionGroupId }) {
    const group = await findUsableGroup(tx, { orgId: tenant.orgId, groupId: permissionGroupId });
    if (!group) return UNKNOWN_GROUP_FAILURE;
    if (await queries.teamIdTaken(tx, { orgId: tenant.orgId, teamId })) return fail("conflict", "Please correct the highlighted fields.", { teamId: [TEAM_ID_TAKEN] });
    const id = newId("tea");
    await queries.insertTeam(tx, { orgId: tenant.orgId, id, teamId, name, defaultPermissionGroupId: group.id, createdBy: principal.userId });
    audit({ action: "team.created", targetType: "team", targetId: id, after: { teamId, name, defaultPermission: group.name } });
    return ok({ id, teamId, name });
  },
});

export const renameTeam = defineOrgOperation({
  name: "teams.rename",
  input: renameTeamInput,
  authorize: manage,
  async run({ tx, tenant, audit }, { teamRef, name }) {
    const team = await queries.lockTeam(tx, { orgId: tenant.orgId, teamRef });
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    await queries.updateTeamName(tx, { orgId: tenant.orgId, teamRef: team.id, name });
    audit({ action: "team.renamed", targetType: "team", targetId: team.id, before: { name: team.name }, after: { name } });
    return ok({ id: team.id, name });
  },
});

export const deleteTeam = defineOrgOperation({
  name: "teams.delete",
  input: teamRefInput,
  authorize: manage,
  async run({ tx, tenant, audit }, { teamRef }) {
    const team = await queries.lockTeam(tx, { orgId: tenant.orgId, teamRef });
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    await queries.deleteTeam(tx, { orgId: tenant.orgId, teamRef: team.id });
    audit({ action: "team.deleted", targetType: "team", targetId: team.id, before: { teamId: team.teamId, name: team.name } });
    return ok({ id: team.id });
  },
});

export const addTeamMembers = defineOrgOperation({
  name: "teams.add_members",
  input: addTeamMembersInput,
  authorize: manage,
  async run({ tx, principal, tenant, audit }, { teamRef, userIds }) {
    const team = await queries.lockTeam(tx, { orgId: tenant.orgId, teamRef });
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    const members = await memberIdsAmong(tx, { orgId: tenant.orgId, userIds });
    if (members.length !== userIds.length) {
      return fail("invalid_input", "Only members of this organization can be added to its teams.", { userIds: ["Only members of this organization can be added to its teams."] });
    }
    const added = await queries.insertTeamMembers(tx, { orgId: tenant.orgId, teamRef: team.id, userIds, addedBy: principal.userId });
    for (const userId of added) audit({ action: "team.member_added", targetType: "team", targetId: team.id, after: { userId } });
    return ok({ added: added.length });
  },
});

export const removeTeamMember = defineOrgOperation({
  name: "teams.remove_member",
  input: removeTeamMemberInput,
  authorize: manage,
  async run({ tx, tenant, audit }, { teamRef, userId }) {
    const team = await queries.lockTeam(tx, { orgId: tenant.orgId, teamRef });
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    const removed = await queries.deleteTeamMember(tx, { orgId: tenant.orgId, teamRef: team.id, userId });
    if (!removed) return fail("not_found", "This person is not on the team.");
    audit({ action: "team.member_removed", targetType: "team", targetId: team.id, before: { userId } });
    return ok({ removed: true as const });
  },
});

export const addTeamApps = defineOrgOperation({
  name: "teams.add_apps",
  input: addTeamAppsInput,
  authorize: manage,
  async run({ tx, principal, tenant, audit }, { teamRef, appIds, permissionGroupId }) {
    const team = await queries.lockTeam(tx, { orgId: tenant.orgId, teamRef });
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    const group = await findUsableGroup(tx, { orgId: tenant.orgId, groupId: permissionGroupId });
    if (!group) return UNKNOWN_GROUP_FAILURE;
    const owned = await queries.findOrgApps(tx, { orgId: tenant.orgId, appIds });
    if (owned.length !== appIds.length) {
      return fail("invalid_input", "Only apps owned by this organization can be added to its teams.", { appIds: ["Only apps owned by this organization can be added to its teams."] });
    }
    const mayGrant = await checkMayGrant(tx, principal.userId, group, owned);
    if (!mayGrant.ok) return mayGrant;
    const added = await queries.insertTeamApps(tx, {
      orgId: tenant.orgId,
      teamRef: team.id,
      appIds: owned.map((app) => app.id),
      permissionGroupId: group.id,
      addedBy: principal.userId,
    });
    for (const appId of added) {
      audit({ appId, action: "team.app_added", targetType: "team", targetId: team.id, after: { appId, permission: group.name } });
    }
    return ok({ added: added.length });
  },
});

export const setTeamAppPermission = defineOrgOperation({
  name: "teams.set_app_permission",
  input: setTeamAppPermissionInput,
  authorize: manage,
  async run({ tx, principal, tenant, audit }, { teamRef, appId, permissionGroupId }) {
    const team = await queries.lockTeam(tx, { orgId: tenant.orgId, teamRef });
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    const group = await findUsableGroup(tx, { orgId: tenant.orgId, groupId: permissionGroupId });
    if (!group) return UNKNOWN_GROUP_FAILURE;
    const held = { orgId: tenant.orgId, teamRef: team.id, appId };
    const current = await queries.findTeamApp(tx, held);
    if (!current) return fail("not_found", "This team does not hold this app.");
    const mayGrant = await checkMayGrant(tx, principal.userId, group, [current.app]);
    if (!mayGrant.ok) return mayGrant;
    await queries.updateTeamAppPermission(tx, { ...held, permissionGroupId: group.id });
    audit({ appId, action: "team.app_permission_changed", targetType: "team", targetId: team.id, before: { permissionGroupId: current.permissionGroupId }, after: { permissionGroupId: group.id, permission: group.name } });
    return ok({ permission: group.name });
  },
});

export const removeTeamApp = defineOrgOperation({
  name: "teams.remove_app",
  input: teamAppInput,
  authorize: manage,
  async run({ tx, tenant, audit }, { teamRef, appId }) {
    const team = await queries.lockTeam(tx, { orgId: tenant.orgId, teamRef });
    if (!team) return fail("not_found", TEAM_NOT_FOUND);
    const removed = await queries.deleteTeamApp(tx, { orgId: tenant.orgId, teamRef: team.id, appId });
    if (!removed) return fail("not_found", "This team does not hold this app.");
    audit({ appId, action: "team.app_removed", targetType: "team", targetId: team.id, before: { appId } });
    return ok({ removed: true as const });
  },
});

const searchInput = z.object({ ref: z.string().min(1).max(100), q: z.string({ error: "Search text is too long." }).max(100, "Search text is too long.").optional().default("") });

/** Add Members: org members not on the team (`ref` = team). */
export const searchMembersToAdd = defineOrgOperation({
  name: "teams.search_members_to_add",
  input: searchInput,
  authorize: manage,
  readOnly: true,
  run: async ({ tx, tenant }, { ref, q }) => ok(await queries.searchMembersToAdd(tx, { orgId: tenant.orgId, teamRef: ref, q })),
});

/** Add App: org apps the team does not hold (`ref` = team). */
export const searchAppsToAdd = defineOrgOperation({
  name: "teams.search_apps_to_add",
  input: searchInput,
  authorize: manage,
  readOnly: true,
  run: async ({ tx, tenant }, { ref, q }) => ok(await queries.searchAppsToAdd(tx, { orgId: tenant.orgId, teamRef: ref, q })),
});

/** App Settings › Add team: teams not holding the app (`ref` = app). */
export const searchTeamsToAddToApp = defineOrgOperation({
  name: "teams.search_teams_to_add_to_app",
  input: searchInput,
  authorize: manage,
  readOnly: true,
  run: async ({ tx, tenant }, { ref, q }) => ok(await queries.searchTeamsToAddToApp(tx, { orgId: tenant.orgId, appRef: ref, q })),
});
