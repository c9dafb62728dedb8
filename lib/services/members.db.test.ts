import { and, asc, count, eq } from "drizzle-orm";
import { userIdByEmail } from "@/lib/services/test-accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, invitations, memberships, notifications, outboxEmails, users } from "@/db/schema";
import { seedMembers } from "@/db/seeds/members";
import { openTestDatabase } from "@/db/testing";
import { ORG_ROLES, type OrgRole } from "@/lib/authz";
import { changeMemberRole, leaveOrganization, listMembers, removeMember } from "@/lib/operations/members";
import { createOrganization } from "@/lib/operations/my-account";
import { runAs, runPublic } from "@/lib/operations/testing";
import { signUp } from "@/lib/operations/accounts";

let handle: DatabaseHandle;
const ids: Record<string, string> = {};
let orgId: string;

async function person(name: string): Promise<string> {
  const result = await runPublic(handle.db, signUp, { handle: name, name: name[0]!.toUpperCase() + name.slice(1), email: `${name}@example.test`, password: "long-enough-1" });
  if (!result.ok) throw new Error(`setup failed for ${name}`);
  return (await userIdByEmail(handle.db, result.data.email));
}

async function addMember(userId: string, role: OrgRole, org = orgId) {
  await handle.db.insert(memberships).values({ orgId: org, userId, role });
}

/** Everything a members change could touch, to compare before and after a refused call. */
async function snapshot() {
  const db = handle.db;
  const members = await db.select().from(memberships).orderBy(asc(memberships.orgId), asc(memberships.userId));
  const [a] = await db.select({ n: count() }).from(auditEvents);
  const [n] = await db.select({ n: count() }).from(notifications);
  const [o] = await db.select({ n: count() }).from(outboxEmails);
  const [i] = await db.select({ n: count() }).from(invitations);
  return { members, audit: a!.n, notifications: n!.n, outbox: o!.n, invitations: i!.n };
}

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["ada", "bea", "cal", "dan", "fin", "out"]) ids[name] = await person(name);
  const org = await runAs(handle.db, createOrganization, ids.ada!, { handle: "acme", name: "Acme" });
  if (!org.ok) throw new Error("org setup failed");
  orgId = org.data.id;
  await addMember(ids.bea!, "Organization User");
  await addMember(ids.cal!, "Team Contributor");
  await addMember(ids.fin!, "Financial Manager");
});
afterAll(async () => {
  await handle?.close();
});

describe("listing members", () => {
  it("shows every member to members (read-only roles included) and nothing to outsiders", async () => {
    const asFinance = await runAs(handle.db, listMembers, ids.fin!, { org: "acme" });
    expect(asFinance.ok && asFinance.data.members.map((m) => m.handle).sort()).toEqual(["ada", "bea", "cal", "fin"]);
    expect(await runAs(handle.db, listMembers, ids.out!, { org: "acme" })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("searches by name, email or user ID and treats LIKE wildcards literally", async () => {
    const byEmail = await runAs(handle.db, listMembers, ids.ada!, { org: "acme", query: "BEA@EXAMPLE" });
    expect(byEmail.ok && byEmail.data.members.map((m) => m.handle)).toEqual(["bea"]);
    const wildcard = await runAs(handle.db, listMembers, ids.ada!, { org: "acme", query: "%" });
    expect(wildcard.ok && wildcard.data.total).toBe(0);
  });

  it("lists by name, case-insensitively, following renames; a search past its last page still says how many match", async () => {
    const names = async () => {
      const page = await runAs(handle.db, listMembers, ids.ada!, { org: "acme" });
      return page.ok ? page.data.members.map((m) => m.handle) : [];
    };
    expect(await names()).toEqual(["ada", "bea", "cal", "fin"]);
    await handle.db.update(users).set({ name: "aaron" }).where(eq(users.id, ids.fin!));
    expect(await names()).toEqual(["fin", "ada", "bea", "cal"]);
    await handle.db.update(users).set({ name: "Fin" }).where(eq(users.id, ids.fin!));
    expect(await names()).toEqual(["ada", "bea", "cal", "fin"]);
    await handle.db.update(users).set({ email: "fin.new@example.test" }).where(eq(users.id, ids.fin!));
    const byNewEmail = await runAs(handle.db, listMembers, ids.ada!, { org: "acme", query: "FIN.NEW@" });
    expect(byNewEmail.ok && byNewEmail.data.members.map((m) => m.handle)).toEqual(["fin"]);
    await handle.db.update(users).set({ email: "fin@example.test" }).where(eq(users.id, ids.fin!));
    const beyond = await runAs(handle.db, listMembers, ids.ada!, { org: "acme", query: "example", page: 9 });
    expect(beyond.ok && [beyond.data.members.length, beyond.data.total]).toEqual([0, 4]);
  });
});

describe("changing roles", () => {
  it("lets an Admin change a role, auditing before/after and notifying the member", async () => {
    const result = await runAs(handle.db, changeMemberRole, ids.ada!, { org: "acme", userId: ids.bea!, role: "Organization Contributor" }, "10.1.1.1");
    expect(result).toEqual({ ok: true, data: { userId: ids.bea!, role: "Organization Contributor" } });
    const [event] = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, "member.role_changed"), eq(auditEvents.targetId, ids.bea!)));
    expect(event).toMatchObject({ orgId, actorUserId: ids.ada, before: { role: "Organization User" }, after: { role: "Organization Contributor" }, ip: "10.1.1.1" });
    const notes = await handle.db.select().from(notifications).where(eq(notifications.userId, ids.bea!));
    expect(notes.map((n) => n.title)).toContain("Your role in Acme is now Organization Contributor");
  });

  it("refuses every non-Admin role and outsiders, changing nothing", async () => {
    for (const actor of ["bea", "cal", "fin", "out"]) {
      const before = await snapshot();
      const result = await runAs(handle.db, changeMemberRole, ids[actor]!, { org: "acme", userId: ids.ada!, role: "Organization User" });
      expect(result.ok, actor).toBe(false);
      expect(!result.ok && result.code).toBe(actor === "out" ? "not_found" : "forbidden");
      expect(await snapshot()).toEqual(before);
    }
  });

  it("refuses unknown roles and non-members with a clear message", async () => {
    const before = await snapshot();
    expect(await runAs(handle.db, changeMemberRole, ids.ada!, { org: "acme", userId: ids.bea!, role: "Owner" })).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { role: [expect.stringContaining("Choose one of the roles")] } });
    expect(await runAs(handle.db, changeMemberRole, ids.ada!, { org: "acme", userId: ids.out!, role: "Admin" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await snapshot()).toEqual(before);
  });

  it("never demotes the last Admin, including themselves", async () => {
    const before = await snapshot();
    const result = await runAs(handle.db, changeMemberRole, ids.ada!, { org: "acme", userId: ids.ada!, role: "Organization User" });
    expect(result).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("at least one Admin") });
    expect(await snapshot()).toEqual(before);
  });
});

