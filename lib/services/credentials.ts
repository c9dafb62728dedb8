import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { apps, credentials, organizations, users } from "@/db/schema";
import { parseEndpoints, parseScopes, scopeNames, type Credential } from "@/lib/authz";
import { hashToken, issueToken, parseToken } from "@/lib/credentials/token";
import { newId } from "@/lib/ids";
import { fail, ok, type Result } from "@/lib/result";
import { constantTimeEqual } from "@/lib/secrets";
import { invalidInput } from "@/lib/validation/form";
import { endpointScopesField, operationScopesField } from "@/lib/validation/scopes";
import { recordAudit } from "./audit";
import { runInTransaction } from "./transaction";

const MAX_LIFETIME_MS = 2 * 365 * 24 * 60 * 60 * 1000;

export const createTokenInput = z.object({
  name: z.string().trim().min(1, "Name is required.").max(100, "Name must be at most 100 characters."),
  scopes: operationScopesField,
  endpointScopes: endpointScopesField,
  expiresAt: z
    .union([z.literal(""), z.null(), z.iso.datetime({ offset: true, message: "Enter a valid expiry date." }), z.iso.date({ message: "Enter a valid expiry date." })])
    .optional()
    .transform((value) => (value ? new Date(value) : null)),
});

export type CreatedToken = { id: string; secret: string; hint: string; name: string };
export type TokenView = {
  id: string;
  name: string;
  /** Null until the secret exists (a collaboration token not yet revealed). */
  hint: string | null;
  scopes: string[];
  endpointScopes: string[] | "all";
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  status: "active" | "unrevealed" | "expired" | "revoked";
};
export type PersonalTokenView = TokenView & {
  /** The app whose collaboration this token comes with, as in its URL. */
  collaboration: { ownerHandle: string; appId: string } | null;
};

export function validExpiry(expiresAt: Date | null, now: Date): string | null {
  if (!expiresAt) return null;
  if (expiresAt.getTime() <= now.getTime()) return "The expiry must be in the future.";
  if (expiresAt.getTime() - now.getTime() > MAX_LIFETIME_MS) return "A token may live at most two years.";
  return null;
}

/**
 * Creates a personal access token. Its scopes may name more than the owner can do today: at
 * every request lib/authz intersects them with the owner's current grants on the app.
 */
export async function createPersonalAccessToken(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null; now?: Date } = {}): Promise<Result<CreatedToken>> {
  const parsed = createTokenInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const now = context.now ?? new Date();
  const expiryError = validExpiry(parsed.data.expiresAt, now);
  if (expiryError) return fail("invalid_input", "Please correct the highlighted fields.", { expiresAt: [expiryError] });
  return runInTransaction(db, async (tx) => insertToken(tx, { kind: "pat", appId: null, orgId: null, userId: actor.userId, ...parsed.data, ip: context.ip ?? null }));
}

/** Writes a new credential and its audit event; the caller has validated and authorized it. */
export async function insertToken(
  tx: DbOrTx,
  input: { kind: "pat" | "app_key"; appId: string | null; orgId: string | null; userId: string; name: string; scopes: string[]; endpointScopes: string[] | "all"; expiresAt: Date | null; ip: string | null },
): Promise<Result<CreatedToken>> {
  const token = issueToken(input.kind);
  const id = newId("key");
  const scopes = scopeNames(parseScopes(input.scopes).scopes);
  const endpointScopes = input.endpointScopes === "all" ? null : [...parseEndpoints(input.endpointScopes).endpoints];
  await tx.insert(credentials).values({ id, kind: input.kind, userId: input.userId, appId: input.appId, name: input.name, secretHash: token.hash, hint: token.hint, scopes, endpointScopes, expiresAt: input.expiresAt });
  await recordAudit(tx, {
    actorUserId: input.userId,
    orgId: input.orgId,
    appId: input.appId,
    action: "credential.created",
    targetType: input.kind === "pat" ? "personal_access_token" : "app_key",
    targetId: id,
    after: { name: input.name, scopes, endpointScopes: endpointScopes ?? "all", expiresAt: input.expiresAt?.toISOString() ?? null },
    ip: input.ip,
  });
  return ok({ id, secret: token.secret, hint: token.hint, name: input.name });
}

