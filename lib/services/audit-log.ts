// The audit log's rules: the filters people type (parsed, with clear messages), the opaque page
// cursor, the readable before/after diff, and the CSV export, streamed in keyset batches only as
// fast as its reader takes them, each batch read through the export's descriptor, which decides
// the reader's access again.
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { findAuditActors, findOrgAppRef, type AuditEventRow, type AuditLogFilters, type AuditLogScope, type AuditPosition } from "@/db/queries/audit-log";
import { auditActionName } from "@/lib/audit-actions";
import { auditResourceOf, type AuditLogReach } from "@/lib/authz";
import { csvStream, type CsvBatch } from "@/lib/csv/stream";
import type { CsvCell } from "@/lib/csv/write";
import { fail, ok, type Failure, type Result } from "@/lib/result";

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_BATCH = 1000;

const INVALID = "Please correct the highlighted fields.";

/** A form field left empty is no filter. */
const optionalText = (schema: z.ZodString) => z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day as YYYY-MM-DD (UTC); the 31st of February is refused, not rolled over. */
function calendarDay(label: string) {
  return z
    .string({ error: `Enter the ${label} date as YYYY-MM-DD.` })
    .trim()
    .refine(isCalendarDay, { message: `Enter the ${label} date as YYYY-MM-DD, e.g. 2026-03-31.` });
}

function isCalendarDay(text: string): boolean {
  if (!DATE_FORMAT.test(text)) return false;
  const day = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}

/** An event's time as the queries write it (microseconds, UTC) and its ID: a keyset position. */
const EVENT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const EVENT_ID = /^aud_[A-Za-z0-9_-]{1,40}$/;

// base64url of {"d":"o"|"n","t":"<time>","i":"<event id>"}: which side of which event a page starts.
const cursorPayload = z.object({
  d: z.enum(["o", "n"]),
  t: z.string().regex(EVENT_TIME),
  i: z.string().regex(EVENT_ID),
});

export type AuditCursor = { direction: "older" | "newer" } & AuditPosition;

export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify({ d: cursor.direction === "older" ? "o" : "n", t: cursor.at, i: cursor.id })).toString("base64url");
}

export function decodeAuditCursor(text: string): AuditCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = cursorPayload.safeParse(json);
  if (!parsed.success || Number.isNaN(Date.parse(parsed.data.t))) return null;
  return { direction: parsed.data.d === "o" ? "older" : "newer", at: parsed.data.t, id: parsed.data.i };
}

const BAD_CURSOR = "This page link is not valid (it may have been cut short). Start again from the newest events.";

/** The filters of an audit log, as typed into its form or its URL (both may be absent or empty). */
export const auditFiltersInput = z
  .object({
    actor: optionalText(z.string().trim().max(320, "The actor is too long: enter an email, a user ID or a member's name.")),
    action: optionalText(
      z
        .string()
        .trim()
        .max(100, "The action is too long.")
        .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/, "Enter an action such as member.role_changed, or a resource such as member."),
    ),
    target: optionalText(z.string().trim().max(100, "The target is too long.").regex(/^[A-Za-z0-9_-]+$/, "Enter the target's ID as the log shows it, e.g. usr_…")),
    // Not `app`: operations on an app name their tenant so.
    appId: optionalText(z.string().trim().max(64, "The app ID is too long.")),
    from: optionalText(calendarDay("start")),
    to: optionalText(calendarDay("end")),
    cursor: optionalText(z.string().refine((text) => decodeAuditCursor(text) !== null, BAD_CURSOR)),
  })
  .superRefine((filters, context) => {
    if (filters.from && filters.to && filters.from > filters.to) {
      context.addIssue({ code: "custom", path: ["to"], message: `The end date (${filters.to}) is before the start date (${filters.from}): swap them or pick another range.` });
    }
  });

export type AuditFiltersInput = z.infer<typeof auditFiltersInput>;

/** One batch of an export: the filters, the last event already exported, how many to read. */
export const auditExportInput = z.intersection(
  auditFiltersInput,
  z.object({
    after: z.object({ at: z.string().regex(EVENT_TIME), id: z.string().regex(EVENT_ID) }).nullish(),
    limit: z.number().int().min(1).max(AUDIT_EXPORT_BATCH).default(AUDIT_EXPORT_BATCH),
  }),
);

export type AuditExportInput = z.infer<typeof auditExportInput>;

/** The filters as the page echoes them into its form and links (only those given). */
export type AuditFilterValues = Partial<Record<"actor" | "action" | "target" | "appId" | "from" | "to", string>>;

