import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, clusters, deployments, environments, memberships, nodepoolNodeCounts, nodepools, permissionGroups, teamApps, teamMembers, teams } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import type { OrgRole } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { createCluster, createEnvironment, createNodepool, deployModel } from "@/lib/operations/compute";
import { createOrganization } from "@/lib/operations/my-account";
import { postModels } from "@/lib/operations/models";
import { EVERY_SCOPE, appKey, call, envelopeProblems, expectRefusal, orgApp, personalToken, setUp, verifiedUser, type Answer } from "../acceptance/support";

// An organization's compute over /v2, as the compute issue's acceptance states it: the console's
// rules over HTTP with a personal access token — environments a person has no access to are absent
// from lists and answer 404, Read-only cannot deploy, scale or undeploy — and app keys refused.

let handle: DatabaseHandle;
const people: Record<string, string> = {};
const keys: Record<string, string> = {};
const envIds: Record<string, string> = {};
let orgId = "";

const get = (key: string, path: string) => call(handle.db, "GET", path, { key });
const send = (method: string, key: string, path: string, body: unknown) => call(handle.db, method, path, { key, body });
const ids = (answer: Answer, field: string) => (answer.json[field] as Array<{ id: string }>).map((item) => item.id);

async function addMember(userId: string, role: OrgRole) {
  await handle.db.insert(memberships).values({ orgId, userId, role });
}

/** Everything compute-related, to show that a refused or invalid request changed nothing. */
async function computeRows() {
  const db = handle.db;
  return JSON.stringify(
    await Promise.all([db.select().from(environments), db.select().from(clusters), db.select().from(nodepools), db.select().from(nodepoolNodeCounts), db.select().from(deployments)].map((query) => query.then((rows) => rows.map((row) => JSON.stringify(row)).sort()))),
  );
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const db = handle.db;
  for (const name of ["ada", "ian", "oc", "ou", "tom", "zed"]) people[name] = await verifiedUser(db, name);
  orgId = (await setUp(db, createOrganization, people.ada!, { handle: "acme", name: "Acme" })).id;
  await addMember(people.ian!, "Infrastructure Manager");
  await addMember(people.oc!, "Organization Contributor");
  await addMember(people.ou!, "Organization User");
  await addMember(people.tom!, "Team Contributor");
  await setUp(db, createEnvironment, people.ada!, { org: "acme", name: "Staging" });
  for (const row of await db.select().from(environments).where(eq(environments.orgId, orgId))) envIds[row.name] = row.id;
  for (const app of ["vision", "secret"]) {
    await orgApp(db, people.ada!, { owner: "acme", app });
    await setUp(db, postModels, people.ada!, { owner: "acme", app, model: { id: "detector", model_type_id: "visual-detector" } });
  }
  // ConfigCat's Developer: full everywhere, read-only Production, no Staging — on a team holding Tom and "vision".
  const groupId = newId("grp");
  await db.insert(permissionGroups).values({
    id: groupId,
    orgId,
    name: "Developer",
    scopes: ["Apps:Get", "Models:Get"],
    environments: { all: "full", overrides: { [envIds.Production!]: "read_only", [envIds.Staging!]: "none" } },
  });
  const teamId = newId("tea");
  await db.insert(teams).values({ id: teamId, orgId, teamId: "developers", name: "Developers", defaultPermissionGroupId: groupId });
  await db.insert(teamMembers).values({ teamId, orgId, userId: people.tom! });
  const [vision] = await db.select({ id: apps.id }).from(apps).where(and(eq(apps.ownerOrgId, orgId), eq(apps.appId, "vision")));
  await db.insert(teamApps).values({ teamId, orgId, appId: vision!.id, permissionGroupId: groupId });

  await setUp(db, createCluster, people.ian!, { org: "acme", clusterId: "edge", name: "Edge", cloudProvider: "gcp", region: "us-central1" });
  for (const [pool, environment] of [
    ["dev-pool", "Development"],
    ["prod-pool", "Production"],
    ["staging-pool", "Staging"],
  ] as const) {
    await setUp(db, createNodepool, people.ian!, { org: "acme", clusterId: "edge", nodepoolId: pool, environmentRef: envIds[environment], instanceType: "gpu-t4", minNodes: 0, maxNodes: 4 });
  }
  for (const [deployment, pool] of [
    ["vision-prod", "prod-pool"],
    ["vision-staging", "staging-pool"],
  ] as const) {
    await setUp(db, deployModel, people.ada!, { org: "acme", deploymentId: deployment, clusterId: "edge", nodepoolId: pool, appId: "vision", modelId: "detector", minReplicas: 1, maxReplicas: 2 });
  }
  // Another organization, with a model of its own.
  await setUp(db, createOrganization, people.zed!, { handle: "globex", name: "Globex" });
  await orgApp(db, people.zed!, { owner: "globex", app: "rival" });
  await setUp(db, postModels, people.zed!, { owner: "globex", app: "rival", model: { id: "detector", model_type_id: "visual-detector" } });

  for (const name of ["ada", "ian", "oc", "ou", "tom", "zed"]) keys[name] = (await personalToken(db, people[name]!, EVERY_SCOPE)).secret;
});

