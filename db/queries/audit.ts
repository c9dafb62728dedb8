import type { DbOrTx } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { AuditAction } from "@/lib/audit-actions";
import { newId } from "@/lib/ids";

export type AuditInput = {
  actorUserId: string | null;
  orgId?: string | null;
  appId?: string | null;
  /** `resource.past_tense`, e.g. `member.role_changed`: one of lib/audit-actions.ts, which names it. */
  action: AuditAction;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
};

/** Writes an audit event; callers pass their transaction so the event commits with the change. */
export async function recordAudit(tx: DbOrTx, event: AuditInput): Promise<void> {
  await tx.insert(auditEvents).values({
    id: newId("aud"),
    actorUserId: event.actorUserId,
    orgId: event.orgId ?? null,
    appId: event.appId ?? null,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    before: event.before ?? null,
    after: event.after ?? null,
    ip: event.ip ?? null,
  });
}
