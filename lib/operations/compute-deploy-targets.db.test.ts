import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, environments, memberships, permissionGroups, teamApps, teamMembers, teams } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import type { OrgRole } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { signUpVerified } from "@/lib/services/test-accounts";
import { createOrgApp } from "./apps";
import { createCluster, createEnvironment, createNodepool, deployModel, deployTargetsForApp } from "./compute";
import { postModels } from "./models";
import { createOrganization } from "./my-account";
import { runAs } from "./testing";

// The app page's Deploy Model: the nodepools a person may deploy an app's models into are exactly
// those lib/authz allows (full access to the environment, from the role or a team holding the
// app), with what is already deployed in each; nodepools of environments they cannot see, and
// their deployments, are absent.

let handle: DatabaseHandle;
const people: Record<string, string> = {};
const envIds: Record<string, string> = {};
let orgId = "";

async function setUp<Input, Output>(userId: string, operation: Parameters<typeof runAs<Input, Output>>[1], input: Record<string, unknown>) {
  const result = await runAs(handle.db, operation, userId, input);
  if (!result.ok) throw new Error(`${operation.name}: ${result.message} ${JSON.stringify(result.fieldErrors ?? {})}`);
  return result.data;
}

async function addMember(userId: string, role: OrgRole) {
  await handle.db.insert(memberships).values({ orgId, userId, role });
}

const targetsOf = (person: string, appId = "vision") => runAs(handle.db, deployTargetsForApp, people[person]!, { org: "acme", appId });
const pools = (result: Awaited<ReturnType<typeof targetsOf>>) => (result.ok ? result.data.nodepools.map((pool) => `${pool.clusterId}/${pool.nodepoolId}`) : result);

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["ada", "oc", "ou", "tom", "ian", "fay", "zed"]) people[name] = await signUpVerified(handle.db, name);
  orgId = (await setUp(people.ada!, createOrganization, { handle: "acme", name: "Acme" })).id;
  await addMember(people.oc!, "Organization Contributor");
  await addMember(people.ou!, "Organization User");
  await addMember(people.tom!, "Team Contributor");
  await addMember(people.ian!, "Infrastructure Manager");
  await addMember(people.fay!, "Financial Manager");
  await setUp(people.ada!, createEnvironment, { org: "acme", name: "Staging" });
  for (const row of await handle.db.select().from(environments).where(eq(environments.orgId, orgId))) envIds[row.name] = row.id;
  for (const appId of ["vision", "secret"]) {
    await setUp(people.ada!, createOrgApp, { org: "acme", appId, name: appId });
    for (const modelId of ["detector", "embedder"]) await setUp(people.ada!, postModels, { owner: "acme", app: appId, model: { id: modelId, model_type_id: "visual-detector" } });
  }
  // ConfigCat's Developer on a team holding Tom and "vision": full, read-only Production, no Staging.
  const groupId = newId("grp");
  await handle.db.insert(permissionGroups).values({
    id: groupId,
    orgId,
    name: "Developer",
    scopes: ["Apps:Get", "Models:Get"],
    environments: { all: "full", overrides: { [envIds.Production!]: "read_only", [envIds.Staging!]: "none" } },
  });
  const teamId = newId("tea");
  await handle.db.insert(teams).values({ id: teamId, orgId, teamId: "developers", name: "Developers", defaultPermissionGroupId: groupId });
  await handle.db.insert(teamMembers).values({ teamId, orgId, userId: people.tom! });
  const [vision] = await handle.db.select({ id: apps.id }).from(apps).where(and(eq(apps.ownerOrgId, orgId), eq(apps.appId, "vision")));
  await handle.db.insert(teamApps).values({ teamId, orgId, appId: vision!.id, permissionGroupId: groupId });

  await setUp(people.ada!, createCluster, { org: "acme", clusterId: "edge", name: "Edge", cloudProvider: "gcp", region: "us-central1" });
  for (const [pool, environment] of [
    ["dev-pool", "Development"],
    ["prod-pool", "Production"],
    ["staging-pool", "Staging"],
  ] as const) {
    await setUp(people.ada!, createNodepool, { org: "acme", clusterId: "edge", nodepoolId: pool, environmentRef: envIds[environment], instanceType: "cpu-small", minNodes: 0, maxNodes: 2 });
  }
  await setUp(people.ada!, deployModel, { org: "acme", deploymentId: "detector-prod", clusterId: "edge", nodepoolId: "prod-pool", appId: "vision", modelId: "detector", minReplicas: 1, maxReplicas: 2 });
  await setUp(people.ada!, deployModel, { org: "acme", deploymentId: "detector-staging", clusterId: "edge", nodepoolId: "staging-pool", appId: "vision", modelId: "detector", minReplicas: 1, maxReplicas: 1 });
  await setUp(people.zed!, createOrganization, { handle: "globex", name: "Globex" });
});

