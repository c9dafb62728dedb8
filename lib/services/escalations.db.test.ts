// The escalations found when the console was attacked from outside (findings 1–4 and 8): each
// test here failed before its fix. Runs on PGlite and on PostgreSQL.

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, auditEvents, collaboratorInvitations, collaborators, credentials, invitations, memberships, notifications, outboxEmails, users } from "@/db/schema";
import { seedOrganization } from "@/db/seeds/teams-apps";
import { openTestDatabase } from "@/db/testing";
import { callAsEndpoint } from "@/lib/api/testing";
import { dispatch } from "@/lib/api/dispatch";
import type { EndpointName } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { listAppAccess, resolveAppForUser } from "./access";
import { findAccount } from "./accounts";
import { createAppKey } from "@/lib/operations/app-keys";
import { acceptCollaboratorInvitation, addCollaborator, changeCollaborator, explainAccess, inviteCollaborator, removeCollaborator } from "@/lib/operations/collaborators";
import { runAs, runPublic } from "@/lib/operations/testing";
import { openApiCall } from "./api-calls";
import { listPersonalAccessTokens } from "./credentials";
import { createPersonalAccessToken, revealPersonalAccessToken } from "@/lib/operations/credentials";
import { acceptInvitation, inviteMembers } from "@/lib/operations/invitations";
import { listMyInvitations } from "./invitations";
import { signUpVerified } from "./test-accounts";
import { verifyEmail } from "@/lib/operations/accounts";

let handle: DatabaseHandle;
const ids: Record<string, string> = {};
const app = { owner: "owner", app: "vision" };
let appRef = "";

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["owner", "limited", "lead", "third", "viewer", "bystander", "keeper"]) ids[name] = await signUpVerified(handle.db, name);
  appRef = newId("app");
  await handle.db.insert(apps).values({ id: appRef, ownerUserId: ids.owner!, appId: "vision", name: "Vision" });
});
afterAll(async () => {
  await handle?.close();
});

function keyRequest(secret: string, path: string): Request {
  return new Request(`http://localhost/v2/${path}`, { headers: { authorization: `Key ${secret}` } });
}

async function call(secret: string, endpoint: `/clarifai.api.V2/${string}`): Promise<{ allowed: boolean; deniedBy?: string }> {
  const result = await callAsEndpoint(handle.db, secret, app, endpoint as EndpointName);
  if (result.status === 200) return { allowed: true };
  return { allowed: false, deniedBy: JSON.stringify(await result.json()) };
}

async function patFor(userId: string): Promise<string> {
  const created = await runAs(handle.db, createPersonalAccessToken, userId, { name: `all-${newId("key").slice(-6)}`, scopes: ["Inputs:Get", "Predict", "Models:Get", "Collaborators:Add", "Collaborators:Get", "Keys:Add", "Keys:Get"] });
  if (!created.ok) throw new Error(created.message);
  return created.data.secret;
}

/** The raw token of the newest mail to `email` whose text links to `path`. */
async function linkToken(email: string, path: "invitations" | "collaborate"): Promise<string> {
  const mails = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, email));
  const match = mails
    .map((mail) => mail.text.match(new RegExp(`/${path}/([A-Za-z0-9_%-]+)`)))
    .filter(Boolean)
    .at(-1);
  if (!match) throw new Error(`no ${path} link mailed to ${email}`);
  return decodeURIComponent(match[1]!);
}

