import { and, count, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { addCalls } from "@/db/queries/api-usage";
import { insertCluster, insertEnvironments, insertNodepool, recordNodeCount } from "@/db/queries/compute";
import { findStatement, monthSummary } from "@/db/queries/finance";
import { apiUsage, auditEvents, budgetAlerts, budgets, memberships, notifications, organizations, outboxEmails, planOperationPrices, pricingPlans, statements, handles } from "@/db/schema";
import { openTestDatabase, propertyRuns } from "@/db/testing";
import type { OrgRole } from "@/lib/authz";
import { ENDPOINTS } from "@/lib/authz/endpoints";
import { parseCsv } from "@/lib/csv/testing";
import { ENDPOINT_CATEGORIES } from "@/lib/finance/categories";
import { monthOf, previousMonth } from "@/lib/finance/money";
import { DEFAULT_PLAN } from "@/lib/finance/plan";
import { newId } from "@/lib/ids";
import { createOrgApp, updateAppIdentity } from "@/lib/operations/apps";
import { createPersonalAccessToken } from "@/lib/operations/credentials";
import { COST_LINES_PAGE_SIZE, COSTS_APPS_PAGE_SIZE, deleteBudget, searchBudgetApps, setBudget, updatePlan, viewCostLines, viewCosts, viewStatement } from "@/lib/operations/finance";
import { createOrganization } from "@/lib/operations/my-account";
import type { Operation } from "@/lib/operations/operation";
import { runAs } from "@/lib/operations/testing";
import { checkBudgetAlerts, closeStatements, monthLines, monthTotals, readPlan, statementCsv } from "./costs";
import { flushMetering, meterCall } from "./metering";
import { signUpVerified } from "./test-accounts";

// Costs, budgets and statements against a real database: prices from the plan, exact totals that
// agree everywhere (a fast-check property), budget alerts once per threshold and month, the
// finance capabilities per role, and bad input that changes nothing.

let handle: DatabaseHandle;
const people: Record<string, string> = {};
let orgId = "";
const appRefs: Record<string, string> = {};
let credentialId = "";
const ORG = { org: "acme" };
const PREDICT = "/clarifai.api.V2/PostModelOutputs";
const LIST_INPUTS = "/clarifai.api.V2/ListInputs";
const POST_INPUTS = "/clarifai.api.V2/PostInputs";

function as<Input, Output>(person: string, operation: Operation<Input, Output>, input: Record<string, unknown> = {}) {
  return runAs(handle.db, operation, people[person]!, { ...ORG, ...input });
}

async function addMember(userId: string, role: OrgRole, org = orgId) {
  await handle.db.insert(memberships).values({ orgId: org, userId, role });
}

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["ada", "fay", "oc", "ou", "tc", "ian", "zed"]) people[name] = await signUpVerified(handle.db, name);
  const org = await runAs(handle.db, createOrganization, people.ada!, { handle: "acme", name: "Acme" });
  if (!org.ok) throw new Error(org.message);
  orgId = org.data.id;
  await addMember(people.fay!, "Financial Manager");
  await addMember(people.oc!, "Organization Contributor");
  await addMember(people.ou!, "Organization User");
  await addMember(people.tc!, "Team Contributor");
  await addMember(people.ian!, "Infrastructure Manager");
  for (const appId of ["vision", "text"]) {
    const app = await runAs(handle.db, createOrgApp, people.ada!, { org: "acme", appId, name: appId === "vision" ? "Vision" : "Text" });
    if (!app.ok) throw new Error(app.message);
  }
  for (const row of await handle.db.query.apps.findMany({ where: (apps, { eq }) => eq(apps.ownerOrgId, orgId) })) appRefs[row.appId] = row.id;
  const token = await runAs(handle.db, createPersonalAccessToken, people.ada!, { name: "billing robot", scopes: ["Predict", "Inputs:Get"] });
  if (!token.ok) throw new Error(token.message);
  credentialId = token.data.id;
});

afterAll(async () => {
  await handle?.close();
});

describe("the pricing plan", () => {
  it("is given to a new organization from the defaults, with a price for every category and instance type", async () => {
    const plan = await readPlan(handle.db, orgId);
    expect(plan).toMatchObject({ name: DEFAULT_PLAN.name, currency: "USD", includedCreditMinor: DEFAULT_PLAN.includedCreditMinor });
    expect(Object.fromEntries(plan.operationPrices.map((p) => [p.category, Number(p.minorPerThousand)]))).toEqual(Object.fromEntries(Object.entries(DEFAULT_PLAN.operationPrices).map(([k, v]) => [k, Number(v)])));
    expect(Object.fromEntries(plan.instancePrices.map((p) => [p.instanceType, Number(p.minorPerHour)]))).toEqual(Object.fromEntries(Object.entries(DEFAULT_PLAN.instancePrices).map(([k, v]) => [k, Number(v)])));
  });

  it("prices each endpoint through its category", () => {
    for (const endpoint of ENDPOINTS) expect(ENDPOINT_CATEGORIES[endpoint.method], endpoint.name).toBeDefined();
  });
});