export function credentialStatus(row: { revokedAt: Date | null; expiresAt: Date | null; secretHash?: string | null }, now: Date): TokenView["status"] {
  if (row.revokedAt) return "revoked";
  if (row.secretHash === null) return "unrevealed";
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

/** The collaboration token's name: the app as in its URL (read when listed, so a renamed app shows its new name). */
export function collaborationTokenName(app: { ownerHandle: string; appId: string }): string {
  return `Collaboration: ${app.ownerHandle}/${app.appId}`;
}

export async function listPersonalAccessTokens(db: DbOrTx, userId: string, now = new Date()): Promise<PersonalTokenView[]> {
  const ownerUser = alias(users, "collaboration_owner_user");
  const rows = await db
    .select({ credential: credentials, appId: apps.appId, ownerHandle: sql<string | null>`coalesce(${ownerUser.handle}, ${organizations.handle})` })
    .from(credentials)
    .leftJoin(apps, eq(apps.id, credentials.collaborationAppId))
    .leftJoin(ownerUser, eq(ownerUser.id, apps.ownerUserId))
    .leftJoin(organizations, eq(organizations.id, apps.ownerOrgId))
    .where(and(eq(credentials.userId, userId), eq(credentials.kind, "pat")))
    .orderBy(desc(credentials.createdAt));
  return rows.map(({ credential: row, appId, ownerHandle }) => {
    const collaboration = appId !== null && ownerHandle !== null ? { ownerHandle, appId } : null;
    return {
      id: row.id,
      name: collaboration ? collaborationTokenName(collaboration) : row.name,
      hint: row.hint,
      scopes: row.scopes,
      endpointScopes: row.endpointScopes ?? "all",
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      status: credentialStatus(row, now),
      collaboration,
    };
  });
}

const tokenIdInput = z.object({ id: z.string().min(1).max(64) });

/**
 * Mints the secret of one of the actor's unrevealed tokens and returns it, once: the conditional
 * update only matches while no secret exists, so a second reveal (or a concurrent one) finds nothing.
 */
export async function revealPersonalAccessToken(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<CreatedToken>> {
  const parsed = tokenIdInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  return runInTransaction(db, async (tx) => {
    const token = issueToken("pat");
    const [revealed] = await tx
      .update(credentials)
      .set({ secretHash: token.hash, hint: token.hint })
      .where(and(eq(credentials.id, parsed.data.id), eq(credentials.userId, actor.userId), eq(credentials.kind, "pat"), isNull(credentials.secretHash), isNull(credentials.revokedAt)))
      .returning({ id: credentials.id, name: credentials.name, appId: credentials.collaborationAppId });
    if (!revealed) return fail("not_found", "This token was already revealed or does not exist. A secret is shown only once: revoke the token if it was lost.");
    await recordAudit(tx, { actorUserId: actor.userId, appId: revealed.appId, action: "credential.revealed", targetType: "personal_access_token", targetId: revealed.id, after: { hint: token.hint }, ip: context.ip ?? null });
    return ok({ id: revealed.id, secret: token.secret, hint: token.hint, name: revealed.name });
  });
}

/** Revokes one of the actor's own personal access tokens. */
export async function revokePersonalAccessToken(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<{ id: string }>> {
  const parsed = tokenIdInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  return runInTransaction(db, async (tx) => {
    const [revoked] = await tx
      .update(credentials)
      .set({ revokedAt: new Date() })
      .where(and(eq(credentials.id, parsed.data.id), eq(credentials.userId, actor.userId), eq(credentials.kind, "pat"), isNull(credentials.revokedAt)))
      .returning({ id: credentials.id, name: credentials.name });
    if (!revoked) return fail("not_found", "That token does not exist or is already revoked.");
    await recordAudit(tx, { actorUserId: actor.userId, action: "credential.revoked", targetType: "personal_access_token", targetId: revoked.id, before: { name: revoked.name, revoked: false }, after: { revoked: true }, ip: context.ip ?? null });
    return ok({ id: revoked.id });
  });
}

export const INVALID_CREDENTIAL = "Invalid API key or access token.";

export type AuthenticatedCredential = { id: string; kind: "pat" | "app_key"; userId: string; appId: string | null; credential: Credential };

/**
 * Resolves an API secret. Malformed, mistyped (checksum), unknown, revoked and expired secrets
 * all get the same answer, so a caller learns nothing about which tokens exist.
 */
export async function authenticateSecret(db: Database, secret: string, now = new Date()): Promise<Result<AuthenticatedCredential>> {
  if (!parseToken(secret)) return fail("unauthenticated", INVALID_CREDENTIAL);
  const hash = hashToken(secret);
  const [row] = await db.select().from(credentials).where(eq(credentials.secretHash, hash));
  if (!row?.secretHash || !constantTimeEqual(row.secretHash, hash) || credentialStatus(row, now) !== "active") return fail("unauthenticated", INVALID_CREDENTIAL);
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(credentials).set({ lastUsedAt: now }).where(eq(credentials.id, row.id));
  }
  const base = {
    operationScopes: parseScopes(row.scopes).scopes,
    endpointScopes: row.endpointScopes ?? ("all" as const),
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
  const credential: Credential = row.kind === "app_key" ? { kind: "app_key", appRef: row.appId!, ...base } : { kind: "pat", ...base };
  return ok({ id: row.id, kind: row.kind, userId: row.userId, appId: row.appId, credential });
}
