// Costs cases for `npm run bench:pages`: an organization with 500 apps and a year of hourly API
// usage (one row per app and hour at least: about 4.4 million rows, the current month up to now
// included) and a year of node-count history of 12 nodepools, against a small twin with 2 apps, a
// month of usage and one nodepool. The costs page of each, seen by its Admin, against a target of
// 1.5× the twin.
//
// The first visit of the costs page writes the statements of every closed month it finds (twelve
// in the large organization, each an aggregate over a month of usage): that visit is timed on its
// own, before the warm-up, since it is a real cost that one visitor pays.
//
// Usage rows are inserted straight into api_usage, a month of hours per statement; the triggers of
// migration 0020 keep the running sums the page reads, as they do for metered calls.
//
// Runs on PostgreSQL only (BENCH_DATABASE_URL); on PGlite set BENCH_COSTS_PGLITE=1 to include it,
// but bulk-loading millions of rows into embedded PGlite takes longer than the rest of the bench.
import { sql } from "drizzle-orm";
import { apps, handles, memberships, organizations } from "@/db/schema";
import { INSTANCE_TYPES } from "@/lib/compute/catalog";
import { ENDPOINT_PREFIX, ENDPOINTS } from "@/lib/authz/endpoints";
import { newId } from "@/lib/ids";
import { ensurePlan } from "@/lib/services/costs";
import type { PageBenchCase, PageBenchContext, PageBenchRun } from "./pages";

const LARGE = "bench-costs";
const SMALL = "bench-costs-small";
const LARGE_APPS = 500;
const SMALL_APPS = 2;
const TARGET = 1.5;

// Most calls are predictions and reads; a few of every other category.
const ENDPOINT_NAMES = ["PostModelOutputs", "PostModelOutputs", "ListInputs", "GetModel", "PostInputs", "PostSearches", "PostModelVersions", "PatchConcepts", "ListApps", "PostAnnotations"].map((method) => {
  const endpoint = ENDPOINTS.find((candidate) => candidate.name === `${ENDPOINT_PREFIX}${method}`);
  if (!endpoint) throw new Error(`no endpoint ${method}`);
  return endpoint.name;
});

const literalArray = (values: readonly string[]) => sql.raw(`array[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(",")}]::text[]`);

/** The start of the current UTC hour: usage runs up to it, like metered rows do. */
function currentHour(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours()));
}

type Shape = { handle: string; adminUserId: string; apps: number; days: number; nodepools: number; countEveryHours: number };