/** A fresh organization (inserted directly) with the default plan, and one app of it. */
async function freshOrg(): Promise<{ orgId: string; appRef: string; org: string }> {
  const id = newId("org");
  const handleName = `org-${id.slice(-8).toLowerCase().replace(/[^a-z0-9]/g, "x")}`;
  await handle.db.insert(handles).values({ key: handleName, kind: "org" });
  await handle.db.insert(organizations).values({ id, handle: handleName, handleKey: handleName, name: handleName, createdBy: people.ada!, createdAt: new Date(`${previousMonth(monthOf(new Date()))}T00:00:00Z`) });
  await addMember(people.ada!, "Admin", id);
  const appRef = newId("app");
  await handle.db.insert((await import("@/db/schema")).apps).values({ id: appRef, ownerOrgId: id, appId: "a", name: "A" });
  await readPlan(handle.db, id);
  return { orgId: id, appRef, org: handleName };
}

/** What the costs page reads of a period: one page of ten apps, five credentials. */
function summaryOf(period: { orgId: string; from: Date; to: Date }) {
  return monthSummary(handle.db, { ...period, page: 1, pageSize: 10, appRefs: [], credentials: 5 });
}

describe("spend", () => {
  it("prices operations by category and app, and node-hours by the nodepool's instance type", async () => {
    const { orgId: org, appRef } = await freshOrg();
    const now = new Date();
    const hour = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 0));
    // 7 predictions (1.20 per 1,000: 0.84 cents → 1 cent), 2,500 reads (0.01 per 1,000: 2.5 → 3 cents).
    await addCalls(handle.db, [
      { appRef, credentialId, endpoint: PREDICT, hour, calls: 7 },
      { appRef, credentialId, endpoint: LIST_INPUTS, hour, calls: 2_500 },
    ]);
    // Two gpu-t4 nodes for 90 minutes: 3 node-hours at 53 cents.
    const at = new Date(hour.getTime());
    await recordNodeCount(handle.db, { orgId: org, nodepoolRef: "npl_x", clusterId: "c1", nodepoolId: "gpu", instanceType: "gpu-t4", nodeCount: 2, at, changedBy: null });
    await recordNodeCount(handle.db, { orgId: org, nodepoolRef: "npl_x", clusterId: "c1", nodepoolId: "gpu", instanceType: "gpu-t4", nodeCount: 0, at: new Date(at.getTime() + 90 * 60_000), changedBy: null });
    const lines = await monthLines(handle.db, org, monthOf(now), new Date(Math.max(now.getTime(), at.getTime() + 91 * 60_000)));
    expect(lines.map((line) => ({ category: line.category, app: line.appId, quantity: Number(line.quantity), amount: line.amountMinor }))).toEqual([
      { category: "predict", app: "a", quantity: 7, amount: 1 },
      { category: "reads", app: "a", quantity: 2_500, amount: 3 },
      { category: "compute", app: "", quantity: 3, amount: 159 },
    ]);
    expect(lines[2]!.nodepool).toEqual({ ref: "npl_x", clusterId: "c1", nodepoolId: "gpu", instanceType: "gpu-t4" });
    expect(lines.reduce((sum, line) => sum + line.amountMinor, 0)).toBe(163);
  });

  it("counts only usage before the moment read, though the month's running sums hold later hours too", async () => {
    const { orgId: org, appRef } = await freshOrg();
    const month = previousMonth(monthOf(new Date()));
    const start = new Date(`${month}T00:00:00Z`).getTime();
    await addCalls(handle.db, [
      { appRef, credentialId, endpoint: PREDICT, hour: new Date(start), calls: 7 },
      { appRef, credentialId, endpoint: PREDICT, hour: new Date(start + 5 * 3_600_000), calls: 100 },
      { appRef, credentialId, endpoint: LIST_INPUTS, hour: new Date(start + 30 * 3_600_000), calls: 9 },
    ]);
    const at = new Date(start + 3 * 3_600_000);
    expect((await monthLines(handle.db, org, month, at)).map((line) => [line.category, Number(line.quantity)])).toEqual([["predict", 7]]);
    const period = { orgId: org, from: new Date(start), to: at };
    const summary = await summaryOf(period);
    expect(summary.daily.map((day) => day.operationsMinor)).toEqual([1]);
    expect(summary.credentials.map((row) => row.calls)).toEqual([7]);
    expect(summary.totalMinor).toBe(1);
    // The whole month: every row.
    expect((await monthLines(handle.db, org, month, new Date())).map((line) => [line.category, Number(line.quantity)])).toEqual([["predict", 107], ["reads", 9]]);
    // A period that does not start at a month's start is refused rather than misread.
    await expect(summaryOf({ orgId: org, from: new Date(start + 3_600_000), to: at })).rejects.toThrow(RangeError);
  });

  it("starts each nodepool's month from the count in force when it began, however long its history", async () => {
    const { orgId: org } = await freshOrg();
    const month = previousMonth(monthOf(new Date()));
    const start = new Date(`${month}T00:00:00Z`).getTime();
    const count = (pool: string, hoursFromStart: number, nodeCount: number) =>
      recordNodeCount(handle.db, { orgId: org, nodepoolRef: `npl_${pool}`, clusterId: "c", nodepoolId: pool, instanceType: "gpu-t4", nodeCount, at: new Date(start + hoursFromStart * 3_600_000), changedBy: null });
    // "a": 5 nodes two days before, 1 node from a day before, none after the first hour: 1 node-hour.
    await count("a", -48, 5);
    await count("a", -24, 1);
    await count("a", 1, 0);
    // "b": 2 nodes since before the month, never changed: all of the first 10 hours read.
    await count("b", -100, 2);
    // "c": only inside the month, 3 nodes for 2 hours.
    await count("c", 4, 3);
    await count("c", 6, 0);
    // "d": stopped before the month: nothing.
    await count("d", -30, 4);
    await count("d", -2, 0);
    const lines = await monthLines(handle.db, org, month, new Date(start + 10 * 3_600_000));
    expect(lines.map((line) => [line.nodepool?.nodepoolId, Number(line.quantity)])).toEqual([
      ["a", 1],
      ["b", 20],
      ["c", 6],
    ]);
    // By day over 50 hours, at 53 cents a node-hour: day 1 has a's 1, b's 48 and c's 6 node-hours; day 2 b's 48; day 3 b's 4.
    const { daily } = await summaryOf({ orgId: org, from: new Date(start), to: new Date(start + 50 * 3_600_000) });
    expect(daily.map((day) => day.computeMinor)).toEqual([55 * 53, 48 * 53, 4 * 53]);
  });

  it("pages the apps by spend, most costly first, with the operation lines of the page's apps", async () => {
    const { orgId: org, appRef: first } = await freshOrg();
    const [orgRow] = await handle.db.select({ handle: organizations.handle }).from(organizations).where(eq(organizations.id, org));
    const schema = await import("@/db/schema");
    const refs = [first, ...Array.from({ length: COSTS_APPS_PAGE_SIZE + 1 }, () => newId("app"))];
    await handle.db.insert(schema.apps).values(refs.slice(1).map((id, i) => ({ id, ownerOrgId: org, appId: `p${i + 2}`, name: `P${i + 2}` })));
    const hour = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
    // App i makes (i + 1) × 1,000 predictions: the last app costs most.
    await addCalls(
      handle.db,
      refs.flatMap((appRef, i) => [
        { appRef, credentialId, endpoint: PREDICT, hour, calls: (i + 1) * 1_000 },
        { appRef, credentialId, endpoint: LIST_INPUTS, hour, calls: 1 },
      ]),
    );
    const read = async (page?: string) => {
      const view = await runAs(handle.db, viewCosts, people.ada!, { org: orgRow!.handle, page });
      if (!view.ok) throw new Error(view.message);
      return view.data;
    };
    const one = await read();
    expect(one.appPage).toMatchObject({ page: 1, pageSize: COSTS_APPS_PAGE_SIZE, total: refs.length });
    expect(one.appPage.apps.map((app) => app.appRef)).toEqual([...refs].reverse().slice(0, COSTS_APPS_PAGE_SIZE));
    const two = await read("2");
    expect(two.appPage.apps.map((app) => app.appRef)).toEqual([refs[1], refs[0]]);
    // The lines page: every app's lines on one page of 25, in the same order, a category after another.
    const lines = await runAs(handle.db, viewCostLines, people.ada!, { org: orgRow!.handle });
    if (!lines.ok) throw new Error(lines.message);
    expect(lines.data.appPage).toMatchObject({ page: 1, pageSize: COST_LINES_PAGE_SIZE, total: refs.length });
    expect(lines.data.appPage.lines.map((line) => [line.appRef, line.category])).toEqual([...refs].reverse().flatMap((ref) => [[ref, "predict"], [ref, "reads"]]));
    // Past the end: the last page; not a page number: the first.
    expect((await read("99")).appPage.page).toBe(2);
    expect((await read("two")).appPage.page).toBe(1);
  });

  it("shows the month on the costs page to Admins and Financial Managers, and refuses every other role", async () => {
    for (const person of ["ada", "fay"]) {
      const view = await as(person, viewCosts);
      expect(view.ok, person).toBe(true);
      expect((await as(person, viewCostLines)).ok, person).toBe(true);
      if (view.ok) expect(view.data.may.manage).toBe(person === "ada");
    }
    for (const person of ["oc", "ou", "tc", "ian"]) {
      const view = await as(person, viewCosts);
      expect(view.ok ? "ok" : view.code, person).toBe("forbidden");
      const statement = await as(person, viewStatement, { month: "2026-01" });
      expect(statement.ok ? "ok" : statement.code, person).toBe("forbidden");
      const lines = await as(person, viewCostLines);
      expect(lines.ok ? "ok" : lines.code, person).toBe("forbidden");
    }
    // An outsider does not learn that the organization exists.
    const outsider = await as("zed", viewCosts);
    expect(outsider.ok ? "ok" : outsider.code).toBe("not_found");
  });
});