afterAll(async () => {
  await handle?.close();
});

describe("environments over the API, as on the Compute pages (acceptance 2)", () => {
  it("a Staging nodepool a Developer has None on is absent from lists and answers 404, with its deployments", async () => {
    const pools = await get(keys.tom!, "users/acme/compute_clusters/edge/nodepools");
    expect(envelopeProblems(pools)).toEqual([]);
    expect(ids(pools, "nodepools")).toEqual(["dev-pool", "prod-pool"]);
    expect(ids(await get(keys.ada!, "users/acme/compute_clusters/edge/nodepools"), "nodepools")).toEqual(["dev-pool", "prod-pool", "staging-pool"]);
    expectRefusal(await get(keys.tom!, "users/acme/compute_clusters/edge/nodepools/staging-pool"), 404, 11101);
    const seen = await get(keys.tom!, "users/acme/compute_clusters/edge/nodepools/prod-pool");
    expect(seen.json.nodepool).toMatchObject({ id: "prod-pool", environment: { name: "Production" }, compute_cluster: { id: "edge", user_id: "acme" }, instance_types: [{ id: "gpu-t4" }] });

    expect(ids(await get(keys.tom!, "users/acme/deployments"), "deployments")).toEqual(["vision-prod"]);
    expect(ids(await get(keys.tom!, "users/acme/deployments?nodepool_id=staging-pool"), "deployments")).toEqual([]);
    expect(ids(await get(keys.ada!, "users/acme/deployments"), "deployments")).toEqual(["vision-prod", "vision-staging"]);
    expectRefusal(await get(keys.tom!, "users/acme/deployments/vision-staging"), 404, 11101);

    const before = await computeRows();
    const intoStaging = { deployments: [{ id: "tom-staging", worker: { model: { id: "detector", app_id: "vision" } }, nodepools: [{ id: "staging-pool", compute_cluster: { id: "edge" } }], autoscale_config: { min_replicas: 1, max_replicas: 1 } }] };
    expectRefusal(await send("POST", keys.tom!, "users/acme/deployments", intoStaging), 404, 11101);
    expectRefusal(await send("DELETE", keys.tom!, "users/acme/deployments", { ids: ["vision-staging"] }), 404, 11101);
    expect(await computeRows()).toBe(before);
  });

  it("Read-only cannot deploy, scale or undeploy; Full can", async () => {
    const before = await computeRows();
    const intoProduction = { deployments: [{ id: "tom-prod", worker: { model: { id: "detector", app_id: "vision" } }, nodepools: [{ id: "prod-pool", compute_cluster: { id: "edge" } }], autoscale_config: { min_replicas: 1, max_replicas: 1 } }] };
    const refused = await send("POST", keys.tom!, "users/acme/deployments", intoProduction);
    expectRefusal(refused, 403, 11007);
    expect(refused.json.status.denied_by).toBe("environment_read_only");
    expectRefusal(await send("PATCH", keys.tom!, "users/acme/deployments", { deployments: [{ id: "vision-prod", autoscale_config: { min_replicas: 0, max_replicas: 9 } }], action: "overwrite" }), 403, 11007);
    expectRefusal(await send("DELETE", keys.tom!, "users/acme/deployments", { ids: ["vision-prod"] }), 403, 11007);
    // An Organization User reads everything and changes nothing.
    expect(ids(await get(keys.ou!, "users/acme/deployments"), "deployments")).toEqual(["vision-prod", "vision-staging"]);
    expectRefusal(await send("DELETE", keys.ou!, "users/acme/deployments", { ids: ["vision-prod"] }), 403, 11007);
    expect(await computeRows()).toBe(before);

    const intoDevelopment = { deployments: [{ id: "tom-dev", user_id: "acme", worker: { model: { id: "detector", app_id: "vision", user_id: "acme" } }, nodepools: [{ id: "dev-pool", compute_cluster: { id: "edge", user_id: "acme" } }], autoscale_config: { min_replicas: 1, max_replicas: 3 } }] };
    const deployed = await send("POST", keys.tom!, "users/acme/deployments", intoDevelopment);
    expect(envelopeProblems(deployed)).toEqual([]);
    expect(deployed.json.deployments).toEqual([
      expect.objectContaining({ id: "tom-dev", user_id: "acme", autoscale_config: { min_replicas: 1, max_replicas: 3 }, nodepools: [{ id: "dev-pool", compute_cluster: { id: "edge", user_id: "acme" } }], worker: { model: expect.objectContaining({ id: "detector", app_id: "vision", user_id: "acme" }) }, environment: { name: "Development" } }),
    ]);
    // Tom's team holds "vision" only: the other app's models are not his to deploy.
    const other = { deployments: [{ id: "tom-secret", worker: { model: { id: "detector", app_id: "secret" } }, nodepools: [{ id: "dev-pool", compute_cluster: { id: "edge" } }], autoscale_config: { min_replicas: 1, max_replicas: 1 } }] };
    expectRefusal(await send("POST", keys.tom!, "users/acme/deployments", other), 403, 11007);
    const scaled = await send("PATCH", keys.tom!, "users/acme/deployments", { deployments: [{ id: "tom-dev", autoscale_config: { min_replicas: 0, max_replicas: 5 } }], action: "overwrite" });
    expect(scaled.json.deployments).toEqual([expect.objectContaining({ id: "tom-dev", autoscale_config: { min_replicas: 0, max_replicas: 5 } })]);
    expect(envelopeProblems(await send("DELETE", keys.tom!, "users/acme/deployments", { ids: ["tom-dev"] }))).toEqual([]);
    expect((await handle.db.select().from(deployments).where(eq(deployments.deploymentId, "tom-dev"))).length).toBe(0);
  });
});

