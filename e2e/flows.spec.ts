import { expect, test, type Browser, type Page } from "@playwright/test";
import { SMTP_SINK_HTTP, firstLink, waitForMail } from "./support/mailbox";
import { callServerAction } from "./support/server-actions";
import { NEW_USER_PASSWORD, PERSONAS, newPerson, signInAs, signOut, uniqueSuffix } from "./support/session";

// The flows testers found missing or silent: confirming before a pending invitation's role is
// replaced and before an app changes owner, pending collaborator invitations with resend and
// rescind, an invitation's return path through sign-up and a later verification, labels and menus
// as the seeds name them, and demo data on every page.

const ORG = "demo-org";

async function personaPage(browser: Browser, email: string): Promise<Page> {
  const page = await browser.newPage();
  await signInAs(page, email);
  return page;
}

/** A browser with nobody signed in. */
async function anonymousPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  return context.newPage();
}

async function createOrganization(page: Page, handle: string, name: string) {
  await page.getByRole("button", { name: "Switch account or organization" }).click();
  await page.getByRole("menuitem", { name: "Create organization" }).click();
  const dialog = page.getByRole("dialog", { name: "Create organization" });
  await dialog.getByLabel("Organization ID").fill(handle);
  await dialog.getByLabel("Organization name").fill(name);
  await dialog.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

async function openInviteDialog(page: Page, orgHandle: string) {
  await page.goto(`/${orgHandle}/settings/members`);
  await page.getByRole("button", { name: "Invite Members" }).click();
  return page.getByRole("dialog", { name: "Invite Members" });
}

async function createPersonalApp(page: Page, appId: string, name: string) {
  await page.goto("/");
  await page.getByRole("button", { name: "Create App" }).click();
  const dialog = page.getByRole("dialog", { name: "Create App" });
  await dialog.getByLabel("App ID").fill(appId);
  await dialog.getByLabel("App name").fill(name);
  await dialog.getByRole("button", { name: "Create app" }).click();
  await expect(page).toHaveURL(new RegExp(`/demo-admin/${appId}$`));
}

/** How many mails to `to` from this project's server the local SMTP server has received. */
async function mailCount(to: string): Promise<number> {
  const baseURL = String(test.info().project.use.baseURL ?? "");
  const messages = (await (await fetch(`${SMTP_SINK_HTTP}/messages`)).json()) as { to: string[]; text: string }[];
  return messages.filter((m) => m.to.includes(to.toLowerCase()) && m.text.includes(baseURL)).length;
}

test("re-inviting a pending address with another role asks first; without confirmation the pending role stays", async ({ browser }) => {
  const id = uniqueSuffix();
  const orgHandle = `reinvite-${id}`;
  const orgName = `Reinvite ${id}`;
  const email = `pending-${id}@example.test`;
  const admin = await personaPage(browser, PERSONAS.admin);
  await createOrganization(admin, orgHandle, orgName);

  let dialog = await openInviteDialog(admin, orgHandle);
  await dialog.getByLabel("Email addresses").fill(email);
  await dialog.getByRole("radio", { name: /^Team Contributor \(select apps\)/ }).check();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  const firstLinkSent = firstLink((await waitForMail(email, new RegExp(`invited you to join ${orgName}`))).text, "/invitations/");
  const mailsBefore = await mailCount(email);

  // Inviting again as Organization User: the dialog asks, naming both roles, and nothing is sent yet.
  dialog = await openInviteDialog(admin, orgHandle);
  await dialog.getByLabel("Email addresses").fill(email);
  await dialog.getByRole("radio", { name: /^Organization User \(all apps\)/ }).check();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByText(`${email} already has a pending invitation as Team Contributor; replace it with Organization User?`)).toBeVisible();
  await dialog.getByRole("button", { name: "Keep pending invitation" }).click();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await admin.goto(`/${orgHandle}/settings/members?tab=invitations`);
  const row = admin.getByRole("table", { name: "Pending invitations" }).getByRole("row", { name: new RegExp(email) });
  await expect(row).toContainText("Team Contributor (select apps)");
  expect(await mailCount(email)).toBe(mailsBefore);
  await admin.goto(firstLinkSent);
  await expect(admin.getByRole("heading", { name: "This invitation is for another account" })).toBeVisible();

  // The server refuses the replacement too when it is not confirmed, and nothing changes.
  await admin.goto(`/${orgHandle}/settings/members`);
  const unconfirmed = await callServerAction(admin, "lib/actions/invitations.ts", "inviteMembersAction", [{ org: orgHandle, emails: email, role: "Admin" }]);
  expect(unconfirmed.body).toContain('"code":"conflict"');
  expect(unconfirmed.body).toContain(`${email} already has a pending invitation as Team Contributor; replace it with Admin?`);
  await admin.goto(`/${orgHandle}/settings/members?tab=invitations`);
  await expect(admin.getByRole("table", { name: "Pending invitations" }).getByRole("row", { name: new RegExp(email) })).toContainText("Team Contributor (select apps)");

  // Confirmed, the invitation is replaced: the new role shows and the earlier link is withdrawn.
  dialog = await openInviteDialog(admin, orgHandle);
  await dialog.getByLabel("Email addresses").fill(email);
  await dialog.getByRole("radio", { name: /^Organization User \(all apps\)/ }).check();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await dialog.getByRole("button", { name: "Replace invitation" }).click();
  await expect(dialog).toBeHidden();
  await expect(admin.getByText(`Invitations sent to ${email}.`)).toBeVisible();
  await admin.goto(`/${orgHandle}/settings/members?tab=invitations`);
  await expect(admin.getByRole("table", { name: "Pending invitations" }).getByRole("row", { name: new RegExp(email) })).toContainText("Organization User (all apps)");
  await admin.goto(firstLinkSent);
  await expect(admin.getByRole("heading", { name: "Invitation withdrawn" })).toBeVisible();
  await admin.close();
});

