// Demo money for a first look at the Costs page: demo-org's plan (the default one), a monthly budget
// for the organization and one for an app, and some sixty days of API usage by two credentials on
// its three apps, so the current month, its chart and the previous months' statements have
// something to show. Node-hours come from the demo compute's node-count history.

import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { addCalls, type CountedCalls } from "../queries/api-usage";
import { insertCredential } from "../queries/credentials";
import { upsertBudget } from "../queries/finance";
import { apps } from "../schema";
import { issueToken } from "@/lib/credentials/token";
import { newId } from "@/lib/ids";
import { ensurePlan } from "@/lib/services/costs";

const DAY = 24 * 3_600_000;
const DAYS = 60;
const V2 = "/clarifai.api.V2/";

export const DEMO_FINANCE = {
  credentials: { indexer: "Catalogue indexer", storefront: "Storefront search" },
  budgets: { organization: 1_000_00, productSearch: 300_00 },
} as const;

/** Calls per day by app and endpoint, varied by weekday so the chart has a shape. */
const DAILY: { appId: string; endpoint: string; calls: number; key: "indexer" | "storefront" }[] = [
  { appId: "product-search", endpoint: "PostModelOutputs", calls: 3_000, key: "storefront" },
  { appId: "product-search", endpoint: "PostSearches", calls: 2_000, key: "storefront" },
  { appId: "product-search", endpoint: "PostInputs", calls: 800, key: "indexer" },
  { appId: "moderation", endpoint: "PostModelOutputs", calls: 1_500, key: "indexer" },
  { appId: "moderation", endpoint: "ListInputs", calls: 9_000, key: "indexer" },
  { appId: "labeling", endpoint: "PostAnnotations", calls: 1_200, key: "indexer" },
  { appId: "labeling", endpoint: "ListInputs", calls: 5_000, key: "indexer" },
];
const WEEKDAY_LOAD = [0.4, 1, 1.1, 1.2, 1.1, 1, 0.5];

export async function seedDemoFinance(db: DbOrTx, { orgId, adminId, now = new Date() }: { orgId: string; adminId: string; now?: Date }): Promise<void> {
  await ensurePlan(db, orgId);
  const appRefs: Record<string, string> = {};
  for (const appId of new Set(DAILY.map((row) => row.appId))) {
    const [app] = await db.select({ id: apps.id }).from(apps).where(and(eq(apps.ownerOrgId, orgId), eq(apps.appId, appId)));
    appRefs[appId] = app!.id;
  }
  // Two of Ada's credentials (their secrets are not kept: nobody can call with them).
  const credentialIds = {
    indexer: await insertCredential(db, { kind: "pat", userId: adminId, appRef: null, name: DEMO_FINANCE.credentials.indexer, secretHash: issueToken("pat").hash, hint: "demo", expiresAt: null, scopes: ["Inputs:Add", "Inputs:Get", "Predict", "Annotations:Add", "Annotations:Get"], endpointScopes: null }),
    storefront: await insertCredential(db, { kind: "app_key", userId: adminId, appRef: appRefs["product-search"]!, name: DEMO_FINANCE.credentials.storefront, secretHash: issueToken("app_key").hash, hint: "demo", expiresAt: null, scopes: ["Predict", "Search", "Inputs:Get"], endpointScopes: null }),
  };
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const counted: CountedCalls[] = [];
  for (let day = DAYS; day >= 0; day--) {
    const hour = new Date(today - day * DAY + 10 * 3_600_000);
    if (hour.getTime() > now.getTime()) continue;
    const load = WEEKDAY_LOAD[hour.getUTCDay()]!;
    for (const row of DAILY) counted.push({ appRef: appRefs[row.appId]!, credentialId: credentialIds[row.key], endpoint: `${V2}${row.endpoint}`, hour, calls: Math.round(row.calls * load) });
  }
  await addCalls(db, counted);
  await upsertBudget(db, { id: newId("bud"), orgId, appRef: null, amountMinor: DEMO_FINANCE.budgets.organization, thresholds: [50, 80, 100], now });
  await upsertBudget(db, { id: newId("bud"), orgId, appRef: appRefs["product-search"]!, amountMinor: DEMO_FINANCE.budgets.productSearch, thresholds: [80, 100], now });
}
