import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, clusters, deployments, environments, memberships, nodepoolNodeCounts, nodepools, permissionGroups, teamApps, teamMembers, teams } from "@/db/schema";
import type { OrgRole } from "@/lib/authz";
import { openTestDatabase } from "@/db/testing";
import { newId } from "@/lib/ids";
import { createOrgApp } from "./apps";
import {
  createCluster,
  createEnvironment,
  createNodepool,
  deleteCluster,
  deleteDeployment,
  deleteEnvironment,
  deleteNodepool,
  deployModel,
  nodepoolUsage,
  updateDeployment,
  updateNodepool,
  viewCompute,
} from "./compute";
import { createOrganization } from "./my-account";
import { postModels } from "./models";
import type { Operation } from "./operation";
import { runAs } from "./testing";
import { signUpVerified } from "@/lib/services/test-accounts";

// Compute through its operations, as the compute issue's acceptance states it: roles per the
// matrix, ConfigCat's per-environment groups, exact node-hours, and bad input that changes nothing.

let handle: DatabaseHandle;
const people: Record<string, string> = {};
let orgId = "";
const envIds: Record<string, string> = {};

const ORG = { org: "acme" };
function as<Input, Output>(person: string, operation: Operation<Input, Output>, input: Record<string, unknown> = {}) {
  return runAs(handle.db, operation, people[person]!, { ...ORG, ...input });
}

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["ada", "ian", "oc", "ou", "fay", "tom", "zed"]) people[name] = await signUpVerified(handle.db, name);
  const org = await runAs(handle.db, createOrganization, people.ada!, { handle: "acme", name: "Acme" });
  if (!org.ok) throw new Error(org.message);
  orgId = org.data.id;
  await addMember(people.ian!, "Infrastructure Manager");
  await addMember(people.oc!, "Organization Contributor");
  await addMember(people.ou!, "Organization User");
  await addMember(people.fay!, "Financial Manager");
  await addMember(people.tom!, "Team Contributor");
  const staging = await as("ada", createEnvironment, { name: "Staging" });
  if (!staging.ok) throw new Error(staging.message);
  for (const row of await handle.db.select().from(environments).where(eq(environments.orgId, orgId))) envIds[row.name] = row.id;
  for (const appId of ["vision", "secret"]) {
    const app = await runAs(handle.db, createOrgApp, people.ada!, { org: "acme", appId, name: appId });
    if (!app.ok) throw new Error(app.message);
    const model = await runAs(handle.db, postModels, people.ada!, { owner: "acme", app: appId, model: { id: "detector", model_type_id: "visual-detector" } });
    if (!model.ok) throw new Error(model.message);
  }
  // Another organization with a model of its own.
  const other = await runAs(handle.db, createOrganization, people.zed!, { handle: "globex", name: "Globex" });
  if (!other.ok) throw new Error(other.message);
  await runAs(handle.db, createOrgApp, people.zed!, { org: "globex", appId: "rival", name: "Rival" });
  await runAs(handle.db, postModels, people.zed!, { owner: "globex", app: "rival", model: { id: "detector", model_type_id: "visual-detector" } });
});

afterAll(async () => {
  await handle?.close();
});

async function addMember(userId: string, role: OrgRole) {
  await handle.db.insert(memberships).values({ orgId, userId, role });
}

afterEach(() => {
  vi.useRealTimers();
});

async function nodepool(clusterId: string, nodepoolId: string, environment: string, extra: Record<string, unknown> = {}) {
  const made = await as("ian", createNodepool, { clusterId, nodepoolId, environmentRef: envIds[environment], instanceType: "gpu-t4", minNodes: 0, maxNodes: 4, ...extra });
  if (!made.ok) throw new Error(made.message);
  return made.data;
}

/** Everything compute-related, to show that a refused or invalid request changed nothing. */
async function computeRows() {
  const db = handle.db;
  return JSON.stringify(
    await Promise.all([db.select().from(environments), db.select().from(clusters), db.select().from(nodepools), db.select().from(nodepoolNodeCounts), db.select().from(deployments)].map((query) => query.then((rows) => rows.map((row) => JSON.stringify(row)).sort()))),
  );
}

