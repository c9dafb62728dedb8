import { expect, test, type Browser, type Page } from "@playwright/test";
import { firstLink, waitForMail } from "./support/mailbox";
import { callServerAction } from "./support/server-actions";
import { DEMO_PASSWORD, NEW_USER_PASSWORD, PERSONAS, formAlert, newPerson, signIn, signInAs, uniqueSuffix } from "./support/session";

// The account basics end to end, with real mail from the local SMTP server: resetting a forgotten
// password, changing it, signing out everywhere, and moving to a new email address — which
// counts for nothing (sign-in, grants) until its link is followed.

const RESET_PASSWORD = "reset-horse-77";
const CHANGED_PASSWORD = "changed-horse-88";

/** Another browser signed in as `email`: a second session of the same account. */
async function anotherSession(browser: Browser, email: string, password = NEW_USER_PASSWORD): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await signInAs(page, email, password);
  return page;
}

async function anonymous(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
}

async function expectSignedOut(page: Page, path = "/") {
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
}

async function expectSignedIn(page: Page) {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
}

test("password reset by email: same answer for any address, the link works once, and it signs out every other session", async ({ page, browser }) => {
  const person = await newPerson(page, "resetter");
  const other = await anotherSession(browser, person.email);

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();

  // An address without an account is answered exactly like one with.
  const unknown = `nobody-${uniqueSuffix()}@example.test`;
  await page.getByLabel("Email").fill(unknown);
  await page.getByRole("button", { name: "Send reset link" }).click();
  const unknownAnswer = await page.getByRole("status").filter({ hasText: "If an account uses" }).innerText();
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(person.email.toUpperCase());
  await page.getByRole("button", { name: "Send reset link" }).click();
  const knownAnswer = await page.getByRole("status").filter({ hasText: "If an account uses" }).innerText();
  expect(knownAnswer).toBe(unknownAnswer.replace(unknown, person.email));

  const link = firstLink((await waitForMail(person.email, /^Reset your password$/)).text, "/reset-password?token=");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  // A refused password changes nothing and keeps the link.
  await page.getByLabel("New password").fill("onlyletters");
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByText("Password must mix letters with digits or symbols.")).toBeVisible();
  await expectSignedIn(other);

  await page.goto(link);
  await page.getByLabel("New password").fill(RESET_PASSWORD);
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByText(`The password of ${person.email} was reset, and every session of the account was signed out.`)).toBeVisible();
  await waitForMail(person.email, /^Your password was changed$/);

  // The other session ends on its next request.
  await expectSignedOut(other, "/settings/security");

  // The link works once.
  await page.goto(link);
  await expect(page.getByText("This password reset link is not valid, has expired or was already used.")).toBeVisible();
  await expect(page.getByLabel("New password")).toHaveCount(0);

  await signIn(page, person.email, NEW_USER_PASSWORD);
  await expect(formAlert(page)).toContainText("Incorrect email or password.");
  await signInAs(page, person.email, RESET_PASSWORD);
});

test("changing the password keeps this session and ends the others; a wrong current password changes nothing", async ({ page, browser }) => {
  const person = await newPerson(page, "changer");
  await signInAs(page, person.email, NEW_USER_PASSWORD);
  const other = await anotherSession(browser, person.email);

  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Security & access tokens" }).click();
  const form = page.getByRole("form", { name: "Password" });
  await form.getByLabel("Current password").fill("wrong-password-1");
  await form.getByLabel("New password").fill(CHANGED_PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("Incorrect password.")).toBeVisible();
  await form.getByLabel("Current password").fill(NEW_USER_PASSWORD);
  await form.getByLabel("New password").fill("short-1");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("Password must be at least 10 characters.")).toBeVisible();
  // Nothing changed: the other session goes on, the old password still signs in.
  await expectSignedIn(other);

  await form.getByLabel("Current password").fill(NEW_USER_PASSWORD);
  await form.getByLabel("New password").fill(CHANGED_PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("Your password was changed.")).toBeVisible();

  await expectSignedOut(other);
  // This session was re-issued and stays signed in.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
  await expectSignedIn(page);

  const fresh = await anonymous(browser);
  await signIn(fresh, person.email, NEW_USER_PASSWORD);
  await expect(formAlert(fresh)).toContainText("Incorrect email or password.");
  await signInAs(fresh, person.email, CHANGED_PASSWORD);
});

