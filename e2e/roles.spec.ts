import { expect, test, type Browser, type Page } from "@playwright/test";
import { callServerAction } from "./support/server-actions";
import { PERSONAS, signInAs, uniqueSuffix } from "./support/session";

// The permission matrix, role by role, on demo-org's apps: what each page offers, and that the
// server actions refuse the rest when called directly — with the data unchanged afterwards.

const ORG = "demo-org";
const APP = "product-search";
const APP_NAME = "Product search";
const DESCRIPTION = "Visual search over the product catalogue.";
const DEMO_APPS = ["Product search", "Content moderation", "Labeling workspace"];

async function personaPage(browser: Browser, email: string): Promise<Page> {
  const page = await browser.newPage();
  await signInAs(page, email);
  return page;
}

/** The seeded app, as app operations name it. */
const target = { owner: ORG, app: APP };

/** Calls every app-changing action and expects each to be refused with `code`. */
async function expectAppChangesRefused(page: Page, code: "forbidden" | "not_found") {
  const calls: Array<[string, Record<string, unknown>]> = [
    ["updateAppDetailsAction", { ...target, description: "changed", notes: "changed" }],
    ["updateAppIdentityAction", { ...target, appId: "hijacked", name: "Hijacked" }],
    ["setAppVisibilityAction", { ...target, visibility: "public" }],
    ["deleteAppAction", { ...target, confirm: APP }],
  ];
  for (const [action, input] of calls) {
    const response = await callServerAction(page, "lib/actions/apps.ts", action, [input]);
    expect(response.body, action).toContain(`"code":"${code}"`);
  }
}

async function expectOrgChangesRefused(page: Page, id: string) {
  const createApp = await callServerAction(page, "lib/actions/apps.ts", "createOrgAppAction", [{ org: ORG, appId: `sneaky-${id}`, name: "Sneaky" }]);
  expect(createApp.body).toContain('"code":"forbidden"');
  const createTeam = await callServerAction(page, "lib/actions/teams.ts", "createTeamAction", [{ org: ORG, teamId: `sneaky-${id}`, name: "Sneaky", permissionGroupId: "grp_full_access" }]);
  expect(createTeam.body).toContain('"code":"forbidden"');
  const createGroup = await callServerAction(page, "lib/actions/permission-groups.ts", "createPermissionGroupAction", [{ org: ORG, name: `Sneaky ${id}`, scopes: ["Predict"] }]);
  expect(createGroup.body).toContain('"code":"forbidden"');
}

/** As the Admin: the app is exactly as seeded, and nothing named sneaky-… was created. */
async function expectNothingChanged(browser: Browser, id: string) {
  const admin = await personaPage(browser, PERSONAS.admin);
  await admin.goto(`/${ORG}/${APP}/settings`);
  await expect(admin.getByRole("textbox", { name: "App ID" })).toHaveValue(APP);
  await expect(admin.getByRole("textbox", { name: "App name" })).toHaveValue(APP_NAME);
  await expect(admin.getByRole("textbox", { name: "Description" })).toHaveValue(DESCRIPTION);
  await expect(admin.getByRole("textbox", { name: "Notes" })).toHaveValue("");
  await expect(admin.getByRole("radio", { name: /Private/ })).toBeChecked();
  await admin.goto(`/${ORG}?q=sneaky-${id}`);
  await expect(admin.getByText(`No app matches “sneaky-${id}”.`)).toBeVisible();
  await admin.goto(`/${ORG}/settings/teams?q=sneaky-${id}`);
  await expect(admin.getByText(`No team matches “sneaky-${id}”.`)).toBeVisible();
  await admin.goto(`/${ORG}/settings/permission-groups`);
  await expect(admin.getByRole("listitem", { name: `Sneaky ${id}` })).toHaveCount(0);
  await admin.close();
}

async function expectTeamPagesForbidden(page: Page) {
  await page.goto(`/${ORG}/settings/members`);
  const tabs = page.getByRole("navigation", { name: "Organization settings" });
  await expect(tabs.getByRole("link", { name: "Teams" })).toHaveCount(0);
  await expect(tabs.getByRole("link", { name: "Permission groups" })).toHaveCount(0);
  for (const path of ["teams", "permission-groups"]) {
    const response = await page.goto(`/${ORG}/settings/${path}`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
  }
}

test("Organization User sees every org app read-only and cannot change any", async ({ browser }) => {
  const id = uniqueSuffix();
  const page = await personaPage(browser, PERSONAS.user);
  await page.goto(`/${ORG}`);
  const list = page.getByRole("list", { name: "Organization apps" });
  for (const name of DEMO_APPS) await expect(list.getByRole("link", { name: new RegExp(name) })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create App" })).toHaveCount(0);

  await page.goto(`/${ORG}/${APP}/settings`);
  await expect(page.getByText(DESCRIPTION)).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Save|Delete|Transfer/ })).toHaveCount(0);
  // Viewing collaborators is in the matrix for Organization Users.
  await page.getByRole("navigation", { name: "App settings" }).getByRole("link", { name: "Collaborators" }).click();
  await expect(page.getByText("This app has no collaborators.")).toBeVisible();
  await page.goto(`/${ORG}/${APP}/settings`);

  await expectAppChangesRefused(page, "forbidden");
  await expectOrgChangesRefused(page, id);
  await expectTeamPagesForbidden(page);
  await page.close();
  await expectNothingChanged(browser, id);
});

for (const [role, email] of [
  ["Financial Manager", PERSONAS.finance],
  ["Infrastructure Manager", PERSONAS.infra],
] as const) {
  test(`${role} sees no app data and every app action is refused`, async ({ browser }) => {
    const id = uniqueSuffix();
    const page = await personaPage(browser, email);
    await page.goto(`/${ORG}`);
    await expect(page.getByText("No app of this organization is open to you.")).toBeVisible();
    for (const name of DEMO_APPS) await expect(page.getByText(name)).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Create App" })).toHaveCount(0);
    await page.goto("/?list=org");
    for (const name of DEMO_APPS) await expect(page.getByText(name)).toHaveCount(0);

    for (const path of [`/${ORG}/${APP}`, `/${ORG}/${APP}/settings`, `/${ORG}/${APP}/settings/access`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByText(APP_NAME)).toHaveCount(0);
    }

    await page.goto("/");
    await expectAppChangesRefused(page, "not_found");
    await expectOrgChangesRefused(page, id);
    await expectTeamPagesForbidden(page);
    await page.close();
    await expectNothingChanged(browser, id);
  });
}

test("Organization Contributor and Admin get app administration; a Team Contributor without a team reaches no demo app by role", async ({ browser }) => {
  for (const email of [PERSONAS.contributor, PERSONAS.admin]) {
    const page = await personaPage(browser, email);
    await page.goto(`/${ORG}/${APP}/settings`);
    await expect(page.getByRole("textbox", { name: "App ID" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Delete app" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Save visibility" })).toBeVisible();
    await page.goto(`/${ORG}`);
    await expect(page.getByRole("button", { name: "Create App" })).toBeVisible();
    await page.goto(`/${ORG}/settings/teams`);
    await expect(page.getByRole("heading", { name: "Teams" })).toBeVisible();
    await page.close();
  }
  // No team in demo-org holds product-search, so the Team Contributor's role alone gives nothing there.
  const member = await personaPage(browser, PERSONAS.teamContributor);
  const response = await member.goto(`/${ORG}/${APP}/settings`);
  expect(response?.status()).toBe(404);
  await member.close();
});
