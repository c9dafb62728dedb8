// An organization's memberships: roles, the Admin count behind the last-Admin rule, the searched
// page of members, and the rows that add, change and end a membership.
import { and, asc, count, desc, eq, gt, ilike, inArray, lte, notExists, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apps, auditEvents, credentials, memberships, organizations, removedMembers, teamMembers, teams, users } from "@/db/schema";
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

/** A team a member sits on, as the list shows it. */
export type MemberTeam = { teamId: string; name: string };

export type MemberView = {
  userId: string;
  handle: string;
  name: string;
  email: string;
  /** Whether the member proved control of their address. */
  emailVerified: boolean;
  role: OrgRole;
  joinedAt: string;
  teams: MemberTeam[];
  /** The member's latest change in this organization or use of one of its apps' keys; null: none recorded. */
  lastActiveAt: string | null;
};

/**
 * The teams of the organization a user sits on (id and name, by name), as JSON. Correlated with
 * the outer query's user, so it is read only for the rows a page or export returns.
 */
function memberTeamsJson(orgId: string, userId: SQL | typeof users.id): SQL<MemberTeam[]> {
  return sql<MemberTeam[]>`(select coalesce(json_agg(json_build_object('teamId', ${teams.teamId}, 'name', ${teams.name}) order by lower(${teams.name}), ${teams.id}), '[]'::json)
    from ${teamMembers} join ${teams} on ${teams.id} = ${teamMembers.teamId} and ${teams.orgId} = ${teamMembers.orgId}
    where ${teamMembers.orgId} = ${orgId} and ${teamMembers.userId} = ${userId})`;
}

/**
 * What the database already records of a member's activity in the organization, as epoch
 * milliseconds: their latest audited change there (every change the console makes is audited, read
 * through the (org, actor, time) index), or the latest use of one of their keys of the
 * organization's apps. Sign-ins are not recorded, and tokens are not tied to an organization, so
 * neither counts.
 */
function lastActivityMs(orgId: string, userId: SQL | typeof users.id): SQL<number | null> {
  return sql<number | null>`(extract(epoch from greatest(
      (select max(${auditEvents.createdAt}) from ${auditEvents} where ${auditEvents.orgId} = ${orgId} and ${auditEvents.actorUserId} = ${userId}),
      (select max(${credentials.lastUsedAt}) from ${credentials} join ${apps} on ${apps.id} = ${credentials.appId}
        where ${credentials.userId} = ${userId} and ${credentials.kind} = 'app_key' and ${apps.ownerOrgId} = ${orgId})
    )) * 1000)::float8`;
}

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(Number(ms)).toISOString());
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
    .select({ ...memberListColumns(orgId), matches: pageRows.matches })
    .from(pageRows)
    .innerJoin(memberships, and(eq(memberships.orgId, orgId), eq(memberships.userId, pageRows.userId)))
    .innerJoin(users, eq(users.id, pageRows.userId))
    .orderBy(asc(pageRows.sortName), asc(pageRows.userId));
  // Without a search the total is the organization's member count, kept by a trigger.
  let total: number;
  if (!query) total = (await db.select({ n: organizations.memberCount }).from(organizations).where(eq(organizations.id, orgId)))[0]?.n ?? 0;
  else if (rows.length > 0) total = rows[0]!.matches;
  else total = (await db.select({ n: count() }).from(memberships).where(where))[0]?.n ?? 0;
  return { members: rows.map(({ matches: _matches, ...row }) => memberView(row)), total, page, pageSize, query };
}

/** The members list's columns of one member, as the page and the CSV export read them. */
function memberListColumns(orgId: string) {
  return {
    userId: users.id,
    handle: users.handle,
    name: users.name,
    email: users.email,
    emailVerifiedAt: users.emailVerifiedAt,
    role: memberships.role,
    joinedAt: memberships.createdAt,
    teams: memberTeamsJson(orgId, users.id),
    lastActiveMs: lastActivityMs(orgId, users.id),
  };
}

function memberView({ emailVerifiedAt, joinedAt, lastActiveMs, teams: memberTeams, ...row }: Omit<MemberView, "emailVerified" | "joinedAt" | "lastActiveAt"> & { emailVerifiedAt: Date | null; joinedAt: Date; lastActiveMs: number | null }): MemberView {
  return { ...row, emailVerified: emailVerifiedAt !== null, joinedAt: joinedAt.toISOString(), teams: memberTeams ?? [], lastActiveAt: isoOrNull(lastActiveMs) };
}