test("transferring a personal app asks first and says what changes; cancelling changes nothing; collaborators keep access", async ({ browser }) => {
  const id = uniqueSuffix();
  const appId = `moving-${id}`;
  const appName = `Moving ${id}`;
  const page = await anonymousPage(browser);
  const keeper = await newPerson(page, "keeper");
  await signInAs(page, PERSONAS.admin);
  await createPersonalApp(page, appId, appName);
  await page.goto(`/demo-admin/${appId}/settings/collaborators`);
  await page.getByRole("button", { name: "Add Collaborators" }).click();
  const add = page.getByRole("dialog", { name: "Add Collaborators" });
  await add.getByLabel("Email").fill(keeper.email);
  await add.getByRole("group", { name: "BASIC SCOPES" }).getByRole("checkbox", { name: /^Predict/ }).check();
  await add.getByRole("button", { name: "Confirm" }).click();
  await expect(add).toBeHidden();

  await page.goto(`/demo-admin/${appId}/settings`);
  const transfer = page.getByRole("form", { name: "Transfer app" });
  await transfer.getByLabel("Organization").selectOption({ label: "Demo Organization" });
  await transfer.getByRole("button", { name: "Transfer to organization" }).click();
  const confirm = page.getByRole("dialog", { name: `Transfer ${appName} to Demo Organization?` });
  await expect(confirm).toContainText("Demo Organization owns the app from now on. You stop being its owner: your access comes from your role there (Admin), which keeps app administration.");
  await expect(confirm).toContainText("Admin and Organization Contributor every scope; Organization User read, search and predict; Team Contributor only through a team given the app; Financial Manager and Infrastructure Manager none.");
  await expect(confirm).toContainText("Collaborators keep their scopes");
  await expect(confirm).toContainText(`from /demo-admin/${appId} to /demo-org/${appId}`);
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  // One click no longer moves it: cancelled, the app is where it was.
  await page.reload();
  await expect(page).toHaveURL(new RegExp(`/demo-admin/${appId}/settings$`));
  expect((await page.goto(`/${ORG}/${appId}`))?.status()).toBe(404);
  expect((await page.goto(`/demo-admin/${appId}`))?.status()).toBe(200);

  await page.goto(`/demo-admin/${appId}/settings`);
  // The admin may belong to other organizations by now: choose this one again after the reload.
  const again = page.getByRole("form", { name: "Transfer app" });
  await again.getByLabel("Organization").selectOption({ label: "Demo Organization" });
  await again.getByRole("button", { name: "Transfer to organization" }).click();
  await page.getByRole("dialog", { name: `Transfer ${appName} to Demo Organization?` }).getByRole("button", { name: "Transfer app" }).click();
  await expect(page).toHaveURL(new RegExp(`/${ORG}/${appId}/settings$`));
  await signOut(page);

  // What the dialog said: the collaborator keeps access, at the new URL.
  await signInAs(page, keeper.email, NEW_USER_PASSWORD);
  expect((await page.goto(`/${ORG}/${appId}`))?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: appName })).toBeVisible();
  await page.context().close();
});

