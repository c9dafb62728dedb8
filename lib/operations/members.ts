// Organization members: the searched, paginated list, role changes, removal and leaving. Every
// change locks the organization row first (lock: "organization"), so "an organization keeps at
// least one Admin" holds under concurrent requests.

import { z } from "zod";
import type { Transaction } from "@/db/client";
import {
  adminCount,
  allMembers,
  deleteMembership,
  deleteRemovedMembersBefore,
  existingTeamIds,
  insertMembership,
  listRemovedMembers,
  memberPage,
  membersAmong,
  recordRemovedMember,
  roleInOrganization,
  takeRemovedMember,
  teamIdsOfMember,
  updateMemberRole,
} from "@/db/queries/members";
import { getOrganizationName } from "@/db/queries/organizations";
import { insertTeamMembers } from "@/db/queries/teams";
import { ORG_ROLES, canAssignRole, canGrantTeamSeats, evaluateAdminRetention, evaluateMembership, type OrgRole } from "@/lib/authz";
import { fail, ok, type Result } from "@/lib/result";
import { MAX_BULK_MEMBERS, MAX_MEMBER_SEARCH_LENGTH, MEMBERS_PAGE_SIZE, REINSTATE_WINDOW_DAYS, reinstateCutoff } from "@/lib/services/members";
import { notify } from "@/lib/services/notifications";
import { deniedFailure } from "./failures";
import { defineOrgOperation, type OperationContext, type OrgTenant } from "./operation";

const userId = z.string().trim().min(1, "Missing identifier.").max(64, "Identifier is too long.");
const role = z.enum(ORG_ROLES, { error: `Choose one of the roles: ${ORG_ROLES.join(", ")}.` });
const NOT_A_MEMBER = "This person is not a member of the organization.";

/** One page of the members, searched by name, email or user ID on the server. Every member may read it. */
export const listMembers = defineOrgOperation({
  name: "members.list",
  input: z.object({
    query: z.string().trim().max(MAX_MEMBER_SEARCH_LENGTH).catch("").default(""),
    page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).catch(MEMBERS_PAGE_SIZE).default(MEMBERS_PAGE_SIZE),
  }),
  authorize: ({ role }) => evaluateMembership(role),
  readOnly: true,
  run: async ({ tx, tenant }, input) => ok(await memberPage(tx, { orgId: tenant.orgId, ...input })),
});

async function orgName(tx: Transaction, orgId: string): Promise<string> {
  return (await getOrganizationName(tx, { orgId })) ?? "an organization";
}

/** One member's role change, under the organization lock the operation took. */
async function changeRole(
  { tx, tenant, principal, authority, audit }: Pick<OperationContext<OrgTenant>, "tx" | "tenant" | "principal" | "authority" | "audit">,
  userId: string,
  role: OrgRole,
): Promise<Result<{ userId: string; role: OrgRole }>> {
  const currentRole = await roleInOrganization(tx, { orgId: tenant.orgId, userId });
  if (!currentRole) return fail("not_found", NOT_A_MEMBER);
  const decision = canAssignRole(authority.role, role, currentRole);
  if (!decision.allowed) return deniedFailure(decision);
  if (currentRole === role) return ok({ userId, role });
  const keepsAdmin = evaluateAdminRetention({ currentRole, nextRole: role, admins: await adminCount(tx, { orgId: tenant.orgId }) });
  if (!keepsAdmin.allowed) return fail("conflict", keepsAdmin.message, undefined, { deniedBy: keepsAdmin.deniedBy });
  const updated = await updateMemberRole(tx, { orgId: tenant.orgId, userId, from: currentRole, to: role });
  if (!updated) return fail("conflict", "The member's role changed meanwhile. Reload the page and try again.");
  audit({ action: "member.role_changed", targetType: "user", targetId: userId, before: { role: currentRole }, after: { role } });
  if (userId !== principal.userId) {
    await notify(tx, userId, { kind: "member.role_changed", title: `Your role in ${await orgName(tx, tenant.orgId)} is now ${role}`, body: `It was ${currentRole}.` });
  }
  return ok({ userId, role });
}

/** Changes a member's role: Admins only, only an Admin gives or takes Admin, and the last Admin stays. */
export const changeMemberRole = defineOrgOperation({
  name: "members.change_role",
  input: z.object({ userId, role }),
  lock: "organization",
  authorize: { capability: "members.manage" },
  run: (context, input) => changeRole(context, input.userId, input.role),
});

