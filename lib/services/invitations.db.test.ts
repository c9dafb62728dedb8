import { and, asc, count, eq } from "drizzle-orm";
import { userIdByEmail } from "@/lib/services/test-accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, invitations, memberships, notifications, outboxEmails, users } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { sha256Hex } from "@/lib/secrets";
import { findAccount, type AccountSummary } from "./accounts";
import {
  MAX_INVITATIONS_PER_REQUEST,
  describeInvitationToken,
  listMyInvitations,
  splitEmailList,
} from "./invitations";
import { acceptInvitation, declineInvitation, inviteMembers, listPendingInvitations, rescindInvitation, resendInvitation } from "@/lib/operations/invitations";
import { createOrganization } from "@/lib/operations/my-account";
import { runAs, runPublic } from "@/lib/operations/testing";
import { signUp } from "@/lib/operations/accounts";

let handle: DatabaseHandle;
const ids: Record<string, string> = {};
let orgId: string;

async function person(name: string, verified = true): Promise<string> {
  const result = await runPublic(handle.db, signUp, { handle: name, name: name[0]!.toUpperCase() + name.slice(1), email: `${name}@example.test`, password: "long-enough-1" });
  if (!result.ok) throw new Error(`setup failed for ${name}`);
  if (verified) await handle.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, (await userIdByEmail(handle.db, result.data.email))));
  return (await userIdByEmail(handle.db, result.data.email));
}

async function account(name: string): Promise<AccountSummary> {
  const found = await findAccount(handle.db, ids[name]!);
  if (!found) throw new Error(`no account ${name}`);
  return found;
}

async function snapshot() {
  const db = handle.db;
  const rows = await db.select().from(invitations).orderBy(asc(invitations.id));
  const members = await db.select().from(memberships).orderBy(asc(memberships.orgId), asc(memberships.userId));
  const [a] = await db.select({ n: count() }).from(auditEvents);
  const [n] = await db.select({ n: count() }).from(notifications);
  const [o] = await db.select({ n: count() }).from(outboxEmails);
  return { invitations: rows, members, audit: a!.n, notifications: n!.n, outbox: o!.n };
}

