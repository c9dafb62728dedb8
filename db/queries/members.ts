// An organization's memberships: roles, the Admin count behind the last-Admin rule, the searched
// page of members, and the rows that add, change and end a membership.
import { and, asc, count, eq, ilike, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, organizations, users } from "@/db/schema";
import { ADMIN_ROLE, type OrgRole } from "@/lib/authz";
import { likePattern } from "./search";

type Member = { orgId: string; userId: string };

/** Someone's role in the org, or null when they are not a member. */
export async function roleInOrganization(db: DbOrTx, { orgId, userId }: Member): Promise<OrgRole | null> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row?.role ?? null;
}

/** The same, holding a shared lock on the membership until the transaction ends, so the role cannot change meanwhile. */
export async function roleInOrganizationForShare(db: DbOrTx, { orgId, userId }: Member): Promise<OrgRole | null> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .for("share");
  return row?.role ?? null;
}

/** How many Admins the organization has (read under the organization lock by changes). */
export async function adminCount(db: DbOrTx, { orgId }: { orgId: string }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, ADMIN_ROLE)));
  return row?.n ?? 0;
}

/** Which of these users are members of the org. */
export async function memberIdsAmong(db: DbOrTx, { orgId, userIds }: { orgId: string; userIds: string[] }): Promise<string[]> {
  const rows = await db.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.orgId, orgId), inArray(memberships.userId, userIds)));
  return rows.map((row) => row.userId);
}

/** Which of these addresses belong to members of the org. */
export async function memberEmailsAmong(db: DbOrTx, { orgId, emails }: { orgId: string; emails: string[] }): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), inArray(users.email, emails)));
  return rows.map((row) => row.email);
}

export type MemberView = { userId: string; handle: string; name: string; email: string; role: OrgRole; joinedAt: string };
export type MemberPage = { members: MemberView[]; total: number; page: number; pageSize: number; query: string };

/** One page of an organization's members, searched by name, email or user ID. */
export async function memberPage(db: DbOrTx, { orgId, query, page, pageSize }: { orgId: string; query: string; page: number; pageSize: number }): Promise<MemberPage> {
  // The organization's memberships alone are read in index order (org, sort_name, user) and
  // searched on their copy of the member's name, email and user ID; only the page's rows are then
  // joined to their accounts. A search counts its matches in the same query.
  const where = and(eq(memberships.orgId, orgId), query ? ilike(memberships.searchText, likePattern(query.toLowerCase())) : undefined);
  const pageRows = db
    .select({ userId: memberships.userId, sortName: memberships.sortName, matches: query ? sql<number>`(count(*) over ())::int`.as("matches") : sql<number>`0`.as("matches") })
    .from(memberships)
    .where(where)
    .orderBy(asc(memberships.sortName), asc(memberships.userId))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .as("page_rows");
  const rows = await db
    .select({ userId: users.id, handle: users.handle, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt, matches: pageRows.matches })
    .from(pageRows)
    .innerJoin(memberships, and(eq(memberships.orgId, orgId), eq(memberships.userId, pageRows.userId)))
    .innerJoin(users, eq(users.id, pageRows.userId))
    .orderBy(asc(pageRows.sortName), asc(pageRows.userId));
  // Without a search the total is the organization's member count, kept by a trigger.
  let total: number;
  if (!query) total = (await db.select({ n: organizations.memberCount }).from(organizations).where(eq(organizations.id, orgId)))[0]?.n ?? 0;
  else if (rows.length > 0) total = rows[0]!.matches;
  else total = (await db.select({ n: count() }).from(memberships).where(where))[0]?.n ?? 0;
  return { members: rows.map(({ matches: _matches, ...row }) => ({ ...row, joinedAt: row.joinedAt.toISOString() })), total, page, pageSize, query };
}

/** Adds the membership unless it exists; true when it was added. */
export async function insertMembership(db: DbOrTx, { orgId, userId, role }: Member & { role: OrgRole }): Promise<boolean> {
  const inserted = await db.insert(memberships).values({ orgId, userId, role }).onConflictDoNothing().returning({ userId: memberships.userId });
  return inserted.length > 0;
}

/** Changes the role only if it is still `from`; false when it was not (changed meanwhile, or no membership). */
export async function updateMemberRole(db: DbOrTx, { orgId, userId, from, to }: Member & { from: OrgRole; to: OrgRole }): Promise<boolean> {
  const updated = await db
    .update(memberships)
    .set({ role: to })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId), eq(memberships.role, from)))
    .returning({ userId: memberships.userId });
  return updated.length === 1;
}

/** Ends the membership (team seats go with it, by foreign key); false when there was none. */
export async function deleteMembership(db: DbOrTx, { orgId, userId }: Member): Promise<boolean> {
  const removed = await db
    .delete(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return removed.length === 1;
}
