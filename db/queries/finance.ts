// An organization's money, read and written with the organization as the tenant of every
// statement. Spend is aggregated in SQL (usage rows never come into memory) and priced in numeric:
// a line's amount is rounded to whole minor units once, half away from zero, and every total is a
// sum of such lines, so a statement, the costs page and the metered rows agree to the minor unit.

import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apps, organizations, budgetAlerts, budgets, budgetThresholds, memberships, planInstancePrices, planOperationPrices, pricingPlans, statementLines, statements, users } from "@/db/schema";
import type { OrgRole } from "@/lib/authz";
import { INSTANCE_TYPES } from "@/lib/compute/catalog";
import type { OperationCategory, SpendCategory } from "@/lib/finance/categories";
import { monthOf, monthStart, nextMonth, type Month } from "@/lib/finance/money";
import type { PlanDefaults } from "@/lib/finance/plan";
import { likePattern } from "./search";

async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as T[];
}

/** A whole number of minor units read as text (bigint), checked to be exact in a JavaScript number. */
export function minorFromText(text: string | null): number {
  const value = Number(text ?? "0");
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount out of range: ${text}`);
  return value;
}

// ─── Plan ─────────────────────────────────────────────────────────────────────────────────────

export type PlanRow = {
  orgId: string;
  name: string;
  currency: string;
  includedCreditMinor: number;
  updatedAt: Date;
  operationPrices: { category: string; minorPerThousand: string }[];
  instancePrices: { instanceType: string; minorPerHour: string }[];
};

/** Gives the organization the plan `defaults`, unless it has one. */
export async function insertPlanIfMissing(db: DbOrTx, orgId: string, defaults: PlanDefaults): Promise<void> {
  const inserted = await db
    .insert(pricingPlans)
    .values({ orgId, name: defaults.name, currency: defaults.currency, includedCreditMinor: defaults.includedCreditMinor })
    .onConflictDoNothing()
    .returning({ orgId: pricingPlans.orgId });
  if (inserted.length === 0) return;
  await db.insert(planOperationPrices).values(Object.entries(defaults.operationPrices).map(([category, minorPerThousand]) => ({ orgId, category, minorPerThousand })));
  await db.insert(planInstancePrices).values(Object.entries(defaults.instancePrices).map(([instanceType, minorPerHour]) => ({ orgId, instanceType, minorPerHour })));
}

export async function findPlan(db: DbOrTx, { orgId, forUpdate = false }: { orgId: string; forUpdate?: boolean }): Promise<PlanRow | null> {
  const planQuery = db.select().from(pricingPlans).where(eq(pricingPlans.orgId, orgId));
  const [plan] = forUpdate ? await planQuery.for("update") : await planQuery;
  if (!plan) return null;
  const operationPrices = await db
    .select({ category: planOperationPrices.category, minorPerThousand: planOperationPrices.minorPerThousand })
    .from(planOperationPrices)
    .where(eq(planOperationPrices.orgId, orgId));
  const instancePrices = await db
    .select({ instanceType: planInstancePrices.instanceType, minorPerHour: planInstancePrices.minorPerHour })
    .from(planInstancePrices)
    .where(eq(planInstancePrices.orgId, orgId))
    .orderBy(asc(planInstancePrices.instanceType));
  return { orgId, name: plan.name, currency: plan.currency, includedCreditMinor: plan.includedCreditMinor, updatedAt: plan.updatedAt, operationPrices, instancePrices };
}

export async function replacePlan(
  db: DbOrTx,
  {
    orgId,
    name,
    currency,
    includedCreditMinor,
    operationPrices,
    instancePrices,
    updatedBy,
    now,
  }: {
    orgId: string;
    name: string;
    currency: string;
    includedCreditMinor: number;
    operationPrices: Record<string, string>;
    instancePrices: Record<string, string>;
    updatedBy: string;
    now: Date;
  },
): Promise<void> {
  await db.update(pricingPlans).set({ name, currency, includedCreditMinor, updatedBy, updatedAt: now }).where(eq(pricingPlans.orgId, orgId));
  for (const [category, minorPerThousand] of Object.entries(operationPrices)) {
    await db
      .insert(planOperationPrices)
      .values({ orgId, category, minorPerThousand })
      .onConflictDoUpdate({ target: [planOperationPrices.orgId, planOperationPrices.category], set: { minorPerThousand } });
  }
  for (const [instanceType, minorPerHour] of Object.entries(instancePrices)) {
    await db
      .insert(planInstancePrices)
      .values({ orgId, instanceType, minorPerHour })
      .onConflictDoUpdate({ target: [planInstancePrices.orgId, planInstancePrices.instanceType], set: { minorPerHour } });
  }
}

// ─── Spend ────────────────────────────────────────────────────────────────────────────────────

/** One priced line: a category of operations on one app, or one nodepool's node-hours. */
export type SpendLine = {
  category: SpendCategory;
  /** The app's internal id; null for compute (and for operations on an app since deleted). */
  appRef: string | null;
  appId: string;
  appName: string;
  /** Compute lines: the nodepool and its instance type. */
  nodepool: { ref: string; clusterId: string; nodepoolId: string; instanceType: string } | null;
  /** Operations, or node-hours (six decimals). */
  quantity: string;
  /** Minor units per 1,000 operations, or per node-hour. */
  unitPriceMinor: string;
  amountMinor: number;
};

type Period = { orgId: string; from: Date; to: Date };

/**
 * numerator / denominator rounded half up to a whole number, exactly: numeric division would keep
 * only so many decimals before round() sees them, while div() truncates an exact quotient.
 * Amounts are never negative, so half up is half away from zero.
 */
function roundedQuotient(numerator: SQL, denominator: number): SQL {
  return sql`div(2 * (${numerator}) + ${sql.raw(String(denominator))}, ${sql.raw(String(2 * denominator))})`;
}

function catalogPricesJson(): string {
  return JSON.stringify(INSTANCE_TYPES.map((type) => ({ instance_type: type.id, price: String(type.centsPerHour) })));
}

/**
 * The month a period lies in. Spend is read a month at a time: `from` is a month's start and `to`
 * lies in that month or is its end (the current month is read up to now).
 */
function monthOfPeriod({ from, to }: Period): { month: Month; end: Date } {
  const month = monthOf(from);
  const end = monthStart(nextMonth(month));
  if (monthStart(month).getTime() !== from.getTime() || to.getTime() < from.getTime() || to.getTime() > end.getTime()) {
    throw new RangeError(`spend is read from a month's start to a moment of that month: ${from.toISOString()} – ${to.toISOString()}`);
  }
  return { month, end };
}

