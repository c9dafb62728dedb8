import { and, count, eq, like } from "drizzle-orm";
import { userIdByEmail } from "@/lib/services/test-accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, emailVerifications, memberships, notifications, outboxEmails, passwordResets, rateLimits, users } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { ACCOUNT_SECURITY_LIMITS } from "@/lib/services/account-security";
import { SIGN_IN_REFUSED, authenticate, findSignedInAccount } from "@/lib/services/accounts";
import { findUserByEmail } from "@/db/queries/accounts";
import { listMyInvitations } from "@/lib/services/invitations";
import { signUp, verifyEmail } from "./accounts";
import { cancelEmailChange, changePassword, requestEmailChange, resendEmailChange, signOutEverywhere, updateProfile } from "./account-settings";
import { acceptInvitation, inviteMembers } from "./invitations";
import { createOrganization } from "./my-account";
import { requestPasswordReset } from "./password-reset";
import { runAs, runPublic } from "./testing";

// The signed-in person's own account through the runner: name, a new email address (pending until
// its link is followed), password, and ending sessions. Each failure is checked to change nothing.

let handle: DatabaseHandle;
const PASSWORD = "long-enough-1";
const NEW_PASSWORD = "brand-new-pass-2";

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

let people = 0;
async function person(prefix = "person", { verified = true } = {}): Promise<{ id: string; email: string }> {
  people += 1;
  const email = `${prefix}-${people}@example.test`;
  const result = await runPublic(handle.db, signUp, { handle: `${prefix}-${people}`, name: `${prefix} ${people}`, email, password: PASSWORD });
  if (!result.ok) throw new Error(`setup failed: ${result.message}`);
  if (verified) await handle.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, (await userIdByEmail(handle.db, result.data.email))));
  return { id: (await userIdByEmail(handle.db, result.data.email)), email };
}

async function userRow(id: string) {
  const [row] = await handle.db.select().from(users).where(eq(users.id, id));
  return row!;
}

/** Everything an account change may touch, for "nothing changed" checks. */
async function snapshot(id: string) {
  const db = handle.db;
  const [a] = await db.select({ n: count() }).from(auditEvents);
  const [o] = await db.select({ n: count() }).from(outboxEmails);
  const [v] = await db.select({ n: count() }).from(emailVerifications).where(eq(emailVerifications.userId, id));
  return { user: await userRow(id), audit: a!.n, outbox: o!.n, verifications: v!.n };
}

async function mailsTo(email: string) {
  return handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, email));
}