/** Every member of the organization with the list's columns, by name: the CSV export. */
export async function allMembers(db: DbOrTx, { orgId }: { orgId: string }): Promise<MemberView[]> {
  const rows = await db
    .select(memberListColumns(orgId))
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.sortName), asc(memberships.userId));
  return rows.map(memberView);
}

/** The member's roles and names for a set of user ids (the bulk changes read them under the org lock). */
export async function membersAmong(db: DbOrTx, { orgId, userIds }: { orgId: string; userIds: string[] }): Promise<{ userId: string; name: string; role: OrgRole }[]> {
  if (userIds.length === 0) return [];
  return db
    .select({ userId: memberships.userId, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.userId, userIds)));
}

/** The internal ids of the organization's teams the user sits on. */
export async function teamIdsOfMember(db: DbOrTx, { orgId, userId }: Member): Promise<string[]> {
  const rows = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.orgId, orgId), eq(teamMembers.userId, userId)));
  return rows.map((row) => row.teamId);
}

// ─── Removed members (reinstating) ──────────────────────────────────────────────────────────

/** Keeps what reinstating needs; a second removal within the window replaces the first. */
export async function recordRemovedMember(
  db: DbOrTx,
  { orgId, userId, role, teamIds, removedBy, removedAt }: Member & { role: OrgRole; teamIds: string[]; removedBy: string; removedAt: Date },
): Promise<void> {
  await db
    .insert(removedMembers)
    .values({ orgId, userId, role, teamIds, removedBy, removedAt })
    .onConflictDoUpdate({ target: [removedMembers.orgId, removedMembers.userId], set: { role, teamIds, removedBy, removedAt } });
}

/** Deletes the organization's removal records from before `before` (they can no longer be reinstated). */
export async function deleteRemovedMembersBefore(db: DbOrTx, { orgId, before }: { orgId: string; before: Date }): Promise<void> {
  await db.delete(removedMembers).where(and(eq(removedMembers.orgId, orgId), lte(removedMembers.removedAt, before)));
}

export type RemovedMemberView = { userId: string; handle: string; name: string; email: string; role: OrgRole; teams: MemberTeam[]; removedBy: string | null; removedAt: string };

const remover = sql`remover`;

/**
 * Members removed after `since` who are not members again, newest removal first, with their
 * previous role and the teams (still existing) they sat on.
 */
export async function listRemovedMembers(db: DbOrTx, { orgId, since }: { orgId: string; since: Date }): Promise<RemovedMemberView[]> {
  const rows = await db
    .select({
      userId: users.id,
      handle: users.handle,
      name: users.name,
      email: users.email,
      role: removedMembers.role,
      teams: sql<MemberTeam[]>`(select coalesce(json_agg(json_build_object('teamId', ${teams.teamId}, 'name', ${teams.name}) order by lower(${teams.name}), ${teams.id}), '[]'::json)
        from ${teams} where ${teams.orgId} = ${orgId} and ${teams.id} = any(${removedMembers.teamIds}))`,
      removedBy: sql<string | null>`(select ${remover}.name from ${users} as ${remover} where ${remover}.id = ${removedMembers.removedBy})`,
      removedAt: removedMembers.removedAt,
    })
    .from(removedMembers)
    .innerJoin(users, eq(users.id, removedMembers.userId))
    .where(
      and(
        eq(removedMembers.orgId, orgId),
        gt(removedMembers.removedAt, since),
        notExists(db.select({ one: sql`1` }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, removedMembers.userId)))),
      ),
    )
    .orderBy(desc(removedMembers.removedAt), asc(users.id));
  return rows.map((row) => ({ ...row, teams: row.teams ?? [], removedAt: row.removedAt.toISOString() }));
}

/** Takes the removal record if it was made after `since` (deleting it); null when there is none. */
export async function takeRemovedMember(db: DbOrTx, { orgId, userId, since }: Member & { since: Date }): Promise<{ role: OrgRole; teamIds: string[]; removedAt: Date } | null> {
  const [row] = await db
    .delete(removedMembers)
    .where(and(eq(removedMembers.orgId, orgId), eq(removedMembers.userId, userId), gt(removedMembers.removedAt, since)))
    .returning({ role: removedMembers.role, teamIds: removedMembers.teamIds, removedAt: removedMembers.removedAt });
  return row ?? null;
}

/** Which of these teams still exist in the organization, each held with a shared lock until the transaction ends (none is deleted before it is used). */
export async function existingTeamIds(db: DbOrTx, { orgId, teamIds }: { orgId: string; teamIds: string[] }): Promise<string[]> {
  if (teamIds.length === 0) return [];
  const rows = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.orgId, orgId), inArray(teams.id, teamIds))).for("share");
  return rows.map((row) => row.id);
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
