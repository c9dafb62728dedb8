import { count, sql } from "drizzle-orm";
import { signUpVerified } from "@/lib/services/test-accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAs } from "@/lib/operations/testing";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, credentials } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { openApiCall } from "./api-calls";
import { INVALID_CREDENTIAL, listPersonalAccessTokens } from "./credentials";
import { createPersonalAccessToken, revokePersonalAccessToken } from "@/lib/operations/credentials";

let handle: DatabaseHandle;
let ada: string;
let bob: string;
beforeAll(async () => {
  handle = await openTestDatabase();
  // Tokens are made only for verified addresses.
  ada = await signUpVerified(handle.db, "ada");
  bob = await signUpVerified(handle.db, "bob");
});
afterAll(async () => {
  await handle?.close();
});

async function counts() {
  const [c] = await handle.db.select({ n: count() }).from(credentials);
  const [a] = await handle.db.select({ n: count() }).from(auditEvents);
  return { credentials: c!.n, audit: a!.n };
}

/** Every text value in every table of the public schema, as one string. */
async function wholeDatabaseText(): Promise<string> {
  const tables = (await handle.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`)) as unknown as { rows?: { tablename: string }[] } | { tablename: string }[];
  const names = (Array.isArray(tables) ? tables : (tables.rows ?? [])).map((row) => row.tablename);
  let text = "";
  for (const name of names) {
    const rows = await handle.db.execute(sql.raw(`select row_to_json(t)::text as j from "${name}" t`));
    const list = (Array.isArray(rows) ? rows : ((rows as unknown as { rows: unknown[] }).rows ?? [])) as { j: string }[];
    text += list.map((row) => row.j).join("\n");
  }
  return text;
}

describe("personal access tokens", () => {
  it("creates a token whose secret is shown once and never stored", async () => {
    const created = await runAs(handle.db, createPersonalAccessToken, ada, { name: "CI", scopes: ["Inputs:Get", "Predict"], endpointScopes: "all" });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const listed = await listPersonalAccessTokens(handle.db, ada);
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.data.secret);
    const dump = await wholeDatabaseText();
    expect(dump.length).toBeGreaterThan(100);
    expect(dump).not.toContain(created.data.secret);
    expect(dump).not.toContain(created.data.secret.slice(6, 30));
    const auth = await openApiCall(handle.db, created.data.secret);
    expect(auth.ok).toBe(true);
  });

  it("refuses unknown, revoked, expired and mistyped tokens identically", async () => {
    const now = new Date();
    const live = await runAs(handle.db, createPersonalAccessToken, ada, { name: "soon expired", scopes: ["Predict"], expiresAt: new Date(now.getTime() + 60_000).toISOString() });
    const revoked = await runAs(handle.db, createPersonalAccessToken, ada, { name: "revoked", scopes: ["Predict"] });
    if (!live.ok || !revoked.ok) throw new Error("setup failed");
    expect((await runAs(handle.db, revokePersonalAccessToken, ada, { id: revoked.data.id })).ok).toBe(true);
    const secret = live.data.secret;
    const flipped = secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a");
    const expected = { ok: false, code: "unauthenticated", message: INVALID_CREDENTIAL };
    expect(await openApiCall(handle.db, revoked.data.secret)).toEqual(expected);
    expect(await openApiCall(handle.db, secret, null, new Date(now.getTime() + 120_000))).toEqual(expected);
    expect(await openApiCall(handle.db, flipped)).toEqual(expected);
    expect(await openApiCall(handle.db, "acpat_notatoken")).toEqual(expected);
    const { secret: unknown } = (await import("@/lib/credentials/token")).issueToken("pat");
    expect(await openApiCall(handle.db, unknown)).toEqual(expected);
  });

  it.each([
    ["unknown scope names", { name: "x", scopes: ["Inputs:Get", "Inputs:Explode"] }, "scopes", "Unknown scopes: Inputs:Explode"],
    ["an empty scope set", { name: "x", scopes: [] }, "scopes", "at least one scope"],
    ["unknown endpoints", { name: "x", scopes: ["Predict"], endpointScopes: ["/clarifai.api.V2/PostModelOutputs", "/clarifai.api.V2/DropTables"] }, "endpointScopes", "Unknown endpoints"],
    ["an empty endpoint list", { name: "x", scopes: ["Predict"], endpointScopes: [] }, "endpointScopes", "at least one endpoint"],
    ["an expiry in the past", { name: "x", scopes: ["Predict"], expiresAt: "2001-01-01" }, "expiresAt", "in the future"],
    ["an empty name", { name: " ", scopes: ["Predict"] }, "name", "required"],
  ])("refuses %s and changes nothing", async (_label, input, field, message) => {
    const before = await counts();
    const result = await runAs(handle.db, createPersonalAccessToken, ada, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors?.[field]?.join(" ")).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it("lets only the owner revoke a token", async () => {
    const created = await runAs(handle.db, createPersonalAccessToken, ada, { name: "mine", scopes: ["Predict"] });
    if (!created.ok) throw new Error("setup failed");
    const before = await counts();
    const attempt = await runAs(handle.db, revokePersonalAccessToken, bob, { id: created.data.id });
    expect(attempt.ok).toBe(false);
    expect(await counts()).toEqual(before);
    expect((await openApiCall(handle.db, created.data.secret)).ok).toBe(true);
  });
});
