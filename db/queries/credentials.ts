// Credentials: personal access tokens (a user's own, `userId`) and app API keys (one app's,
// `appRef` = apps.id). Each statement is within its owner or app; finding a credential by its
// secret's hash — all an API call presents — is part of the statement that opens the call
// (./api-calls.ts). Only hashes are stored; callers pass them.

import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { apps, credentials, organizations, users } from "@/db/schema";
import type { OrgRole } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { reachableAppsCondition } from "./app-access";

export type CredentialRow = typeof credentials.$inferSelect;
type Scopes = { scopes: string[]; endpointScopes: string[] | null };

/** Adds a token or key with its secret's hash; returns its id. */
export async function insertCredential(
  db: DbOrTx,
  {
    userId,
    appRef,
    ...values
  }: Scopes & { kind: "pat" | "app_key"; userId: string; appRef: string | null; name: string; secretHash: string; hint: string; expiresAt: Date | null; limitedToApps?: string[] | null },
): Promise<string> {
  const id = newId("key");
  await db.insert(credentials).values({ id, userId, appId: appRef, ...values });
  return id;
}

// ─── Personal access tokens ─────────────────────────────────────────────────────────────────

/** The user's tokens, newest first, each with the app its collaboration is on (owner handle and app ID; null for other tokens). */
export async function listPersonalTokens(db: DbOrTx, { userId }: { userId: string }): Promise<{ credential: CredentialRow; appId: string | null; ownerHandle: string | null }[]> {
  const ownerUser = alias(users, "collaboration_owner_user");
  return db
    .select({ credential: credentials, appId: apps.appId, ownerHandle: sql<string | null>`coalesce(${ownerUser.handle}, ${organizations.handle})` })
    .from(credentials)
    .leftJoin(apps, eq(apps.id, credentials.collaborationAppId))
    .leftJoin(ownerUser, eq(ownerUser.id, apps.ownerUserId))
    .leftJoin(organizations, eq(organizations.id, apps.ownerOrgId))
    .where(and(eq(credentials.userId, userId), eq(credentials.kind, "pat")))
    .orderBy(desc(credentials.createdAt));
}

/**
 * Of the apps `appRefs` (a limited token's), those the user still reaches, each with its path as in
 * its URL (owner handle / app ID): app id → path. An app out of reach is left out, so a list never
 * tells where it is now.
 */
export async function reachableAppPaths(
  db: DbOrTx,
  { userId, rolesReachingAllApps, appRefs }: { userId: string; rolesReachingAllApps: readonly OrgRole[]; appRefs: readonly string[] },
): Promise<Map<string, string>> {
  if (appRefs.length === 0) return new Map();
  const rows = await db
    .select({ ref: apps.id, appId: apps.appId, ownerHandle: sql<string>`coalesce(${users.handle}, ${organizations.handle})` })
    .from(apps)
    .leftJoin(users, eq(users.id, apps.ownerUserId))
    .leftJoin(organizations, eq(organizations.id, apps.ownerOrgId))
    .where(and(inArray(apps.id, [...appRefs]), reachableAppsCondition(userId, rolesReachingAllApps)));
  return new Map(rows.map((row) => [row.ref, `${row.ownerHandle}/${row.appId}`]));
}

/** The user's credentials that may act on the app: every token, and their keys of this app. */
export async function listCredentialsForApp(db: DbOrTx, { userId, appRef }: { userId: string; appRef: string }): Promise<CredentialRow[]> {
  return db
    .select()
    .from(credentials)
    .where(and(eq(credentials.userId, userId), or(eq(credentials.kind, "pat"), eq(credentials.appId, appRef))));
}

/**
 * Stores the secret of one of the user's live tokens that has none yet (a collaboration's). Only
 * the first reveal matches; null for any other.
 */
export async function revealPersonalToken(
  db: DbOrTx,
  { userId, credentialId, secretHash, hint }: { userId: string; credentialId: string; secretHash: string; hint: string },
): Promise<{ id: string; name: string; appId: string | null } | null> {
  const [row] = await db
    .update(credentials)
    .set({ secretHash, hint })
    .where(and(eq(credentials.id, credentialId), eq(credentials.userId, userId), eq(credentials.kind, "pat"), isNull(credentials.secretHash), isNull(credentials.revokedAt)))
    .returning({ id: credentials.id, name: credentials.name, appId: credentials.collaborationAppId });
  return row ?? null;
}

