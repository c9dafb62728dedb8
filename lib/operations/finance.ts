// Operations on an organization's money: the costs page (finance.view: Admins and Financial
// Managers), a closed month's statement, and changes of the pricing plan and budgets
// (finance.manage: Admins). What a Financial Manager reads is amounts, app names and credential
// names — nothing of the apps' data and nothing about members. Reading closes any month that ended
// without a statement (see lib/services/costs.ts), so the reads are not `readOnly`.

import * as finance from "@/db/queries/finance";
import { evaluateOrgCapability } from "@/lib/authz";
import { INSTANCE_TYPES } from "@/lib/compute/catalog";
import { CATEGORY_LABELS, OPERATION_CATEGORIES, type OperationCategory } from "@/lib/finance/categories";
import { monthOf, type Month } from "@/lib/finance/money";
import { newId } from "@/lib/ids";
import { fail, ok, type Result } from "@/lib/result";
import {
  closeStatements,
  deleteBudgetInput,
  projectToMonthEnd,
  readPlan,
  setBudgetInput,
  statementInput,
  monthTotals,
  updatePlanInput,
  type AppPage,
  type Totals,
} from "@/lib/services/costs";
import { z } from "zod";
import { defineOrgOperation } from "./operation";

const viewFinance = { capability: "finance.view" } as const;
const manageFinance = { capability: "finance.manage" } as const;
/** Reads write statements only; no page needs revalidating for that. */
const noPages = () => [];
/** The most apps one search of the budget form offers. */
const APP_CHOICES = 20;
const TOP_CREDENTIALS = 10;
/** Apps per page of the costs page's "Spend by app". */
export const COSTS_APPS_PAGE_SIZE = 10;
/** Apps per page of the lines page (each app has a line per category it used). */
export const COST_LINES_PAGE_SIZE = 25;

export type PlanView = {
  name: string;
  currency: string;
  includedCreditMinor: number;
  operationPrices: { category: OperationCategory; label: string; minorPerThousand: string }[];
  instancePrices: { instanceType: string; name: string; minorPerHour: string }[];
};

function planView(plan: finance.PlanRow): PlanView {
  const operation = new Map(plan.operationPrices.map((price) => [price.category, price.minorPerThousand]));
  const instance = new Map(plan.instancePrices.map((price) => [price.instanceType, price.minorPerHour]));
  return {
    name: plan.name,
    currency: plan.currency,
    includedCreditMinor: plan.includedCreditMinor,
    operationPrices: OPERATION_CATEGORIES.map((category) => ({ category, label: CATEGORY_LABELS[category], minorPerThousand: operation.get(category) ?? "0" })),
    instancePrices: INSTANCE_TYPES.map((type) => ({ instanceType: type.id, name: type.name, minorPerHour: instance.get(type.id) ?? String(type.centsPerHour) })),
  };
}

export type BudgetView = finance.BudgetRow & { spendMinor: number; alerted: number[] };

export type CostsView = {
  month: Month;
  /** When the figures were read (the month so far ends here). */
  asOf: string;
  plan: PlanView;
  totals: Totals;
  /** One page of the apps by spend. */
  appPage: Omit<AppPage, "lines">;
  projectedMinor: number;
  /** What of the included credit this month's spend has not used. */
  creditLeftMinor: number;
  daily: { day: string; operationsMinor: number; computeMinor: number }[];
  credentials: finance.CredentialSpend[];
  statements: { month: Month; totalMinor: number; dueMinor: number; currency: string }[];
  budgets: BudgetView[];
  may: { manage: boolean };
};

/** This month's spend, its breakdowns, the budgets and the closed months. */
export const viewCosts = defineOrgOperation({
  name: "costs.view",
  // The page of apps comes from the URL: anything but a page number is the first page.
  input: z.object({ page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1) }),
  authorize: viewFinance,
  revalidate: noPages,
  async run({ tx, tenant, authority }, { page }): Promise<Result<CostsView>> {
    const now = new Date();
    const month = monthOf(now);
    await closeStatements(tx, tenant.orgId, now);
    const plan = await readPlan(tx, tenant.orgId);
    const budgets = await finance.listBudgets(tx, { orgId: tenant.orgId });
    const { totals, appPage, spendOf, daily, credentials } = await monthTotals(tx, {
      orgId: tenant.orgId,
      month,
      now,
      page,
      pageSize: COSTS_APPS_PAGE_SIZE,
      appRefs: budgets.flatMap((budget) => (budget.appRef ? [budget.appRef] : [])),
      credentials: TOP_CREDENTIALS,
    });
    const statements = await finance.listStatements(tx, { orgId: tenant.orgId });
    const alerts = await finance.listBudgetAlerts(tx, { orgId: tenant.orgId, month });
    const manage = evaluateOrgCapability(authority.role, "finance.manage").allowed;
    return ok({
      month,
      asOf: now.toISOString(),
      plan: planView(plan),
      totals,
      appPage: { page: appPage.page, pageSize: appPage.pageSize, total: appPage.total, apps: appPage.apps, unattributedCompute: appPage.unattributedCompute },
      projectedMinor: projectToMonthEnd(totals.totalMinor, month, now),
      creditLeftMinor: Math.max(0, plan.includedCreditMinor - totals.totalMinor),
      daily,
      credentials,
      statements: statements.map((statement) => ({ month: statement.month, totalMinor: statement.totalMinor, dueMinor: statement.dueMinor, currency: statement.currency })),
      budgets: budgets.map((budget) => ({
        ...budget,
        spendMinor: budget.appRef ? spendOf(budget.appRef) : totals.totalMinor,
        alerted: alerts.filter((alert) => alert.budgetId === budget.id).map((alert) => alert.percent),
      })),
      may: { manage },
    });
  },
});

