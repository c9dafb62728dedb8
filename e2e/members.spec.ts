import { expect, test, type Browser, type Page } from "@playwright/test";
import { firstLink, waitForMail } from "./support/mailbox";
import { callServerAction } from "./support/server-actions";
import { PERSONAS, signIn, signInAs, uniqueSuffix } from "./support/session";
import { textWithTimestamps } from "./support/text";

// Members and invitations as an Admin and the people they invite would use them. Every test
// creates its own people and organization; the demo personas are only read.

const PASSWORD = "correct-horse-42";
type Person = { handle: string; name: string; email: string };

function personFor(label: string, id: string): Person {
  const name = `${label[0]!.toUpperCase()}${label.slice(1)} ${id}`;
  return { handle: `${label}-${id}`, name, email: `${label}-${id}@example.test` };
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  return context.newPage();
}

async function fillSignUp(page: Page, person: Person, prefilledEmail = false) {
  await page.getByLabel("User ID").fill(person.handle);
  await page.getByLabel("Full name").fill(person.name);
  if (prefilledEmail) await expect(page.getByLabel("Email")).toHaveValue(person.email);
  else await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
}

/** Signs a person up through the UI, verifies the address from the mail and signs in. */
async function registeredPerson(browser: Browser, person: Person): Promise<Page> {
  const page = await newPage(browser);
  await page.goto("/sign-up");
  await fillSignUp(page, person);
  const mail = await waitForMail(person.email, /verify your email/i);
  await page.goto(firstLink(mail.text, "/verify-email?token="));
  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(page.getByText(`${person.email} is verified.`)).toBeVisible();
  await signInAs(page, person.email, PASSWORD);
  return page;
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

async function invite(page: Page, emails: string, role: string) {
  await page.getByRole("button", { name: "Invite Members" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite Members" });
  await dialog.getByLabel("Email addresses").fill(emails);
  await dialog.getByRole("radio", { name: new RegExp(`^${role}`) }).check();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  return dialog;
}

/** Accepts an emailed invitation link as the signed-in `page`. */
async function acceptByLink(page: Page, email: string, orgName: string) {
  const mail = await waitForMail(email, new RegExp(`invited you to join ${orgName}`));
  await page.goto(firstLink(mail.text, "/invitations/"));
  await page.getByRole("button", { name: `Accept invitation to ${orgName}` }).click();
  await expect(page.getByText(`You joined ${orgName} as`)).toBeVisible();
}

const membersTable = (page: Page) => page.getByRole("table", { name: "Organization members" });
const invitationsTable = (page: Page) => page.getByRole("table", { name: "Pending invitations" });

test("an Admin invites a registered and a new person in one dialog; both join; the Admin changes a role and removes a member, whose access ends at once", async ({ browser }) => {
  const id = uniqueSuffix();
  const admin = personFor("admin", id);
  const reg = personFor("reg", id);
  const fresh = personFor("fresh", id);
  const orgName = `Vision Lab ${id}`;
  const orgHandle = `vision-${id}`;

  const adminPage = await registeredPerson(browser, admin);
  await createOrganization(adminPage, orgHandle, orgName);
  const regPage = await registeredPerson(browser, reg);

  await adminPage.goto(`/${orgHandle}/settings/members`);
  await expect(adminPage.getByRole("heading", { name: "Members" })).toBeVisible();
  const dialog = await invite(adminPage, `${reg.email}, ${fresh.email}`, "Organization Contributor");
  await expect(dialog).toBeHidden();
  await expect(adminPage.getByText(`Invitations sent to ${reg.email}, ${fresh.email}.`)).toBeVisible();

  await adminPage.getByRole("link", { name: "Pending invitations" }).click();
  for (const email of [reg.email, fresh.email]) {
    const row = invitationsTable(adminPage).getByRole("row", { name: new RegExp(email) });
    await expect(row).toContainText("Organization Contributor");
    await expect(row).toContainText(admin.name);
  }

  // Both receive real mail on the local SMTP server.
  const regMail = await waitForMail(reg.email, new RegExp(`invited you to join ${orgName}`));
  expect(regMail.text).toContain("/invitations/");
  const freshMail = await waitForMail(fresh.email, new RegExp(`invited you to join ${orgName}`));

  // The registered person accepts from the notification bar.
  await regPage.reload();
  await regPage.getByRole("button", { name: /^Notifications, 1 unread/ }).click();
  await regPage.getByRole("button", { name: `Accept: ${admin.name} invited you to join ${orgName}` }).click();
  await expect(regPage.getByRole("status").filter({ hasText: `You joined ${orgName} as Organization Contributor.` })).toBeVisible();
  await regPage.goto(`/${orgHandle}`);
  await expect(regPage.getByRole("heading", { level: 1, name: orgName })).toBeVisible();

  // The new person signs up through the emailed link and comes back to accept.
  const freshPage = await newPage(browser);
  await freshPage.goto(firstLink(freshMail.text, "/sign-up?"));
  await fillSignUp(freshPage, fresh, true);
  await freshPage.getByRole("link", { name: "Go to sign in" }).click();
  await signInFromForm(freshPage, fresh.email);
  await expect(freshPage.getByRole("heading", { name: `Join ${orgName}` })).toBeVisible();
  // Until the new account verifies its address, the console shows it nothing about the invitation:
  // only the emailed link, which proves the address, answers it.
  await freshPage.getByRole("button", { name: /^Notifications/ }).click();
  await expect(freshPage.getByRole("button", { name: `Accept: ${admin.name} invited you to join ${orgName}` })).toHaveCount(0);
  await freshPage.keyboard.press("Escape");
  await freshPage.getByRole("button", { name: `Accept invitation to ${orgName}` }).click();
  await expect(freshPage.getByText(`You joined ${orgName} as Organization Contributor.`)).toBeVisible();

  // Both appear with their roles; the pending list is empty.
  await adminPage.goto(`/${orgHandle}/settings/members`);
  await expect(adminPage.getByLabel(`Role of ${reg.name}`)).toHaveValue("Organization Contributor");
  await expect(adminPage.getByLabel(`Role of ${fresh.name}`)).toHaveValue("Organization Contributor");
  await expect(adminPage.getByText("3 members")).toBeVisible();
  await adminPage.getByRole("link", { name: "Pending invitations" }).click();
  await expect(adminPage.getByText("No pending invitations.")).toBeVisible();
  await adminPage.getByRole("link", { name: "Organization members" }).click();

  // Server-side search.
  await adminPage.getByRole("searchbox", { name: "Search members by name or email" }).fill(fresh.email);
  await adminPage.getByRole("button", { name: "Search" }).click();
  await expect(adminPage).toHaveURL(/\?q=/);
  await expect(membersTable(adminPage).getByRole("row")).toHaveCount(2); // header + one member
  await expect(adminPage.getByText(`1 matching “${fresh.email}”`)).toBeVisible();
  await adminPage.getByRole("searchbox", { name: "Search members by name or email" }).fill("nobody-matches-this");
  await adminPage.getByRole("button", { name: "Search" }).click();
  await expect(adminPage.getByText("No members match your search.")).toBeVisible();
  await adminPage.goto(`/${orgHandle}/settings/members`);

  // Change a role: pick it, apply it, confirm once.
  await adminPage.getByLabel(`Role of ${fresh.name}`).selectOption("Organization User");
  await adminPage.getByRole("button", { name: `Change role for ${fresh.name}` }).click();
  const confirmRole = adminPage.getByRole("dialog", { name: "Change role" });
  await expect(confirmRole).toContainText(`from Organization Contributor to Organization User`);
  await confirmRole.getByRole("button", { name: "Change role" }).click();
  await expect(confirmRole).toBeHidden();
  await expect(adminPage.getByLabel(`Role of ${fresh.name}`)).toHaveValue("Organization User");
  await adminPage.reload();
  await expect(adminPage.getByLabel(`Role of ${fresh.name}`)).toHaveValue("Organization User");

  // Remove a member, with a confirmation; their very next request is refused.
  await adminPage.getByRole("button", { name: `Remove ${reg.name}` }).click();
  const confirmRemove = adminPage.getByRole("dialog", { name: "Remove member" });
  await confirmRemove.getByRole("button", { name: "Remove member" }).click();
  await expect(confirmRemove).toBeHidden();
  await expect(membersTable(adminPage).getByRole("row", { name: new RegExp(reg.name) })).toHaveCount(0);
  await expect(adminPage.getByText("2 members")).toBeVisible();

  const response = await regPage.goto(`/${orgHandle}/settings/members`);
  expect(response?.status()).toBe(404);
  expect((await regPage.goto(`/${orgHandle}`))?.status()).toBe(404);
});

async function signInFromForm(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** An organization with an Admin, an Organization User member and one pending invitation. */
async function organizationWithMember(browser: Browser) {
  const id = uniqueSuffix();
  const admin = personFor("boss", id);
  const member = personFor("member", id);
  const orgName = `Guarded ${id}`;
  const orgHandle = `guarded-${id}`;
  const adminPage = await registeredPerson(browser, admin);
  await createOrganization(adminPage, orgHandle, orgName);
  const memberPage = await registeredPerson(browser, member);
  await adminPage.goto(`/${orgHandle}/settings/members`);
  await expect(await invite(adminPage, member.email, "Organization User")).toBeHidden();
  await acceptByLink(memberPage, member.email, orgName);
  await expect(await invite(adminPage, `pending-${id}@example.test`, "Team Contributor")).toBeHidden();
  return { id, admin, member, orgName, orgHandle, adminPage, memberPage };
}

/** What the Admin sees on both tabs: the basis for "nothing changed". */
async function adminView(page: Page, orgHandle: string) {
  await page.goto(`/${orgHandle}/settings/members`);
  const members = await textWithTimestamps(membersTable(page));
  const roles = await page.getByRole("combobox").evaluateAll((selects) => selects.map((s) => `${s.getAttribute("aria-label")}=${(s as HTMLSelectElement).value}`));
  await page.goto(`/${orgHandle}/settings/members?tab=invitations`);
  const invitations = await textWithTimestamps(invitationsTable(page));
  return { members, roles, invitations };
}

/** Internal ids as the page hands them to its client components. */
async function idsOnPage(page: Page) {
  const html = await page.content();
  const userIds = [...html.matchAll(/userId\\?":\\?"(usr_[A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
  const invitationIds = [...html.matchAll(/"id\\?":\\?"(inv_[A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
  return { userIds: [...new Set(userIds)], invitationIds: [...new Set(invitationIds)] };
}

test("a non-Admin calling every members and invitation action directly is refused and nothing changes", async ({ browser }) => {
  const { adminPage, memberPage, orgHandle } = await organizationWithMember(browser);
  await adminPage.goto(`/${orgHandle}/settings/members?tab=invitations`);
  const { invitationIds } = await idsOnPage(adminPage);
  await adminPage.goto(`/${orgHandle}/settings/members`);
  const { userIds } = await idsOnPage(adminPage);
  expect(invitationIds).toHaveLength(1);
  const before = await adminView(adminPage, orgHandle);

  await memberPage.goto(`/${orgHandle}/settings/members`);
  await expect(memberPage.getByRole("button", { name: "Invite Members" })).toHaveCount(0);
  await expect(memberPage.getByRole("combobox")).toHaveCount(0);
  const org = orgHandle;
  const calls: Array<[string, string, unknown]> = [
    ["lib/actions/invitations.ts", "inviteMembersAction", { org, emails: "intruder@example.test", role: "Admin" }],
    ["lib/actions/invitations.ts", "resendInvitationAction", { org, invitationId: invitationIds[0] }],
    ["lib/actions/invitations.ts", "rescindInvitationAction", { org, invitationId: invitationIds[0] }],
    ...userIds.flatMap((userId): Array<[string, string, unknown]> => [
      ["lib/actions/members.ts", "changeRoleAction", { org, userId, role: "Admin" }],
      ["lib/actions/members.ts", "removeMemberAction", { org, userId }],
      ["lib/actions/members.ts", "reinstateMemberAction", { org, userId }],
    ]),
    ["lib/actions/members.ts", "changeRolesAction", { org, userIds, role: "Admin" }],
    ["lib/actions/members.ts", "removeMembersAction", { org, userIds }],
    ["lib/actions/invitations.ts", "searchTeamsToInviteAction", { org, q: "" }],
  ];
  expect(userIds).toHaveLength(2);
  for (const [file, action, input] of calls) {
    const response = await callServerAction(memberPage, file, action, [input]);
    expect(response.body, `${action} ${JSON.stringify(input)}`).toContain('"code":"forbidden"');
  }
  expect(await adminView(adminPage, orgHandle)).toEqual(before);
  await expect(waitForMailQuick(`intruder@example.test`)).resolves.toBe(false);
});

/** True if any mail to `to` has arrived (no waiting: used to show that nothing was sent). */
async function waitForMailQuick(to: string): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${process.env.SMTP_SINK_HTTP_PORT ?? 2527}/messages`);
  const messages = (await response.json()) as { to: string[] }[];
  return messages.some((m) => m.to.includes(to));
}

test("bad invitation input gets a message per email and creates nothing", async ({ browser }) => {
  const { adminPage, orgHandle, member, id } = await organizationWithMember(browser);
  const before = await adminView(adminPage, orgHandle);
  await adminPage.goto(`/${orgHandle}/settings/members`);

  const dialog = await invite(adminPage, `ok-${id}@example.test, not-an-email, ${member.email}`, "Organization User");
  const problems = dialog.getByRole("alert").filter({ hasText: /already a member|valid email/ });
  await expect(problems).toContainText("not-an-email: Enter a valid email address.");
  await expect(problems).toContainText(`${member.email}: already a member of this organization.`);
  await expect(dialog.getByText("Nothing was sent.")).toBeVisible();
  // What was typed stays, so it can be corrected.
  await expect(dialog.getByLabel("Email addresses")).toHaveValue(`ok-${id}@example.test, not-an-email, ${member.email}`);

  await dialog.getByLabel("Email addresses").fill(" , ");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByText("Enter at least one email address.")).toBeVisible();

  await dialog.getByLabel("Email addresses").fill(Array.from({ length: 51 }, (_, i) => `many-${i}-${id}@example.test`).join(", "));
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByText("You entered 51 addresses; invite at most 50 at once.")).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // An unknown role cannot be picked in the dialog; sent directly it is refused too.
  const response = await callServerAction(adminPage, "lib/actions/invitations.ts", "inviteMembersAction", [{ org: orgHandle, emails: `role-${id}@example.test`, role: "Owner" }]);
  expect(response.body).toContain('"code":"invalid_input"');
  expect(response.body).toContain("Choose one of the roles");

  expect(await adminView(adminPage, orgHandle)).toEqual(before);
  expect(await waitForMailQuick(`ok-${id}@example.test`)).toBe(false);
});

test("the last Admin cannot leave or be demoted; a member may leave", async ({ browser }) => {
  const { adminPage, memberPage, orgHandle, orgName, admin } = await organizationWithMember(browser);
  await adminPage.goto(`/${orgHandle}/settings/members`);
  await adminPage.getByLabel(`Role of ${admin.name}`).selectOption("Organization User");
  await adminPage.getByRole("button", { name: `Change role for ${admin.name}` }).click();
  const confirmRole = adminPage.getByRole("dialog", { name: "Change role" });
  await confirmRole.getByRole("button", { name: "Change role" }).click();
  await expect(confirmRole.getByRole("alert")).toContainText("must keep at least one Admin");
  await confirmRole.getByRole("button", { name: "Cancel" }).click();
  // Cancelling drops the choice: the select shows the role the member has.
  await expect(adminPage.getByLabel(`Role of ${admin.name}`)).toHaveValue("Admin");

  await adminPage.getByRole("button", { name: "Leave organization" }).click();
  const confirmLeave = adminPage.getByRole("dialog", { name: "Leave organization" });
  await confirmLeave.getByRole("button", { name: "Leave organization" }).click();
  await expect(confirmLeave.getByRole("alert")).toContainText("You are the last Admin");
  await confirmLeave.getByRole("button", { name: "Cancel" }).click();
  await adminPage.reload();
  await expect(adminPage.getByLabel(`Role of ${admin.name}`)).toHaveValue("Admin");

  await memberPage.goto(`/${orgHandle}/settings/members`);
  await memberPage.getByRole("button", { name: "Leave organization" }).click();
  await memberPage.getByRole("dialog", { name: "Leave organization" }).getByRole("button", { name: "Leave organization" }).click();
  await expect(memberPage).toHaveURL(/\/$/);
  expect((await memberPage.goto(`/${orgHandle}`))?.status()).toBe(404);
  await adminPage.reload();
  await expect(adminPage.getByText("1 member", { exact: true })).toBeVisible();
  expect(orgName).toBeTruthy();
});

test("Financial Managers and other non-Admins see the member list read-only; the invitations tab answers 403", async ({ page }) => {
  for (const persona of [PERSONAS.finance, PERSONAS.user]) {
    await signIn(page, persona);
    await expect(page.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
    await page.goto("/demo-org/settings/members");
    await expect(membersTable(page).getByRole("row", { name: /Ada Admin/ })).toContainText("Admin");
    await expect(page.getByRole("button", { name: "Invite Members" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Pending invitations" })).toHaveCount(0);
    await expect(page.getByRole("combobox")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
    const response = await page.goto("/demo-org/settings/members?tab=invitations");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
    // Neither the removed members nor the export are theirs; nothing to select either.
    expect((await page.goto("/demo-org/settings/members?tab=removed"))?.status()).toBe(403);
    const exported = await page.request.get("/demo-org/settings/members/export");
    expect(exported.status()).toBe(403);
    expect(await exported.text()).not.toContain("@");
    await page.goto("/demo-org/settings/members");
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Removed members" })).toHaveCount(0);
    await page.context().clearCookies();
  }
});

/** Presses Tab until `target` has focus; fails if it never does. */
async function tabTo(page: Page, target: ReturnType<Page["getByRole"]>, max = 80): Promise<void> {
  await expect(target).toBeVisible();
  for (let presses = 0; presses < max && !(await target.evaluate((element) => element === document.activeElement)); presses += 1) await page.keyboard.press("Tab");
  await expect(target).toBeFocused();
}

test("keyboard only: a skip link, a role changed with the arrow keys and confirmed once, focus kept after rescinding", async ({ browser }) => {
  const { adminPage: page, member, orgHandle, id } = await organizationWithMember(browser);
  await page.goto(`/${orgHandle}/settings/members`);

  // The first stop skips the header; leaving the organization is not near the start.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Leave organization" })).not.toBeFocused();

  // Arrow keys on the closed select only move the choice; nothing asks until the choice is applied.
  const role = page.getByLabel(`Role of ${member.name}`);
  await tabTo(page, role);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(role).toHaveValue("Financial Manager");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(role).toHaveValue("Organization Contributor");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: `Change role for ${member.name}` })).toBeFocused();
  await page.keyboard.press("Enter");
  const confirmRole = page.getByRole("dialog", { name: "Change role" });
  await expect(confirmRole).toContainText("from Organization User to Organization Contributor");
  await tabTo(page, confirmRole.getByRole("button", { name: "Change role" }));
  await page.keyboard.press("Enter");
  await expect(confirmRole).toBeHidden();
  await page.reload();
  await expect(page.getByLabel(`Role of ${member.name}`)).toHaveValue("Organization Contributor");

  // Rescinding removes the row that held focus: focus lands on the page heading, not the page body.
  await page.goto(`/${orgHandle}/settings/members?tab=invitations`);
  const pendingEmail = `pending-${id}@example.test`;
  await tabTo(page, page.getByRole("button", { name: `Rescind invitation to ${pendingEmail}` }));
  await page.keyboard.press("Enter");
  const confirmRescind = page.getByRole("dialog", { name: "Rescind invitation" });
  await tabTo(page, confirmRescind.getByRole("button", { name: "Rescind invitation" }));
  await page.keyboard.press("Enter");
  await expect(confirmRescind).toBeHidden();
  await expect(page.getByRole("row", { name: new RegExp(pendingEmail) })).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeFocused();
});

test("an Admin invites a Team Contributor onto a team (warned without one), sees teams, verified and last activity, exports CSV, removes two members with one confirmation and reinstates one with their team", async ({ browser }) => {
  // Three people sign up and two accept by mail: a long walk.
  test.slow();
  const id = uniqueSuffix();
  const admin = personFor("chief", id);
  const lead = personFor("lead", id);
  // A name a spreadsheet would run as a formula: the export must defuse it.
  const formula: Person = { handle: `sum-${id}`, name: `=SUM(1+1) ${id}`, email: `sum-${id}@example.test` };
  const orgName = `Crews ${id}`;
  const orgHandle = `crews-${id}`;
  const teamName = `Crew ${id}`;
  const adminPage = await registeredPerson(browser, admin);
  await createOrganization(adminPage, orgHandle, orgName);

  // A new team starts with the least privileged permission group, not Full Access.
  await adminPage.goto(`/${orgHandle}/settings/teams`);
  await adminPage.getByRole("button", { name: "Create Team" }).click();
  const create = adminPage.getByRole("dialog", { name: "Create Team" });
  await expect(create.getByLabel("Permission").locator("option:checked")).toHaveText(/^Labeler Worker/);
  await create.getByLabel("Team ID").fill(`crew-${id}`);
  await create.getByLabel("Team name").fill(teamName);
  await create.getByRole("button", { name: "Confirm" }).click();
  await expect(adminPage).toHaveURL(new RegExp(`/settings/teams/crew-${id}$`));

  // Inviting a Team Contributor offers teams, and warns while none is chosen.
  await adminPage.goto(`/${orgHandle}/settings/members`);
  await adminPage.getByRole("button", { name: "Invite Members" }).click();
  const dialog = adminPage.getByRole("dialog", { name: "Invite Members" });
  await dialog.getByLabel("Email addresses").fill(lead.email);
  await dialog.getByRole("radio", { name: /^Team Contributor/ }).check();
  const warning = dialog.getByText("invited without a team, they arrive with access to nothing");
  await expect(warning).toBeVisible();
  await dialog.getByLabel("Teams: search by team ID or name").fill(`crew-${id}`);
  await dialog.getByRole("checkbox", { name: new RegExp(teamName) }).check();
  await expect(warning).toBeHidden();
  await expect(dialog.getByText(`Joins ${teamName} on accepting.`)).toBeVisible();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  await expect(await invite(adminPage, formula.email, "Organization User")).toBeHidden();

  // Pending: a count, the chosen team, and a search.
  await adminPage.getByRole("link", { name: "Pending invitations" }).click();
  await expect(adminPage.getByText("2 pending invitations")).toBeVisible();
  await expect(invitationsTable(adminPage).getByRole("row", { name: new RegExp(lead.email) })).toContainText(teamName);
  await adminPage.getByRole("searchbox", { name: "Search invitations by email" }).fill(`sum-${id}`);
  await adminPage.getByRole("button", { name: "Search" }).click();
  await expect(adminPage.getByText(`1 matching “sum-${id}”`)).toBeVisible();
  await expect(invitationsTable(adminPage).getByRole("row")).toHaveCount(2); // header + one invitation

  // Both join; the Team Contributor is on the team at once.
  const leadPage = await registeredPerson(browser, lead);
  await acceptByLink(leadPage, lead.email, orgName);
  const formulaPage = await registeredPerson(browser, formula);
  await acceptByLink(formulaPage, formula.email, orgName);
  await adminPage.goto(`/${orgHandle}/settings/members`);
  const leadRow = membersTable(adminPage).getByRole("row", { name: new RegExp(lead.name) });
  await expect(leadRow.getByRole("link", { name: teamName })).toBeVisible();
  await expect(leadRow).toContainText("Verified");
  await expect(membersTable(adminPage).getByRole("columnheader", { name: "Last activity" })).toBeVisible();
  // The Admin created the organization and the team (audited changes): their activity is recorded.
  await expect(membersTable(adminPage).getByRole("row", { name: new RegExp(admin.name) }).locator("time")).toHaveCount(2);

  // The export: every member, the team named, and no cell a spreadsheet would run.
  const csv = await adminPage.request.get(`/${orgHandle}/settings/members/export`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text.split("\r\n")[0]).toBe("Name,User ID,Email,Email verified,Role,Teams,Joined,Last activity");
  expect(text).toContain(`"'=SUM(1+1) ${id}",sum-${id},${formula.email},yes,Organization User,,`);
  expect(text).toContain(`${lead.name},lead-${id},${lead.email},yes,Team Contributor,${teamName},`);

  // Bulk: selected by keyboard, one role change and one removal, each confirmed once with the count.
  const selectLead = adminPage.getByRole("checkbox", { name: `Select ${lead.name}` });
  await tabTo(adminPage, selectLead);
  await adminPage.keyboard.press("Space");
  await expect(selectLead).toBeChecked();
  await adminPage.getByRole("checkbox", { name: `Select ${formula.name}` }).check();
  await expect(adminPage.getByText("2 members selected")).toBeVisible();
  await adminPage.getByLabel("Role for the selected members").selectOption("Organization Contributor");
  await adminPage.getByRole("button", { name: "Change role of selected" }).click();
  const confirmRoles = adminPage.getByRole("dialog", { name: "Change roles" });
  await expect(confirmRoles).toContainText("2 members");
  await confirmRoles.getByRole("button", { name: "Change 2 roles" }).click();
  await expect(confirmRoles).toBeHidden();
  await expect(adminPage.getByLabel(`Role of ${lead.name}`)).toHaveValue("Organization Contributor");
  await expect(adminPage.getByLabel(`Role of ${formula.name}`)).toHaveValue("Organization Contributor");

  await adminPage.getByLabel("Select all on this page").check();
  await expect(adminPage.getByText("2 members selected")).toBeVisible();
  await adminPage.getByRole("button", { name: "Remove selected" }).click();
  const confirmRemove = adminPage.getByRole("dialog", { name: "Remove members" });
  await expect(confirmRemove).toContainText("Remove 2 members");
  await confirmRemove.getByRole("button", { name: "Remove 2 members" }).click();
  await expect(confirmRemove).toBeHidden();
  await expect(adminPage.getByText("1 member", { exact: true })).toBeVisible();
  expect((await leadPage.goto(`/${orgHandle}`))?.status()).toBe(404);

  // Removed members: reinstating gives back the previous role and team.
  await adminPage.getByRole("link", { name: "Removed members" }).click();
  const removedTable = adminPage.getByRole("table", { name: "Removed members" });
  await expect(removedTable.getByRole("row", { name: new RegExp(lead.name) })).toContainText(teamName);
  await expect(removedTable.getByRole("row")).toHaveCount(3);
  await adminPage.getByRole("button", { name: `Reinstate ${lead.name}` }).click();
  const confirmReinstate = adminPage.getByRole("dialog", { name: "Reinstate member" });
  await expect(confirmReinstate).toContainText(`as Organization Contributor, on ${teamName}`);
  await confirmReinstate.getByRole("button", { name: "Reinstate member" }).click();
  await expect(confirmReinstate).toBeHidden();
  await expect(removedTable.getByRole("row", { name: new RegExp(lead.name) })).toHaveCount(0);
  expect((await leadPage.goto(`/${orgHandle}`))?.status()).toBe(200);
  await adminPage.getByRole("link", { name: "Organization members" }).click();
  await expect(adminPage.getByLabel(`Role of ${lead.name}`)).toHaveValue("Organization Contributor");
  await expect(membersTable(adminPage).getByRole("row", { name: new RegExp(lead.name) }).getByRole("link", { name: teamName })).toBeVisible();
});
