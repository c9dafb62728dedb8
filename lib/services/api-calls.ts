// What happens around every authenticated API call besides its operation: the credential's rate
// limit (held in PostgreSQL, so it holds across instances, and reported in RateLimit-* headers),
// metering of allowed calls for the costs page, and an audit event for each refused call — itself
// rate-limited per credential, so a flood of refused calls cannot fill the audit log.

import type { DbOrTx } from "@/db/client";
import { countCall } from "@/db/queries/api-usage";
import { recordAudit } from "@/db/queries/audit";
import { takeFromWindow, windowStartOf } from "@/db/queries/rate-limits";
import { apiRateLimitPerMinute } from "@/lib/config";

const MINUTE_MS = 60_000;

/** Refusals audited per credential per window; beyond it a refusal is answered but not written. */
export const REFUSAL_AUDIT_LIMIT = { limit: 30, windowMs: 10 * MINUTE_MS };

export type Admission = { allowed: boolean; headers: Record<string, string> };

/** Takes one call from the credential's per-minute allowance. */
export async function admitCall(db: DbOrTx, credentialId: string, now = new Date()): Promise<Admission> {
  const limit = apiRateLimitPerMinute();
  const bucket = `api:credential:${credentialId}`;
  const taken = await takeFromWindow(db, bucket, { limit, windowMs: MINUTE_MS }, now);
  const windowStart = taken.allowed ? taken.windowStart : ((await windowStartOf(db, bucket)) ?? now);
  const resetSeconds = Math.max(0, Math.ceil((windowStart.getTime() + MINUTE_MS - now.getTime()) / 1000));
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(limit),
    "RateLimit-Remaining": String(taken.allowed ? Math.max(0, limit - taken.hits) : 0),
    "RateLimit-Reset": String(resetSeconds),
    ...(taken.allowed ? {} : { "Retry-After": String(resetSeconds) }),
  };
  return { allowed: taken.allowed, headers };
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

/** Counts an allowed call in its hour. */
export async function meterCall(db: DbOrTx, call: ApiCall & { app: NonNullable<ApiCall["app"]> }, now = new Date()): Promise<void> {
  await countCall(db, { appRef: call.app.id, credentialId: call.credentialId, endpoint: call.endpoint, ownerOrgId: call.app.ownerOrgId, ownerUserId: call.app.ownerUserId, at: now });
}

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
