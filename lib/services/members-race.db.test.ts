import { and, count, eq } from "drizzle-orm";
import { userIdByEmail } from "@/lib/services/test-accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, invitations, memberships, users } from "@/db/schema";
import { openTestDatabase, onPostgres } from "@/db/testing";
import { findAccount, type AccountSummary } from "./accounts";
import { acceptInvitation, inviteMembers } from "@/lib/operations/invitations";
import { changeMemberRole, leaveOrganization, removeMember } from "@/lib/operations/members";
import { createOrganization } from "@/lib/operations/my-account";
import { runAs, runPublic } from "@/lib/operations/testing";
import { signUp } from "@/lib/operations/accounts";

// Races only mean something on PostgreSQL (PGlite is a single session, so it serializes every
// transaction); `npm test` runs this file there. On PGlite the same calls run sequentially,
// which still checks the outcome rules.

let handle: DatabaseHandle;
let counter = 0;

async function person(prefix: string): Promise<AccountSummary> {
  const name = `${prefix}-${++counter}`;
  const result = await runPublic(handle.db, signUp, { handle: name, name, email: `${name}@example.test`, password: "long-enough-1" });
  if (!result.ok) throw new Error("setup");
  await handle.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, (await userIdByEmail(handle.db, result.data.email))));
  return (await findAccount(handle.db, (await userIdByEmail(handle.db, result.data.email))))!;
}

async function orgWithAdmins(n: number): Promise<{ orgId: string; org: string; admins: AccountSummary[] }> {
  const admins: AccountSummary[] = [];
  for (let i = 0; i < n; i++) admins.push(await person("admin"));
  const handleName = `race-${++counter}`;
  const org = await runAs(handle.db, createOrganization, admins[0]!.id, { handle: handleName, name: "Race" });
  if (!org.ok) throw new Error("setup");
  if (n > 1) await handle.db.insert(memberships).values(admins.slice(1).map((a) => ({ orgId: org.data.id, userId: a.id, role: "Admin" as const })));
  return { orgId: org.data.id, org: handleName, admins };
}

async function adminCount(orgId: string): Promise<number> {
  const [row] = await handle.db.select({ n: count() }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.role, "Admin")));
  return row!.n;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  if (!onPostgres) console.info("[members-race] PGlite has one session: the concurrent tests below run only on PostgreSQL (npm test runs them).");
});
afterAll(async () => {
  await handle?.close();
});

describe("concurrent membership changes on PostgreSQL", () => {
  it.runIf(onPostgres)("two Admins demoting each other at once always leave an Admin (repeated 40 times)", async () => {
    for (let round = 0; round < 40; round++) {
      const { orgId, org, admins } = await orgWithAdmins(2);
      const [a, b] = admins as [AccountSummary, AccountSummary];
      const results = await Promise.all([
        runAs(handle.db, changeMemberRole, a.id, { org, userId: b.id, role: "Organization User" }),
        runAs(handle.db, changeMemberRole, b.id, { org, userId: a.id, role: "Organization User" }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await adminCount(orgId)).toBe(1);
      const events = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, "member.role_changed")));
      expect(events).toHaveLength(1);
    }
  }, 120_000);

  it.runIf(onPostgres)("Admins removing each other, leaving and demoting themselves at once keep one Admin (repeated 30 times)", async () => {
    for (let round = 0; round < 30; round++) {
      const { orgId, org, admins } = await orgWithAdmins(3);
      const [a, b, c] = admins as [AccountSummary, AccountSummary, AccountSummary];
      await Promise.all([
        runAs(handle.db, removeMember, a.id, { org, userId: b.id }),
        runAs(handle.db, removeMember, b.id, { org, userId: c.id }),
        runAs(handle.db, leaveOrganization, c.id, { org }),
        runAs(handle.db, changeMemberRole, a.id, { org, userId: a.id, role: "Organization User" }),
        runAs(handle.db, removeMember, c.id, { org, userId: a.id }),
      ]);
      expect(await adminCount(orgId)).toBeGreaterThanOrEqual(1);
    }
  }, 120_000);

  it.runIf(onPostgres)("accepting the same invitation twice at once yields exactly one membership (repeated 20 times)", async () => {
    const { orgId, org, admins } = await orgWithAdmins(1);
    for (let round = 0; round < 20; round++) {
      const invitee = await person("invitee");
      const invited = await runAs(handle.db, inviteMembers, admins[0]!.id, { org, emails: invitee.email, role: "Organization User" });
      if (!invited.ok) throw new Error("invite failed");
      const [row] = await handle.db.select().from(invitations).where(eq(invitations.id, invited.data.invited[0]!.invitationId));
      expect(row?.status).toBe("pending");
      const results = await Promise.all(
        Array.from({ length: 4 }, () => runAs(handle.db, acceptInvitation, invitee.id, { invitationId: invited.data.invited[0]!.invitationId })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "conflict")).toBe(true);
      const rows = await handle.db.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, invitee.id)));
      expect(rows).toHaveLength(1);
      const added = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, invitee.id), eq(auditEvents.action, "member.added")));
      expect(added).toHaveLength(1);
    }
  }, 120_000);

  it("the same calls one after another: exactly one demotion and one acceptance succeed", async () => {
    const { orgId, org, admins } = await orgWithAdmins(2);
    const [a, b] = admins as [AccountSummary, AccountSummary];
    expect((await runAs(handle.db, changeMemberRole, a.id, { org, userId: b.id, role: "Organization User" })).ok).toBe(true);
    expect(await runAs(handle.db, changeMemberRole, b.id, { org, userId: a.id, role: "Organization User" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await adminCount(orgId)).toBe(1);
    const invitee = await person("invitee");
    const invited = await runAs(handle.db, inviteMembers, a.id, { org, emails: invitee.email, role: "Organization User" });
    if (!invited.ok) throw new Error("invite failed");
    const ref = { invitationId: invited.data.invited[0]!.invitationId };
    expect((await runAs(handle.db, acceptInvitation, invitee.id, ref)).ok).toBe(true);
    expect(await runAs(handle.db, acceptInvitation, invitee.id, ref)).toMatchObject({ ok: false, code: "conflict" });
  });
});
