import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { firstLink, waitForMail } from "./support/mailbox";
import { callServerAction } from "./support/server-actions";
import { NEW_USER_PASSWORD, PERSONAS, newPerson, signInAs, uniqueSuffix } from "./support/session";

// The Compute section as new people meet it: an Admin founds an organization with an app and its
// models; an Infrastructure Manager builds a cluster and a nodepool; an Organization Contributor
// deploys a model; an Organization User only looks; the Financial Manager has no Compute at all;
// and ConfigCat's "Developer" group gives a Team Contributor full, read-only and no access by
// environment. What a page does not offer, the server refuses when posted directly — and nothing
// changes.

const ACTIONS = "lib/actions/compute.ts";
const FORBIDDEN_HEADING = "You do not have permission to see this page";

type Org = { handle: string; name: string; appId: string; admin: Page };

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  return context.newPage();
}

/** A new person, signed up, verified and signed in. */
async function signedUpPerson(browser: Browser, prefix: string): Promise<{ page: Page; email: string; name: string }> {
  const page = await newPage(browser);
  const person = await newPerson(page, prefix);
  await signInAs(page, person.email, NEW_USER_PASSWORD);
  return { page, email: person.email, name: person.name };
}

/** A new Admin with a new organization holding one app with two models (made through the API with an app key). */
async function newOrganization(browser: Browser, request: APIRequestContext, id: string): Promise<Org> {
  const { page: admin } = await signedUpPerson(browser, "founder");
  const org = { handle: `compute-${id}`, name: `Compute ${id}`, appId: `vision-${id}` };
  await admin.getByRole("button", { name: "Switch account or organization" }).click();
  await admin.getByRole("menuitem", { name: "Create organization" }).click();
  const createOrg = admin.getByRole("dialog", { name: "Create organization" });
  await createOrg.getByLabel("Organization ID").fill(org.handle);
  await createOrg.getByLabel("Organization name").fill(org.name);
  await createOrg.getByRole("button", { name: "Create organization" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: org.name })).toBeVisible();

  await admin.getByRole("button", { name: "Create App" }).click();
  const createApp = admin.getByRole("dialog", { name: "Create App" });
  await createApp.getByLabel("App ID").fill(org.appId);
  await createApp.getByLabel("App name").fill(`Vision ${id}`);
  await createApp.getByRole("button", { name: "Create app" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${org.handle}/${org.appId}$`));

  await admin.goto(`/${org.handle}/${org.appId}/settings`);
  await admin.getByRole("navigation", { name: "App settings" }).getByRole("link", { name: "API keys" }).click();
  await admin.getByRole("button", { name: "Create API key" }).click();
  const keyDialog = admin.getByRole("dialog", { name: "Create API key" });
  await keyDialog.getByLabel("Name", { exact: true }).fill("models");
  await keyDialog.getByLabel("Select All Scopes").check();
  await keyDialog.getByRole("button", { name: "Create API key" }).click();
  const key = (await keyDialog.getByLabel("New token").textContent())?.trim() ?? "";
  await keyDialog.getByRole("button", { name: "Done" }).click();
  for (const [modelId, name] of [
    ["detector", "Detector"],
    ["embedder", "Embedder"],
  ]) {
    const made = await request.post(`/v2/users/${org.handle}/apps/${org.appId}/models`, { headers: { Authorization: `Key ${key}` }, data: { model: { id: modelId, name, model_type_id: "visual-detector" } } });
    expect(made.status(), await made.text()).toBe(200);
  }
  return { ...org, admin };
}

async function invite(org: Org, email: string, role: string) {
  await org.admin.goto(`/${org.handle}/settings/members`);
  await org.admin.getByRole("button", { name: "Invite Members" }).click();
  const dialog = org.admin.getByRole("dialog", { name: "Invite Members" });
  await dialog.getByLabel("Email addresses").fill(email);
  await dialog.getByRole("radio", { name: new RegExp(`^${role}`) }).check();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
}

/** A new person who joins the organization in `role` through the emailed invitation. */
async function newMember(browser: Browser, org: Org, prefix: string, role: string): Promise<Page> {
  const person = await signedUpPerson(browser, prefix);
  await invite(org, person.email, role);
  const mail = await waitForMail(person.email, new RegExp(`invited you to join ${org.name}`));
  await person.page.goto(firstLink(mail.text, "/invitations/"));
  await person.page.getByRole("button", { name: `Accept invitation to ${org.name}` }).click();
  await expect(person.page.getByText(`You joined ${org.name} as`)).toBeVisible();
  return person.page;
}

/** Opens Compute the way a person finds it: from the organization's page. */
async function openCompute(page: Page, org: Org) {
  await page.goto(`/${org.handle}`);
  await page.getByRole("navigation", { name: "Organization", exact: true }).getByRole("link", { name: "Compute", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Clusters" })).toBeVisible();
}

async function createCluster(page: Page, org: Org, clusterId: string, provider: string, region: RegExp) {
  await openCompute(page, org);
  await page.getByRole("button", { name: "Create Cluster" }).click();
  const dialog = page.getByRole("dialog", { name: "Create Cluster" });
  await dialog.getByLabel("Cluster ID").fill(clusterId);
  await dialog.getByLabel("Cluster name").fill(`Cluster ${clusterId}`);
  await dialog.getByLabel("Cloud provider").selectOption({ label: provider });
  const regionSelect = dialog.getByLabel("Region");
  const regionLabel = (await regionSelect.locator("option").allTextContents()).find((label) => region.test(label));
  await regionSelect.selectOption({ label: regionLabel! });
  await dialog.getByRole("button", { name: "Create cluster" }).click();
  await expect(page).toHaveURL(new RegExp(`/compute/clusters/${clusterId}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Cluster ${clusterId}` })).toBeVisible();
}

async function createNodepool(page: Page, org: Org, clusterId: string, nodepoolId: string, environment: string, nodes: { min: number; max: number }) {
  await page.goto(`/${org.handle}/compute/clusters/${clusterId}`);
  await page.getByRole("button", { name: "Create Nodepool" }).click();
  const dialog = page.getByRole("dialog", { name: "Create Nodepool" });
  await dialog.getByLabel("Nodepool ID").fill(nodepoolId);
  await dialog.getByLabel("Environment").selectOption({ label: environment });
  await dialog.getByLabel("Instance type").selectOption({ label: "GPU NVIDIA T4 — 4 CPUs · 16 GiB · 1× NVIDIA T4 · $0.53 per node-hour" });
  await dialog.getByLabel("Minimum nodes").fill(String(nodes.min));
  await dialog.getByLabel("Maximum nodes").fill(String(nodes.max));
  await dialog.getByRole("button", { name: "Create nodepool" }).click();
  await expect(page).toHaveURL(new RegExp(`/compute/clusters/${clusterId}/nodepools/${nodepoolId}$`));
  await expect(page.getByRole("heading", { level: 1, name: nodepoolId })).toBeVisible();
}

async function deployModel(page: Page, org: Org, modelId: string, deploymentId: string, replicas: { min: number; max: number }) {
  await page.getByRole("button", { name: "Deploy Model" }).click();
  const dialog = page.getByRole("dialog", { name: "Deploy Model" });
  await dialog.getByLabel("Model", { exact: true }).selectOption({ value: `${org.appId}/${modelId}` });
  await dialog.getByLabel("Deployment ID").fill(deploymentId);
  await dialog.getByLabel("Minimum replicas").fill(String(replicas.min));
  await dialog.getByLabel("Maximum replicas").fill(String(replicas.max));
  await dialog.getByRole("button", { name: "Deploy" }).click();
  return dialog;
}

const deploymentsTable = (page: Page) => page.getByRole("table", { name: "Deployments" });

test("the Infrastructure Manager builds in Production, an Org Contributor deploys, an Org User only looks, the Financial Manager has no Compute", async ({ browser, request }) => {
  test.setTimeout(240_000);
  const id = uniqueSuffix();
  const org = await newOrganization(browser, request, id);
  const infra = await newMember(browser, org, "infra", "Infrastructure Manager");
  const contributor = await newMember(browser, org, "contrib", "Organization Contributor");
  const viewer = await newMember(browser, org, "viewer", "Organization User");
  const finance = await newMember(browser, org, "finance", "Financial Manager");
  const clusterId = `main-${id}`;
  const nodepoolPath = `/${org.handle}/compute/clusters/${clusterId}/nodepools/gpu-prod`;

  // The Infrastructure Manager: a cluster, then a nodepool in Production, then a larger node count.
  await openCompute(infra, org);
  await expect(infra.getByText("starts no machines itself")).toBeVisible();
  await expect(infra.getByText("No clusters yet. Create one with Create Cluster")).toBeVisible();
  await createCluster(infra, org, clusterId, "Google Cloud", /us-central1/);
  await expect(infra.getByText("Google Cloud · Iowa (us-central1)")).toBeVisible();
  await createNodepool(infra, org, clusterId, "gpu-prod", "Production", { min: 1, max: 3 });
  await expect(infra.getByRole("definition").filter({ hasText: "Production" })).toContainText("Full access");
  await infra.getByRole("button", { name: "Edit nodepool gpu-prod" }).click();
  const edit = infra.getByRole("dialog", { name: "Edit nodepool" });
  await edit.getByLabel("Node count").fill("5");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByText("Node count must be between 1 and 3.")).toBeVisible();
  await edit.getByLabel("Node count").fill("2");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  const history = infra.getByRole("table", { name: "Node count history" });
  await expect(history.getByRole("row")).toHaveCount(3); // the header, then 2 and 1, newest first
  await expect(history.getByRole("row").nth(1)).toContainText("2");
  await expect(history.getByRole("row").nth(2)).toContainText("1");

  // The Organization Contributor finds the nodepool and deploys the app's model; bad replicas are explained first.
  await openCompute(contributor, org);
  await contributor.getByRole("link", { name: `Cluster ${clusterId}` }).click();
  await contributor.getByRole("link", { name: "gpu-prod" }).click();
  await expect(contributor.getByText("Nothing is deployed here yet.")).toBeVisible();
  const badDeploy = await deployModel(contributor, org, "detector", "vision-prod", { min: 3, max: 1 });
  await expect(badDeploy.getByText("Maximum replicas must be at least the minimum.")).toBeVisible();
  await badDeploy.getByLabel("Minimum replicas").fill("1");
  await badDeploy.getByLabel("Maximum replicas").fill("2");
  await badDeploy.getByRole("button", { name: "Deploy" }).click();
  await expect(badDeploy).toBeHidden();
  const row = deploymentsTable(contributor).getByRole("row", { name: /vision-prod/ });
  await expect(row).toContainText(`${org.appId}/detector`);
  await expect(row).toContainText("1–2");
  await row.getByRole("button", { name: "Edit deployment vision-prod" }).click();
  const scale = contributor.getByRole("dialog", { name: "Scale deployment" });
  await scale.getByLabel("Maximum replicas").fill("3");
  await scale.getByRole("button", { name: "Save" }).click();
  await expect(scale).toBeHidden();
  await expect(row).toContainText("1–3");

  // The Organization User sees it read-only: no Deploy, no Edit, and direct posts are refused.
  await openCompute(viewer, org);
  await expect(viewer.getByRole("button", { name: "Create Cluster" })).toHaveCount(0);
  await viewer.getByRole("link", { name: `Cluster ${clusterId}` }).click();
  await expect(viewer.getByRole("button", { name: "Create Nodepool" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^(Edit|Delete)/ })).toHaveCount(0);
  await viewer.getByRole("link", { name: "gpu-prod" }).click();
  await expect(deploymentsTable(viewer).getByRole("row", { name: /vision-prod/ })).toContainText("Read-only");
  await expect(viewer.getByText("You have read-only access to Production")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Deploy Model" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /Edit|Undeploy|Delete/ })).toHaveCount(0);
  const refusals: Array<[string, Record<string, unknown>]> = [
    ["deployModelAction", { org: org.handle, deploymentId: "sneaky", clusterId, nodepoolId: "gpu-prod", appId: org.appId, modelId: "embedder", minReplicas: 1, maxReplicas: 1 }],
    ["updateDeploymentAction", { org: org.handle, deploymentId: "vision-prod", minReplicas: 0, maxReplicas: 9 }],
    ["deleteDeploymentAction", { org: org.handle, deploymentId: "vision-prod" }],
    ["updateNodepoolAction", { org: org.handle, clusterId, nodepoolId: "gpu-prod", minNodes: 0, maxNodes: 9, nodeCount: 9, description: "" }],
    ["deleteNodepoolAction", { org: org.handle, clusterId, nodepoolId: "gpu-prod" }],
    ["createClusterAction", { org: org.handle, clusterId: "sneaky", name: "Sneaky", cloudProvider: "aws", region: "us-east-1" }],
  ];
  for (const [action, input] of refusals) {
    const response = await callServerAction(viewer, ACTIONS, action, [input]);
    expect(response.body, action).toContain('"code":"forbidden"');
  }

  // The Financial Manager: no Compute link, and 403 on every Compute URL, even one they were given.
  await finance.goto(`/${org.handle}`);
  await expect(finance.getByRole("link", { name: "Organization settings" })).toBeVisible();
  await expect(finance.getByRole("link", { name: "Compute", exact: true })).toHaveCount(0);
  for (const path of [`/${org.handle}/compute`, `/${org.handle}/compute/clusters/${clusterId}`, nodepoolPath, `/${org.handle}/compute/deployments`, `/${org.handle}/compute/environments`]) {
    const response = await finance.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(finance.getByRole("heading", { name: FORBIDDEN_HEADING })).toBeVisible();
    await expect(finance.getByText("vision-prod")).toHaveCount(0);
  }
  await finance.goto(`/${org.handle}`);
  const financeDeploy = await callServerAction(finance, ACTIONS, "deployModelAction", [{ org: org.handle, deploymentId: "fin", clusterId, nodepoolId: "gpu-prod", appId: org.appId, modelId: "embedder", minReplicas: 1, maxReplicas: 1 }]);
  expect(financeDeploy.body).toMatch(/"ok":false,"code":"(not_found|forbidden)"/);

  // Nothing the refused requests asked for happened: one deployment, as deployed, and the nodepool as edited.
  await infra.goto(nodepoolPath);
  await expect(deploymentsTable(infra).getByRole("row")).toHaveCount(2);
  await expect(deploymentsTable(infra).getByRole("row", { name: /vision-prod/ })).toContainText("1–3");
  await expect(infra.getByRole("definition").filter({ hasText: "between" })).toContainText("between 1 and 3");
  await expect(infra.getByRole("table", { name: "Node count history" }).getByRole("row")).toHaveCount(3);
  await openCompute(infra, org);
  await expect(infra.getByRole("table", { name: "Clusters" }).getByRole("row")).toHaveCount(2);

  // The Contributor undeploys (after confirming); the Infrastructure Manager renames, then deletes the cluster.
  await contributor.goto(nodepoolPath);
  await contributor.getByRole("button", { name: "Undeploy vision-prod" }).click();
  await contributor.getByRole("dialog", { name: "Undeploy model" }).getByRole("button", { name: "Undeploy" }).click();
  await expect(contributor.getByText("Nothing is deployed here yet.")).toBeVisible();
  await infra.goto(`/${org.handle}/compute/clusters/${clusterId}`);
  await infra.getByRole("button", { name: `Edit cluster ${clusterId}` }).click();
  const renameCluster = infra.getByRole("dialog", { name: "Edit cluster" });
  await renameCluster.getByLabel("Cluster name").fill("Main cluster");
  await renameCluster.getByRole("button", { name: "Save" }).click();
  await expect(infra.getByRole("heading", { level: 1, name: "Main cluster" })).toBeVisible();
  await infra.getByRole("button", { name: `Delete cluster ${clusterId}` }).click();
  const deleteCluster = infra.getByRole("dialog", { name: "Delete cluster" });
  await expect(deleteCluster.getByRole("button", { name: "Delete cluster" })).toBeDisabled();
  await deleteCluster.getByLabel(`Type ${clusterId} to confirm`).fill(clusterId);
  await deleteCluster.getByRole("button", { name: "Delete cluster" }).click();
  await expect(infra).toHaveURL(new RegExp(`/${org.handle}/compute$`));
  await expect(infra.getByText("No clusters yet.")).toBeVisible();

  for (const page of [org.admin, infra, contributor, viewer, finance]) await page.context().close();
});

test("ConfigCat's Developer group: a Team Contributor deploys the team's model into Development, not Production, and Staging does not exist for them", async ({ browser, request }) => {
  test.setTimeout(240_000);
  const id = uniqueSuffix();
  const org = await newOrganization(browser, request, id);
  const admin = org.admin;

  // The Admin manages environments: adds Staging; a spare one is added, renamed and deleted.
  await openCompute(admin, org);
  await admin.getByRole("navigation", { name: "Compute sections" }).getByRole("link", { name: "Environments" }).click();
  const environments = admin.getByRole("table", { name: "Environments" });
  for (const name of ["Staging", "Spare"]) {
    await admin.getByRole("button", { name: "Add environment" }).click();
    const add = admin.getByRole("dialog", { name: "Add environment" });
    await add.getByLabel("Environment name").fill(name);
    await add.getByRole("button", { name: "Add environment" }).click();
    await expect(add).toBeHidden();
    await expect(environments.getByRole("row", { name: new RegExp(name) })).toContainText("Full access");
  }
  await admin.getByRole("button", { name: "Add environment" }).click();
  const duplicate = admin.getByRole("dialog", { name: "Add environment" });
  await duplicate.getByLabel("Environment name").fill("staging");
  await duplicate.getByRole("button", { name: "Add environment" }).click();
  await expect(duplicate.getByText("The organization already has an environment with this name.")).toBeVisible();
  await duplicate.getByRole("button", { name: "Cancel" }).click();
  await admin.getByRole("button", { name: "Rename Spare" }).click();
  const rename = admin.getByRole("dialog", { name: "Rename environment" });
  await rename.getByLabel("Environment name").fill("Sandbox");
  await rename.getByRole("button", { name: "Save" }).click();
  await expect(environments.getByRole("row", { name: /Sandbox/ })).toBeVisible();
  await admin.getByRole("button", { name: "Delete Sandbox" }).click();
  await admin.getByRole("dialog", { name: "Delete environment" }).getByRole("button", { name: "Delete environment" }).click();
  await expect(environments.getByRole("row", { name: /Sandbox/ })).toHaveCount(0);
  await expect(environments.getByRole("row")).toHaveCount(4); // the header, Development, Production, Staging

  // The Developer group: full access everywhere, read-only in Production, none in Staging.
  await admin.goto(`/${org.handle}/settings/permission-groups`);
  await expect(admin.getByRole("listitem", { name: "Model Trainer" })).toContainText("All environments: Full access");
  await expect(admin.getByRole("listitem", { name: "Labeler Worker" })).toContainText("All environments: No access");
  await admin.getByRole("button", { name: "Create permission group" }).click();
  const group = admin.getByRole("dialog", { name: "Create permission group" });
  await group.getByLabel("Group name").fill("Developer");
  await group.getByRole("group", { name: "BASIC SCOPES" }).getByRole("checkbox", { name: /^Model/ }).check();
  await group.getByLabel("All environments").selectOption({ label: "Full access" });
  await group.getByLabel("Production", { exact: true }).selectOption({ label: "Read-only access" });
  await group.getByLabel("Staging", { exact: true }).selectOption({ label: "No access" });
  await group.getByRole("button", { name: "Confirm" }).click();
  await expect(group).toBeHidden();
  await expect(admin.getByRole("listitem", { name: "Developer" })).toContainText("All environments: Full access · Production: Read-only access · Staging: No access");
  // Editing shows the stored levels again.
  await admin.getByRole("button", { name: "Edit Developer" }).click();
  const editGroup = admin.getByRole("dialog", { name: "Edit permission group" });
  await expect(editGroup.getByLabel("All environments")).toHaveValue("full");
  await expect(editGroup.getByLabel("Production", { exact: true })).toHaveValue("read_only");
  await expect(editGroup.getByLabel("Staging", { exact: true })).toHaveValue("none");
  await expect(editGroup.getByLabel("Development", { exact: true })).toHaveValue("");
  await editGroup.getByRole("button", { name: "Cancel" }).click();

  // A Team Contributor joins a team that holds the app with the Developer group.
  const member = await newMember(browser, org, "dev", "Team Contributor");
  const teamId = `devs-${id}`;
  await admin.goto(`/${org.handle}/settings/teams`);
  await admin.getByRole("button", { name: "Create Team" }).click();
  const createTeam = admin.getByRole("dialog", { name: "Create Team" });
  await createTeam.getByLabel("Team ID").fill(teamId);
  await createTeam.getByLabel("Team name").fill("Developers");
  await createTeam.getByLabel("Permission").selectOption({ label: "Developer" });
  await createTeam.getByRole("button", { name: "Confirm" }).click();
  await expect(admin).toHaveURL(new RegExp(`/settings/teams/${teamId}$`));
  await admin.getByRole("button", { name: "Add Members" }).click();
  const addMembers = admin.getByRole("dialog", { name: "Add Members" });
  await addMembers.getByLabel("Search organization members").fill("Dev");
  await addMembers.getByRole("checkbox", { name: /^Dev / }).check();
  await addMembers.getByRole("button", { name: "Add Members" }).click();
  await expect(addMembers).toBeHidden();
  await admin.getByRole("navigation", { name: "Team sections" }).getByRole("link", { name: /^Apps/ }).click();
  await admin.getByRole("button", { name: "Add App" }).click();
  const addApps = admin.getByRole("dialog", { name: "Add apps" });
  await addApps.getByLabel("Search organization apps").fill(org.appId);
  await addApps.getByRole("checkbox", { name: new RegExp(org.appId) }).check();
  await addApps.getByLabel("Permission").selectOption({ label: "Developer" });
  await addApps.getByRole("button", { name: "Add apps" }).click();
  await expect(addApps).toBeHidden();

  // The Admin builds a nodepool in each environment.
  const clusterId = `edge-${id}`;
  await createCluster(admin, org, clusterId, "Amazon Web Services", /eu-west-1/);
  for (const [nodepoolId, environment] of [
    ["dev-pool", "Development"],
    ["prod-pool", "Production"],
    ["staging-pool", "Staging"],
  ] as const) {
    await createNodepool(admin, org, clusterId, nodepoolId, environment, { min: 0, max: 2 });
  }
  const clusterPath = `/${org.handle}/compute/clusters/${clusterId}`;

  // The Team Contributor: Compute is there through the team; Staging is not.
  await openCompute(member, org);
  await member.getByRole("navigation", { name: "Compute sections" }).getByRole("link", { name: "Environments" }).click();
  const seen = member.getByRole("table", { name: "Environments" });
  await expect(seen.getByRole("row", { name: /Development/ })).toContainText("Full access");
  await expect(seen.getByRole("row", { name: /Production/ })).toContainText("Read-only access");
  await expect(seen.getByRole("row", { name: /Staging/ })).toHaveCount(0);
  await expect(member.getByRole("button", { name: "Add environment" })).toHaveCount(0);
  await member.goto(clusterPath);
  const nodepools = member.getByRole("table", { name: "Nodepools" });
  await expect(nodepools.getByRole("link", { name: "dev-pool" })).toBeVisible();
  await expect(nodepools.getByRole("link", { name: "prod-pool" })).toBeVisible();
  await expect(nodepools.getByRole("link", { name: "staging-pool" })).toHaveCount(0);
  await expect(member.getByText("staging-pool")).toHaveCount(0);

  // Development: the team's model is deployed.
  await nodepools.getByRole("link", { name: "dev-pool" }).click();
  const deployed = await deployModel(member, org, "detector", "dev-detector", { min: 1, max: 1 });
  await expect(deployed).toBeHidden();
  await expect(deploymentsTable(member).getByRole("row", { name: /dev-detector/ })).toContainText(`${org.appId}/detector`);

  // Production: read-only; the page offers no Deploy and the action refuses it.
  await member.goto(`${clusterPath}/nodepools/prod-pool`);
  await expect(member.getByText("You have read-only access to Production")).toBeVisible();
  await expect(member.getByRole("button", { name: "Deploy Model" })).toHaveCount(0);
  const intoProduction = await callServerAction(member, ACTIONS, "deployModelAction", [{ org: org.handle, deploymentId: "prod-detector", clusterId, nodepoolId: "prod-pool", appId: org.appId, modelId: "detector", minReplicas: 1, maxReplicas: 1 }]);
  expect(intoProduction.body).toContain('"code":"forbidden"');
  expect(intoProduction.body).toContain("environment_read_only");

  // Staging: its nodepool's URL answers 404, and deploying there is "not found" too.
  const staging = await member.goto(`${clusterPath}/nodepools/staging-pool`);
  expect(staging?.status()).toBe(404);
  await member.goto(clusterPath);
  const intoStaging = await callServerAction(member, ACTIONS, "deployModelAction", [{ org: org.handle, deploymentId: "staging-detector", clusterId, nodepoolId: "staging-pool", appId: org.appId, modelId: "detector", minReplicas: 1, maxReplicas: 1 }]);
  expect(intoStaging.body).toContain('"code":"not_found"');

  // As the Admin: the refused deployments do not exist.
  await admin.goto(`/${org.handle}/compute/deployments`);
  const all = deploymentsTable(admin);
  await expect(all.getByRole("row", { name: /dev-detector/ })).toContainText("Development");
  await expect(all.getByRole("row")).toHaveCount(2);
  for (const nodepoolId of ["prod-pool", "staging-pool"]) {
    await admin.goto(`${clusterPath}/nodepools/${nodepoolId}`);
    await expect(admin.getByText("Nothing is deployed here yet.")).toBeVisible();
  }

  // An environment that holds a nodepool is not deleted; once its nodepool is deleted, it is.
  await admin.goto(`/${org.handle}/compute/environments`);
  await admin.getByRole("button", { name: "Delete Staging" }).click();
  const deleteStaging = admin.getByRole("dialog", { name: "Delete environment" });
  await deleteStaging.getByRole("button", { name: "Delete environment" }).click();
  await expect(deleteStaging.getByRole("alert")).toContainText("Staging still holds a nodepool");
  await deleteStaging.getByRole("button", { name: "Cancel" }).click();
  await admin.goto(`${clusterPath}/nodepools/staging-pool`);
  await admin.getByRole("button", { name: "Delete nodepool staging-pool" }).click();
  const deletePool = admin.getByRole("dialog", { name: "Delete nodepool" });
  await deletePool.getByLabel("Type staging-pool to confirm").fill("staging-pool");
  await deletePool.getByRole("button", { name: "Delete nodepool" }).click();
  await expect(admin).toHaveURL(new RegExp(`${clusterPath}$`));
  await expect(admin.getByRole("table", { name: "Nodepools" }).getByRole("link", { name: "staging-pool" })).toHaveCount(0);
  await admin.goto(`/${org.handle}/compute/environments`);
  await admin.getByRole("button", { name: "Delete Staging" }).click();
  await admin.getByRole("dialog", { name: "Delete environment" }).getByRole("button", { name: "Delete environment" }).click();
  await expect(admin.getByRole("table", { name: "Environments" }).getByRole("row", { name: /Staging/ })).toHaveCount(0);

  for (const page of [admin, member]) await page.context().close();
});

test("demo data: demo-org has a cluster with a nodepool in Development and Production and a deployment; the Financial Manager sees no Compute", async ({ browser }) => {
  const infra = await newPage(browser);
  await signInAs(infra, PERSONAS.infra);
  await infra.goto("/demo-org");
  await infra.getByRole("navigation", { name: "Organization", exact: true }).getByRole("link", { name: "Compute", exact: true }).click();
  await infra.getByRole("link", { name: "Demo cluster" }).click();
  const nodepools = infra.getByRole("table", { name: "Nodepools" });
  await expect(nodepools.getByRole("row", { name: /cpu-dev/ })).toContainText("Development");
  await expect(nodepools.getByRole("row", { name: /gpu-prod/ })).toContainText("Production");
  await nodepools.getByRole("link", { name: "gpu-prod" }).click();
  await expect(deploymentsTable(infra).getByRole("row", { name: /product-search-prod/ })).toContainText("product-search/product-embedder");
  await expect(infra.getByRole("table", { name: "Node count history" }).getByRole("row")).toHaveCount(4);
  await infra.context().close();

  const finance = await newPage(browser);
  await signInAs(finance, PERSONAS.finance);
  await finance.goto("/demo-org");
  await expect(finance.getByRole("link", { name: "Organization settings" })).toBeVisible();
  await expect(finance.getByRole("link", { name: "Compute", exact: true })).toHaveCount(0);
  expect((await finance.goto("/demo-org/compute"))?.status()).toBe(403);
  await finance.context().close();
});

test("Deploy Model from an app's page: an Organization Contributor deploys the app's model into a nodepool they may deploy into; an Organization User is offered none", async ({ browser }) => {
  const deploymentId = `embedder-dev-${uniqueSuffix()}`;
  const contributor = await newPage(browser);
  await signInAs(contributor, PERSONAS.contributor);
  await contributor.goto("/demo-org/product-search");
  const models = contributor.getByRole("table", { name: "Models" });
  const embedder = models.getByRole("row", { name: /product-embedder/ });
  await expect(embedder).toContainText("gpu-prod (Production, 1–2 replicas)");

  await embedder.getByRole("button", { name: "Deploy model product-embedder" }).click();
  const dialog = contributor.getByRole("dialog", { name: "Deploy Model" });
  // Where it is deployed already, it is not offered again.
  const nodepool = dialog.getByLabel("Nodepool");
  await expect(nodepool.locator("option")).toHaveText(["demo-cluster / cpu-dev (Development)"]);
  await dialog.getByLabel("Deployment ID").fill(deploymentId);
  await dialog.getByLabel("Minimum replicas").fill("3");
  await dialog.getByLabel("Maximum replicas").fill("1");
  await dialog.getByRole("button", { name: "Deploy" }).click();
  await expect(dialog.getByText("Maximum replicas must be at least the minimum.")).toBeVisible();
  await dialog.getByLabel("Minimum replicas").fill("1");
  await dialog.getByLabel("Maximum replicas").fill("2");
  await dialog.getByRole("button", { name: "Deploy" }).click();
  await expect(dialog).toBeHidden();
  await expect(embedder).toContainText("cpu-dev (Development, 1–2 replicas)");
  // The nodepool's page shows it too.
  await embedder.getByRole("link", { name: "cpu-dev" }).click();
  await expect(deploymentsTable(contributor).getByRole("row", { name: new RegExp(deploymentId) })).toContainText("product-search/product-embedder");

  // The Organization User reads the models and where they run, and is offered no Deploy Model.
  const viewer = await newPage(browser);
  await signInAs(viewer, PERSONAS.user);
  await viewer.goto("/demo-org/product-search");
  await expect(viewer.getByRole("table", { name: "Models" }).getByRole("row", { name: /product-embedder/ })).toContainText("cpu-dev (Development, 1–2 replicas)");
  await expect(viewer.getByRole("button", { name: /^Deploy model/ })).toHaveCount(0);
  const refused = await callServerAction(viewer, ACTIONS, "deployModelAction", [
    { org: "demo-org", deploymentId: `${deploymentId}-x`, clusterId: "demo-cluster", nodepoolId: "cpu-dev", appId: "product-search", modelId: "product-embedder", minReplicas: 1, maxReplicas: 1 },
  ]);
  expect(refused.body).toContain('"code":"forbidden"');
  await viewer.context().close();

  // The demo data as it was: undeployed again.
  await contributor.getByRole("button", { name: `Undeploy ${deploymentId}` }).click();
  await contributor.getByRole("dialog", { name: "Undeploy model" }).getByRole("button", { name: "Undeploy" }).click();
  await expect(deploymentsTable(contributor).getByRole("row", { name: new RegExp(deploymentId) })).toHaveCount(0);
  await contributor.context().close();
});
