import { expect, test, type Browser, type Page } from "@playwright/test";
import { firstLink, waitForMail } from "./support/mailbox";
import { signInAs, uniqueSuffix } from "./support/session";
import { textWithTimestamps } from "./support/text";

// Invitation links that can no longer be used each explain themselves and change nothing;
// answering from /invitations and the notification bar needs the right, verified account.

const PASSWORD = "correct-horse-42";
type Person = { handle: string; name: string; email: string };

function personFor(label: string, id: string): Person {
  return { handle: `${label}-${id}`, name: `${label[0]!.toUpperCase()}${label.slice(1)} ${id}`, email: `${label}-${id}@example.test` };
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  return context.newPage();
}

async function signUp(page: Page, person: Person) {
  await page.goto("/sign-up");
  await page.getByLabel("User ID").fill(person.handle);
  await page.getByLabel("Full name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
}

/** A signed-in person; verified unless told otherwise. */
async function person(browser: Browser, who: Person, verified = true): Promise<Page> {
  const page = await newPage(browser);
  await signUp(page, who);
  if (verified) {
    const mail = await waitForMail(who.email, /verify your email/i);
    await page.goto(firstLink(mail.text, "/verify-email?token="));
    await page.getByRole("button", { name: "Verify email address" }).click();
    await expect(page.getByText(`${who.email} is verified.`)).toBeVisible();
  }
  await signInAs(page, who.email, PASSWORD);
  return page;
}

async function adminWithOrganization(browser: Browser, id: string) {
  const admin = personFor("owner", id);
  const page = await person(browser, admin);
  const orgHandle = `links-${id}`;
  const orgName = `Links ${id}`;
  await page.getByRole("button", { name: "Switch account or organization" }).click();
  await page.getByRole("menuitem", { name: "Create organization" }).click();
  const dialog = page.getByRole("dialog", { name: "Create organization" });
  await dialog.getByLabel("Organization ID").fill(orgHandle);
  await dialog.getByLabel("Organization name").fill(orgName);
  await dialog.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { level: 1, name: orgName })).toBeVisible();
  return { admin, page, orgHandle, orgName };
}

async function invite(page: Page, orgHandle: string, emails: string, role = "Organization User") {
  await page.goto(`/${orgHandle}/settings/members`);
  await page.getByRole("button", { name: "Invite Members" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite Members" });
  await dialog.getByLabel("Email addresses").fill(emails);
  await dialog.getByRole("radio", { name: new RegExp(`^${role}`) }).check();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
}

async function invitationLink(email: string, orgName: string): Promise<string> {
  const mail = await waitForMail(email, new RegExp(`invited you to join ${orgName}`));
  return firstLink(mail.text, "/invitations/");
}

async function memberEmails(page: Page, orgHandle: string): Promise<string> {
  await page.goto(`/${orgHandle}/settings/members`);
  const table = page.getByRole("table", { name: "Organization members" });
  // The Admin's own Last activity moves with what they do here (inviting, rescinding); the
  // members, their roles and teams are what must not change.
  await table.evaluate((element) => {
    const column = [...element.querySelectorAll("thead th")].findIndex((header) => header.textContent?.includes("Last activity"));
    if (column >= 0) for (const row of element.querySelectorAll("tr")) row.children[column]?.remove();
  });
  return textWithTimestamps(table);
}

async function pendingList(page: Page, orgHandle: string): Promise<string> {
  await page.goto(`/${orgHandle}/settings/members?tab=invitations`);
  return textWithTimestamps(page.getByRole("main"));
}

test("rescinded, already-used, wrong-account and unknown invitation links show a clear page and change nothing", async ({ browser }) => {
  const id = uniqueSuffix();
  const { page: adminPage, orgHandle, orgName } = await adminWithOrganization(browser, id);
  const invitee = personFor("invitee", id);
  const other = personFor("other", id);
  const inviteePage = await person(browser, invitee);
  const otherPage = await person(browser, other);
  await invite(adminPage, orgHandle, invitee.email);

  // Wrong account: someone else opens the invitee's link.
  const link = await invitationLink(invitee.email, orgName);
  let members = await memberEmails(adminPage, orgHandle);
  let pending = await pendingList(adminPage, orgHandle);
  await otherPage.goto(link);
  await expect(otherPage.getByRole("heading", { name: "This invitation is for another account" })).toBeVisible();
  await expect(otherPage.getByRole("alert").filter({ hasText: /\S/ })).toContainText(`sent to ${invitee.email}, but you are signed in as ${other.email}. Nothing was changed.`);
  await expect(otherPage.getByRole("button", { name: /^Accept/ })).toHaveCount(0);
  expect(await memberEmails(adminPage, orgHandle)).toBe(members);
  expect(await pendingList(adminPage, orgHandle)).toBe(pending);

  // The right account accepts; the same link a second time is "already used".
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole("heading", { name: `Join ${orgName}` })).toBeVisible();
  await inviteePage.getByRole("button", { name: `Accept invitation to ${orgName}` }).click();
  await expect(inviteePage.getByText(`You joined ${orgName} as Organization User.`)).toBeVisible();
  members = await memberEmails(adminPage, orgHandle);
  expect(members).toContain(invitee.email);
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole("heading", { name: "Invitation already used" })).toBeVisible();
  await expect(inviteePage.getByText(`You already accepted this invitation and joined ${orgName}. Each invitation link works once.`)).toBeVisible();
  await expect(inviteePage.getByRole("button", { name: /^Accept/ })).toHaveCount(0);
  expect(await memberEmails(adminPage, orgHandle)).toBe(members);

  // Rescinded from the Pending invitations tab, with a confirmation.
  await invite(adminPage, orgHandle, other.email, "Team Contributor");
  const rescindedLink = await invitationLink(other.email, orgName);
  await adminPage.goto(`/${orgHandle}/settings/members?tab=invitations`);
  await adminPage.getByRole("button", { name: `Rescind invitation to ${other.email}` }).click();
  const confirm = adminPage.getByRole("dialog", { name: "Rescind invitation" });
  await confirm.getByRole("button", { name: "Rescind invitation" }).click();
  await expect(confirm).toBeHidden();
  await expect(adminPage.getByText(`The invitation to ${other.email} was rescinded`)).toBeVisible();
  await expect(adminPage.getByText("No pending invitations.")).toBeVisible();
  pending = await pendingList(adminPage, orgHandle);
  await otherPage.goto(rescindedLink);
  await expect(otherPage.getByRole("heading", { name: "Invitation withdrawn" })).toBeVisible();
  await expect(otherPage.getByText(`An Admin of ${orgName} withdrew this invitation. Nothing was changed.`)).toBeVisible();
  await expect(otherPage.getByRole("button", { name: /^Accept/ })).toHaveCount(0);
  expect(await memberEmails(adminPage, orgHandle)).toBe(members);
  expect(await pendingList(adminPage, orgHandle)).toBe(pending);
  expect((await otherPage.goto(`/${orgHandle}`))?.status()).toBe(404);

  // A link that never existed.
  await otherPage.goto(`/invitations/${"x".repeat(43)}`);
  await expect(otherPage.getByRole("heading", { name: "Invitation not found" })).toBeVisible();
});

