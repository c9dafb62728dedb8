import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { users } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { viewCosts } from "@/lib/operations/finance";
import { runAs } from "@/lib/operations/testing";
import { DEMO_ORG, seedDemoData } from "../seed-demo";
import { DEMO_FINANCE } from "./demo-finance";

// The demo data's costs, as the demo Financial Manager sees them through the page's operation.

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
  expect(await seedDemoData(handle.db)).toBe(true);
});

afterAll(async () => {
  await handle?.close();
});

it("gives demo-org a plan, two budgets, spend on its apps and statements of the months before", async () => {
  const [fiona] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, "finance@demo.example"));
  const costs = await runAs(handle.db, viewCosts, fiona!.id, { org: DEMO_ORG.handle });
  if (!costs.ok) throw new Error(costs.message);
  const { data } = costs;
  expect(data.plan.name).toBe("Standard");
  expect(data.budgets.map((budget) => [budget.appId, budget.amountMinor, budget.thresholds])).toEqual([
    [null, DEMO_FINANCE.budgets.organization, [50, 80, 100]],
    ["product-search", DEMO_FINANCE.budgets.productSearch, [80, 100]],
  ]);
  expect(data.totals.totalMinor).toBeGreaterThan(0);
  expect(data.appPage.apps.map((app) => app.appId).sort()).toEqual(["labeling", "moderation", "product-search"]);
  expect(data.totals.byNodepool.length).toBeGreaterThan(0);
  // Spend by app includes compute: the production nodepool served product search's model, the
  // development one served none (unattributed); together with the apps they are the month's total.
  expect(data.appPage.apps.find((app) => app.appId === "product-search")!.computeMinor).toBeGreaterThan(0);
  expect(data.appPage.apps.filter((app) => app.appId !== "product-search").map((app) => app.computeMinor)).toEqual([0, 0]);
  expect(data.appPage.unattributedCompute.amountMinor).toBeGreaterThan(0);
  expect(data.appPage.apps.reduce((sum, app) => sum + app.amountMinor, 0) + data.appPage.unattributedCompute.amountMinor).toBe(data.totals.totalMinor);
  expect(data.credentials.map((credential) => credential.name).sort()).toEqual(Object.values(DEMO_FINANCE.credentials).sort());
  expect(data.statements.length).toBeGreaterThanOrEqual(2);
  // The Financial Manager sees no budget or plan controls.
  expect(data.may.manage).toBe(false);
});
