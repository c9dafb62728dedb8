// What happens around every authenticated API call besides its operation: authentication with the
// credential's rate limit (held in PostgreSQL, so it holds across instances, and reported in
// RateLimit-* headers) and the access rows, all in one statement; metering of allowed calls for the
// costs page (./metering.ts); and an audit event for each refused call — itself rate-limited per
// credential, so a flood of refused calls cannot fill the audit log.

import type { DbOrTx } from "@/db/client";
import { openCall, type CallTarget } from "@/db/queries/api-calls";
import { recordAudit } from "@/db/queries/audit";
import { takeFromWindow } from "@/db/queries/rate-limits";
import { apiRateLimitPerMinute } from "@/lib/config";
import { hashToken, parseToken } from "@/lib/credentials/token";
import { fail, ok, type Result } from "@/lib/result";
import { accessFromRows, type AppAccess } from "./access";
import { authenticatedCredential, INVALID_CREDENTIAL, type AuthenticatedCredential } from "./credentials";

const MINUTE_MS = 60_000;

/** Refusals audited per credential per window; beyond it a refusal is answered but not written. */
export const REFUSAL_AUDIT_LIMIT = { limit: 30, windowMs: 10 * MINUTE_MS };

export type Admission = { allowed: boolean; headers: Record<string, string> };

export type { CallTarget } from "@/db/queries/api-calls";

/** An authenticated call: who calls with which credential, its admission, and the app it names with the caller's access. */
export type OpenedApiCall = { caller: AuthenticatedCredential; admission: Admission; access: AppAccess | null };

/**
 * Opens an API call in one round trip: authenticates the secret (unknown, revoked, expired and
 * malformed secrets all fail alike), takes the call from the credential's per-minute allowance and
 * reads the app `target` names with everything the caller's access to it rests on.
 */
export async function openApiCall(db: DbOrTx, secret: string, target: CallTarget = null, now = new Date()): Promise<Result<OpenedApiCall>> {
  if (!parseToken(secret)) return fail("unauthenticated", INVALID_CREDENTIAL);
  const hash = hashToken(secret);
  const limit = apiRateLimitPerMinute();
  const opened = await openCall(db, { secretHash: hash, target, bucketPrefix: "api:credential:", rule: { limit, windowMs: MINUTE_MS }, touchBefore: new Date(now.getTime() - MINUTE_MS), now });
  const caller = authenticatedCredential(opened?.credential ?? null, hash, now);
  if (!opened || !caller) return fail("unauthenticated", INVALID_CREDENTIAL);
  const windowStart = opened.taken?.windowStart ?? opened.windowStart ?? now;
  const resetSeconds = Math.max(0, Math.ceil((windowStart.getTime() + MINUTE_MS - now.getTime()) / 1000));
  const allowed = opened.taken !== null;
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(limit),
    "RateLimit-Remaining": String(allowed ? Math.max(0, limit - opened.taken!.hits) : 0),
    "RateLimit-Reset": String(resetSeconds),
    ...(allowed ? {} : { "Retry-After": String(resetSeconds) }),
  };
  return ok({ caller, admission: { allowed, headers }, access: opened.access ? accessFromRows(caller.userId, opened.access) : null });
}

export type ApiCall = {
  credentialId: string;
  userId: string;
  endpoint: string;
  /** The request's path (it names the app even when the caller may not learn whether it exists). */
  path: string;
  app: { id: string; ownerOrgId: string | null; ownerUserId: string | null } | null;
  ip: string | null;
};

/** Writes "this credential was refused this call, and why", unless the credential's refusals already filled the window. */
export async function auditRefusal(db: DbOrTx, call: ApiCall, refusal: { status: number; code: number; deniedBy?: string | null; missing?: readonly string[] }, now = new Date()): Promise<boolean> {
  const taken = await takeFromWindow(db, `api:refusal-audit:${call.credentialId}`, REFUSAL_AUDIT_LIMIT, now);
  if (!taken.allowed) return false;
  await recordAudit(db, {
    actorUserId: call.userId,
    orgId: call.app?.ownerOrgId ?? null,
    appId: call.app?.id ?? null,
    action: "api.call_refused",
    targetType: "credential",
    targetId: call.credentialId,
    after: { endpoint: call.endpoint, path: call.path, http_status: refusal.status, code: refusal.code, denied_by: refusal.deniedBy ?? null, missing_scopes: refusal.missing ?? [] },
    ip: call.ip,
  });
  return true;
}