async function organization(context: PageBenchContext, shape: Shape): Promise<void> {
  const { db } = context;
  const orgId = newId("org");
  const created = new Date(currentHour().getTime() - (shape.days + 1) * 86_400_000);
  await db.insert(handles).values({ key: shape.handle, kind: "org" });
  await db.insert(organizations).values({ id: orgId, handle: shape.handle, handleKey: shape.handle, name: `Bench ${shape.handle}`, createdBy: shape.adminUserId, createdAt: created });
  await db.insert(memberships).values({ orgId, userId: shape.adminUserId, role: "Admin" });
  await ensurePlan(db, orgId);
  const appRefs = Array.from({ length: shape.apps }, () => newId("app"));
  await db.insert(apps).values(appRefs.map((id, i) => ({ id, ownerOrgId: orgId, appId: `app-${String(i + 1).padStart(3, "0")}`, name: `App ${i + 1}`, createdAt: created })));
  // One app key per app, and three personal access tokens of the Admin that call every app now and then.
  const keyIds = appRefs.map(() => newId("key"));
  const patIds = [newId("key"), newId("key"), newId("key")];
  await db.execute(sql`
    insert into credentials (id, kind, user_id, app_id, name, secret_hash, hint, scopes, created_at)
    select k.id, 'app_key', ${shape.adminUserId}, k.app_ref, 'Key of ' || k.app_ref, 'bench-hash-' || k.id, 'abcd', array['All']::text[], ${created.toISOString()}::timestamptz
    from unnest(${literalArray(keyIds)}, ${literalArray(appRefs)}) as k(id, app_ref)
    union all
    select p.id, 'pat', ${shape.adminUserId}, null, 'Token ' || p.n, 'bench-hash-' || p.id, 'efgh', array['All']::text[], ${created.toISOString()}::timestamptz
    from unnest(${literalArray(patIds)}) with ordinality as p(id, n)`);

  // Usage: every app in every hour of `days` up to the current hour, one endpoint and one
  // credential per row (the app's key, or one of the tokens one hour in seven), generated in the
  // database a month of hours at a time.
  const hours = shape.days * 24;
  const newestHour = currentHour().toISOString();
  for (let start = 0; start < hours; start += 720) {
    const end = Math.min(hours - 1, start + 719);
    await db.execute(sql`
      insert into api_usage (hour, app_ref, credential_id, endpoint, owner_org_id, calls)
      select ${newestHour}::timestamptz - h * interval '1 hour',
             (${literalArray(appRefs)})[a],
             case when (h + a) % 7 = 0 then (${literalArray(patIds)})[1 + (h + a) % 3] else (${literalArray(keyIds)})[a] end,
             (${literalArray(ENDPOINT_NAMES)})[1 + (h * 3 + a) % ${ENDPOINT_NAMES.length}],
             ${orgId},
             1 + (h * 7 + a * 13) % 50
      from generate_series(${start}::int, ${end}::int) as h, generate_series(1, ${shape.apps}::int) as a`);
  }

  // Node counts: each nodepool changes size every `countEveryHours` over the same period.
  const instanceTypes = INSTANCE_TYPES.map((type) => type.id);
  const nodepoolRefs = Array.from({ length: shape.nodepools }, () => newId("npl"));
  await db.execute(sql`
    insert into nodepool_node_counts (id, org_id, nodepool_ref, cluster_id, nodepool_id, instance_type, node_count, at, changed_by)
    select 'ncc_bench_' || ${shape.handle} || '_' || p || '_' || s, ${orgId}, (${literalArray(nodepoolRefs)})[p], 'cluster-' || (1 + p % 3), 'pool-' || p,
           (${literalArray(instanceTypes)})[1 + p % ${instanceTypes.length}], (s * 5 + p) % 6, ${newestHour}::timestamptz - s * ${shape.countEveryHours} * interval '1 hour', ${shape.adminUserId}
    from generate_series(1, ${shape.nodepools}::int) as p, generate_series(0, ${Math.floor(hours / shape.countEveryHours)}::int) as s`);
}

async function setup(context: PageBenchContext): Promise<void> {
  await organization(context, { handle: SMALL, adminUserId: context.smallAdminUserId, apps: SMALL_APPS, days: 31, nodepools: 1, countEveryHours: 24 });
  await organization(context, { handle: LARGE, adminUserId: context.adminUserId, apps: LARGE_APPS, days: 365, nodepools: 12, countEveryHours: 6 });
  const [row] = (await context.db.execute(sql`select count(*)::text as rows from api_usage`)) as unknown as { rows: string }[];
  console.log(`  api_usage: ${Number(row?.rows ?? 0).toLocaleString("en-US")} rows`);
}

const page = (org: string) => `/${org}/settings/costs`;

/** The first visit of each organization's page, which writes its closed months' statements. */
async function firstVisits(run: PageBenchRun): Promise<void> {
  for (const [label, get, path] of [
    [LARGE, run.getAsAdmin, page(LARGE)],
    [SMALL, run.getAsSmallAdmin, page(SMALL)],
  ] as const) {
    const started = performance.now();
    const response = await get(path);
    await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`${path} answered HTTP ${response.status}`);
    console.log(`costs, first visit of ${label.padEnd(18)} ${elapsed.toFixed(1).padStart(8)} ms  (writes the statements of its closed months)`);
  }
}

const onPostgres = Boolean(process.env.BENCH_DATABASE_URL);
const included = onPostgres || process.env.BENCH_COSTS_PGLITE === "1";
if (!included && (process.env.BENCH_CASES ?? "").split(",").some((part) => "costs".includes(part.trim()))) {
  console.log("The costs case runs on PostgreSQL only (set BENCH_COSTS_PGLITE=1 to seed its 4.4 million usage rows into PGlite too).");
}

/** The costs page of the large organization and of its small twin, each seen by its Admin. */
export const costsBenchCases: PageBenchCase[] = included ? [{ name: "costs", path: page(LARGE), twin: page(SMALL), target: TARGET, setup, before: firstVisits }] : [];