/**
 * Usage metered for hours in [to, the month's end): what the month's running sums hold beyond the
 * period. Empty unless `to` is now and a row was written for a later hour; read through the
 * (organization, hour) index, so it costs nothing when empty.
 */
function usageAfter(orgId: string, to: Date, end: Date): SQL {
  return sql`
    select u.hour, u.app_ref, u.credential_id, coalesce(e.category, 'reads') as category, u.calls
    from api_usage u left join api_endpoint_categories e on e.endpoint = u.endpoint
    where u.owner_org_id = ${orgId} and u.app_ref is not null and u.hour >= ${to.toISOString()}::timestamptz and u.hour < ${end.toISOString()}::timestamptz`;
}

/** Usage rows (with a `category` and `calls`) with the plan's price for the category. */
function priced(orgId: string, usage: SQL): SQL {
  return sql`
    select u.*, coalesce(p.minor_per_thousand, 0) as price
    from (${usage}) u
    left join plan_operation_prices p on p.org_id = ${orgId} and p.category = u.category`;
}

// The organization's metered operations in [from, to), read from the month's running sums (kept
// equal to api_usage by triggers, migration 0020) less any usage after `to`, so a month costs a
// few thousand rows to read however many hours it had. One sum per view: by app, by credential,
// by day. A key whose calls net to zero is no line.

/** The monthly sums by app and by credential: their tables and key columns. */
const MONTHLY_SUMS = {
  app: { table: sql.raw("api_usage_app_monthly"), key: sql.raw("app_ref") },
  credential: { table: sql.raw("api_usage_credential_monthly"), key: sql.raw("credential_id") },
} as const;

/** Per (app, category), or per (credential, category): the key column keeps its name. */
function monthlyUsage(period: Period, by: keyof typeof MONTHLY_SUMS): SQL {
  const { orgId, to } = period;
  const { month, end } = monthOfPeriod(period);
  const { table, key } = MONTHLY_SUMS[by];
  return priced(
    orgId,
    sql`
      select m.${key}, m.category, m.calls from ${table} m where m.owner_org_id = ${orgId} and m.month = ${month}::date
      union all
      select later.${key}, later.category, -later.calls from (${usageAfter(orgId, to, end)}) later`,
  );
}

/** Per (UTC day, category). */
function dailyUsage(period: Period): SQL {
  const { orgId, to } = period;
  const { month, end } = monthOfPeriod(period);
  return priced(
    orgId,
    sql`
      select d.day, d.category, d.calls from api_usage_daily d where d.owner_org_id = ${orgId} and d.day >= ${month}::date and d.day < ${nextMonth(month)}::date
      union all
      select (later.hour at time zone 'UTC')::date, later.category, -later.calls from (${usageAfter(orgId, to, end)}) later`,
  );
}

/**
 * Each nodepool's node-count spans overlapping [from, to), clipped to it, with the node-hour
 * price of its instance type (the plan's, else the catalog's). The last count of a nodepool holds
 * until `to`, so `to` must not lie in the future. Read are the counts set in the period and, per
 * nodepool, the one in force when it began (found through the (org, nodepool, at) index, one
 * nodepool after another), not the whole history.
 */
