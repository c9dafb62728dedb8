import { count, eq, sql } from "drizzle-orm";
import { userIdByEmail } from "@/lib/services/test-accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, emailVerifications, handles, outboxEmails, users } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { SIGN_IN_LIMITS } from "./accounts";
import { SIGN_IN_REFUSED, SIGN_IN_THROTTLED, authenticate } from "./accounts";
import { signUp, verifyEmail } from "@/lib/operations/accounts";
import { runPublic } from "@/lib/operations/testing";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const good = (n: string) => ({ handle: `user-${n}`, name: `User ${n}`, email: `User-${n}@Example.test`, password: "long-enough-1" });

async function rowCounts() {
  const db = handle.db;
  const [u] = await db.select({ n: count() }).from(users);
  const [h] = await db.select({ n: count() }).from(handles);
  const [a] = await db.select({ n: count() }).from(auditEvents);
  const [o] = await db.select({ n: count() }).from(outboxEmails);
  return { users: u!.n, handles: h!.n, audit: a!.n, outbox: o!.n };
}

describe("sign-up", () => {
  it("creates the user, a verification mail and an audit event together", async () => {
    const result = await runPublic(handle.db, signUp, good("a"), "10.0.0.1");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [user] = await handle.db.select().from(users).where(eq(users.id, (await userIdByEmail(handle.db, result.data.email))));
    expect(user?.email).toBe("user-a@example.test");
    expect(user?.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(user?.emailVerifiedAt).toBeNull();
    const mails = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, "user-a@example.test"));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toMatch(/\/verify-email\?token=/);
    const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.targetId, (await userIdByEmail(handle.db, result.data.email))));
    expect(events.map((e) => e.action)).toEqual(["user.signed_up"]);
    expect(events[0]!.ip).toBe("10.0.0.1");
  });

  it.each([
    ["a taken handle (any case)", { ...good("b"), handle: "USER-A" }, "handle", "already taken"],
    ["a weak password", { ...good("b"), password: "abcdefghij" }, "password", "mix letters"],
    ["a short password", { ...good("b"), password: "a1" }, "password", "at least 10"],
    ["a malformed email", { ...good("b"), email: "no-at-sign" }, "email", "valid email"],
    ["illegal handle characters", { ...good("b"), handle: "bad/handle" }, "handle", "letters, digits"],
    ["a reserved handle", { ...good("b"), handle: "Settings" }, "handle", "reserved"],
    ["an empty name", { ...good("b"), name: "   " }, "name", "required"],
  ])("refuses %s with a field message and creates nothing", async (_label, input, field, message) => {
    const before = await rowCounts();
    const result = await runPublic(handle.db, signUp, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors?.[field]?.join(" ")).toContain(message);
    expect(await rowCounts()).toEqual(before);
  });

  it("answers a taken address (any case) exactly as a new one, creating nothing and telling the address by mail", async () => {
    const before = await rowCounts();
    const taken = await runPublic(handle.db, signUp, { ...good("b"), email: "USER-A@example.TEST" });
    const fresh = await runPublic(handle.db, signUp, good("b2"));
    // The same answer: the address as typed, normalized, and nothing else.
    expect(taken).toEqual({ ok: true, data: { email: "user-a@example.test" } });
    expect(fresh).toEqual({ ok: true, data: { email: "user-b2@example.test" } });
    const after = await rowCounts();
    expect(after.users - before.users).toBe(1); // only user-b2
    const [stillOne] = await handle.db.select({ n: count() }).from(users).where(eq(users.email, "user-a@example.test"));
    expect(stillOne!.n).toBe(1);
    const notices = (await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, "user-a@example.test"))).filter((mail) => mail.subject.startsWith("Someone tried"));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toMatch(/\/sign-in\b/);
    expect(notices[0]!.text).toMatch(/\/forgot-password\b/);
    expect(notices[0]!.text).not.toMatch(/token=/);
    expect(notices[0]!.text).not.toContain("user-b");
  });

  it("keeps neither the user nor its audit event when the transaction fails after the write", async () => {
    // Force a failure after the user row is written: the audit insert raises.
    await handle.db.execute(sql`create function fail_audit() returns trigger language plpgsql as $$ begin raise exception 'forced failure'; end; $$`);
    await handle.db.execute(sql`create trigger fail_audit before insert on audit_events for each row execute function fail_audit()`);
    try {
      const before = await rowCounts();
      await expect(runPublic(handle.db, signUp, good("c"))).rejects.toThrow();
      expect(await rowCounts()).toEqual(before);
      const [user] = await handle.db.select().from(users).where(eq(users.email, "user-c@example.test"));
      expect(user).toBeUndefined();
    } finally {
      await handle.db.execute(sql`drop trigger fail_audit on audit_events`);
      await handle.db.execute(sql`drop function fail_audit()`);
    }
  });

  it("keeps audit events append-only", async () => {
    await expect(handle.db.execute(sql`update audit_events set action = 'tampered'`)).rejects.toThrow();
    await expect(handle.db.execute(sql`delete from audit_events`)).rejects.toThrow();
  });
});

