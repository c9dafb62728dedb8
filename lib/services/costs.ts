// What an organization spends: the current month priced with its plan (operations by category and
// app, node-hours by nodepool), its budgets and their alerts, and the statements of closed months.
// Every amount is whole minor units; lines are priced and rounded in SQL (db/queries/finance.ts)
// and every total here is a sum of lines. Months are UTC calendar months.
//
// Statements are written once per closed month, the first time anything needs them (the costs page,
// a statement, or a change of the plan — which first closes the months priced with the old one),
// with the prices then in force; usage that arrives later for a closed month is not restated.
//
// Budget alerts are decided where usage is written (after each metering flush): spend is read, and
// each threshold crossed is recorded in budget_alerts, whose unique (budget, threshold, month)
// constraint lets exactly one writer — of any number of instances flushing at once — insert it. The
// notifications and the outbox mail are written in that same short transaction, so they exist
// exactly when the alert row does. Mail leaves through the outbox after commit.

import { z } from "zod";
import { allowLongerStatements, type DbOrTx } from "@/db/client";
import * as finance from "@/db/queries/finance";
import { recordAudit } from "@/db/queries/audit";
import { ORG_ROLES, evaluateOrgCapability, type OrgRole } from "@/lib/authz";
import { INSTANCE_TYPES } from "@/lib/compute/catalog";
import { appUrl } from "@/lib/config";
import { csvNumber, csvText, type CsvCell } from "@/lib/csv/write";
import { CATEGORY_LABELS, OPERATION_CATEGORIES, SPEND_CATEGORIES, type SpendCategory } from "@/lib/finance/categories";
import { amountField, CURRENCIES, formatMoney, minorToMajorString, monthLabel, monthOf, monthParam, monthStart, nextMonth, priceField, priceToMajorString, trimQuantity, type Month } from "@/lib/finance/money";
import { DEFAULT_PLAN, type InstancePrices } from "@/lib/finance/plan";
import { newId } from "@/lib/ids";
import { enqueueEmail } from "@/lib/mail/outbox";
import { budgetAlertMail } from "@/lib/mail/templates/finance";
import { notify } from "./notifications";

export type { SpendLine } from "@/db/queries/finance";

/** Gives a new organization (or one made some other way) the default plan. */
export async function ensurePlan(db: DbOrTx, orgId: string): Promise<void> {
  await finance.insertPlanIfMissing(db, orgId, DEFAULT_PLAN);
}

export async function readPlan(db: DbOrTx, orgId: string): Promise<finance.PlanRow> {
  let plan = await finance.findPlan(db, { orgId });
  if (!plan) {
    await ensurePlan(db, orgId);
    plan = await finance.findPlan(db, { orgId });
  }
  return plan!;
}

/**
 * The organization's node-hour prices, as its costs are charged: its plan's (the default plan's
 * until it has one — the plan it will be given). Read without creating the plan, for read-only pages.
 */
export async function readInstancePrices(db: DbOrTx, orgId: string): Promise<InstancePrices> {
  const plan = await finance.findPlan(db, { orgId });
  const priced = new Map(plan?.instancePrices.map((price) => [price.instanceType, price.minorPerHour]));
  return {
    currency: plan?.currency ?? DEFAULT_PLAN.currency,
    minorPerHour: Object.fromEntries(INSTANCE_TYPES.map((type) => [type.id, priced.get(type.id) ?? DEFAULT_PLAN.instancePrices[type.id]!])),
  };
}

// ─── Spend ────────────────────────────────────────────────────────────────────────────────────

export type Totals = {
  totalMinor: number;
  byCategory: { category: SpendCategory; label: string; quantity: string; amountMinor: number }[];
  byNodepool: { ref: string; clusterId: string; nodepoolId: string; instanceType: string; nodeHours: string; unitPriceMinor: string; amountMinor: number }[];
};

export type AppPage = {
  page: number;
  pageSize: number;
  total: number;
  apps: finance.AppSpend[];
  lines: finance.SpendLine[];
  /** Compute no app is charged with (a row of its own after the apps). */
  unattributedCompute: { nodeHours: string; amountMinor: number };
};

/**
 * The month so far as the costs page shows it: totals by category and nodepool, one page of apps
 * by spend (with their lines), the spend of the apps in `appRefs` (those with budgets), spend by
 * day and the `credentials` costliest credentials.
 */
