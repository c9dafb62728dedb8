import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, auditEvents, collaboratorInvitations, collaborators, credentials, memberships } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { OPERATION_SCOPES } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { createAppKey } from "@/lib/operations/app-keys";
import { addCollaborator } from "@/lib/operations/collaborators";
import { createPersonalAccessToken } from "@/lib/operations/credentials";
import { createOrganization } from "@/lib/operations/my-account";
import { runAs } from "@/lib/operations/testing";
import { signUpVerified } from "@/lib/services/test-accounts";
import { dispatch } from "../dispatch";

// The access resources over /v2 — keys, apps, collaborators, scopes, collaborations — decided by
// the same rules as the console: each method's answer, and each refusal that keeps a token or key
// from reaching beyond what it carries and its owner holds.

type Envelope = { status: { code: number; details: string; denied_by?: string | null; missing_scopes?: string[] }; [field: string]: unknown };

let handle: DatabaseHandle;
const ids: Record<string, string> = {};
let visionRef = "";
const tokens: Record<string, string> = {};

async function call(method: string, path: string, key: string, body?: unknown) {
  const url = new URL(`http://console.test/v2/${path}`);
  const request = new Request(url, {
    method,
    headers: { authorization: `Key ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const response = await dispatch(request, url.pathname.split("/").slice(2).filter(Boolean), { db: handle.db });
  return { status: response.status, json: (await response.json()) as Envelope };
}

async function pat(userId: string, scopes: readonly string[], endpointScopes?: string[]): Promise<string> {
  const made = await runAs(handle.db, createPersonalAccessToken, userId, { name: `pat-${newId("key").slice(-6)}`, scopes, ...(endpointScopes ? { endpointScopes } : {}) });
  if (!made.ok) throw new Error(made.message);
  return made.data.secret;
}

function expectRefused(answer: { status: number; json: Envelope }, deniedBy: string) {
  expect(answer.status, answer.json.status.details).toBe(403);
  expect(answer.json.status).toMatchObject({ code: 11007, denied_by: deniedBy });
}

async function collaboratorOf(userId: string) {
  return handle.db.select().from(collaborators).where(and(eq(collaborators.appId, visionRef), eq(collaborators.userId, userId)));
}

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["owner", "collab", "someone", "viewer"]) ids[name] = await signUpVerified(handle.db, name);
  ids.pending = await signUpVerified(handle.db, "pending", { verified: false });
  visionRef = newId("app");
  await handle.db.insert(apps).values({ id: visionRef, ownerUserId: ids.owner!, appId: "vision", name: "Vision" });
  const org = await runAs(handle.db, createOrganization, ids.owner!, { handle: "acme", name: "Acme" });
  if (!org.ok) throw new Error(org.message);
  await handle.db.insert(memberships).values({ orgId: org.data.id, userId: ids.viewer!, role: "Organization User" });
  const granted = await runAs(handle.db, addCollaborator, ids.owner!, {
    owner: "owner",
    app: "vision",
    email: "collab@example.test",
    scopes: ["Apps:Get", "Collaborators:Add", "Collaborators:Get", "Inputs:Get", "Keys:Add", "Keys:Get"],
  });
  if (!granted.ok) throw new Error(granted.message);
  tokens.full = await pat(ids.owner!, OPERATION_SCOPES);
  tokens.noKeys = await pat(ids.owner!, ["Inputs:Get"]);
  tokens.keysAdd = await pat(ids.owner!, ["Keys:Add", "Keys:Get", "Inputs:Get"]);
  tokens.collab = await pat(ids.collab!, OPERATION_SCOPES);
  tokens.someone = await pat(ids.someone!, OPERATION_SCOPES);
  tokens.viewer = await pat(ids.viewer!, OPERATION_SCOPES);
  const key = await runAs(handle.db, createAppKey, ids.owner!, { owner: "owner", app: "vision", name: "vision key", scopes: ["Inputs:Get", "Keys:Get", "Apps:Get"] });
  if (!key.ok) throw new Error(key.message);
  tokens.appKey = key.data.secret;
});
afterAll(async () => {
  await handle?.close();
});

describe("account-level methods", () => {
  it("refuse app-specific keys (403 / 11007, credential_kind), on every one of them", async () => {
    for (const [method, path] of [
      ["GET", "users/me/keys"],
      ["GET", "users/owner/myscopes"],
      ["GET", "users/me/scopes"],
      ["GET", "scopes"],
      ["GET", "users/me/collaborations"],
      ["GET", "users/me/apps"],
      ["GET", "apps"],
    ] as const) {
      const answer = await call(method, path, tokens.appKey!);
      expectRefused(answer, "credential_kind");
    }
    const posted = await call("POST", "users/me/keys", tokens.appKey!, { keys: [{ description: "x", scopes: ["Inputs:Get"] }] });
    expectRefused(posted, "credential_kind");
    expect(posted.json.keys).toEqual([]);
  });

  it("answer 404 for someone else's user ID in the path", async () => {
    for (const path of ["users/someone/keys", "users/someone/myscopes", "users/someone/collaborations", "users/someone/apps"]) {
      const { status, json } = await call("GET", path, tokens.full!);
      expect(status, path).toBe(404);
      expect(json.status.code).toBe(11101);
    }
  });
});

describe("keys", () => {
  it("refuse PostKeys to a token without Keys:Add", async () => {
    const answer = await call("POST", "users/me/keys", tokens.noKeys!, { keys: [{ description: "more", scopes: ["Inputs:Get"] }] });
    expectRefused(answer, "credential_lacks_scopes");
    expect(answer.json.status.missing_scopes).toEqual(["Keys:Add"]);
  });

  it("never give a new key a scope the creating token lacks, and write nothing then", async () => {
    for (const apps of [undefined, [{ id: "vision", user_id: "me" }]]) {
      const answer = await call("POST", "users/me/keys", tokens.keysAdd!, { keys: [{ description: "escalated", scopes: ["Inputs:Get", "Models:Train"], ...(apps ? { apps } : {}) }] });
      expectRefused(answer, "credential_lacks_scopes");
      expect(answer.json.status.missing_scopes).toEqual(["Models:Train"]);
    }
    expect(await handle.db.select().from(credentials).where(eq(credentials.name, "escalated"))).toEqual([]);
  });

  it("never give an app key a scope its creator lacks on the app (a collaborator's grant)", async () => {
    const answer = await call("POST", "users/me/keys", tokens.collab!, { keys: [{ description: "trainer", scopes: ["Models:Train"], apps: [{ id: "vision", user_id: "owner" }] }] });
    expect(answer.status).toBe(403);
    expect(answer.json.status.missing_scopes).toEqual(["Models:Train"]);
    const allowed = await call("POST", "users/me/keys", tokens.collab!, { keys: [{ description: "reader", scopes: ["Inputs:Get"], apps: [{ id: "vision", user_id: "owner" }] }] });
    expect(allowed.status, allowed.json.status.details).toBe(200);
  });

  it("creates a personal access token and an app key, each answered with the new secret as its id", async () => {
    const expiry = new Date(Date.now() + 365 * 24 * 3_600_000).toISOString();
    const { status, json } = await call("POST", "users/me/keys", tokens.keysAdd!, {
      keys: [
        { description: "reader", scopes: ["Inputs:Get"], expires_at: expiry },
        { description: "app reader", scopes: ["Inputs:Get"], apps: [{ id: "vision", user_id: "me" }], endpoints: ["/clarifai.api.V2/ListInputs"] },
      ],
    });
    expect(status, json.status.details).toBe(200);
    const [token, key] = json.keys as Array<Record<string, unknown>>;
    expect(token).toMatchObject({ type: "personal_access_token", description: "reader", scopes: ["Inputs:Get"], apps: [], expires_at: expiry });
    expect(token!.id).toMatch(/^acpat_/);
    expect(key).toMatchObject({ type: "app_specific_key", description: "app reader", scopes: ["Inputs:Get"], endpoints: ["/clarifai.api.V2/ListInputs"], apps: [{ id: "vision", user_id: "owner" }] });
    expect(key!.id).toMatch(/^ackey_/);
    expect((await call("GET", "users/me/myscopes", token!.id as string)).json.scopes).toEqual(["Inputs:Get"]);
    expect((await call("GET", "myscopes", key!.id as string)).status).toBe(200);
  });

  it("refuses a field PostKeys does not take, by name", async () => {
    const { status, json } = await call("POST", "users/me/keys", tokens.full!, { keys: [{ description: "x", scopes: ["Inputs:Get"], authorized_idp_ids: ["a"] }] });
    expect(status).toBe(400);
    expect(json.status.details).toMatch(/keys\[0\]\.authorized_idp_ids is not supported/);
    const expired = await call("POST", "users/me/keys", tokens.full!, { keys: [{ description: "x", scopes: ["Inputs:Get"], expires_at: "2000-01-01T00:00:00Z" }] });
    expect(expired.json.status.details).toMatch(/^keys\[0\]\.expires_at: The expiry must be in the future/);
  });

  it("never lets a key outlive the token that makes it: a missing or later expiry is refused, and nothing is written", async () => {
    const inAnHour = new Date(Date.now() + 3_600_000);
    const made = await runAs(handle.db, createPersonalAccessToken, ids.owner!, { name: "one hour", scopes: ["Keys:Add", "Inputs:Get"], expiresAt: inAnHour.toISOString() });
    if (!made.ok) throw new Error(made.message);
    const keysOfOwner = async () => (await handle.db.select({ id: credentials.id }).from(credentials).where(eq(credentials.userId, ids.owner!))).map((row) => row.id).sort();
    const before = await keysOfOwner();
    for (const expiry of [{}, { expires_at: new Date(inAnHour.getTime() + 365 * 86_400_000).toISOString() }]) {
      for (const apps of [undefined, [{ id: "vision", user_id: "owner" }]]) {
        const answer = await call("POST", "users/me/keys", made.data.secret, { keys: [{ description: "forever", scopes: ["Inputs:Get"], ...expiry, ...(apps ? { apps } : {}) }] });
        expectRefused(answer, "key_outlives_credential");
        expect(answer.json.status.details).toContain(inAnHour.toISOString().slice(0, 16));
      }
    }
    expect(await keysOfOwner()).toEqual(before);
    const within = new Date(inAnHour.getTime() - 60_000).toISOString();
    const allowed = await call("POST", "users/me/keys", made.data.secret, { keys: [{ description: "shorter", scopes: ["Inputs:Get"], expires_at: within }] });
    expect(allowed.status, allowed.json.status.details).toBe(200);
    expect((allowed.json.keys as Array<{ expires_at: string }>)[0]!.expires_at).toBe(within);
  });

  it("lists, gets (by ID or by the key itself), renames and deletes the caller's keys", async () => {
    const made = await call("POST", "users/me/keys", tokens.full!, { keys: [{ description: "short-lived", scopes: ["Inputs:Get"] }] });
    const secret = (made.json.keys as Array<{ id: string }>)[0]!.id;
    const listed = await call("GET", "users/me/keys?per_page=100", tokens.full!);
    expect(listed.status).toBe(200);
    const keys = listed.json.keys as Array<{ id: string; description: string; type: string }>;
    expect(keys.some((key) => key.id === secret)).toBe(false);
    const entry = keys.find((key) => key.description === "short-lived")!;
    expect(entry.id).toMatch(/^key_/);
    expect(keys.some((key) => key.type === "app_specific_key" && key.description === "vision key")).toBe(true);

    for (const name of [entry.id, secret]) {
      const got = await call("GET", `users/me/keys/${name}`, tokens.full!);
      expect(got.json.key).toMatchObject({ id: entry.id, description: "short-lived" });
    }
    const renamed = await call("PATCH", "users/me/keys", tokens.full!, { keys: [{ id: entry.id, description: "renamed" }], action: "overwrite" });
    expect(renamed.json.keys).toMatchObject([{ id: entry.id, description: "renamed" }]);
    const widened = await call("PATCH", "users/me/keys", tokens.full!, { keys: [{ id: entry.id, scopes: ["Models:Train"] }], action: "overwrite" });
    expect(widened.status).toBe(400);
    expect(widened.json.status.details).toMatch(/scopes is not supported.*fixed when it is created/);

    expect((await call("DELETE", `users/me/keys/${secret}`, tokens.full!)).status).toBe(200);
    expect((await call("GET", "users/me/myscopes", secret)).status).toBe(401);
    expect((await call("GET", `users/me/keys/${entry.id}`, tokens.full!)).status).toBe(404);
  });

  it("does not find another user's key", async () => {
    const theirs = (await handle.db.select().from(credentials).where(eq(credentials.userId, ids.someone!)))[0]!;
    expect((await call("GET", `users/me/keys/${theirs.id}`, tokens.full!)).status).toBe(404);
    expect((await call("DELETE", `users/me/keys/${theirs.id}`, tokens.full!)).status).toBe(404);
    expect((await call("DELETE", `users/me/keys/${tokens.someone}`, tokens.full!)).status).toBe(404);
  });

  it("revokes an app key only with Keys:Delete on its app", async () => {
    const made = await call("POST", "users/me/keys", tokens.collab!, { keys: [{ description: "to revoke", scopes: ["Inputs:Get"], apps: [{ id: "vision", user_id: "owner" }] }] });
    const secret = (made.json.keys as Array<{ id: string }>)[0]!.id;
    const refused = await call("DELETE", `users/me/keys/${secret}`, tokens.collab!);
    expect(refused.status).toBe(403);
    expect(refused.json.status.missing_scopes).toEqual(["Keys:Delete"]);
    expect((await call("GET", "myscopes", secret)).status).toBe(200);
  });

  it("lists an app's live keys (ListAppKeys), all at once", async () => {
    const { status, json } = await call("GET", "users/owner/apps/vision/keys", tokens.full!);
    expect(status).toBe(200);
    const keys = json.keys as Array<{ id: string; type: string; description: string }>;
    expect(keys.every((key) => key.type === "app_specific_key" && key.id.startsWith("key_"))).toBe(true);
    expect(keys.map((key) => key.description)).toContain("vision key");
    expect((await call("GET", "users/owner/apps/vision/keys?page=2", tokens.full!)).status).toBe(400);
    expectRefused(await call("GET", "users/owner/apps/vision/keys", tokens.noKeys!), "credential_lacks_scopes");
  });
});

describe("scopes and collaborations", () => {
  it("tells a token its own scopes and the account methods it may call (MyScopesUser)", async () => {
    const { status, json } = await call("GET", "users/me/myscopes", tokens.keysAdd!);
    expect(status).toBe(200);
    expect([...(json.scopes as string[])].sort()).toEqual(["Inputs:Get", "Keys:Add", "Keys:Get"]);
    expect(json.endpoints).toEqual(expect.arrayContaining(["/clarifai.api.V2/ListKeys", "/clarifai.api.V2/PostKeys", "/clarifai.api.V2/ListScopes"]));
    expect(json.endpoints).not.toContain("/clarifai.api.V2/PostApps");
  });

  it("answers the scope catalog for each key type (ListScopes, also at the legacy path)", async () => {
    const forAppKeys = await call("GET", "users/me/scopes", tokens.noKeys!);
    expect(forAppKeys.status).toBe(200);
    expect(forAppKeys.json.scope_deps).toContainEqual({ scope: "Inputs:Delete", depending_scopes: ["Inputs:Add"] });
    const appEndpoints = (forAppKeys.json.endpoint_deps as Array<{ endpoint: string; depending_scopes: string[] }>).map((entry) => entry.endpoint);
    expect(appEndpoints).toContain("/clarifai.api.V2/ListInputs");
    expect(appEndpoints).not.toContain("/clarifai.api.V2/PostKeys");
    const forTokens = await call("GET", "scopes?key_type=personal_access_token", tokens.noKeys!);
    expect(forTokens.json.endpoint_deps).toContainEqual({ endpoint: "/clarifai.api.V2/PostKeys", depending_scopes: ["Keys:Add"] });
    expect((await call("GET", "scopes?key_type=other", tokens.noKeys!)).status).toBe(400);
  });

  it("lists the apps the caller collaborates on (ListCollaborations)", async () => {
    const { status, json } = await call("GET", "users/me/collaborations", tokens.collab!);
    expect(status).toBe(200);
    expect(json.collaborations).toMatchObject([{ app: { id: "vision", user_id: "owner", name: "Vision", visibility: { gettable: 10 } }, app_owner: { id: "owner" }, scopes: expect.arrayContaining(["Collaborators:Add"]) }]);
    expect((await call("GET", "users/me/collaborations", tokens.full!)).json.collaborations).toEqual([]);
  });
});

describe("apps", () => {
  it("lists the apps the caller reaches, at both paths (ListApps)", async () => {
    for (const path of ["users/me/apps", "apps"]) {
      const { status, json } = await call("GET", path, tokens.collab!);
      expect(status, path).toBe(200);
      expect(json.apps).toMatchObject([{ id: "vision", user_id: "owner" }]);
    }
    expect((await call("GET", "apps?per_page=101", tokens.collab!)).status).toBe(400);
  });

  it("creates a personal app, and an organization's app only where the caller may create apps (PostApps)", async () => {
    const mine = await call("POST", "users/me/apps", tokens.full!, { apps: [{ id: "sandbox", name: "Sandbox" }] });
    expect(mine.status, mine.json.status.details).toBe(200);
    expect(mine.json.apps).toMatchObject([{ id: "sandbox", name: "Sandbox", user_id: "owner", visibility: { gettable: 10 } }]);
    const again = await call("POST", "users/me/apps", tokens.full!, { apps: [{ id: "sandbox" }] });
    expect(again.status).toBe(409);
    expect(again.json.status.code).toBe(40010);

    const orgs = await call("POST", "users/me/apps", tokens.full!, { apps: [{ id: "shared", user_id: "acme" }] });
    expect(orgs.json.apps).toMatchObject([{ id: "shared", name: "shared", user_id: "acme" }]);
    expectRefused(await call("POST", "users/me/apps", tokens.viewer!, { apps: [{ id: "sneaky", user_id: "acme" }] }), "capability_not_granted");
    expect((await call("POST", "users/me/apps", tokens.someone!, { apps: [{ id: "sneaky", user_id: "acme" }] })).status).toBe(404);
    expect((await call("POST", "users/me/apps", tokens.someone!, { apps: [{ id: "sneaky", user_id: "owner" }] })).status).toBe(404);
    expect(await handle.db.select().from(apps).where(eq(apps.appId, "sneaky"))).toEqual([]);
  });

  it("gets the app, at its path and with an app key at /v2/app (GetApp)", async () => {
    expect((await call("GET", "users/owner/apps/vision", tokens.collab!)).json.app).toMatchObject({ id: "vision", user_id: "owner", name: "Vision" });
    expect((await call("GET", "app", tokens.appKey!)).json.app).toMatchObject({ id: "vision" });
  });

  it("changes the app's settings under the console's rules (PatchApp)", async () => {
    const { status, json } = await call("PATCH", "users/owner/apps/vision", tokens.full!, { app: { name: "Vision 2", notes: "ours", visibility: { gettable: 50 } }, action: "overwrite" });
    expect(status, json.status.details).toBe(200);
    expect(json.app).toMatchObject({ id: "vision", name: "Vision 2", notes: "ours", description: "", visibility: { gettable: 50 } });
    const events = await handle.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.appId, visionRef));
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(["app.renamed", "app.details_updated", "app.visibility_changed"]));
    expectRefused(await call("PATCH", "users/owner/apps/vision", tokens.collab!, { app: { name: "Mine now" }, action: "overwrite" }), "capability_not_granted");
    expect((await call("PATCH", "users/owner/apps/vision", tokens.full!, { app: { id: "renamed", name: "X" }, action: "overwrite" })).status).toBe(400);
  });

  it("refuses DeleteApp to a token without Apps:Delete", async () => {
    await call("POST", "users/me/apps", tokens.full!, { apps: [{ id: "doomed" }] });
    expectRefused(await call("DELETE", "users/owner/apps/doomed", tokens.noKeys!), "credential_lacks_scopes");
    expect((await call("GET", "users/owner/apps/doomed", tokens.full!)).status).toBe(200);
  });

  // The API meters an allowed call after it ran, in a row referring to its app: a deleted app's
  // row cannot be written, so the call fails once the app is gone. Expected to pass once metering
  // tolerates the app it counted having been deleted.
  it("deletes an app (DeleteApp)", async () => {
    expect((await call("DELETE", "users/owner/apps/doomed", tokens.full!)).status).toBe(200);
    expect((await call("GET", "users/owner/apps/doomed", tokens.full!)).status).toBe(404);
  });
});

describe("collaborators", () => {
  it("lists the app's collaborators (ListCollaborators)", async () => {
    const { status, json } = await call("GET", "users/owner/apps/vision/collaborators", tokens.collab!);
    expect(status).toBe(200);
    expect(json.app_owner).toEqual({ id: "owner" });
    expect(json.collaborators).toMatchObject([{ id: "collab", user: { id: "collab", email: "collab@example.test" }, app: { id: "vision", user_id: "owner" } }]);
  });

  it("never lets a collaborator give scopes they lack on the app, and writes nothing then", async () => {
    const answer = await call("POST", "users/owner/apps/vision/collaborators", tokens.collab!, { collaborators: [{ user: { email: "someone@example.test" }, scopes: ["Inputs:Get", "Models:Train"] }] });
    expectRefused(answer, "grant_lacks_scopes");
    expect(answer.json.status.missing_scopes).toEqual(["Models:Train"]);
    expect(await collaboratorOf(ids.someone!)).toEqual([]);
  });

  it("never lets a token give scopes or endpoints it does not carry, and writes nothing then", async () => {
    const narrow = await pat(ids.owner!, ["Collaborators:Add", "Collaborators:Get", "Inputs:Get"]);
    const scopes = await call("POST", "users/owner/apps/vision/collaborators", narrow, { collaborators: [{ user: { email: "someone@example.test" }, scopes: ["Predict"] }] });
    expectRefused(scopes, "credential_lacks_scopes");
    expect(scopes.json.status.missing_scopes).toEqual(["Predict"]);

    const fewEndpoints = await pat(ids.owner!, OPERATION_SCOPES, ["/clarifai.api.V2/PostCollaborators", "/clarifai.api.V2/ListInputs"]);
    const endpoints = await call("POST", "users/owner/apps/vision/collaborators", fewEndpoints, { collaborators: [{ user: { email: "someone@example.test" }, scopes: ["Inputs:Get", "Predict"] }] });
    expectRefused(endpoints, "endpoint_not_in_grant");
    const within = await call("POST", "users/owner/apps/vision/collaborators", fewEndpoints, {
      collaborators: [{ user: { email: "someone@example.test" }, scopes: ["Inputs:Get", "Predict"], endpoints: ["/clarifai.api.V2/ListInputs"] }],
    });
    expect(within.status, within.json.status.details).toBe(200);
    expect(within.json.collaborators).toMatchObject([{ id: "someone", scopes: ["Inputs:Get", "Predict"], endpoints: ["/clarifai.api.V2/ListInputs"] }]);
    expect(await collaboratorOf(ids.someone!)).toHaveLength(1);
  });

  it("refuses a collaborator whose endpoints need scopes the request does not grant (PostCollaborators, PatchCollaborators)", async () => {
    const before = [await collaboratorOf(ids.someone!), await collaboratorOf(ids.collab!)];
    const added = await call("POST", "users/owner/apps/vision/collaborators", tokens.full!, {
      collaborators: [{ user: { email: "someone@example.test" }, scopes: ["Inputs:Get"], endpoints: ["/clarifai.api.V2/ListInputs", "/clarifai.api.V2/PostInputs"] }],
    });
    expect(added.status).toBe(400);
    expect(added.json.status.details).toMatch(/PostInputs needs Inputs:Add/);
    const changed = await call("PATCH", "users/owner/apps/vision/collaborators", tokens.full!, {
      collaborators: [{ id: "collab", scopes: ["Inputs:Get"], endpoints: ["/clarifai.api.V2/PostModelOutputs"] }],
      action: "overwrite",
    });
    expect(changed.status).toBe(400);
    expect(changed.json.status.details).toMatch(/PostModelOutputs needs Predict/);
    expect([await collaboratorOf(ids.someone!), await collaboratorOf(ids.collab!)]).toEqual(before);
  });

  it("changes and removes a collaborator within the caller's scopes (PatchCollaborators, DeleteCollaborators)", async () => {
    expectRefused(await call("PATCH", "users/owner/apps/vision/collaborators", tokens.collab!, { collaborators: [{ id: "someone", scopes: ["Inputs:Get"] }], action: "overwrite" }), "collaborator_not_covered");
    const changed = await call("PATCH", "users/owner/apps/vision/collaborators", tokens.full!, { collaborators: [{ user: { id: "someone" }, scopes: ["Inputs:Get"] }], action: "overwrite" });
    expect(changed.status, changed.json.status.details).toBe(200);
    expect(changed.json.collaborators).toMatchObject([{ scopes: ["Inputs:Get"] }]);
    expect((await collaboratorOf(ids.someone!))[0]).toMatchObject({ scopes: ["Inputs:Get"], endpointScopes: null });
    expect((await call("DELETE", "users/owner/apps/vision/collaborators", tokens.full!, { collaborator_ids: ["someone"] })).status).toBe(200);
    expect(await collaboratorOf(ids.someone!)).toEqual([]);
  });

  it("invites an account whose address is not verified instead of adding it", async () => {
    const { status, json } = await call("POST", "users/owner/apps/vision/collaborators", tokens.full!, { collaborators: [{ user: { email: "pending@example.test" }, scopes: ["Inputs:Get"] }] });
    expect(status).toBe(200);
    expect(json.collaborators).toEqual([]);
    expect(json.invitations).toMatchObject([{ email: "pending@example.test" }]);
    expect(await collaboratorOf(ids.pending!)).toEqual([]);
    expect(await handle.db.select().from(collaboratorInvitations).where(eq(collaboratorInvitations.email, "pending@example.test"))).toHaveLength(1);
  });

  it("refuses requests the console's descriptors cannot carry out as sent", async () => {
    const two = await call("POST", "users/owner/apps/vision/collaborators", tokens.full!, {
      collaborators: [
        { user: { email: "someone@example.test" }, scopes: ["Inputs:Get"] },
        { user: { email: "viewer@example.test" }, scopes: ["Inputs:Get"] },
      ],
    });
    expect(two.status).toBe(400);
    expect(two.json.status.details).toMatch(/exactly one collaborator/);
    const unknown = await call("POST", "users/owner/apps/vision/collaborators", tokens.full!, { collaborators: [{ user: { email: "someone@example.test" }, scopes: ["Inputs:Get"] }], no_such_field: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.json.status.details).toMatch(/no_such_field/);
    const both = await call("DELETE", "users/owner/apps/vision/collaborators", tokens.full!, { collaborator_ids: ["collab"], user_emails: ["collab@example.test"] });
    expect(both.status).toBe(400);
    expect(both.json.status.details).toMatch(/exactly one collaborator/);
    expect(await collaboratorOf(ids.collab!)).toHaveLength(1);
    expect(await collaboratorOf(ids.someone!)).toEqual([]);
  });
});

// Clarifai's clients send a whole message: the collaborator as Clarifai's User ({id, primary_email}),
// every field they do not use at its proto default, the app repeated in user_app_id.
describe("collaborators in Clarifai's shape", () => {
  const USER_DEFAULTS = { first_name: "", last_name: "", company_name: "", bill_type: "", star_count: 0, is_starred: false, email_addresses: [], two_factor_auth_enabled: false, teams_count: 0 };
  const clarifaiCollaborator = (user: Record<string, unknown>, scopes: string[], endpoints: string[] = []) => ({
    id: "",
    user: { id: "", primary_email: "", ...USER_DEFAULTS, ...user },
    scopes,
    endpoints,
  });
  const userAppId = { user_id: "owner", app_id: "vision" };

  it("adds by user.primary_email (PostCollaborators), changes by id (PatchCollaborators, overwrite) and removes by user_emails and by collaborator_ids (DeleteCollaborators)", async () => {
    const added = await call("POST", "users/owner/apps/vision/collaborators", tokens.full!, { user_app_id: userAppId, collaborators: [clarifaiCollaborator({ primary_email: "someone@example.test" }, ["Inputs:Get", "Predict"])] });
    expect(added.status, added.json.status.details).toBe(200);
    expect(added.json.collaborators).toMatchObject([{ id: "someone", user: { id: "someone", primary_email: "someone@example.test" }, scopes: ["Inputs:Get", "Predict"] }]);
    expect(await collaboratorOf(ids.someone!)).toHaveLength(1);

    const changed = await call("PATCH", "users/owner/apps/vision/collaborators", tokens.full!, { user_app_id: userAppId, collaborators: [{ ...clarifaiCollaborator({}, ["Inputs:Get"], ["/clarifai.api.V2/ListInputs"]), id: "someone" }], action: "overwrite" });
    expect(changed.status, changed.json.status.details).toBe(200);
    expect((await collaboratorOf(ids.someone!))[0]).toMatchObject({ scopes: ["Inputs:Get"], endpointScopes: ["/clarifai.api.V2/ListInputs"] });

    const byEmail = await call("PATCH", "users/owner/apps/vision/collaborators", tokens.full!, { collaborators: [clarifaiCollaborator({ primary_email: "someone@example.test" }, ["Inputs:Get", "Predict"])], action: "overwrite" });
    expect(byEmail.status, byEmail.json.status.details).toBe(200);
    expect((await collaboratorOf(ids.someone!))[0]).toMatchObject({ scopes: ["Inputs:Get", "Predict"], endpointScopes: null });

    const removed = await call("DELETE", "users/owner/apps/vision/collaborators", tokens.full!, { user_app_id: userAppId, collaborator_ids: [], user_emails: ["someone@example.test"] });
    expect(removed.status, removed.json.status.details).toBe(200);
    expect(await collaboratorOf(ids.someone!)).toEqual([]);

    await call("POST", "users/owner/apps/vision/collaborators", tokens.full!, { collaborators: [clarifaiCollaborator({ id: "someone", primary_email: "someone@example.test" }, ["Inputs:Get"])] });
    expect(await collaboratorOf(ids.someone!)).toHaveLength(1);
    const byId = await call("DELETE", "users/owner/apps/vision/collaborators", tokens.full!, { collaborator_ids: ["someone"], user_emails: [] });
    expect(byId.status, byId.json.status.details).toBe(200);
    expect(await collaboratorOf(ids.someone!)).toEqual([]);
  });

  it("grants an unverified address nothing: it gets an invitation, and a request naming the person by user ID is not told the address", async () => {
    const byId = await call("POST", "users/owner/apps/vision/collaborators", tokens.full!, { collaborators: [clarifaiCollaborator({ id: "pending" }, ["Inputs:Get"])] });
    expect(byId.status, byId.json.status.details).toBe(200);
    expect(byId.json.collaborators).toEqual([]);
    expect(byId.json.invitations).toEqual([{ user_id: "pending", details: expect.any(String) }]);
    expect(await collaboratorOf(ids.pending!)).toEqual([]);
  });

  it("refuses what the caller may not grant, or a user ID and an address of two people, and changes nothing", async () => {
    const before = await handle.db.select().from(collaborators);
    const beyond = await call("POST", "users/owner/apps/vision/collaborators", tokens.collab!, { collaborators: [clarifaiCollaborator({ primary_email: "someone@example.test" }, ["Inputs:Get", "Models:Train"])] });
    expect(beyond.status).toBe(403);
    const mixed = await call("POST", "users/owner/apps/vision/collaborators", tokens.full!, { collaborators: [clarifaiCollaborator({ id: "viewer", primary_email: "someone@example.test" }, ["Inputs:Get"])] });
    expect(mixed.status).toBe(404);
    const notCovered = await call("DELETE", "users/owner/apps/vision/collaborators", tokens.collab!, { user_emails: ["nobody-here@example.test"] });
    expect([403, 404]).toContain(notCovered.status);
    expect(await handle.db.select().from(collaborators)).toEqual(before);
  });

  it("keeps every collaborator rule over Clarifai's shapes — a verified address only, nothing beyond the caller's scopes and endpoints — and a refused call changes nothing", async () => {
    const added = await call("POST", "users/owner/apps/vision/collaborators", tokens.full!, { user_app_id: userAppId, collaborators: [clarifaiCollaborator({ primary_email: "someone@example.test" }, ["Inputs:Get", "Predict"], ["/clarifai.api.V2/ListInputs"])] });
    expect(added.status, added.json.status.details).toBe(200);
    const unverified = await call("POST", "users/owner/apps/vision/collaborators", tokens.full!, { collaborators: [clarifaiCollaborator({ primary_email: "pending@example.test" }, ["Inputs:Get"])] });
    expect(unverified.status, unverified.json.status.details).toBe(200);
    expect(unverified.json.collaborators).toEqual([]);
    expect(await collaboratorOf(ids.pending!)).toEqual([]);

    const before = await handle.db.select().from(collaborators);
    const scoped = await pat(ids.owner!, ["Collaborators:Add", "Collaborators:Get", "Collaborators:Delete", "Inputs:Get", "Predict"]);
    const fewEndpoints = await pat(ids.owner!, OPERATION_SCOPES, ["/clarifai.api.V2/PatchCollaborators", "/clarifai.api.V2/ListInputs"]);
    const patch = (key: string, scopes: string[], endpoints: string[] = []) =>
      call("PATCH", "users/owner/apps/vision/collaborators", key, { user_app_id: userAppId, collaborators: [{ ...clarifaiCollaborator({}, scopes, endpoints), id: "someone" }], action: "overwrite" });
    // A collaborator who holds neither Predict nor the right to change others.
    expect((await patch(tokens.collab!, ["Inputs:Get"])).status).toBe(403);
    // A token without the scope, or the endpoint, it would give; or without what the collaborator holds.
    expectRefused(await patch(scoped, ["Inputs:Get", "Models:Train"]), "credential_lacks_scopes");
    expectRefused(await patch(await pat(ids.owner!, ["Collaborators:Add", "Collaborators:Get", "Inputs:Get"]), ["Inputs:Get"]), "collaborator_not_covered");
    expectRefused(await patch(fewEndpoints, ["Inputs:Get", "Predict"], ["/clarifai.api.V2/PostModelOutputs"]), "endpoint_not_in_grant");
    // Removing someone who holds more than the caller, by ID and by address.
    const remove = (body: Record<string, unknown>) => call("DELETE", "users/owner/apps/vision/collaborators", tokens.collab!, { user_app_id: userAppId, collaborator_ids: [], user_emails: [], ...body });
    expect((await remove({ collaborator_ids: ["someone"] })).status).toBe(403);
    expect((await remove({ user_emails: ["someone@example.test"] })).status).toBe(403);
    expect(await handle.db.select().from(collaborators)).toEqual(before);

    const removed = await call("DELETE", "users/owner/apps/vision/collaborators", tokens.full!, { user_app_id: userAppId, collaborator_ids: ["someone"], user_emails: [] });
    expect(removed.status, removed.json.status.details).toBe(200);
    expect(await collaboratorOf(ids.someone!)).toEqual([]);
  });

  it("refuses by name a field of Clarifai's message holding a value this server cannot honour", async () => {
    const answer = await call("POST", "users/owner/apps/vision/collaborators", tokens.full!, { collaborators: [clarifaiCollaborator({ primary_email: "someone@example.test", company_name: "Acme" }, ["Inputs:Get"])] });
    expect(answer.status).toBe(400);
    expect(answer.json.status.details).toMatch(/collaborators\[0\]\.user\.company_name is not supported/);
    expect(await collaboratorOf(ids.someone!)).toEqual([]);
  });
});
