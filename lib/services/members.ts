// Organization members: listing (paginated, searched on the server), role changes, removal and
// leaving. Every change locks the organization row first, so "an org keeps at least one Admin"
// holds under concurrent requests, and writes its audit event in the same transaction.
import { and, asc, count, eq, ilike, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx, Transaction } from "@/db/client";
import { memberships, organizations, users } from "@/db/schema";
import { ORG_ROLES, canAssignRole, evaluateOrgCapability, type Denied, type OrgRole } from "@/lib/authz";
import { fail, ok, type Failure, type Result } from "@/lib/result";
import { invalidInput } from "@/lib/validation/form";
import { recordAudit } from "./audit";
import { notify } from "./notifications";
import { runInTransaction } from "./transaction";

export const MEMBERS_PAGE_SIZE = 25;
export const MAX_MEMBER_SEARCH_LENGTH = 100;

export type Actor = { userId: string };
export type ChangeContext = { ip?: string | null };

export type MemberView = { userId: string; handle: string; name: string; email: string; role: OrgRole; joinedAt: string };
export type MemberPage = { members: MemberView[]; total: number; page: number; pageSize: number; query: string };

const idSchema = z.string().trim().min(1, "Missing identifier.").max(64, "Identifier is too long.");
const roleSchema = z.enum(ORG_ROLES, { error: `Choose one of the roles: ${ORG_ROLES.join(", ")}.` });

export const NOT_FOUND_MESSAGE = "This organization does not exist or you are not a member of it.";
export const LAST_ADMIN_MESSAGE = "An organization must keep at least one Admin. Make another member an Admin first.";

/** The actor's role in the org, or null when they are not a member. */
export async function roleInOrganization(db: DbOrTx, orgId: string, userId: string): Promise<OrgRole | null> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row?.role ?? null;
}

/** Serializes every membership change of one organization (the last-Admin rule spans rows). */
export async function lockOrganization(tx: Transaction, orgId: string): Promise<boolean> {
  const rows = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId)).for("update");
  return rows.length > 0;
}

async function adminCount(tx: DbOrTx, orgId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "Admin")));
  return row?.n ?? 0;
}

/** Turns an authz denial into the action's failure: outsiders get not_found, members forbidden. */
export function denialToFailure(decision: Denied): Failure {
  if (decision.deniedBy === "not_org_member") return fail("not_found", NOT_FOUND_MESSAGE);
  return fail("forbidden", decision.message, undefined, { deniedBy: decision.deniedBy });
}

const listInput = z.object({
  orgId: idSchema,
  query: z.string().trim().max(MAX_MEMBER_SEARCH_LENGTH).catch("").default(""),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).catch(MEMBERS_PAGE_SIZE).default(MEMBERS_PAGE_SIZE),
});

function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of an organization's members, searched by name, email or user ID on the server.
 * Every member may read the list; outsiders get not_found.
 */
export async function listMembers(db: Database, actor: Actor, raw: unknown): Promise<Result<MemberPage>> {
  const parsed = listInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { orgId, query, page, pageSize } = parsed.data;
  const role = await roleInOrganization(db, orgId, actor.userId);
  if (!role) return fail("not_found", NOT_FOUND_MESSAGE);
  const pattern = likePattern(query);
  const where = and(
    eq(memberships.orgId, orgId),
    query ? or(ilike(users.name, pattern), ilike(users.email, pattern), ilike(users.handle, pattern)) : undefined,
  );
  // Without a search the count needs no join (memberships_org_role_idx covers it).
  const [totalRow] = query
    ? await db.select({ n: count() }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(where)
    : await db.select({ n: count() }).from(memberships).where(eq(memberships.orgId, orgId));
  const total = totalRow?.n ?? 0;
  const rows = await db
    .select({ userId: users.id, handle: users.handle, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(where)
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return ok({
    members: rows.map((row) => ({ ...row, joinedAt: row.joinedAt.toISOString() })),
    total,
    page,
    pageSize,
    query,
  });
}

export const changeRoleInput = z.object({ orgId: idSchema, userId: idSchema, role: roleSchema });

/** Changes a member's role. Only Admins may; the last Admin cannot be demoted. */
export async function changeMemberRole(db: Database, actor: Actor, raw: unknown, context: ChangeContext = {}): Promise<Result<{ userId: string; role: OrgRole }>> {
  const orgId = idSchema.safeParse((raw as { orgId?: unknown } | null)?.orgId);
  if (!orgId.success) return fail("invalid_input", "Missing organization.");
  return runInTransaction(db, async (tx) => {
    if (!(await lockOrganization(tx, orgId.data))) return fail("not_found", NOT_FOUND_MESSAGE);
    // Read after the lock: a concurrent change that committed first is visible here.
    const actorRole = await roleInOrganization(tx, orgId.data, actor.userId);
    const manages = evaluateOrgCapability(actorRole, "members.manage");
    if (!manages.allowed) return denialToFailure(manages);
    const parsed = changeRoleInput.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error);
    const { userId, role } = parsed.data;
    const currentRole = await roleInOrganization(tx, orgId.data, userId);
    if (!currentRole) return fail("not_found", "This person is not a member of the organization.");
    const decision = canAssignRole(actorRole, role, currentRole);
    if (!decision.allowed) return denialToFailure(decision);
    if (currentRole === role) return ok({ userId, role });
    if (currentRole === "Admin" && (await adminCount(tx, orgId.data)) <= 1) return fail("conflict", LAST_ADMIN_MESSAGE);
    const updated = await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.orgId, orgId.data), eq(memberships.userId, userId), eq(memberships.role, currentRole)))
      .returning({ userId: memberships.userId });
    if (updated.length !== 1) return fail("conflict", "The member's role changed meanwhile. Reload the page and try again.");
    await recordAudit(tx, {
      actorUserId: actor.userId,
      orgId: orgId.data,
      action: "member.role_changed",
      targetType: "user",
      targetId: userId,
      before: { role: currentRole },
      after: { role },
      ip: context.ip ?? null,
    });
    if (userId !== actor.userId) {
      const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId.data));
      await notify(tx, userId, { kind: "member.role_changed", title: `Your role in ${org?.name ?? "an organization"} is now ${role}`, body: `It was ${currentRole}.` });
    }
    return ok({ userId, role });
  });
}