describe("roles, as the matrix gives them", () => {
  it("the Infrastructure Manager builds a cluster and a nodepool in Production; an Organization Contributor deploys into it; an Organization User only looks", async () => {
    const cluster = await as("ian", createCluster, { clusterId: "main", name: "Main", cloudProvider: "aws", region: "us-east-1" });
    expect(cluster.ok).toBe(true);
    await nodepool("main", "gpu-prod", "Production");
    const deployed = await as("oc", deployModel, { deploymentId: "vision-prod", clusterId: "main", nodepoolId: "gpu-prod", appId: "vision", modelId: "detector", minReplicas: 1, maxReplicas: 2 });
    expect(deployed.ok).toBe(true);

    const seen = await as("ou", viewCompute);
    expect(seen.ok && seen.data.deployments.map((row) => row.deploymentId)).toEqual(["vision-prod"]);
    expect(seen.ok && seen.data.may).toEqual({ manageInfrastructure: false, manageEnvironments: false });
    expect(seen.ok && seen.data.environments.every((environment) => environment.access === "read_only")).toBe(true);
    const before = await computeRows();
    expect(await as("ou", deployModel, { deploymentId: "ou-try", clusterId: "main", nodepoolId: "gpu-prod", appId: "secret", modelId: "detector", minReplicas: 1, maxReplicas: 1 })).toMatchObject({ ok: false, code: "forbidden", details: { deniedBy: "environment_read_only" } });
    expect(await as("ou", updateDeployment, { deploymentId: "vision-prod", minReplicas: 0, maxReplicas: 5 })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await as("ou", deleteDeployment, { deploymentId: "vision-prod" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await as("ou", createCluster, { clusterId: "mine", name: "Mine", cloudProvider: "aws", region: "us-east-1" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await as("oc", createNodepool, { clusterId: "main", nodepoolId: "more", environmentRef: envIds.Production, instanceType: "gpu-t4", minNodes: 0, maxNodes: 1 })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await computeRows()).toBe(before);
  });

  it("the Financial Manager has no compute at all", async () => {
    expect(await as("fay", viewCompute)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await as("fay", nodepoolUsage, { clusterId: "main", nodepoolId: "gpu-prod" })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("only Admins manage environments", async () => {
    expect(await as("ian", createEnvironment, { name: "QA" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await as("oc", deleteEnvironment, { environmentRef: envIds.Staging })).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("ConfigCat's Developer group: read-only Production, no Staging, full elsewhere", () => {
  beforeAll(async () => {
    // A custom group on a team holding Tom and the app "vision".
    const groupId = newId("grp");
    await handle.db.insert(permissionGroups).values({
      id: groupId,
      orgId,
      name: "Developer",
      scopes: ["Apps:Get", "Models:Get", "Models:Add"],
      environments: { all: "full", overrides: { [envIds.Production!]: "read_only", [envIds.Staging!]: "none" } },
    });
    const teamId = newId("tea");
    await handle.db.insert(teams).values({ id: teamId, orgId, teamId: "developers", name: "Developers", defaultPermissionGroupId: groupId });
    await handle.db.insert(teamMembers).values({ teamId, orgId, userId: people.tom! });
    const [app] = await handle.db.select({ id: apps.id }).from(apps).where(and(eq(apps.ownerOrgId, orgId), eq(apps.appId, "vision")));
    await handle.db.insert(teamApps).values({ teamId, orgId, appId: app!.id, permissionGroupId: groupId });
    await as("ian", createCluster, { clusterId: "edge", name: "Edge", cloudProvider: "gcp", region: "us-central1" });
    await nodepool("edge", "dev-pool", "Development");
    await nodepool("edge", "prod-pool", "Production");
    await nodepool("edge", "staging-pool", "Staging");
  });

  it("the Team Contributor deploys the team's app into Development, not into Production, and not another app", async () => {
    const deploy = (nodepoolId: string, appId = "vision") => as("tom", deployModel, { deploymentId: `tom-${nodepoolId}-${appId}`, clusterId: "edge", nodepoolId, appId, modelId: "detector", minReplicas: 1, maxReplicas: 1 });
    expect((await deploy("dev-pool")).ok).toBe(true);
    const before = await computeRows();
    expect(await deploy("prod-pool")).toMatchObject({ ok: false, code: "forbidden", details: { deniedBy: "environment_read_only" } });
    expect(await deploy("dev-pool", "secret")).toMatchObject({ ok: false, code: "forbidden", details: { deniedBy: "capability_not_granted" } });
    // Staging does not exist for them.
    expect(await deploy("staging-pool")).toMatchObject({ ok: false, code: "not_found" });
    expect(await computeRows()).toBe(before);
  });

  it("Staging's nodepools are absent from what they see, and its URLs answer not found", async () => {
    const seen = await as("tom", viewCompute);
    if (!seen.ok) throw new Error(seen.message);
    expect(seen.data.environments.map((environment) => [environment.name, environment.access])).toEqual([
      ["Development", "full"],
      ["Production", "read_only"],
    ]);
    expect(seen.data.nodepools.map((row) => row.nodepoolId).sort()).toEqual(["dev-pool", "gpu-prod", "prod-pool"]);
    expect(await as("tom", nodepoolUsage, { clusterId: "edge", nodepoolId: "staging-pool" })).toMatchObject({ ok: false, code: "not_found" });
    expect((await as("tom", nodepoolUsage, { clusterId: "edge", nodepoolId: "prod-pool" })).ok).toBe(true);
  });

  it("what each person sees is exactly where lib/authz lets them look (list and check agree)", async () => {
    const all = await as("ada", viewCompute);
    if (!all.ok) throw new Error(all.message);
    for (const person of ["ada", "ian", "oc", "ou", "tom"]) {
      const seen = await as(person, viewCompute);
      if (!seen.ok) throw new Error(`${person}: ${seen.message}`);
      for (const row of all.data.nodepools) {
        const listed = seen.data.nodepools.some((mine) => mine.id === row.id);
        const opened = (await as(person, nodepoolUsage, { clusterId: row.clusterId, nodepoolId: row.nodepoolId })).ok;
        expect({ person, nodepool: row.nodepoolId, listed }).toEqual({ person, nodepool: row.nodepoolId, listed: opened });
      }
    }
  });
});

describe("node-hours", () => {
  it("scaling 1 → 3 → 0 nodes over known intervals gives the exact node-hours, and deleting the nodepool closes its history", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-01T00:00:00Z"));
    await as("ian", createCluster, { clusterId: "metered", name: "Metered", cloudProvider: "azure", region: "eastus" });
    await nodepool("metered", "pool", "Development", { minNodes: 1, maxNodes: 5 }); // 1 node from 00:00
    vi.setSystemTime(new Date("2026-11-01T02:00:00Z"));
    expect((await as("ian", updateNodepool, { clusterId: "metered", nodepoolId: "pool", minNodes: 0, maxNodes: 5, nodeCount: 3 })).ok).toBe(true); // 3 nodes from 02:00
    vi.setSystemTime(new Date("2026-11-01T02:30:00Z"));
    expect((await as("ian", updateNodepool, { clusterId: "metered", nodepoolId: "pool", minNodes: 0, maxNodes: 5, nodeCount: 0 })).ok).toBe(true); // 0 from 02:30
    vi.setSystemTime(new Date("2026-11-01T05:00:00Z"));
    const usage = await as("ian", nodepoolUsage, { clusterId: "metered", nodepoolId: "pool" });
    if (!usage.ok) throw new Error(usage.message);
    // 2 h × 1 + 0.5 h × 3 + 2.5 h × 0.
    expect(usage.data.usage).toMatchObject({ nodeHours: 3.5, nodeMilliseconds: 3.5 * 3_600_000 });
    expect(usage.data.history.map((row) => row.nodeCount)).toEqual([1, 3, 0]);

    vi.setSystemTime(new Date("2026-11-01T06:00:00Z"));
    expect((await as("ian", updateNodepool, { clusterId: "metered", nodepoolId: "pool", minNodes: 0, maxNodes: 5, nodeCount: 2 })).ok).toBe(true);
    vi.setSystemTime(new Date("2026-11-01T07:00:00Z"));
    expect((await as("ian", deleteNodepool, { clusterId: "metered", nodepoolId: "pool" })).ok).toBe(true);
    const history = await handle.db.select().from(nodepoolNodeCounts).where(eq(nodepoolNodeCounts.nodepoolId, "pool"));
    expect(history.map((row) => [row.at.toISOString(), row.nodeCount]).sort()).toEqual([
      ["2026-11-01T00:00:00.000Z", 1],
      ["2026-11-01T02:00:00.000Z", 3],
      ["2026-11-01T02:30:00.000Z", 0],
      ["2026-11-01T06:00:00.000Z", 2],
      ["2026-11-01T07:00:00.000Z", 0],
    ]);
  });

  it("Scale sets the node count alone, keeping the range, and the history names who set each count", async () => {
    await as("ian", createCluster, { clusterId: "scaled", name: "Scaled", cloudProvider: "aws", region: "eu-west-1" });
    await nodepool("scaled", "pool", "Development", { minNodes: 1, maxNodes: 3, description: "kept" });
    expect(await as("ada", updateNodepool, { clusterId: "scaled", nodepoolId: "pool", nodeCount: 3 })).toMatchObject({ ok: true, data: { minNodes: 1, maxNodes: 3, nodeCount: 3, description: "kept" } });
    // Edit of the description alone keeps the range and the count.
    expect(await as("ian", updateNodepool, { clusterId: "scaled", nodepoolId: "pool", description: "changed" })).toMatchObject({ ok: true, data: { minNodes: 1, maxNodes: 3, nodeCount: 3, description: "changed" } });
    const usage = await as("ou", nodepoolUsage, { clusterId: "scaled", nodepoolId: "pool" });
    if (!usage.ok) throw new Error(usage.message);
    expect(usage.data.history.map((row) => [row.nodeCount, row.changedByName])).toEqual([
      [1, "ian"],
      [3, "ada"],
    ]);
  });

  it("deleting a cluster closes the histories of all its nodepools", async () => {
    await as("ian", createCluster, { clusterId: "short", name: "Short", cloudProvider: "aws", region: "eu-west-1" });
    await nodepool("short", "a", "Development", { minNodes: 1 });
    await nodepool("short", "b", "Production", { minNodes: 2 });
    expect((await as("ian", deleteCluster, { clusterId: "short" })).ok).toBe(true);
    const rows = await handle.db.select().from(nodepoolNodeCounts).where(eq(nodepoolNodeCounts.clusterId, "short"));
    expect(rows.map((row) => `${row.nodepoolId}:${row.nodeCount}`).sort()).toEqual(["a:0", "a:1", "b:0", "b:2"]);
  });
});

describe("bad input: a clear message, nothing changed", () => {
  it.each([
    ["min above max nodes", () => as("ian", createNodepool, { clusterId: "main", nodepoolId: "bad", environmentRef: envIds.Development, instanceType: "gpu-t4", minNodes: 3, maxNodes: 1 }), "maxNodes", "at least the minimum"],
    ["an unknown instance type", () => as("ian", createNodepool, { clusterId: "main", nodepoolId: "bad", environmentRef: envIds.Development, instanceType: "quantum-1", minNodes: 0, maxNodes: 1 }), "instanceType", 'Unknown instance type "quantum-1"'],
    ["an unknown region", () => as("ian", createCluster, { clusterId: "bad", name: "Bad", cloudProvider: "aws", region: "mars-1" }), "region", 'no region "mars-1"'],
    ["an unknown provider", () => as("ian", createCluster, { clusterId: "bad", name: "Bad", cloudProvider: "ibm", region: "x" }), "cloudProvider", "Unknown cloud provider"],
    ["another organization's model", () => as("oc", deployModel, { deploymentId: "steal", clusterId: "main", nodepoolId: "gpu-prod", appId: "rival", modelId: "detector", minReplicas: 1, maxReplicas: 1 }), "modelId", "no app with this ID"],
    ["the same model twice in one nodepool", () => as("oc", deployModel, { deploymentId: "again", clusterId: "main", nodepoolId: "gpu-prod", appId: "vision", modelId: "detector", minReplicas: 1, maxReplicas: 1 }), "modelId", "already deployed in this nodepool"],
    ["a node count outside the stored range, scaled alone", () => as("ian", updateNodepool, { clusterId: "main", nodepoolId: "gpu-prod", nodeCount: 9 }), "nodeCount", "Node count must be between 0 and 4."],
    ["a minimum above the stored maximum", () => as("ian", updateNodepool, { clusterId: "main", nodepoolId: "gpu-prod", minNodes: 7 }), "minNodes", "at most the maximum (4)"],
    ["a node count of another kind", () => as("ian", updateNodepool, { clusterId: "main", nodepoolId: "gpu-prod", nodeCount: "lots" }), "nodeCount", "whole number"],
    ["min above max replicas", () => as("oc", deployModel, { deploymentId: "wide", clusterId: "main", nodepoolId: "gpu-prod", appId: "secret", modelId: "detector", minReplicas: 4, maxReplicas: 2 }), "maxReplicas", "at least the minimum"],
  ])("%s", async (_label, attempt, field, message) => {
    const before = await computeRows();
    const result = await attempt();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors?.[field]?.join(" ")).toContain(message);
    expect(await computeRows()).toBe(before);
  });

  it("deleting an environment that still holds nodepools", async () => {
    const before = await computeRows();
    const result = await as("ada", deleteEnvironment, { environmentRef: envIds.Production });
    expect(result).toMatchObject({ ok: false, code: "conflict", message: expect.stringMatching(/^Production still holds \d+ nodepools?: delete or move/) });
    expect(await computeRows()).toBe(before);
  });
});
