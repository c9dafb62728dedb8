// Metering of allowed API calls: one row per (app, credential, endpoint, hour), its count raised
// by an upsert, so the table grows with combinations in use, not with requests.

import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiUsage, apps } from "@/db/schema";

export type MeteredCall = { appRef: string; credentialId: string; endpoint: string; ownerOrgId: string | null; ownerUserId: string | null; at: Date };

/**
 * Counts the call in its hour's row. Only while the app exists: a call that deleted its own app is
 * not counted against a row that could no longer name it.
 */
export async function countCall(db: DbOrTx, call: MeteredCall): Promise<void> {
  const hour = new Date(Math.floor(call.at.getTime() / 3_600_000) * 3_600_000);
  await db.execute(sql`
    insert into ${apiUsage} (hour, app_ref, credential_id, endpoint, owner_org_id, owner_user_id, calls)
    select ${hour.toISOString()}::timestamptz, ${call.appRef}, ${call.credentialId}, ${call.endpoint}, ${call.ownerOrgId}, ${call.ownerUserId}, 1
    where exists (select 1 from ${apps} where ${apps.id} = ${call.appRef})
    on conflict (app_ref, credential_id, endpoint, hour) do update set calls = ${apiUsage.calls} + 1`);
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
