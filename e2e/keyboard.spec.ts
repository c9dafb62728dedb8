import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD, PERSONAS, newPerson, uniqueSuffix } from "./support/session";

// The main tasks done with the keyboard alone — Tab, Shift+Tab, Enter, Space, Escape and the arrow
// keys — from signing in to the result on the page: no click, no fill. Each step checks where focus
// went: into a dialog when it opens, back to its button when it closes.

/** Presses Tab (or Shift+Tab) until `target` has focus; fails if it never does. */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 120 }: { backwards?: boolean; max?: number } = {}): Promise<void> {
  await expect(target).toBeVisible();
  for (let presses = 0; presses < max; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  await expect(target, `reached with ${backwards ? "Shift+Tab" : "Tab"}`).toBeFocused();
}

/** Presses an arrow key until `target` has focus (menus, radio groups). */
async function arrowTo(page: Page, target: Locator, key: "ArrowDown" | "ArrowUp", max = 15): Promise<void> {
  for (let presses = 0; presses < max; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(key);
  }
  await expect(target, `reached with ${key}`).toBeFocused();
}

async function signInByKeyboard(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
}

test("an Admin invites two members with the keyboard", async ({ page }) => {
  const id = uniqueSuffix();
  const emails = [`kb-first-${id}@example.test`, `kb-second-${id}@example.test`];
  await signInByKeyboard(page, PERSONAS.admin);

  // User menu → the organization's Members entry, with the arrow keys.
  const userMenu = page.getByRole("button", { name: "User menu" });
  await page.goto("/demo-org");
  await tabTo(page, userMenu);
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await arrowTo(page, menu.getByRole("menuitem", { name: "Members" }), "ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();

  const invite = page.getByRole("button", { name: "Invite Members" });
  await tabTo(page, invite);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Invite Members" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Email addresses")).toBeFocused();
  await page.keyboard.type(emails.join(", "));

  // Into the role radios (on the checked one), then the arrow keys pick Organization Contributor.
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("radio", { name: /^Organization User/ })).toBeFocused();
  const contributor = dialog.getByRole("radio", { name: /^Organization Contributor/ });
  await arrowTo(page, contributor, "ArrowUp");
  await expect(contributor).toBeChecked();

  await tabTo(page, dialog.getByRole("button", { name: "Confirm" }));
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Invitations sent to ${emails.join(", ")}.`)).toBeVisible();
  await expect(invite).toBeFocused();

  // The pending list, reached by keyboard too, shows both with the chosen role.
  await tabTo(page, page.getByRole("link", { name: "Pending invitations" }));
  await page.keyboard.press("Enter");
  const pending = page.getByRole("table", { name: "Pending invitations" });
  for (const email of emails) await expect(pending.getByRole("row", { name: new RegExp(email) })).toContainText("Organization Contributor");
});

test("an Admin adds a collaborator with advanced scopes with the keyboard", async ({ page, browser }) => {
  // The collaborator-to-be signs up in another context (setup, not under test).
  const setup = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const person = await newPerson(await setup.newPage(), "kb-collaborator");
  await setup.close();

  await signInByKeyboard(page, PERSONAS.admin);
  await page.goto("/demo-admin/sandbox/settings");
  await tabTo(page, page.getByRole("navigation", { name: "App settings" }).getByRole("link", { name: "Collaborators" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings\/collaborators$/);

  const add = page.getByRole("button", { name: "Add Collaborators" });
  await tabTo(page, add);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Add Collaborators" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(person.email);

  // ADVANCED SCOPES opens with Space; its search narrows the list; Space ticks a scope.
  const advancedToggle = dialog.getByRole("button", { name: "ADVANCED SCOPES" });
  await tabTo(page, advancedToggle);
  await page.keyboard.press("Space");
  await expect(advancedToggle).toHaveAttribute("aria-expanded", "true");
  const advanced = dialog.getByRole("group", { name: "ADVANCED SCOPES" });
  const search = advanced.getByRole("searchbox", { name: "Search scopes" });
  await page.keyboard.press("Tab");
  await expect(search).toBeFocused();
  for (const scope of ["Inputs:Get", "Concepts:Get"]) {
    // Back from the scope ticked last, over the one match, to the search.
    await tabTo(page, search, { backwards: true, max: 3 });
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type(scope);
    await page.keyboard.press("Tab");
    const checkbox = advanced.getByRole("checkbox", { name: new RegExp(`^${scope} `) });
    await expect(checkbox).toBeFocused();
    await page.keyboard.press("Space");
    await expect(checkbox).toBeChecked();
  }

  await tabTo(page, dialog.getByRole("button", { name: "Confirm" }));
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(add).toBeFocused();
  const row = page.getByRole("row", { name: new RegExp(person.name) });
  await expect(row).toContainText("Inputs:Get");
  await expect(row).toContainText("Concepts:Get");
});

test("a person creates and revokes a personal access token with the keyboard", async ({ page }) => {
  const name = `keyboard ${uniqueSuffix()}`;
  await signInByKeyboard(page, PERSONAS.infra);

  const userMenu = page.getByRole("button", { name: "User menu" });
  await tabTo(page, userMenu);
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await arrowTo(page, menu.getByRole("menuitem", { name: "Security & access tokens" }), "ArrowDown");
  // Escape closes the menu and gives focus back to its button; Enter opens it again.
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(userMenu).toBeFocused();
  await page.keyboard.press("Enter");
  await arrowTo(page, menu.getByRole("menuitem", { name: "Security & access tokens" }), "ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();

  const create = page.getByRole("button", { name: "Create token" });
  await tabTo(page, create);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Create token" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Name", { exact: true })).toBeFocused();
  await page.keyboard.type(name);
  const predict = dialog.getByRole("group", { name: "BASIC SCOPES" }).getByRole("checkbox", { name: /^Predict/ });
  await tabTo(page, predict);
  await page.keyboard.press("Space");
  await expect(predict).toBeChecked();
  await tabTo(page, dialog.getByRole("button", { name: "Create token" }));
  await page.keyboard.press("Enter");

  const secret = dialog.getByLabel("New token");
  await expect(secret).toHaveText(/^acpat_\w+$/);
  const hint = ((await secret.textContent()) ?? "").trim().slice(-4);
  await tabTo(page, dialog.getByRole("button", { name: "Done" }));
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(`acpat_…${hint}`);
  await expect(row).toContainText("Active");

  const revoke = page.getByRole("button", { name: `Revoke ${name}` });
  await tabTo(page, revoke);
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("dialog", { name: "Revoke token?" });
  await expect(confirm).toBeVisible();
  // Focus starts inside the confirmation; Escape backs out and returns to the Revoke button.
  await expect(confirm.locator(":focus")).toHaveCount(1);
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(revoke).toBeFocused();
  await page.keyboard.press("Enter");
  await tabTo(page, confirm.getByRole("button", { name: "Revoke token" }));
  await page.keyboard.press("Enter");
  await expect(row).toContainText("Revoked");
  await expect(revoke).toHaveCount(0);
  // The button that opened the dialog is gone: focus goes to the page's heading, not to nowhere.
  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeFocused();
});