export function computeSpans({ orgId, from, to }: Period): SQL {
  const start = sql`${from.toISOString()}::timestamptz`;
  const stop = sql`${to.toISOString()}::timestamptz`;
  return sql`
    select s.nodepool_ref, s.cluster_id, s.nodepool_id, s.instance_type, s.node_count,
      greatest(s.at, ${start}) as span_from,
      least(coalesce(s.until, ${stop}), ${stop}) as span_to,
      coalesce(p.minor_per_hour, catalog.price, 0) as price
    from (
      select n.*, lead(n.at) over (partition by n.nodepool_ref order by n.at, n.id) as until
      from (
        select c.* from nodepool_node_counts c where c.org_id = ${orgId} and c.at >= ${start} and c.at < ${stop}
        union all
        select earlier.* from (
          with recursive pools(ref) as (
            select (select min(c.nodepool_ref) from nodepool_node_counts c where c.org_id = ${orgId} and c.at < ${start})
            union all
            select (select min(c.nodepool_ref) from nodepool_node_counts c where c.org_id = ${orgId} and c.nodepool_ref > pools.ref and c.at < ${start})
            from pools where pools.ref is not null
          )
          select ref from pools where ref is not null
        ) pools
        cross join lateral (
          select c.* from nodepool_node_counts c where c.org_id = ${orgId} and c.nodepool_ref = pools.ref and c.at < ${start}
          order by c.at desc, c.id desc limit 1
        ) earlier
      ) n
    ) s
    left join plan_instance_prices p on p.org_id = ${orgId} and p.instance_type = s.instance_type
    left join json_to_recordset(${catalogPricesJson()}::json) as catalog(instance_type text, price numeric) on catalog.instance_type = s.instance_type
    where coalesce(s.until, ${stop}) > ${start}`;
}

type LineText = {
  category: string;
  app_ref: string | null;
  app_id: string | null;
  app_name: string | null;
  nodepool_ref: string | null;
  cluster_id: string | null;
  nodepool_id: string | null;
  instance_type: string | null;
  quantity: string;
  unit_price: string | null;
  amount: string;
};

/**
 * Common table expressions of [from, to)'s spend: `ops` (operations per app and category, priced),
 * `spans` (node-count spans, priced) and `lines`, the priced lines — operations by (category,
 * app) and compute by nodepool, each amount rounded once. Columns of `lines`: category, app_ref,
 * nodepool_ref, cluster_id, nodepool_id, instance_type, quantity, unit_price, amount.
 */
function spendCtes(period: Period): SQL {
  return sql`
    ops as (${monthlyUsage(period, "app")}),
    spans as (${computeSpans(period)}),
    lines as materialized (
      select ops.category, ops.app_ref, null::text as nodepool_ref, null::text as cluster_id, null::text as nodepool_id, null::text as instance_type,
        sum(ops.calls) as quantity, ops.price as unit_price, ${roundedQuotient(sql`sum(ops.calls) * ops.price`, 1000)}::bigint as amount
      from ops
      group by ops.category, ops.app_ref, ops.price
      having sum(ops.calls) <> 0
      union all
      select 'compute', null, spans.nodepool_ref, max(spans.cluster_id), max(spans.nodepool_id), spans.instance_type,
        round(sum(spans.node_count * extract(epoch from spans.span_to - spans.span_from)) / 3600, 6),
        spans.price, ${roundedQuotient(sql`sum(spans.node_count * extract(epoch from spans.span_to - spans.span_from)) * spans.price`, 3600)}::bigint
      from spans
      group by spans.nodepool_ref, spans.instance_type, spans.price
      having sum(spans.node_count * extract(epoch from spans.span_to - spans.span_from)) > 0
    )`;
}

/**
 * Common table expressions of compute by app (they need `spans` and `lines` of spendCtes):
 * `compute_alloc` (app_ref, nodepool_ref, cluster_id, nodepool_id, instance_type, unit_price,
 * quantity, amount) — each compute line shared among the apps whose models its nodepool served.
 *
 * While a nodepool runs, its node-hours are shared equally among the deployments on it (a
 * deployment counts from its creation); node-hours of a nodepool with no deployment have no app
 * (app_ref null: unattributed compute). A deployment that was deleted is no longer known, so the
 * time it ran is shared among those that remain, or is unattributed.
 *
 * A line's amount was rounded once; its shares are whole minor units that sum to it exactly: each
 * share's floor, and the units left over one by one to the largest remainders.
 */
