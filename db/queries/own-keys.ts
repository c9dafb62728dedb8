// The caller's own live credentials, as the /v2 keys methods (ListKeys, GetKey, PatchKeys,
// DeleteKey) name them: their personal access tokens, and the app keys they created on apps they
// still reach (a key on an app out of reach is useless, and listing it would tell where that app
// is now). Every statement is within one user; nothing here decides.

import { and, desc, eq, gt, isNull, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apps, credentials, organizations, users } from "@/db/schema";
import type { OrgRole } from "@/lib/authz";
import { reachableAppsCondition } from "./app-access";
import type { CredentialRow } from "./credentials";

/** A key with the app it is bound to (an app key) or comes with (a collaboration's token), as in that app's URL. */
export type OwnKeyRow = { credential: CredentialRow; app: { ref: string; appId: string; ownerHandle: string } | null };

type Owner = { userId: string; rolesReachingAllApps: readonly OrgRole[] };

function ownKeys({ userId, rolesReachingAllApps }: Owner): SQL {
  return and(eq(credentials.userId, userId), isNull(credentials.revokedAt), or(eq(credentials.kind, "pat"), reachableAppsCondition(userId, rolesReachingAllApps)))!;
}

function withApps(db: DbOrTx) {
  return db
    .select({ credential: credentials, ref: apps.id, appId: apps.appId, ownerHandle: sql<string | null>`coalesce(${users.handle}, ${organizations.handle})` })
    .from(credentials)
    .leftJoin(apps, eq(apps.id, sql`coalesce(${credentials.appId}, ${credentials.collaborationAppId})`))
    .leftJoin(users, eq(users.id, apps.ownerUserId))
    .leftJoin(organizations, eq(organizations.id, apps.ownerOrgId));
}

function toRow(row: { credential: CredentialRow; ref: string | null; appId: string | null; ownerHandle: string | null }): OwnKeyRow {
  const app = row.ref !== null && row.appId !== null && row.ownerHandle !== null ? { ref: row.ref, appId: row.appId, ownerHandle: row.ownerHandle } : null;
  return { credential: row.credential, app };
}

/** A page of the user's keys, newest first; only those unexpired at `unexpiredAt` when given. */
export async function listOwnKeys(db: DbOrTx, { unexpiredAt, limit, offset, ...owner }: Owner & { unexpiredAt: Date | null; limit: number; offset: number }): Promise<OwnKeyRow[]> {
  const unexpired = unexpiredAt ? or(isNull(credentials.expiresAt), gt(credentials.expiresAt, unexpiredAt)) : undefined;
  const rows = await withApps(db)
    .where(and(ownKeys(owner), unexpired))
    .orderBy(desc(credentials.createdAt), desc(credentials.id))
    .limit(limit)
    .offset(offset);
  return rows.map(toRow);
}

/** One of the user's keys, by its id or by its secret's hash. */
export async function findOwnKey(db: DbOrTx, { key, ...owner }: Owner & { key: { id: string } | { secretHash: string } }): Promise<OwnKeyRow | null> {
  const which = "id" in key ? eq(credentials.id, key.id) : eq(credentials.secretHash, key.secretHash);
  const [row] = await withApps(db).where(and(ownKeys(owner), which));
  return row ? toRow(row) : null;
}

/** Renames one of the user's live keys (a collaboration's token is named after its app: never); false when none matched. */
export async function renameOwnKey(db: DbOrTx, { userId, keyId, name }: { userId: string; keyId: string; name: string }): Promise<boolean> {
  const renamed = await db
    .update(credentials)
    .set({ name })
    .where(and(eq(credentials.id, keyId), eq(credentials.userId, userId), isNull(credentials.revokedAt), isNull(credentials.collaborationAppId)))
    .returning({ id: credentials.id });
  return renamed.length > 0;
}
