import { count, eq, sql } from "drizzle-orm";
import { userIdByEmail } from "@/lib/services/test-accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, outboxEmails, passwordResets, users } from "@/db/schema";
import { onPostgres, openTestDatabase } from "@/db/testing";
import { deliverDueEmails } from "@/lib/mail/outbox";
import { sha256Hex } from "@/lib/secrets";
import { ACCOUNT_SECURITY_LIMITS, PASSWORD_RESET_TTL_MS, RESET_LINK_INVALID, resetLinkUsable } from "@/lib/services/account-security";
import { authenticate, findSignedInAccount } from "@/lib/services/accounts";
import { signUp, verifyEmail } from "./accounts";
import { requestEmailChange } from "./account-settings";
import { completePasswordReset, requestPasswordReset } from "./password-reset";
import { runAs, runPublic } from "./testing";

// Resetting a forgotten password: a hashed, single-use, expiring link mailed through the outbox,
// the same answer for unknown addresses, throttles per address and per client, and every session
// of the account ended.

let handle: DatabaseHandle;
const PASSWORD = "long-enough-1";
const NEW_PASSWORD = "reset-to-this-7";

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

let people = 0;
let clients = 0;
/** A fresh client address per call, so the per-client limit only bites where a test means it to. */
const client = () => `192.0.2.${++clients}`;

async function person({ verified = true } = {}): Promise<{ id: string; email: string }> {
  people += 1;
  const email = `forgetful-${people}@example.test`;
  const result = await runPublic(handle.db, signUp, { handle: `forgetful-${people}`, name: `Forgetful ${people}`, email, password: PASSWORD });
  if (!result.ok) throw new Error(result.message);
  if (verified) await handle.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, (await userIdByEmail(handle.db, result.data.email))));
  return { id: (await userIdByEmail(handle.db, result.data.email)), email };
}

async function userRow(id: string) {
  return (await handle.db.select().from(users).where(eq(users.id, id)))[0]!;
}

async function resetMails(email: string) {
  return (await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, email))).filter((m) => m.subject === "Reset your password");
}