test("pending collaborator invitations are listed with Resend and Rescind; a rescinded link no longer works", async ({ browser }) => {
  const id = uniqueSuffix();
  const appId = `shared-${id}`;
  const guest = `guest-${id}@example.test`;
  const admin = await personaPage(browser, PERSONAS.admin);
  await createPersonalApp(admin, appId, `Shared ${id}`);
  await admin.goto(`/demo-admin/${appId}/settings/collaborators`);
  await expect(admin.getByText("No pending invitations.")).toBeVisible();
  await admin.getByRole("button", { name: "Add Collaborators" }).click();
  const add = admin.getByRole("dialog", { name: "Add Collaborators" });
  await add.getByLabel("Email").fill(guest);
  await add.getByRole("group", { name: "BASIC SCOPES" }).getByRole("checkbox", { name: /^Predict/ }).check();
  await add.getByRole("button", { name: "Confirm" }).click();
  await add.getByRole("button", { name: "Send an invitation to sign up" }).click();
  await expect(add.getByText(`An invitation to sign up was sent to ${guest}.`)).toBeVisible();
  await add.getByRole("button", { name: "Done" }).click();
  const firstSent = firstLink((await waitForMail(guest, /invited to collaborate/)).text, "/collaborate/");

  const pending = admin.getByRole("table", { name: "Pending collaborator invitations" });
  await expect(pending.getByRole("row", { name: new RegExp(guest) })).toContainText("Predict");
  await expect(pending.getByRole("row", { name: new RegExp(guest) })).toContainText("Ada Admin");

  // Resend: a new link; the earlier one stops working.
  await admin.getByRole("button", { name: `Resend invitation to ${guest}` }).click();
  await expect(admin.getByText(`A new invitation link was sent to ${guest}; the earlier link no longer works.`)).toBeVisible();
  let secondSent = firstSent;
  await expect
    .poll(async () => {
      secondSent = firstLink((await waitForMail(guest, /invited to collaborate/)).text, "/collaborate/");
      return secondSent;
    })
    .not.toBe(firstSent);
  await admin.goto(firstSent);
  await expect(admin.getByText("This invitation link is not valid.")).toBeVisible();
  await admin.goto(secondSent);
  await expect(admin.getByText(`This invitation was sent to ${guest}`)).toBeVisible();

  // Rescind asks first; then the link is dead and the list is empty.
  await admin.goto(`/demo-admin/${appId}/settings/collaborators`);
  await admin.getByRole("button", { name: `Rescind invitation to ${guest}` }).click();
  const confirm = admin.getByRole("dialog", { name: "Rescind invitation" });
  await expect(confirm).toContainText(`Rescind the invitation to ${guest}?`);
  await confirm.getByRole("button", { name: "Rescind invitation" }).click();
  await expect(confirm).toBeHidden();
  await expect(admin.getByText("No pending invitations.")).toBeVisible();
  await admin.goto(secondSent);
  await expect(admin.getByText("This invitation was already rescinded. Nothing was changed.")).toBeVisible();
  await expect(admin.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);
  await admin.close();
});