describe("clusters and nodepools over the API", () => {
  it("an Infrastructure Manager builds a cluster and a nodepool, changes and deletes it; others may not", async () => {
    const cluster = await send("POST", keys.ian!, "users/acme/compute_clusters", { compute_clusters: [{ id: "east", cloud_provider: { id: "aws" }, region: "us-east-1", description: "GPUs" }] });
    expect(envelopeProblems(cluster)).toEqual([]);
    expect(cluster.json.compute_clusters).toEqual([expect.objectContaining({ id: "east", name: "east", cloud_provider: { id: "aws", name: expect.any(String) }, region: "us-east-1", user_id: "acme" })]);
    const pool = await send("POST", keys.ian!, "users/acme/compute_clusters/east/nodepools", {
      nodepools: [{ id: "t4", instance_types: [{ id: "gpu-t4" }], min_instances: 1, max_instances: 4, environment: { name: "Production" } }],
    });
    expect(pool.json.nodepools).toEqual([expect.objectContaining({ id: "t4", min_instances: 1, max_instances: 4, node_count: 1, environment: { name: "Production" } })]);
    const patched = await send("PATCH", keys.ian!, "users/acme/compute_clusters/east/nodepools", { nodepools: [{ id: "t4", min_instances: 2, max_instances: 8 }], action: "overwrite" });
    expect(patched.json.nodepools).toEqual([expect.objectContaining({ id: "t4", min_instances: 2, max_instances: 8, node_count: 2 })]);
    expect((await get(keys.ou!, "users/acme/compute_clusters/east")).json.compute_cluster).toMatchObject({ id: "east", region: "us-east-1" });
    expect(ids(await get(keys.ou!, "users/acme/compute_clusters?page=1&per_page=1"), "compute_clusters")).toEqual(["east"]);
    expect(ids(await get(keys.ou!, "users/acme/compute_clusters?page=2&per_page=1"), "compute_clusters")).toEqual(["edge"]);

    const before = await computeRows();
    expectRefusal(await send("POST", keys.oc!, "users/acme/compute_clusters", { compute_clusters: [{ id: "mine", cloud_provider: { id: "aws" }, region: "us-east-1" }] }), 403, 11007);
    expectRefusal(await send("DELETE", keys.ou!, "users/acme/compute_clusters/east/nodepools", { ids: ["t4"] }), 403, 11007);
    expect(await computeRows()).toBe(before);

    expect(envelopeProblems(await send("DELETE", keys.ian!, "users/acme/compute_clusters/east/nodepools", { ids: ["t4"] }))).toEqual([]);
    expect(envelopeProblems(await send("DELETE", keys.ian!, "users/acme/compute_clusters", { ids: ["east"] }))).toEqual([]);
    expectRefusal(await get(keys.ian!, "users/acme/compute_clusters/east"), 404, 11101);
  });
});

