import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { listEnvironments, recordNodeCount } from "@/db/queries/compute";
import { apps, memberships, permissionGroups, teamApps, teamMembers, teams } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { evaluateOrgCapability, type OrgRole } from "@/lib/authz";
import { monthOf, monthStart, previousMonth } from "@/lib/finance/money";
import { newId } from "@/lib/ids";
import { opensCompute } from "@/lib/services/compute";
import { signUpVerified } from "@/lib/services/test-accounts";
import { createOrgApp } from "./apps";
import { createCluster, createEnvironment, createNodepool, deleteDeployment, deployModel, viewCompute, viewNodeHours, viewNodepool } from "./compute";
import { updatePlan } from "./finance";
import { postModels } from "./models";
import { createOrganization } from "./my-account";
import type { Operation } from "./operation";
import { runAs } from "./testing";

// What the Compute pages read: whether the section opens at all (its link), and a nodepool's page —
// which deployments the reader may change and which models the deploy dialog offers. Each list is
// checked against what the operations then allow.

let handle: DatabaseHandle;
const people: Record<string, string> = {};
let orgId = "";
const env: Record<string, string> = {};

function as<Input, Output>(person: string, operation: Operation<Input, Output>, input: Record<string, unknown> = {}) {
  return runAs(handle.db, operation, people[person]!, { org: "acme", ...input });
}

async function must<T>(result: Promise<{ ok: true; data: T } | { ok: false; message: string }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.message);
  return settled.data;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["ada", "ian", "oc", "ou", "fay", "tom", "tia"]) people[name] = await signUpVerified(handle.db, `cp-${name}`);
  orgId = (await must(runAs(handle.db, createOrganization, people.ada!, { handle: "acme", name: "Acme" }))).id;
  const roles: Array<[string, OrgRole]> = [
    ["ian", "Infrastructure Manager"],
    ["oc", "Organization Contributor"],
    ["ou", "Organization User"],
    ["fay", "Financial Manager"],
    ["tom", "Team Contributor"],
    ["tia", "Team Contributor"],
  ];
  for (const [person, role] of roles) await handle.db.insert(memberships).values({ orgId, userId: people[person]!, role });
  await must(as("ada", createEnvironment, { name: "Staging" }));
  for (const row of await listEnvironments(handle.db, { orgId })) env[row.name] = row.id;
  for (const appId of ["vision", "secret"]) {
    await must(runAs(handle.db, createOrgApp, people.ada!, { org: "acme", appId, name: appId }));
    for (const modelId of ["detector", "embedder"]) await must(runAs(handle.db, postModels, people.ada!, { owner: "acme", app: appId, model: { id: modelId, model_type_id: "visual-detector" } }));
  }
  // Tom's team holds "vision" with ConfigCat's Developer group; Tia is in no team.
  const groupId = newId("grp");
  await handle.db.insert(permissionGroups).values({ id: groupId, orgId, name: "Developer", scopes: ["Models:Get"], environments: { all: "full", overrides: { [env.Production!]: "read_only", [env.Staging!]: "none" } } });
  const teamId = newId("tea");
  await handle.db.insert(teams).values({ id: teamId, orgId, teamId: "developers", name: "Developers", defaultPermissionGroupId: groupId });
  await handle.db.insert(teamMembers).values({ teamId, orgId, userId: people.tom! });
  const [vision] = await handle.db.select({ id: apps.id }).from(apps).where(and(eq(apps.ownerOrgId, orgId), eq(apps.appId, "vision")));
  await handle.db.insert(teamApps).values({ teamId, orgId, appId: vision!.id, permissionGroupId: groupId });
  await must(as("ian", createCluster, { clusterId: "main", name: "Main", cloudProvider: "aws", region: "us-east-1" }));
  for (const [nodepoolId, environment] of [
    ["dev-pool", "Development"],
    ["prod-pool", "Production"],
    ["staging-pool", "Staging"],
  ] as const) {
    await must(as("ian", createNodepool, { clusterId: "main", nodepoolId, environmentRef: env[environment], instanceType: "cpu-small", minNodes: 0, maxNodes: 2 }));
  }
});