describe("email verification", () => {
  it("verifies once with the mailed token and refuses reuse and unknown tokens", async () => {
    const result = await runPublic(handle.db, signUp, good("v"));
    expect(result.ok).toBe(true);
    const [mail] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, "user-v@example.test"));
    const token = decodeURIComponent(mail!.text.match(/token=([^\s]+)/)![1]!);
    const stored = await handle.db.select().from(emailVerifications);
    expect(stored.some((row) => row.tokenHash === token)).toBe(false); // only the hash is stored
    expect((await runPublic(handle.db, verifyEmail, { token: token })).ok).toBe(true);
    const [user] = await handle.db.select().from(users).where(eq(users.email, "user-v@example.test"));
    expect(user?.emailVerifiedAt).not.toBeNull();
    const again = await runPublic(handle.db, verifyEmail, { token: token });
    expect(again.ok).toBe(false);
    expect((await runPublic(handle.db, verifyEmail, { token: "made-up-token" })).ok).toBe(false);
  });
});

describe("sign-in", () => {
  it("accepts the right password and gives one message for wrong password and unknown user", async () => {
    await runPublic(handle.db, signUp, good("s"));
    const okResult = await authenticate(handle.db, { email: "USER-S@example.test", password: "long-enough-1" }, { ip: "10.1.1.1" });
    expect(okResult.ok).toBe(true);
    const wrong = await authenticate(handle.db, { email: "user-s@example.test", password: "wrong-password-1" }, { ip: "10.1.1.1" });
    const unknown = await authenticate(handle.db, { email: "ghost@example.test", password: "wrong-password-1" }, { ip: "10.1.1.1" });
    expect(wrong).toEqual({ ok: false, code: "unauthenticated", message: SIGN_IN_REFUSED });
    expect(unknown).toEqual(wrong);
  });

  it("throttles per account and address, even for the right password, and per address", async () => {
    await runPublic(handle.db, signUp, good("t"));
    for (let i = 0; i < SIGN_IN_LIMITS.accountAtAddress.freeFailures; i++) {
      await authenticate(handle.db, { email: "user-t@example.test", password: "nope-nope-1" }, { ip: "10.2.0.1" });
    }
    const throttled = await authenticate(handle.db, { email: "user-t@example.test", password: "long-enough-1" }, { ip: "10.2.0.1" });
    expect(throttled).toEqual({ ok: false, code: "rate_limited", message: SIGN_IN_THROTTLED });
    // No lock on the account alone: those failures do not keep its owner out elsewhere.
    const owner = await authenticate(handle.db, { email: "user-t@example.test", password: "long-enough-1" }, { ip: "10.2.1.1" });
    expect(owner.ok).toBe(true);

    for (let i = 0; i < SIGN_IN_LIMITS.address.limit; i++) {
      await authenticate(handle.db, { email: `ghost-${i}@example.test`, password: "nope-nope-1" }, { ip: "10.3.3.3" });
    }
    const fromBusyAddress = await authenticate(handle.db, { email: "user-s@example.test", password: "long-enough-1" }, { ip: "10.3.3.3" });
    expect(fromBusyAddress.ok).toBe(false);
    if (!fromBusyAddress.ok) expect(fromBusyAddress.code).toBe("rate_limited");
    const elsewhere = await authenticate(handle.db, { email: "user-s@example.test", password: "long-enough-1" }, { ip: "10.4.4.4" });
    expect(elsewhere.ok).toBe(true);
  });
});