export const removeMemberInput = z.object({ orgId: idSchema, userId: idSchema });

async function deleteMembership(
  tx: Transaction,
  actor: Actor,
  orgId: string,
  userId: string,
  action: "member.removed" | "member.left",
  context: ChangeContext,
): Promise<Result<{ userId: string }>> {
  const currentRole = await roleInOrganization(tx, orgId, userId);
  if (!currentRole) return fail("not_found", "This person is not a member of the organization.");
  if (currentRole === "Admin" && (await adminCount(tx, orgId)) <= 1) {
    return fail("conflict", action === "member.left" ? "You are the last Admin: make another member an Admin before leaving." : LAST_ADMIN_MESSAGE);
  }
  const removed = await tx
    .delete(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  if (removed.length !== 1) return fail("conflict", "The membership changed meanwhile. Reload the page and try again.");
  await recordAudit(tx, {
    actorUserId: actor.userId,
    orgId,
    action,
    targetType: "user",
    targetId: userId,
    before: { role: currentRole },
    after: null,
    ip: context.ip ?? null,
  });
  return ok({ userId });
}

/**
 * Removes a member (their team seats go with the membership). Only Admins may; the last Admin
 * cannot be removed. Access ends on the member's next request: grants are read per request.
 */
export async function removeMember(db: Database, actor: Actor, raw: unknown, context: ChangeContext = {}): Promise<Result<{ userId: string }>> {
  const orgId = idSchema.safeParse((raw as { orgId?: unknown } | null)?.orgId);
  if (!orgId.success) return fail("invalid_input", "Missing organization.");
  return runInTransaction(db, async (tx) => {
    if (!(await lockOrganization(tx, orgId.data))) return fail("not_found", NOT_FOUND_MESSAGE);
    const actorRole = await roleInOrganization(tx, orgId.data, actor.userId);
    const manages = evaluateOrgCapability(actorRole, "members.manage");
    if (!manages.allowed) return denialToFailure(manages);
    const parsed = removeMemberInput.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error);
    const action = parsed.data.userId === actor.userId ? "member.left" : "member.removed";
    const result = await deleteMembership(tx, actor, orgId.data, parsed.data.userId, action, context);
    if (result.ok && action === "member.removed") {
      const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId.data));
      await notify(tx, parsed.data.userId, { kind: "member.removed", title: `You were removed from ${org?.name ?? "an organization"}` });
    }
    return result;
  });
}

export const leaveOrganizationInput = z.object({ orgId: idSchema });

/** Any member may leave, except the last Admin. */
export async function leaveOrganization(db: Database, actor: Actor, raw: unknown, context: ChangeContext = {}): Promise<Result<{ userId: string }>> {
  const parsed = leaveOrganizationInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  return runInTransaction(db, async (tx) => {
    if (!(await lockOrganization(tx, parsed.data.orgId))) return fail("not_found", NOT_FOUND_MESSAGE);
    return deleteMembership(tx, actor, parsed.data.orgId, actor.userId, "member.left", context);
  });
}