afterAll(async () => {
  await handle?.close();
});

describe("the Compute link", () => {
  it("is shown exactly to those whom the Compute section answers", async () => {
    const shown: Record<string, boolean> = {};
    for (const person of Object.keys(people)) {
      const opens = await opensCompute(handle.db, { orgId, userId: people[person]! });
      expect({ person, opens }).toEqual({ person, opens: (await as(person, viewCompute)).ok });
      shown[person] = opens;
    }
    expect(shown).toEqual({ ada: true, ian: true, oc: true, ou: true, fay: false, tom: true, tia: false });
  });

  it("is not shown to someone outside the organization", async () => {
    const outsider = await signUpVerified(handle.db, "cp-outsider");
    expect(await opensCompute(handle.db, { orgId, userId: outsider })).toBe(false);
  });
});

describe("prices on the Compute pages", () => {
  it("are the organization's plan's, as the costs page charges them: an Admin's change of a node-hour price shows there", async () => {
    const before = await must(as("ou", viewCompute));
    expect(before.prices).toMatchObject({ currency: "USD", minorPerHour: { "gpu-t4": expect.stringMatching(/^53(\.0+)?$/) } });
    const plan = {
      name: "Custom",
      currency: "EUR",
      includedCredit: "0",
      ...Object.fromEntries(["predict", "train", "search", "input_writes", "other_writes", "reads"].map((category) => [`price_${category}`, "1"])),
      ...Object.fromEntries(["cpu-small", "cpu-large", "gpu-t4", "gpu-a10g", "gpu-l40s"].map((type) => [`instance_${type}`, type === "gpu-t4" ? "3600" : "1"])),
    };
    await must(as("ada", updatePlan, plan));
    const after = await must(as("ou", viewCompute));
    expect(after.prices.currency).toBe("EUR");
    expect(Number(after.prices.minorPerHour["gpu-t4"])).toBe(360_000);
  });
});