export async function monthTotals(
  db: DbOrTx,
  { orgId, month, now, page, pageSize, appRefs, credentials }: { orgId: string; month: Month; now: Date; page: number; pageSize: number; appRefs: readonly string[]; credentials: number },
): Promise<{ totals: Totals; appPage: AppPage; spendOf: (appRef: string) => number; daily: finance.DaySpend[]; credentials: finance.CredentialSpend[] }> {
  const summary = await finance.monthSummary(db, { orgId, ...periodOf(month, now), page, pageSize, appRefs, credentials });
  const categories = new Map(summary.byCategory.map((row) => [row.category, row]));
  return {
    totals: {
      totalMinor: summary.totalMinor,
      byCategory: SPEND_CATEGORIES.flatMap((category) => {
        const row = categories.get(category);
        return row ? [{ category, label: CATEGORY_LABELS[category], quantity: trimQuantity(row.quantity), amountMinor: row.amountMinor }] : [];
      }),
      byNodepool: summary.byNodepool.map((line) => ({ ...line.nodepool!, nodeHours: line.quantity, unitPriceMinor: line.unitPriceMinor, amountMinor: line.amountMinor })),
    },
    appPage: {
      page: summary.page,
      pageSize,
      total: summary.appCount,
      apps: summary.apps.map(({ rank: _rank, ...app }) => app),
      lines: summary.lines,
      unattributedCompute: { nodeHours: trimQuantity(summary.unattributedCompute.nodeHours), amountMinor: summary.unattributedCompute.amountMinor },
    },
    spendOf: (appRef) => summary.spendOf.get(appRef) ?? 0,
    daily: summary.daily,
    credentials: summary.credentials,
  };
}

/** The month's period up to `now` (a closed month: all of it). */
export function periodOf(month: Month, now: Date): { from: Date; to: Date } {
  const from = monthStart(month);
  const end = monthStart(nextMonth(month));
  return { from, to: end.getTime() < now.getTime() ? end : now };
}

/** The month's spend so far, extended linearly to the month's end. */
export function projectToMonthEnd(spentMinor: number, month: Month, now: Date): number {
  const from = monthStart(month).getTime();
  const end = monthStart(nextMonth(month)).getTime();
  const elapsed = Math.min(now.getTime(), end) - from;
  if (elapsed <= 0) return spentMinor;
  // Integer arithmetic, rounded half up: no float touches the amount.
  const scaled = BigInt(spentMinor) * BigInt(end - from);
  return Number((scaled * 2n + BigInt(elapsed)) / (2n * BigInt(elapsed)));
}

export async function monthLines(db: DbOrTx, orgId: string, month: Month, now: Date): Promise<finance.SpendLine[]> {
  return finance.spendLines(db, { orgId, ...periodOf(month, now) });
}

// ─── Statements ───────────────────────────────────────────────────────────────────────────────

/** How long one statement writing statements may run (requests are bounded tighter: db/client.ts). */
const STATEMENT_JOB_TIMEOUT_MS = 60_000;

/** The most closed months written at once (a long-idle organization's history). */
const MAX_MONTHS_BACK = 36;

/** Writes the statements of every closed month that has none yet, with the plan in force. */
export async function closeStatements(db: DbOrTx, orgId: string, now: Date): Promise<number> {
  const start = await finance.activityStart(db, orgId);
  if (!start) return 0;
  const current = monthOf(now);
  let month = monthOf(start);
  const earliest = monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - MAX_MONTHS_BACK, 1)));
  if (month < earliest) month = earliest;
  const written = new Set(await finance.statementMonths(db, { orgId }));
  let plan: finance.PlanRow | null = null;
  let closed = 0;
  for (; month < current; month = nextMonth(month)) {
    if (written.has(month)) continue;
    // A long-idle organization's months are priced here, in a request: more than a request's bound.
    if (!plan) await allowLongerStatements(db, STATEMENT_JOB_TIMEOUT_MS);
    plan ??= await readPlan(db, orgId);
    const lines = await monthLines(db, orgId, month, now);
    if (await finance.insertStatement(db, { id: newId("stm"), orgId, month, currency: plan.currency, includedCreditMinor: plan.includedCreditMinor, lines })) closed++;
  }
  return closed;
}

/**
 * A statement as CSV: one row per line, then the totals; amounts in major units, exact. Quantities,
 * prices and amounts are the server's numbers (negative credit included); every name is text.
 */