/** The raw token of the newest verification link mailed to `email` (the database only has its hash). */
async function verificationTokenFor(email: string): Promise<string> {
  const mail = (await mailsTo(email)).filter((m) => /verify-email\?token=/.test(m.text)).at(-1);
  const match = mail?.text.match(/verify-email\?token=([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no verification link mailed to ${email}`);
  return match[1]!;
}

async function signsIn(email: string, password = PASSWORD): Promise<boolean> {
  return (await authenticate(handle.db, { email, password }, { ip: `10.9.${people}.1` })).ok;
}

describe("the profile", () => {
  it("renames the account with an audit event; a blank or unstorable name changes nothing", async () => {
    const me = await person();
    expect(await runAs(handle.db, updateProfile, me.id, { name: "  Grace Hopper " })).toEqual({ ok: true, data: { name: "Grace Hopper" } });
    expect((await userRow(me.id)).name).toBe("Grace Hopper");
    const [event] = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, me.id), eq(auditEvents.action, "user.renamed")));
    expect(event).toMatchObject({ actorUserId: me.id, before: { name: `person ${people}` }, after: { name: "Grace Hopper" } });
    for (const name of ["   ", "x".repeat(101), "bad\u0000name"]) {
      const before = await snapshot(me.id);
      const result = await runAs(handle.db, updateProfile, me.id, { name });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.fieldErrors?.name?.length).toBe(1);
      expect(await snapshot(me.id)).toEqual(before);
    }
  });
});

describe("changing the email address", () => {
  it("keeps the current address for sign-in and grants until the new one is verified, then moves", async () => {
    const me = await person("mover");
    const newEmail = `moved-${people}@example.test`;
    const result = await runAs(handle.db, requestEmailChange, me.id, { email: newEmail.toUpperCase(), currentPassword: PASSWORD }, "10.0.0.5");
    expect(result).toEqual({ ok: true, data: { pendingEmail: newEmail } });
    const pending = await userRow(me.id);
    expect(pending).toMatchObject({ email: me.email, pendingEmail: newEmail });
    expect(pending.emailVerifiedAt).not.toBeNull();
    // A link to the new address, a notice (without a link) to the current one.
    expect((await mailsTo(newEmail)).map((m) => m.subject)).toEqual(["Confirm your new email address"]);
    const notice = await mailsTo(me.email);
    expect(notice.map((m) => m.subject)).toContain("Your account's email address is being changed");
    expect(notice.find((m) => m.subject.includes("being changed"))!.text).not.toMatch(/token=/);

    // The pending address signs nobody in and names no account for grants; the current one still works.
    expect(await signsIn(newEmail)).toBe(false);
    expect(await signsIn(me.email)).toBe(true);
    expect(await findUserByEmail(handle.db, { email: newEmail })).toBeNull();
    // Nor does a password reset go to it.
    await runPublic(handle.db, requestPasswordReset, { email: newEmail, clientAddress: "10.0.0.5" });
    expect(await handle.db.select().from(passwordResets).where(eq(passwordResets.email, newEmail))).toEqual([]);

    const verified = await runPublic(handle.db, verifyEmail, { token: await verificationTokenFor(newEmail) });
    expect(verified).toEqual({ ok: true, data: { email: newEmail } });
    const moved = await userRow(me.id);
    expect(moved).toMatchObject({ email: newEmail, pendingEmail: null });
    expect(moved.emailVerifiedAt!.getTime()).toBeGreaterThanOrEqual(pending.emailVerifiedAt!.getTime());
    expect(await signsIn(newEmail)).toBe(true);
    expect(await signsIn(me.email)).toBe(false);
    const events = await handle.db.select({ action: auditEvents.action, ip: auditEvents.ip }).from(auditEvents).where(eq(auditEvents.targetId, me.id));
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["user.email_change_requested", "user.email_verified"]));
    expect(events.find((e) => e.action === "user.email_change_requested")!.ip).toBe("10.0.0.5");
  });

  it("an invitation to the new address cannot be accepted until that address is verified", async () => {
    const admin = await person("admin");
    const org = await runAs(handle.db, createOrganization, admin.id, { handle: `org-${people}`, name: `Org ${people}` });
    if (!org.ok) throw new Error(org.message);
    const me = await person("invitee");
    const newEmail = `invitee-new-${people}@example.test`;
    expect((await runAs(handle.db, requestEmailChange, me.id, { email: newEmail, currentPassword: PASSWORD })).ok).toBe(true);
    const invited = await runAs(handle.db, inviteMembers, admin.id, { org: org.data.handle, emails: newEmail, role: "Organization User" });
    expect(invited).toMatchObject({ ok: true, data: { invited: [{ email: newEmail, registered: false }] } });
    const mail = (await mailsTo(newEmail)).find((m) => m.subject.includes("invited you"))!;
    const token = mail.text.match(/\/invitations\/([A-Za-z0-9_-]+)/)![1]!;

    expect(await listMyInvitations(handle.db, { email: (await userRow(me.id)).email, emailVerified: true })).toEqual([]);
    expect(await handle.db.select().from(notifications).where(eq(notifications.userId, me.id))).toEqual([]);
    const early = await runAs(handle.db, acceptInvitation, me.id, { token });
    expect(early.ok).toBe(false);
    expect(await handle.db.select().from(memberships).where(and(eq(memberships.orgId, org.data.id), eq(memberships.userId, me.id)))).toEqual([]);

    expect((await runPublic(handle.db, verifyEmail, { token: await verificationTokenFor(newEmail) })).ok).toBe(true);
    // Verifying brings the waiting invitation to the account, and it can be accepted.
    expect(await handle.db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, me.id))).toEqual([{ kind: "invitation" }]);
    expect(await runAs(handle.db, acceptInvitation, me.id, { token })).toMatchObject({ ok: true, data: { status: "accepted" } });
  });

  it("refuses bad input, the current address, a taken address and a wrong password, changing nothing", async () => {
    const me = await person("picky");
    const other = await person("other");
    const cases: Array<[unknown, string, RegExp]> = [
      [{ email: "not-an-email", currentPassword: PASSWORD }, "email", /valid email/],
      [{ email: me.email.toUpperCase(), currentPassword: PASSWORD }, "email", /already your email/],
      [{ email: other.email, currentPassword: PASSWORD }, "email", /already exists/],
      [{ email: `fresh-${people}@example.test`, currentPassword: "" }, "currentPassword", /current password/],
      [{ email: `fresh-${people}@example.test` }, "currentPassword", /current password/],
    ];
    for (const [input, field, message] of cases) {
      const before = await snapshot(me.id);
      const result = await runAs(handle.db, requestEmailChange, me.id, input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.fieldErrors?.[field]?.join(" ")).toMatch(message);
      expect(await snapshot(me.id)).toEqual(before);
    }
    const before = await snapshot(me.id);
    const wrong = await runAs(handle.db, requestEmailChange, me.id, { email: `fresh-${people}@example.test`, currentPassword: "wrong-password-9" });
    expect(wrong).toEqual({ ok: true, data: { currentPasswordWrong: true } });
    expect(await snapshot(me.id)).toEqual(before);
  });

  it("stops the pending address's link once the change is cancelled or another account takes the address", async () => {
    const me = await person("fickle");
    const first = `first-${people}@example.test`;
    expect((await runAs(handle.db, requestEmailChange, me.id, { email: first, currentPassword: PASSWORD })).ok).toBe(true);
    const firstToken = await verificationTokenFor(first);
    expect(await runAs(handle.db, cancelEmailChange, me.id, {})).toEqual({ ok: true, data: { email: me.email } });
    expect((await userRow(me.id)).pendingEmail).toBeNull();
    expect((await runPublic(handle.db, verifyEmail, { token: firstToken })).ok).toBe(false);
    expect((await userRow(me.id)).email).toBe(me.email);
    expect((await runAs(handle.db, cancelEmailChange, me.id, {})).ok).toBe(false);

    const second = `second-${people}@example.test`;
    expect((await runAs(handle.db, requestEmailChange, me.id, { email: second, currentPassword: PASSWORD })).ok).toBe(true);
    expect(await runAs(handle.db, resendEmailChange, me.id, {})).toEqual({ ok: true, data: { pendingEmail: second } });
    const secondToken = await verificationTokenFor(second);
    // Someone signs up with the address before the link is followed: the first to hold it keeps it.
    expect((await runPublic(handle.db, signUp, { handle: `squatter-${people}`, name: "Squatter", email: second, password: PASSWORD })).ok).toBe(true);
    const before = await userRow(me.id);
    expect((await runPublic(handle.db, verifyEmail, { token: secondToken })).ok).toBe(false);
    expect(await userRow(me.id)).toEqual(before);
  });

  it("limits links to new addresses per account", async () => {
    const me = await person("chatty");
    for (let i = 0; i < ACCOUNT_SECURITY_LIMITS.emailChangeLinks.limit; i++) {
      expect((await runAs(handle.db, requestEmailChange, me.id, { email: `chatty-new-${people}@example.test`, currentPassword: PASSWORD })).ok).toBe(true);
    }
    const before = await snapshot(me.id);
    expect(await runAs(handle.db, resendEmailChange, me.id, {})).toMatchObject({ ok: false, code: "rate_limited" });
    expect(await snapshot(me.id)).toEqual(before);
  });
});

describe("the current password", () => {
  it("is throttled per account after five wrong ones, even when right", async () => {
    const me = await person("guesser");
    for (let i = 0; i < ACCOUNT_SECURITY_LIMITS.currentPassword.freeFailures; i++) {
      expect(await runAs(handle.db, changePassword, me.id, { currentPassword: `wrong-guess-${i}`, newPassword: NEW_PASSWORD })).toEqual({ ok: true, data: { currentPasswordWrong: true } });
    }
    const before = await snapshot(me.id);
    expect(await runAs(handle.db, changePassword, me.id, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).toMatchObject({ ok: false, code: "rate_limited" });
    expect(await runAs(handle.db, requestEmailChange, me.id, { email: `guesser-new-${people}@example.test`, currentPassword: PASSWORD })).toMatchObject({ ok: false, code: "rate_limited" });
    expect(await snapshot(me.id)).toEqual(before);
    expect(await signsIn(me.email, NEW_PASSWORD)).toBe(false);
    // Once the wait has passed, the right password works and clears the count.
    await handle.db.update(rateLimits).set({ windowStart: new Date(Date.now() - 60 * 60_000) }).where(like(rateLimits.bucket, `%${me.id}`));
    expect((await runAs(handle.db, changePassword, me.id, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).ok).toBe(true);
    expect(await handle.db.select().from(rateLimits).where(eq(rateLimits.bucket, `current-password:${me.id}`))).toEqual([]);
  });
});

describe("changing the password", () => {
  it("replaces the password, ends every other session, voids reset links and tells the address", async () => {
    const me = await person("changer");
    await runPublic(handle.db, requestPasswordReset, { email: me.email, clientAddress: "10.1.2.3" });
    const version = (await userRow(me.id)).sessionVersion;
    expect(await findSignedInAccount(handle.db, { userId: me.id, sessionVersion: version })).not.toBeNull();

    const result = await runAs(handle.db, changePassword, me.id, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(result).toEqual({ ok: true, data: { renewal: { userId: me.id, from: version, to: version + 1 } } });
    expect(await signsIn(me.email, PASSWORD)).toBe(false);
    expect(await signsIn(me.email, NEW_PASSWORD)).toBe(true);
    // Sessions issued before the change are over; one issued at the new version is live.
    expect(await findSignedInAccount(handle.db, { userId: me.id, sessionVersion: version })).toBeNull();
    expect(await findSignedInAccount(handle.db, { userId: me.id, sessionVersion: version + 1 })).toMatchObject({ id: me.id });
    expect((await handle.db.select().from(passwordResets).where(eq(passwordResets.userId, me.id))).every((link) => link.usedAt !== null)).toBe(true);
    expect((await mailsTo(me.email)).map((m) => m.subject)).toContain("Your password was changed");
    expect((await handle.db.select().from(auditEvents).where(eq(auditEvents.targetId, me.id))).map((e) => e.action)).toContain("user.password_changed");
  });

  it("refuses a weak new password or a wrong current one, changing nothing", async () => {
    const me = await person("careful");
    const cases: Array<[unknown, string, RegExp]> = [
      [{ currentPassword: PASSWORD, newPassword: "short1" }, "newPassword", /at least 10/],
      [{ currentPassword: PASSWORD, newPassword: "onlyletters" }, "newPassword", /mix letters/],
      [{ currentPassword: "", newPassword: NEW_PASSWORD }, "currentPassword", /current password/],
    ];
    for (const [input, field, message] of cases) {
      const before = await snapshot(me.id);
      const result = await runAs(handle.db, changePassword, me.id, input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.fieldErrors?.[field]?.join(" ")).toMatch(message);
      expect(await snapshot(me.id)).toEqual(before);
    }
    const before = await snapshot(me.id);
    expect(await runAs(handle.db, changePassword, me.id, { currentPassword: "wrong-password-9", newPassword: NEW_PASSWORD })).toEqual({ ok: true, data: { currentPasswordWrong: true } });
    expect(await snapshot(me.id)).toEqual(before);
    expect(await signsIn(me.email, PASSWORD)).toBe(true);
    expect((await authenticate(handle.db, { email: me.email, password: NEW_PASSWORD }, { ip: "10.8.8.8" }))).toEqual({ ok: false, code: "unauthenticated", message: SIGN_IN_REFUSED });
  });
});

describe("signing out everywhere", () => {
  it("ends every session issued before, leaves the account otherwise untouched, and hands back the renewal", async () => {
    const me = await person("leaver");
    const before = await userRow(me.id);
    expect(before.sessionVersion).toBe(0);
    // Tokens issued before session versions existed carry none and count as version 0.
    expect(await findSignedInAccount(handle.db, { userId: me.id, sessionVersion: 0 })).toMatchObject({ id: me.id, email: me.email });
    const result = await runAs(handle.db, signOutEverywhere, me.id, {});
    expect(result).toEqual({ ok: true, data: { renewal: { userId: me.id, from: 0, to: 1 } } });
    expect(await findSignedInAccount(handle.db, { userId: me.id, sessionVersion: 0 })).toBeNull();
    expect(await findSignedInAccount(handle.db, { userId: me.id, sessionVersion: 1 })).toMatchObject({ id: me.id });
    expect(await userRow(me.id)).toEqual({ ...before, sessionVersion: 1 });
    expect(await signsIn(me.email)).toBe(true);
    // Another account's sessions are not touched.
    const bystander = await person("bystander");
    expect(await findSignedInAccount(handle.db, { userId: bystander.id, sessionVersion: 0 })).not.toBeNull();
  });
});