test("a re-sent invitation replaces the old link; /invitations lists and answers invitations of a verified account", async ({ browser }) => {
  const id = uniqueSuffix();
  const { page: adminPage, orgHandle, orgName } = await adminWithOrganization(browser, id);
  const invitee = personFor("guest", id);
  const inviteePage = await person(browser, invitee);
  await invite(adminPage, orgHandle, invitee.email, "Infrastructure Manager");
  const firstMail = await invitationLink(invitee.email, orgName);

  await adminPage.goto(`/${orgHandle}/settings/members?tab=invitations`);
  await adminPage.getByRole("button", { name: `Resend invitation to ${invitee.email}` }).click();
  await expect(adminPage.getByText(`A new invitation link was sent to ${invitee.email}.`)).toBeVisible();
  await expect.poll(async () => invitationLink(invitee.email, orgName)).not.toBe(firstMail);
  await inviteePage.goto(firstMail);
  await expect(inviteePage.getByRole("heading", { name: "Invitation not found" })).toBeVisible();

  await inviteePage.goto("/invitations");
  const item = inviteePage.getByRole("listitem").filter({ hasText: orgName });
  await expect(item).toContainText("Role: Infrastructure Manager");
  await item.getByRole("button", { name: `Decline invitation to ${orgName}` }).click();
  await expect(inviteePage.getByText(`You declined the invitation to ${orgName}.`)).toBeVisible();
  await inviteePage.reload();
  await expect(inviteePage.getByText("No pending invitations.")).toBeVisible();
  expect(await memberEmails(adminPage, orgHandle)).not.toContain(invitee.email);

  // Re-inviting after a decline works, and accepting from /invitations joins.
  await invite(adminPage, orgHandle, invitee.email, "Organization Contributor");
  await inviteePage.goto("/invitations");
  await inviteePage.getByRole("button", { name: `Accept invitation to ${orgName}` }).click();
  await expect(inviteePage.getByText(`You joined ${orgName} as Organization Contributor.`)).toBeVisible();
  expect(await memberEmails(adminPage, orgHandle)).toContain(invitee.email);
});

test("an unverified account is told nothing in the console about an invitation, but the emailed link works", async ({ browser }) => {
  const id = uniqueSuffix();
  const { page: adminPage, orgHandle, orgName, admin } = await adminWithOrganization(browser, id);
  const invitee = personFor("unverified", id);
  const inviteePage = await person(browser, invitee, false);
  await invite(adminPage, orgHandle, invitee.email);
  const link = await invitationLink(invitee.email, orgName);

  // Whoever registered an unverified address may not own it: no notification, no invitation list.
  await inviteePage.reload();
  await inviteePage.getByRole("button", { name: /^Notifications/ }).click();
  await expect(inviteePage.getByRole("button", { name: `Accept: ${admin.name} invited you to join ${orgName}` })).toHaveCount(0);
  await expect(inviteePage.getByText(orgName)).toHaveCount(0);
  expect(await memberEmails(adminPage, orgHandle)).not.toContain(invitee.email);

  await inviteePage.goto(link);
  await inviteePage.getByRole("button", { name: `Accept invitation to ${orgName}` }).click();
  await expect(inviteePage.getByText(`You joined ${orgName} as Organization User.`)).toBeVisible();
  expect(await memberEmails(adminPage, orgHandle)).toContain(invitee.email);
});