describe("removing and leaving", () => {
  it("refuses non-Admins removing anyone, changing nothing", async () => {
    for (const actor of ["bea", "cal", "fin", "out"]) {
      const before = await snapshot();
      const result = await runAs(handle.db, removeMember, ids[actor]!, { org: "acme", userId: ids.cal! });
      expect(result.ok, actor).toBe(false);
      expect(await snapshot()).toEqual(before);
    }
  });

  it("keeps the last Admin: cannot be removed nor leave", async () => {
    const before = await snapshot();
    expect(await runAs(handle.db, removeMember, ids.ada!, { org: "acme", userId: ids.ada! })).toMatchObject({ ok: false, code: "conflict" });
    expect(await runAs(handle.db, leaveOrganization, ids.ada!, { org: "acme" })).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("last Admin") });
    expect(await snapshot()).toEqual(before);
  });

  it("removes a member with an audit event; a member may leave on their own", async () => {
    expect(await runAs(handle.db, removeMember, ids.ada!, { org: "acme", userId: ids.cal! }, "10.2.2.2")).toEqual({ ok: true, data: { userId: ids.cal! } });
    const [removed] = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, "member.removed"), eq(auditEvents.targetId, ids.cal!)));
    expect(removed).toMatchObject({ before: { role: "Team Contributor" }, after: null });
    expect(await runAs(handle.db, listMembers, ids.cal!, { org: "acme" })).toMatchObject({ ok: false, code: "not_found" });

    expect(await runAs(handle.db, leaveOrganization, ids.fin!, { org: "acme" })).toEqual({ ok: true, data: { userId: ids.fin! } });
    const [left] = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, "member.left"), eq(auditEvents.targetId, ids.fin!)));
    expect(left).toMatchObject({ actorUserId: ids.fin, before: { role: "Financial Manager" } });
  });

  it("lets an Admin leave once another Admin exists; a user may be in many organizations", async () => {
    const other = await runAs(handle.db, createOrganization, ids.dan!, { handle: "globex", name: "Globex" });
    if (!other.ok) throw new Error("setup");
    await addMember(ids.ada!, "Organization User", other.data.id);
    expect((await runAs(handle.db, changeMemberRole, ids.ada!, { org: "acme", userId: ids.bea!, role: "Admin" })).ok).toBe(true);
    expect((await runAs(handle.db, leaveOrganization, ids.ada!, { org: "acme" })).ok).toBe(true);
    const adaOrgs = await handle.db.select().from(memberships).where(eq(memberships.userId, ids.ada!));
    expect(adaOrgs.map((m) => m.orgId)).toEqual([other.data.id]);
  });
});

describe("ten thousand members", () => {
  it("pages and searches on the server", async () => {
    const big = await runAs(handle.db, createOrganization, ids.dan!, { handle: "bigco", name: "Big Co" });
    if (!big.ok) throw new Error("setup");
    await seedMembers(handle.db, { orgId: big.data.id, count: 10_000, prefix: "bulk" });
    const first = await runAs(handle.db, listMembers, ids.dan!, { org: "bigco" });
    expect(first.ok && first.data.total).toBe(10_001);
    expect(first.ok && first.data.members).toHaveLength(25);
    const last = await runAs(handle.db, listMembers, ids.dan!, { org: "bigco", page: 401 });
    expect(last.ok && last.data.members).toHaveLength(1);
    const found = await runAs(handle.db, listMembers, ids.dan!, { org: "bigco", query: "bulk-9999@" });
    expect(found.ok && found.data.members.map((m) => m.email)).toEqual(["bulk-9999@members.example"]);
    expect(ORG_ROLES).toContain(found.ok ? found.data.members[0]!.role : "");
  }, 120_000);
});
