import { and, count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, auditEvents, collaboratorInvitations, collaborators, outboxEmails } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { newId } from "@/lib/ids";
import { sha256Hex } from "@/lib/secrets";
import { resolveAppForUser } from "@/lib/services/access";
import { describeCollaboratorInvitation, listCollaboratorsForViewer } from "@/lib/services/collaborators";
import { signUpVerified } from "@/lib/services/test-accounts";
import { acceptCollaboratorInvitation, addCollaborator, inviteCollaborator, rescindCollaboratorInvitation, resendCollaboratorInvitation } from "./collaborators";
import { runAs } from "./testing";

// Pending collaborator invitations: listed for those who manage collaborators, re-sent with a new
// one-time link (the old one stops working, only hashes are stored), rescinded so the link is dead,
// and both refused to whoever could not grant or cover what the invitation offers.

let handle: DatabaseHandle;
const ids: Record<string, string> = {};
const app = { owner: "host", app: "atlas" };

async function linkTokens(email: string): Promise<string[]> {
  const mails = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, email)).orderBy(desc(outboxEmails.createdAt));
  return mails.flatMap((mail) => [...mail.text.matchAll(/\/collaborate\/([A-Za-z0-9_-]+)/g)].map((match) => match[1]!));
}

async function pendingOf(email: string) {
  const [row] = await handle.db
    .select()
    .from(collaboratorInvitations)
    .where(and(eq(collaboratorInvitations.email, email), eq(collaboratorInvitations.status, "pending")));
  return row ?? null;
}

async function snapshot() {
  const db = handle.db;
  return {
    invitations: await db.select().from(collaboratorInvitations).orderBy(collaboratorInvitations.id),
    collaborators: (await db.select({ n: count() }).from(collaborators))[0]!.n,
    audit: (await db.select({ n: count() }).from(auditEvents))[0]!.n,
    mail: (await db.select({ n: count() }).from(outboxEmails))[0]!.n,
  };
}

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["host", "helper", "narrow", "outsider"]) ids[name] = await signUpVerified(handle.db, name);
  await handle.db.insert(apps).values({ id: newId("app"), ownerUserId: ids.host!, appId: "atlas", name: "Atlas" });
  // A collaborator who may manage collaborators, with Inputs only; another without Collaborator scopes.
  await runAs(handle.db, addCollaborator, ids.host!, { ...app, email: "helper@example.test", scopes: ["Collaborators:Add", "Collaborators:Get", "Collaborators:Delete", "Inputs:Get"] });
  await runAs(handle.db, addCollaborator, ids.host!, { ...app, email: "narrow@example.test", scopes: ["Inputs:Get"] });
});

afterAll(async () => {
  await handle?.close();
});

