import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { NEW_USER_PASSWORD, PERSONAS, signInAs, signUpAs, uniqueSuffix } from "./support/session";

// Every page as each kind of person meets it: no serious or critical accessibility violation (axe),
// nothing wider than a 390 px phone, and every dialog inside the viewport. A full-page screenshot of
// each page at 1280 and 390 px is kept in the test's output folder. One browser context per
// persona visits its pages in a loop; findings are collected (soft assertions) so that one run
// lists them all. Axe runs at both widths on the Admin's pass (the most controls), the
// collaborator's, the outsider's and the signed-out pages; the other roles see the same narrow
// layout, so their pass runs axe at 1280 px only.

const ORG = "/demo-org";
const APP = `${ORG}/moderation`;
const COMPUTE = `${ORG}/compute`;
const SANDBOX = "/demo-admin/sandbox";
const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** What every member of demo-org is shown (pages a role may not open answer 403, and are checked too). */
const MEMBER_PAGES = [
  "/",
  "/?list=shared",
  "/invitations",
  "/invitations/not-a-real-invitation",
  "/collaborate/not-a-real-invitation",
  "/settings/profile",
  "/settings/security",
  "/settings/api",
  ORG,
  `${ORG}/settings/members`,
  `${ORG}/settings/members?tab=invitations`,
  `${ORG}/settings/members?tab=removed`,
  `${ORG}/settings/teams`,
  `${ORG}/settings/teams/labeling-team`,
  `${ORG}/settings/teams/labeling-team?tab=apps`,
  `${ORG}/settings/permission-groups`,
  `${ORG}/settings/costs`,
  `${ORG}/settings/costs/lines`,
  `${ORG}/settings/audit-log`,
  APP,
  `${APP}/settings`,
  `${APP}/settings/teams`,
  `${APP}/settings/collaborators`,
  `${APP}/settings/access`,
  `${APP}/settings/keys`,
  `${APP}/settings/explain`,
  `${APP}/settings/explain?email=${encodeURIComponent(PERSONAS.admin)}&what=manage%20collaborators`,
  `${APP}/settings/audit-log`,
  COMPUTE,
  `${COMPUTE}/clusters/demo-cluster`,
  `${COMPUTE}/clusters/demo-cluster/nodepools/gpu-prod`,
  `${COMPUTE}/deployments`,
  `${COMPUTE}/environments`,
  `${COMPUTE}/node-hours`,
];

/** The outside collaborator (moderation and the admin's sandbox) and a person in no organization. */
const COLLABORATOR_PAGES = [
  "/",
  "/?list=shared",
  "/settings/security",
  ORG,
  APP,
  `${APP}/settings`,
  `${APP}/settings/collaborators`,
  `${APP}/settings/access`,
  `${APP}/settings/keys`,
  `${APP}/settings/explain`,
  SANDBOX,
  `${SANDBOX}/settings`,
];
const OUTSIDER_PAGES = ["/", "/invitations", "/settings/profile", "/settings/security", ORG, APP, `${ORG}/settings/members`];
const SIGNED_OUT_PAGES = ["/sign-in", "/sign-up", "/forgot-password", "/reset-password?token=not-a-real-token", "/verify-email?token=not-a-real-token"];

/**
 * Dialogs opened at 390 px on the Admin's pass: the button that opens each (a pattern for a row's
 * button, which names its row; the first row's is opened), and the dialog's name. Only opened and
 * closed with Escape: nothing is changed.
 */
