import { expect, test, type Page } from "@playwright/test";
import { firstLink, waitForMail } from "./support/mailbox";
import { callServerAction } from "./support/server-actions";
import { PERSONAS, formAlert, signIn as signInWith, signInAs, uniqueSuffix } from "./support/session";

const PASSWORD = "correct-horse-42";

async function signUp(page: Page, person: { handle: string; name: string; email: string; password?: string }) {
  await page.goto("/sign-up");
  await page.getByLabel("User ID").fill(person.handle);
  await page.getByLabel("Full name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password ?? PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
}

const signIn = (page: Page, email: string, password = PASSWORD) => signInWith(page, email, password);

async function createOrganization(page: Page, handle: string, name: string) {
  await page.getByRole("button", { name: "Switch account or organization" }).click();
  await page.getByRole("menuitem", { name: "Create organization" }).click();
  const dialog = page.getByRole("dialog", { name: "Create organization" });
  await dialog.getByLabel("Organization ID").fill(handle);
  await dialog.getByLabel("Organization name").fill(name);
  await dialog.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${handle}$`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("a new person signs up, verifies the email, signs in, creates and switches organizations, and signs out", async ({ page }) => {
  const id = uniqueSuffix();
  const person = { handle: `ada-${id}`, name: "Ada Lovelace", email: `ada-${id}@example.test` };

  await signUp(page, person);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  const mail = await waitForMail(person.email, /verify your email/i);
  const link = firstLink(mail.text, "/verify-email?token=");
  await page.goto(link);
  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(page.getByText(`${person.email} is verified.`)).toBeVisible();

  // The same link cannot be used twice.
  await page.goto(link);
  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(formAlert(page)).toContainText("not valid, has expired or was already used");

  await signIn(page, person.email);
  await expect(page.getByRole("heading", { name: `Welcome, ${person.name}` })).toBeVisible();
  await expect(page.getByText("You are not in any organization yet.")).toBeVisible();

  await createOrganization(page, `acme-${id}`, "Acme Vision");
  await expect(page.getByText("Admin", { exact: true })).toBeVisible();
  await createOrganization(page, `globex-${id}`, "Globex Labs");

  // Switch back to the first organization through the switcher.
  await page.getByRole("button", { name: "Switch account or organization" }).click();
  await page.getByRole("menu", { name: "Switch account or organization" }).getByRole("menuitem", { name: /Acme Vision/ }).click();
  await expect(page).toHaveURL(new RegExp(`/acme-${id}$`));
  await expect(page.getByTestId("current-account")).toHaveText("Acme Vision");

  // An organization handle is taken for users too (one namespace).
  await page.getByRole("button", { name: "Switch account or organization" }).click();
  await page.getByRole("menuitem", { name: "Create organization" }).click();
  const dialog = page.getByRole("dialog", { name: "Create organization" });
  await dialog.getByLabel("Organization ID").fill(person.handle);
  await dialog.getByLabel("Organization name").fill("Clash");
  await dialog.getByRole("button", { name: "Create organization" }).click();
  await expect(dialog.getByText("already taken by a user or an organization")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto(`/acme-${id}`);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
});

test("sign-up refuses bad input with messages on the form and creates nothing", async ({ page }) => {
  const id = uniqueSuffix();
  await signUp(page, { handle: "bad handle!", name: "Bad", email: "not-an-email", password: "short" });
  await expect(page.getByText("Use letters, digits, '-' and '_' only")).toBeVisible();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Password must be at least 10 characters.")).toBeVisible();
  // What was typed stays, so it can be corrected.
  await expect(page.getByLabel("User ID")).toHaveValue("bad handle!");
  await expect(page.getByLabel("Full name")).toHaveValue("Bad");

  // A taken handle (the demo admin's) in any letter case: user IDs are public, so this is said.
  await signUp(page, { handle: "Demo-Admin", name: "Copycat", email: `copycat-${id}@example.test` });
  await expect(page.getByText("This user ID is already taken.")).toBeVisible();

  // Reserved words collide with the console's routes.
  await signUp(page, { handle: "settings", name: "Route", email: `route-${id}@example.test` });
  await expect(page.getByText("reserved by the console")).toBeVisible();

  // None of these attempts left an account behind: signing in fails identically.
  await signIn(page, `route-${id}@example.test`);
  await expect(formAlert(page)).toHaveText("Incorrect email or password.");
});

test("sign-up does not tell whether an address has an account: same page, and a notice to the address", async ({ page }) => {
  const id = uniqueSuffix();
  const email = `taken-${id}@example.test`;
  await signUp(page, { handle: `first-${id}`, name: "First", email });
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const confirmation = page.getByRole("status").filter({ hasText: "We sent a verification link" });
  const fresh = await confirmation.innerText();

  // The same address again, in another letter case, under another user ID.
  await signUp(page, { handle: `second-${id}`, name: "Second", email: email.toUpperCase() });
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  expect(await confirmation.innerText()).toBe(fresh);

  const notice = await waitForMail(email, /someone tried to create an account/i);
  expect(notice.text).toContain("/sign-in");
  expect(notice.text).toContain("/forgot-password");
  // No second account exists: the second user ID is still free.
  await signUp(page, { handle: `second-${id}`, name: "Second", email: `other-${id}@example.test` });
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
});

test("wrong password and unknown account get the same message", async ({ page }) => {
  await signIn(page, "admin@demo.example", "wrong-password-1");
  await expect(formAlert(page)).toHaveText("Incorrect email or password.");
  await signIn(page, `nobody-${uniqueSuffix()}@example.test`, "wrong-password-1");
  await expect(formAlert(page)).toHaveText("Incorrect email or password.");
});

test("an organization the user does not belong to answers 404", async ({ page }) => {
  const id = uniqueSuffix();
  const person = { handle: `eve-${id}`, name: "Eve", email: `eve-${id}@example.test` };
  await signUp(page, person);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await signIn(page, person.email);
  await expect(page.getByText(`Verify ${person.email}`, { exact: false })).toBeVisible();
  const response = await page.goto("/demo-org");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("the create-organization action validates input when called directly", async ({ page }) => {
  await signInAs(page, PERSONAS.user);
  const response = await callServerAction(page, "lib/actions/organizations.ts", "createOrganizationAction", [{ handle: "../../etc", name: "x" }]);
  expect(response.body).toContain('"code":"invalid_input"');
  expect((await page.goto("/etc"))?.status()).toBe(404);
});