describe("the credential decides first", () => {
  it("an app key is refused on an organization's compute, whatever its scopes", async () => {
    const key = await appKey(handle.db, people.ada!, { owner: "acme", app: "vision" }, EVERY_SCOPE.filter((scope) => !/^(ComputeClusters|Nodepools|Deployments):/.test(scope)));
    const answer = await get(key.secret, "users/acme/compute_clusters");
    expectRefusal(answer, 403, 11007);
    expect(answer.json.status.denied_by).toBe("credential_kind");
    expect(answer.json.status.details).toMatch(/personal access token/);
  });

  it("a token needs the method's scope and, when restricted, the method among its endpoints", async () => {
    const lacking = await personalToken(handle.db, people.ada!, ["ComputeClusters:Get"]);
    const refused = await get(lacking.secret, "users/acme/compute_clusters/edge/nodepools");
    expectRefusal(refused, 403, 11007);
    expect(refused.json.status).toMatchObject({ denied_by: "credential_lacks_scopes", missing_scopes: ["Nodepools:Get"] });
    expect(envelopeProblems(await get(lacking.secret, "users/acme/compute_clusters"))).toEqual([]);
    // MyScopesUser tells the token which compute methods it carries the scopes for.
    const mine = await get(lacking.secret, "users/me/myscopes");
    expect(mine.json.endpoints).toEqual(expect.arrayContaining(["/clarifai.api.V2/ListComputeClusters", "/clarifai.api.V2/GetComputeCluster"]));
    expect(mine.json.endpoints).not.toContain("/clarifai.api.V2/ListNodepools");

    const restricted = await personalToken(handle.db, people.ada!, EVERY_SCOPE, ["/clarifai.api.V2/ListComputeClusters"]);
    expect((await get(restricted.secret, "users/acme/compute_clusters")).status).toBe(200);
    const outside = await get(restricted.secret, "users/acme/deployments");
    expectRefusal(outside, 403, 11007);
    expect(outside.json.status.denied_by).toBe("endpoint_not_in_credential");
  });

  it("an outsider is told the organization does not exist; a member without compute access is refused", async () => {
    expectRefusal(await get(keys.zed!, "users/acme/compute_clusters"), 404, 11101);
    expectRefusal(await get(keys.zed!, "users/me/compute_clusters"), 404, 11101);
  });
});

