import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { users } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { nodepoolUsage, viewCompute } from "@/lib/operations/compute";
import { runAs } from "@/lib/operations/testing";
import { DEMO_ORG, seedDemoData } from "../seed-demo";
import { DEMO_COMPUTE } from "./demo-compute";

// The demo data's compute, as the demo people see it through the operations the pages use.

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
  expect(await seedDemoData(handle.db)).toBe(true);
});

afterAll(async () => {
  await handle?.close();
});

async function view(email: string) {
  const [user] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return runAs(handle.db, viewCompute, user!.id, { org: DEMO_ORG.handle });
}

it("gives demo-org a cluster, a nodepool in each default environment and a deployment in Production", async () => {
  const seen = await view("infra@demo.example");
  if (!seen.ok) throw new Error(seen.message);
  expect(seen.data.environments.map((environment) => [environment.name, environment.access])).toEqual([
    ["Development", "full"],
    ["Production", "full"],
  ]);
  expect(seen.data.clusters.map((cluster) => cluster.clusterId)).toEqual([DEMO_COMPUTE.clusterId]);
  expect(seen.data.nodepools.map((nodepool) => [nodepool.nodepoolId, nodepool.environmentName])).toEqual([
    [DEMO_COMPUTE.nodepools.development, "Development"],
    [DEMO_COMPUTE.nodepools.production, "Production"],
  ]);
  expect(seen.data.deployments.map((deployment) => [deployment.deploymentId, deployment.appId, deployment.modelId, deployment.nodepoolId])).toEqual([
    [DEMO_COMPUTE.deploymentId, DEMO_COMPUTE.model.appId, DEMO_COMPUTE.model.modelId, DEMO_COMPUTE.nodepools.production],
  ]);
});

it("has node-count history that the node-hours are counted from", async () => {
  const [infra] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, "infra@demo.example"));
  const usage = await runAs(handle.db, nodepoolUsage, infra!.id, { org: DEMO_ORG.handle, clusterId: DEMO_COMPUTE.clusterId, nodepoolId: DEMO_COMPUTE.nodepools.production });
  if (!usage.ok) throw new Error(usage.message);
  expect(usage.data.history.map((row) => row.nodeCount)).toEqual([1, 3, 2]);
  expect(usage.data.usage?.nodeHours).toBeGreaterThanOrEqual(24 * 6);
});

it("shows it read-only to the Organization User and not at all to the Financial Manager", async () => {
  const user = await view("user@demo.example");
  expect(user.ok && user.data.environments.every((environment) => environment.access === "read_only")).toBe(true);
  expect(await view("finance@demo.example")).toMatchObject({ ok: false, code: "forbidden" });
});
