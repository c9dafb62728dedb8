import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { and, eq } from "drizzle-orm";
import { apiUsage, apps, auditEvents, credentials } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { issueToken } from "@/lib/credentials/token";
import { newId } from "@/lib/ids";
import { createAppKey } from "@/lib/operations/app-keys";
import { createPersonalAccessToken, revokePersonalAccessToken } from "@/lib/operations/credentials";
import { createOrganization } from "@/lib/operations/my-account";
import { runAs } from "@/lib/operations/testing";
import { signUpVerified } from "@/lib/services/test-accounts";
import { REFUSAL_AUDIT_LIMIT } from "@/lib/services/api-calls";
import { flushMetering } from "@/lib/services/metering";
import { dispatch } from "./dispatch";

// The wire conventions every /v2 answer follows (API-NOTES §1, DESIGN §5), whatever the method.

let handle: DatabaseHandle;
let owner = "";
let pat = "";
let revokedPat = "";
let appKey = "";

type Envelope = { status: { code: number; description: string; details: unknown; req_id: string; [extra: string]: unknown }; [field: string]: unknown };

async function call(method: string, path: string, { key, body, headers = {} }: { key?: string | null; body?: string; headers?: Record<string, string> } = {}) {
  const url = new URL(`http://console.test/v2/${path}`);
  const request = new Request(url, {
    method,
    headers: { ...(key === null ? {} : { authorization: `Key ${key ?? pat}` }), ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  const segments = url.pathname.split("/").slice(2).filter(Boolean);
  const response = await dispatch(request, segments, { db: handle.db });
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const json = (await response.json()) as Envelope;
  expect(typeof json.status.details).toBe("string");
  expect(json.status.req_id).toMatch(/^[0-9a-f]{24}$/);
  return { status: response.status, headers: response.headers, json };
}

beforeAll(async () => {
  handle = await openTestDatabase();
  owner = await signUpVerified(handle.db, "owner");
  await handle.db.insert(apps).values({ id: newId("app"), ownerUserId: owner, appId: "vision", name: "Vision" });
  const made = await runAs(handle.db, createPersonalAccessToken, owner, { name: "all", scopes: ["Inputs:Get", "Predict"] });
  const revoked = await runAs(handle.db, createPersonalAccessToken, owner, { name: "gone", scopes: ["Inputs:Get"] });
  const key = await runAs(handle.db, createAppKey, owner, { owner: "owner", app: "vision", name: "vision key", scopes: ["Inputs:Get"] });
  if (!made.ok || !revoked.ok || !key.ok) throw new Error("setup failed");
  pat = made.data.secret;
  revokedPat = revoked.data.secret;
  appKey = key.data.secret;
  const done = await runAs(handle.db, revokePersonalAccessToken, owner, { id: revoked.data.id });
  if (!done.ok) throw new Error(done.message);
});
afterAll(async () => {
  await handle?.close();
});

describe("paths and methods", () => {
  it("answers a path no method serves with 404 / 11101, for every method", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      const { status, json } = await call(method, "users/owner/apps/vision/no-such-thing");
      expect(status).toBe(404);
      expect(json.status).toMatchObject({ code: 11101, description: "Resource does not exist" });
    }
  });

  it("answers another method on a served path with 405 / 11103 and the methods it serves", async () => {
    const { status, headers, json } = await call("DELETE", "users/owner/apps/vision/myscopes");
    expect(status).toBe(405);
    expect(headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(json.status).toMatchObject({ code: 11103, description: "Method not allowed" });
  });

  it("refuses a path parameter that is not an ID with 400 / 11102", async () => {
    const { status, json } = await call("GET", "users/owner/apps/vi%20sion/myscopes");
    expect(status).toBe(400);
    expect(json.status.code).toBe(11102);
  });
});

describe("keys", () => {
  it("answers a missing header 11102, a malformed key 11008, and unknown and revoked keys one identical 11009", async () => {
    const missing = await call("GET", "users/owner/apps/vision/myscopes", { key: null });
    expect(missing.json.status).toMatchObject({ code: 11102 });
    // The method's repeated fields are there on errors too, as Clarifai's clients expect.
    expect(missing.json).toMatchObject({ scopes: [], endpoints: [] });
    expect((await call("GET", "users/owner/apps/vision/myscopes", { key: "not-a-key" })).json.status).toMatchObject({ code: 11008, details: "Invalid format of key." });
    const unknown = await call("GET", "users/owner/apps/vision/myscopes", { key: issueToken("pat").secret });
    const revoked = await call("GET", "users/owner/apps/vision/myscopes", { key: revokedPat });
    for (const answer of [unknown, revoked]) expect(answer.status).toBe(401);
    const { req_id: _a, ...first } = unknown.json.status;
    const { req_id: _b, ...second } = revoked.json.status;
    expect(first).toEqual(second);
    expect(first.code).toBe(11009);
  });

  it("tells a caller who sends the key as a Bearer token to use the Key scheme", async () => {
    const bearer = await call("GET", "users/owner/apps/vision/myscopes", { key: null, headers: { authorization: `Bearer ${pat}` } });
    expect(bearer.status).toBe(401);
    expect(bearer.json.status).toMatchObject({ code: 11102 });
    expect(bearer.json.status.details).toContain("Authorization: Key");
    expect(bearer.json.status.details).toContain("not Bearer");
  });

  it("ignores cookies: a session cookie without a key is still 11102", async () => {
    const { status, json } = await call("GET", "users/owner/apps/vision/myscopes", { key: null, headers: { cookie: "authjs.session-token=anything" } });
    expect(status).toBe(401);
    expect(json.status.code).toBe(11102);
  });
});

describe("the app a request is for", () => {
  it("serves the full path, `me` for the caller, and an app key's short paths", async () => {
    for (const [path, key] of [
      ["users/owner/apps/vision/myscopes", pat],
      ["users/me/apps/vision/myscopes", pat],
      ["users/OWNER/apps/vision/myscopes", pat],
      ["myscopes", appKey],
      ["my_scopes", appKey],
    ] as const) {
      const { status, json } = await call("GET", path, { key });
      expect(status, path).toBe(200);
      expect(json.status).toMatchObject({ code: 10000, description: "Ok" });
      expect(json.app).toMatchObject({ id: "vision", user_id: "owner" });
      expect(json.scopes).toContain("Inputs:Get");
    }
  });

  it("refuses a short path with a personal access token", async () => {
    const { status, json } = await call("GET", "myscopes");
    expect(status).toBe(400);
    expect(json.status.details).toMatch(/app-specific API key/);
    expect(json.scopes).toEqual([]);
  });

  it("accepts a user_app_id that names the same app and refuses one that contradicts the path", async () => {
    expect((await call("GET", "users/owner/apps/vision/myscopes?user_app_id.user_id=me&user_app_id.app_id=vision")).status).toBe(200);
    expect((await call("GET", "myscopes?user_app_id.app_id=vision", { key: appKey })).status).toBe(200);
    for (const query of ["user_app_id.app_id=other", "user_app_id.user_id=someone"]) {
      const { status, json } = await call("GET", `users/owner/apps/vision/myscopes?${query}`);
      expect(status).toBe(400);
      expect(json.status).toMatchObject({ code: 11102 });
      expect(json.status.details).toMatch(/contradicts/);
    }
  });

  it("answers an app the caller cannot see 404 / 11101", async () => {
    const { status, json } = await call("GET", "users/owner/apps/nothing-here/myscopes");
    expect(status).toBe(404);
    expect(json.status.code).toBe(11101);
  });
});

describe("around every call", () => {
  it("reports the key's allowance in RateLimit-* headers and refuses the call beyond it with 429 / 11005", async () => {
    const made = await runAs(handle.db, createPersonalAccessToken, owner, { name: "limited", scopes: ["Inputs:Get"] });
    if (!made.ok) throw new Error(made.message);
    const other = await runAs(handle.db, createPersonalAccessToken, owner, { name: "unlimited", scopes: ["Inputs:Get"] });
    if (!other.ok) throw new Error(other.message);
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    onTestFinished(() => {
      delete process.env.API_RATE_LIMIT_PER_MINUTE;
    });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { status, headers } = await call("GET", "users/owner/apps/vision/myscopes", { key: made.data.secret });
      expect(status).toBe(200);
      expect(headers.get("ratelimit-limit")).toBe("3");
      remaining.push(headers.get("ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const { status, headers, json } = await call("GET", "users/owner/apps/vision/myscopes", { key: made.data.secret });
    expect(status).toBe(429);
    expect(json.status).toMatchObject({ code: 11005, description: "Making too many requests" });
    expect(Number(headers.get("retry-after"))).toBeGreaterThan(0);
    // Another key has its own allowance.
    expect((await call("GET", "users/owner/apps/vision/myscopes", { key: other.data.secret })).status).toBe(200);
  });

  it("meters allowed calls per app, credential, endpoint and hour, one row however many calls", async () => {
    const made = await runAs(handle.db, createPersonalAccessToken, owner, { name: "metered", scopes: ["Inputs:Get"] });
    if (!made.ok) throw new Error(made.message);
    for (let i = 0; i < 4; i++) expect((await call("GET", "users/owner/apps/vision/myscopes", { key: made.data.secret })).status).toBe(200);
    // Refused calls are not metered.
    expect((await call("GET", "users/owner/apps/nothing-here/myscopes", { key: made.data.secret })).status).toBe(404);
    // Counted in memory first: nothing is written per call.
    expect(await handle.db.select().from(apiUsage).where(eq(apiUsage.credentialId, made.data.id))).toEqual([]);
    await flushMetering(handle.db);
    const rows = await handle.db.select().from(apiUsage).where(eq(apiUsage.credentialId, made.data.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ calls: 4, endpoint: "/clarifai.api.V2/MyScopes", ownerUserId: owner, ownerOrgId: null });
  });

  it("refuses a request that names its own owner or app field instead of ignoring it", async () => {
    for (const [method, path, body] of [
      ["GET", "users/owner/apps/vision/inputs?app=other", undefined],
      ["POST", "users/owner/apps/vision/concepts", JSON.stringify({ concepts: [{ id: "x" }], owner: "someone" })],
    ] as const) {
      const { status, json } = await call(method, path, { body });
      expect(status).toBe(400);
      expect(json.status.details).toMatch(/^(app|owner) is not a field of this request\.$/);
    }
  });

  it("meters a call on the account itself with no app, for the credential's user", async () => {
    const made = await runAs(handle.db, createPersonalAccessToken, owner, { name: "lister", scopes: ["Keys:Get"] });
    if (!made.ok) throw new Error(made.message);
    for (let i = 0; i < 2; i++) expect((await call("GET", "users/me/keys", { key: made.data.secret })).status).toBe(200);
    // Refused at the account level (an app key there is refused): not metered.
    expect((await call("GET", "users/me/keys", { key: appKey })).status).toBe(403);
    await flushMetering(handle.db);
    const rows = await handle.db.select().from(apiUsage).where(eq(apiUsage.credentialId, made.data.id));
    expect(rows).toEqual([expect.objectContaining({ appRef: null, endpoint: "/clarifai.api.V2/ListKeys", ownerUserId: owner, ownerOrgId: null, calls: 2 })]);
  });

  it("serves an organization's compute to its members' tokens: metered with no app; refused calls (an app key, an outsider) audited and not metered", async () => {
    const org = await runAs(handle.db, createOrganization, owner, { handle: "metered-org", name: "Metered" });
    if (!org.ok) throw new Error(org.message);
    const made = await runAs(handle.db, createPersonalAccessToken, owner, { name: "compute", scopes: ["ComputeClusters:Get"] });
    if (!made.ok) throw new Error(made.message);
    for (let i = 0; i < 3; i++) expect((await call("GET", "users/metered-org/compute_clusters", { key: made.data.secret })).status).toBe(200);
    // An organization nobody of that name holds, and an app key: refused, audited, not metered.
    expect((await call("GET", "users/no-such-org/compute_clusters", { key: made.data.secret })).status).toBe(404);
    const byKey = await call("GET", "users/metered-org/compute_clusters", { key: appKey });
    expect(byKey).toMatchObject({ status: 403, json: { status: { code: 11007, denied_by: "credential_kind" } } });
    // The organization is the path's; a request naming its own is refused, not overridden.
    const named = await call("GET", "users/metered-org/compute_clusters?org=other", { key: made.data.secret });
    expect({ status: named.status, details: named.json.status.details }).toEqual({ status: 400, details: "org is not a field of this request." });
    await flushMetering(handle.db);
    const rows = await handle.db.select().from(apiUsage).where(eq(apiUsage.credentialId, made.data.id));
    expect(rows).toEqual([expect.objectContaining({ appRef: null, endpoint: "/clarifai.api.V2/ListComputeClusters", calls: 3 })]);
    const refusals = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "api.call_refused"));
    const after = refusals.map((event) => event.after as Record<string, unknown>);
    expect(after).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "/v2/users/no-such-org/compute_clusters", code: 11101 }),
        expect.objectContaining({ path: "/v2/users/metered-org/compute_clusters", code: 11007, denied_by: "credential_kind" }),
      ]),
    );
  });

  it("audits refused calls — who, which credential, what and why — at most so many per credential", async () => {
    const made = await runAs(handle.db, createPersonalAccessToken, owner, { name: "narrow", scopes: ["Inputs:Get", "Concepts:Get"], endpointScopes: ["/clarifai.api.V2/ListInputs"] });
    if (!made.ok) throw new Error(made.message);
    const refused = await call("GET", "users/owner/apps/vision/concepts", { key: made.data.secret });
    expect(refused.status).toBe(403);
    expect(refused.json.status).toMatchObject({ code: 11007, denied_by: "endpoint_not_in_credential" });
    const refusals = () => handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, "api.call_refused"), eq(auditEvents.targetId, made.data.id)));
    const [first] = await refusals();
    expect(first).toMatchObject({ actorUserId: owner, targetType: "credential" });
    expect(first!.after).toMatchObject({ endpoint: "/clarifai.api.V2/ListConcepts", path: "/v2/users/owner/apps/vision/concepts", code: 11007, denied_by: "endpoint_not_in_credential" });
    for (let i = 0; i < REFUSAL_AUDIT_LIMIT.limit + 10; i++) expect((await call("GET", "users/owner/apps/vision/concepts", { key: made.data.secret })).status).toBe(403);
    expect(await refusals()).toHaveLength(REFUSAL_AUDIT_LIMIT.limit);
    // The key itself is untouched by its refusals.
    const [row] = await handle.db.select({ revokedAt: credentials.revokedAt }).from(credentials).where(eq(credentials.id, made.data.id));
    expect(row!.revokedAt).toBeNull();
  });
});
