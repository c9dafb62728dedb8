import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { addCalls } from "@/db/queries/api-usage";
import { apiUsage, apps } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { newId } from "@/lib/ids";
import { createPersonalAccessToken } from "@/lib/operations/credentials";
import { runAs } from "@/lib/operations/testing";
import { flushMetering, meterCall } from "./metering";
import { signUpVerified } from "./test-accounts";

let handle: DatabaseHandle;
let owner = "";
let credentialId = "";

beforeAll(async () => {
  handle = await openTestDatabase();
  owner = await signUpVerified(handle.db, "owner");
  const made = await runAs(handle.db, createPersonalAccessToken, owner, { name: "metered", scopes: ["Inputs:Get"] });
  if (!made.ok) throw new Error(made.message);
  credentialId = made.data.id;
});

afterAll(async () => {
  await handle?.close();
});

async function newApp(): Promise<string> {
  const id = newId("app");
  await handle.db.insert(apps).values({ id, ownerUserId: owner, appId: id.slice(-10).toLowerCase().replace(/[^a-z0-9]/g, "a"), name: "Metered" });
  return id;
}

async function usage(appRef: string) {
  const rows = await handle.db.select().from(apiUsage).where(eq(apiUsage.appRef, appRef));
  return rows.map((row) => ({ hour: row.hour.toISOString(), endpoint: row.endpoint, calls: row.calls })).sort((a, b) => (a.hour + a.endpoint).localeCompare(b.hour + b.endpoint));
}

describe("metering of allowed API calls", () => {
  it("writes nothing per call, then one row per endpoint and hour with the calls added up", async () => {
    const appRef = await newApp();
    const at = new Date("2026-11-23T10:15:00Z");
    for (let i = 0; i < 3; i++) meterCall(handle.db, { appRef, credentialId, endpoint: "ListInputs" }, at);
    meterCall(handle.db, { appRef, credentialId, endpoint: "GetInput" }, new Date("2026-11-23T10:59:59Z"));
    meterCall(handle.db, { appRef, credentialId, endpoint: "ListInputs" }, new Date("2026-11-23T11:00:00Z"));
    expect(await usage(appRef)).toEqual([]);
    await flushMetering(handle.db);
    expect(await usage(appRef)).toEqual([
      { hour: "2026-11-23T10:00:00.000Z", endpoint: "GetInput", calls: 1 },
      { hour: "2026-11-23T10:00:00.000Z", endpoint: "ListInputs", calls: 3 },
      { hour: "2026-11-23T11:00:00.000Z", endpoint: "ListInputs", calls: 1 },
    ]);
    // A later write adds to the same rows.
    meterCall(handle.db, { appRef, credentialId, endpoint: "ListInputs" }, at);
    await flushMetering(handle.db);
    expect((await usage(appRef))[1]).toEqual({ hour: "2026-11-23T10:00:00.000Z", endpoint: "ListInputs", calls: 4 });
  });

  it("adds up one key named twice in a batch (an upsert may touch a row only once)", async () => {
    const appRef = await newApp();
    const hour = new Date("2026-11-23T09:00:00Z");
    await addCalls(handle.db, [
      { appRef, credentialId, endpoint: "/clarifai.api.V2/ListInputs", hour, calls: 2 },
      { appRef, credentialId, endpoint: "/clarifai.api.V2/ListInputs", hour, calls: 5 },
    ]);
    expect((await handle.db.select().from(apiUsage).where(eq(apiUsage.appRef, appRef))).map((row) => row.calls)).toEqual([7]);
  });

  it("records the app's owner with the counts", async () => {
    const appRef = await newApp();
    meterCall(handle.db, { appRef, credentialId, endpoint: "MyScopes" });
    await flushMetering(handle.db);
    const [row] = await handle.db.select().from(apiUsage).where(eq(apiUsage.appRef, appRef));
    expect(row).toMatchObject({ ownerUserId: owner, ownerOrgId: null, credentialId, calls: 1 });
  });

  it("drops the counts of an app deleted before they were written, and still writes the others", async () => {
    const gone = await newApp();
    const kept = await newApp();
    meterCall(handle.db, { appRef: gone, credentialId, endpoint: "DeleteApp" });
    meterCall(handle.db, { appRef: kept, credentialId, endpoint: "ListInputs" });
    await handle.db.delete(apps).where(eq(apps.id, gone));
    await flushMetering(handle.db);
    expect(await usage(gone)).toEqual([]);
    expect((await usage(kept)).map((row) => row.calls)).toEqual([1]);
  });

  it("writes on its own within a second or so", async () => {
    const appRef = await newApp();
    meterCall(handle.db, { appRef, credentialId, endpoint: "ListInputs" });
    await expect.poll(() => usage(appRef), { timeout: 5_000, interval: 100 }).toHaveLength(1);
  });
});
