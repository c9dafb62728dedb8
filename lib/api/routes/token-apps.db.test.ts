import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, auditEvents, credentials } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { newId } from "@/lib/ids";
import { createPersonalAccessToken } from "@/lib/operations/credentials";
import { runAs } from "@/lib/operations/testing";
import { listPersonalAccessTokens } from "@/lib/services/credentials";
import { signUpVerified } from "@/lib/services/test-accounts";
import { dispatch } from "../dispatch";

// A personal access token limited to chosen apps (GitHub's fine-grained tokens pick repositories):
// the stored limit is what lib/authz decides with — on the apps over /v2, in the lists, and for the
// keys such a token makes. Setting the column back to null opens the other app, so these answers
// come from the column and nothing else.

type Envelope = { status: { code: number; details: string; denied_by?: string | null }; [field: string]: unknown };

let handle: DatabaseHandle;
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};
let limited = "";
let limitedId = "";
let full = "";

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

function expectNotForApp(answer: { status: number; json: Envelope }) {
  expect(answer.status, answer.json.status.details).toBe(403);
  expect(answer.json.status).toMatchObject({ code: 11007, denied_by: "credential_not_for_app" });
}

const SCOPES = ["Apps:Get", "Apps:Add", "Inputs:Get", "Keys:Add", "Keys:Get"];

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["owner", "stranger"]) ids[name] = await signUpVerified(handle.db, name);
  for (const [owner, app] of [["owner", "vision"], ["owner", "notes"], ["stranger", "hidden"]] as const) {
    refs[app] = newId("app");
    await handle.db.insert(apps).values({ id: refs[app]!, ownerUserId: ids[owner]!, appId: app, name: app });
  }
  const made = await runAs(handle.db, createPersonalAccessToken, ids.owner!, { name: "vision only", scopes: SCOPES, apps: ["owner/vision"] });
  if (!made.ok) throw new Error(made.message);
  limited = made.data.secret;
  limitedId = made.data.id;
  const all = await runAs(handle.db, createPersonalAccessToken, ids.owner!, { name: "every app", scopes: SCOPES });
  if (!all.ok) throw new Error(all.message);
  full = all.data.secret;
});
afterAll(async () => {
  await handle?.close();
});

