import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { addCalls } from "@/db/queries/api-usage";
import { apiUsage, apps, credentials, handles, organizations } from "@/db/schema";
import { openTestDatabase, propertyRuns } from "@/db/testing";
import { endpointCategoryRows } from "@/lib/finance/categories";
import { newId } from "@/lib/ids";
import { createPersonalAccessToken } from "@/lib/operations/credentials";
import { runAs } from "@/lib/operations/testing";
import { signUpVerified } from "./test-accounts";

// The monthly and daily sums of api_usage (what the costs page reads) are kept by triggers: after
// any mix of metering upserts, direct updates and deletes — cascaded ones of an app, a credential
// or a whole organization included — they equal the sums of the hourly rows, and hold no zero rows.

let handle: DatabaseHandle;
let userId = "";

beforeAll(async () => {
  handle = await openTestDatabase();
  userId = await signUpVerified(handle.db, "rollup");
});

afterAll(async () => {
  await handle?.close();
});

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await handle.db.execute(query);
  return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as T[];
}

/** Each running sum, and the same sums computed from api_usage, as sorted "key|calls" strings. */
async function compare(orgIds: string[]) {
  const ids = sql.join(orgIds.map((id) => sql`${id}`), sql`, `);
  const month = sql`date_trunc('month', hour at time zone 'UTC')::date`;
  const day = sql`(hour at time zone 'UTC')::date`;
  const keys = async (query: ReturnType<typeof sql>) => (await rows<{ key: string }>(query)).map((row) => row.key);
  const expected = (...columns: ReturnType<typeof sql>[]) => {
    const key = sql.join(columns, sql`, `);
    return keys(sql`
      select concat_ws('|', ${key}, sum(calls)) as key
      from (select u.*, coalesce(e.category, 'reads') as category from api_usage u left join api_endpoint_categories e on e.endpoint = u.endpoint) usage
      where owner_org_id in (${ids}) group by ${key} having sum(calls) <> 0 order by 1`);
  };
  const org = sql`owner_org_id`;
  return {
    byApp: await keys(sql`select concat_ws('|', owner_org_id, month, app_ref, category, calls) as key from api_usage_app_monthly where owner_org_id in (${ids}) order by 1`),
    byAppExpected: await expected(org, month, sql`app_ref`, sql`category`),
    byCredential: await keys(sql`select concat_ws('|', owner_org_id, month, credential_id, category, calls) as key from api_usage_credential_monthly where owner_org_id in (${ids}) order by 1`),
    byCredentialExpected: await expected(org, month, sql`credential_id`, sql`category`),
    daily: await keys(sql`select concat_ws('|', owner_org_id, day, category, calls) as key from api_usage_daily where owner_org_id in (${ids}) order by 1`),
    dailyExpected: await expected(org, day, sql`category`),
  };
}

async function freshOrg(): Promise<string> {
  const id = newId("org");
  const name = `roll-${id.slice(-8).toLowerCase().replace(/[^a-z0-9]/g, "x")}`;
  await handle.db.insert(handles).values({ key: name, kind: "org" });
  await handle.db.insert(organizations).values({ id, handle: name, handleKey: name, name, createdBy: userId });
  return id;
}

async function token(name: string): Promise<string> {
  const made = await runAs(handle.db, createPersonalAccessToken, userId, { name, scopes: ["Predict"] });
  if (!made.ok) throw new Error(made.message);
  return made.data.id;
}

// Three categories, and an endpoint the catalog does not know (summed as a read).
const ENDPOINTS = ["/clarifai.api.V2/PostModelOutputs", "/clarifai.api.V2/ListInputs", "/clarifai.api.V2/PostInputs", "/clarifai.api.V2/NoSuchEndpoint"];
// Hours on both sides of a month's and a day's end, in UTC.
const BASE = Date.UTC(2026, 0, 31, 20);

