import { sql, type SQL } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, type AnyPgColumn } from "drizzle-orm/pg-core";
import { FINANCE_AUDIT_RESOURCES } from "../../lib/authz/audit";
import { users } from "./accounts";

/** The resource of an audit action (`member.role_changed` → `member`), as the indexes and queries compute it. */
export function auditResourceExpression(action: AnyPgColumn | SQL): SQL {
  return sql`split_part(${action}, '.', 1)`;
}

/**
 * "This is a finance event", in SQL. The resources are constants of lib/authz written as literals,
 * so the planner can match a query's predicate to the partial index's.
 */
export function financeAuditPredicate(action: AnyPgColumn | SQL): SQL {
  return sql`${auditResourceExpression(action)} in (${sql.raw(FINANCE_AUDIT_RESOURCES.map((resource) => `'${resource}'`).join(", "))})`;
}

// Append-only: a trigger (migration 0001) refuses UPDATE and DELETE. org_id/app_id are plain
// columns, not foreign keys, so history outlives what it describes.
export const auditEvents = pgTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    actorUserId: text("actor_user_id"),
    orgId: text("org_id"),
    appId: text("app_id"),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: text("ip"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // The audit log reads newest first by (created_at, id), one page after another (keyset), within
  // an organization or an app and optionally one filter: each index below serves one of them
  // without sorting, however many events there are. The finance index holds only the events a
  // Financial Manager reads, with the predicate the queries use (the same FINANCE_AUDIT_RESOURCES).
  (t) => [
    index("audit_events_org_idx").on(t.orgId, t.createdAt, t.id),
    index("audit_events_actor_idx").on(t.actorUserId),
    index("audit_events_org_actor_idx").on(t.orgId, t.actorUserId, t.createdAt, t.id),
    index("audit_events_org_resource_idx").on(t.orgId, auditResourceExpression(t.action), t.createdAt, t.id),
    index("audit_events_org_target_idx").on(t.orgId, t.targetId, t.createdAt, t.id),
    index("audit_events_app_idx").on(t.appId, t.createdAt, t.id),
    index("audit_events_org_finance_idx").on(t.orgId, t.createdAt, t.id).where(financeAuditPredicate(t.action)),
  ],
);

export const notifications = pgTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    // Optional structured reference, e.g. {"invitationId": "..."} for actionable notifications.
    data: jsonb("data"),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt)],
);

// Mail is written here in the transaction that causes it and delivered after commit.
export const outboxEmails = pgTable(
  "outbox_emails",
  {
    id: text("id").primaryKey(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    // pending → sending (claimed; next_attempt_at is then the claim's expiry) → sent | pending (retry) |
    // failed (given up); "logged" when no SMTP server is configured (printed once). Only pending and
    // sending rows keep their body: it may hold a one-time link.
    status: text("status", { enum: ["pending", "sending", "sent", "failed", "logged"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("outbox_emails_due_idx").on(t.status, t.nextAttemptAt)],
);

