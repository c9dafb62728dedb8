import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, auditEvents, collaboratorInvitations, collaborators, credentials, notifications, outboxEmails, users } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { newId } from "@/lib/ids";
import { resolveAppForUser } from "./access";
import { signUpVerified } from "./test-accounts";
import { acceptCollaboratorInvitation, addCollaborator, changeCollaborator, inviteCollaborator, removeCollaborator } from "@/lib/operations/collaborators";
import { runAs } from "@/lib/operations/testing";
import { listPersonalAccessTokens } from "./credentials";

let handle: DatabaseHandle;
const ids: Record<string, string> = {};
const app = { owner: "owner", app: "vision" };

async function person(name: string) {
  ids[name] = await signUpVerified(handle.db, name);
  return ids[name];
}

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["owner", "lead", "worker", "third", "stranger"]) await person(name);
  await handle.db.insert(apps).values({ id: newId("app"), ownerUserId: ids.owner!, appId: "vision", name: "Vision" });
});
afterAll(async () => {
  await handle?.close();
});

async function snapshot() {
  const db = handle.db;
  const rows = await Promise.all([collaborators, auditEvents, notifications, outboxEmails, collaboratorInvitations, credentials].map(async (table) => (await db.select({ n: count() }).from(table))[0]!.n));
  return rows;
}

const LABELER = ["Annotations:Add", "Annotations:Get", "Inputs:Get", "Concepts:Get"];