function computeByAppCtes({ orgId }: Period): SQL {
  return sql`
    compute_spans as (
      select row_number() over () as span_id, spans.nodepool_ref, spans.instance_type, spans.price, spans.node_count, spans.span_from, spans.span_to
      from spans where spans.span_to > spans.span_from and spans.node_count > 0
    ),
    -- Each span cut where a deployment on its nodepool began: within a piece, the deployments stay the same.
    compute_pieces as (
      select cut.span_id, cut.nodepool_ref, cut.instance_type, cut.price, cut.node_count, cut.piece_from,
        lead(cut.piece_from) over (partition by cut.span_id order by cut.piece_from) as piece_to
      from (
        select s.span_id, s.nodepool_ref, s.instance_type, s.price, s.node_count, cuts.piece_from
        from compute_spans s
        cross join lateral (
          select s.span_from as piece_from
          union
          select d.created_at from deployments d where d.org_id = ${orgId} and d.nodepool_ref = s.nodepool_ref and d.created_at > s.span_from and d.created_at < s.span_to
          union
          select s.span_to
        ) cuts
      ) cut
    ),
    compute_shares as (
      select piece.nodepool_ref, piece.instance_type, piece.price, holder.app_ref,
        piece.node_count * extract(epoch from piece.piece_to - piece.piece_from) / holder.holders as node_seconds
      from compute_pieces piece
      cross join lateral (
        select d.app_ref, count(*) over () as holders
        from deployments d where d.org_id = ${orgId} and d.nodepool_ref = piece.nodepool_ref and d.created_at <= piece.piece_from
        union all
        select null, 1
        where not exists (select 1 from deployments d where d.org_id = ${orgId} and d.nodepool_ref = piece.nodepool_ref and d.created_at <= piece.piece_from)
      ) holder
      where piece.piece_to is not null
    ),
    compute_app as (
      select shares.nodepool_ref, shares.instance_type, shares.price, shares.app_ref,
        sum(shares.node_seconds) as node_seconds, sum(shares.node_seconds) * shares.price / 3600 as exact
      from compute_shares shares
      group by shares.nodepool_ref, shares.instance_type, shares.price, shares.app_ref
    ),
    compute_alloc as (
      select share.app_ref, l.nodepool_ref, l.cluster_id, l.nodepool_id, l.instance_type, l.unit_price,
        round(share.node_seconds / 3600, 6) as quantity,
        (floor(share.exact)
          + case when row_number() over (partition by l.nodepool_ref, l.instance_type, l.unit_price order by share.exact - floor(share.exact) desc, share.app_ref collate "C" nulls last)
              <= l.amount - sum(floor(share.exact)) over (partition by l.nodepool_ref, l.instance_type, l.unit_price)
            then 1 else 0 end)::bigint as amount
      from compute_app share
      join lines l on l.category = 'compute' and l.nodepool_ref = share.nodepool_ref and l.instance_type = share.instance_type and l.unit_price = share.price
    )`;
}

/**
 * Common table expressions of spend per UTC day (they need `spans` of spendCtes): `days`, with
 * `day_spend` selecting day (YYYY-MM-DD), operations and compute, each day rounded on its own.
 */
function dailyCtes(period: Period): SQL {
  const { from, to } = period;
  return sql`
    day_ops as (${dailyUsage(period)}),
    days as (
      select d as day_start
      from generate_series((${from.toISOString()}::timestamptz at time zone 'UTC'), (${to.toISOString()}::timestamptz at time zone 'UTC') - interval '1 microsecond', interval '1 day') as d
    ),
    op_days as (
      select day_ops.day::timestamp as day, sum(day_ops.calls * day_ops.price) as per_thousand from day_ops group by 1
    ),
    -- Each span split over the UTC days it touches (a span lies inside the period, so in its days).
    compute_days as (
      select day_start as day,
        sum(spans.node_count * extract(epoch from least(spans.span_to, (day_start + interval '1 day') at time zone 'UTC') - greatest(spans.span_from, day_start at time zone 'UTC')) * spans.price) as per_hour
      from spans
      cross join lateral generate_series(date_trunc('day', spans.span_from at time zone 'UTC'), (spans.span_to at time zone 'UTC') - interval '1 microsecond', interval '1 day') as day_start
      group by 1
    ),
    day_spend as (
      select to_char(days.day_start, 'YYYY-MM-DD') as day, ${roundedQuotient(sql`coalesce(op_days.per_thousand, 0)`, 1000)}::bigint as operations, ${roundedQuotient(sql`coalesce(compute_days.per_hour, 0)`, 3600)}::bigint as compute
      from days left join op_days on op_days.day = days.day_start left join compute_days on compute_days.day = days.day_start
    )`;
}

/** Common table expressions of the `limit` credentials whose calls cost most: `top_credentials` (credential_id, name, kind, calls, amount, rank). */
function credentialCtes(period: Period, limit: number): SQL {
  return sql`
    credential_ops as (${monthlyUsage(period, "credential")}),
    credential_spend as (
      select credential_ops.credential_id, sum(credential_ops.calls) as calls, sum(credential_ops.calls * credential_ops.price) as per_thousand
      from credential_ops group by credential_ops.credential_id having sum(credential_ops.calls) <> 0
    ),
    top_credentials as (
      select credential_spend.credential_id, c.name, c.kind, credential_spend.calls, ${roundedQuotient(sql`credential_spend.per_thousand`, 1000)}::bigint as amount,
        row_number() over (order by credential_spend.per_thousand desc, credential_spend.calls desc, c.name) as rank
      from credential_spend join credentials c on c.id = credential_spend.credential_id
      order by credential_spend.per_thousand desc, credential_spend.calls desc, c.name
      limit ${limit}
    )`;
}

