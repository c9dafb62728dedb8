// Personal access tokens and app API keys: their input and lifetime rules, their status, how lists
// show them, and resolving an API secret. Rows are read and written in db/queries/credentials.ts.

import { z } from "zod";
import { displayNameSchema } from "@/lib/validation/common";
import type { DbOrTx } from "@/db/client";
import { insertCredential, listPersonalTokens, reachableAppPaths, revokeLiveCredentialsOfUser, type CredentialRow } from "@/db/queries/credentials";
import type { AuditInput } from "@/db/queries/audit";
import { credentialsSurviveAddressProof, parseEndpoints, parseScopes, scopeNames, type Credential } from "@/lib/authz";
import { issueToken } from "@/lib/credentials/token";
import { ok, type Result } from "@/lib/result";
import { constantTimeEqual } from "@/lib/secrets";
import { ROLES_REACHING_ALL_ORG_APPS } from "@/lib/services/access";
import { endpointScopesField, operationScopesField } from "@/lib/validation/scopes";

const MAX_LIFETIME_MS = 2 * 365 * 24 * 60 * 60 * 1000;

export const createTokenInput = z.object({
  name: displayNameSchema,
  scopes: operationScopesField,
  endpointScopes: endpointScopesField,
  expiresAt: z
    .union([z.literal(""), z.null(), z.iso.datetime({ offset: true, message: "Enter a valid expiry date." }), z.iso.date({ message: "Enter a valid expiry date." })])
    .optional()
    .transform((value) => (value ? new Date(value) : null)),
});

/** An app as a person names it: its owner's handle and its ID, as in its URL ("demo-org/product-search"). */
const appPath = z
  .string()
  .trim()
  .max(130)
  .regex(/^[^/\s]+\/[^/\s]+$/, "Name each app as owner/app, as in its URL.")
  .transform((path) => {
    const [owner, app] = path.split("/") as [string, string];
    return { owner, app };
  });

/**
 * The apps a personal access token is limited to: "all" (every app its owner reaches, the default)
 * or a non-empty list of apps as in their URLs, repeated names counted once.
 */
export const tokenAppsField = z
  .preprocess(
    // Absent: all apps. "" is what a form sends for "only selected apps" with none selected: no app.
    (value) => (value === undefined || value === null || value === "all" ? "all" : value === "" ? [] : typeof value === "string" ? [value] : value),
    z.union([z.literal("all"), z.array(appPath).max(100, "A token may be limited to at most 100 apps: choose fewer, or all apps.")]),
  )
  .superRefine((value, ctx) => {
    if (value !== "all" && value.length === 0) ctx.addIssue({ code: "custom", message: "Choose at least one app, or all apps." });
  })
  .transform((value) => (value === "all" ? ("all" as const) : [...new Map(value.map((app) => [`${app.owner.toLowerCase()}/${app.app}`, app])).values()]));

/** A personal access token: a key's fields, and the apps it is limited to. */
export const createPersonalTokenInput = createTokenInput.extend({ apps: tokenAppsField });

export type CreatedToken = { id: string; secret: string; hint: string; name: string };
/** The apps a token is limited to, as lists show them (only those its owner still reaches are named). */
export type TokenApps = "all" | { paths: string[]; outOfReach: number };
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
  /** A personal access token's apps ("all" for an app key, bound to its own). */
  apps: TokenApps;
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

/** Where a change is written and its audit event recorded (an operation's context, or a transaction's). */
export type CredentialSink = { tx: DbOrTx; audit(event: Omit<AuditInput, "actorUserId" | "ip">): void };

/** Writes a new credential and its audit event; the caller has validated and authorized it. */
export async function insertToken(
  sink: CredentialSink,
  input: {
    kind: "pat" | "app_key";
    appId: string | null;
    userId: string;
    name: string;
    scopes: string[];
    endpointScopes: string[] | "all";
    expiresAt: Date | null;
    /** A token limited to chosen apps: each app's id and its path (audited); absent: every app. */
    limitedTo?: readonly { ref: string; path: string }[] | null;
  },
): Promise<Result<CreatedToken>> {
  const token = issueToken(input.kind);
  const scopes = scopeNames(parseScopes(input.scopes).scopes);
  const endpointScopes = input.endpointScopes === "all" ? null : [...parseEndpoints(input.endpointScopes).endpoints];
  const limitedTo = input.limitedTo ?? null;
  const id = await insertCredential(sink.tx, {
    kind: input.kind,
    userId: input.userId,
    appRef: input.appId,
    name: input.name,
    secretHash: token.hash,
    hint: token.hint,
    scopes,
    endpointScopes,
    expiresAt: input.expiresAt,
    limitedToApps: limitedTo === null ? null : limitedTo.map((app) => app.ref),
  });
  sink.audit({
    appId: input.appId,
    action: "credential.created",
    targetType: input.kind === "pat" ? "personal_access_token" : "app_key",
    targetId: id,
    after: {
      name: input.name,
      scopes,
      endpointScopes: endpointScopes ?? "all",
      expiresAt: input.expiresAt?.toISOString() ?? null,
      ...(input.kind === "pat" ? { apps: limitedTo === null ? "all" : limitedTo.map((app) => app.path) } : {}),
    },
  });
  return ok({ id, secret: token.secret, hint: token.hint, name: input.name });
}

