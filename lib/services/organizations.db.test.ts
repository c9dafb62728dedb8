import { count, eq, sql } from "drizzle-orm";
import { userIdByEmail } from "@/lib/services/test-accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, memberships, organizations } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { createOrganization } from "@/lib/operations/my-account";
import { runAs, runPublic } from "@/lib/operations/testing";
import { findOrganizationForMember, listMyOrganizations } from "@/db/queries/organizations";
import { signUp } from "@/lib/operations/accounts";

let handle: DatabaseHandle;
let ada: string;
let bob: string;
beforeAll(async () => {
  handle = await openTestDatabase();
  const a = await runPublic(handle.db, signUp, { handle: "ada", name: "Ada", email: "ada@example.test", password: "long-enough-1" });
  const b = await runPublic(handle.db, signUp, { handle: "bob", name: "Bob", email: "bob@example.test", password: "long-enough-1" });
  if (!a.ok || !b.ok) throw new Error("setup failed");
  ada = (await userIdByEmail(handle.db, a.data.email));
  bob = (await userIdByEmail(handle.db, b.data.email));
});
afterAll(async () => {
  await handle?.close();
});

async function orgRows() {
  const [o] = await handle.db.select({ n: count() }).from(organizations);
  const [m] = await handle.db.select({ n: count() }).from(memberships);
  const [a] = await handle.db.select({ n: count() }).from(auditEvents);
  return { orgs: o!.n, members: m!.n, audit: a!.n };
}

describe("organizations", () => {
  it("creates an organization with its creator as Admin and an audit event", async () => {
    const result = await runAs(handle.db, createOrganization, ada, { handle: "acme", name: "Acme" });
    expect(result).toMatchObject({ ok: true, data: { handle: "acme", role: "Admin" } });
    const mine = await listMyOrganizations(handle.db, { userId: ada });
    expect(mine.map((o) => [o.handle, o.role])).toEqual([["acme", "Admin"]]);
    const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "organization.created"));
    expect(events).toHaveLength(1);
  });

  it("shares the handle namespace with users and refuses bad input, creating nothing", async () => {
    for (const input of [
      { handle: "ADA", name: "Clash with a user" },
      { handle: "Acme", name: "Clash with an org" },
      { handle: "no spaces", name: "x" },
      { handle: "api", name: "reserved" },
      { handle: "fine-id", name: "" },
    ]) {
      const before = await orgRows();
      const result = await runAs(handle.db, createOrganization, ada, input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      expect(await orgRows()).toEqual(before);
    }
  });

  it("rolls back the organization when its audit event cannot be written", async () => {
    await handle.db.execute(sql`create function fail_audit() returns trigger language plpgsql as $$ begin raise exception 'forced failure'; end; $$`);
    await handle.db.execute(sql`create trigger fail_audit before insert on audit_events for each row execute function fail_audit()`);
    try {
      const before = await orgRows();
      await expect(runAs(handle.db, createOrganization, ada, { handle: "doomed", name: "Doomed" })).rejects.toThrow();
      expect(await orgRows()).toEqual(before);
    } finally {
      await handle.db.execute(sql`drop trigger fail_audit on audit_events`);
      await handle.db.execute(sql`drop function fail_audit()`);
    }
    // The handle was not kept either: it can be used now.
    expect((await runAs(handle.db, createOrganization, ada, { handle: "doomed", name: "Doomed" })).ok).toBe(true);
  });

  it("shows an organization only to its members", async () => {
    expect(await findOrganizationForMember(handle.db, { userId: ada, handle: "ACME" })).toMatchObject({ handle: "acme", role: "Admin", memberCount: 1 });
    expect(await findOrganizationForMember(handle.db, { userId: bob, handle: "acme" })).toBeNull();
    expect(await listMyOrganizations(handle.db, { userId: bob })).toEqual([]);
  });

  it("keeps the member count as members join, leave and their accounts go", async () => {
    const org = await findOrganizationForMember(handle.db, { userId: ada, handle: "acme" });
    const count = async () => (await handle.db.select({ n: organizations.memberCount }).from(organizations).where(eq(organizations.id, org!.id)))[0]!.n;
    const before = await count();
    await handle.db.insert(memberships).values({ orgId: org!.id, userId: bob, role: "Organization User" });
    expect(await count()).toBe(before + 1);
    await handle.db.delete(memberships).where(eq(memberships.userId, bob));
    expect(await count()).toBe(before);
    const carl = await runPublic(handle.db, signUp, { handle: "carl", name: "Carl", email: "carl@example.test", password: "long-enough-1" });
    if (!carl.ok) throw new Error("setup");
    await handle.db.insert(memberships).values({ orgId: org!.id, userId: (await userIdByEmail(handle.db, carl.data.email)), role: "Organization User" });
    expect(await count()).toBe(before + 1);
    await handle.db.execute(sql`delete from users where id = ${(await userIdByEmail(handle.db, carl.data.email))}`);
    expect(await count()).toBe(before);
  });
});