describe("finding 1: a collaborator's endpoint restriction is decided", () => {
  it("counts only on the listed endpoints, for the API, MyScopes' source, who has access and the explainer", async () => {
    const added = await runAs(handle.db, addCollaborator, ids.owner!, { ...app, email: "limited@example.test", scopes: ["Inputs:Get", "Predict", "Models:Get"], endpointScopes: ["/clarifai.api.V2/ListInputs", "/clarifai.api.V2/MyScopes"] });
    expect(added).toMatchObject({ ok: true, data: { status: "added" } });
    const secret = await patFor(ids.limited!);
    expect(await call(secret, "/clarifai.api.V2/ListInputs")).toEqual({ allowed: true });
    const predict = await call(secret, "/clarifai.api.V2/PostModelOutputs");
    expect(predict.allowed).toBe(false);
    expect(predict.deniedBy).toContain("endpoint_not_in_grant");

    // MyScopes, as the API answers it, lists the endpoint the grant allows and not the others.
    const mine = await dispatch(keyRequest(secret, `users/${app.owner}/apps/${app.app}/myscopes`), ["users", app.owner, "apps", app.app, "myscopes"], { db: handle.db });
    expect(mine.status).toBe(200);
    const listed = ((await mine.json()) as { endpoints: string[] }).endpoints;
    expect(listed).toContain("/clarifai.api.V2/ListInputs");
    expect(listed).not.toContain("/clarifai.api.V2/PostModelOutputs");

    const [row] = await handle.db.select().from(apps).where(eq(apps.id, appRef));
    const entry = (await listAppAccess(handle.db, row!, new Date())).find((e) => e.userId === ids.limited);
    expect(entry?.layers).toEqual([expect.objectContaining({ layer: "collaborator", endpoints: ["/clarifai.api.V2/ListInputs", "/clarifai.api.V2/MyScopes"] })]);

    const explained = await runAs(handle.db, explainAccess, ids.owner!, { ...app, email: "limited@example.test", endpoint: "/clarifai.api.V2/PostModelOutputs" });
    expect(explained).toMatchObject({ ok: true, data: { decisions: [{ credential: { kind: "session" }, decision: { allowed: false, deniedBy: "endpoint_not_in_grant" } }] } });
  });

  it("a collaborator restricted to some endpoints cannot grant others more, as collaborator or as app key", async () => {
    await runAs(handle.db, addCollaborator, ids.owner!, { ...app, email: "lead@example.test", scopes: ["Collaborators:Add", "Collaborators:Get", "Inputs:Get", "Keys:Add", "Keys:Get"], endpointScopes: ["ListInputs", "GetInput", "PostCollaborators", "PostKeys"] });
    const everywhere = await runAs(handle.db, addCollaborator, ids.lead!, { ...app, email: "third@example.test", scopes: ["Inputs:Get"] });
    expect(everywhere).toMatchObject({ ok: false, code: "forbidden", details: { deniedBy: "endpoint_not_in_grant" } });
    const key = await runAs(handle.db, createAppKey, ids.lead!, { ...app, name: "wide", scopes: ["Inputs:Get"] });
    expect(key).toMatchObject({ ok: false, code: "forbidden", details: { deniedBy: "endpoint_not_in_grant" } });
    expect(await handle.db.select().from(collaborators).where(eq(collaborators.userId, ids.third!))).toEqual([]);

    const within = await runAs(handle.db, addCollaborator, ids.lead!, { ...app, email: "third@example.test", scopes: ["Inputs:Get"], endpointScopes: ["ListInputs"] });
    expect(within).toMatchObject({ ok: true });
    const widen = await runAs(handle.db, changeCollaborator, ids.lead!, { ...app, user: "third", scopes: ["Inputs:Get"], endpointScopes: ["ListInputs", "GetInputCount"] });
    expect(widen).toMatchObject({ ok: false, details: { deniedBy: "endpoint_not_in_grant" } });
  });
});

