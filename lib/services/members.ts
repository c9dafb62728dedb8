// Reads about organization members: roles, the Admin count behind the last-Admin rule, and the
// searched, paginated list. Changes are operations (lib/operations/members.ts).
import { and, asc, count, eq, ilike, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, organizations, users } from "@/db/schema";
import { ADMIN_ROLE, type OrgRole } from "@/lib/authz";
import { likePattern } from "@/db/queries/search";

export const MEMBERS_PAGE_SIZE = 25;
export const MAX_MEMBER_SEARCH_LENGTH = 100;

export type MemberView = { userId: string; handle: string; name: string; email: string; role: OrgRole; joinedAt: string };
export type MemberPage = { members: MemberView[]; total: number; page: number; pageSize: number; query: string };

/** Someone's role in the org, or null when they are not a member. */
export async function roleInOrganization(db: DbOrTx, orgId: string, userId: string): Promise<OrgRole | null> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row?.role ?? null;
}

/** How many Admins the organization has (read under the organization lock by changes). */
export async function adminCount(tx: DbOrTx, orgId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, ADMIN_ROLE)));
  return row?.n ?? 0;
}

/** One page of an organization's members, searched by name, email or user ID. The caller has authorized the read. */
export async function memberPage(db: DbOrTx, orgId: string, { query, page, pageSize }: { query: string; page: number; pageSize: number }): Promise<MemberPage> {
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
