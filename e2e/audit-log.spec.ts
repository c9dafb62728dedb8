import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { callServerAction } from "./support/server-actions";
import { PERSONAS, signInAs, uniqueSuffix } from "./support/session";

// The audit log on demo-org: the Admin finds what they just did in the browser, filters it (bad
// filters answered with a message), opens an event's details and downloads the CSV; the Financial
// Manager reads the finance events only; every other role has no link, gets 403 on the pages and
// the export, and is refused by the server actions when they are posted directly.

const ORG = "demo-org";
const APP = "product-search";
const LOG = `/${ORG}/settings/audit-log`;
const APP_LOG = `/${ORG}/${APP}/settings/audit-log`;
const ACTIONS = "lib/actions/audit-log.ts";
const FORBIDDEN_HEADING = "You do not have permission to see this page";
const FINANCE_ACTION = /^(plan|budget|statement)\./;

async function personaPage(browser: Browser, email: string): Promise<Page> {
  const page = await browser.newPage({ baseURL: test.info().project.use.baseURL });
  await signInAs(page, email);
  return page;
}

const settingsNav = (page: Page) => page.getByRole("navigation", { name: "Organization settings" });
const events = (page: Page) => page.getByRole("table", { name: "Audit events" });

/** Fills the filter form and submits it. */
async function filter(page: Page, values: Partial<Record<"Actor" | "Action" | "Target ID" | "App ID" | "From (UTC)" | "To (UTC)", string>>) {
  const form = page.getByRole("form", { name: "Filter the audit log" });
  for (const [label, value] of Object.entries(values)) await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole("button", { name: "Filter" }).click();
}