test("sign out everywhere ends every other session on its next request, and a forged renewal does not revive it", async ({ page, browser }) => {
  const person = await newPerson(page, "leaver");
  await signInAs(page, person.email, NEW_USER_PASSWORD);
  const other = await anotherSession(browser, person.email);
  await other.goto("/settings/profile");
  await expect(other.getByLabel("Full name")).toHaveValue(person.name);

  await page.goto("/settings/security");
  await expect(page.getByRole("heading", { name: "Sign out everywhere" })).toBeVisible();
  await page.getByRole("button", { name: "End other sessions" }).click();
  const dialog = page.getByRole("dialog", { name: "Sign out everywhere?" });
  await dialog.getByRole("button", { name: "Sign out other sessions" }).click();
  await expect(page.getByText("Every other session of your account was signed out.")).toBeVisible();

  // The other session's next request — a server action from the page it still shows — is refused.
  const call = await callServerAction(other, "lib/actions/account-settings.ts", "updateProfileAction", [{ name: "Hijacked" }]);
  expect(call.body).toContain('"code":"unauthenticated"');

  // Its token cannot be moved to the new session version through next-auth's update endpoint.
  const revived = await other.evaluate(async () => {
    const session = (await (await fetch("/api/auth/session")).json()) as { user?: { id?: string; sessionVersion?: number } } | null;
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const from = session?.user?.sessionVersion ?? 0;
    const renewal = { userId: session?.user?.id, from, to: from + 1, proof: "forged" };
    const response = await fetch("/api/auth/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ csrfToken, data: { renewal } }) });
    return { status: response.status, userId: session?.user?.id };
  });
  expect(revived.userId).toBeTruthy();
  await expectSignedOut(other, "/settings/profile");

  // This session stays, and nothing was changed by the refused call.
  await page.goto("/settings/profile");
  await expect(page.getByLabel("Full name")).toHaveValue(person.name);
  await signInAs(other, person.email, NEW_USER_PASSWORD);
});

test("signing out everywhere or changing the password from another page keeps this browser signed in", async ({ page, browser }) => {
  const person = await newPerson(page, "elsewhere");
  await signInAs(page, person.email, NEW_USER_PASSWORD);
  const other = await anotherSession(browser, person.email);

  // Posted from pages that do not show these forms, as a form elsewhere (or a script) would.
  await page.goto("/settings/profile");
  const ended = await callServerAction(page, "lib/actions/account-settings.ts", "signOutEverywhereAction", [{}]);
  expect(ended.body).toContain('"ok":true');
  await expectSignedOut(other);
  await expectSignedIn(page);

  await page.goto("/");
  const changed = await callServerAction(page, "lib/actions/account-settings.ts", "changePasswordAction", [{ currentPassword: NEW_USER_PASSWORD, newPassword: CHANGED_PASSWORD }]);
  expect(changed.body).toContain('"ok":true');
  await expectSignedIn(page);
  await page.goto("/settings/profile");
  await expect(page.getByLabel("Full name")).toHaveValue(person.name);
});

test("a new email address is re-verified before it signs in or receives grants", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const person = await newPerson(page, "mover");
  const newEmail = `moved-${uniqueSuffix()}@example.test`;
  await signInAs(page, person.email, NEW_USER_PASSWORD);
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Profile" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();

  // The name.
  await page.getByLabel("Full name").fill(" ");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Name is required.")).toBeVisible();
  await page.getByLabel("Full name").fill(`${person.name} Renamed`);
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText(`Your name is now ${person.name} Renamed.`)).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Full name")).toHaveValue(`${person.name} Renamed`);

  // Bad input changes nothing.
  await page.getByLabel("New email address").fill("not-an-email");
  await page.getByLabel("Current password").fill(NEW_USER_PASSWORD);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await page.getByLabel("New email address").fill(newEmail);
  await page.getByLabel("Current password").fill("wrong-password-1");
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByText("Incorrect password.")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Waiting for confirmation")).toHaveCount(0);

  await page.getByLabel("New email address").fill(newEmail);
  await page.getByLabel("Current password").fill(NEW_USER_PASSWORD);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByText(`We sent a link to ${newEmail}.`)).toBeVisible();
  await expect(page.getByText(`Waiting for confirmation of ${newEmail}`)).toBeVisible();
  await waitForMail(person.email, /email address is being changed/);

  // Unverified, the new address signs nobody in; the current one still does.
  const fresh = await anonymous(browser);
  await signIn(fresh, newEmail, NEW_USER_PASSWORD);
  await expect(formAlert(fresh)).toContainText("Incorrect email or password.");
  await signInAs(fresh, person.email, NEW_USER_PASSWORD);

  // A grant addressed to it does not reach the account: there is no account with that address yet,
  // and the invitation it gets cannot be accepted from the account until the address is verified.
  const admin = await anotherSession(browser, PERSONAS.admin, DEMO_PASSWORD);
  await admin.goto("/demo-admin/sandbox/settings/collaborators");
  await admin.getByRole("button", { name: "Add Collaborators" }).click();
  const add = admin.getByRole("dialog", { name: "Add Collaborators" });
  await add.getByLabel("Email").fill(newEmail);
  await add.getByRole("checkbox", { name: "Select All Scopes" }).check();
  await add.getByRole("button", { name: "Confirm" }).click();
  await expect(add.getByText("No account uses this email.")).toBeVisible();
  await add.getByRole("button", { name: "Send an invitation to sign up" }).click();
  await expect(add.getByText(`An invitation to sign up was sent to ${newEmail}.`)).toBeVisible();
  const invitation = firstLink((await waitForMail(newEmail, /invited to collaborate/)).text, "/collaborate/");
  await page.goto(invitation);
  await expect(page.getByText(`This invitation was sent to ${newEmail}, but you are signed in as ${person.email}.`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);

  // Following the mailed link moves the account to the new address.
  const confirm = firstLink((await waitForMail(newEmail, /Confirm your new email address/)).text, "/verify-email?token=");
  await page.goto(confirm);
  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(page.getByText(`${newEmail} is verified.`)).toBeVisible();
  await page.goto(invitation);
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(/\/demo-admin\/sandbox$/);
  await page.goto("/settings/profile");
  await expect(page.getByText(`You sign in with ${newEmail} (verified).`)).toBeVisible();

  const later = await anonymous(browser);
  await signIn(later, person.email, NEW_USER_PASSWORD);
  await expect(formAlert(later)).toContainText("Incorrect email or password.");
  await signInAs(later, newEmail, NEW_USER_PASSWORD);
});
