// A /v2 call may add, change or delete up to 128 resources of an app at once. It writes one audit
// event, not one per resource: otherwise every call could write 128 rows, and any organization —
// a free one too — could fill the database with its audit log. A batch of one keeps its
// resource's own event (target, before, after); a larger batch is one event on the app with how
// many resources it changed and the IDs of the first of them, so the log still says what was touched.

import type { AuditAction } from "@/lib/audit-actions";
import type { OperationAuditEvent } from "./operation";

/** How many of a batch's IDs its audit event lists; its `count` says how many there were. */
export const AUDITED_BATCH_IDS = 20;

/** What one resource of a batch would record on its own. */
export type BatchItemAudit = Pick<OperationAuditEvent, "targetType" | "targetId" | "before" | "after">;

/**
 * Records a batch of `action` on the app `app`: nothing for an empty batch, the item's own event
 * for one, else one event targeting the app, `after` holding the count, the first IDs and `details`.
 */
export function auditBatch(
  audit: (event: OperationAuditEvent) => void,
  app: { id: string },
  action: AuditAction,
  items: readonly BatchItemAudit[],
  details: Record<string, unknown> = {},
): void {
  const [first] = items;
  if (!first) return;
  if (items.length === 1) return audit({ action, ...first });
  const ids = items.slice(0, AUDITED_BATCH_IDS).map((item) => item.targetId);
  audit({ action, targetType: "app", targetId: app.id, after: { ...details, count: items.length, ids } });
}