const userIds = z
  .array(userId, { error: "Select at least one member." })
  .min(1, "Select at least one member.")
  .max(MAX_BULK_MEMBERS, `Select at most ${MAX_BULK_MEMBERS} members at once.`)
  .transform((ids) => [...new Set(ids)]);

/** Names a bulk change's failure after the member it failed on; nothing of the batch is changed. */
function failedOn<T>(name: string, result: Result<T>): Result<never> | null {
  if (result.ok) return null;
  return { ...result, message: `Nothing was changed. ${name}: ${result.message}` };
}

/**
 * Gives several members one role, all or nothing: every change passes the single change's rules
 * (Admins only; only an Admin gives or takes Admin; the last Admin stays).
 */
export const changeMemberRoles = defineOrgOperation({
  name: "members.change_roles",
  input: z.object({ userIds, role }),
  lock: "organization",
  authorize: { capability: "members.manage" },
  async run(context, input) {
    const members = new Map((await membersAmong(context.tx, { orgId: context.tenant.orgId, userIds: input.userIds })).map((member) => [member.userId, member]));
    let changed = 0;
    for (const id of input.userIds) {
      const member = members.get(id);
      if (!member) return fail("not_found", `Nothing was changed. ${NOT_A_MEMBER} Reload the page and try again.`);
      const result = await changeRole(context, id, input.role);
      const failure = failedOn(member.name, result);
      if (failure) return failure;
      if (member.role !== input.role) changed += 1;
    }
    return ok({ changed, role: input.role });
  },
});

async function endMembership(
  { tx, tenant, principal, audit }: Pick<OperationContext<OrgTenant>, "tx" | "tenant" | "principal" | "audit">,
  memberId: string,
  action: "member.removed" | "member.left",
): Promise<Result<{ userId: string }>> {
  const currentRole = await roleInOrganization(tx, { orgId: tenant.orgId, userId: memberId });
  if (!currentRole) return fail("not_found", NOT_A_MEMBER);
  const keepsAdmin = evaluateAdminRetention({ currentRole, nextRole: null, admins: await adminCount(tx, { orgId: tenant.orgId }), leaving: action === "member.left" });
  if (!keepsAdmin.allowed) return fail("conflict", keepsAdmin.message, undefined, { deniedBy: keepsAdmin.deniedBy });
  // A member an Admin removes can be reinstated for a while with their role and teams; one who
  // leaves is not kept.
  const teamIds = action === "member.removed" ? await teamIdsOfMember(tx, { orgId: tenant.orgId, userId: memberId }) : [];
  const removed = await deleteMembership(tx, { orgId: tenant.orgId, userId: memberId });
  if (!removed) return fail("conflict", "The membership changed meanwhile. Reload the page and try again.");
  if (action === "member.removed") {
    const now = new Date();
    await deleteRemovedMembersBefore(tx, { orgId: tenant.orgId, before: reinstateCutoff(now) });
    await recordRemovedMember(tx, { orgId: tenant.orgId, userId: memberId, role: currentRole, teamIds, removedBy: principal.userId, removedAt: now });
  }
  audit({ action, targetType: "user", targetId: memberId, before: { role: currentRole, ...(teamIds.length ? { teamIds } : {}) }, after: null });
  return ok({ userId: memberId });
}

// Removing or leaving changes what the actor (or the removed member) sees everywhere.
const everyPage = () => [{ path: "/", type: "layout" as const }];

/**
 * Removes a member (their team seats go with the membership). Admins only; the last Admin cannot
 * be removed. Access ends on the member's next request: grants are read per request.
 */
export const removeMember = defineOrgOperation({
  name: "members.remove",
  input: z.object({ userId }),
  lock: "organization",
  authorize: { capability: "members.manage" },
  revalidate: everyPage,
  async run(context, input) {
    const leaving = input.userId === context.principal.userId;
    const result = await endMembership(context, input.userId, leaving ? "member.left" : "member.removed");
    if (result.ok && !leaving) await notify(context.tx, input.userId, { kind: "member.removed", title: `You were removed from ${await orgName(context.tx, context.tenant.orgId)}` });
    return result;
  },
});

/**
 * Removes several members at once, all or nothing, each as a single removal would (they can be
 * reinstated). The actor cannot be among them: leaving is its own action.
 */
