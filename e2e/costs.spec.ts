import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { waitForMail } from "./support/mailbox";
import { callServerAction } from "./support/server-actions";
import { NEW_USER_PASSWORD, PERSONAS, newPerson, signInAs, uniqueSuffix } from "./support/session";

// The Costs page as new people meet it: an Admin founds an organization, prices its plan, calls the
// API with a personal access token and runs a nodepool; the page shows exactly those operations for
// that app priced by the plan, the nodepool's node-hours priced by its instance type, and a chart.
// A budget refuses bad input, then alerts by email once spend passes a threshold. On demo-org, the
// Financial Manager reads the costs and statements; every other role gets no link, 403 on the
// URLs and refusals from the server actions — and nothing changes.

const ACTIONS = "lib/actions/finance.ts";
const FORBIDDEN_HEADING = "You do not have permission to see this page";

async function signedUpAdmin(browser: Browser): Promise<{ admin: Page; email: string }> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  const person = await newPerson(page, "payer");
  await signInAs(page, person.email, NEW_USER_PASSWORD);
  return { admin: page, email: person.email };
}

function money(text: string | null): number {
  // "$1,234.56" → 123456 cents, without floating point.
  const match = /(-?)\$([\d,]+)\.(\d{2})/.exec(text ?? "");
  if (!match) throw new Error(`no amount in ${text}`);
  return (match[1] ? -1 : 1) * Number(`${match[2]!.replace(/,/g, "")}${match[3]}`);
}

/** No serious or critical accessibility violation, and nothing wider than a 390 px phone. */
async function expectAccessibleAndNarrow(page: Page) {
  const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  expect(violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical").map((violation) => `${violation.id}: ${violation.nodes[0]?.target.join(" ")}`)).toEqual([]);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  if (size) await page.setViewportSize(size);
}

async function openCosts(page: Page, org: string) {
  await page.goto(`/${org}/settings/members`);
  await page.getByRole("navigation", { name: "Organization settings" }).getByRole("link", { name: "Costs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Costs" })).toBeVisible();
}

