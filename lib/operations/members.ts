// Organization members: the searched, paginated list, role changes, removal and leaving. Every
// change locks the organization row first (lock: "organization"), so "an organization keeps at
// least one Admin" holds under concurrent requests.

import { z } from "zod";
import type { Transaction } from "@/db/client";
import { adminCount, deleteMembership, memberPage, roleInOrganization, updateMemberRole } from "@/db/queries/members";
import { getOrganizationName } from "@/db/queries/organizations";
import { ORG_ROLES, canAssignRole, evaluateAdminRetention, evaluateMembership } from "@/lib/authz";
import { fail, ok, type Result } from "@/lib/result";
import { MAX_MEMBER_SEARCH_LENGTH, MEMBERS_PAGE_SIZE } from "@/lib/services/members";
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

/** Changes a member's role: Admins only, only an Admin gives or takes Admin, and the last Admin stays. */
export const changeMemberRole = defineOrgOperation({
  name: "members.change_role",
  input: z.object({ userId, role }),
  lock: "organization",
  authorize: { capability: "members.manage" },
  async run({ tx, tenant, principal, authority, audit }, input) {
    const currentRole = await roleInOrganization(tx, { orgId: tenant.orgId, userId: input.userId });
    if (!currentRole) return fail("not_found", NOT_A_MEMBER);
    const decision = canAssignRole(authority.role, input.role, currentRole);
    if (!decision.allowed) return deniedFailure(decision);
    if (currentRole === input.role) return ok({ userId: input.userId, role: input.role });
    const keepsAdmin = evaluateAdminRetention({ currentRole, nextRole: input.role, admins: await adminCount(tx, { orgId: tenant.orgId }) });
    if (!keepsAdmin.allowed) return fail("conflict", keepsAdmin.message, undefined, { deniedBy: keepsAdmin.deniedBy });
    const updated = await updateMemberRole(tx, { orgId: tenant.orgId, userId: input.userId, from: currentRole, to: input.role });
    if (!updated) return fail("conflict", "The member's role changed meanwhile. Reload the page and try again.");
    audit({ action: "member.role_changed", targetType: "user", targetId: input.userId, before: { role: currentRole }, after: { role: input.role } });
    if (input.userId !== principal.userId) {
      await notify(tx, input.userId, { kind: "member.role_changed", title: `Your role in ${await orgName(tx, tenant.orgId)} is now ${input.role}`, body: `It was ${currentRole}.` });
    }
    return ok({ userId: input.userId, role: input.role });
  },
});

async function endMembership(
  { tx, tenant, audit }: Pick<OperationContext<OrgTenant>, "tx" | "tenant" | "audit">,
  memberId: string,
  action: "member.removed" | "member.left",
): Promise<Result<{ userId: string }>> {
  const currentRole = await roleInOrganization(tx, { orgId: tenant.orgId, userId: memberId });
  if (!currentRole) return fail("not_found", NOT_A_MEMBER);
  const keepsAdmin = evaluateAdminRetention({ currentRole, nextRole: null, admins: await adminCount(tx, { orgId: tenant.orgId }), leaving: action === "member.left" });
  if (!keepsAdmin.allowed) return fail("conflict", keepsAdmin.message, undefined, { deniedBy: keepsAdmin.deniedBy });
  const removed = await deleteMembership(tx, { orgId: tenant.orgId, userId: memberId });
  if (!removed) return fail("conflict", "The membership changed meanwhile. Reload the page and try again.");
  audit({ action, targetType: "user", targetId: memberId, before: { role: currentRole }, after: null });
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

/** Any member may leave, except the last Admin. */
export const leaveOrganization = defineOrgOperation({
  name: "members.leave",
  input: z.object({}),
  lock: "organization",
  authorize: ({ role }) => evaluateMembership(role),
  revalidate: everyPage,
  run: (context) => endMembership(context, context.principal.userId, "member.left"),
});
