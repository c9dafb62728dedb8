import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, auditEvents, credentials } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { evaluateEndpoint } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { resolveAppForUser } from "./access";
import { signUpVerified } from "./test-accounts";
import { createAppKey, listAppKeys, revokeAppKey } from "@/lib/operations/app-keys";
import { addCollaborator } from "@/lib/operations/collaborators";
import { runAs } from "@/lib/operations/testing";
import { openApiCall } from "./api-calls";

let handle: DatabaseHandle;
const ids: Record<string, string> = {};
const app = { owner: "owner", app: "vision" };

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["owner", "keyholder", "reader"]) {
    ids[name] = await signUpVerified(handle.db, name);
  }
  await handle.db.insert(apps).values([
    { id: newId("app"), ownerUserId: ids.owner!, appId: "vision", name: "Vision" },
    { id: newId("app"), ownerUserId: ids.owner!, appId: "other", name: "Other" },
  ]);
  await runAs(handle.db, addCollaborator, ids.owner!, { ...app, email: "keyholder@example.test", scopes: ["Keys:Add", "Keys:Get", "Inputs:Get", "Predict"] });
  await runAs(handle.db, addCollaborator, ids.owner!, { ...app, email: "reader@example.test", scopes: ["Inputs:Get"] });
});
afterAll(async () => {
  await handle?.close();
});

async function counts() {
  const [c] = await handle.db.select({ n: count() }).from(credentials);
  const [a] = await handle.db.select({ n: count() }).from(auditEvents);
  return [c!.n, a!.n];
}

describe("app API keys", () => {
  it("binds a key to its app and lets it work there only", async () => {
    const created = await runAs(handle.db, createAppKey, ids.owner!, { ...app, name: "prod", scopes: ["Inputs:Get", "Predict"] });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.data.secret).toMatch(/^ackey_/);
    const auth = await openApiCall(handle.db, created.data.secret);
    if (!auth.ok) throw new Error("key did not authenticate");
    const here = await resolveAppForUser(handle.db, ids.owner!, "owner", "vision");
    const there = await resolveAppForUser(handle.db, ids.owner!, "owner", "other");
    const now = new Date();
    expect(evaluateEndpoint(here!.grants, auth.data.caller.credential, "PostModelOutputs", { now }).allowed).toBe(true);
    expect(evaluateEndpoint(there!.grants, auth.data.caller.credential, "PostModelOutputs", { now })).toMatchObject({ allowed: false, deniedBy: "credential_not_for_app" });
  });

  it("needs the Keys scope on the app and refuses scopes beyond the creator's", async () => {
    const before = await counts();
    const noKeys = await runAs(handle.db, createAppKey, ids.reader!, { ...app, name: "x", scopes: ["Inputs:Get"] });
    expect(noKeys).toMatchObject({ ok: false, code: "forbidden" });
    const beyond = await runAs(handle.db, createAppKey, ids.keyholder!, { ...app, name: "x", scopes: ["Inputs:Get", "Inputs:Delete"] });
    expect(beyond).toMatchObject({ ok: false, code: "forbidden", details: { missing: expect.arrayContaining(["Inputs:Delete"]) } });
    expect(await counts()).toEqual(before);
    const within = await runAs(handle.db, createAppKey, ids.keyholder!, { ...app, name: "mine", scopes: ["Inputs:Get"] });
    expect(within.ok).toBe(true);
  });

  it("lists keys without secrets and revokes them with the Keys scopes only", async () => {
    const listed = await runAs(handle.db, listAppKeys, ids.owner!, app);
    expect(listed.ok && listed.data.map((k) => k.name).sort()).toEqual(["mine", "prod"]);
    expect((await runAs(handle.db, listAppKeys, ids.reader!, app)).ok).toBe(false);
    if (!listed.ok) return;
    const target = listed.data.find((k) => k.name === "prod")!;
    const before = await counts();
    expect((await runAs(handle.db, revokeAppKey, ids.keyholder!, { ...app, id: target.id })).ok).toBe(false); // no Keys:Delete
    expect(await counts()).toEqual(before);
    expect((await runAs(handle.db, revokeAppKey, ids.owner!, { ...app, id: target.id })).ok).toBe(true);
  });
});