export type CostLinesView = { month: Month; asOf: string; currency: string; appPage: AppPage };

/** This month's priced lines (a category on an app), a page of apps at a time, the most costly first. */
export const viewCostLines = defineOrgOperation({
  name: "costs.lines",
  input: z.object({ page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1) }),
  authorize: viewFinance,
  readOnly: true,
  async run({ tx, tenant }, { page }): Promise<Result<CostLinesView>> {
    const now = new Date();
    const month = monthOf(now);
    const plan = await readPlan(tx, tenant.orgId);
    const { appPage } = await monthTotals(tx, { orgId: tenant.orgId, month, now, page, pageSize: COST_LINES_PAGE_SIZE, appRefs: [], credentials: 0 });
    return ok({ month, asOf: now.toISOString(), currency: plan.currency, appPage });
  },
});

export type StatementView = { statement: finance.StatementRow; lines: finance.StatementLineRow[] };

/** A closed month's statement (written now if it had none yet). */
export const viewStatement = defineOrgOperation({
  name: "statements.view",
  input: statementInput,
  authorize: viewFinance,
  revalidate: noPages,
  async run({ tx, tenant }, { month }): Promise<Result<StatementView>> {
    const now = new Date();
    if (month >= monthOf(now)) return fail("not_found", "This month has not ended yet: its statement is written once it has.");
    await closeStatements(tx, tenant.orgId, now);
    const found = await finance.findStatement(tx, { orgId: tenant.orgId, month });
    if (!found) return fail("not_found", "The organization has no statement for this month.");
    return ok(found);
  },
});

/**
 * Changes the plan. Months that ended without a statement are closed first, with the prices they
 * were used under; the new prices apply from the current month on.
 */
export const updatePlan = defineOrgOperation({
  name: "plan.update",
  input: updatePlanInput,
  authorize: manageFinance,
  async run({ tx, tenant, principal, audit }, input) {
    const now = new Date();
    const before = await finance.findPlan(tx, { orgId: tenant.orgId, forUpdate: true });
    await closeStatements(tx, tenant.orgId, now);
    const operationPrices = Object.fromEntries(OPERATION_CATEGORIES.map((category) => [category, input[`price_${category}`]!]));
    const instancePrices = Object.fromEntries(INSTANCE_TYPES.map((type) => [type.id, input[`instance_${type.id}`]!]));
    await finance.replacePlan(tx, { orgId: tenant.orgId, name: input.name, currency: input.currency, includedCreditMinor: input.includedCredit, operationPrices, instancePrices, updatedBy: principal.userId, now });
    audit({
      action: "plan.updated",
      targetType: "plan",
      targetId: tenant.orgId,
      before: before && { name: before.name, currency: before.currency, includedCreditMinor: before.includedCreditMinor, operationPrices: Object.fromEntries(before.operationPrices.map((p) => [p.category, p.minorPerThousand])), instancePrices: Object.fromEntries(before.instancePrices.map((p) => [p.instanceType, p.minorPerHour])) },
      after: { name: input.name, currency: input.currency, includedCreditMinor: input.includedCredit, operationPrices, instancePrices },
    });
    return ok(null);
  },
});

/** Sets the organization's monthly budget, or an app's, with its alert thresholds. */
export const setBudget = defineOrgOperation({
  name: "budgets.set",
  input: setBudgetInput,
  authorize: manageFinance,
  async run({ tx, tenant, audit }, { app: appId, amount, thresholds }) {
    const app = appId ? await finance.findOrgApp(tx, { orgId: tenant.orgId, appId }) : null;
    if (appId && !app) return fail("invalid_input", "Please correct the highlighted fields.", { app: ["The organization has no app with this ID."] });
    const before = await finance.findBudget(tx, { orgId: tenant.orgId, appRef: app?.id ?? null });
    const { id } = await finance.upsertBudget(tx, { id: newId("bud"), orgId: tenant.orgId, appRef: app?.id ?? null, amountMinor: amount, thresholds, now: new Date() });
    audit({
      action: before ? "budget.changed" : "budget.created",
      targetType: "budget",
      targetId: id,
      before: before ? { amountMinor: before.amountMinor } : undefined,
      after: { app: app?.appId ?? null, amountMinor: amount, thresholds },
    });
    return ok({ id });
  },
});

export const deleteBudget = defineOrgOperation({
  name: "budgets.delete",
  input: deleteBudgetInput,
  authorize: manageFinance,
  async run({ tx, tenant, audit }, { budgetId }) {
    const deleted = await finance.deleteBudget(tx, { orgId: tenant.orgId, budgetId });
    if (!deleted) return fail("not_found", "This budget does not exist in the organization.");
    audit({ action: "budget.deleted", targetType: "budget", targetId: budgetId, before: { appRef: deleted.appRef, amountMinor: deleted.amountMinor } });
    return ok(null);
  },
});

/** The budget form's app search: apps of the organization without a budget, by ID or name. */
export const searchBudgetApps = defineOrgOperation({
  name: "budgets.search_apps",
  input: z.object({ q: z.string({ error: "Search text is too long." }).max(100, "Search text is too long.").optional().default("") }),
  authorize: manageFinance,
  readOnly: true,
  run: async ({ tx, tenant }, { q }) => ok(await finance.searchAppsWithoutBudget(tx, { orgId: tenant.orgId, q, limit: APP_CHOICES })),
});