/** The CSV's records (fields split on commas outside quotes; enough for these lines). */
function csvRecords(text: string): string[][] {
  return text
    .split("\r\n")
    .filter(Boolean)
    .map((line) => [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((match) => match[1]!.replace(/^"|"$/g, "").replace(/""/g, '"')).slice(0, -1));
}

test.describe.serial("audit log", () => {
  const id = uniqueSuffix();
  const teamId = `audit-${id}`;
  let teamEventId = "";

  test("the Admin finds what they did, filters it, opens it and downloads it", async ({ browser }) => {
    const admin = await personaPage(browser, PERSONAS.admin);
    await admin.goto(`/${ORG}/settings/teams`);
    await admin.getByRole("button", { name: "Create Team" }).click();
    const create = admin.getByRole("dialog", { name: "Create Team" });
    await create.getByLabel("Team ID").fill(teamId);
    await create.getByLabel("Team name").fill(`Audit ${id}`);
    await create.getByRole("button", { name: "Confirm" }).click();
    await expect(admin).toHaveURL(new RegExp(`/settings/teams/${teamId}$`));

    await admin.goto(`/${ORG}/settings/members`);
    await settingsNav(admin).getByRole("link", { name: "Audit log" }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    const row = events(admin).getByRole("row").filter({ hasText: teamId });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("team.created");
    await expect(row).toContainText("Ada Admin");
    await expect(row).toContainText(`teamId: ∅ → ${teamId}`);
    // Read as words: the action's name above its code, the target by its type and name (its ID on
    // hover, never wrapped a character a line), the time written out with the exact instant.
    const cells = row.getByRole("cell");
    await expect(cells.nth(2)).toHaveText("Team createdteam.created");
    await expect(cells.nth(2).getByRole("link", { name: "Team created" })).toBeVisible();
    await expect(cells.nth(3)).toContainText(`Team${teamId}`);
    const target = cells.nth(3).getByRole("link", { name: teamId });
    await expect(target).toHaveAttribute("title", new RegExp(`^${teamId} \\(tea_[A-Za-z0-9_-]+\\): show only its events$`));
    const targetBox = (await target.boundingBox())!;
    expect(targetBox.height).toBeLessThan(30);
    const time = cells.nth(0).locator("time");
    await expect(time).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    await expect(time).toHaveAttribute("title", /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M UTC$/);
    await expect(time).toContainText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M UTC(now|\d+ minutes? ago)$/);

    await filter(admin, { Actor: "ADMIN@demo.example", Action: "team.created" });
    await expect(admin).toHaveURL(/action=team\.created/);
    await expect(events(admin).getByRole("row").nth(1)).toContainText(teamId);
    // The third column: the action's name, its code beneath (the span).
    for (const action of await events(admin).getByRole("row").locator("td:nth-child(3) span").allTextContents()) expect(action).toBe("team.created");

    await admin.getByRole("button", { name: `Details of Team created: ${teamId}` }).first().click();
    const details = admin.getByRole("dialog", { name: "Team created" });
    await expect(details).toContainText(`"teamId": "${teamId}"`);
    teamEventId = (await details.locator("dd").first().textContent())?.trim() ?? "";
    expect(teamEventId).toMatch(/^aud_/);
    await details.getByRole("button", { name: "Close dialog" }).click();

    const download = admin.waitForEvent("download");
    await admin.getByRole("link", { name: "Download CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^audit-log-demo-org-\d{4}-\d{2}-\d{2}\.csv$/);
    const records = csvRecords(readFileSync((await file.path())!, "utf8"));
    expect(records[0]).toEqual(["time", "actor_email", "actor_user_id", "action", "target_type", "target_id", "target", "app_id", "ip", "before", "after", "action_name"]);
    expect(records.slice(1).every((record) => record[3] === "team.created" && record[11] === "Team created")).toBe(true);
    expect(records.find((record) => record[6] === teamId)?.[1]).toBe("admin@demo.example");

    // Bad input: a clear message, the form kept, no events shown.
    for (const [values, message] of [
      [{ Action: "", Actor: "", "From (UTC)": "2026-05-02", "To (UTC)": "2026-05-01" }, "The end date (2026-05-01) is before the start date (2026-05-02)"],
      [{ "From (UTC)": "", "To (UTC)": "", "App ID": "not-an-app-here" }, "There is no app “not-an-app-here” in this organization."],
      [{ "App ID": "", Actor: "nobody@nowhere.example" }, "No one of this organization matches “nobody@nowhere.example”."],
      [{ Actor: "", Action: "DROP TABLE" }, "Enter an action such as member.role_changed"],
    ] as const) {
      await filter(admin, values);
      await expect(admin.getByText(message)).toBeVisible();
      await expect(events(admin)).toHaveCount(0);
      await expect(admin.getByRole("link", { name: "Download CSV" })).toHaveCount(0);
    }
    await admin.goto(`${LOG}?cursor=not-a-real-cursor`);
    await expect(admin.getByRole("alert").filter({ hasText: "page link is not valid" })).toBeVisible();
    const badExport = await admin.request.get(`${LOG}/export?from=2026-05-02&to=2026-05-01`);
    expect(badExport.status()).toBe(400);
    expect(await badExport.text()).toContain("is before the start date");

    // The app's own log, in its settings.
    await admin.goto(`/${ORG}/${APP}/settings`);
    await admin.getByRole("navigation", { name: "App settings" }).getByRole("link", { name: "Audit log" }).click();
    await expect(admin).toHaveURL(new RegExp(`${APP_LOG}$`));
    await expect(admin.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await expect(admin.getByRole("form", { name: "Filter the audit log" }).getByLabel("App ID")).toHaveCount(0);
    await admin.close();
  });

  test("the Financial Manager reads the finance events only", async ({ browser }) => {
    const finance = await personaPage(browser, PERSONAS.finance);
    await finance.goto(`/${ORG}/settings/members`);
    await settingsNav(finance).getByRole("link", { name: "Audit log" }).click();
    await expect(finance.getByText("you see these finance events only")).toBeVisible();
    await expect(finance.getByText(teamId)).toHaveCount(0);
    const actions = (await finance.getByRole("table", { name: "Audit events" }).count()) ? await events(finance).getByRole("row").locator("td:nth-child(3) span").allTextContents() : [];
    for (const action of actions) expect(action).toMatch(FINANCE_ACTION);

    await filter(finance, { Action: "team" });
    await expect(finance.getByText("No event matches these filters.")).toBeVisible();

    const csv = await finance.request.get(`${LOG}/export`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="audit-log-demo-org-/);
    for (const record of csvRecords(await csv.text()).slice(1)) expect(record[3]).toMatch(FINANCE_ACTION);

    // The Admin's team event does not exist for the Financial Manager, asked directly either.
    const direct = await callServerAction(finance, ACTIONS, "auditEventAction", [{ org: ORG, eventId: teamEventId }]);
    expect(direct.body).toContain('"code":"not_found"');
    expect(direct.body).not.toContain(teamId);
    await finance.close();
  });

  for (const persona of ["user", "teamContributor", "contributor", "infra"] as const) {
    test(`${persona}: no link, 403 on the pages and the export, refused actions`, async ({ browser }) => {
      const page = await personaPage(browser, PERSONAS[persona]);
      await page.goto(`/${ORG}/settings/members`);
      await expect(settingsNav(page).getByRole("link", { name: "Members" })).toBeVisible();
      await expect(settingsNav(page).getByRole("link", { name: "Audit log" })).toHaveCount(0);

      const response = await page.goto(LOG);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: FORBIDDEN_HEADING })).toBeVisible();
      await expect(page.getByText(teamId)).toHaveCount(0);
      const csv = await page.request.get(`${LOG}/export`);
      expect(csv.status()).toBe(403);
      expect(await csv.text()).toContain("may not read the audit log");

      const direct = await callServerAction(page, ACTIONS, "auditEventAction", [{ org: ORG, eventId: teamEventId }]);
      expect(direct.body).toContain('"code":"forbidden"');
      expect(direct.body).not.toContain(teamId);

      // An app's own log is for those who administer the app: the Organization Contributor does.
      const appLog = await page.goto(APP_LOG);
      if (persona === "contributor") {
        expect(appLog?.status()).toBe(200);
        await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
      } else {
        expect([403, 404]).toContain(appLog?.status());
        await expect(page.getByRole("heading", { name: /^(You do not have permission to see this page|Not found)$/ })).toBeVisible();
        const appEvent = await callServerAction(page, ACTIONS, "appAuditEventAction", [{ owner: ORG, app: APP, eventId: teamEventId }]);
        expect(appEvent.body).toMatch(/"code":"(forbidden|not_found)"/);
        const appCsv = await page.request.get(`${APP_LOG}/export`);
        expect([403, 404]).toContain(appCsv.status());
      }
      await page.close();
    });
  }
});
