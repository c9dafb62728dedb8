import { expect, test, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { PERSONAS, everyScopeToken, signInAs, uniqueSuffix } from "./support/session";

// An organization's compute over /v2 with personal access tokens, against the production build, as
// Clarifai's Compute Orchestration clients call it: the demo organization's Infrastructure Manager
// builds a cluster and a nodepool, its Organization Contributor deploys the product-search model,
// its Organization User reads everything and changes nothing (read-only in every environment), and
// an app key — which belongs to one app — is refused. The token dialog offers the compute scopes;
// the app key dialog does not.

const ORG = "demo-org";
type Json = { status: { code: number; details: string; denied_by?: string | null; missing_scopes?: string[] }; [field: string]: unknown };

async function send(request: APIRequestContext, key: string, method: string, path: string, data?: unknown): Promise<{ http: number; json: Json }> {
  const response: APIResponse = await request.fetch(`/v2/${path}`, { method, headers: { Authorization: `Key ${key}`, "content-type": "application/json" }, data: data === undefined ? undefined : JSON.stringify(data) });
  expect(response.headers()["content-type"]).toMatch(/^application\/json/);
  return { http: response.status(), json: (await response.json()) as Json };
}

const ids = (answer: { json: Json }, field: string) => (answer.json[field] as Array<{ id: string }>).map((item) => item.id);

test("tokens build, deploy and read an organization's compute over /v2 as the roles allow; an app key is refused", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();
  const clusterId = `api-${suffix}`;
  const deploymentId = `api-dep-${suffix}`;
  const pages: Page[] = [];
  const tokenOf = async (persona: string) => {
    const page = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
    pages.push(page);
    await signInAs(page, persona);
    return { page, key: await everyScopeToken(page, `compute ${suffix}`) };
  };
  const infra = await tokenOf(PERSONAS.infra);
  const contributor = await tokenOf(PERSONAS.contributor);
  const viewer = await tokenOf(PERSONAS.user);

  // The token dialog lists the compute scopes under ADVANCED SCOPES; Select All picked them.
  await infra.page.goto("/settings/security");
  await infra.page.getByRole("button", { name: "Create token" }).click();
  const tokenDialog = infra.page.getByRole("dialog", { name: "Create token" });
  await tokenDialog.getByRole("button", { name: "ADVANCED SCOPES" }).click();
  const advanced = tokenDialog.getByRole("group", { name: "ADVANCED SCOPES" });
  for (const scope of ["ComputeClusters:Add", "Nodepools:Get", "Deployments:Delete"]) await expect(advanced.getByRole("checkbox", { name: new RegExp(`^${scope}`) })).toBeVisible();
  await tokenDialog.getByRole("button", { name: "Cancel" }).click();
  const mine = await send(request, infra.key, "GET", "users/me/myscopes");
  expect(mine.json.scopes).toEqual(expect.arrayContaining(["ComputeClusters:Add", "Nodepools:Add", "Deployments:Add"]));

  // The Infrastructure Manager builds a cluster and a nodepool in Production.
  const cluster = await send(request, infra.key, "POST", `users/${ORG}/compute_clusters`, { compute_clusters: [{ id: clusterId, name: "API cluster", cloud_provider: { id: "aws" }, region: "us-east-1" }] });
  expect(cluster.http, cluster.json.status.details).toBe(200);
  expect(cluster.json.compute_clusters).toEqual([expect.objectContaining({ id: clusterId, region: "us-east-1", user_id: ORG })]);
  const badPool = await send(request, infra.key, "POST", `users/${ORG}/compute_clusters/${clusterId}/nodepools`, {
    nodepools: [{ id: "gpu", instance_types: [{ id: "gpu-t4" }], min_instances: 3, max_instances: 1, environment: { name: "Production" } }],
  });
  expect({ http: badPool.http, code: badPool.json.status.code }).toEqual({ http: 400, code: 11102 });
  expect(badPool.json.status.details).toContain("max_instances must be at least the minimum");
  const pool = await send(request, infra.key, "POST", `users/${ORG}/compute_clusters/${clusterId}/nodepools`, {
    nodepools: [{ id: "gpu", instance_types: [{ id: "gpu-t4" }], min_instances: 1, max_instances: 3, environment: { name: "Production" } }],
  });
  expect(pool.http, pool.json.status.details).toBe(200);
  expect(ids(await send(request, infra.key, "GET", `users/${ORG}/compute_clusters/${clusterId}/nodepools`), "nodepools")).toEqual(["gpu"]);

  // The Organization Contributor may not build, but deploys the app's model and scales it.
  const notTheirs = await send(request, contributor.key, "POST", `users/${ORG}/compute_clusters/${clusterId}/nodepools`, {
    nodepools: [{ id: "more", instance_types: [{ id: "cpu-small" }], min_instances: 0, max_instances: 1, environment: { name: "Production" } }],
  });
  expect({ http: notTheirs.http, code: notTheirs.json.status.code }).toEqual({ http: 403, code: 11007 });
  const deployment = {
    deployments: [{ id: deploymentId, worker: { model: { id: "product-embedder", app_id: "product-search", user_id: ORG } }, nodepools: [{ id: "gpu", compute_cluster: { id: clusterId, user_id: ORG } }], autoscale_config: { min_replicas: 1, max_replicas: 2 } }],
  };
  const deployed = await send(request, contributor.key, "POST", `users/${ORG}/deployments`, deployment);
  expect(deployed.http, deployed.json.status.details).toBe(200);
  const again = await send(request, contributor.key, "POST", `users/${ORG}/deployments`, { deployments: [{ ...deployment.deployments[0], id: `${deploymentId}-2` }] });
  expect({ http: again.http, code: again.json.status.code }).toEqual({ http: 409, code: 40010 });
  const scaled = await send(request, contributor.key, "PATCH", `users/${ORG}/deployments`, { deployments: [{ id: deploymentId, autoscale_config: { min_replicas: 1, max_replicas: 4 } }], action: "overwrite" });
  expect(scaled.json.deployments).toEqual([expect.objectContaining({ id: deploymentId, autoscale_config: { min_replicas: 1, max_replicas: 4 } })]);

  // The Organization User reads it all, and is refused every change (read-only access), which changes nothing.
  expect(ids(await send(request, viewer.key, "GET", `users/${ORG}/deployments?nodepool_id=gpu&compute_cluster_id=${clusterId}`), "deployments")).toEqual([deploymentId]);
  for (const [method, body] of [
    ["PATCH", { deployments: [{ id: deploymentId, autoscale_config: { min_replicas: 0, max_replicas: 9 } }], action: "overwrite" }],
    ["DELETE", { ids: [deploymentId] }],
  ] as const) {
    const refused = await send(request, viewer.key, method, `users/${ORG}/deployments`, body);
    expect({ http: refused.http, code: refused.json.status.code, deniedBy: refused.json.status.denied_by }).toEqual({ http: 403, code: 11007, deniedBy: "environment_read_only" });
  }
  const unchanged = await send(request, viewer.key, "GET", `users/${ORG}/deployments/${deploymentId}`);
  expect(unchanged.json.deployment).toMatchObject({ id: deploymentId, autoscale_config: { min_replicas: 1, max_replicas: 4 }, environment: { name: "Production" } });

  // An app key belongs to one app: the organization's compute is refused to it, whatever its scopes;
  // and a token without Nodepools:Get is told what it lacks.
  const newKey = async (key: Record<string, unknown>) => {
    const made = await send(request, contributor.key, "POST", "users/me/keys", { keys: [key] });
    expect(made.http, made.json.status.details).toBe(200);
    return (made.json.keys as Array<{ id: string }>)[0]!.id;
  };
  const appKey = await newKey({ description: `app key ${suffix}`, scopes: ["Apps:Get", "Models:Get"], apps: [{ id: "product-search", user_id: ORG }] });
  const clustersOnly = await newKey({ description: `clusters only ${suffix}`, scopes: ["ComputeClusters:Get"] });
  const byAppKey = await send(request, appKey, "GET", `users/${ORG}/compute_clusters`);
  expect({ http: byAppKey.http, code: byAppKey.json.status.code, deniedBy: byAppKey.json.status.denied_by }).toEqual({ http: 403, code: 11007, deniedBy: "credential_kind" });
  expect(byAppKey.json.status.details).toContain("personal access token");
  expect(ids(await send(request, clustersOnly, "GET", `users/${ORG}/compute_clusters?per_page=1000`), "compute_clusters")).toContain(clusterId);
  const lacking = await send(request, clustersOnly, "GET", `users/${ORG}/compute_clusters/${clusterId}/nodepools`);
  expect({ http: lacking.http, missing: lacking.json.status.missing_scopes }).toEqual({ http: 403, missing: ["Nodepools:Get"] });

  // The app key dialog offers no compute scope: they are no part of an app.
  await contributor.page.goto(`/${ORG}/product-search/settings`);
  await contributor.page.getByRole("navigation", { name: "App settings" }).getByRole("link", { name: "API keys" }).click();
  await contributor.page.getByRole("button", { name: "Create API key" }).click();
  const keyDialog = contributor.page.getByRole("dialog", { name: "Create API key" });
  await keyDialog.getByRole("button", { name: "ADVANCED SCOPES" }).click();
  await expect(keyDialog.getByRole("group", { name: "ADVANCED SCOPES" }).getByRole("checkbox", { name: /^Models:Get/ })).toBeVisible();
  await expect(keyDialog.getByRole("checkbox", { name: /^(ComputeClusters|Nodepools|Deployments):/ })).toHaveCount(0);

  // Undeploying, then the nodepool and the cluster; the cluster is gone.
  expect((await send(request, contributor.key, "DELETE", `users/${ORG}/deployments`, { ids: [deploymentId] })).http).toBe(200);
  expect((await send(request, infra.key, "DELETE", `users/${ORG}/compute_clusters/${clusterId}/nodepools`, { ids: ["gpu"] })).http).toBe(200);
  expect((await send(request, infra.key, "DELETE", `users/${ORG}/compute_clusters`, { ids: [clusterId] })).http).toBe(200);
  const gone = await send(request, infra.key, "GET", `users/${ORG}/compute_clusters/${clusterId}`);
  expect({ http: gone.http, code: gone.json.status.code }).toEqual({ http: 404, code: 11101 });

  for (const page of pages) await page.context().close();
});