const step = fc.oneof(
  fc.record({
    kind: fc.constant("meter" as const),
    calls: fc.array(fc.record({ org: fc.nat(1), app: fc.nat(2), credential: fc.nat(2), endpoint: fc.constantFrom(...ENDPOINTS), hour: fc.nat(8), calls: fc.integer({ min: 1, max: 1_000 }) }), { minLength: 1, maxLength: 12 }),
  }),
  fc.record({ kind: fc.constant("set" as const), hour: fc.nat(8), calls: fc.integer({ min: 0, max: 50 }) }),
  fc.record({ kind: fc.constantFrom("delete app" as const, "delete credential" as const, "delete hour" as const, "delete org" as const), which: fc.nat(2) }),
);

describe("usage rollups", () => {
  it("sum by the categories of lib/finance/categories.ts: the table the triggers read holds exactly them", async () => {
    const stored = await rows<{ endpoint: string; category: string }>(sql`select endpoint, category from api_endpoint_categories order by endpoint collate "C"`);
    const inCode = endpointCategoryRows().sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
    // An endpoint added or moved in the code needs a migration writing it here.
    expect(stored).toEqual(inCode);
  });

  it("equal the sums of the hourly rows after upserts, updates and cascaded deletes (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const orgIds = [await freshOrg(), await freshOrg()];
        const appRefs = orgIds.flatMap((orgId) => [newId("app"), newId("app"), newId("app")].map((id) => ({ id, orgId })));
        await handle.db.insert(apps).values(appRefs.map(({ id, orgId }, i) => ({ id, ownerOrgId: orgId, appId: `app-${i}`, name: `App ${i}` })));
        const credentialIds = [await token("a"), await token("b"), await token("c")];
        for (const action of steps) {
          if (action.kind === "meter") {
            // A batch may name one (app, credential, endpoint, hour) more than once: addCalls adds them up.
            await addCalls(
              handle.db,
              action.calls.map((call) => ({ appRef: appRefs[call.org * 3 + call.app]!.id, credentialId: credentialIds[call.credential]!, endpoint: call.endpoint, hour: new Date(BASE + call.hour * 3_600_000), calls: call.calls })),
            );
          } else if (action.kind === "set") {
            await handle.db.update(apiUsage).set({ calls: action.calls }).where(eq(apiUsage.hour, new Date(BASE + action.hour * 3_600_000)));
          } else if (action.kind === "delete app") {
            await handle.db.delete(apps).where(eq(apps.id, appRefs[action.which]!.id));
          } else if (action.kind === "delete credential") {
            await handle.db.delete(credentials).where(eq(credentials.id, credentialIds[action.which]!));
          } else if (action.kind === "delete hour") {
            await handle.db.delete(apiUsage).where(eq(apiUsage.hour, new Date(BASE + action.which * 3_600_000)));
          } else {
            await handle.db.delete(organizations).where(eq(organizations.id, orgIds[action.which % 2]!));
          }
          const sums = await compare(orgIds);
          expect(sums.byApp).toEqual(sums.byAppExpected);
          expect(sums.byCredential).toEqual(sums.byCredentialExpected);
          expect(sums.daily).toEqual(sums.dailyExpected);
        }
      }),
      { numRuns: propertyRuns(25) },
    );
  });

  it("would notice rollups left alone by a write (the comparison is not vacuous)", async () => {
    const [orgId] = [await freshOrg()];
    const appRef = newId("app");
    await handle.db.insert(apps).values({ id: appRef, ownerOrgId: orgId!, appId: "x", name: "X" });
    const credentialId = await token("d");
    await addCalls(handle.db, [{ appRef, credentialId, endpoint: ENDPOINTS[0]!, hour: new Date(BASE), calls: 5 }]);
    expect((await compare([orgId!])).byApp).toHaveLength(1);
    await handle.db.execute(sql`alter table api_usage disable trigger api_usage_roll_up_update`);
    try {
      await addCalls(handle.db, [{ appRef, credentialId, endpoint: ENDPOINTS[0]!, hour: new Date(BASE), calls: 2 }]);
    } finally {
      await handle.db.execute(sql`alter table api_usage enable trigger api_usage_roll_up_update`);
    }
    const sums = await compare([orgId!]);
    expect(sums.byApp).not.toEqual(sums.byAppExpected);
    expect(sums.byCredential).not.toEqual(sums.byCredentialExpected);
    expect(sums.daily).not.toEqual(sums.dailyExpected);
  });
});