/** Revokes one of the user's live tokens; null when there is no such token. */
export async function revokeLivePersonalToken(db: DbOrTx, { userId, credentialId, at }: { userId: string; credentialId: string; at: Date }): Promise<{ id: string; name: string } | null> {
  const [row] = await db
    .update(credentials)
    .set({ revokedAt: at })
    .where(and(eq(credentials.id, credentialId), eq(credentials.userId, userId), eq(credentials.kind, "pat"), isNull(credentials.revokedAt)))
    .returning({ id: credentials.id, name: credentials.name });
  return row ?? null;
}

/** Revokes every live token and app key the user holds (their collaborations' tokens included); returns what it revoked. */
export async function revokeLiveCredentialsOfUser(
  db: DbOrTx,
  { userId, at }: { userId: string; at: Date },
): Promise<{ id: string; name: string; kind: "pat" | "app_key"; appId: string | null }[]> {
  return db
    .update(credentials)
    .set({ revokedAt: at })
    .where(and(eq(credentials.userId, userId), isNull(credentials.revokedAt)))
    .returning({ id: credentials.id, name: credentials.name, kind: credentials.kind, appId: credentials.appId });
}

// ─── Collaboration tokens (the user's token that comes with a collaboration on `appRef`) ────

function liveCollaborationToken({ userId, appRef }: { userId: string; appRef: string }) {
  return and(eq(credentials.userId, userId), eq(credentials.collaborationAppId, appRef), eq(credentials.kind, "pat"), isNull(credentials.revokedAt));
}

/**
 * Adds the collaboration's token, its secret not yet minted; returns its id, or null when a live
 * one already exists (`credentials_one_live_collaboration_token`).
 */
export async function insertCollaborationToken(db: DbOrTx, { userId, appRef, name, scopes, endpointScopes }: Scopes & { userId: string; appRef: string; name: string }): Promise<string | null> {
  const [created] = await db
    .insert(credentials)
    .values({ id: newId("key"), kind: "pat", userId, name, secretHash: null, hint: null, scopes, endpointScopes, collaborationAppId: appRef })
    .onConflictDoNothing()
    .returning({ id: credentials.id });
  return created?.id ?? null;
}

/** The live collaboration token's scopes, locked for update until the transaction ends. */
export async function lockLiveCollaborationToken(db: DbOrTx, ref: { userId: string; appRef: string }): Promise<(Scopes & { id: string }) | null> {
  const [row] = await db
    .select({ id: credentials.id, scopes: credentials.scopes, endpointScopes: credentials.endpointScopes })
    .from(credentials)
    .where(liveCollaborationToken(ref))
    .for("update");
  return row ?? null;
}

export async function setCredentialScopes(db: DbOrTx, { userId, credentialId, scopes, endpointScopes }: Scopes & { userId: string; credentialId: string }): Promise<void> {
  await db
    .update(credentials)
    .set({ scopes, endpointScopes })
    .where(and(eq(credentials.id, credentialId), eq(credentials.userId, userId)));
}

/** Revokes the user's live token for the collaboration on the app; returns what it revoked. */
export async function revokeLiveCollaborationTokens(db: DbOrTx, { at, ...ref }: { userId: string; appRef: string; at: Date }): Promise<{ id: string; name: string }[]> {
  return db.update(credentials).set({ revokedAt: at }).where(liveCollaborationToken(ref)).returning({ id: credentials.id, name: credentials.name });
}

// ─── App API keys ───────────────────────────────────────────────────────────────────────────

/** The app's keys, newest first, each with its creator's handle. */
export async function listAppKeyRows(db: DbOrTx, { appRef }: { appRef: string }): Promise<{ key: CredentialRow; createdBy: string }[]> {
  return db
    .select({ key: credentials, createdBy: users.handle })
    .from(credentials)
    .innerJoin(users, eq(users.id, credentials.userId))
    .where(and(eq(credentials.appId, appRef), eq(credentials.kind, "app_key")))
    .orderBy(desc(credentials.createdAt));
}

/** Revokes one of the app's live keys; null when there is no such key. */
export async function revokeLiveAppKey(db: DbOrTx, { appRef, keyId, at }: { appRef: string; keyId: string; at: Date }): Promise<{ id: string; name: string } | null> {
  const [row] = await db
    .update(credentials)
    .set({ revokedAt: at })
    .where(and(eq(credentials.id, keyId), eq(credentials.appId, appRef), eq(credentials.kind, "app_key"), isNull(credentials.revokedAt)))
    .returning({ id: credentials.id, name: credentials.name });
  return row ?? null;
}
