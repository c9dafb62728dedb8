// Reading the audit log: an organization's (Admins every event, Financial Managers the finance
// events) and an app's own (those who administer the app), a page at a time, one event's details,
// and the export's authorization (the route then streams what this allowed). lib/authz decides who
// reads which events; the queries filter by that reach in SQL.
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { auditEventPage, findAuditEvent, type AuditEventRow, type AuditLogFilters, type AuditLogScope } from "@/db/queries/audit-log";
import { appAuditLogReach, auditLogReach, evaluateAppAuditLogView, evaluateAuditLogView, mayReadAuditAction, type AuditLogReach } from "@/lib/authz";
import { fail, ok, type Result } from "@/lib/result";
import {
  AUDIT_PAGE_SIZE,
  auditChanges,
  auditFiltersInput,
  decodeAuditCursor,
  encodeAuditCursor,
  filterValues,
  resolveAuditFilters,
  type AuditChange,
  type AuditFilterValues,
  type AuditFiltersInput,
} from "@/lib/services/audit-log";
import { defineAppOperation, defineOrgOperation, type AppTenant, type OrgTenant } from "./operation";

export type AuditLogEvent = Omit<AuditEventRow, "before" | "after"> & { changes: AuditChange[] };

export type AuditLogView = {
  reach: AuditLogReach;
  events: AuditLogEvent[];
  /** Cursors of the next (older) and previous (newer) pages; null where there is none. */
  older: string | null;
  newer: string | null;
  filters: AuditFilterValues;
};

export type AuditExport = { scope: AuditLogScope; filters: AuditLogFilters };

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
    events: page.events.map(({ before, after, ...event }) => ({ ...event, changes: auditChanges(before, after) })),
    older: page.older ? encodeAuditCursor({ direction: "older", ...page.older }) : null,
    newer: page.newer ? encodeAuditCursor({ direction: "newer", ...page.newer }) : null,
    filters: filterValues(input),
  });
}

async function resolveExport(db: DbOrTx, scope: AuditLogScope, orgId: string | null, reach: AuditLogReach, input: AuditFiltersInput): Promise<Result<AuditExport>> {
  const resolved = await resolveAuditFilters(db, { scope, orgId, reach, input, appFilter: scope.kind === "org" });
  return resolved.ok ? ok({ scope, filters: resolved.data }) : resolved;
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

/** What a CSV export of the organization's log may hold (the route streams it). */
export const exportAuditLog = defineOrgOperation({
  name: "audit_log.export",
  input: auditFiltersInput,
  authorize: organizationLog,
  readOnly: true,
  run: ({ tx, tenant, authority }, input) => resolveExport(tx, orgScope(tenant), tenant.orgId, reachOf(auditLogReach(authority.role)), input),
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

export const exportAppAuditLog = defineAppOperation({
  name: "audit_log.export_app",
  input: auditFiltersInput,
  authorize: appLog,
  readOnly: true,
  run: ({ tx, tenant, authority }, input) => resolveExport(tx, appScope(tenant), tenant.app.ownerOrgId, reachOf(appAuditLogReach(authority.grants)), input),
});