// ─── Statements: the property ────────────────────────────────────────────────────────────────

/** Rounds n / d half away from zero (n ≥ 0), as PostgreSQL's round does. */
function roundDiv(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/** Minor units per 1,000 as ten-thousandths (numeric(20,4)). */
function scaled(price: string): bigint {
  const [whole, fraction = ""] = price.split(".");
  return BigInt(whole!) * 10_000n + BigInt(fraction.padEnd(4, "0"));
}

describe("statements", () => {
  it("agree to the minor unit with the page's totals and with the metered rows (property)", async () => {
    const endpoints = [PREDICT, LIST_INPUTS, POST_INPUTS, "/clarifai.api.V2/PostSearches", "/clarifai.api.V2/PostModelVersions", "/clarifai.api.V2/PostConcepts"];
    const now = new Date();
    const lastMonth = previousMonth(monthOf(now));
    const start = new Date(`${lastMonth}T00:00:00Z`).getTime();
    const hours = Math.round((new Date(`${monthOf(now)}T00:00:00Z`).getTime() - start) / 3_600_000);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ endpoint: fc.constantFrom(...endpoints), hour: fc.integer({ min: 0, max: hours - 1 }), calls: fc.integer({ min: 1, max: 5_000_000 }), secondApp: fc.boolean() }), { minLength: 0, maxLength: 25 }),
        fc.integer({ min: 0, max: 99_999 }),
        // Three nodepools' node counts, some set before the month began; unique times per nodepool (in ms from the month's start).
        fc.uniqueArray(fc.record({ pool: fc.constantFrom("p", "q", "r"), at: fc.integer({ min: -3 * 86_400_000, max: hours * 3_600_000 - 1 }), count: fc.integer({ min: 0, max: 5 }) }), {
          selector: (row) => `${row.pool}:${row.at}`,
          maxLength: 6,
        }),
        async (usage, predictPrice, nodeCounts) => {
          const { orgId: org, appRef } = await freshOrg();
          const otherApp = newId("app");
          await handle.db.insert((await import("@/db/schema")).apps).values({ id: otherApp, ownerOrgId: org, appId: "b", name: "B" });
          // A price with four decimals of a cent, e.g. 12.3456 per 1,000 predictions.
          const price = `${Math.floor(predictPrice / 10_000)}.${String(predictPrice % 10_000).padStart(4, "0")}`;
          await handle.db.update(planOperationPrices).set({ minorPerThousand: price }).where(and(eq(planOperationPrices.orgId, org), eq(planOperationPrices.category, "predict")));
          await addCalls(
            handle.db,
            usage.map((row) => ({ appRef: row.secondApp ? otherApp : appRef, credentialId, endpoint: row.endpoint, hour: new Date(start + row.hour * 3_600_000), calls: row.calls })),
          );
          for (const row of nodeCounts) await recordNodeCount(handle.db, { orgId: org, nodepoolRef: `npl_${row.pool}`, clusterId: "c", nodepoolId: row.pool, instanceType: "gpu-t4", nodeCount: row.count, at: new Date(start + row.at), changedBy: null });
          // The reference: metered rows summed per (category, app) here, priced with BigInt arithmetic.
          const prices = Object.fromEntries((await readPlan(handle.db, org)).operationPrices.map((p) => [p.category, scaled(p.minorPerThousand)]));
          const perLine = new Map<string, bigint>();
          for (const row of await handle.db.select().from(apiUsage).where(eq(apiUsage.ownerOrgId, org))) {
            const category = ENDPOINT_CATEGORIES[row.endpoint.split("/").pop() as keyof typeof ENDPOINT_CATEGORIES];
            const key = `${category}:${row.appRef}`;
            perLine.set(key, (perLine.get(key) ?? 0n) + BigInt(row.calls));
          }
          let expected = 0n;
          for (const [key, calls] of perLine) expected += roundDiv(calls * prices[key.split(":")[0]!]!, 10_000_000n);
          // Each nodepool's node-milliseconds inside the month, each count holding until the next (the last: to the month's end), at 53 cents an hour.
          const end = hours * 3_600_000;
          let computeLines = 0;
          for (const pool of ["p", "q", "r"]) {
            const sorted = nodeCounts.filter((row) => row.pool === pool).sort((a, b) => a.at - b.at);
            const nodeMs = sorted.reduce((sum, row, i) => sum + BigInt(row.count) * BigInt(Math.max(0, Math.min(sorted[i + 1]?.at ?? end, end) - Math.max(row.at, 0))), 0n);
            if (nodeMs > 0n) {
              expected += roundDiv(nodeMs * 53n, 3_600_000n);
              computeLines++;
            }
          }

          await closeStatements(handle.db, org, now);
          const found = await findStatement(handle.db, { orgId: org, month: lastMonth });
          expect(found).not.toBeNull();
          const { statement, lines } = found!;
          // The costs page's figures for the month, with its apps on one page (two apps at most) and one of them asked for as a budget would.
          const { totals: page, appPage, spendOf, daily, credentials } = await monthTotals(handle.db, { orgId: org, month: lastMonth, now, page: 1, pageSize: 10, appRefs: [otherApp], credentials: 5 });
          // A day for every day of the month; the one credential made every call.
          expect(daily).toHaveLength(Math.round(hours / 24));
          const calls = usage.reduce((sum, row) => sum + row.calls, 0);
          expect(credentials.map((row) => row.calls)).toEqual(calls > 0 ? [calls] : []);
          const csv = parseCsv(statementCsv(statement, lines));
          const csvSum = csv.slice(1, -3).reduce((sum, row) => sum + BigInt(row[9]!.replace(".", "")), 0n);
          expect(csv.at(-3)![1]).toBe("Total");
          const csvTotal = BigInt(csv.at(-3)![9]!.replace(".", ""));

          expect(BigInt(statement.totalMinor)).toBe(expected);
          expect(BigInt(page.totalMinor)).toBe(expected);
          expect(csvTotal).toBe(expected);
          expect(csvSum).toBe(expected);
          expect(page.byCategory.reduce((sum, c) => sum + c.amountMinor, 0)).toBe(page.totalMinor);
          expect(appPage.apps.reduce((sum, a) => sum + a.amountMinor, 0) + page.byNodepool.reduce((sum, n) => sum + n.amountMinor, 0)).toBe(page.totalMinor);
          expect(appPage.apps.reduce((sum, a) => sum + a.amountMinor, 0) + appPage.unattributedCompute.amountMinor).toBe(page.totalMinor);
          expect(appPage.lines.reduce((sum, l) => sum + l.amountMinor, 0)).toBe(appPage.apps.reduce((sum, a) => sum + a.amountMinor, 0));
          expect(appPage.lines).toHaveLength(perLine.size);
          expect(spendOf(otherApp)).toBe(lines.filter((line) => line.appId === "b").reduce((sum, line) => sum + line.amountMinor, 0));
          expect(lines).toHaveLength(perLine.size + computeLines);
          expect(statement.dueMinor).toBe(Math.max(0, statement.totalMinor - statement.includedCreditMinor));
        },
      ),
      { numRuns: propertyRuns(30) },
    );
  });

  it("charges each app its share of the compute that served its models, and shows the rest as unattributed: apps and the rest sum to the statement's total", async () => {
    const { orgId: org, appRef } = await freshOrg();
    const schema = await import("@/db/schema");
    const other = newId("app");
    const third = newId("app");
    await handle.db.insert(schema.apps).values([
      { id: other, ownerOrgId: org, appId: "b", name: "B" },
      { id: third, ownerOrgId: org, appId: "c", name: "C" },
    ]);
    for (const ref of [appRef, other, third]) await handle.db.insert(schema.models).values({ appRef: ref, modelId: "m", name: "M", modelTypeId: "visual-embedder" });
    const now = new Date();
    const lastMonth = previousMonth(monthOf(now));
    const start = new Date(`${lastMonth}T00:00:00Z`).getTime();
    const at = (hours: number) => new Date(start + hours * 3_600_000);
    const [environment] = await insertEnvironments(handle.db, { orgId: org, names: ["Production"] });
    const cluster = await insertCluster(handle.db, { orgId: org, clusterId: "c", name: "C", cloudProvider: "aws", region: "us-east-1", description: "", createdBy: null });
    const pool = async (nodepoolId: string, instanceType: string, counts: [number, number][]) => {
      const ref = await insertNodepool(handle.db, { orgId: org, clusterRef: cluster.id, nodepoolId, environmentId: environment!.id, instanceType, minNodes: 0, maxNodes: 5, nodeCount: 0, description: "", createdBy: null });
      for (const [hour, nodeCount] of counts) await recordNodeCount(handle.db, { orgId: org, nodepoolRef: ref, clusterId: "c", nodepoolId, instanceType, nodeCount, at: at(hour), changedBy: null });
      return ref;
    };
    const deploy = (nodepoolRef: string, app: string, deploymentId: string, createdAt: Date) =>
      handle.db.insert(schema.deployments).values({ id: newId("dep"), orgId: org, nodepoolRef, deploymentId, appRef: app, modelId: "m", minReplicas: 1, maxReplicas: 1, createdAt });
    // gpu-t4 (53 cents an hour), 2 nodes for 10 hours: A's model alone for 4 hours (8 node-hours), then A's and B's for 6 (6 node-hours each).
    const shared = await pool("shared", "gpu-t4", [[0, 2], [10, 0]]);
    await deploy(shared, appRef, "a-shared", at(-24));
    await deploy(shared, other, "b-shared", at(4));
    // gpu-t4, 1 node for an hour among three apps: 53 cents in whole cents, 18 + 18 + 17.
    const thirds = await pool("thirds", "gpu-t4", [[20, 1], [21, 0]]);
    for (const [index, app] of [appRef, other, third].entries()) await deploy(thirds, app, `thirds-${index}`, at(-1));
    // cpu-small (10 cents an hour), 1 node for 3 hours with no deployment: unattributed.
    await pool("idle", "cpu-small", [[30, 1], [33, 0]]);
    await addCalls(handle.db, [{ appRef: other, credentialId, endpoint: PREDICT, hour: at(2), calls: 10_000 }]);

    await closeStatements(handle.db, org, now);
    const { statement } = (await findStatement(handle.db, { orgId: org, month: lastMonth }))!;
    expect(statement.totalMinor).toBe(20 * 53 + 53 + 3 * 10 + 1_200);
    const { totals, appPage } = await monthTotals(handle.db, { orgId: org, month: lastMonth, now, page: 1, pageSize: 10, appRefs: [], credentials: 0 });
    const byApp = Object.fromEntries(appPage.apps.map((app) => [app.appId, { compute: app.computeMinor, amount: app.amountMinor }]));
    const thirdsOf = [byApp.a!.compute - 14 * 53, byApp.b!.compute - 6 * 53, byApp.c!.compute].sort();
    expect(thirdsOf).toEqual([17, 18, 18]);
    expect(byApp.b!.amount).toBe(byApp.b!.compute + 1_200);
    expect(appPage.unattributedCompute).toEqual({ nodeHours: "3", amountMinor: 30 });
    // The apps and the unattributed compute are the month's total, as the statement states it.
    expect(appPage.apps.reduce((sum, app) => sum + app.amountMinor, 0) + appPage.unattributedCompute.amountMinor).toBe(statement.totalMinor);
    expect(totals.totalMinor).toBe(statement.totalMinor);
    // The apps' lines include their share of each nodepool's compute.
    expect(appPage.lines.reduce((sum, line) => sum + line.amountMinor, 0)).toBe(appPage.apps.reduce((sum, app) => sum + app.amountMinor, 0));
    expect(appPage.lines.filter((line) => line.appId === "a" && line.category === "compute").map((line) => [line.nodepool!.nodepoolId, Number(line.quantity)])).toEqual([
      ["shared", 14],
      ["thirds", 0.333333],
    ]);
  });

  it("is written once per closed month, keeps its prices when the plan changes, and has a CSV and a page", async () => {
    const { orgId: org, appRef } = await freshOrg();
    const now = new Date();
    const lastMonth = previousMonth(monthOf(now));
    await addCalls(handle.db, [{ appRef, credentialId, endpoint: PREDICT, hour: new Date(`${lastMonth}T05:00:00Z`), calls: 10_000 }]);
    expect(await closeStatements(handle.db, org, now)).toBeGreaterThan(0);
    expect(await closeStatements(handle.db, org, now)).toBe(0);
    const [{ n }] = (await handle.db.select({ n: count() }).from(statements).where(and(eq(statements.orgId, org), eq(statements.month, lastMonth)))) as [{ n: number }];
    expect(n).toBe(1);
    await handle.db.update(planOperationPrices).set({ minorPerThousand: "999" }).where(eq(planOperationPrices.orgId, org));
    const found = await findStatement(handle.db, { orgId: org, month: lastMonth });
    expect(found!.statement.totalMinor).toBe(1_200);
    const csv = statementCsv(found!.statement, found!.lines);
    expect(csv.split("\r\n")[0]).toBe("Month,Category,App ID,App name,Nodepool,Instance type,Quantity,Unit,Unit price,Amount,Currency");
    expect(csv).toContain(`${lastMonth.slice(0, 7)},Predictions,a,A,,,10000,"1,000 operations",1.20,12.00,USD`);
    expect(csv).toContain("Amount due,,,,,,,,0.00,USD");
  });

  it("writes a name that starts like a negative number as text, and its own negative amounts as numbers", async () => {
    const { orgId: org, appRef, org: handleName } = await freshOrg();
    const now = new Date();
    const lastMonth = previousMonth(monthOf(now));
    await addCalls(handle.db, [{ appRef, credentialId, endpoint: PREDICT, hour: new Date(`${lastMonth}T05:00:00Z`), calls: 10_000 }]);
    const formula = "-1+1+cmd|' /C calc'!A0";
    const renamed = await runAs(handle.db, updateAppIdentity, people.ada!, { owner: handleName, app: "a", appId: "a", name: formula });
    expect(renamed.ok).toBe(true);
    await closeStatements(handle.db, org, now);
    const found = await findStatement(handle.db, { orgId: org, month: lastMonth });
    const csv = statementCsv(found!.statement, found!.lines);
    const records = parseCsv(csv);
    const line = records.find((record) => record[1] === "Predictions")!;
    expect(line[3]).toBe(`'${formula}`);
    expect(csv).toContain(`,a,"'-1+1+cmd|' /C calc'!A0",,,10000,`);
    // The included credit is the server's negative amount: a number, not text.
    expect(csv).toContain(",Included credit,,,,,,,,-12.00,USD\r\n");
    for (const record of records) for (const field of record) expect(field, record.join(",")).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
  });

  it("is refused for a month that has not ended", async () => {
    const result = await as("fay", viewStatement, { month: monthOf(new Date()).slice(0, 7) });
    expect(result.ok ? "ok" : result.code).toBe("not_found");
  });
});

