// Inviting with teams, the members list's columns and export, bulk changes, and reinstating a
// removed member: each against a real database (PGlite here, PostgreSQL in CI), every refusal
// checked to change nothing.
import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, auditEvents, credentials, invitationTeams, invitations, memberships, notifications, removedMembers, teamMembers, teams } from "@/db/schema";
import { seedOrganization, seedTeamsAndApps, seedUser } from "@/db/seeds/teams-apps";
import { openTestDatabase } from "@/db/testing";
import { newId } from "@/lib/ids";
import { acceptInvitation, inviteMembers, listPendingInvitations, searchTeamsToInvite } from "@/lib/operations/invitations";
import {
  changeMemberRoles,
  exportMembers,
  listMembers,
  listRemovedMembersOperation,
  reinstateMember,
  removeMember,
  removeMembers,
} from "@/lib/operations/members";
import { runAs } from "@/lib/operations/testing";
import { REINSTATE_WINDOW_DAYS, membersCsv } from "./members";

let handle: DatabaseHandle;
const ids: Record<string, string> = {};
let orgId: string;
let otherOrgId: string;
let teamRefs: string[] = [];
let otherTeamRef: string;
const ORG = "life";
const DAY = 24 * 60 * 60 * 1000;

async function snapshot() {
  const db = handle.db;
  return {
    members: await db.select().from(memberships).orderBy(asc(memberships.orgId), asc(memberships.userId)),
    seats: await db.select().from(teamMembers).orderBy(asc(teamMembers.teamId), asc(teamMembers.userId)),
    invitations: await db.select().from(invitations).orderBy(asc(invitations.id)),
    invitationTeams: await db.select().from(invitationTeams).orderBy(asc(invitationTeams.invitationId), asc(invitationTeams.teamId)),
    removed: await db.select().from(removedMembers).orderBy(asc(removedMembers.orgId), asc(removedMembers.userId)),
    audit: (await db.select({ n: count() }).from(auditEvents))[0]!.n,
    notifications: (await db.select({ n: count() }).from(notifications))[0]!.n,
  };
}

async function seatsOf(userId: string): Promise<string[]> {
  const rows = await handle.db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId));
  return rows.map((row) => row.teamId).sort();
}

async function roleOf(userId: string): Promise<string | null> {
  const [row] = await handle.db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row?.role ?? null;
}

async function pendingId(email: string): Promise<string> {
  const [row] = await handle.db.select({ id: invitations.id }).from(invitations).where(and(eq(invitations.email, email), eq(invitations.status, "pending")));
  if (!row) throw new Error(`no pending invitation to ${email}`);
  return row.id;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["admin", "admin2", "contrib", "viewer", "tc1", "tc2", "tc3", "newbie", "demoted-invitee", "gone-team-invitee", "back", "old", "again"]) {
    ids[name] = await seedUser(handle.db, name, name === "tc1" ? "=HYPERLINK(\"http://evil.test\")" : name[0]!.toUpperCase() + name.slice(1), { verified: name !== "tc3" });
  }
  orgId = await seedOrganization(handle.db, ORG, [
    { userId: ids.admin!, role: "Admin" },
    { userId: ids.admin2!, role: "Admin" },
    { userId: ids.contrib!, role: "Organization Contributor" },
    { userId: ids.viewer!, role: "Organization User" },
    { userId: ids.tc1!, role: "Team Contributor" },
    { userId: ids.tc2!, role: "Team Contributor" },
    { userId: ids.tc3!, role: "Team Contributor" },
  ]);
  teamRefs = (await seedTeamsAndApps(handle.db, { orgId, teams: 3, apps: 1, appsPerTeam: 0 })).teamIds;
  otherOrgId = await seedOrganization(handle.db, "elsewhere", [{ userId: ids.admin!, role: "Admin" }]);
  otherTeamRef = (await seedTeamsAndApps(handle.db, { orgId: otherOrgId, teams: 1, apps: 0 })).teamIds[0]!;
  await handle.db.insert(teamMembers).values([
    { teamId: teamRefs[0]!, orgId, userId: ids.tc1! },
    { teamId: teamRefs[1]!, orgId, userId: ids.tc1! },
    { teamId: teamRefs[0]!, orgId, userId: ids.tc2! },
  ]);
});
afterAll(async () => {
  await handle?.close();
});