test("an invitee who signs up from the link and verifies later, in another browser, lands back on the invitation", async ({ browser }) => {
  const id = uniqueSuffix();
  const orgHandle = `return-${id}`;
  const orgName = `Return ${id}`;
  const invitee = { handle: `newbie-${id}`, name: `Newbie ${id}`, email: `newbie-${id}@example.test` };
  const admin = await personaPage(browser, PERSONAS.admin);
  await createOrganization(admin, orgHandle, orgName);
  const dialog = await openInviteDialog(admin, orgHandle);
  await dialog.getByLabel("Email addresses").fill(invitee.email);
  await dialog.getByRole("radio", { name: /^Organization User/ }).check();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  const invitationLink = firstLink((await waitForMail(invitee.email, new RegExp(`invited you to join ${orgName}`))).text, "/invitations/");
  const invitationPath = new URL(invitationLink).pathname;

  // Signed out, the link leads to sign-in; from there to sign-up, keeping where it was going.
  const first = await anonymousPage(browser);
  await first.goto(invitationLink);
  await expect(first).toHaveURL(/\/sign-in\?callbackUrl=/);
  await first.getByRole("link", { name: "Create an account" }).click();
  await expect(first).toHaveURL(/\/sign-up\?callbackUrl=/);
  await first.getByLabel("User ID").fill(invitee.handle);
  await first.getByLabel("Full name").fill(invitee.name);
  await first.getByLabel("Email").fill(invitee.email);
  await first.getByLabel("Password").fill(NEW_USER_PASSWORD);
  await first.getByRole("button", { name: "Sign up" }).click();
  await expect(first.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await first.context().close();

  // Later, elsewhere: the verification link still knows the way back.
  const verification = firstLink((await waitForMail(invitee.email, /verify your email/i)).text, "/verify-email?token=");
  expect(new URL(verification).searchParams.get("callbackUrl")).toBe(invitationPath);
  const later = await anonymousPage(browser);
  await later.goto(verification);
  await later.getByRole("button", { name: "Verify email address" }).click();
  await expect(later.getByText(`${invitee.email} is verified.`)).toBeVisible();
  await later.getByRole("link", { name: "Sign in to continue to your invitation" }).click();
  await expect(later).toHaveURL(/\/sign-in\?callbackUrl=/);
  await later.getByLabel("Email").fill(invitee.email);
  await later.getByLabel("Password").fill(NEW_USER_PASSWORD);
  await later.getByRole("button", { name: "Sign in" }).click();
  await expect(later).toHaveURL(new RegExp(`${invitationPath}$`));
  await expect(later.getByRole("heading", { name: `Join ${orgName}` })).toBeVisible();
  await later.getByRole("button", { name: `Accept invitation to ${orgName}` }).click();
  await expect(later.getByText(`You joined ${orgName} as Organization User.`)).toBeVisible();
  await later.context().close();

  // Only same-site paths are kept: an address elsewhere is dropped from the sign-up form.
  const stranger = await anonymousPage(browser);
  await stranger.goto(`/sign-up?callbackUrl=${encodeURIComponent("https://evil.example/phish")}`);
  await expect(stranger.getByRole("link", { name: "Sign in", exact: true })).toHaveAttribute("href", "/sign-in");
  await expect(stranger.locator('input[name="callbackUrl"]')).toHaveCount(0);
  await stranger.goto(`/sign-up?callbackUrl=${encodeURIComponent("/\\evil.example")}`);
  await expect(stranger.locator('input[name="callbackUrl"]')).toHaveCount(0);
  await stranger.context().close();
  await admin.close();
});

test("labels and menus follow the seeds: roles with their app reach, Members and Teams in the upper-right menu, ADVANCED SCOPES as an option, Select All Scopes selecting every grantable scope", async ({ browser }) => {
  const id = uniqueSuffix();
  const page = await anonymousPage(browser);
  const person = await newPerson(page, "allscopes");
  await signInAs(page, PERSONAS.admin);

  // The upper-right menu, in an organization: Members and Teams.
  const orgMenu = (p: Page) => p.getByRole("group", { name: "Organization menu" });
  await page.goto(`/${ORG}`);
  await page.getByRole("button", { name: "User menu" }).click();
  await orgMenu(page).getByRole("menuitem", { name: "Teams", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/${ORG}/settings/teams$`));
  await page.getByRole("button", { name: "User menu" }).click();
  await orgMenu(page).getByRole("menuitem", { name: "Members", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/${ORG}/settings/members$`));
  // Outside an organization there is none to manage.
  await page.goto("/");
  await page.getByRole("button", { name: "User menu" }).click();
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
  await expect(orgMenu(page)).toHaveCount(0);
  await page.keyboard.press("Escape");

  // Roles as seed 002's table names them.
  const invite = await openInviteDialog(page, ORG);
  for (const label of ["Admin", "Financial Manager", "Organization Contributor (all apps)", "Organization User (all apps)", "Team Contributor (select apps)", "Infrastructure Manager"]) {
    await expect(invite.getByRole("radio", { name: new RegExp(`^${label.replace(/[()]/g, "\\$&")}`) })).toBeVisible();
  }
  await invite.getByRole("button", { name: "Cancel" }).click();

  // ADVANCED SCOPES starts closed; Select All Scopes takes every scope the picker offers, API keys included.
  const appId = `scopes-${id}`;
  await createPersonalApp(page, appId, `Scopes ${id}`);
  await page.goto(`/demo-admin/${appId}/settings/collaborators`);
  await page.getByRole("button", { name: "Add Collaborators" }).click();
  const add = page.getByRole("dialog", { name: "Add Collaborators" });
  const advancedToggle = add.getByRole("button", { name: "ADVANCED SCOPES" });
  await expect(advancedToggle).toHaveAttribute("aria-expanded", "false");
  await expect(add.getByRole("group", { name: "ADVANCED SCOPES" })).toHaveCount(0);
  await add.getByRole("checkbox", { name: "Select All Scopes" }).check();
  await expect(add.getByText("33 of 33 scopes selected.")).toBeVisible();
  await advancedToggle.click();
  await expect(advancedToggle).toHaveAttribute("aria-expanded", "true");
  const advanced = add.getByRole("group", { name: "ADVANCED SCOPES" });
  for (const scope of ["Keys:Add", "Keys:Get", "Keys:Delete", "Apps:Get", "Workflows:Delete"]) await expect(advanced.getByRole("checkbox", { name: new RegExp(`^${scope} `) })).toBeChecked();
  // App administration is never a collaborator's (lib/authz): it is not offered.
  await expect(advanced.getByRole("checkbox", { name: /^Apps:Add / })).toHaveCount(0);
  await add.getByLabel("Email").fill(person.email);
  await add.getByRole("button", { name: "Confirm" }).click();
  await expect(add).toBeHidden();
  const row = page.getByRole("row", { name: new RegExp(person.name) });
  await expect(row).toContainText("All scopes");
  await expect(row.getByRole("cell", { name: "All scopes" })).toHaveAttribute("title", /Keys:Add, Keys:Get, Keys:Delete/);
  await page.context().close();

  // An Organization User's menu has Members but not Teams (their role does not manage teams).
  const user = await personaPage(browser, PERSONAS.user);
  await user.goto(`/${ORG}`);
  await user.getByRole("button", { name: "User menu" }).click();
  await expect(user.getByRole("group", { name: "Organization menu" }).getByRole("menuitem", { name: "Members", exact: true })).toBeVisible();
  await expect(user.getByRole("group", { name: "Organization menu" }).getByRole("menuitem", { name: "Teams", exact: true })).toHaveCount(0);
  await user.close();
});

test("the demo data gives every page something to show, and the console has its icon", async ({ browser, request }) => {
  const admin = await personaPage(browser, PERSONAS.admin);
  await admin.goto(`/${ORG}/settings/teams`);
  const teamsTable = admin.getByRole("table", { name: "Teams" });
  await expect(teamsTable).toContainText("Labeling team");
  await expect(teamsTable).toContainText("ML engineers");
  await admin.goto(`/${ORG}/settings/teams/labeling-team`);
  await expect(admin.getByRole("table", { name: "Team members" })).toContainText("Lena Labeler");
  await admin.goto(`/${ORG}/settings/teams/labeling-team?tab=apps`);
  await expect(admin.getByRole("table", { name: "Team apps" })).toContainText("Labeling workspace");

  await admin.goto(`/${ORG}/moderation/settings/collaborators`);
  await expect(admin.getByRole("row", { name: /Pat Partner/ })).toBeVisible();
  await expect(admin.getByRole("table", { name: "Pending collaborator invitations" })).toContainText("reviewer@partner.example");
  await admin.goto(`/${ORG}/settings/members?tab=invitations`);
  await expect(admin.getByRole("table", { name: "Pending invitations" })).toContainText("newcomer@partner.example");

  await admin.goto(`/${ORG}/product-search`);
  const counts = admin.getByRole("list", { name: "App data counts" });
  await expect(counts).toContainText(/\d+ inputs/);
  await expect(counts).toContainText("concepts");
  await expect(admin.getByRole("table", { name: "Newest inputs" })).toContainText("sku-100");
  await admin.close();

  // A team member reaches their team's apps and sees their data.
  const labeler = await personaPage(browser, "labeler@demo.example");
  await labeler.goto(`/${ORG}/labeling`);
  await expect(labeler.getByRole("heading", { level: 1, name: "Labeling workspace" })).toBeVisible();
  await expect(labeler.getByRole("list", { name: "App data counts" })).toContainText("3 annotations");
  await labeler.close();

  // The icon is served to anyone (the sign-in page shows it too) and named by every page.
  const icon = await request.get("/favicon.ico", { maxRedirects: 0 });
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/icon/);
  const signIn = await anonymousPage(browser);
  await signIn.goto("/sign-in");
  await expect(signIn.locator('link[rel="icon"]')).toHaveAttribute("href", /\/favicon\.ico/);
  await signIn.context().close();
});