// ─── Budgets ─────────────────────────────────────────────────────────────────────────────────

async function alertsOf(org: string) {
  return handle.db.select().from(budgetAlerts).where(eq(budgetAlerts.orgId, org));
}

const PLAN_INPUT = {
  name: "Growth",
  currency: "EUR",
  includedCredit: "100",
  price_predict: "2.5",
  price_train: "5",
  price_search: "0.5",
  price_input_writes: "0.2",
  price_other_writes: "0.1",
  price_reads: "0.000001",
  "instance_cpu-small": "0.10",
  "instance_cpu-large": "0.38",
  "instance_gpu-t4": "0.60",
  "instance_gpu-a10g": "1.21",
  "instance_gpu-l40s": "1.86",
};

describe("budgets", () => {
  it("are set by Admins only; Financial Managers and other roles are refused and nothing changes", async () => {
    for (const person of ["fay", "oc", "ou", "tc", "ian"]) {
      const result = await as(person, setBudget, { amount: "100", thresholds: "50, 80, 100" });
      expect(result.ok ? "ok" : result.code, person).toBe("forbidden");
      const plan = await as(person, updatePlan, { ...PLAN_INPUT, name: "Cheap" });
      expect(plan.ok ? "ok" : plan.code, person).toBe("forbidden");
    }
    expect(await handle.db.select().from(budgets).where(eq(budgets.orgId, orgId))).toEqual([]);
  });

  it("refuse bad amounts and thresholds with a clear message, changing nothing", async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ amount: "-5", thresholds: "80" }, "amount", /cannot be negative/],
      [{ amount: "abc", thresholds: "80" }, "amount", /Enter a number such as 250/],
      [{ amount: "12.345", thresholds: "80" }, "amount", /at most 2 decimals/],
      [{ amount: "0", thresholds: "80" }, "amount", /more than zero/],
      [{ amount: "", thresholds: "80" }, "amount", /Enter an amount/],
      [{ amount: "100", thresholds: "0" }, "thresholds", /“0” is not allowed.*from 1 to 100/],
      [{ amount: "100", thresholds: "50, 101" }, "thresholds", /“101” is not allowed/],
      [{ amount: "100", thresholds: "eighty" }, "thresholds", /“eighty” is not allowed/],
      [{ amount: "100", thresholds: "" }, "thresholds", /at least one threshold/],
      [{ amount: "100", thresholds: "80", app: "nope" }, "app", /no app with this ID/],
    ];
    for (const [input, field, message] of cases) {
      const result = await as("ada", setBudget, input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) {
        expect(result.code).toBe("invalid_input");
        expect(result.fieldErrors?.[field]?.join(" "), JSON.stringify(input)).toMatch(message);
      }
    }
    expect(await handle.db.select().from(budgets).where(eq(budgets.orgId, orgId))).toEqual([]);
    const badPlan = await as("ada", updatePlan, { ...PLAN_INPUT, includedCredit: "-1" });
    expect(badPlan.ok ? "ok" : badPlan.fieldErrors?.includedCredit?.[0]).toMatch(/cannot be negative/);
    expect((await readPlan(handle.db, orgId)).name).toBe(DEFAULT_PLAN.name);
  });

  it("offer the apps without a budget to the budget form's search, to those who may set budgets only", async () => {
    const names = async (person: string, q: string) => {
      const found = await as(person, searchBudgetApps, { q });
      return found.ok ? found.data.map((app) => app.appId) : found.code;
    };
    expect(await names("ada", "")).toEqual(expect.arrayContaining(["vision", "text"]));
    expect(await names("ada", "VIS")).toEqual(["vision"]);
    expect(await names("ada", "%")).toEqual([]);
    for (const person of ["fay", "oc", "ou", "tc", "ian"]) expect(await names(person, ""), person).toBe("forbidden");
    const tooLong = await as("ada", searchBudgetApps, { q: "x".repeat(101) });
    expect(tooLong.ok ? "ok" : tooLong.fieldErrors?.q?.[0]).toMatch(/too long/);
  });

  it("alert once per threshold and month: one notification and one mail to each Admin and Financial Manager", async () => {
    const set = await as("ada", setBudget, { app: "vision", amount: "1.00", thresholds: "50%, 80, 100" });
    expect(set.ok).toBe(true);
    // "One app" with none chosen is refused, not taken for the organization.
    const noApp = await as("ada", setBudget, { scope: "app", app: "", amount: "5", thresholds: "50" });
    expect(noApp.ok ? "ok" : noApp.fieldErrors?.app?.[0]).toBe("Choose the app the budget is for.");
    // An app with a budget is no longer offered for a new one.
    const offered = await as("ada", searchBudgetApps, { q: "" });
    expect(offered.ok && offered.data.map((app) => app.appId)).not.toContain("vision");
    const before = await handle.db.select({ n: count() }).from(outboxEmails);
    // 500 predictions: 60 cents, 60 % of the 1.00 budget.
    for (let i = 0; i < 500; i++) meterCall(handle.db, { appRef: appRefs.vision!, credentialId, endpoint: PREDICT });
    await flushMetering(handle.db);
    let alerts = await alertsOf(orgId);
    expect(alerts.map((a) => a.percent)).toEqual([50]);
    // Calls on another app do not count against the app's budget.
    for (let i = 0; i < 500; i++) meterCall(handle.db, { appRef: appRefs.text!, credentialId, endpoint: PREDICT });
    await flushMetering(handle.db);
    expect((await alertsOf(orgId)).map((a) => a.percent)).toEqual([50]);
    // 200 more: 84 cents, past 80 % — once, however often usage is written afterwards.
    for (let i = 0; i < 200; i++) meterCall(handle.db, { appRef: appRefs.vision!, credentialId, endpoint: PREDICT });
    await flushMetering(handle.db);
    meterCall(handle.db, { appRef: appRefs.vision!, credentialId, endpoint: LIST_INPUTS });
    await flushMetering(handle.db);
    await checkBudgetAlerts(handle.db, { orgIds: [orgId], months: [monthOf(new Date())] });
    alerts = await alertsOf(orgId);
    expect(alerts.map((a) => a.percent).sort()).toEqual([50, 80]);
    const received = await handle.db.select({ userId: notifications.userId, title: notifications.title }).from(notifications).where(eq(notifications.kind, "budget_alert"));
    expect(received.map((n) => n.userId).sort()).toEqual([people.ada!, people.ada!, people.fay!, people.fay!].sort());
    expect(received.map((n) => n.title)).toContain(`Vision reached 80 % of its ${new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date())} budget`);
    const after = await handle.db.select({ n: count() }).from(outboxEmails);
    expect(after[0]!.n - before[0]!.n).toBe(4);
    const mails = await handle.db.select({ to: outboxEmails.to, subject: outboxEmails.subject }).from(outboxEmails);
    expect(mails.filter((m) => m.subject.startsWith("Budget alert: the app Vision reached 80 %")).map((m) => m.to).sort()).toEqual(["ada@example.test", "fay@example.test"].sort());
    const audit = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, "budget.threshold_crossed")));
    expect(audit).toHaveLength(2);
    // The page shows the budget with its spend and the alerts sent.
    const view = await as("fay", viewCosts);
    if (!view.ok) throw new Error(view.message);
    expect(view.data.budgets).toEqual([expect.objectContaining({ appId: "vision", amountMinor: 100, thresholds: [50, 80, 100], spendMinor: 84, alerted: [50, 80] })]);
    // Deleting it (Admins only) takes its alerts with it.
    expect((await as("fay", deleteBudget, { budgetId: view.data.budgets[0]!.id })).ok).toBe(false);
    expect((await as("ada", deleteBudget, { budgetId: view.data.budgets[0]!.id })).ok).toBe(true);
    expect(await alertsOf(orgId)).toEqual([]);
  });
});

describe("the plan form", () => {
  it("changes prices from the current month on, after closing the months before", async () => {
    const input = PLAN_INPUT;
    const bad = await as("ada", updatePlan, { ...input, price_predict: "-1", currency: "XYZ" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["currency", "price_predict"]);
    const done = await as("ada", updatePlan, input);
    expect(done.ok).toBe(true);
    const plan = await readPlan(handle.db, orgId);
    expect(plan).toMatchObject({ name: "Growth", currency: "EUR", includedCreditMinor: 10_000 });
    const prices = Object.fromEntries(plan.operationPrices.map((p) => [p.category, p.minorPerThousand]));
    expect(prices).toMatchObject({ predict: "250.0000", reads: "0.0001" });
    expect(Object.fromEntries(plan.instancePrices.map((p) => [p.instanceType, p.minorPerHour]))["gpu-t4"]).toBe("60.0000");
    const [row] = await handle.db.select().from(pricingPlans).where(eq(pricingPlans.orgId, orgId));
    expect(row!.updatedBy).toBe(people.ada);
    const audit = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, "plan.updated")));
    expect(audit).toHaveLength(1);
  });
});