describe("pending collaborator invitations", () => {
  it("are listed for those who may add collaborators, with what each viewer may do", async () => {
    expect((await runAs(handle.db, inviteCollaborator, ids.host!, { ...app, email: "wide@example.test", scopes: ["Inputs:Get", "Models:Get"] })).ok).toBe(true);
    expect((await runAs(handle.db, inviteCollaborator, ids.helper!, { ...app, email: "small@example.test", scopes: ["Inputs:Get"] })).ok).toBe(true);
    const host = await listCollaboratorsForViewer(handle.db, (await resolveAppForUser(handle.db, ids.host!, "host", "atlas"))!);
    expect(host.invitations.map((i) => [i.email, i.mayResend, i.mayRescind]).sort()).toEqual([
      ["small@example.test", true, true],
      ["wide@example.test", true, true],
    ]);
    // The helper covers only the invitation within their own scopes.
    const helper = await listCollaboratorsForViewer(handle.db, (await resolveAppForUser(handle.db, ids.helper!, "host", "atlas"))!);
    expect(helper.invitations.map((i) => [i.email, i.mayResend, i.mayRescind]).sort()).toEqual([
      ["small@example.test", true, true],
      ["wide@example.test", false, false],
    ]);
    // Without the Collaborator scopes, nothing pending is shown at all.
    const narrow = await listCollaboratorsForViewer(handle.db, (await resolveAppForUser(handle.db, ids.narrow!, "host", "atlas"))!);
    expect(narrow.invitations).toEqual([]);
  });

  it("re-sending mails a new link and the old one stops working; no link is stored in plaintext", async () => {
    const invitation = (await pendingOf("wide@example.test"))!;
    const [oldToken] = await linkTokens("wide@example.test");
    expect(await describeCollaboratorInvitation(handle.db, oldToken!)).toMatchObject({ status: "pending" });
    const resent = await runAs(handle.db, resendCollaboratorInvitation, ids.host!, { ...app, invitationId: invitation.id });
    expect(resent).toMatchObject({ ok: true, data: { email: "wide@example.test" } });
    const [newToken] = await linkTokens("wide@example.test");
    expect(newToken).not.toBe(oldToken);
    expect(await describeCollaboratorInvitation(handle.db, oldToken!)).toBeNull();
    expect(await describeCollaboratorInvitation(handle.db, newToken!)).toMatchObject({ status: "pending", email: "wide@example.test" });
    const stored = await handle.db.select().from(collaboratorInvitations);
    expect(JSON.stringify(stored)).not.toContain(newToken!);
    expect((await pendingOf("wide@example.test"))!.tokenHash).toBe(sha256Hex(newToken!));
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "collaborator_invitation.resent"));
    expect(event).toMatchObject({ actorUserId: ids.host, targetId: invitation.id });
  });

  it("refuses to re-send or rescind an invitation the actor cannot grant or cover, changing nothing", async () => {
    const wide = (await pendingOf("wide@example.test"))!;
    const before = await snapshot();
    for (const actor of ["helper", "narrow"]) {
      const input = { ...app, invitationId: wide.id };
      expect(await runAs(handle.db, resendCollaboratorInvitation, ids[actor]!, input), `resend by ${actor}`).toMatchObject({ ok: false, code: "forbidden" });
      expect(await runAs(handle.db, rescindCollaboratorInvitation, ids[actor]!, input), `rescind by ${actor}`).toMatchObject({ ok: false, code: "forbidden" });
    }
    // Someone who does not reach the app is told it does not exist.
    expect(await runAs(handle.db, rescindCollaboratorInvitation, ids.outsider!, { ...app, invitationId: wide.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await snapshot()).toEqual(before);
  });

  it("rescinding ends the link at once: accepting it is refused and nobody is added", async () => {
    const small = (await pendingOf("small@example.test"))!;
    const [token] = await linkTokens("small@example.test");
    expect(await runAs(handle.db, rescindCollaboratorInvitation, ids.helper!, { ...app, invitationId: small.id })).toMatchObject({ ok: true, data: { email: "small@example.test" } });
    expect(await describeCollaboratorInvitation(handle.db, token!)).toMatchObject({ status: "rescinded" });
    const small2 = await signUpVerified(handle.db, "small");
    expect(await runAs(handle.db, acceptCollaboratorInvitation, small2, { token })).toMatchObject({ ok: false, code: "conflict" });
    expect(await handle.db.select().from(collaborators).where(eq(collaborators.userId, small2))).toEqual([]);
    // Once rescinded, it can neither be rescinded nor re-sent again.
    expect(await runAs(handle.db, rescindCollaboratorInvitation, ids.host!, { ...app, invitationId: small.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await runAs(handle.db, resendCollaboratorInvitation, ids.host!, { ...app, invitationId: small.id })).toMatchObject({ ok: false, code: "not_found" });
    const host = await listCollaboratorsForViewer(handle.db, (await resolveAppForUser(handle.db, ids.host!, "host", "atlas"))!);
    expect(host.invitations.map((i) => i.email)).toEqual(["wide@example.test"]);
  });
});
