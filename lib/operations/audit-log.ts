// Reading the audit log: an organization's (Admins every event, Financial Managers the finance
// events) and an app's own (those who administer the app), a page at a time, one event's details,
// and an export a batch at a time (each batch decided again, so access lost mid-export stops it).
// lib/authz decides who reads which events; the queries filter by that reach in SQL.
import { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { auditEventBatch, auditEventPage, findAuditEvent, type AuditEventRow, type AuditLogScope } from "@/db/queries/audit-log";
import { appAuditLogReach, auditLogReach, evaluateAppAuditLogView, evaluateAuditLogView, mayReadAuditAction, type AuditLogReach } from "@/lib/authz";
import { fail, ok, type Result } from "@/lib/result";
import {
  AUDIT_PAGE_SIZE,
  auditChanges,
  auditExportInput,
  auditFiltersInput,
  auditTargetName,
  decodeAuditCursor,
  encodeAuditCursor,
  filterValues,
  resolveAuditFilters,
  type AuditChange,
  type AuditExportBatch,
  type AuditExportInput,
  type AuditExportReader,
  type AuditFilterValues,
  type AuditFiltersInput,
} from "@/lib/services/audit-log";
import { defineAppOperation, defineOrgOperation, type AppTenant, type Operation, type OrgTenant, type Principal } from "./operation";
import { runOperation } from "./runner";

export type AuditLogEvent = Omit<AuditEventRow, "before" | "after"> & { changes: AuditChange[] };

export type AuditLogView = {
  reach: AuditLogReach;
  events: AuditLogEvent[];
  /** Cursors of the next (older) and previous (newer) pages; null where there is none. */
  older: string | null;
  newer: string | null;
  filters: AuditFilterValues;
};

const EVENT_NOT_FOUND = "There is no such event in this log.";

const orgScope = (tenant: OrgTenant): AuditLogScope => ({ kind: "org", orgId: tenant.orgId });
const appScope = (tenant: AppTenant): AuditLogScope => ({ kind: "app", appRef: tenant.app.id, orgId: tenant.app.ownerOrgId });

// `authorize` allowed only readers with a reach; this turns "none" into the refusal it already was.
function reachOf(reach: AuditLogReach | null): AuditLogReach {
  if (reach === null) throw new TypeError("the audit log was opened without a reach");
  return reach;
}

async function readPage(db: DbOrTx, scope: AuditLogScope, orgId: string | null, reach: AuditLogReach, input: AuditFiltersInput): Promise<Result<AuditLogView>> {
  const resolved = await resolveAuditFilters(db, { scope, orgId, reach, input, appFilter: scope.kind === "org" });
  if (!resolved.ok) return resolved;
  const position = input.cursor ? (decodeAuditCursor(input.cursor) ?? undefined) : undefined;
  const page = await auditEventPage(db, { scope, filters: resolved.data, position, pageSize: AUDIT_PAGE_SIZE });
  return ok({
    reach,
    events: page.events.map(({ before, after, ...event }) => ({ ...event, targetLabel: auditTargetName({ ...event, before, after }), changes: auditChanges(before, after) })),
    older: page.older ? encodeAuditCursor({ direction: "older", ...page.older }) : null,
    newer: page.newer ? encodeAuditCursor({ direction: "newer", ...page.newer }) : null,
    filters: filterValues(input),
  });
}

async function readExportBatch(db: DbOrTx, scope: AuditLogScope, orgId: string | null, reach: AuditLogReach, input: AuditExportInput): Promise<Result<AuditExportBatch>> {
  const resolved = await resolveAuditFilters(db, { scope, orgId, reach, input, appFilter: scope.kind === "org" });
  if (!resolved.ok) return resolved;
  return ok({ reach, events: await auditEventBatch(db, { scope, filters: resolved.data, after: input.after ?? null, limit: input.limit }) });
}

const eventInput = z.object({ eventId: z.string({ error: "Choose an event." }).regex(/^aud_[A-Za-z0-9_-]{1,40}$/, "This is not an event of the audit log.") });

async function readEvent(db: DbOrTx, scope: AuditLogScope, reach: AuditLogReach, eventId: string): Promise<Result<AuditEventRow>> {
  const event = await findAuditEvent(db, { scope, eventId });
  // An event the reader may not read does not exist for them.
  if (!event || !mayReadAuditAction(reach, event.action)) return fail("not_found", EVENT_NOT_FOUND);
  return ok(event);
}

// ─── The organization's log ───────────────────────────────────────────────────────────────────

const organizationLog = ({ role }: { role: Parameters<typeof evaluateAuditLogView>[0] }) => evaluateAuditLogView(role);

/** A page of the organization's audit log, newest first, filtered. */
export const readAuditLog = defineOrgOperation({
  name: "audit_log.read",
  input: auditFiltersInput,
  authorize: organizationLog,
  readOnly: true,
  run: ({ tx, tenant, authority }, input) => readPage(tx, orgScope(tenant), tenant.orgId, reachOf(auditLogReach(authority.role)), input),
});

/** One event of the organization's log with its whole before and after. */
export const readAuditEvent = defineOrgOperation({
  name: "audit_log.read_event",
  input: eventInput,
  authorize: organizationLog,
  readOnly: true,
  run: ({ tx, tenant, authority }, input) => readEvent(tx, orgScope(tenant), reachOf(auditLogReach(authority.role)), input.eventId),
});

/** One batch of a CSV export of the organization's log (see auditExportReader). */
export const exportAuditLog = defineOrgOperation({
  name: "audit_log.export",
  input: auditExportInput,
  authorize: organizationLog,
  readOnly: true,
  run: ({ tx, tenant, authority }, input) => readExportBatch(tx, orgScope(tenant), tenant.orgId, reachOf(auditLogReach(authority.role)), input),
});

// ─── An app's own log ─────────────────────────────────────────────────────────────────────────

const appLog = ({ grants }: { grants: Parameters<typeof evaluateAppAuditLogView>[0] }) => evaluateAppAuditLogView(grants);

/** A page of the app's own audit log (its events in its current owner's log). */
export const readAppAuditLog = defineAppOperation({
  name: "audit_log.read_app",
  input: auditFiltersInput,
  authorize: appLog,
  readOnly: true,
  run: ({ tx, tenant, authority }, input) => readPage(tx, appScope(tenant), tenant.app.ownerOrgId, reachOf(appAuditLogReach(authority.grants)), input),
});

export const readAppAuditEvent = defineAppOperation({
  name: "audit_log.read_app_event",
  input: eventInput,
  authorize: appLog,
  readOnly: true,
  run: ({ tx, tenant, authority }, input) => readEvent(tx, appScope(tenant), reachOf(appAuditLogReach(authority.grants)), input.eventId),
});

/** One batch of a CSV export of the app's own log (see auditExportReader). */
export const exportAppAuditLog = defineAppOperation({
  name: "audit_log.export_app",
  input: auditExportInput,
  authorize: appLog,
  readOnly: true,
  run: ({ tx, tenant, authority }, input) => readExportBatch(tx, appScope(tenant), tenant.app.ownerOrgId, reachOf(appAuditLogReach(authority.grants)), input),
});

export type AuditExportOperation = Operation<unknown, AuditExportBatch>;

/**
 * How an export reads its batches: each one is a run of the export's descriptor for `principal`
 * with the export's tenant and filters (`input`), so the runner resolves the tenant and lib/authz
 * decides on the reader's standing as it is when that batch is read, not when the export began.
 */
export function auditExportReader(operation: AuditExportOperation, principal: Principal, input: Record<string, unknown>, db: Database): AuditExportReader {
  return (after, limit) => runOperation(operation, principal, { ...input, after, limit }, { db });
}