describe("collaborators", () => {
  it("lets the owner add a registered user with chosen scopes, with audit, notification, mail and the collaboration's token", async () => {
    const result = await runAs(handle.db, addCollaborator, ids.owner!, { ...app, email: "Worker@Example.test", scopes: LABELER });
    expect(result).toMatchObject({ ok: true, data: { status: "added", userId: ids.worker } });
    const [row] = await handle.db.select().from(collaborators).where(eq(collaborators.userId, ids.worker!));
    expect(row?.scopes.sort()).toEqual([...LABELER].sort());
    expect(row?.endpointScopes).toBeNull();
    const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "collaborator.added"));
    expect(events).toHaveLength(1);
    const tokens = await listPersonalAccessTokens(handle.db, ids.worker!);
    expect(tokens).toEqual([expect.objectContaining({ name: "Collaboration: owner/vision", status: "unrevealed", hint: null, endpointScopes: "all" })]);
    expect(tokens[0]!.scopes.sort()).toEqual([...LABELER].sort());
    const access = await resolveAppForUser(handle.db, ids.worker!, "owner", "vision");
    expect(access?.grants.hasAccess).toBe(true);
  });

  it.each([
    ["unknown scope names", { email: "third@example.test", scopes: ["Inputs:Get", "Inputs:Melt"] }, "scopes"],
    ["an empty scope set", { email: "third@example.test", scopes: [] }, "scopes"],
    ["unknown endpoints", { email: "third@example.test", scopes: ["Inputs:Get"], endpointScopes: ["/clarifai.api.V2/Nope"] }, "endpointScopes"],
    ["an endpoint outside the chosen scopes (PostInputs without Inputs:Add)", { email: "third@example.test", scopes: ["Inputs:Get"], endpointScopes: ["ListInputs", "/clarifai.api.V2/PostInputs"] }, "endpointScopes"],
    ["the owner", { email: "owner@example.test", scopes: ["Inputs:Get"] }, "email"],
    ["an existing collaborator", { email: "worker@example.test", scopes: ["Inputs:Get"] }, "email"],
    ["an unregistered email", { email: "nobody@example.test", scopes: ["Inputs:Get"] }, "email"],
    ["a malformed email", { email: "not-an-email", scopes: ["Inputs:Get"] }, "email"],
  ])("refuses %s with a field message and changes nothing", async (_label, input, field) => {
    const before = await snapshot();
    const result = await runAs(handle.db, addCollaborator, ids.owner!, { ...app, ...input });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors?.[field]?.length).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
  });

  it("offers a sign-up invitation for an unregistered email", async () => {
    const result = await runAs(handle.db, addCollaborator, ids.owner!, { ...app, email: "newcomer@example.test", scopes: ["Inputs:Get"] });
    expect(result).toMatchObject({ ok: false, code: "not_found", details: { canInvite: true } });
  });

  it("lets a collaborator with the Collaborator scope invite only within their own scopes", async () => {
    const leadScopes = ["Collaborators:Add", "Collaborators:Get", "Collaborators:Delete", "Inputs:Get", "Concepts:Get"];
    expect((await runAs(handle.db, addCollaborator, ids.owner!, { ...app, email: "lead@example.test", scopes: leadScopes })).ok).toBe(true);

    const before = await snapshot();
    const beyond = await runAs(handle.db, addCollaborator, ids.lead!, { ...app, email: "third@example.test", scopes: ["Inputs:Get", "Inputs:Delete"] });
    expect(beyond).toMatchObject({ ok: false, code: "forbidden", details: { deniedBy: "grant_lacks_scopes" } });
    if (!beyond.ok) expect((beyond.details as { missing: string[] }).missing).toEqual(expect.arrayContaining(["Inputs:Delete"]));
    expect(await snapshot()).toEqual(before);

    const within = await runAs(handle.db, addCollaborator, ids.lead!, { ...app, email: "third@example.test", scopes: ["Inputs:Get"] });
    expect(within.ok).toBe(true);

    // The worker holds Annotations:*, which the lead does not: the lead may neither change nor remove them.
    const snapshotBefore = await snapshot();
    const change = await runAs(handle.db, changeCollaborator, ids.lead!, { ...app, user: "worker", scopes: ["Inputs:Get"] });
    expect(change).toMatchObject({ ok: false, code: "forbidden", details: { deniedBy: "collaborator_not_covered" } });
    const removal = await runAs(handle.db, removeCollaborator, ids.lead!, { ...app, user: "worker"});
    expect(removal).toMatchObject({ ok: false, code: "forbidden" });
    // The owner is not a collaborator and cannot be managed as one.
    const ownerRemoval = await runAs(handle.db, removeCollaborator, ids.lead!, { ...app, user: "owner"});
    expect(ownerRemoval.ok).toBe(false);
    expect(await snapshot()).toEqual(snapshotBefore);

    // A collaborator they cover (third: Inputs:Get) can be removed by the lead.
    expect((await runAs(handle.db, removeCollaborator, ids.lead!, { ...app, user: "third"})).ok).toBe(true);
  });

  it("refuses collaborator management to a collaborator without the Collaborator scope", async () => {
    const before = await snapshot();
    const result = await runAs(handle.db, addCollaborator, ids.worker!, { ...app, email: "third@example.test", scopes: ["Inputs:Get"] });
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect(await snapshot()).toEqual(before);
  });

  it("changes scopes with before/after in the audit log", async () => {
    const result = await runAs(handle.db, changeCollaborator, ids.owner!, { ...app, user: "worker", scopes: ["Annotations:Get", "Inputs:Get"] });
    expect(result.ok).toBe(true);
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "collaborator.scopes_changed"));
    expect(event?.before).toMatchObject({ scopes: expect.arrayContaining(["Annotations:Add"]) });
    expect(event?.after).toMatchObject({ scopes: ["Annotations:Get", "Inputs:Get"] });
  });

  it("refuses an invitation or a change whose endpoints lie outside its scopes, and accepts a scope no endpoint uses", async () => {
    const before = await snapshot();
    const invite = await runAs(handle.db, inviteCollaborator, ids.owner!, { ...app, email: "elsewhere@example.test", scopes: ["Inputs:Get"], endpointScopes: ["PostModelOutputs"] });
    expect(invite).toMatchObject({ ok: false, fieldErrors: { endpointScopes: [expect.stringContaining("PostModelOutputs needs Predict")] } });
    const change = await runAs(handle.db, changeCollaborator, ids.owner!, { ...app, user: "worker", scopes: ["Inputs:Get", "Annotations:Get"], endpointScopes: ["ListInputs", "PostAnnotations"] });
    expect(change).toMatchObject({ ok: false, fieldErrors: { endpointScopes: [expect.stringContaining("PostAnnotations needs Annotations:Add")] } });
    expect(await snapshot()).toEqual(before);
    // A chosen scope left without an endpoint is a warning in the dialog, not a refusal.
    const unused = await runAs(handle.db, changeCollaborator, ids.owner!, { ...app, user: "worker", scopes: [...LABELER], endpointScopes: ["ListInputs", "ListAnnotations", "PostAnnotations"] });
    expect(unused.ok).toBe(true);
    const [row] = await handle.db.select().from(collaborators).where(eq(collaborators.userId, ids.worker!));
    expect(row?.endpointScopes).toEqual(["/clarifai.api.V2/ListInputs", "/clarifai.api.V2/ListAnnotations", "/clarifai.api.V2/PostAnnotations"]);
  });

  it("removes access on the next request when a collaborator is removed or leaves", async () => {
    expect((await runAs(handle.db, removeCollaborator, ids.owner!, { ...app, user: "worker"})).ok).toBe(true);
    expect(await resolveAppForUser(handle.db, ids.worker!, "owner", "vision")).toBeNull();
    expect((await runAs(handle.db, removeCollaborator, ids.lead!, { ...app, user: "lead"})).ok).toBe(true);
    expect(await resolveAppForUser(handle.db, ids.lead!, "owner", "vision")).toBeNull();
  });

  it("turns a sign-up invitation into a collaboration for the invited address only, once", async () => {
    const sent = await runAs(handle.db, inviteCollaborator, ids.owner!, { ...app, email: "newcomer@example.test", scopes: ["Inputs:Get", "Predict"] });
    expect(sent.ok).toBe(true);
    const [mail] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, "newcomer@example.test"));
    const token = decodeURIComponent(mail!.text.match(/collaborate\/(\S+)/)![1]!);
    const newcomer = await person("newcomer");
    await handle.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, newcomer));
    const wrong = await runAs(handle.db, acceptCollaboratorInvitation, ids.stranger!, { token: token });
    expect(wrong).toMatchObject({ ok: false, code: "forbidden" });
    expect((await runAs(handle.db, acceptCollaboratorInvitation, newcomer, { token: token })).ok).toBe(true);
    expect((await runAs(handle.db, acceptCollaboratorInvitation, newcomer, { token: token })).ok).toBe(false);
    const access = await resolveAppForUser(handle.db, newcomer, "owner", "vision");
    expect(access?.grants.hasAccess).toBe(true);
    // Accepting through the emailed link proved the address.
    const [account] = await handle.db.select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, newcomer));
    expect(account?.verifiedAt).not.toBeNull();
  });

  it("tells the collaborator their endpoint limit by mail, when added and when invited", async () => {
    await person("limited");
    const added = await runAs(handle.db, addCollaborator, ids.owner!, { ...app, email: "limited@example.test", scopes: ["Inputs:Get", "Inputs:Add"], endpointScopes: ["ListInputs", "PostInputs"] });
    expect(added.ok).toBe(true);
    const mail = (await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, "limited@example.test"))).find((sent) => sent.subject.includes("collaborator"));
    expect(mail?.text).toContain("limited to these 2 endpoints: ListInputs, PostInputs.");
    expect(mail?.html).toContain("limited to these 2 endpoints: ListInputs, PostInputs.");
    const invited = await runAs(handle.db, inviteCollaborator, ids.owner!, { ...app, email: "later@example.test", scopes: ["Predict"], endpointScopes: ["PostModelOutputs"] });
    expect(invited.ok).toBe(true);
    const [invitation] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, "later@example.test"));
    expect(invitation?.text).toContain("limited to this endpoint: PostModelOutputs.");
    const open = await runAs(handle.db, inviteCollaborator, ids.owner!, { ...app, email: "open@example.test", scopes: ["Predict"] });
    expect(open.ok).toBe(true);
    const [unlimited] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, "open@example.test"));
    expect(unlimited?.text).toContain("every API endpoint these scopes allow");
  });
});