const DIALOGS: Record<string, { button: string | RegExp; dialog: string | RegExp; expand?: string; check?: string[] }[]> = {
  "/": [{ button: "Create App", dialog: "Create App" }],
  [ORG]: [{ button: "Create App", dialog: "Create App" }],
  [`${ORG}/settings/members`]: [
    { button: "Invite Members", dialog: "Invite Members" },
    { button: /^Remove /, dialog: "Remove member" },
  ],
  [`${ORG}/settings/members?tab=invitations`]: [{ button: /^Rescind invitation to /, dialog: "Rescind invitation" }],
  [`${ORG}/settings/teams`]: [{ button: "Create Team", dialog: "Create Team" }],
  [`${ORG}/settings/teams/labeling-team`]: [
    { button: "Add Members", dialog: "Add Members" },
    { button: /^Remove /, dialog: "Remove member" },
  ],
  [`${ORG}/settings/teams/labeling-team?tab=apps`]: [
    { button: "Add App", dialog: "Add App" },
    { button: /^Remove /, dialog: "Remove app from team" },
  ],
  [`${APP}/settings`]: [{ button: "Delete app", dialog: "Delete app" }],
  [`${ORG}/settings/permission-groups`]: [{ button: "Create permission group", dialog: "Create permission group" }],
  [`${ORG}/settings/costs`]: [
    { button: "Set budget", dialog: "Set a monthly budget" },
    { button: "Edit plan", dialog: "Edit pricing plan" },
  ],
  [`${APP}/settings/teams`]: [{ button: "Add team", dialog: "Add team" }],
  [`${ORG}/settings/audit-log`]: [{ button: /^Details of /, dialog: /\S/ }],
  [`${APP}/settings/collaborators`]: [
    { button: "Add Collaborators", dialog: "Add Collaborators", expand: "ADVANCED SCOPES", check: ["Select All Scopes", "Selected endpoints only"] },
    { button: /^Edit scopes of /, dialog: /^Edit scopes of / },
  ],
  [`${APP}/settings/keys`]: [{ button: "Create API key", dialog: "Create API key", expand: "ADVANCED SCOPES" }],
  ["/settings/security"]: [
    { button: "Create token", dialog: "Create token", expand: "ADVANCED SCOPES" },
    { button: /^Revoke /, dialog: /^Revoke / },
  ],
  [COMPUTE]: [{ button: "Create Cluster", dialog: "Create Cluster" }],
  [`${COMPUTE}/clusters/demo-cluster`]: [
    { button: "Create Nodepool", dialog: "Create Nodepool" },
    { button: /^Edit cluster /, dialog: "Edit cluster" },
  ],
  [`${COMPUTE}/clusters/demo-cluster/nodepools/gpu-prod`]: [
    { button: "Deploy Model", dialog: "Deploy Model" },
    { button: /^Scale nodepool /, dialog: "Scale nodepool" },
    { button: /^Edit nodepool /, dialog: "Edit nodepool" },
    { button: /^Scale deployment /, dialog: "Scale deployment" },
  ],
  [`${COMPUTE}/environments`]: [
    { button: "Add environment", dialog: "Add environment" },
    { button: /^Rename /, dialog: "Rename environment" },
  ],
};

type Visit = { path: string; status: number; seconds: number };

function slug(path: string): string {
  return path.replace(/[^a-z0-9]+/gi, "-").replace(/^-+|-+$/g, "") || "home";
}

async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).options({ resultTypes: ["violations"] });
  if (include) builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(" | ")}`);
}

/**
 * The page's horizontal overflow at the current width, if any, with the likely culprits: elements
 * past the right edge that no scroll box clips (or that are positioned, so may escape one).
 */
async function horizontalOverflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    if (root.scrollWidth <= window.innerWidth) return null;
    // Clipped when a scroll box encloses the element's containing block (an absolute element's is its offsetParent).
    const clipped = (element: HTMLElement) => {
      const position = getComputedStyle(element).position;
      const containingBlock = position === "fixed" ? null : position === "absolute" ? element.offsetParent : element.parentElement;
      for (let ancestor = element.parentElement; containingBlock && ancestor && ancestor !== document.body; ancestor = ancestor.parentElement) {
        if (getComputedStyle(ancestor).overflowX !== "visible" && (ancestor === containingBlock || ancestor.contains(containingBlock))) return true;
      }
      return false;
    };
    const positioned = (element: HTMLElement) => ["absolute", "fixed"].includes(getComputedStyle(element).position);
    const past = (element: Element | null) => !!element && element.getBoundingClientRect().right > window.innerWidth + 0.5;
    const culprits = [...document.body.querySelectorAll<HTMLElement>("*")]
      .filter((element) => past(element) && !clipped(element) && (positioned(element) || !past(element.parentElement)))
      .slice(0, 3)
      .map((element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}.${[...element.classList].slice(0, 4).join(".")} "${(element.textContent ?? "").trim().slice(0, 40)}"`);
    return `scrollWidth ${root.scrollWidth} > ${window.innerWidth}: ${culprits.join("; ")}`;
  });
}

