// Reads of app-specific API keys (changes are operations in lib/operations/app-keys.ts).

import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { credentials, users } from "@/db/schema";
import { tokenView, type TokenView } from "./credentials";

export type AppKeyView = TokenView & { createdBy: string };

/** The keys of one app (by internal id), newest first; never their secrets. The caller has authorized the read. */
export async function appKeysOf(db: DbOrTx, appId: string, now: Date): Promise<AppKeyView[]> {
  const rows = await db
    .select({ key: credentials, createdBy: users.handle })
    .from(credentials)
    .innerJoin(users, eq(users.id, credentials.userId))
    .where(and(eq(credentials.appId, appId), eq(credentials.kind, "app_key")))
    .orderBy(desc(credentials.createdAt));
  return rows.map(({ key, createdBy }) => ({ ...tokenView(key, now), createdBy }));
}