function lineOf(row: LineText): SpendLine {
  return {
    category: row.category as SpendCategory,
    appRef: row.app_ref,
    appId: row.app_id ?? "",
    appName: row.app_name ?? "",
    nodepool: row.nodepool_ref ? { ref: row.nodepool_ref, clusterId: row.cluster_id ?? "", nodepoolId: row.nodepool_id ?? "", instanceType: row.instance_type ?? "" } : null,
    quantity: row.quantity,
    unitPriceMinor: row.unit_price ?? "",
    amountMinor: minorFromText(row.amount),
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The priced lines of [from, to): operations by (category, app), compute by nodepool (what a statement holds). */
export async function spendLines(db: DbOrTx, period: Period): Promise<SpendLine[]> {
  const rows = await rowsOf<LineText>(
    db,
    sql`
    with ${spendCtes(period)}
    select lines.category, lines.app_ref, a.app_id, a.name as app_name, lines.nodepool_ref, lines.cluster_id, lines.nodepool_id, lines.instance_type,
      lines.quantity::text as quantity, lines.unit_price::text as unit_price, lines.amount::text as amount
    from lines left join apps a on a.id = lines.app_ref
    -- Byte order (collation "C"): a locale-aware sort of thousands of names costs more than the rest.
    order by lines.category = 'compute', lower(coalesce(a.name, '')) collate "C", lines.app_ref collate "C", lines.category collate "C", lines.cluster_id collate "C", lines.nodepool_id collate "C"`,
  );
  return rows.map(lineOf);
}

/** An app's spend: its operations (how many), its share of compute, and the two together. */
export type AppSpend = { appRef: string; appId: string; appName: string; operations: number; computeMinor: number; amountMinor: number };

export type MonthSummary = {
  totalMinor: number;
  /** Per category that has spend: the summed quantity (operations, or node-hours) and amount. */
  byCategory: { category: SpendCategory; quantity: string; amountMinor: number }[];
  byNodepool: SpendLine[];
  /** How many apps have spend, the page shown (1-based, within range) and its apps, most costly first. */
  appCount: number;
  page: number;
  apps: (AppSpend & { rank: number })[];
  /** The lines of the page's apps, in the apps' order: operations by category, and their share of each nodepool's compute. */
  lines: SpendLine[];
  /** Compute no app is charged with: node-hours of nodepools while no deployment was on them. */
  unattributedCompute: { nodeHours: string; amountMinor: number };
  /** The spend of the apps asked for by `appRefs` (those with budgets), wherever they rank. */
  spendOf: Map<string, number>;
  daily: DaySpend[];
  credentials: CredentialSpend[];
};

// Rows of every kind share LineText's columns: a credential's id, kind and name travel in app_ref,
// app_id and app_name; a day's date in category, its operations and compute in quantity and amount;
// an app's compute in unit_price.
type SummaryText = LineText & { kind: "category" | "nodepool" | "app" | "asked" | "line" | "unattributed" | "page" | "day" | "credential"; rank: string | null };

/**
 * What the costs page shows of [from, to), in one statement and summed in the database from the
 * priced lines (so only a page of apps and their lines leave it): totals by category, the
 * nodepools, one page of apps by spend (operations and their share of compute) with their lines,
 * the compute no app is charged with, the spend of the apps in `appRefs`, spend by day and the top
 * credentials. Every figure but the days' is a sum of the same rounded lines a statement holds (a
 * compute line shared among apps in whole minor units that sum to it), so the apps and the
 * unattributed compute together are the month's total.
 */
export async function monthSummary(db: DbOrTx, period: Period & { page: number; pageSize: number; appRefs: readonly string[]; credentials: number }): Promise<MonthSummary> {
  const { page, pageSize, appRefs } = period;
  const asked = appRefs.length > 0 ? sql`s.app_ref in (${sql.join(appRefs.map((ref) => sql`${ref}`), sql`, `)})` : sql`false`;
  const rows = await rowsOf<SummaryText>(
    db,
    sql`
    with ${spendCtes(period)}, ${computeByAppCtes(period)}, ${dailyCtes(period)}, ${credentialCtes(period, period.credentials)},
    -- An app's spend: its operations, and its share of compute.
    app_spend as (
      select spend.app_ref, sum(spend.operations) as operations, sum(spend.compute) as compute, sum(spend.amount) as amount
      from (
        select lines.app_ref, lines.quantity as operations, 0::bigint as compute, lines.amount from lines where lines.category <> 'compute'
        union all
        select compute_alloc.app_ref, 0, compute_alloc.amount, compute_alloc.amount from compute_alloc where compute_alloc.app_ref is not null
      ) spend
      group by spend.app_ref
    ),
    ranked as (
      select s.app_ref, a.app_id, a.name as app_name, s.operations, s.compute, s.amount,
        row_number() over (order by s.amount desc, lower(coalesce(a.name, '')) collate "C", s.app_ref collate "C") as rank
      from app_spend s left join apps a on a.id = s.app_ref
    ),
    shown_page as (select greatest(1, least(${page}::int, ceil((select count(*) from app_spend)::numeric / ${pageSize}::int)::int)) as page),
    shown as (
      select s.*, (s.rank > (p.page - 1) * ${pageSize}::int and s.rank <= p.page * ${pageSize}::int) as on_page
      from ranked s, shown_page p
      where (s.rank > (p.page - 1) * ${pageSize}::int and s.rank <= p.page * ${pageSize}::int) or ${asked}
    )
    select 'category' as kind, category, null as app_ref, null as app_id, null as app_name, null as nodepool_ref, null as cluster_id, null as nodepool_id, null as instance_type,
      sum(quantity)::text as quantity, null as unit_price, sum(amount)::text as amount, null as rank
    from lines group by category
    union all
    select 'nodepool', category, null, null, null, nodepool_ref, cluster_id, nodepool_id, instance_type, quantity::text, unit_price::text, amount::text, null
    from lines where category = 'compute'
    union all
    select case when s.on_page then 'app' else 'asked' end, null, s.app_ref, s.app_id, s.app_name, null, null, null, null, s.operations::text, s.compute::text, s.amount::text, s.rank::text
    from shown s
    union all
    select 'line', l.category, l.app_ref, s.app_id, s.app_name, null, null, null, null, l.quantity::text, l.unit_price::text, l.amount::text, s.rank::text
    from lines l join shown s on s.app_ref = l.app_ref and s.on_page
    union all
    select 'line', 'compute', c.app_ref, s.app_id, s.app_name, c.nodepool_ref, c.cluster_id, c.nodepool_id, c.instance_type, c.quantity::text, c.unit_price::text, c.amount::text, s.rank::text
    from compute_alloc c join shown s on s.app_ref = c.app_ref and s.on_page
    union all
    select 'unattributed', 'compute', null, null, null, null, null, null, null, coalesce(sum(c.quantity), 0)::text, null, coalesce(sum(c.amount), 0)::text, null
    from compute_alloc c where c.app_ref is null
    union all
    select 'page', null, null, null, null, null, null, null, null, (select count(*) from app_spend)::text, null, null, p.page::text
    from shown_page p
    union all
    select 'day', day, null, null, null, null, null, null, null, operations::text, null, compute::text, null
    from day_spend
    union all
    select 'credential', null, credential_id, kind, name, null, null, null, null, calls::text, null, amount::text, rank::text
    from top_credentials`,
  );
  const of = (kind: SummaryText["kind"]) => rows.filter((row) => row.kind === kind);
  const byCategory = of("category").map((row) => ({ category: row.category as SpendCategory, quantity: row.quantity, amountMinor: minorFromText(row.amount) }));
  const apps = [...of("app")]
    .map((row) => ({
      appRef: row.app_ref!,
      appId: row.app_id ?? "",
      appName: row.app_name ?? "",
      operations: minorFromText(row.quantity),
      computeMinor: minorFromText(row.unit_price),
      amountMinor: minorFromText(row.amount),
      rank: Number(row.rank),
    }))
    .sort((a, b) => a.rank - b.rank);
  const rank = new Map(apps.map((app) => [app.appRef, app.rank]));
  const [pageRow] = of("page");
  return {
    totalMinor: byCategory.reduce((sum, category) => sum + category.amountMinor, 0),
    byCategory,
    byNodepool: of("nodepool")
      .map(lineOf)
      .sort((a, b) => byText(a.nodepool!.clusterId, b.nodepool!.clusterId) || byText(a.nodepool!.nodepoolId, b.nodepool!.nodepoolId)),
    appCount: minorFromText(pageRow?.quantity ?? "0"),
    page: Number(pageRow?.rank ?? 1),
    apps,
    lines: of("line")
      .map(lineOf)
      .sort((a, b) => rank.get(a.appRef!)! - rank.get(b.appRef!)! || byText(a.category, b.category) || byText(a.nodepool?.clusterId ?? "", b.nodepool?.clusterId ?? "") || byText(a.nodepool?.nodepoolId ?? "", b.nodepool?.nodepoolId ?? "")),
    unattributedCompute: { nodeHours: of("unattributed")[0]?.quantity ?? "0", amountMinor: minorFromText(of("unattributed")[0]?.amount ?? "0") },
    spendOf: new Map([...of("app"), ...of("asked")].map((row) => [row.app_ref!, minorFromText(row.amount)])),
    daily: of("day")
      .map((row) => ({ day: row.category, operationsMinor: minorFromText(row.quantity), computeMinor: minorFromText(row.amount) }))
      .sort((a, b) => byText(a.day, b.day)),
    credentials: of("credential")
      .sort((a, b) => Number(a.rank) - Number(b.rank))
      .map((row) => ({ credentialId: row.app_ref!, name: row.app_name ?? "", kind: row.app_id as CredentialSpend["kind"], calls: minorFromText(row.quantity), amountMinor: minorFromText(row.amount) })),
  };
}

export type DaySpend = { day: string; operationsMinor: number; computeMinor: number };

export type CredentialSpend = { credentialId: string; name: string; kind: "pat" | "app_key"; calls: number; amountMinor: number };

/** The earliest moment anything could be owed: the organization's creation, first metered call or first node count. */
export async function activityStart(db: DbOrTx, orgId: string): Promise<Date | null> {
  const [row] = await rowsOf<{ start: string | null }>(
    db,
    sql`select least(
      (select min(hour) from api_usage where owner_org_id = ${orgId}),
      (select min(at) from nodepool_node_counts where org_id = ${orgId}),
      (select created_at from organizations where id = ${orgId}))::text as start`,
  );
  return row?.start ? new Date(row.start) : null;
}

// ─── Budgets ──────────────────────────────────────────────────────────────────────────────────

export type BudgetRow = { id: string; appRef: string | null; appId: string | null; appName: string | null; amountMinor: number; thresholds: number[] };

export async function listBudgets(db: DbOrTx, { orgId }: { orgId: string }): Promise<BudgetRow[]> {
  const rows = await db
    .select({ id: budgets.id, appRef: budgets.appRef, appId: apps.appId, appName: apps.name, amountMinor: budgets.amountMinor, percent: budgetThresholds.percent })
    .from(budgets)
    .leftJoin(apps, and(eq(apps.id, budgets.appRef), eq(apps.ownerOrgId, budgets.orgId)))
    .leftJoin(budgetThresholds, eq(budgetThresholds.budgetId, budgets.id))
    .where(eq(budgets.orgId, orgId))
    .orderBy(sql`${budgets.appRef} is not null`, sql`lower(${apps.name})`, budgets.id, budgetThresholds.percent);
  const byId = new Map<string, BudgetRow>();
  for (const row of rows) {
    const budget = byId.get(row.id) ?? { id: row.id, appRef: row.appRef, appId: row.appId, appName: row.appName, amountMinor: row.amountMinor, thresholds: [] };
    if (row.percent !== null) budget.thresholds.push(row.percent);
    byId.set(row.id, budget);
  }
  return [...byId.values()];
}

/** Sets the organization's (appRef null) or an app's budget; returns its id and the amount it had. */
export async function upsertBudget(
  db: DbOrTx,
  { id, orgId, appRef, amountMinor, thresholds, now }: { id: string; orgId: string; appRef: string | null; amountMinor: number; thresholds: number[]; now: Date },
): Promise<{ id: string; created: boolean }> {
  const [row] = await db
    .insert(budgets)
    .values({ id, orgId, appRef, amountMinor, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [budgets.orgId, budgets.appRef], set: { amountMinor, updatedAt: now } })
    .returning({ id: budgets.id });
  const budgetId = row!.id;
  await db.delete(budgetThresholds).where(eq(budgetThresholds.budgetId, budgetId));
  if (thresholds.length > 0) await db.insert(budgetThresholds).values(thresholds.map((percent) => ({ budgetId, percent })));
  return { id: budgetId, created: budgetId === id };
}

export async function findBudget(db: DbOrTx, { orgId, appRef }: { orgId: string; appRef: string | null }): Promise<{ id: string; amountMinor: number } | null> {
  const [row] = await db
    .select({ id: budgets.id, amountMinor: budgets.amountMinor })
    .from(budgets)
    .where(and(eq(budgets.orgId, orgId), appRef === null ? isNull(budgets.appRef) : eq(budgets.appRef, appRef)));
  return row ?? null;
}

export async function deleteBudget(db: DbOrTx, { orgId, budgetId }: { orgId: string; budgetId: string }): Promise<{ id: string; appRef: string | null; amountMinor: number } | null> {
  const [row] = await db.delete(budgets).where(and(eq(budgets.id, budgetId), eq(budgets.orgId, orgId))).returning({ id: budgets.id, appRef: budgets.appRef, amountMinor: budgets.amountMinor });
  return row ?? null;
}

/** The budgets, with their thresholds, of the organizations among `orgIds` that have any. */
export async function budgetsOfOrganizations(db: DbOrTx, { orgIds }: { orgIds: string[] }): Promise<(BudgetRow & { orgId: string })[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .select({ id: budgets.id, orgId: budgets.orgId, appRef: budgets.appRef, amountMinor: budgets.amountMinor, percent: budgetThresholds.percent })
    .from(budgets)
    .innerJoin(budgetThresholds, eq(budgetThresholds.budgetId, budgets.id))
    .where(inArray(budgets.orgId, orgIds))
    .orderBy(budgets.id, budgetThresholds.percent);
  const byId = new Map<string, BudgetRow & { orgId: string }>();
  for (const row of rows) {
    const budget = byId.get(row.id) ?? { id: row.id, orgId: row.orgId, appRef: row.appRef, appId: null, appName: null, amountMinor: row.amountMinor, thresholds: [] };
    budget.thresholds.push(row.percent);
    byId.set(row.id, budget);
  }
  return [...byId.values()];
}

/** Records that a threshold was crossed in a month; false when it already was (by anyone). */
export async function recordBudgetAlert(
  db: DbOrTx,
  values: { id: string; orgId: string; budgetId: string; percent: number; month: Month; spendMinor: number; budgetMinor: number },
): Promise<boolean> {
  const inserted = await db.insert(budgetAlerts).values(values).onConflictDoNothing({ target: [budgetAlerts.budgetId, budgetAlerts.percent, budgetAlerts.month] }).returning({ id: budgetAlerts.id });
  return inserted.length > 0;
}

export async function listBudgetAlerts(db: DbOrTx, { orgId, month }: { orgId: string; month: Month }) {
  return db
    .select({ budgetId: budgetAlerts.budgetId, percent: budgetAlerts.percent, spendMinor: budgetAlerts.spendMinor, createdAt: budgetAlerts.createdAt })
    .from(budgetAlerts)
    .where(and(eq(budgetAlerts.orgId, orgId), eq(budgetAlerts.month, month)))
    .orderBy(asc(budgetAlerts.createdAt));
}

/** The members holding one of `roles`, with their addresses. */
export async function membersWithRoles(db: DbOrTx, { orgId, roles }: { orgId: string; roles: OrgRole[] }): Promise<{ userId: string; email: string; name: string }[]> {
  return db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, roles)))
    .orderBy(users.id);
}

