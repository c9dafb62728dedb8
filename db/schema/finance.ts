import { sql } from "drizzle-orm";
import { bigint, check, date, foreignKey, index, integer, numeric, pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { apps, organizations } from "./organizations";

// An organization's money: its pricing plan (an included monthly credit and a price table, data
// that Admins edit), its monthly budgets with alert thresholds, the alerts sent (each at most once
// per budget, threshold and month: a unique constraint, whichever instance meters first), and the
// statements of closed months. Amounts are integer minor units of the plan's currency (cents for
// USD); unit prices are exact decimals (numeric) of minor units, since an API call costs a
// fraction of a cent. Months are calendar months in UTC, named by their first day.

/** One plan per organization, in one currency. */
export const pricingPlans = pgTable(
  "pricing_plans",
  {
    orgId: text("org_id")
      .primaryKey()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** ISO 4217 code; every amount of the organization is in it. */
    currency: text("currency").notNull(),
    /** Spend up to this much each month is covered by the plan. */
    includedCreditMinor: bigint("included_credit_minor", { mode: "number" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [check("pricing_plans_credit", sql`${t.includedCreditMinor} >= 0`)],
);

/** The price of 1,000 API operations of one category (lib/finance/categories.ts). */
export const planOperationPrices = pgTable(
  "plan_operation_prices",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => pricingPlans.orgId, { onDelete: "cascade" }),
    category: text("category").notNull(),
    minorPerThousand: numeric("minor_per_thousand", { precision: 20, scale: 4 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.category] }), check("plan_operation_prices_positive", sql`${t.minorPerThousand} >= 0`)],
);

/** The price of one node of an instance type for one hour. */
export const planInstancePrices = pgTable(
  "plan_instance_prices",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => pricingPlans.orgId, { onDelete: "cascade" }),
    instanceType: text("instance_type").notNull(),
    minorPerHour: numeric("minor_per_hour", { precision: 20, scale: 4 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.instanceType] }), check("plan_instance_prices_positive", sql`${t.minorPerHour} >= 0`)],
);

/** A monthly budget: the organization's (no app) or one of its apps'. */
export const budgets = pgTable(
  "budgets",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    appRef: text("app_ref"),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The app must be the organization's own; its budget goes with it.
    foreignKey({ columns: [t.appRef, t.orgId], foreignColumns: [apps.id, apps.ownerOrgId], name: "budgets_app_fk" }).onDelete("cascade"),
    unique("budgets_org_app_unique").on(t.orgId, t.appRef).nullsNotDistinct(),
    unique("budgets_id_org_unique").on(t.id, t.orgId),
    check("budgets_amount_positive", sql`${t.amountMinor} > 0`),
  ],
);

/** The percentages of a budget at which its recipients are alerted. */
export const budgetThresholds = pgTable(
  "budget_thresholds",
  {
    budgetId: text("budget_id")
      .notNull()
      .references(() => budgets.id, { onDelete: "cascade" }),
    percent: integer("percent").notNull(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.percent] }), check("budget_thresholds_range", sql`${t.percent} between 1 and 100`)],
);

/** A threshold crossed in a month: one row, so one notification and one mail per recipient, ever. */
export const budgetAlerts = pgTable(
  "budget_alerts",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    budgetId: text("budget_id")
      .notNull()
      .references(() => budgets.id, { onDelete: "cascade" }),
    percent: integer("percent").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    /** The spend that crossed the threshold, and the budget it was measured against. */
    spendMinor: bigint("spend_minor", { mode: "number" }).notNull(),
    budgetMinor: bigint("budget_minor", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("budget_alerts_once").on(t.budgetId, t.percent, t.month), index("budget_alerts_org_month_idx").on(t.orgId, t.month)],
);

/**
 * A closed month's statement, written once (the first time it is read or the plan changes after
 * the month ended) with the prices then in force, so that later edits of the plan, or usage rows
 * that go with a deleted app, do not change what was stated.
 */
export const statements = pgTable(
  "statements",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    month: date("month", { mode: "string" }).notNull(),
    currency: text("currency").notNull(),
    totalMinor: bigint("total_minor", { mode: "number" }).notNull(),
    includedCreditMinor: bigint("included_credit_minor", { mode: "number" }).notNull(),
    /** What remains after the included credit. */
    dueMinor: bigint("due_minor", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("statements_org_month_unique").on(t.orgId, t.month), unique("statements_id_org_unique").on(t.id, t.orgId)],
);

/** One line of a statement: a category of operations on one app (or on members' accounts), or node-hours of one instance type. */
export const statementLines = pgTable(
  "statement_lines",
  {
    statementId: text("statement_id").notNull(),
    orgId: text("org_id").notNull(),
    position: integer("position").notNull(),
    category: text("category").notNull(),
    /** The app's ID and name when the statement was written (empty: not on an app). */
    appId: text("app_id").notNull().default(""),
    appName: text("app_name").notNull().default(""),
    /** Operations, or node-hours (an instance type's line). */
    quantity: numeric("quantity", { precision: 24, scale: 6 }).notNull(),
    unit: text("unit").notNull(),
    /** Compute lines: the nodepool ("cluster / nodepool") and its instance type. */
    nodepool: text("nodepool").notNull().default(""),
    instanceType: text("instance_type").notNull().default(""),
    unitPriceMinor: numeric("unit_price_minor", { precision: 20, scale: 4 }).notNull(),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.statementId, t.orgId], foreignColumns: [statements.id, statements.orgId], name: "statement_lines_statement_fk" }).onDelete("cascade"),
    primaryKey({ columns: [t.statementId, t.position] }),
  ],
);