/** The raw token from the newest mail to `email` (the database only has its hash). */
async function tokenFromMail(email: string): Promise<string> {
  const mails = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, email));
  const mail = mails.filter((m) => m.subject.includes("invited you")).at(-1);
  const match = mail?.text.match(/\/invitations\/([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no invitation mail to ${email}`);
  return match[1]!;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["ada", "reg", "usr", "unv", "eve"]) ids[name] = await person(name, name !== "unv");
  const org = await runAs(handle.db, createOrganization, ids.ada!, { handle: "acme", name: "Acme" });
  if (!org.ok) throw new Error("org setup failed");
  orgId = org.data.id;
  await handle.db.insert(memberships).values({ orgId, userId: ids.usr!, role: "Organization User" });
});
afterAll(async () => {
  await handle?.close();
});

describe("the email list", () => {
  it("splits on commas, semicolons and white space", () => {
    expect(splitEmailList(" a@x.test, b@x.test;c@x.test\nd@x.test  ")).toEqual(["a@x.test", "b@x.test", "c@x.test", "d@x.test"]);
    expect(splitEmailList(["a@x.test", "b@x.test,c@x.test"])).toEqual(["a@x.test", "b@x.test", "c@x.test"]);
    expect(splitEmailList(42)).toBeNull();
  });
});

describe("inviting", () => {
  it("invites a registered and an unregistered address in one request: hashed token, mail, notification, audit", async () => {
    const result = await runAs(handle.db, inviteMembers, ids.ada!, { org: "acme", emails: "Reg@Example.test, new-person@example.test", role: "Team Contributor" }, "10.0.0.9");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.invited.map((i) => [i.email, i.registered])).toEqual([["reg@example.test", true], ["new-person@example.test", false]]);
    const rows = await handle.db.select().from(invitations).where(eq(invitations.orgId, orgId));
    expect(rows).toHaveLength(2);
    const token = await tokenFromMail("reg@example.test");
    const reg = rows.find((r) => r.email === "reg@example.test")!;
    expect(reg.tokenHash).toBe(sha256Hex(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(reg.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    const newMail = (await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, "new-person@example.test")))[0]!;
    expect(newMail.text).toMatch(/\/sign-up\?email=new-person%40example.test&callbackUrl=%2Finvitations%2F/);
    const notes = await handle.db.select().from(notifications).where(eq(notifications.userId, ids.reg!));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: "invitation", data: { invitationId: reg.id } });
    const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "invitation.created"));
    expect(events.map((e) => (e.after as { email: string }).email).sort()).toEqual(["new-person@example.test", "reg@example.test"]);
  });

  it("answers bad input per email and creates nothing", async () => {
    const tooMany = Array.from({ length: MAX_INVITATIONS_PER_REQUEST + 1 }, (_, i) => `p${i}@example.test`).join(",");
    const cases: Array<[unknown, string, RegExp]> = [
      [{ org: "acme", emails: "good@example.test, not-an-email, @nope", role: "Admin" }, "emails", /not-an-email: Enter a valid email address[\s\S]*@nope: Enter a valid email address/],
      [{ org: "acme", emails: " , ", role: "Admin" }, "emails", /Enter at least one email address/],
      [{ org: "acme", emails: tooMany, role: "Admin" }, "emails", /You entered 51 addresses; invite at most 50 at once/],
      [{ org: "acme", emails: "fine@example.test", role: "Owner" }, "role", /Choose one of the roles/],
      [{ org: "acme", emails: "USR@example.test, ada@example.test", role: "Admin" }, "emails", /usr@example.test: already a member[\s\S]*ada@example.test: already a member/],
      [{ org: "acme", emails: 17, role: "Admin" }, "emails", /Enter at least one email address/],
    ];
    for (const [input, field, message] of cases) {
      const before = await snapshot();
      const result = await runAs(handle.db, inviteMembers, ids.ada!, input);
      expect(result.ok, JSON.stringify(input).slice(0, 80)).toBe(false);
      if (result.ok) continue;
      expect(result.code).toBe("invalid_input");
      expect((result.fieldErrors?.[field] ?? []).join("\n")).toMatch(message);
      expect(await snapshot()).toEqual(before);
    }
  });

  it("re-inviting with another role asks first: without replacePending nothing changes and the pending role is named", async () => {
    const before = await snapshot();
    const refused = await runAs(handle.db, inviteMembers, ids.ada!, { org: "acme", emails: "reg@example.test, third-party@example.test", role: "Organization Contributor" });
    expect(refused).toMatchObject({
      ok: false,
      code: "conflict",
      message: expect.stringContaining("reg@example.test already has a pending invitation as Team Contributor; replace it with Organization Contributor?"),
      details: { role: "Organization Contributor", pendingInvitations: [{ email: "reg@example.test", role: "Team Contributor" }] },
    });
    expect(await snapshot()).toEqual(before);
    // Only a live invitation with another role is asked about: the same role is simply sent again.
    const sameRole = await runAs(handle.db, inviteMembers, ids.ada!, { org: "acme", emails: "reg@example.test", role: "Team Contributor", replacePending: "false" });
    expect(sameRole).toMatchObject({ ok: true, data: { invited: [{ email: "reg@example.test", role: "Team Contributor", replacedPending: true }] } });
  });

  it("re-inviting replaces the pending invitation once confirmed: the old link stops working", async () => {
    const oldToken = await tokenFromMail("reg@example.test");
    const result = await runAs(handle.db, inviteMembers, ids.ada!, { org: "acme", emails: "reg@example.test", role: "Organization Contributor", replacePending: true });
    expect(result).toMatchObject({ ok: true, data: { invited: [{ email: "reg@example.test", replacedPending: true }] } });
    const pending = await handle.db.select().from(invitations).where(and(eq(invitations.email, "reg@example.test"), eq(invitations.status, "pending")));
    expect(pending.map((p) => p.role)).toEqual(["Organization Contributor"]);
    expect(await describeInvitationToken(handle.db, oldToken, { id: "usr_someone_else", email: "reg@example.test" })).toMatchObject({ state: "rescinded" });
    const notes = await handle.db.select().from(notifications).where(eq(notifications.userId, ids.reg!));
    expect(notes.map((n) => (n.data as { invitationId: string }).invitationId)).toEqual([pending[0]!.id]);
  });

  it("lists pending invitations for Admins with inviter and dates", async () => {
    const list = await runAs(handle.db, listPendingInvitations, ids.ada!, { org: "acme" });
    expect(list.ok && list.data.map((i) => [i.email, i.role, i.invitedBy, i.expired]).sort()).toEqual([
      ["new-person@example.test", "Team Contributor", "Ada", false],
      ["reg@example.test", "Organization Contributor", "Ada", false],
    ]);
  });
});

describe("non-Admins", () => {
  it("are refused for every Admin operation and nothing changes", async () => {
    const [pending] = await handle.db.select().from(invitations).where(and(eq(invitations.orgId, orgId), eq(invitations.status, "pending")));
    for (const actor of ["usr", "eve"]) {
      const calls = [
        () => runAs(handle.db, inviteMembers, ids[actor]!, { org: "acme", emails: "x@example.test", role: "Organization User" }),
        () => runAs(handle.db, rescindInvitation, ids[actor]!, { org: "acme", invitationId: pending!.id }),
        () => runAs(handle.db, resendInvitation, ids[actor]!, { org: "acme", invitationId: pending!.id }),
        () => runAs(handle.db, listPendingInvitations, ids[actor]!, { org: "acme" }),
      ];
      for (const call of calls) {
        const before = await snapshot();
        const result = await call();
        expect(result).toMatchObject({ ok: false, code: actor === "eve" ? "not_found" : "forbidden" });
        expect(await snapshot()).toEqual(before);
      }
    }
  });
});

describe("answering", () => {
  it("accepts from the console only with a verified email that matches", async () => {
    const [pending] = await handle.db.select().from(invitations).where(and(eq(invitations.email, "reg@example.test"), eq(invitations.status, "pending")));
    const before = await snapshot();
    // Someone else's invitation id looks unknown.
    expect(await runAs(handle.db, acceptInvitation, (await account("eve")).id, { invitationId: pending!.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await snapshot()).toEqual(before);

    const result = await runAs(handle.db, acceptInvitation, (await account("reg")).id, { invitationId: pending!.id }, "10.3.3.3");
    expect(result).toMatchObject({ ok: true, data: { status: "accepted", role: "Organization Contributor", orgHandle: "acme", alreadyMember: false } });
    const [membership] = await handle.db.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, ids.reg!)));
    expect(membership?.role).toBe("Organization Contributor");
    const actions = (await handle.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, ids.reg!))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["invitation.accepted", "member.added"]));
    const [note] = await handle.db.select().from(notifications).where(eq(notifications.userId, ids.reg!));
    expect(note).toMatchObject({ data: { invitationId: pending!.id, status: "accepted" } });
    expect(note!.readAt).not.toBeNull();
  });

  it("refuses an unverified account in the console but accepts through the emailed link", async () => {
    const invited = await runAs(handle.db, inviteMembers, ids.ada!, { org: "acme", emails: "unv@example.test", role: "Organization User" });
    if (!invited.ok) throw new Error("setup");
    const before = await snapshot();
    expect(await runAs(handle.db, acceptInvitation, (await account("unv")).id, { invitationId: invited.data.invited[0]!.invitationId })).toMatchObject({
      ok: false,
      code: "forbidden",
      message: expect.stringContaining("Verify your email address"),
    });
    expect(await snapshot()).toEqual(before);
    const token = await tokenFromMail("unv@example.test");
    expect(await runAs(handle.db, acceptInvitation, (await account("unv")).id, { token })).toMatchObject({ ok: true, data: { status: "accepted" } });
  });

  it("refuses rescinded, expired, used and wrong-account links, changing nothing", async () => {
    // wrong account
    await runAs(handle.db, inviteMembers, ids.ada!, { org: "acme", emails: "someone@example.test", role: "Organization User" });
    const wrong = await tokenFromMail("someone@example.test");
    let before = await snapshot();
    expect(await describeInvitationToken(handle.db, wrong, { id: "usr_someone_else", email: "eve@example.test" })).toMatchObject({ state: "pending", forViewer: false });
    expect(await runAs(handle.db, acceptInvitation, (await account("eve")).id, { token: wrong })).toMatchObject({ ok: false, code: "forbidden", message: expect.stringContaining("sent to someone@example.test") });
    expect(await snapshot()).toEqual(before);

    // rescinded
    const [toRescind] = await handle.db.select().from(invitations).where(and(eq(invitations.email, "someone@example.test"), eq(invitations.status, "pending")));
    expect(await runAs(handle.db, rescindInvitation, ids.ada!, { org: "acme", invitationId: toRescind!.id })).toMatchObject({ ok: true });
    before = await snapshot();
    expect(await runAs(handle.db, acceptInvitation, (await account("eve")).id, { token: wrong })).toMatchObject({ ok: false });
    expect(await describeInvitationToken(handle.db, wrong, { id: "usr_someone_else", email: "someone@example.test" })).toMatchObject({ state: "rescinded" });
    expect(await runAs(handle.db, rescindInvitation, ids.ada!, { org: "acme", invitationId: toRescind!.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await snapshot()).toEqual(before);

    // expired
    await runAs(handle.db, inviteMembers, ids.ada!, { org: "acme", emails: "eve@example.test", role: "Organization User" });
    const expiredToken = await tokenFromMail("eve@example.test");
    await handle.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.tokenHash, sha256Hex(expiredToken)));
    before = await snapshot();
    expect(await describeInvitationToken(handle.db, expiredToken, { id: "usr_someone_else", email: "eve@example.test" })).toMatchObject({ state: "expired", forViewer: true });
    expect(await listMyInvitations(handle.db, { email: "eve@example.test", emailVerified: true })).toEqual([]);
    expect(await runAs(handle.db, acceptInvitation, (await account("eve")).id, { token: expiredToken })).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("expired") });
    expect(await snapshot()).toEqual(before);

    // already used (by unv above) and unknown
    const used = await tokenFromMail("unv@example.test");
    before = await snapshot();
    expect(await runAs(handle.db, acceptInvitation, (await account("unv")).id, { token: used })).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("already used") });
    expect(await runAs(handle.db, acceptInvitation, (await account("unv")).id, { token: "x".repeat(43) })).toMatchObject({ ok: false, code: "not_found" });
    expect(await describeInvitationToken(handle.db, used, await account("unv"))).toMatchObject({ state: "accepted", answeredByViewer: true });
    expect(await describeInvitationToken(handle.db, used, { id: ids.eve!, email: "unv@example.test" })).toMatchObject({ state: "accepted", answeredByViewer: false });
    expect(await describeInvitationToken(handle.db, "garbage", { id: "usr_someone_else", email: "unv@example.test" })).toEqual({ state: "invalid" });
    expect(await snapshot()).toEqual(before);
  });

  it("resends with a new link and expiry; declining leaves no membership", async () => {
    const invited = await runAs(handle.db, inviteMembers, ids.ada!, { org: "acme", emails: "eve@example.test", role: "Infrastructure Manager" });
    if (!invited.ok) throw new Error("setup");
    const first = await tokenFromMail("eve@example.test");
    const resent = await runAs(handle.db, resendInvitation, ids.ada!, { org: "acme", invitationId: invited.data.invited[0]!.invitationId });
    expect(resent.ok).toBe(true);
    const second = await tokenFromMail("eve@example.test");
    expect(second).not.toBe(first);
    expect(await describeInvitationToken(handle.db, first, { id: "usr_someone_else", email: "eve@example.test" })).toEqual({ state: "invalid" });
    const mine = await listMyInvitations(handle.db, { email: "eve@example.test", emailVerified: true });
    expect(mine.map((i) => [i.orgHandle, i.role])).toEqual([["acme", "Infrastructure Manager"]]);
    expect(await runAs(handle.db, declineInvitation, (await account("eve")).id, { token: second })).toMatchObject({ ok: true, data: { status: "declined" } });
    const eveMemberships = await handle.db.select().from(memberships).where(eq(memberships.userId, ids.eve!));
    expect(eveMemberships).toEqual([]);
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "invitation.declined"));
    expect(event).toMatchObject({ actorUserId: ids.eve, before: { status: "pending" }, after: { status: "declined" } });
  });

  it("accepting when already a member keeps the existing role", async () => {
    const other = await runAs(handle.db, createOrganization, ids.ada!, { handle: "initech", name: "Initech" });
    if (!other.ok) throw new Error("setup");
    const invited = await runAs(handle.db, inviteMembers, ids.ada!, { org: "initech", emails: "usr@example.test", role: "Admin" });
    if (!invited.ok) throw new Error("setup");
    await handle.db.insert(memberships).values({ orgId: other.data.id, userId: ids.usr!, role: "Organization User" });
    const result = await runAs(handle.db, acceptInvitation, (await account("usr")).id, { invitationId: invited.data.invited[0]!.invitationId });
    expect(result).toMatchObject({ ok: true, data: { alreadyMember: true } });
    const [membership] = await handle.db.select().from(memberships).where(and(eq(memberships.orgId, other.data.id), eq(memberships.userId, ids.usr!)));
    expect(membership?.role).toBe("Organization User");
  });

  it("honours INVITATION_TTL_DAYS", async () => {
    const previous = process.env.INVITATION_TTL_DAYS;
    process.env.INVITATION_TTL_DAYS = "2";
    try {
      const result = await runAs(handle.db, inviteMembers, ids.ada!, { org: "acme", emails: "ttl@example.test", role: "Organization User" });
      if (!result.ok) throw new Error("invite failed");
      const days = (Date.parse(result.data.invited[0]!.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(1.99);
      expect(days).toBeLessThan(2.01);
    } finally {
      if (previous === undefined) delete process.env.INVITATION_TTL_DAYS;
      else process.env.INVITATION_TTL_DAYS = previous;
    }
  });

  it("stores no raw token anywhere in the database", async () => {
    const token = await tokenFromMail("ttl@example.test");
    const rows = await handle.db.select().from(invitations);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(token);
    const [stored] = await handle.db.select().from(invitations).where(eq(invitations.tokenHash, sha256Hex(token)));
    expect(stored?.email).toBe("ttl@example.test");
  });
});