// ─── Statements ───────────────────────────────────────────────────────────────────────────────

export type StatementRow = typeof statements.$inferSelect;
export type StatementLineRow = typeof statementLines.$inferSelect;

export async function listStatements(db: DbOrTx, { orgId }: { orgId: string }): Promise<StatementRow[]> {
  return db.select().from(statements).where(eq(statements.orgId, orgId)).orderBy(desc(statements.month));
}

export async function statementMonths(db: DbOrTx, { orgId }: { orgId: string }): Promise<Month[]> {
  const rows = await db.select({ month: statements.month }).from(statements).where(eq(statements.orgId, orgId));
  return rows.map((row) => row.month);
}

export async function findStatement(db: DbOrTx, { orgId, month }: { orgId: string; month: Month }): Promise<{ statement: StatementRow; lines: StatementLineRow[] } | null> {
  const [statement] = await db.select().from(statements).where(and(eq(statements.orgId, orgId), eq(statements.month, month)));
  if (!statement) return null;
  const lines = await db
    .select()
    .from(statementLines)
    .where(and(eq(statementLines.statementId, statement.id), eq(statementLines.orgId, orgId)))
    .orderBy(asc(statementLines.position));
  return { statement, lines };
}

/** Writes a closed month's statement, unless one was written already (then nothing happens). */
export async function insertStatement(
  db: DbOrTx,
  { id, orgId, month, currency, includedCreditMinor, lines }: { id: string; orgId: string; month: Month; currency: string; includedCreditMinor: number; lines: SpendLine[] },
): Promise<boolean> {
  const totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  const dueMinor = Math.max(0, totalMinor - includedCreditMinor);
  const inserted = await db
    .insert(statements)
    .values({ id, orgId, month, currency, totalMinor, includedCreditMinor, dueMinor })
    .onConflictDoNothing({ target: [statements.orgId, statements.month] })
    .returning({ id: statements.id });
  if (inserted.length === 0) return false;
  if (lines.length > 0) {
    await db.insert(statementLines).values(
      lines.map((line, position) => ({
        statementId: id,
        orgId,
        position,
        category: line.category,
        appId: line.appId,
        appName: line.appName,
        quantity: line.quantity,
        unit: line.category === "compute" ? "node-hours" : "operations",
        nodepool: line.nodepool ? `${line.nodepool.clusterId} / ${line.nodepool.nodepoolId}` : "",
        instanceType: line.nodepool ? line.nodepool.instanceType : "",
        unitPriceMinor: line.unitPriceMinor,
        amountMinor: line.amountMinor,
      })),
    );
  }
  return true;
}