describe("inviting with teams", () => {
  it("offers the organization's teams to those who invite, searched by ID or name, and nothing to others", async () => {
    const all = await runAs(handle.db, searchTeamsToInvite, ids.admin!, { org: ORG });
    expect(all.ok && all.data.map((team) => team.teamId)).toEqual(["team-0001", "team-0002", "team-0003"]);
    const one = await runAs(handle.db, searchTeamsToInvite, ids.admin!, { org: ORG, q: "0002" });
    expect(one.ok && one.data.map((team) => team.teamRef)).toEqual([teamRefs[1]]);
    expect(await runAs(handle.db, searchTeamsToInvite, ids.contrib!, { org: ORG })).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("stores the chosen teams and seats the invitee on them when they accept; the pending list shows them, counts and searches", async () => {
    const sent = await runAs(handle.db, inviteMembers, ids.admin!, { org: ORG, emails: "newbie@example.test", role: "Team Contributor", teamIds: [teamRefs[0], teamRefs[2], teamRefs[0]] });
    expect(sent.ok).toBe(true);
    const pending = await runAs(handle.db, listPendingInvitations, ids.admin!, { org: ORG });
    expect(pending.ok && pending.data.find((row) => row.email === "newbie@example.test")?.teams.map((team) => team.teamId)).toEqual(["team-0001", "team-0003"]);
    const searched = await runAs(handle.db, listPendingInvitations, ids.admin!, { org: ORG, query: "NEWB" });
    expect(searched.ok && searched.data.map((row) => row.email)).toEqual(["newbie@example.test"]);
    const none = await runAs(handle.db, listPendingInvitations, ids.admin!, { org: ORG, query: "%" });
    expect(none.ok && none.data).toEqual([]);

    const accepted = await runAs(handle.db, acceptInvitation, ids.newbie!, { invitationId: await pendingId("newbie@example.test") });
    expect(accepted).toMatchObject({ ok: true, data: { status: "accepted", role: "Team Contributor" } });
    expect(await seatsOf(ids.newbie!)).toEqual([teamRefs[0], teamRefs[2]].sort());
    const seated = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, "team.member_added"), eq(auditEvents.orgId, orgId)));
    expect(seated.map((event) => event.targetId).sort()).toEqual([teamRefs[0], teamRefs[2]].sort());
  });

  it("refuses teams of another organization or unknown ones and sends nothing", async () => {
    const before = await snapshot();
    for (const teamIds of [[otherTeamRef], ["tea_nope"], "not-a-list"]) {
      const result = await runAs(handle.db, inviteMembers, ids.admin!, { org: ORG, emails: "someone@example.test", role: "Team Contributor", teamIds });
      expect(result, JSON.stringify(teamIds)).toMatchObject({ ok: false, code: "invalid_input" });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("grants no team seat when the sender was demoted before acceptance (authority is decided when the grant takes effect)", async () => {
    const sent = await runAs(handle.db, inviteMembers, ids.admin2!, { org: ORG, emails: "demoted-invitee@example.test", role: "Team Contributor", teamIds: [teamRefs[1]] });
    expect(sent.ok).toBe(true);
    // An Organization Contributor still manages teams, but no longer members.
    await handle.db.update(memberships).set({ role: "Organization Contributor" }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, ids.admin2!)));
    try {
      const accepted = await runAs(handle.db, acceptInvitation, ids["demoted-invitee"]!, { invitationId: await pendingId("demoted-invitee@example.test") });
      expect(accepted).toMatchObject({ ok: true, data: { voided: expect.stringContaining("may no longer") } });
      expect(await seatsOf(ids["demoted-invitee"]!)).toEqual([]);
      expect(await roleOf(ids["demoted-invitee"]!)).toBeNull();
    } finally {
      await handle.db.update(memberships).set({ role: "Admin" }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, ids.admin2!)));
    }
  });

  it("seats the invitee on the chosen teams that still exist", async () => {
    const doomed = newId("tea");
    await handle.db.insert(teams).values({ id: doomed, orgId, teamId: "doomed", name: "Doomed", defaultPermissionGroupId: "grp_full_access" });
    await runAs(handle.db, inviteMembers, ids.admin!, { org: ORG, emails: "gone-team-invitee@example.test", role: "Team Contributor", teamIds: [doomed, teamRefs[1]] });
    await handle.db.delete(teams).where(eq(teams.id, doomed));
    const accepted = await runAs(handle.db, acceptInvitation, ids["gone-team-invitee"]!, { invitationId: await pendingId("gone-team-invitee@example.test") });
    expect(accepted).toMatchObject({ ok: true, data: { status: "accepted" } });
    expect(await seatsOf(ids["gone-team-invitee"]!)).toEqual([teamRefs[1]]);
  });
});