export const removeMembers = defineOrgOperation({
  name: "members.remove_many",
  input: z.object({ userIds }),
  lock: "organization",
  authorize: { capability: "members.manage" },
  revalidate: everyPage,
  async run(context, input) {
    if (input.userIds.includes(context.principal.userId)) {
      return fail("invalid_input", "You cannot remove yourself with other members; use Leave organization.", { userIds: ["Unselect yourself."] });
    }
    const members = new Map((await membersAmong(context.tx, { orgId: context.tenant.orgId, userIds: input.userIds })).map((member) => [member.userId, member]));
    const name = await orgName(context.tx, context.tenant.orgId);
    for (const id of input.userIds) {
      const member = members.get(id);
      if (!member) return fail("not_found", `Nothing was changed. ${NOT_A_MEMBER} Reload the page and try again.`);
      const failure = failedOn(member.name, await endMembership(context, id, "member.removed"));
      if (failure) return failure;
      await notify(context.tx, id, { kind: "member.removed", title: `You were removed from ${name}` });
    }
    return ok({ removed: input.userIds.length });
  },
});

/** Members removed in the last REINSTATE_WINDOW_DAYS days who are not members again (those who manage members). */
export const listRemovedMembersOperation = defineOrgOperation({
  name: "members.list_removed",
  input: z.object({}),
  authorize: { capability: "members.manage" },
  readOnly: true,
  run: async ({ tx, tenant }) => ok(await listRemovedMembers(tx, { orgId: tenant.orgId, since: reinstateCutoff(new Date()) })),
});

/**
 * Makes a removed member a member again with their previous role and the teams (still existing)
 * they sat on — within REINSTATE_WINDOW_DAYS of the removal. The rules of adding a member apply:
 * the actor must be able to give that role (only an Admin gives Admin) and to seat them on teams.
 * Refused if they are a member again already.
 */
export const reinstateMember = defineOrgOperation({
  name: "members.reinstate",
  input: z.object({ userId }),
  lock: "organization",
  authorize: { capability: "members.manage" },
  async run({ tx, tenant, principal, authority, audit }, input) {
    const orgId = tenant.orgId;
    const record = await takeRemovedMember(tx, { orgId, userId: input.userId, since: reinstateCutoff(new Date()) });
    if (!record) return fail("not_found", `This person cannot be reinstated: they were not removed from the organization in the last ${REINSTATE_WINDOW_DAYS} days.`);
    if (await roleInOrganization(tx, { orgId, userId: input.userId })) return fail("conflict", "This person is a member of the organization again already.");
    const mayAssign = canAssignRole(authority.role, record.role);
    if (!mayAssign.allowed) return deniedFailure(mayAssign);
    const teamIds = await existingTeamIds(tx, { orgId, teamIds: record.teamIds });
    if (teamIds.length > 0) {
      const maySeat = canGrantTeamSeats(authority.role);
      if (!maySeat.allowed) return deniedFailure(maySeat);
    }
    if (!(await insertMembership(tx, { orgId, userId: input.userId, role: record.role }))) return fail("conflict", "This person is a member of the organization again already.");
    for (const teamId of teamIds) await insertTeamMembers(tx, { orgId, teamRef: teamId, userIds: [input.userId], addedBy: principal.userId });
    audit({ action: "member.reinstated", targetType: "user", targetId: input.userId, before: { removedAt: record.removedAt.toISOString() }, after: { role: record.role, teamIds } });
    await notify(tx, input.userId, { kind: "member.reinstated", title: `You are a member of ${await orgName(tx, orgId)} again`, body: `Role: ${record.role}` });
    return ok({ userId: input.userId, role: record.role, teams: teamIds.length });
  },
});

/** Every member with the list's columns, for the CSV export (those who manage members). */
export const exportMembers = defineOrgOperation({
  name: "members.export",
  input: z.object({}),
  authorize: { capability: "members.manage" },
  readOnly: true,
  run: async ({ tx, tenant }) => ok(await allMembers(tx, { orgId: tenant.orgId })),
});

/** Any member may leave, except the last Admin. */
export const leaveOrganization = defineOrgOperation({
  name: "members.leave",
  input: z.object({}),
  lock: "organization",
  authorize: ({ role }) => evaluateMembership(role),
  revalidate: everyPage,
  run: (context) => endMembership(context, context.principal.userId, "member.left"),
});
