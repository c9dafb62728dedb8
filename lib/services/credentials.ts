import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { credentials } from "@/db/schema";
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
  hint: string;
  scopes: string[];
  endpointScopes: string[] | "all";
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  status: "active" | "expired" | "revoked";
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

export function credentialStatus(row: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): TokenView["status"] {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

export async function listPersonalAccessTokens(db: Database, userId: string, now = new Date()): Promise<TokenView[]> {
  const rows = await db
    .select()
    .from(credentials)
    .where(and(eq(credentials.userId, userId), eq(credentials.kind, "pat")))
    .orderBy(desc(credentials.createdAt));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    hint: row.hint,
    scopes: row.scopes,
    endpointScopes: row.endpointScopes ?? "all",
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    status: credentialStatus(row, now),
  }));
}

/** Revokes one of the actor's own personal access tokens. */
export async function revokePersonalAccessToken(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<{ id: string }>> {
  const parsed = z.object({ id: z.string().min(1).max(64) }).safeParse(raw);
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
  if (!row || !constantTimeEqual(row.secretHash, hash) || credentialStatus(row, now) !== "active") return fail("unauthenticated", INVALID_CREDENTIAL);
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