export function statementCsv(statement: finance.StatementRow, lines: readonly finance.StatementLineRow[]): string {
  const header = ["Month", "Category", "App ID", "App name", "Nodepool", "Instance type", "Quantity", "Unit", "Unit price", "Amount", "Currency"];
  const month = monthParam(statement.month);
  const rows: CsvCell[][] = lines.map((line) => [
    month,
    CATEGORY_LABELS[line.category as SpendCategory] ?? line.category,
    line.appId,
    line.appName,
    line.nodepool,
    line.instanceType,
    csvNumber(trimQuantity(line.quantity)),
    line.unit === "node-hours" ? "node-hour" : "1,000 operations",
    csvNumber(priceToMajorString(line.unitPriceMinor)),
    csvNumber(minorToMajorString(line.amountMinor)),
    statement.currency,
  ]);
  const total = (label: string, amountMinor: number): CsvCell[] => [month, label, null, null, null, null, null, null, null, csvNumber(minorToMajorString(amountMinor)), statement.currency];
  const totals = [
    total("Total", statement.totalMinor),
    total("Included credit", -Math.min(statement.includedCreditMinor, statement.totalMinor)),
    total("Amount due", statement.dueMinor),
  ];
  return csvText([header, ...rows, ...totals]);
}

// ─── Inputs ───────────────────────────────────────────────────────────────────────────────────

const THRESHOLD_MESSAGE = "Thresholds are whole percentages from 1 to 100, separated by commas (for example 50, 80, 100).";

/** "50, 80,100" → [50, 80, 100]: each a whole number from 1 to 100, no repeats, at most ten. */
const thresholdsField = z
  .string({ error: THRESHOLD_MESSAGE })
  .trim()
  .superRefine((text, context) => {
    const parts = text.split(/[\s,;]+/).filter(Boolean);
    if (parts.length === 0) return context.addIssue({ code: "custom", message: "Enter at least one threshold, for example 80." });
    if (parts.length > 10) return context.addIssue({ code: "custom", message: "Enter at most ten thresholds." });
    const bad = parts.filter((part) => !/^\d{1,3}$/.test(part.replace(/%$/, "")) || Number(part.replace(/%$/, "")) < 1 || Number(part.replace(/%$/, "")) > 100);
    if (bad.length > 0) context.addIssue({ code: "custom", message: `${bad.map((part) => `“${part}”`).join(", ")} ${bad.length === 1 ? "is" : "are"} not allowed. ${THRESHOLD_MESSAGE}` });
  })
  .transform((text) => [...new Set(text.split(/[\s,;]+/).filter(Boolean).map((part) => Number(part.replace(/%$/, ""))))].sort((a, b) => a - b));

export const setBudgetInput = z
  .object({
    /** An app ID of the organization; empty: the organization's own budget. */
    app: z.string().trim().max(64).default(""),
    /** What the form chose the budget for: "app" needs an app (an empty one is not the organization then). */
    scope: z.enum(["org", "app"]).optional(),
    amount: amountField("the monthly budget", { positive: true }),
    thresholds: thresholdsField,
  })
  .refine((input) => input.scope !== "app" || input.app !== "", { path: ["app"], message: "Choose the app the budget is for." });

export const deleteBudgetInput = z.object({ budgetId: z.string().trim().min(1).max(64) });

export const statementInput = z.object({
  month: z
    .string()
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Name a month as YYYY-MM.")
    .transform((text) => `${text}-01` as Month),
});

export const updatePlanInput = z.object({
  name: z.string({ error: "Enter the plan's name." }).trim().min(1, "Enter the plan's name.").max(80, "Use at most 80 characters."),
  currency: z.enum(CURRENCIES, { error: `Choose one of ${CURRENCIES.join(", ")}.` }),
  includedCredit: amountField("the included monthly credit"),
  ...Object.fromEntries(OPERATION_CATEGORIES.map((category) => [`price_${category}`, priceField(CATEGORY_LABELS[category].toLowerCase())])),
  ...Object.fromEntries(INSTANCE_TYPES.map((type) => [`instance_${type.id}`, priceField(`one ${type.name} node-hour`)])),
}) as unknown as z.ZodType<{ name: string; currency: (typeof CURRENCIES)[number]; includedCredit: number } & Record<string, string>>;

// ─── Budget alerts ────────────────────────────────────────────────────────────────────────────

/** Who is alerted: the roles that may view financial data (lib/authz decides). */
export function financeRoles(): OrgRole[] {
  return ORG_ROLES.filter((role) => evaluateOrgCapability(role, "finance.view").allowed);
}

type Crossing = { budget: finance.BudgetRow & { orgId: string }; percent: number; spendMinor: number };