afterAll(async () => {
  await handle?.close();
});

describe("where an app's models may be deployed from its page", () => {
  it("an Organization Contributor (and an Admin, and an Infrastructure Manager) may deploy into every nodepool, and sees every deployment", async () => {
    for (const person of ["oc", "ada", "ian"]) expect(pools(await targetsOf(person)), person).toEqual(["edge/dev-pool", "edge/prod-pool", "edge/staging-pool"]);
    const seen = await targetsOf("oc");
    expect(seen.ok && seen.data.nodepools.map((pool) => [pool.nodepoolId, pool.environmentName, pool.deployedModelIds])).toEqual([
      ["dev-pool", "Development", []],
      ["prod-pool", "Production", ["detector"]],
      ["staging-pool", "Staging", ["detector"]],
    ]);
    expect(seen.ok && seen.data.deployments.map((deployment) => deployment.deploymentId)).toEqual(["detector-prod", "detector-staging"]);
  });

  it("an Organization User (read-only everywhere) may deploy nowhere, yet sees where the models are deployed", async () => {
    const seen = await targetsOf("ou");
    expect(pools(seen)).toEqual([]);
    expect(seen.ok && seen.data.deployments.map((deployment) => deployment.deploymentId)).toEqual(["detector-prod", "detector-staging"]);
  });

  it("a Developer deploys the team's app into Development only: Production is read-only, Staging does not exist for them", async () => {
    const seen = await targetsOf("tom");
    expect(pools(seen)).toEqual(["edge/dev-pool"]);
    expect(seen.ok && seen.data.deployments.map((deployment) => deployment.deploymentId)).toEqual(["detector-prod"]);
    // Another app of the organization, which no team of theirs holds: nowhere.
    expect(pools(await targetsOf("tom", "secret"))).toEqual([]);
  });

  it("someone without compute, an app the organization does not have, and an outsider find nothing", async () => {
    expect(pools(await targetsOf("fay"))).toEqual([]);
    expect(await targetsOf("oc", "rival")).toMatchObject({ ok: false, code: "not_found" });
    expect(await targetsOf("zed")).toMatchObject({ ok: false, code: "not_found" });
  });

  it("each target it lists is one the deploy operation accepts, for the model not yet deployed there", async () => {
    const seen = await targetsOf("tom");
    if (!seen.ok) throw new Error(seen.message);
    const [target] = seen.data.nodepools;
    const deployed = await runAs(handle.db, deployModel, people.tom!, { org: "acme", deploymentId: "tom-dev", clusterId: target!.clusterId, nodepoolId: target!.nodepoolId, appId: "vision", modelId: "embedder", minReplicas: 0, maxReplicas: 1 });
    expect(deployed.ok).toBe(true);
    const after = await targetsOf("tom");
    expect(after.ok && after.data.nodepools[0]!.deployedModelIds).toEqual(["embedder"]);
  });
});