async function requestLink(email: string): Promise<string> {
  const result = await runPublic(handle.db, requestPasswordReset, { email, clientAddress: client() });
  expect(result).toEqual({ ok: true, data: { email } });
  const match = (await resetMails(email)).at(-1)?.text.match(/\/reset-password\?token=([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no reset link mailed to ${email}`);
  return match[1]!;
}

async function signsIn(email: string, password: string): Promise<boolean> {
  return (await authenticate(handle.db, { email, password }, { ip: client() })).ok;
}

async function counts() {
  const [r] = await handle.db.select({ n: count() }).from(passwordResets);
  const [o] = await handle.db.select({ n: count() }).from(outboxEmails);
  const [a] = await handle.db.select({ n: count() }).from(auditEvents);
  return { resets: r!.n, outbox: o!.n, audit: a!.n };
}

describe("asking for a reset link", () => {
  it("mails a link whose token is stored only as its hash, and answers an unknown address the same", async () => {
    const me = await person();
    const ip = client();
    const known = await runPublic(handle.db, requestPasswordReset, { email: me.email.toUpperCase(), clientAddress: ip }, ip);
    const before = await counts();
    const unknown = await runPublic(handle.db, requestPasswordReset, { email: "nobody-here@example.test", clientAddress: client() });
    expect(unknown).toEqual({ ok: true, data: { email: "nobody-here@example.test" } });
    expect(known).toEqual({ ok: true, data: { email: me.email } });
    // Nothing is stored or sent for an unknown address (the counters aside).
    expect(await counts()).toEqual(before);

    const [mail] = await resetMails(me.email);
    const token = mail!.text.match(/\/reset-password\?token=([A-Za-z0-9_-]+)/)![1]!;
    const rows = await handle.db.select().from(passwordResets).where(eq(passwordResets.userId, me.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(sha256Hex(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime() - Date.now()).toBeGreaterThan(PASSWORD_RESET_TTL_MS - 60_000);
    expect(rows[0]!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(PASSWORD_RESET_TTL_MS);
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "user.password_reset_requested"));
    expect(event).toMatchObject({ actorUserId: null, targetId: me.id, ip });

    // Once the outbox has finished with the mail, its body (with the link) is gone from the table.
    await deliverDueEmails(handle.db);
    const [finished] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.id, mail!.id));
    expect(finished!.status).not.toBe("pending");
    expect(`${finished!.text} ${finished!.html ?? ""}`).not.toContain(token);
  });

  it("refuses a malformed address and changes nothing", async () => {
    const before = await counts();
    const result = await runPublic(handle.db, requestPasswordReset, { email: "not-an-email", clientAddress: client() });
    expect(result).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { email: ["Enter a valid email address."] } });
    expect(await counts()).toEqual(before);
  });

  it("limits requests per address — known or not, with the same answer — and per client", async () => {
    const me = await person();
    for (let i = 0; i < ACCOUNT_SECURITY_LIMITS.resetPerAddress.limit; i++) await requestLink(me.email);
    const before = await counts();
    const overKnown = await runPublic(handle.db, requestPasswordReset, { email: me.email, clientAddress: client() });
    for (let i = 0; i < ACCOUNT_SECURITY_LIMITS.resetPerAddress.limit; i++) await runPublic(handle.db, requestPasswordReset, { email: "ghost@example.test", clientAddress: client() });
    const overUnknown = await runPublic(handle.db, requestPasswordReset, { email: "ghost@example.test", clientAddress: client() });
    expect(overKnown).toMatchObject({ ok: false, code: "rate_limited" });
    expect(overUnknown).toEqual(overKnown);
    expect(await counts()).toEqual(before);

    const busy = client();
    for (let i = 0; i < ACCOUNT_SECURITY_LIMITS.resetPerClient.limit; i++) {
      expect((await runPublic(handle.db, requestPasswordReset, { email: `spray-${i}@example.test`, clientAddress: busy })).ok).toBe(true);
    }
    const other = await person();
    expect(await runPublic(handle.db, requestPasswordReset, { email: other.email, clientAddress: busy })).toMatchObject({ ok: false, code: "rate_limited" });
    expect(await resetMails(other.email)).toEqual([]);
    // The refused request did not use up the address's own allowance.
    await requestLink(other.email);
  });
});

describe("following the link", () => {
  it("sets the new password once, ends every session and voids the account's other links", async () => {
    const me = await person();
    const older = await requestLink(me.email);
    const token = await requestLink(me.email);
    const version = (await userRow(me.id)).sessionVersion;
    expect(await resetLinkUsable(handle.db, token)).toBe(true);

    const ip = client();
    const done = await runPublic(handle.db, completePasswordReset, { token, password: NEW_PASSWORD }, ip);
    expect(done).toEqual({ ok: true, data: { email: me.email } });
    expect(await signsIn(me.email, NEW_PASSWORD)).toBe(true);
    expect(await signsIn(me.email, PASSWORD)).toBe(false);
    expect(await findSignedInAccount(handle.db, { userId: me.id, sessionVersion: version })).toBeNull();
    expect((await userRow(me.id)).sessionVersion).toBe(version + 1);
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "user.password_reset"));
    expect(event).toMatchObject({ actorUserId: me.id, targetId: me.id, ip });
    expect((await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, me.email))).map((m) => m.subject)).toContain("Your password was changed");

    // Single use, and the account's older link died with it.
    const hash = (await userRow(me.id)).passwordHash;
    for (const used of [token, older]) {
      expect(await resetLinkUsable(handle.db, used)).toBe(false);
      expect(await runPublic(handle.db, completePasswordReset, { token: used, password: "another-pass-3" })).toEqual({ ok: false, code: "not_found", message: RESET_LINK_INVALID });
    }
    expect((await userRow(me.id)).passwordHash).toBe(hash);
  });

  // PGlite has one session, so only PostgreSQL can race two requests.
  it.runIf(onPostgres)("one link followed twice at once resets the password once (repeated 10 times)", async () => {
    for (let round = 0; round < 10; round++) {
      const me = await person();
      const token = await requestLink(me.email);
      const results = await Promise.all([
        runPublic(handle.db, completePasswordReset, { token, password: "first-racer-1" }),
        runPublic(handle.db, completePasswordReset, { token, password: "second-racer-2" }),
      ]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect((await userRow(me.id)).sessionVersion).toBe(1);
      const winner = results[0]!.ok ? "first-racer-1" : "second-racer-2";
      expect(await signsIn(me.email, winner)).toBe(true);
    }
  });

  it("refuses an expired link, and a made-up one, changing nothing", async () => {
    const me = await person();
    const token = await requestLink(me.email);
    await handle.db.update(passwordResets).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(passwordResets.tokenHash, sha256Hex(token)));
    const before = await userRow(me.id);
    expect(await resetLinkUsable(handle.db, token)).toBe(false);
    expect(await runPublic(handle.db, completePasswordReset, { token, password: NEW_PASSWORD })).toEqual({ ok: false, code: "not_found", message: RESET_LINK_INVALID });
    expect(await runPublic(handle.db, completePasswordReset, { token: "made-up-token", password: NEW_PASSWORD })).toMatchObject({ ok: false, code: "not_found" });
    expect(await userRow(me.id)).toEqual(before);
    expect((await handle.db.select().from(passwordResets).where(eq(passwordResets.tokenHash, sha256Hex(token))))[0]!.usedAt).toBeNull();
  });

  it("keeps the link when the new password is refused", async () => {
    const me = await person();
    const token = await requestLink(me.email);
    const before = await userRow(me.id);
    const weak = await runPublic(handle.db, completePasswordReset, { token, password: "short-1" });
    expect(weak).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { password: [expect.stringMatching(/at least 10/)] } });
    expect(await userRow(me.id)).toEqual(before);
    expect(await resetLinkUsable(handle.db, token)).toBe(true);
    expect((await runPublic(handle.db, completePasswordReset, { token, password: NEW_PASSWORD })).ok).toBe(true);
  });

  it("works only while the account still uses the address it was sent to", async () => {
    const me = await person();
    const token = await requestLink(me.email);
    const newEmail = `elsewhere-${people}@example.test`;
    expect((await runAs(handle.db, requestEmailChange, me.id, { email: newEmail, currentPassword: PASSWORD })).ok).toBe(true);
    const link = (await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, newEmail)))[0]!.text.match(/verify-email\?token=([A-Za-z0-9_-]+)/)![1]!;
    // Still pending: the current address (and its link) still count.
    expect(await resetLinkUsable(handle.db, token)).toBe(true);
    expect((await runPublic(handle.db, verifyEmail, { token: link })).ok).toBe(true);
    const before = await userRow(me.id);
    expect(await runPublic(handle.db, completePasswordReset, { token, password: NEW_PASSWORD })).toMatchObject({ ok: false, code: "not_found" });
    expect(await userRow(me.id)).toEqual(before);
  });

  it("verifies an unverified address: following the mailed link proved control of it", async () => {
    const me = await person({ verified: false });
    const token = await requestLink(me.email);
    expect((await runPublic(handle.db, completePasswordReset, { token, password: NEW_PASSWORD })).ok).toBe(true);
    expect((await userRow(me.id)).emailVerifiedAt).not.toBeNull();
    const actions = (await handle.db.select().from(auditEvents).where(eq(auditEvents.targetId, me.id))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["user.email_verified", "user.password_reset"]));
  });
});