/** The thresholds of the organizations' budgets that the spend of `month` has reached. */
async function crossings(db: DbOrTx, orgId: string, budgets: (finance.BudgetRow & { orgId: string })[], month: Month, now: Date): Promise<Crossing[]> {
  const alreadySent = new Set((await finance.listBudgetAlerts(db, { orgId, month })).map((alert) => `${alert.budgetId}:${alert.percent}`));
  const pending = budgets.flatMap((budget) => budget.thresholds.filter((percent) => !alreadySent.has(`${budget.id}:${percent}`)).map((percent) => ({ budget, percent })));
  if (pending.length === 0) return [];
  // An app's spend as the costs page shows it: its operations and its share of compute.
  const appRefs = [...new Set(budgets.flatMap((budget) => (budget.appRef ? [budget.appRef] : [])))];
  const summary = await finance.monthSummary(db, { orgId, ...periodOf(month, now), page: 1, pageSize: 1, appRefs, credentials: 0 });
  const spendOf = (appRef: string | null) => (appRef === null ? summary.totalMinor : (summary.spendOf.get(appRef) ?? 0));
  return pending
    .map(({ budget, percent }) => ({ budget, percent, spendMinor: spendOf(budget.appRef) }))
    .filter(({ budget, percent, spendMinor }) => BigInt(spendMinor) * 100n >= BigInt(budget.amountMinor) * BigInt(percent));
}

/**
 * After usage of `orgIds` in `months` was written: records every threshold newly crossed, each
 * with one notification and one mail per Admin and Financial Manager. Safe to run from any number
 * of instances at once: budget_alerts' unique constraint lets one of them record each crossing.
 * Returns how many crossings this call recorded.
 */
export async function checkBudgetAlerts(db: DbOrTx, { orgIds, months, now = new Date() }: { orgIds: readonly string[]; months: readonly Month[]; now?: Date }): Promise<number> {
  const budgets = await finance.budgetsOfOrganizations(db, { orgIds: [...new Set(orgIds)] });
  if (budgets.length === 0) return 0;
  let recorded = 0;
  for (const orgId of new Set(budgets.map((budget) => budget.orgId))) {
    const ofOrg = budgets.filter((budget) => budget.orgId === orgId);
    for (const month of new Set(months)) {
      if (monthStart(month).getTime() > now.getTime()) continue;
      const crossed = await crossings(db, orgId, ofOrg, month, now);
      if (crossed.length === 0) continue;
      recorded += await db.transaction(async (tx) => {
        let count = 0;
        for (const crossing of crossed) if (await alert(tx, crossing, month)) count++;
        return count;
      });
    }
  }
  return recorded;
}

async function alert(tx: DbOrTx, { budget, percent, spendMinor }: Crossing, month: Month): Promise<boolean> {
  const inserted = await finance.recordBudgetAlert(tx, { id: newId("bal"), orgId: budget.orgId, budgetId: budget.id, percent, month, spendMinor, budgetMinor: budget.amountMinor });
  if (!inserted) return false;
  const org = await finance.organizationNames(tx, { orgId: budget.orgId });
  const plan = await readPlan(tx, budget.orgId);
  const [app] = budget.appRef ? (await finance.listBudgets(tx, { orgId: budget.orgId })).filter((row) => row.id === budget.id) : [];
  const subject = app?.appName ?? org!.name;
  const facts = {
    orgName: org!.name,
    budgetOf: app ? `the app ${app.appName}` : org!.name,
    percent,
    month: monthLabel(month),
    spend: formatMoney(spendMinor, plan.currency),
    budget: formatMoney(budget.amountMinor, plan.currency),
    link: `${appUrl()}/${encodeURIComponent(org!.handle)}/settings/costs`,
  };
  for (const recipient of await finance.membersWithRoles(tx, { orgId: budget.orgId, roles: financeRoles() })) {
    await notify(tx, recipient.userId, {
      kind: "budget_alert",
      title: `${subject} reached ${percent} % of its ${facts.month} budget`,
      body: `Spend is ${facts.spend} of the ${facts.budget} monthly budget.`,
      data: { orgId: budget.orgId, budgetId: budget.id, percent, month },
    });
    await enqueueEmail(tx, budgetAlertMail(recipient.email, facts));
  }
  await recordAudit(tx, {
    actorUserId: null,
    orgId: budget.orgId,
    action: "budget.threshold_crossed",
    targetType: "budget",
    targetId: budget.id,
    after: { percent, month: monthParam(month), spendMinor, budgetMinor: budget.amountMinor, app: app?.appId ?? null },
  });
  return true;
}

