// Metering of allowed API calls: one row per (app, credential, endpoint, hour), its count raised
// by an upsert of counts aggregated in memory (lib/services/metering.ts), so the table grows with
// combinations in use, not with requests, and a request adds no statement.

import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiUsage, apps, credentials } from "@/db/schema";

/** Calls counted in memory for one (app, credential, endpoint, hour); no app: a call on the credential's account. */
export type CountedCalls = { appRef: string | null; credentialId: string; endpoint: string; hour: Date; calls: number };

/**
 * Adds counted calls to their hours' rows, in one statement however many combinations. Only while
 * the app and the credential exist (a call that deleted its own app, or a key revoked and deleted
 * since, is not counted against a row that could no longer name it). The owner is the app's, or
 * for a call on an account the credential's user.
 */
export async function addCalls(db: DbOrTx, counted: readonly CountedCalls[]): Promise<{ orgIds: string[] }> {
  if (counted.length === 0) return { orgIds: [] };
  const rows = JSON.stringify(counted.map((row) => ({ hour: row.hour.toISOString(), app_ref: row.appRef, credential_id: row.credentialId, endpoint: row.endpoint, calls: row.calls })));
  const result = await db.execute(sql`
    insert into ${apiUsage} (hour, app_ref, credential_id, endpoint, owner_org_id, owner_user_id, calls)
    select counted.hour, counted.app_ref, counted.credential_id, counted.endpoint, ${apps.ownerOrgId},
      case when counted.app_ref is null then ${credentials.userId} else ${apps.ownerUserId} end, counted.calls
    -- Rows of one key are added up first: an upsert may touch each row only once per statement.
    from (
      select hour, app_ref, credential_id, endpoint, sum(calls) as calls
      from json_to_recordset(${rows}::json) as given(hour timestamptz, app_ref text, credential_id text, endpoint text, calls bigint)
      group by hour, app_ref, credential_id, endpoint
    ) counted
    inner join ${credentials} on ${credentials.id} = counted.credential_id
    left join ${apps} on ${apps.id} = counted.app_ref
    where counted.app_ref is null or ${apps.id} is not null
    on conflict (app_ref, credential_id, endpoint, hour) do update set calls = ${apiUsage.calls} + excluded.calls
    returning owner_org_id`);
  // The organizations whose spend changed (their budgets are checked next).
  const written = (Array.isArray(result) ? result : ((result as unknown as { rows?: unknown[] } | undefined)?.rows ?? [])) as { owner_org_id: string | null }[];
  return { orgIds: [...new Set(written.flatMap((row) => (row.owner_org_id ? [row.owner_org_id] : [])))] };
}