describe("the members list", () => {
  it("shows each member's teams, whether their address is verified, and their last activity in the organization", async () => {
    // Activity: an audited change in this org, and a key of one of its apps used later; changes
    // elsewhere do not count.
    const [app] = await handle.db.select({ id: apps.id }).from(apps).where(eq(apps.ownerOrgId, orgId));
    const changedAt = new Date("2026-03-01T10:00:00Z");
    const keyUsedAt = new Date("2026-03-05T12:00:00Z");
    await handle.db.insert(auditEvents).values([
      { id: newId("aud"), actorUserId: ids.tc2!, orgId, action: "team.renamed", targetType: "team", targetId: teamRefs[0]!, createdAt: changedAt },
      { id: newId("aud"), actorUserId: ids.tc2!, orgId: otherOrgId, action: "team.renamed", targetType: "team", targetId: otherTeamRef, createdAt: new Date("2026-04-01T00:00:00Z") },
      { id: newId("aud"), actorUserId: ids.tc1!, orgId, action: "team.renamed", targetType: "team", targetId: teamRefs[0]!, createdAt: changedAt },
    ]);
    await handle.db.insert(credentials).values({ id: newId("key"), kind: "app_key", userId: ids.tc1!, appId: app!.id, name: "k", secretHash: "h-life", hint: "x", scopes: [], lastUsedAt: keyUsedAt });

    const page = await runAs(handle.db, listMembers, ids.viewer!, { org: ORG });
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    const byHandle = new Map(page.data.members.map((member) => [member.handle, member]));
    expect(byHandle.get("tc1")).toMatchObject({ teams: [{ teamId: "team-0001", name: "Team 0001" }, { teamId: "team-0002", name: "Team 0002" }], emailVerified: true, lastActiveAt: keyUsedAt.toISOString() });
    expect(byHandle.get("tc2")).toMatchObject({ teams: [{ teamId: "team-0001" }], lastActiveAt: changedAt.toISOString() });
    expect(byHandle.get("tc3")).toMatchObject({ teams: [], emailVerified: false, lastActiveAt: null });
  });

  it("exports every member as CSV for Admins, with no cell a spreadsheet would run", async () => {
    const exported = await runAs(handle.db, exportMembers, ids.admin!, { org: ORG });
    expect(exported.ok).toBe(true);
    if (!exported.ok) return;
    const csv = membersCsv(exported.data);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("Name,User ID,Email,Email verified,Role,Teams,Joined,Last activity");
    expect(lines).toHaveLength(exported.data.length + 2);
    const formula = lines.find((line) => line.includes("HYPERLINK"))!;
    expect(formula.startsWith(`"'=HYPERLINK(""http://evil.test"")",tc1,tc1@example.test,yes,Team Contributor,Team 0001; Team 0002,`)).toBe(true);
    for (const role of ["contrib", "viewer", "tc1"]) {
      expect(await runAs(handle.db, exportMembers, ids[role]!, { org: ORG }), role).toMatchObject({ ok: false, code: "forbidden" });
    }
  });
});

