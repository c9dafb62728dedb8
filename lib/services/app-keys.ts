// Reads of app-specific API keys (changes are operations in lib/operations/app-keys.ts).

import type { DbOrTx } from "@/db/client";
import { listAppKeyRows } from "@/db/queries/credentials";
import { tokenView, type TokenView } from "./credentials";

export type AppKeyView = TokenView & { createdBy: string };

/** The keys of one app (by internal id), newest first; never their secrets. The caller has authorized the read. */
export async function appKeysOf(db: DbOrTx, appId: string, now: Date): Promise<AppKeyView[]> {
  const rows = await listAppKeyRows(db, { appRef: appId });
  return rows.map(({ key, createdBy }) => ({ ...tokenView(key, now), createdBy }));
}
