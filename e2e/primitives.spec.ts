import { expect, test } from "@playwright/test";
import { PERSONAS, signInAs, uniqueSuffix } from "./support/session";

// The shared interface pieces: menus, dialogs holding a secret, sortable tables, dates, toasts.

test("the user menu is a menu: arrow keys, typeahead, Escape and focus back on its button", async ({ page }) => {
  await signInAs(page, PERSONAS.admin);
  await page.goto("/demo-org");
  const button = page.getByRole("button", { name: "User menu" });
  await button.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: "User menu" });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitem", { name: "Members", exact: true })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Teams", exact: true })).toBeFocused();
  // Typeahead: "Si" moves to Sign out, past Security & access tokens.
  await page.keyboard.type("Si");
  await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
  await page.keyboard.press("Home");
  await expect(menu.getByRole("menuitem", { name: "Members", exact: true })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();

  // Enter on an entry follows it.
  await page.keyboard.press("Enter");
  await expect(menu.getByRole("menuitem", { name: "Members", exact: true })).toBeFocused();
  await page.keyboard.type("Pro");
  await expect(menu.getByRole("menuitem", { name: "Profile" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings\/profile$/);
});

test("a dialog showing a secret ignores stray clicks, asks before closing, and the list is fresh after Escape", async ({ page }) => {
  await signInAs(page, PERSONAS.infra);
  await page.goto("/settings/security");
  const name = `escape ${uniqueSuffix()}`;
  const open = page.getByRole("button", { name: "Create token" });
  await open.click();
  const dialog = page.getByRole("dialog", { name: "Create token" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  // Unsaved input survives a click outside too.
  await page.mouse.click(4, 4);
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue(name);
  await dialog.getByRole("group", { name: "BASIC SCOPES" }).getByLabel(/^Predict/).check();
  await dialog.getByRole("button", { name: "Create token" }).click();
  const secret = dialog.getByLabel("New token");
  await expect(secret).toHaveText(/^acpat_/);

  await page.mouse.click(4, 4);
  await expect(secret).toBeVisible();

  await page.keyboard.press("Escape");
  const ask = page.getByRole("alertdialog", { name: "Close this dialog?" });
  await expect(ask).toContainText("The secret will not be shown again. Close anyway?");
  await ask.getByRole("button", { name: "Keep open" }).click();
  await expect(ask).toBeHidden();
  await expect(secret).toBeVisible();

  await dialog.getByRole("button", { name: "Close dialog" }).click();
  await ask.getByRole("button", { name: "Close anyway" }).click();
  await expect(dialog).toBeHidden();
  // The new token is listed without a reload, and focus is back where the person was.
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Active");
  await expect(open).toBeFocused();
});

test("list tables sort by a header button and say so with aria-sort; dates read relative with the UTC time on hover", async ({ page }) => {
  await signInAs(page, PERSONAS.admin);
  await page.goto("/demo-org/settings/members");
  const table = page.getByRole("table", { name: "Organization members" });
  const emailHeader = table.getByRole("columnheader", { name: "Email" });
  await expect(emailHeader).not.toHaveAttribute("aria-sort");
  await emailHeader.getByRole("button", { name: "Email" }).click();
  await expect(emailHeader).toHaveAttribute("aria-sort", "ascending");
  const emails = async () => (await table.locator("tbody tr td:nth-of-type(1)").allInnerTexts()).map((text) => text.trim());
  const ascending = await emails();
  expect(ascending.length).toBeGreaterThan(1);
  expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base", numeric: true })));
  await emailHeader.getByRole("button", { name: "Email" }).click();
  await expect(emailHeader).toHaveAttribute("aria-sort", "descending");
  expect(await emails()).toEqual([...ascending].reverse());

  const joined = table.locator("tbody tr").first().locator("time");
  await expect(joined).toHaveAttribute("title", /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M UTC$/);
  await expect(joined).toHaveText(/ago$|^now$|^yesterday$|^last (week|month|year)$/);
});