describe("bulk changes", () => {
  it("changes several roles at once, all or nothing", async () => {
    const changed = await runAs(handle.db, changeMemberRoles, ids.admin!, { org: ORG, userIds: [ids.tc2, ids.tc3], role: "Organization User" });
    expect(changed).toMatchObject({ ok: true, data: { changed: 2 } });
    expect([await roleOf(ids.tc2!), await roleOf(ids.tc3!)]).toEqual(["Organization User", "Organization User"]);
    expect(await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, "member.role_changed"), eq(auditEvents.orgId, orgId)))).toHaveLength(2);

    // Demoting both Admins would leave none: refused, and the first change is rolled back too.
    const before = await snapshot();
    const refused = await runAs(handle.db, changeMemberRoles, ids.admin!, { org: ORG, userIds: [ids.tc2, ids.admin2, ids.admin], role: "Organization User" });
    expect(refused).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("Nothing was changed.") });
    expect(await runAs(handle.db, changeMemberRoles, ids.admin!, { org: ORG, userIds: [ids.tc2, "usr_nobody"], role: "Team Contributor" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await runAs(handle.db, changeMemberRoles, ids.contrib!, { org: ORG, userIds: [ids.tc2], role: "Team Contributor" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await runAs(handle.db, changeMemberRoles, ids.admin!, { org: ORG, userIds: [], role: "Team Contributor" })).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await snapshot()).toEqual(before);
    await runAs(handle.db, changeMemberRoles, ids.admin!, { org: ORG, userIds: [ids.tc2, ids.tc3], role: "Team Contributor" });
  });

  it("refuses a bulk removal that names the actor, an outsider, or comes from a non-Admin, changing nothing", async () => {
    const before = await snapshot();
    expect(await runAs(handle.db, removeMembers, ids.admin!, { org: ORG, userIds: [ids.tc2, ids.admin] })).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await runAs(handle.db, removeMembers, ids.admin!, { org: ORG, userIds: [ids.tc2, ids.back] })).toMatchObject({ ok: false, code: "not_found" });
    expect(await runAs(handle.db, removeMembers, ids.contrib!, { org: ORG, userIds: [ids.tc2] })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await snapshot()).toEqual(before);
  });
});