/**
 * After someone proved control of the account's address (`proof`: a reset or verification link),
 * revokes the credentials made before, when lib/authz says they do not survive it. Each revocation is
 * audited; returns how many ended.
 */
export async function endCredentialsOnAddressProof(
  sink: CredentialSink,
  account: { userId: string; addressWasVerified: boolean },
  proof: "password_reset" | "email_link",
  at: Date,
): Promise<number> {
  if (credentialsSurviveAddressProof(account)) return 0;
  const revoked = await revokeLiveCredentialsOfUser(sink.tx, { userId: account.userId, at });
  for (const credential of revoked) {
    sink.audit({
      appId: credential.appId,
      action: "credential.revoked",
      targetType: credential.kind === "pat" ? "personal_access_token" : "app_key",
      targetId: credential.id,
      before: { name: credential.name, revoked: false },
      after: { revoked: true, reason: "address_proven", via: proof },
    });
  }
  return revoked.length;
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
  const rows = await listPersonalTokens(db, { userId });
  const paths = await reachableAppPaths(db, { userId, rolesReachingAllApps: ROLES_REACHING_ALL_ORG_APPS, appRefs: [...new Set(rows.flatMap((row) => row.credential.limitedToApps ?? []))] });
  return rows.map(({ credential: row, appId, ownerHandle }) => {
    const collaboration = appId !== null && ownerHandle !== null ? { ownerHandle, appId } : null;
    return { ...tokenView(row, now, paths), name: collaboration ? collaborationTokenName(collaboration) : row.name, collaboration };
  });
}

/** The apps a stored token is limited to, named by the paths of those its owner still reaches. */
export function tokenApps(limitedToApps: readonly string[] | null, paths: ReadonlyMap<string, string>): TokenApps {
  if (limitedToApps === null) return "all";
  const named = limitedToApps.flatMap((ref) => paths.get(ref) ?? []).sort();
  return { paths: named, outOfReach: limitedToApps.length - named.length };
}

/** A stored credential as lists show it: never its secret. `paths`: app id → path, for a limited token's apps. */
export function tokenView(row: CredentialRow, now: Date, paths: ReadonlyMap<string, string> = new Map()): TokenView {
  return {
    id: row.id,
    name: row.name,
    hint: row.hint,
    scopes: row.scopes,
    endpointScopes: row.endpointScopes ?? "all",
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    status: credentialStatus(row, now),
    apps: tokenApps(row.limitedToApps, paths),
  };
}

/** The credential lib/authz decides with, from its stored fields. */
export function storedCredential(row: Pick<CredentialRow, "kind" | "scopes" | "endpointScopes" | "limitedToApps" | "expiresAt" | "revokedAt"> & { appRef: string | null }): Credential {
  const base = {
    operationScopes: parseScopes(row.scopes).scopes,
    endpointScopes: row.endpointScopes ?? ("all" as const),
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
  return row.kind === "app_key" ? { kind: "app_key", appRef: row.appRef!, ...base } : { kind: "pat", appRefs: row.limitedToApps, ...base };
}

export const INVALID_CREDENTIAL = "Invalid API key or access token.";

export type AuthenticatedCredential = { id: string; kind: "pat" | "app_key"; userId: string; handle: string; appId: string | null; credential: Credential };

/** What authenticating a secret reads about its credential. */
export type PresentedCredential = Pick<CredentialRow, "id" | "kind" | "userId" | "scopes" | "endpointScopes" | "limitedToApps" | "expiresAt" | "revokedAt" | "secretHash"> & {
  appRef: string | null;
  ownerHandle: string;
};

/**
 * The credential a secret (hashing to `hash`) presents, if it may act: unknown, revoked, expired
 * and unrevealed credentials are all null, so a caller learns nothing about which tokens exist.
 */
export function authenticatedCredential(row: PresentedCredential | null, hash: string, now: Date): AuthenticatedCredential | null {
  if (!row?.secretHash || !constantTimeEqual(row.secretHash, hash) || credentialStatus(row, now) !== "active") return null;
  const credential = storedCredential(row);
  return { id: row.id, kind: row.kind, userId: row.userId, handle: row.ownerHandle, appId: row.appRef, credential };
}