/** Waits for what the page loads after hydration (lists read through queries show "Loading…" first). */
async function settle(page: Page): Promise<void> {
  await expect(page.locator("main").getByText(/^Loading…$/)).toHaveCount(0);
}

async function checkDialogs(page: Page, path: string, findings: string[]): Promise<number> {
  let opened = 0;
  for (const entry of DIALOGS[path] ?? []) {
    const button = page.getByRole("button", typeof entry.button === "string" ? { name: entry.button, exact: true } : { name: entry.button });
    if ((await button.count()) === 0) {
      findings.push(`${path}: no "${String(entry.button)}" button`);
      continue;
    }
    await button.first().click();
    const dialog = page.getByRole("dialog", typeof entry.dialog === "string" ? { name: entry.dialog, exact: true } : { name: entry.dialog });
    await expect(dialog).toBeVisible();
    if (entry.expand) await dialog.getByRole("button", { name: entry.expand }).click();
    for (const label of entry.check ?? []) await dialog.getByLabel(label, { exact: true }).check();
    // Let an opening animation finish before measuring.
    await dialog.evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)));
    const box = await dialog.evaluate((element) => {
      const rect = element.getBoundingClientRect();
      return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom, scrollWidth: element.scrollWidth, clientWidth: element.clientWidth };
    });
    const inside = box.left >= 0 && box.top >= 0 && box.right <= PHONE.width && box.bottom <= PHONE.height;
    if (!inside) findings.push(`${path}: dialog "${entry.dialog}" at ${Math.round(box.left)},${Math.round(box.top)}–${Math.round(box.right)},${Math.round(box.bottom)} leaves the ${PHONE.width}×${PHONE.height} viewport`);
    if (box.scrollWidth > box.clientWidth + 1) findings.push(`${path}: dialog "${entry.dialog}" scrolls sideways (${box.scrollWidth} > ${box.clientWidth})`);
    const overflow = await horizontalOverflow(page);
    if (overflow) findings.push(`${path}: with dialog "${entry.dialog}" open, ${overflow}`);
    for (const violation of await seriousViolations(page, '[role="dialog"], dialog[open]')) findings.push(`${path}: dialog "${entry.dialog}": ${violation}`);
    await page.screenshot({ path: test.info().outputPath(`${slug(path)}-dialog-${slug(String(entry.dialog))}-390.png`) });
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    opened += 1;
  }
  return opened;
}

/**
 * Visits each path at 1280 px and at 390 px: axe at 1280 px (and at 390 px when asked), the 390 px
 * overflow check, screenshots at both widths, and (when asked) the dialogs the page offers.
 */
async function checkPages(page: Page, persona: string, paths: readonly string[], testInfo: TestInfo, options: { dialogs?: boolean; axeAtPhoneWidth?: boolean } = {}): Promise<Visit[]> {
  const findings: string[] = [];
  const visits: Visit[] = [];
  let dialogs = 0;
  for (const path of paths) {
    const started = Date.now();
    await page.setViewportSize(WIDE);
    const response = await page.goto(path);
    const status = response?.status() ?? 0;
    if (![200, 403, 404].includes(status)) findings.push(`${path}: answered ${status}`);
    await expect(page.getByRole("heading", { level: 1 }).first(), `${path} has a main heading`).toBeVisible();
    await settle(page);
    for (const violation of await seriousViolations(page)) findings.push(`${path} @1280: ${violation}`);
    await page.screenshot({ path: testInfo.outputPath(`${slug(path)}-1280.png`), fullPage: true });

    await page.setViewportSize(PHONE);
    // Two frames, for what re-measures itself on resize (charts) to render at the new width.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const overflow = await horizontalOverflow(page);
    if (overflow) findings.push(`${path} @390: ${overflow}`);
    if (options.axeAtPhoneWidth) for (const violation of await seriousViolations(page)) findings.push(`${path} @390: ${violation}`);
    await page.screenshot({ path: testInfo.outputPath(`${slug(path)}-390.png`), fullPage: true });
    if (options.dialogs) dialogs += await checkDialogs(page, path, findings);
    visits.push({ path, status, seconds: (Date.now() - started) / 1000 });
  }
  await testInfo.attach(`${persona} pages`, { body: JSON.stringify({ persona, visits, dialogs, findings }, null, 2), contentType: "application/json" });
  expect.soft(findings, `${persona}: accessibility and 390 px findings`).toEqual([]);
  return visits;
}