describe("finding 8: the collaboration token", () => {
  it("is listed from the start with the collaboration's grant, minted once on reveal, synced and revoked with it", async () => {
    const listed = (await listPersonalAccessTokens(handle.db, ids.third!)).filter((t) => t.collaboration);
    expect(listed).toEqual([
      expect.objectContaining({ name: "Collaboration: owner/vision", status: "unrevealed", hint: null, scopes: ["Inputs:Get"], endpointScopes: ["/clarifai.api.V2/ListInputs"] }),
    ]);
    const revealed = await runAs(handle.db, revealPersonalAccessToken, ids.third!, { id: listed[0]!.id });
    if (!revealed.ok) throw new Error(revealed.message);
    expect(await runAs(handle.db, revealPersonalAccessToken, ids.third!, { id: listed[0]!.id })).toMatchObject({ ok: false });
    // Someone else cannot reveal it.
    expect((await openApiCall(handle.db, revealed.data.secret)).ok).toBe(true);
    expect(await call(revealed.data.secret, "/clarifai.api.V2/ListInputs")).toEqual({ allowed: true });
    expect((await call(revealed.data.secret, "/clarifai.api.V2/GetInput")).allowed).toBe(false);

    expect((await runAs(handle.db, changeCollaborator, ids.owner!, { ...app, user: "third", scopes: ["Inputs:Get", "Predict", "Models:Get"], endpointScopes: "all" })).ok).toBe(true);
    const [synced] = await handle.db.select().from(credentials).where(eq(credentials.id, listed[0]!.id));
    expect(synced).toMatchObject({ scopes: ["Inputs:Get", "Models:Get", "Predict"], endpointScopes: null, revokedAt: null });
    expect(await call(revealed.data.secret, "/clarifai.api.V2/GetInput")).toEqual({ allowed: true });
    // Scopes the collaboration never had are not in the token, whatever the person reaches elsewhere.
    expect((await call(revealed.data.secret, "/clarifai.api.V2/PostInputs")).allowed).toBe(false);

    expect((await runAs(handle.db, removeCollaborator, ids.owner!, { ...app, user: "third" })).ok).toBe(true);
    const [revoked] = await handle.db.select().from(credentials).where(eq(credentials.id, listed[0]!.id));
    expect(revoked?.revokedAt).not.toBeNull();
    expect((await openApiCall(handle.db, revealed.data.secret)).ok).toBe(false);
  });

  it("cannot be revealed by anyone but its owner", async () => {
    const [token] = (await listPersonalAccessTokens(handle.db, ids.limited!)).filter((t) => t.status === "unrevealed");
    expect(token).toBeDefined();
    expect(await runAs(handle.db, revealPersonalAccessToken, ids.owner!, { id: token!.id })).toMatchObject({ ok: false, code: "not_found" });
  });
});