describe("a token limited to chosen apps", () => {
  it("is stored with its apps' ids and audited with their paths; a token for all apps stores none", async () => {
    const [row] = await handle.db.select().from(credentials).where(eq(credentials.id, limitedId));
    expect(row!.limitedToApps).toEqual([refs.vision]);
    const [event] = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, limitedId), eq(auditEvents.action, "credential.created")));
    expect(event!.after).toMatchObject({ apps: ["owner/vision"] });
    const [other] = await handle.db.select().from(credentials).where(eq(credentials.name, "every app"));
    expect(other!.limitedToApps).toBeNull();
  });

  it("works on its app and is refused on another, with a reason; without the stored limit the other app opens", async () => {
    expect((await call("GET", "users/owner/apps/vision/inputs", limited)).status).toBe(200);
    const refused = await call("GET", "users/owner/apps/notes/inputs", limited);
    expectNotForApp(refused);
    expect(refused.json.status.details).toContain("limited to other apps");
    expectNotForApp(await call("GET", "users/owner/apps/notes/myscopes", limited));
    expect((await call("GET", "users/owner/apps/notes/inputs", full)).status).toBe(200);

    // The column is what decides: cleared, the same token reaches the other app; restored, it is refused again.
    await handle.db.update(credentials).set({ limitedToApps: null }).where(eq(credentials.id, limitedId));
    expect((await call("GET", "users/owner/apps/notes/inputs", limited)).status).toBe(200);
    await handle.db.update(credentials).set({ limitedToApps: [refs.vision!] }).where(eq(credentials.id, limitedId));
    expectNotForApp(await call("GET", "users/owner/apps/notes/inputs", limited));
  });

  it("lists only its apps, and creates none", async () => {
    const listed = await call("GET", "users/me/apps", limited);
    expect(listed.status).toBe(200);
    expect((listed.json.apps as Array<{ id: string }>).map((app) => app.id)).toEqual(["vision"]);
    expect((await call("GET", "users/me/apps", full)).json.apps).toHaveLength(2);
    const created = await call("POST", "users/me/apps", limited, { apps: [{ id: "sneaky" }] });
    expectNotForApp(created);
    expect(await handle.db.select().from(apps).where(eq(apps.appId, "sneaky"))).toEqual([]);
  });

  it("makes keys for its apps only: a token for all apps, or a key on another app, is refused and nothing is written", async () => {
    const count = async () => (await handle.db.select({ id: credentials.id }).from(credentials).where(eq(credentials.userId, ids.owner!))).length;
    const before = await count();
    expectNotForApp(await call("POST", "users/me/keys", limited, { keys: [{ description: "wider", scopes: ["Inputs:Get"] }] }));
    expectNotForApp(await call("POST", "users/me/keys", limited, { keys: [{ description: "wider", scopes: ["Inputs:Get"], type: "personal_access_token", apps: [{ id: "notes", user_id: "me" }] }] }));
    expectNotForApp(await call("POST", "users/me/keys", limited, { keys: [{ description: "wider", scopes: ["Inputs:Get"], apps: [{ id: "notes", user_id: "owner" }] }] }));
    expect(await count()).toBe(before);

    const token = await call("POST", "users/me/keys", limited, { keys: [{ description: "narrower", scopes: ["Inputs:Get"], type: "personal_access_token", apps: [{ id: "vision", user_id: "me" }] }] });
    expect(token.status, token.json.status.details).toBe(200);
    const [made] = token.json.keys as Array<{ id: string; type: string; apps: unknown }>;
    expect(made).toMatchObject({ type: "personal_access_token", apps: [{ id: "vision", user_id: "owner" }] });
    expect((await call("GET", "users/owner/apps/vision/inputs", made!.id)).status).toBe(200);
    expectNotForApp(await call("GET", "users/owner/apps/notes/inputs", made!.id));
    const key = await call("POST", "users/me/keys", limited, { keys: [{ description: "vision key", scopes: ["Inputs:Get"], apps: [{ id: "vision", user_id: "owner" }] }] });
    expect(key.status, key.json.status.details).toBe(200);
  });

  it("is made over /v2 by naming its apps with its type, and listed with them", async () => {
    const made = await call("POST", "users/me/keys", full, { keys: [{ description: "notes only", scopes: ["Inputs:Get"], type: "personal_access_token", apps: [{ id: "notes", user_id: "owner" }] }] });
    expect(made.status, made.json.status.details).toBe(200);
    const secret = (made.json.keys as Array<{ id: string }>)[0]!.id;
    expect((await call("GET", "users/owner/apps/notes/inputs", secret)).status).toBe(200);
    expectNotForApp(await call("GET", "users/owner/apps/vision/inputs", secret));
    const listed = (await call("GET", "users/me/keys?per_page=100", full)).json.keys as Array<{ description: string; apps: unknown }>;
    expect(listed.find((key) => key.description === "notes only")!.apps).toEqual([{ id: "notes", user_id: "owner" }]);
    expect(listed.find((key) => key.description === "every app")!.apps).toEqual([]);
    // Several apps without the type: ambiguous, refused.
    const ambiguous = await call("POST", "users/me/keys", full, { keys: [{ description: "x", scopes: ["Inputs:Get"], apps: [{ id: "notes", user_id: "owner" }, { id: "vision", user_id: "owner" }] }] });
    expect(ambiguous.status).toBe(400);
  });

  it("is limited only to apps its owner reaches: another person's app is refused and nothing is written", async () => {
    const refused = await runAs(handle.db, createPersonalAccessToken, ids.owner!, { name: "theirs", scopes: ["Inputs:Get"], apps: ["stranger/hidden"] });
    expect(refused).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { apps: [expect.stringContaining("stranger/hidden")] } });
    for (const none of [[], ""]) {
      const empty = await runAs(handle.db, createPersonalAccessToken, ids.owner!, { name: "none", scopes: ["Inputs:Get"], apps: none });
      expect(empty).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { apps: ["Choose at least one app, or all apps."] } });
    }
    expect(await handle.db.select().from(credentials).where(eq(credentials.name, "none"))).toEqual([]);
    expect(await handle.db.select().from(credentials).where(eq(credentials.name, "theirs"))).toEqual([]);
  });

  it("shows its apps in the owner's list of tokens, naming only those still reached", async () => {
    const tokens = await listPersonalAccessTokens(handle.db, ids.owner!);
    expect(tokens.find((token) => token.id === limitedId)!.apps).toEqual({ paths: ["owner/vision"], outOfReach: 0 });
    expect(tokens.find((token) => token.name === "every app")!.apps).toBe("all");
    await handle.db.update(credentials).set({ limitedToApps: [refs.vision!, refs.hidden!] }).where(eq(credentials.id, limitedId));
    expect((await listPersonalAccessTokens(handle.db, ids.owner!)).find((token) => token.id === limitedId)!.apps).toEqual({ paths: ["owner/vision"], outOfReach: 1 });
    await handle.db.update(credentials).set({ limitedToApps: [refs.vision!] }).where(eq(credentials.id, limitedId));
  });

  it("a limit on an app key, or an empty limit, is refused by the database", async () => {
    await expect(handle.db.update(credentials).set({ limitedToApps: [] }).where(eq(credentials.id, limitedId))).rejects.toThrow();
  });
});