describe("reinstating a removed member", () => {
  it("keeps the role and teams of removed members; an Admin reinstates them, audited, and it is refused a second time", async () => {
    const removed = await runAs(handle.db, removeMembers, ids.admin!, { org: ORG, userIds: [ids.tc1, ids.tc2] });
    expect(removed).toMatchObject({ ok: true, data: { removed: 2 } });
    expect(await roleOf(ids.tc1!)).toBeNull();
    expect(await seatsOf(ids.tc1!)).toEqual([]);

    const listed = await runAs(handle.db, listRemovedMembersOperation, ids.admin!, { org: ORG });
    expect(listed.ok && listed.data.map((row) => [row.handle, row.role, row.teams.map((team) => team.teamId)]).sort()).toEqual([
      ["tc1", "Team Contributor", ["team-0001", "team-0002"]],
      ["tc2", "Team Contributor", ["team-0001"]],
    ]);

    const before = await snapshot();
    for (const actor of ["contrib", "viewer"]) {
      expect(await runAs(handle.db, reinstateMember, ids[actor]!, { org: ORG, userId: ids.tc1 }), actor).toMatchObject({ ok: false, code: "forbidden" });
      expect(await runAs(handle.db, listRemovedMembersOperation, ids[actor]!, { org: ORG }), actor).toMatchObject({ ok: false, code: "forbidden" });
    }
    expect(await runAs(handle.db, reinstateMember, ids.admin!, { org: ORG, userId: "" })).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await snapshot()).toEqual(before);

    const reinstated = await runAs(handle.db, reinstateMember, ids.admin!, { org: ORG, userId: ids.tc1 });
    expect(reinstated).toMatchObject({ ok: true, data: { role: "Team Contributor", teams: 2 } });
    expect(await roleOf(ids.tc1!)).toBe("Team Contributor");
    expect(await seatsOf(ids.tc1!)).toEqual([teamRefs[0], teamRefs[1]].sort());
    const [event] = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, "member.reinstated"), eq(auditEvents.targetId, ids.tc1!)));
    expect(event).toMatchObject({ actorUserId: ids.admin, orgId, after: { role: "Team Contributor" } });
    expect(await runAs(handle.db, reinstateMember, ids.admin!, { org: ORG, userId: ids.tc1 })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("only an Admin reinstates an Admin's role, and a deleted team is not restored", async () => {
    await handle.db.insert(memberships).values({ orgId, userId: ids.back!, role: "Admin" });
    const doomed = newId("tea");
    await handle.db.insert(teams).values({ id: doomed, orgId, teamId: "doomed-2", name: "Doomed 2", defaultPermissionGroupId: "grp_full_access" });
    await handle.db.insert(teamMembers).values([{ teamId: doomed, orgId, userId: ids.back! }, { teamId: teamRefs[2]!, orgId, userId: ids.back! }]);
    expect((await runAs(handle.db, removeMember, ids.admin!, { org: ORG, userId: ids.back })).ok).toBe(true);
    await handle.db.delete(teams).where(eq(teams.id, doomed));
    expect(await runAs(handle.db, reinstateMember, ids.admin!, { org: ORG, userId: ids.back })).toMatchObject({ ok: true, data: { role: "Admin", teams: 1 } });
    expect(await seatsOf(ids.back!)).toEqual([teamRefs[2]]);
  });

  it(`is possible for ${REINSTATE_WINDOW_DAYS} days after the removal and not after`, async () => {
    for (const name of ["old", "again"]) await handle.db.insert(memberships).values({ orgId, userId: ids[name]!, role: "Organization User" });
    expect((await runAs(handle.db, removeMembers, ids.admin!, { org: ORG, userIds: [ids.old, ids.again] })).ok).toBe(true);
    const at = (days: number) => new Date(Date.now() - days * DAY);
    await handle.db.update(removedMembers).set({ removedAt: at(REINSTATE_WINDOW_DAYS + 1) }).where(eq(removedMembers.userId, ids.old!));
    await handle.db.update(removedMembers).set({ removedAt: at(REINSTATE_WINDOW_DAYS - 1) }).where(eq(removedMembers.userId, ids.again!));
    const listed = await runAs(handle.db, listRemovedMembersOperation, ids.admin!, { org: ORG });
    expect(listed.ok && listed.data.map((row) => row.handle)).toContain("again");
    expect(listed.ok && listed.data.map((row) => row.handle)).not.toContain("old");
    const before = await snapshot();
    expect(await runAs(handle.db, reinstateMember, ids.admin!, { org: ORG, userId: ids.old })).toMatchObject({ ok: false, code: "not_found" });
    expect(await snapshot()).toEqual(before);
    expect(await runAs(handle.db, reinstateMember, ids.admin!, { org: ORG, userId: ids.again })).toMatchObject({ ok: true, data: { role: "Organization User" } });
  });

  it("is refused, changing nothing, when the person is a member again already", async () => {
    await handle.db.insert(memberships).values({ orgId, userId: ids.old!, role: "Organization User" });
    expect((await runAs(handle.db, removeMember, ids.admin!, { org: ORG, userId: ids.old })).ok).toBe(true);
    await handle.db.insert(memberships).values({ orgId, userId: ids.old!, role: "Team Contributor" });
    const listed = await runAs(handle.db, listRemovedMembersOperation, ids.admin!, { org: ORG });
    expect(listed.ok && listed.data.map((row) => row.handle)).not.toContain("old");
    const before = await snapshot();
    expect(await runAs(handle.db, reinstateMember, ids.admin!, { org: ORG, userId: ids.old })).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("again already") });
    expect(await snapshot()).toEqual(before);
  });

  it("keeps nobody who left on their own", async () => {
    const { leaveOrganization } = await import("@/lib/operations/members");
    expect((await runAs(handle.db, leaveOrganization, ids.viewer!, { org: ORG })).ok).toBe(true);
    expect(await handle.db.select().from(removedMembers).where(eq(removedMembers.userId, ids.viewer!))).toEqual([]);
  });
});
