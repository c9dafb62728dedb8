// Metering of allowed API calls: one row per (app, credential, endpoint, hour), its count raised
// by an upsert, so the table grows with combinations in use, not with requests.

import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiUsage } from "@/db/schema";

export type MeteredCall = { appRef: string; credentialId: string; endpoint: string; ownerOrgId: string | null; ownerUserId: string | null; at: Date };

export async function countCall(db: DbOrTx, call: MeteredCall): Promise<void> {
  const hour = new Date(Math.floor(call.at.getTime() / 3_600_000) * 3_600_000);
  await db
    .insert(apiUsage)
    .values({ hour, appRef: call.appRef, credentialId: call.credentialId, endpoint: call.endpoint, ownerOrgId: call.ownerOrgId, ownerUserId: call.ownerUserId, calls: 1 })
    .onConflictDoUpdate({ target: [apiUsage.appRef, apiUsage.credentialId, apiUsage.endpoint, apiUsage.hour], set: { calls: sql`${apiUsage.calls} + 1` } });
}

export type UsageRow = { hour: Date; endpoint: string; calls: number };

/** An app's metered calls through one credential, by hour and endpoint. */
export async function usageOf(db: DbOrTx, { appRef, credentialId }: { appRef: string; credentialId: string }): Promise<UsageRow[]> {
  return db
    .select({ hour: apiUsage.hour, endpoint: apiUsage.endpoint, calls: apiUsage.calls })
    .from(apiUsage)
    .where(and(eq(apiUsage.appRef, appRef), eq(apiUsage.credentialId, credentialId)))
    .orderBy(apiUsage.hour, apiUsage.endpoint);
}