test("API calls with a token and a nodepool's node-hours appear on the costs page, priced by the plan", async ({ browser, request }, testInfo) => {
  test.setTimeout(180_000);
  const id = uniqueSuffix();
  const org = { handle: `costs-${id}`, name: `Costs ${id}`, appId: `shop-${id}`, appName: `Shop ${id}` };
  const { admin, email } = await signedUpAdmin(browser);

  // An organization with one app.
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
  await createApp.getByLabel("App name").fill(org.appName);
  await createApp.getByRole("button", { name: "Create app" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${org.handle}/${org.appId}$`));

  // A new organization starts on the default plan with nothing spent.
  await openCosts(admin, org.handle);
  await expect(admin.getByRole("heading", { name: "Pricing plan: Standard" })).toBeVisible();
  await expect(admin.getByText("No API calls this month yet.").first()).toBeVisible();
  await expect(admin.getByText("No closed months yet")).toBeVisible();

  // The Admin prices input writes at $10 per 1,000 (a cent each) and a T4 node-hour at $3,600 (a dollar a second).
  await admin.getByRole("button", { name: "Edit plan" }).click();
  const plan = admin.getByRole("dialog", { name: "Edit pricing plan" });
  await plan.getByLabel("Input writes").fill("-1");
  await plan.getByRole("button", { name: "Save plan" }).click();
  await expect(plan.getByText("The amount cannot be negative.")).toBeVisible();
  await plan.getByLabel("Input writes").fill("10");
  await plan.getByLabel("GPU NVIDIA T4").fill("3600");
  await plan.getByRole("button", { name: "Save plan" }).click();
  await expect(plan).toBeHidden();
  const operationPrices = admin.getByRole("table", { name: "Prices of API operations" });
  await expect(operationPrices.getByRole("row", { name: /Input writes/ })).toContainText("$10.00");
  await expect(admin.getByRole("table", { name: "Prices of node-hours" }).getByRole("row", { name: /GPU NVIDIA T4/ })).toContainText("$3,600.00");

  // A personal access token with the Input scopes, and seven inputs posted through the API.
  await admin.goto("/settings/security");
  await admin.getByRole("button", { name: "Create token" }).click();
  const tokenDialog = admin.getByRole("dialog", { name: "Create token" });
  await tokenDialog.getByLabel("Name", { exact: true }).fill("catalogue loader");
  await tokenDialog.getByRole("group", { name: "BASIC SCOPES" }).getByLabel(/^Input/).check();
  await tokenDialog.getByRole("button", { name: "Create token" }).click();
  const token = (await tokenDialog.getByLabel("New token").textContent())?.trim() ?? "";
  await tokenDialog.getByRole("button", { name: "Done" }).click();
  for (let i = 0; i < 7; i++) {
    const posted = await request.post(`/v2/users/${org.handle}/apps/${org.appId}/inputs`, { headers: { Authorization: `Key ${token}` }, data: { inputs: [{ id: `item-${i}`, data: { text: { raw: `Item ${i}` } } }] } });
    expect(posted.status(), await posted.text()).toBe(200);
  }
  // A refused call (the token has no Concept scope) is not an operation anyone pays for.
  const refused = await request.get(`/v2/users/${org.handle}/apps/${org.appId}/concepts`, { headers: { Authorization: `Key ${token}` } });
  expect(refused.status()).toBe(403);

  // A nodepool of one T4 node.
  await admin.goto(`/${org.handle}/compute`);
  await admin.getByRole("button", { name: "Create Cluster" }).click();
  const cluster = admin.getByRole("dialog", { name: "Create Cluster" });
  await cluster.getByLabel("Cluster ID").fill("main");
  await cluster.getByLabel("Cluster name").fill("Main");
  await cluster.getByRole("button", { name: "Create cluster" }).click();
  await expect(admin).toHaveURL(/\/compute\/clusters\/main$/);
  await admin.getByRole("button", { name: "Create Nodepool" }).click();
  const nodepool = admin.getByRole("dialog", { name: "Create Nodepool" });
  await nodepool.getByLabel("Nodepool ID").fill("gpu-prod");
  await nodepool.getByLabel("Environment").selectOption({ label: "Production" });
  // The dialog and the nodepool's page show the plan's price, the one the costs page charges.
  await nodepool.getByLabel("Instance type").selectOption({ label: "GPU NVIDIA T4 — 4 CPUs · 16 GiB · 1× NVIDIA T4 · $3,600.00 per node-hour" });
  await nodepool.getByLabel("Minimum nodes").fill("1");
  await nodepool.getByLabel("Maximum nodes").fill("1");
  await nodepool.getByRole("button", { name: "Create nodepool" }).click();
  await expect(admin).toHaveURL(/\/nodepools\/gpu-prod$/);
  await expect(admin.getByRole("definition").filter({ hasText: "1× NVIDIA T4 · $3,600.00 per node-hour" })).toBeVisible();
  await expect(admin.getByText(/node-hours so far, \$[\d,.]+ at \$3,600\.00 per node-hour/)).toBeVisible();

  // The costs page: exactly seven input writes on the app, at the plan's price (the counts reach
  // the database within about a second, so the page is reloaded until they are there).
  // The lines by category are one click away from the costs page.
  await openCosts(admin, org.handle);
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByRole("table", { name: "Spend by app" }).getByRole("row", { name: new RegExp(org.appName) })).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await admin.getByRole("link", { name: "Lines by category" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Operations by app and category" })).toBeVisible();
  const line = admin.getByRole("table", { name: "Operations by app and category" }).getByRole("row", { name: new RegExp(org.appName) });
  await expect(line.getByRole("cell")).toHaveText([org.appName, "Input writes", "7", "$10.00 per 1,000", "$0.07"]);
  await expectAccessibleAndNarrow(admin);
  await admin.getByRole("link", { name: "← Costs" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Costs" })).toBeVisible();
  const byApp = admin.getByRole("table", { name: "Spend by app" }).getByRole("row", { name: new RegExp(org.appName) });
  await expect(byApp.getByRole("cell").nth(1)).toHaveText("7");
  await expect(byApp.getByRole("cell").nth(2)).toHaveText("$0.07");
  await expect(admin.getByRole("table", { name: "Top credentials by spend" }).getByRole("row", { name: /catalogue loader/ })).toContainText("$0.07");

  // The nodepool's node-hours, priced by its instance type: amount = node-hours × $3,600.
  const pool = admin.getByRole("table", { name: "Compute by nodepool" }).getByRole("row", { name: /gpu-prod/ });
  await expect(pool).toContainText("GPU NVIDIA T4");
  await expect(pool).toContainText("$3,600.00 per node-hour");
  const cells = await pool.getByRole("cell").allTextContents();
  const nodeHours = cells[2]!;
  const [whole, fraction = ""] = nodeHours.split(".");
  // node-hours × 360,000 cents, from the six decimals shown (a millionth of an hour is 0.36 cents).
  const expectedCents = (Number(whole) * 1_000_000 + Number(fraction.padEnd(6, "0"))) * 0.36;
  expect(money(cells[4]!)).toBeGreaterThan(0);
  expect(Math.abs(money(cells[4]!) - expectedCents)).toBeLessThanOrEqual(1);
  const total = money(await admin.getByRole("table", { name: "Spend by category" }).getByRole("row", { name: /^Total/ }).textContent());
  expect(total).toBe(7 + money(cells[4]!));

  // The chart is drawn, with today's bar; its screenshot goes with the test's results.
  const chart = admin.getByTestId("spend-chart");
  await expect(chart.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(chart.locator(".recharts-bar-rectangle path, .recharts-bar-rectangle rect").first()).toBeVisible();
  await expect(chart.locator("svg title").filter({ hasText: /^Spend by day, / })).toHaveCount(1);
  await expect(admin.getByRole("figure", { name: /Spend by day/ })).toHaveAccessibleDescription(/Bar chart of spend by day/);
  await testInfo.attach("costs-spend-chart.png", { body: await admin.getByRole("figure", { name: /Spend by day/ }).screenshot(), contentType: "image/png" });
  await expectAccessibleAndNarrow(admin);

  // A budget: bad input is explained and saves nothing; a good one alerts once spend passes it.
  await admin.getByRole("button", { name: "Set budget" }).click();
  const budget = admin.getByRole("dialog", { name: "Set a monthly budget" });
  await budget.getByLabel(/Monthly budget/).fill("-5");
  await budget.getByLabel("Alert thresholds (%)").fill("50, 120");
  await budget.getByRole("button", { name: "Save budget" }).click();
  await expect(budget.getByText("The amount cannot be negative.")).toBeVisible();
  await expect(budget.getByText(/“120” is not allowed/)).toBeVisible();
  await budget.getByLabel(/Monthly budget/).fill("ten");
  await budget.getByLabel("Alert thresholds (%)").fill("0");
  await budget.getByRole("button", { name: "Save budget" }).click();
  await expect(budget.getByText(/Enter a number such as 250/)).toBeVisible();
  await expect(budget.getByText(/“0” is not allowed/)).toBeVisible();
  await budget.getByRole("button", { name: "Cancel" }).click();
  await expect(admin.getByText("No budgets yet.")).toBeVisible();
  await admin.getByRole("button", { name: "Set budget" }).click();
  await budget.getByLabel(/Monthly budget/).fill("0.05");
  await budget.getByLabel("Alert thresholds (%)").fill("80");
  await budget.getByRole("button", { name: "Save budget" }).click();
  await expect(budget).toBeHidden();
  await expect(admin.getByRole("table", { name: "Budgets" }).getByRole("row", { name: /The organization/ })).toContainText("$0.05");
  // The next metered call finds spend past 80 % of it: one mail to the Admin.
  const listed = await request.get(`/v2/users/${org.handle}/apps/${org.appId}/inputs`, { headers: { Authorization: `Key ${token}` } });
  expect(listed.status()).toBe(200);
  const mail = await waitForMail(email, new RegExp(`Budget alert: ${org.name} reached 80 %`));
  expect(mail.text).toContain(`/${org.handle}/settings/costs`);

  // An app's budget: the app is found by searching, and "One app" with none chosen is refused.
  await admin.getByRole("button", { name: "Set budget" }).click();
  await expect(budget.getByLabel("Budget for")).toHaveValue("app");
  await budget.getByLabel(/Monthly budget/).fill("20");
  await budget.getByLabel("Alert thresholds (%)").fill("90");
  await budget.getByRole("button", { name: "Save budget" }).click();
  await expect(budget.getByText("Choose the app the budget is for.")).toBeVisible();
  await budget.getByLabel("Find the app by name or ID").fill(org.appId);
  await budget.getByRole("radio", { name: new RegExp(org.appId) }).check();
  await budget.getByRole("button", { name: "Save budget" }).click();
  await expect(budget).toBeHidden();
  await expect(admin.getByRole("table", { name: "Budgets" }).getByRole("row", { name: /\(app\)/ })).toContainText("$20.00");
});

test("the Financial Manager reads costs and statements; other roles see no link, get 403 and are refused by the actions", async ({ browser }) => {
  test.setTimeout(180_000);
  const newPage = async (email: string) => {
    const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const page = await context.newPage();
    await signInAs(page, email);
    return page;
  };

  // The Financial Manager: amounts, app names and credential names; no budget or plan controls.
  const finance = await newPage(PERSONAS.finance);
  await openCosts(finance, "demo-org");
  await expectAccessibleAndNarrow(finance);
  await expect(finance.getByRole("table", { name: "Spend by app" }).getByRole("row", { name: /Product search/ })).toBeVisible();
  await expect(finance.getByRole("table", { name: "Top credentials by spend" }).getByRole("row", { name: /Storefront search/ })).toBeVisible();
  await expect(finance.getByRole("table", { name: "Budgets" }).getByRole("row", { name: /The organization/ })).toContainText("$1,000.00");
  await expect(finance.getByRole("button", { name: /Set budget|Edit plan|^Edit|^Delete/ })).toHaveCount(0);
  await finance.getByRole("link", { name: "Lines by category" }).click();
  await expect(finance.getByRole("table", { name: "Operations by app and category" }).getByRole("row", { name: /Product search/ }).first()).toBeVisible();
  await finance.goBack();
  const statements = finance.getByRole("table", { name: "Statements" });
  const firstStatement = statements.getByRole("link").first();
  const monthName = (await firstStatement.textContent()) ?? "";
  await firstStatement.click();
  await expect(finance.getByRole("heading", { level: 1, name: `Statement for ${monthName}` })).toBeVisible();
  const statementUrl = new URL(finance.url()).pathname;
  await expectAccessibleAndNarrow(finance);
  const statementTotal = money(await finance.locator("#statement dl dd").first().textContent());
  const csv = await finance.request.get(`${statementUrl}/csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const csvText = await csv.text();
  const totalRow = csvText.split("\r\n").find((row) => row.includes(",Total,"))!;
  expect(money(`$${totalRow.split(",").at(-2)}`)).toBe(statementTotal);
  // What a Financial Manager may not do, posted straight to the server.
  for (const [action, input] of [
    ["setBudgetAction", { org: "demo-org", amount: "1", thresholds: "50" }],
    ["deleteBudgetAction", { org: "demo-org", budgetId: "bud_x" }],
  ] as const) {
    const response = await callServerAction(finance, ACTIONS, action, [input]);
    expect(response.body, action).toContain('"code":"forbidden"');
  }

  // Every other role: no Costs link, 403 on the pages and the CSV, refusals from every action.
  for (const email of [PERSONAS.user, PERSONAS.teamContributor, PERSONAS.contributor, PERSONAS.infra]) {
    const page = await newPage(email);
    await page.goto("/demo-org/settings/members");
    await expect(page.getByRole("navigation", { name: "Organization settings" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Costs", exact: true })).toHaveCount(0);
    for (const path of ["/demo-org/settings/costs", "/demo-org/settings/costs/lines", statementUrl]) {
      const response = await page.goto(path);
      expect(response?.status(), `${email} ${path}`).toBe(403);
      await expect(page.getByRole("heading", { name: FORBIDDEN_HEADING })).toBeVisible();
      await expect(page.getByText("Product search")).toHaveCount(0);
    }
    const csvResponse = await page.request.get(`${statementUrl}/csv`);
    expect(csvResponse.status(), email).toBe(403);
    expect(await csvResponse.text()).not.toContain("Product search");
    await page.goto("/demo-org/settings/members");
    for (const [action, input] of [
      ["setBudgetAction", { org: "demo-org", amount: "1", thresholds: "50" }],
      ["deleteBudgetAction", { org: "demo-org", budgetId: "bud_x" }],
      ["updatePlanAction", { org: "demo-org", name: "Free", currency: "USD", includedCredit: "999999", price_predict: "0", price_train: "0", price_search: "0", price_input_writes: "0", price_other_writes: "0", price_reads: "0", "instance_cpu-small": "0", "instance_cpu-large": "0", "instance_gpu-t4": "0", "instance_gpu-a10g": "0", "instance_gpu-l40s": "0" }],
    ] as const) {
      const response = await callServerAction(page, ACTIONS, action, [input]);
      expect(response.body, `${email} ${action}`).toContain('"code":"forbidden"');
    }
    await page.context().close();
  }

  // Nothing changed: the same plan and budgets.
  await finance.goto("/demo-org/settings/costs");
  await expect(finance.getByRole("heading", { name: "Pricing plan: Standard" })).toBeVisible();
  const budgets = finance.getByRole("table", { name: "Budgets" });
  await expect(budgets.getByRole("row")).toHaveCount(3);
  await expect(budgets.getByRole("row", { name: /The organization/ })).toContainText("$1,000.00");
  await expect(budgets.getByRole("row", { name: /Product search/ })).toContainText("$300.00");
});

test("a Financial Manager reaches Costs from the organization page in one click and sees compute in spend by app; an Infrastructure Manager sees node-hours by nodepool and month", async ({ browser }) => {
  test.setTimeout(120_000);
  const newPage = async (email: string) => {
    const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const page = await context.newPage();
    await signInAs(page, email);
    return page;
  };

  // The Financial Manager: the organization page names where their role leads, and Costs is one click away.
  const finance = await newPage(PERSONAS.finance);
  await finance.goto("/demo-org");
  await expect(finance.getByText("No app of this organization is open to you.")).toContainText("As Financial Manager you can open Costs");
  await finance.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Costs", exact: true }).click();
  await expect(finance.getByRole("heading", { level: 1, name: "Costs" })).toBeVisible();
  // Spend by app includes compute: product search's model is deployed on gpu-prod; cpu-dev serves no
  // model, so its node-hours are a row of their own; the rows add up to the month's total.
  const byApp = finance.getByRole("table", { name: "Spend by app" });
  const productSearch = byApp.getByRole("row", { name: /Product search/ });
  expect(money(await productSearch.getByRole("cell").nth(3).textContent())).toBeGreaterThan(0);
  const unattributed = byApp.getByRole("row", { name: /Unattributed compute/ });
  await expect(unattributed).toContainText(/node-hours with no deployment/);
  expect(money(await unattributed.getByRole("cell").nth(4).textContent())).toBeGreaterThan(0);
  const amounts = await byApp.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.querySelectorAll("td")[4]?.textContent ?? ""));
  const total = money(await byApp.getByRole("row", { name: /^Total/ }).textContent());
  expect(amounts.reduce((sum, amount) => sum + money(amount), 0)).toBe(total);
  expect(total).toBe(money(await finance.getByRole("table", { name: "Spend by category" }).getByRole("row", { name: /^Total/ }).textContent()));
  await expectAccessibleAndNarrow(finance);
  // No node-hours page for a role without clusters.usage.
  expect((await finance.goto("/demo-org/compute/node-hours"))?.status()).toBe(403);
  await finance.context().close();

  // The Infrastructure Manager: from the organization page to node-hours by nodepool and month.
  const infra = await newPage(PERSONAS.infra);
  await infra.goto("/demo-org");
  await expect(infra.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Costs", exact: true })).toHaveCount(0);
  await infra.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Node-hours", exact: true }).click();
  await expect(infra.getByRole("heading", { level: 1, name: "Node-hours" })).toBeVisible();
  const thisMonth = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date());
  const byNodepool = infra.getByRole("table", { name: "Node-hours by nodepool and month" });
  const gpuProd = byNodepool.getByRole("row", { name: new RegExp(`${thisMonth}.*gpu-prod`) });
  await expect(gpuProd).toContainText("GPU NVIDIA T4");
  expect(Number((await gpuProd.getByRole("cell").last().textContent())?.replace(/,/g, ""))).toBeGreaterThan(0);
  await expect(infra.getByRole("table", { name: "Node-hours by month" }).getByRole("row", { name: new RegExp(thisMonth) })).toBeVisible();
  // Node-hours, no amounts; the tab sits with the other Compute sections.
  await expect(byNodepool).not.toContainText("$");
  await expect(infra.getByRole("navigation", { name: "Compute sections" }).getByRole("link", { name: "Node-hours" })).toBeVisible();
  await expectAccessibleAndNarrow(infra);
  await infra.context().close();

  // An Organization User opens Compute (read-only environments) but not node-hours: no tab, 403.
  const user = await newPage(PERSONAS.user);
  await user.goto("/demo-org/compute");
  await expect(user.getByRole("navigation", { name: "Compute sections" })).toBeVisible();
  await expect(user.getByRole("link", { name: "Node-hours" })).toHaveCount(0);
  expect((await user.goto("/demo-org/compute/node-hours"))?.status()).toBe(403);
  await user.context().close();
});