describe("finding 2: authority is checked when an invitation takes effect", () => {
  it("a demoted Admin's invitation to Admin is void on acceptance, and says why", async () => {
    const admin = await signUpVerified(handle.db, "demoted");
    const keeper = ids.keeper!;
    const orgId = await seedOrganization(handle.db, "void-org", [
      { userId: admin, role: "Admin" },
      { userId: keeper, role: "Admin" },
    ]);
    const invitee = await signUpVerified(handle.db, "hopeful");
    expect((await runAs(handle.db, inviteMembers, admin, { org: "void-org", emails: "hopeful@example.test", role: "Admin" })).ok).toBe(true);
    const token = await linkToken("hopeful@example.test", "invitations");
    await handle.db.update(memberships).set({ role: "Organization User" }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, admin)));

    const accepted = await runAs(handle.db, acceptInvitation, invitee, { token });
    // The void state is an outcome that is kept, with its reason; a second try is refused.
    expect(accepted).toMatchObject({ ok: true, data: { voided: expect.stringContaining("may no longer give the Admin role") } });
    expect(await runAs(handle.db, acceptInvitation, invitee, { token })).toMatchObject({ ok: false, code: "conflict", details: { status: "void" } });
    expect(await handle.db.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, invitee)))).toEqual([]);
    const [row] = await handle.db.select().from(invitations).where(eq(invitations.orgId, orgId));
    expect(row).toMatchObject({ status: "void", voidReason: expect.stringContaining("Admin") });
    expect(await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, "invitation.voided"), eq(auditEvents.targetId, row!.id)))).toHaveLength(1);
  });

  it("a removed member's invitation is void; a still-Admin's invitation works", async () => {
    const admin = await signUpVerified(handle.db, "leaver");
    const orgId = await seedOrganization(handle.db, "leave-org", [
      { userId: admin, role: "Admin" },
      { userId: ids.keeper!, role: "Admin" },
    ]);
    const first = await signUpVerified(handle.db, "first-invitee");
    const second = await signUpVerified(handle.db, "second-invitee");
    await runAs(handle.db, inviteMembers, admin, { org: "leave-org", emails: "first-invitee@example.test", role: "Organization User" });
    await runAs(handle.db, inviteMembers, ids.keeper!, { org: "leave-org", emails: "second-invitee@example.test", role: "Admin" });
    await handle.db.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, admin)));
    const voided = await runAs(handle.db, acceptInvitation, first, { token: await linkToken("first-invitee@example.test", "invitations") });
    expect(voided).toMatchObject({ ok: true, data: { voided: expect.stringContaining("no longer a member") } });
    const fine = await runAs(handle.db, acceptInvitation, second, { token: await linkToken("second-invitee@example.test", "invitations") });
    expect(fine).toMatchObject({ ok: true, data: { status: "accepted", role: "Admin" } });
  });

  it("a collaborator invitation grants nothing once its sender no longer holds the scopes", async () => {
    const sender = await signUpVerified(handle.db, "sender");
    await runAs(handle.db, addCollaborator, ids.owner!, { ...app, email: "sender@example.test", scopes: ["Collaborators:Add", "Inputs:Get", "Predict"] });
    expect((await runAs(handle.db, inviteCollaborator, sender, { ...app, email: "late@example.test", scopes: ["Inputs:Get", "Predict"] })).ok).toBe(true);
    const token = await linkToken("late@example.test", "collaborate");
    expect((await runAs(handle.db, changeCollaborator, ids.owner!, { ...app, user: "sender", scopes: ["Collaborators:Add", "Inputs:Get"] })).ok).toBe(true);
    const late = await signUpVerified(handle.db, "late");
    const accepted = await runAs(handle.db, acceptCollaboratorInvitation, late, { token: token });
    // The void state is kept (the outcome commits), and says why.
    expect(accepted).toMatchObject({ ok: true, data: { voided: expect.stringContaining("Predict") } });
    expect(await resolveAppForUser(handle.db, late, "owner", "vision")).toBeNull();
    expect(await runAs(handle.db, acceptCollaboratorInvitation, late, { token })).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("void") });
    const [invitation] = await handle.db.select().from(collaboratorInvitations).where(eq(collaboratorInvitations.email, "late@example.test"));
    expect(invitation).toMatchObject({ status: "void", voidReason: expect.stringContaining("Predict") });
  });
});