describe("a nodepool's page", () => {
  const models = (view: { deployable: { appId: string; modelId: string }[] }) => view.deployable.map((model) => `${model.appId}/${model.modelId}`);

  it("offers an Organization Contributor every org model not yet deployed there, and lets them change what they deployed", async () => {
    const before = await must(as("oc", viewNodepool, { clusterId: "main", nodepoolId: "dev-pool" }));
    expect(before.access).toBe("full");
    expect(models(before)).toEqual(["secret/detector", "secret/embedder", "vision/detector", "vision/embedder"]);
    await must(as("oc", deployModel, { deploymentId: "oc-vision", clusterId: "main", nodepoolId: "dev-pool", appId: "vision", modelId: "detector", minReplicas: 1, maxReplicas: 1 }));
    const after = await must(as("oc", viewNodepool, { clusterId: "main", nodepoolId: "dev-pool" }));
    expect(models(after)).toEqual(["secret/detector", "secret/embedder", "vision/embedder"]);
    expect(after.deployments.map((deployment) => [deployment.deploymentId, deployment.mayChange])).toEqual([["oc-vision", true]]);
  });

  it("gives an Organization User the nodepool read-only: nothing to deploy, nothing to change", async () => {
    const view = await must(as("ou", viewNodepool, { clusterId: "main", nodepoolId: "dev-pool" }));
    expect(view).toMatchObject({ access: "read_only", deployable: [] });
    expect(view.deployments.map((deployment) => [deployment.deploymentId, deployment.mayChange])).toEqual([["oc-vision", false]]);
  });

  it("offers the Developer group's member only their team's app, only where the group gives full access; Staging does not exist for them", async () => {
    const dev = await must(as("tom", viewNodepool, { clusterId: "main", nodepoolId: "dev-pool" }));
    expect(dev.access).toBe("full");
    expect(models(dev)).toEqual(["vision/embedder"]);
    expect(dev.deployments.map((deployment) => [deployment.deploymentId, deployment.mayChange])).toEqual([["oc-vision", true]]);
    const prod = await must(as("tom", viewNodepool, { clusterId: "main", nodepoolId: "prod-pool" }));
    expect(prod).toMatchObject({ access: "read_only", deployable: [] });
    expect(await as("tom", viewNodepool, { clusterId: "main", nodepoolId: "staging-pool" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await as("fay", viewNodepool, { clusterId: "main", nodepoolId: "dev-pool" })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("offers exactly the models deploying accepts (list and act agree)", async () => {
    for (const person of ["ada", "oc", "ou", "tom"]) {
      for (const nodepoolId of ["dev-pool", "prod-pool"]) {
        const view = await must(as(person, viewNodepool, { clusterId: "main", nodepoolId }));
        const offered = new Set(models(view));
        for (const appId of ["vision", "secret"]) {
          for (const modelId of ["detector", "embedder"]) {
            if (view.deployments.some((deployment) => deployment.appId === appId && deployment.modelId === modelId)) continue;
            const deploymentId = `${person}-${nodepoolId}-${appId}-${modelId}`;
            const result = await as(person, deployModel, { deploymentId, clusterId: "main", nodepoolId, appId, modelId, minReplicas: 0, maxReplicas: 1 });
            expect({ person, nodepoolId, model: `${appId}/${modelId}`, deployed: result.ok }).toEqual({ person, nodepoolId, model: `${appId}/${modelId}`, deployed: offered.has(`${appId}/${modelId}`) });
            if (result.ok) await must(as(person, deleteDeployment, { deploymentId }));
          }
        }
      }
    }
  });
});

describe("node-hours by nodepool and month", () => {
  it("are shown to Admins and Infrastructure Managers, split at month boundaries, a deleted nodepool's too; every other role is refused", async () => {
    // A nodepool (since deleted) ran 2 nodes from two hours before last month began to three hours after: 4 node-hours in the month before, 6 in last month.
    const lastMonth = previousMonth(monthOf(new Date()));
    const boundary = monthStart(lastMonth).getTime();
    const history = { orgId, nodepoolRef: "npl_history", clusterId: "main", nodepoolId: "old-pool", instanceType: "gpu-t4", changedBy: null };
    await recordNodeCount(handle.db, { ...history, nodeCount: 2, at: new Date(boundary - 2 * 3_600_000) });
    await recordNodeCount(handle.db, { ...history, nodeCount: 0, at: new Date(boundary + 3 * 3_600_000) });
    for (const person of ["ada", "ian"]) {
      const view = await must(as(person, viewNodeHours));
      expect(view.rows.filter((row) => row.nodepoolRef === "npl_history").map((row) => [row.month, row.clusterId, row.nodepoolId, row.instanceType, Number(row.nodeHours)])).toEqual([
        [lastMonth, "main", "old-pool", "gpu-t4", 6],
        [previousMonth(lastMonth), "main", "old-pool", "gpu-t4", 4],
      ]);
      expect(view.rows.every((row) => row.month >= view.from)).toBe(true);
    }
    for (const person of ["oc", "ou", "fay", "tom", "tia"]) {
      const refused = await as(person, viewNodeHours);
      expect(refused.ok ? "ok" : refused.code, person).toBe("forbidden");
    }
    // The Compute page offers the node-hours exactly to those whom the read answers.
    expect((await must(as("ian", viewCompute))).seesNodeHours).toBe(true);
    expect((await must(as("oc", viewCompute))).seesNodeHours).toBe(false);
    expect(evaluateOrgCapability("Organization Contributor", "clusters.usage").allowed).toBe(false);
  });
});