export function filterValues(input: AuditFiltersInput): AuditFilterValues {
  const values: AuditFilterValues = {};
  for (const key of ["actor", "action", "target", "appId", "from", "to"] as const) if (input[key]) values[key] = input[key];
  return values;
}

/** The filters as they arrive in the page's URL (`app` names an app ID). */
export type AuditSearch = { actor?: string; action?: string; target?: string; app?: string; from?: string; to?: string; cursor?: string };

export const AUDIT_SEARCH_FIELDS = ["actor", "action", "target", "app", "from", "to", "cursor"] as const;

/** The page's filters from its search parameters (only single string values count). */
export function auditSearch(params: Record<string, string | string[] | undefined>): AuditSearch {
  const search: AuditSearch = {};
  for (const field of AUDIT_SEARCH_FIELDS) {
    const value = params[field];
    if (typeof value === "string") search[field] = value.slice(0, 500);
  }
  return search;
}

/** The operation's input from the page's filters. */
export function auditInput(search: AuditSearch): Record<string, string | undefined> {
  return { actor: search.actor, action: search.action, target: search.target, appId: search.app, from: search.from, to: search.to, cursor: search.cursor };
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * The typed filters resolved against the database: the actor to a person of the organization (or
 * of the app's log), the app ID to one of the organization's apps. An actor or app nobody here
 * has is refused with a message, the same whether or not it exists elsewhere.
 */
export async function resolveAuditFilters(
  db: DbOrTx,
  { scope, orgId, reach, input, appFilter }: { scope: AuditLogScope; orgId: string | null; reach: AuditLogReach; input: AuditFiltersInput; appFilter: boolean },
): Promise<Result<AuditLogFilters>> {
  const filters: AuditLogFilters = { reach };
  if (input.actor) {
    const actors = await findAuditActors(db, { scope, text: input.actor, orgId });
    if (actors.length === 0) {
      const where = scope.kind === "org" ? "of this organization" : "of this app's log";
      return fail("invalid_input", INVALID, { actor: [`No one ${where} matches “${input.actor}”. Enter a member's email, user ID or full name.`] });
    }
    if (actors.length > 1) return fail("invalid_input", INVALID, { actor: [`${actors.length} members are named “${input.actor}”: enter the email of the one you mean.`] });
    filters.actorUserId = actors[0]!.userId;
  }
  if (input.action) {
    filters.resource = auditResourceOf(input.action);
    if (input.action.includes(".")) filters.action = input.action;
  }
  if (input.target) filters.targetId = input.target;
  if (input.appId) {
    if (!appFilter) return fail("invalid_input", INVALID, { appId: ["This log is about one app already: it has no app filter."] });
    const appRef = orgId === null ? null : await findOrgAppRef(db, { orgId, appId: input.appId });
    if (!appRef) return fail("invalid_input", INVALID, { appId: [`There is no app “${input.appId}” in this organization.`] });
    filters.appRef = appRef;
  }
  if (input.from) filters.from = new Date(`${input.from}T00:00:00.000Z`);
  // The end date is inclusive: events before the next day's start.
  if (input.to) filters.until = new Date(new Date(`${input.to}T00:00:00.000Z`).getTime() + DAY);
  return ok(filters);
}

// ─── Before/after ─────────────────────────────────────────────────────────────────────────────

export type AuditChange = { key: string; before: string | null; after: string | null };

function shown(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What changed, key by key (before → after): the keys whose values differ, in the order they
 * first appear; a value that is not an object is one change under the key "value".
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  if ((before === null || isRecord(before)) && (after === null || isRecord(after))) {
    const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
    return keys
      .map((key) => ({ key, before: shown(before?.[key]), after: shown(after?.[key]) }))
      .filter((change) => change.before !== change.after);
  }
  const change = { key: "value", before: shown(before), after: shown(after) };
  return change.before === change.after ? [] : [change];
}

// ─── Targets ──────────────────────────────────────────────────────────────────────────────────

/** Targets whose stored ID is the one people use (a model's, an input's, an address). */
const READABLE_IDS: ReadonlySet<string> = new Set(["annotation", "concept", "email", "input", "model", "workflow"]);

/** Where an event's own before/after names its target, by the target's type (first found wins). */
const RECORDED_NAMES: Readonly<Record<string, readonly string[]>> = {
  app: ["appId", "name"],
  app_key: ["name"],
  cluster: ["clusterId", "name"],
  credential: ["name"],
  deployment: ["deploymentId"],
  environment: ["name"],
  invitation: ["email"],
  nodepool: ["nodepoolId"],
  organization: ["name", "handle"],
  permission_group: ["name"],
  personal_access_token: ["name"],
  team: ["teamId", "name"],
  user: ["email"],
};

/**
 * How the log names an event's target: as it is called now where the event happened (the query's
 * label), else as the event itself recorded it (a deleted team's ID, say), else by its ID when
 * that is the ID people use; null when nothing names it (the log then shows its type and ID).
 * Only the event's own fields and names in its own organization or app are read, so a reader
 * learns nothing the event's details do not already show them.
 */
export function auditTargetName(event: Pick<AuditEventRow, "targetType" | "targetId" | "targetLabel" | "before" | "after">): string | null {
  if (event.targetLabel) return event.targetLabel;
  for (const key of RECORDED_NAMES[event.targetType] ?? []) {
    for (const side of [event.after, event.before]) {
      const value = isRecord(side) ? side[key] : undefined;
      if (typeof value === "string" && value.trim() !== "") return value;
    }
  }
  return READABLE_IDS.has(event.targetType) ? event.targetId : null;
}

// ─── CSV ──────────────────────────────────────────────────────────────────────────────────────

/** `action_name` and `target` are the names the log shows (lib/audit-actions.ts, auditTargetName); the codes and IDs stay for filtering. */
export const AUDIT_CSV_COLUMNS = ["time", "actor_email", "actor_user_id", "action", "target_type", "target_id", "target", "app_id", "ip", "before", "after", "action_name"] as const;

function eventRecord(event: AuditEventRow): CsvCell[] {
  return [
    event.at,
    event.actorEmail,
    event.actorUserId,
    event.action,
    event.targetType,
    event.targetId,
    auditTargetName(event),
    event.appId ?? event.appRef,
    event.ip,
    event.before === null ? null : JSON.stringify(event.before),
    event.after === null ? null : JSON.stringify(event.after),
    auditActionName(event.action),
  ];
}

/** One batch of an export, as the export's descriptor read it once it had decided the reader's access. */
export type AuditExportBatch = { reach: AuditLogReach; events: AuditEventRow[] };

/** Reads the batch after `after` (from the newest without it) through the export's descriptor. */
export type AuditExportReader = (after: AuditPosition | null, limit: number) => Promise<Result<AuditExportBatch>>;

const NOT_EXPORTED = "Events older than the row above were not exported.";

function stoppedLine(failure: Failure): string {
  if (failure.code === "not_found" || failure.code === "forbidden" || failure.code === "unauthenticated") {
    return `Export stopped: you no longer have access to this audit log. ${NOT_EXPORTED}`;
  }
  return `Export stopped: ${failure.message} ${NOT_EXPORTED}`;
}

const REACH_CHANGED = `Export stopped: your access to this audit log changed during the export. ${NOT_EXPORTED}`;

/**
 * Opens a CSV export, newest event first. The first batch is read at once, so a reader who may
 * not export gets the refusal instead of a file. Every later batch is read only when the reader
 * has taken the one before (lib/csv/stream.ts) and goes through the descriptor again, which
 * decides the reader's access anew: a reader removed from the organization, or whose role no
 * longer reads this log, gets no event read after that, and the file ends with a line saying it
 * stopped. So does one whose reach changed (an Admin made Financial Manager), rather than a file
 * that silently holds fewer kinds of events from some row on.
 */
export async function openAuditCsvExport(readBatch: AuditExportReader, batchSize = AUDIT_EXPORT_BATCH): Promise<Result<ReadableStream<Uint8Array>>> {
  const first = await readBatch(null, batchSize);
  if (!first.ok) return first;
  const { reach } = first.data;
  let unsent: Result<AuditExportBatch> | null = first;
  let after: AuditPosition | null = null;
  const nextBatch = async (): Promise<CsvBatch> => {
    const read = unsent ?? (await readBatch(after, batchSize));
    unsent = null;
    if (!read.ok) return { stopped: stoppedLine(read) };
    if (read.data.reach !== reach) return { stopped: REACH_CHANGED };
    const { events } = read.data;
    const last = events.at(-1);
    if (last) after = { at: last.at, id: last.id };
    return { records: events.map(eventRecord), last: events.length < batchSize };
  };
  return ok(csvStream(AUDIT_CSV_COLUMNS, nextBatch));
}

/** The export's file name: the log's owner and the day it was taken. */
export function auditExportFileName(owner: string, now: Date): string {
  return `audit-log-${owner.replace(/[^A-Za-z0-9_-]/g, "-")}-${now.toISOString().slice(0, 10)}.csv`;
}