describe("finding 3: grants addressed by email reach only verified addresses", () => {
  it("an unverified account gets an invitation, not a collaboration; the link proves the address", async () => {
    const squatter = await signUpVerified(handle.db, "newhire", { verified: false });
    const added = await runAs(handle.db, addCollaborator, ids.owner!, { ...app, email: "newhire@example.test", scopes: ["Inputs:Get"] });
    expect(added).toMatchObject({ ok: true, data: { status: "invited" } });
    expect(await handle.db.select().from(collaborators).where(eq(collaborators.userId, squatter))).toEqual([]);
    expect(await resolveAppForUser(handle.db, squatter, "owner", "vision")).toBeNull();
    expect(await handle.db.select().from(credentials).where(eq(credentials.userId, squatter))).toEqual([]);
    expect(await handle.db.select().from(notifications).where(eq(notifications.userId, squatter))).toEqual([]);

    // Only whoever reads the mail can accept.
    const token = await linkToken("newhire@example.test", "collaborate");
    expect((await runAs(handle.db, acceptCollaboratorInvitation, squatter, { token: token })).ok).toBe(true);
    const [account] = await handle.db.select().from(users).where(eq(users.id, squatter));
    expect(account?.emailVerifiedAt).not.toBeNull();
    expect(await resolveAppForUser(handle.db, squatter, "owner", "vision")).not.toBeNull();
  });

  it("org invitations are neither notified nor listed to an unverified account until it verifies", async () => {
    const unverified = await signUpVerified(handle.db, "pending-person", { verified: false });
    const orgId = await seedOrganization(handle.db, "notice-org", [{ userId: ids.keeper!, role: "Admin" }]);
    await runAs(handle.db, inviteMembers, ids.keeper!, { org: "notice-org", emails: "pending-person@example.test", role: "Organization User" });
    expect(await handle.db.select().from(notifications).where(eq(notifications.userId, unverified))).toEqual([]);
    expect(await listMyInvitations(handle.db, (await findAccount(handle.db, unverified))!)).toEqual([]);
    // The console path (no link) refuses an unverified account.
    const [row] = await handle.db.select().from(invitations).where(eq(invitations.orgId, orgId));
    expect(await runAs(handle.db, acceptInvitation, unverified, { invitationId: row!.id })).toMatchObject({ ok: false, code: "forbidden" });

    const verification = await linkTokenFromVerification("pending-person@example.test");
    expect((await runPublic(handle.db, verifyEmail, { token: verification })).ok).toBe(true);
    const notes = await handle.db.select().from(notifications).where(eq(notifications.userId, unverified));
    expect(notes).toEqual([expect.objectContaining({ kind: "invitation", title: expect.stringContaining("notice-org") })]);
    expect(await listMyInvitations(handle.db, (await findAccount(handle.db, unverified))!)).toHaveLength(1);
  });
});

async function linkTokenFromVerification(email: string): Promise<string> {
  const mails = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, email));
  const match = mails.map((mail) => mail.text.match(/verify-email\/?\??(?:token=)?([A-Za-z0-9_-]{16,})/)).filter(Boolean).at(-1);
  if (!match) throw new Error(`no verification link mailed to ${email}`);
  return match[1]!;
}

describe("finding 4: the explainer is not a directory", () => {
  it("answers alike for an unrelated account and an unknown address, and hides tokens from non-Admins", async () => {
    await runAs(handle.db, addCollaborator, ids.owner!, { ...app, email: "viewer@example.test", scopes: ["Collaborators:Get", "Inputs:Get"] });
    const ask = (email: string) => runAs(handle.db, explainAccess, ids.viewer!, { ...app, email, endpoint: "/clarifai.api.V2/ListInputs" });
    const unrelated = await ask("bystander@example.test");
    const unknown = await ask("nobody-at-all@example.test");
    expect(unrelated.ok).toBe(false);
    expect(unrelated).toEqual(unknown);

    // Someone on the list: explained, without their tokens' names, hints or scopes.
    const listed = await ask("limited@example.test");
    expect(listed).toMatchObject({ ok: true, data: { credentialsHidden: expect.any(String) } });
    if (listed.ok) expect(listed.data.decisions.map((d) => d.credential.kind)).toEqual(["session"]);

    // A viewer who may not see collaborators learns nothing about anyone else, listed or not.
    const asLimited = (email: string) => runAs(handle.db, explainAccess, ids.limited!, { ...app, email, endpoint: "/clarifai.api.V2/ListInputs" });
    const a = await asLimited("viewer@example.test");
    const b = await asLimited("nobody-at-all@example.test");
    expect(a.ok).toBe(false);
    expect(a).toEqual(b);
    // Oneself: with one's own tokens.
    const self = await asLimited("limited@example.test");
    expect(self.ok && self.data.decisions.length).toBeGreaterThan(1);
  });

  it("a pending invitation is explained from the invitation alone", async () => {
    await runAs(handle.db, inviteCollaborator, ids.owner!, { ...app, email: "invited-only@example.test", scopes: ["Inputs:Get"] });
    const result = await runAs(handle.db, explainAccess, ids.viewer!, { ...app, email: "invited-only@example.test", endpoint: "/clarifai.api.V2/ListInputs" });
    expect(result).toMatchObject({ ok: true, data: { invited: true, hasAccess: false, user: { name: "invited-only@example.test" } } });
  });
});