export type { OperationCategory };

// ─── The organization's apps (for budgets) ───────────────────────────────────────────────────

export async function findOrgApp(db: DbOrTx, { orgId, appId }: { orgId: string; appId: string }): Promise<{ id: string; appId: string; name: string } | null> {
  const [row] = await db.select({ id: apps.id, appId: apps.appId, name: apps.name }).from(apps).where(and(eq(apps.ownerOrgId, orgId), eq(apps.appId, appId)));
  return row ?? null;
}

/** The budget form's choices: the organization's apps without a budget whose ID or name matches `q`, by name; at most `limit`. */
export async function searchAppsWithoutBudget(db: DbOrTx, { orgId, q, limit }: { orgId: string; q: string; limit: number }): Promise<{ appId: string; name: string }[]> {
  const conditions: SQL[] = [eq(apps.ownerOrgId, orgId), sql`not exists (select 1 from ${budgets} where ${budgets.orgId} = ${orgId} and ${budgets.appRef} = ${apps.id})`];
  const term = q.trim();
  if (term) conditions.push(or(ilike(apps.appId, likePattern(term)), ilike(apps.name, likePattern(term)))!);
  return db.select({ appId: apps.appId, name: apps.name }).from(apps).where(and(...conditions)).orderBy(sql`lower(${apps.name})`, apps.id).limit(limit);
}

/** The organization's handle and name (what an alert names). */
export async function organizationNames(db: DbOrTx, { orgId }: { orgId: string }): Promise<{ handle: string; name: string } | null> {
  const [row] = await db.select({ handle: organizations.handle, name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
  return row ?? null;
}