describe("bad input is answered clearly and changes nothing", () => {
  const cases: Array<[string, string, string, unknown, number, number, RegExp]> = [
    ["min > max nodes", "POST", "users/acme/compute_clusters/edge/nodepools", { nodepools: [{ id: "bad", instance_types: [{ id: "gpu-t4" }], min_instances: 5, max_instances: 2, environment: { name: "Production" } }] }, 400, 11102, /at least the minimum/],
    ["an unknown instance type", "POST", "users/acme/compute_clusters/edge/nodepools", { nodepools: [{ id: "bad", instance_types: [{ id: "gpu-h100" }], min_instances: 0, max_instances: 2, environment: { name: "Production" } }] }, 400, 11102, /unknown instance type "gpu-h100"/],
    ["an unknown environment", "POST", "users/acme/compute_clusters/edge/nodepools", { nodepools: [{ id: "bad", instance_types: [{ id: "gpu-t4" }], min_instances: 0, max_instances: 2, environment: { name: "QA" } }] }, 400, 11102, /no environment named "QA"/],
    ["an unknown region", "POST", "users/acme/compute_clusters", { compute_clusters: [{ id: "bad", cloud_provider: { id: "aws" }, region: "mars-1" }] }, 400, 11102, /no region "mars-1"/],
    ["an unrecorded Clarifai field", "POST", "users/acme/compute_clusters", { compute_clusters: [{ id: "bad", cloud_provider: { id: "aws" }, region: "us-east-1", managed_by: "clarifai" }] }, 400, 11102, /managed_by is not supported/],
    ["two clusters at once", "POST", "users/acme/compute_clusters", { compute_clusters: [{ id: "a", cloud_provider: { id: "aws" }, region: "us-east-1" }, { id: "b", cloud_provider: { id: "aws" }, region: "us-east-1" }] }, 400, 11102, /exactly one compute cluster/],
    ["another organization's model", "POST", "users/acme/deployments", { deployments: [{ id: "bad", worker: { model: { id: "detector", app_id: "rival", user_id: "globex" } }, nodepools: [{ id: "dev-pool", compute_cluster: { id: "edge" } }], autoscale_config: { min_replicas: 1, max_replicas: 1 } }] }, 400, 11102, /must name this organization/],
    ["an app the organization does not have", "POST", "users/acme/deployments", { deployments: [{ id: "bad", worker: { model: { id: "detector", app_id: "rival" } }, nodepools: [{ id: "dev-pool", compute_cluster: { id: "edge" } }], autoscale_config: { min_replicas: 1, max_replicas: 1 } }] }, 400, 11102, /no app with this ID/],
    ["min > max replicas", "POST", "users/acme/deployments", { deployments: [{ id: "bad", worker: { model: { id: "detector", app_id: "vision" } }, nodepools: [{ id: "dev-pool", compute_cluster: { id: "edge" } }], autoscale_config: { min_replicas: 3, max_replicas: 1 } }] }, 400, 11102, /at least the minimum/],
    ["a model already deployed in the nodepool", "POST", "users/acme/deployments", { deployments: [{ id: "again", worker: { model: { id: "detector", app_id: "vision" } }, nodepools: [{ id: "prod-pool", compute_cluster: { id: "edge" } }], autoscale_config: { min_replicas: 1, max_replicas: 1 } }] }, 409, 40010, /already deployed in this nodepool/],
    ["a deployment ID taken", "POST", "users/acme/deployments", { deployments: [{ id: "vision-prod", worker: { model: { id: "detector", app_id: "secret" } }, nodepools: [{ id: "dev-pool", compute_cluster: { id: "edge" } }], autoscale_config: { min_replicas: 1, max_replicas: 1 } }] }, 409, 40010, /already has a deployment with this ID/],
    ["an unknown nodepool", "POST", "users/acme/deployments", { deployments: [{ id: "bad", worker: { model: { id: "detector", app_id: "vision" } }, nodepools: [{ id: "nowhere", compute_cluster: { id: "edge" } }], autoscale_config: { min_replicas: 1, max_replicas: 1 } }] }, 404, 11101, /does not exist/],
    ["an unknown deployment", "PATCH", "users/acme/deployments", { deployments: [{ id: "nowhere", autoscale_config: { min_replicas: 1, max_replicas: 1 } }], action: "overwrite" }, 404, 11101, /does not exist/],
    ["an unknown cluster", "DELETE", "users/acme/compute_clusters", { ids: ["nowhere"] }, 404, 11101, /does not exist/],
    ["an unrecorded autoscaling field", "PATCH", "users/acme/deployments", { deployments: [{ id: "vision-prod", autoscale_config: { min_replicas: 1, max_replicas: 2, scale_up_delay_seconds: 30 } }], action: "overwrite" }, 400, 11102, /scale_up_delay_seconds is not supported/],
  ];

  it.each(cases)("%s", async (_name, method, path, body, http, code, details) => {
    const before = await computeRows();
    const answer = await send(method, keys.ada!, path, body);
    expectRefusal(answer, http, code);
    expect(answer.json.status.details).toMatch(details);
    expect(await computeRows()).toBe(before);
  });
});