async function personaPage(browser: Browser, email: string, password?: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, viewport: WIDE });
  const page = await context.newPage();
  await signInAs(page, email, password);
  return page;
}

// The Admin pass visits every page at two widths with every dialog open; it grows with the console.
test.describe.configure({ timeout: 480_000 });
// The findings and screenshots say what went wrong; a trace of some 200 page visits would only slow the run.
test.use({ trace: "off" });

test("signed-out pages", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: WIDE });
  const page = await context.newPage();
  const visits = await checkPages(page, "signed out", SIGNED_OUT_PAGES, testInfo, { axeAtPhoneWidth: true });
  expect(visits.map((visit) => visit.status)).toEqual(SIGNED_OUT_PAGES.map(() => 200));
  await context.close();
});

test("Admin: every page and every dialog", async ({ browser }, testInfo) => {
  const page = await personaPage(browser, PERSONAS.admin);
  const visits = await checkPages(page, "Admin", [...MEMBER_PAGES, SANDBOX, `${SANDBOX}/settings/collaborators`], testInfo, { dialogs: true, axeAtPhoneWidth: true });
  // The Admin opens everything: a page answering otherwise means the list went stale.
  expect(visits.filter((visit) => visit.status !== 200)).toEqual([]);
  // A closed month's statement: the demo data holds some sixty days of usage.
  await page.goto(`${ORG}/settings/costs`);
  const statementLink = page.locator('a[href*="/settings/costs/statements/"]:not([href$="/csv"])').first();
  await expect(statementLink).toBeVisible();
  await checkPages(page, "Admin (statement)", [(await statementLink.getAttribute("href"))!], testInfo, { dialogs: true, axeAtPhoneWidth: true });
  await page.context().close();
});

for (const [role, email] of [
  ["Financial Manager", PERSONAS.finance],
  ["Organization Contributor", PERSONAS.contributor],
  ["Organization User", PERSONAS.user],
  ["Team Contributor", PERSONAS.teamContributor],
  ["Infrastructure Manager", PERSONAS.infra],
] as const) {
  test(`${role}: every page`, async ({ browser }, testInfo) => {
    const page = await personaPage(browser, email);
    const visits = await checkPages(page, role, MEMBER_PAGES, testInfo);
    // Members reach the organization's own pages; only some sections answer 403.
    expect(visits.find((visit) => visit.path === ORG)?.status).toBe(200);
    expect(visits.find((visit) => visit.path === `${ORG}/settings/members`)?.status).toBe(200);
    await page.context().close();
  });
}

test("collaborator from outside the organization: the apps shared with them", async ({ browser }, testInfo) => {
  const page = await personaPage(browser, "partner@demo.example");
  const visits = await checkPages(page, "Collaborator", COLLABORATOR_PAGES, testInfo, { axeAtPhoneWidth: true });
  expect(visits.find((visit) => visit.path === ORG)?.status).toBe(404);
  expect(visits.find((visit) => visit.path === APP)?.status).toBe(200);
  expect(visits.find((visit) => visit.path === SANDBOX)?.status).toBe(200);
  await page.context().close();
});

test("outsider with an unverified address: own pages, and the organization's answer 404", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: WIDE });
  const page = await context.newPage();
  const id = uniqueSuffix();
  const person = { handle: `outsider-${id}`, name: `Outsider ${id.slice(-4)}`, email: `outsider-${id}@example.test` };
  await signUpAs(page, person);
  await signInAs(page, person.email, NEW_USER_PASSWORD);
  const visits = await checkPages(page, "Outsider", OUTSIDER_PAGES, testInfo, { axeAtPhoneWidth: true });
  expect(visits.filter((visit) => visit.path.startsWith(ORG)).map((visit) => visit.status)).toEqual([404, 404, 404]);
  await context.close();
});
