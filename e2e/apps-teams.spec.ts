import { expect, test, type Browser, type Page } from "@playwright/test";
import { firstLink, waitForMail } from "./support/mailbox";
import { callServerAction } from "./support/server-actions";
import { PERSONAS, signInAs, uniqueSuffix } from "./support/session";

// Apps and teams end to end: an Organization Contributor builds a team, a Team Contributor works
// through it, and the server refuses what the page does not offer.

const ORG = "demo-org";
const DEMO_APPS = ["Product search", "Content moderation", "Labeling workspace"];

async function personaPage(browser: Browser, email: string): Promise<Page> {
  const page = await browser.newPage();
  await signInAs(page, email);
  return page;
}

async function createApp(page: Page, owner: string, appId: string, name: string) {
  await page.goto(`/${owner}`);
  await page.getByRole("button", { name: "Create App" }).click();
  const dialog = page.getByRole("dialog", { name: "Create App" });
  await dialog.getByLabel("App ID").fill(appId);
  await dialog.getByLabel("App name").fill(name);
  await dialog.getByRole("button", { name: "Create app" }).click();
  await expect(page).toHaveURL(new RegExp(`/${owner}/${appId}$`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("an Org Contributor builds a team; its Team Contributor reaches only that app and may edit only what the matrix allows", async ({ browser }) => {
  const id = uniqueSuffix();
  const appId = `team-app-${id}`;
  const appName = `Team app ${id}`;
  const teamId = `crew-${id}`;

  const lead = await personaPage(browser, PERSONAS.contributor);
  await createApp(lead, ORG, appId, appName);

  await lead.goto(`/${ORG}/settings/teams`);
  await lead.getByRole("button", { name: "Create Team" }).click();
  const create = lead.getByRole("dialog", { name: "Create Team" });
  await create.getByLabel("Team ID").fill(teamId);
  await create.getByLabel("Team name").fill(`Crew ${id}`);
  await create.getByLabel("Permission").selectOption({ label: "Full Access" });
  await create.getByRole("button", { name: "Confirm" }).click();
  await expect(lead).toHaveURL(new RegExp(`/settings/teams/${teamId}$`));
  await expect(lead.getByRole("heading", { level: 1, name: `Crew ${id}` })).toBeVisible();

  await lead.getByRole("button", { name: "Add Members" }).click();
  const addMembers = lead.getByRole("dialog", { name: "Add Members" });
  await addMembers.getByLabel("Search organization members").fill("Theo");
  await addMembers.getByRole("checkbox", { name: /Theo Teams/ }).check();
  await addMembers.getByRole("button", { name: "Add Members" }).click();
  await expect(addMembers).toBeHidden();
  await expect(lead.getByRole("table", { name: "Team members" })).toContainText("Theo Teams");

  await lead.getByRole("navigation", { name: "Team sections" }).getByRole("link", { name: /^Apps/ }).click();
  await lead.getByRole("button", { name: "Add App" }).click();
  const addApps = lead.getByRole("dialog", { name: "Add apps" });
  await addApps.getByLabel("Search organization apps").fill(appId);
  await addApps.getByRole("checkbox", { name: new RegExp(appName) }).check();
  await addApps.getByLabel("Permission").selectOption({ label: "Full Access" });
  await addApps.getByRole("button", { name: "Add apps" }).click();
  await expect(addApps).toBeHidden();
  const teamApps = lead.getByRole("table", { name: "Team apps" });
  await expect(teamApps).toContainText(appName);
  await expect(teamApps.getByLabel(`Permission on ${appId}`)).toHaveValue("grp_full_access");

  // The Team Contributor sees that app and no other org app.
  const member = await personaPage(browser, PERSONAS.teamContributor);
  await member.goto(`/${ORG}`);
  const visible = member.getByRole("list", { name: "Organization apps" });
  await expect(visible.getByRole("link", { name: new RegExp(appName) })).toBeVisible();
  for (const other of DEMO_APPS) await expect(member.getByRole("link", { name: new RegExp(other) })).toHaveCount(0);
  await member.goto(`/${ORG}/product-search`);
  await expect(member.getByRole("heading", { name: /not found/i })).toBeVisible();

  // In App Settings: description and notes are editable; ID and delete are not offered.
  await member.goto(`/${ORG}/${appId}/settings`);
  await member.getByRole("textbox", { name: "Description" }).fill("Labeled by the crew.");
  await member.getByRole("textbox", { name: "Notes" }).fill("Weekly review on Fridays.");
  await member.getByRole("button", { name: "Save description and notes" }).click();
  await expect(member.getByText("Description and notes saved.")).toBeVisible();
  await member.reload();
  await expect(member.getByRole("textbox", { name: "Description" })).toHaveValue("Labeled by the crew.");
  await expect(member.getByRole("textbox", { name: "Notes" })).toHaveValue("Weekly review on Fridays.");
  await expect(member.getByRole("textbox", { name: "App ID" })).toHaveCount(0);
  await expect(member.getByRole("button", { name: "Delete app" })).toHaveCount(0);
  await expect(member.getByRole("button", { name: /visibility/i })).toHaveCount(0);

  // The server refuses the same changes when the actions are called directly, and nothing changes.
  const target = { owner: ORG, app: appId };
  const rename = await callServerAction(member, "lib/actions/apps.ts", "updateAppIdentityAction", [{ ...target, appId: `${appId}-renamed`, name: "Renamed" }]);
  expect(rename.body).toContain('"code":"forbidden"');
  const remove = await callServerAction(member, "lib/actions/apps.ts", "deleteAppAction", [{ ...target, confirm: appId }]);
  expect(remove.body).toContain('"code":"forbidden"');
  const visibility = await callServerAction(member, "lib/actions/apps.ts", "setAppVisibilityAction", [{ ...target, visibility: "public" }]);
  expect(visibility.body).toContain('"code":"forbidden"');
  await lead.goto(`/${ORG}/${appId}/settings`);
  await expect(lead.getByRole("textbox", { name: "App ID" })).toHaveValue(appId);
  await expect(lead.getByRole("textbox", { name: "App name" })).toHaveValue(appName);
  await expect(lead.getByRole("radio", { name: /Private/ })).toBeChecked();

  // Collaborators: visible read-only, with no editing controls.
  await member.goto(`/${ORG}/${appId}/settings`);
  await member.getByRole("navigation", { name: "App settings" }).getByRole("link", { name: "Collaborators" }).click();
  await expect(member.getByText("This app has no collaborators.")).toBeVisible();
  await expect(member.getByRole("button", { name: /Add Collaborators|Edit|Remove/ })).toHaveCount(0);
  // Full Access holds the Collaborator scopes, yet the matrix gives Team Contributors no collaborator
  // editing: adding one directly is refused, and the list stays empty.
  const addCollaborator = await callServerAction(member, "lib/actions/collaborators.ts", "addCollaboratorAction", [{ owner: ORG, app: appId, email: PERSONAS.user, scopes: ["Inputs:Get"] }]);
  expect(addCollaborator.body).toContain('"code":"forbidden"');
  await member.reload();
  await expect(member.getByText("This app has no collaborators.")).toBeVisible();

  // Who has access names the team path with its scopes.
  await member.getByRole("navigation", { name: "App settings" }).getByRole("link", { name: "Who has access" }).click();
  const access = member.getByRole("table", { name: "Who has access" });
  const theo = access.getByRole("row", { name: /Theo Teams/ });
  await expect(theo).toContainText(`Team ${teamId} (Full Access)`);
  // Full Access holds every scope but the app-administration ones (Apps:Add, Apps:Delete).
  await expect(theo).toContainText("Apps:Get");
  await expect(theo).not.toContainText("Apps:Add");

  // App Settings › Teams shows the team and its permission; the lead can change it there.
  await lead.goto(`/${ORG}/${appId}/settings/teams`);
  const teamsTable = lead.getByRole("table", { name: "Teams with access" });
  await expect(teamsTable).toContainText(teamId);
  await teamsTable.getByLabel(`Permission of ${teamId}`).selectOption({ label: "Labeler Worker" });
  await expect(teamsTable.getByText("Permission saved.")).toBeVisible();
  await lead.reload();
  await expect(lead.getByRole("table", { name: "Teams with access" }).getByLabel(`Permission of ${teamId}`)).toHaveValue("grp_labeler_worker");

  await lead.close();
  await member.close();
});

test("teams refuse non-members, foreign apps and bad input on the server, changing nothing", async ({ browser }) => {
  const id = uniqueSuffix();
  const admin = await personaPage(browser, PERSONAS.admin);
  const fresh = `fresh-${id}`;
  await admin.getByRole("button", { name: "Switch account or organization" }).click();
  await admin.getByRole("menuitem", { name: "Create organization" }).click();
  const orgDialog = admin.getByRole("dialog", { name: "Create organization" });
  await orgDialog.getByLabel("Organization ID").fill(fresh);
  await orgDialog.getByLabel("Organization name").fill(`Fresh ${id}`);
  await orgDialog.getByRole("button", { name: "Create organization" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${fresh}$`));

  await admin.goto(`/${fresh}/settings/teams`);
  await expect(admin.getByText("No teams yet.")).toBeVisible();
  await admin.getByRole("button", { name: "Create Team" }).click();
  const create = admin.getByRole("dialog", { name: "Create Team" });
  await create.getByLabel("Team ID").fill("crew");
  await create.getByLabel("Team name").fill("Crew");
  await create.getByRole("button", { name: "Confirm" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${fresh}/settings/teams/crew$`));

  // Bad input in the dialog: duplicate ID, illegal characters, empty name — clear messages, nothing created.
  await admin.goto(`/${fresh}/settings/teams`);
  for (const [teamId, name, message] of [
    ["CREW", "Again", "already exists"],
    ["no spaces!", "Bad", "letters, digits"],
    ["fine-id", "", "Name is required"],
  ] as const) {
    await admin.getByRole("button", { name: "Create Team" }).click();
    const dialog = admin.getByRole("dialog", { name: "Create Team" });
    await dialog.getByLabel("Team ID").fill(teamId);
    await dialog.getByLabel("Team name").fill(name);
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect(dialog.getByRole("alert").filter({ hasText: message })).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
  }
  await admin.reload();
  await expect(admin.getByRole("table", { name: "Teams" }).getByRole("row")).toHaveCount(2);

  // A member of demo-org who is not in the fresh org, and an app of demo-org.
  const search = await callServerAction(admin, "lib/actions/teams.ts", "searchMembersToAddAction", [{ org: ORG, ref: "none", q: "Cole" }]);
  const outsider = /"userId":"(usr_[^"]+)"/.exec(search.body)?.[1];
  expect(outsider).toBeTruthy();
  const apps = await callServerAction(admin, "lib/actions/teams.ts", "searchAppsToAddAction", [{ org: ORG, ref: "none", q: "product-search" }]);
  const foreignApp = /"appRef":"(app_[^"]+)"/.exec(apps.body)?.[1];
  expect(foreignApp).toBeTruthy();
  await admin.goto(`/${fresh}/settings/teams/crew`);
  const created = await callServerAction(admin, "lib/actions/teams.ts", "createTeamAction", [{ org: fresh, teamId: "probe", name: "Probe", permissionGroupId: "grp_full_access" }]);
  const teamRef = /"id":"(tea_[^"]+)"/.exec(created.body)?.[1];
  expect(teamRef).toBeTruthy();

  const addMember = await callServerAction(admin, "lib/actions/teams.ts", "addTeamMembersAction", [{ org: fresh, teamRef, userIds: [outsider] }]);
  expect(addMember.body).toContain("Only members of this organization can be added to its teams.");
  const addApp = await callServerAction(admin, "lib/actions/teams.ts", "addTeamAppsAction", [{ org: fresh, teamRef, appIds: [foreignApp], permissionGroupId: "grp_full_access" }]);
  expect(addApp.body).toContain("Only apps owned by this organization can be added to its teams.");
  const unknownGroup = await callServerAction(admin, "lib/actions/teams.ts", "createTeamAction", [{ org: fresh, teamId: "other", name: "Other", permissionGroupId: "grp_does_not_exist" }]);
  expect(unknownGroup.body).toContain("Choose a permission group from the list");

  await admin.goto(`/${fresh}/settings/teams/probe`);
  await expect(admin.getByText("This team has no members yet.")).toBeVisible();
  await admin.goto(`/${fresh}/settings/teams/probe?tab=apps`);
  await expect(admin.getByText("This team has no apps yet.")).toBeVisible();
  await admin.goto(`/${fresh}/settings/teams?q=other`);
  await expect(admin.getByText("No team matches “other”.")).toBeVisible();

  // Deleting a team asks first.
  await admin.goto(`/${fresh}/settings/teams/probe`);
  await admin.getByRole("button", { name: "Team actions" }).click();
  await admin.getByRole("menuitem", { name: "Delete Team" }).click();
  const confirm = admin.getByRole("dialog", { name: "Delete Team" });
  await confirm.getByRole("button", { name: "Delete Team" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${fresh}/settings/teams$`));
  await expect(admin.getByRole("link", { name: "Probe" })).toHaveCount(0);
  await admin.close();
});

test("custom permission groups: created with the scope picker, usable by teams, not deletable while in use", async ({ browser }) => {
  const id = uniqueSuffix();
  const admin = await personaPage(browser, PERSONAS.admin);
  const groupName = `Reviewers ${id}`;
  await admin.goto(`/${ORG}/settings/permission-groups`);
  for (const builtIn of ["Full Access", "Model Trainer", "Labeler Lead", "Labeler Worker"]) {
    await expect(admin.getByRole("listitem", { name: builtIn })).toContainText("Built-in · read-only");
  }
  await admin.getByRole("button", { name: "Create permission group" }).click();
  const dialog = admin.getByRole("dialog", { name: "Create permission group" });
  await dialog.getByLabel("Group name").fill(groupName);
  await dialog.getByRole("group", { name: "BASIC SCOPES" }).getByRole("checkbox", { name: /^Annotation/ }).check();
  await dialog.getByRole("button", { name: "ADVANCED SCOPES" }).click();
  await dialog.getByPlaceholder("Search scopes").fill("Predict");
  await dialog.getByRole("group", { name: "ADVANCED SCOPES" }).getByRole("checkbox", { name: /^Predict/ }).check();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  await expect(admin.getByRole("listitem", { name: groupName })).toContainText("Annotations:Add, Annotations:Get, Annotations:Delete, Predict");

  const teamId = `reviewers-${id}`;
  await admin.goto(`/${ORG}/settings/teams`);
  await admin.getByRole("button", { name: "Create Team" }).click();
  const create = admin.getByRole("dialog", { name: "Create Team" });
  await create.getByLabel("Team ID").fill(teamId);
  await create.getByLabel("Team name").fill(`Reviewers ${id}`);
  await create.getByLabel("Permission").selectOption({ label: groupName });
  await create.getByRole("button", { name: "Confirm" }).click();
  await expect(admin).toHaveURL(new RegExp(`/settings/teams/${teamId}$`));
  await expect(admin.getByText(`default permission ${groupName}`)).toBeVisible();

  await admin.goto(`/${ORG}/settings/permission-groups`);
  await admin.getByRole("listitem", { name: groupName }).getByRole("button", { name: `Delete ${groupName}` }).click();
  const confirm = admin.getByRole("dialog", { name: "Delete permission group" });
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm.getByRole("alert")).toContainText(`is used by team ${teamId}`);
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await admin.reload();
  await expect(admin.getByRole("listitem", { name: groupName })).toBeVisible();
  await admin.close();
});

test("removing a member from the organization removes their team seats and their access on the next request", async ({ browser }) => {
  const id = uniqueSuffix();
  const orgHandle = `seats-${id}`;
  const orgName = `Seats ${id}`;
  const appId = `seat-app-${id}`;
  const admin = await personaPage(browser, PERSONAS.admin);
  await admin.getByRole("button", { name: "Switch account or organization" }).click();
  await admin.getByRole("menuitem", { name: "Create organization" }).click();
  const orgDialog = admin.getByRole("dialog", { name: "Create organization" });
  await orgDialog.getByLabel("Organization ID").fill(orgHandle);
  await orgDialog.getByLabel("Organization name").fill(orgName);
  await orgDialog.getByRole("button", { name: "Create organization" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${orgHandle}$`));

  // Theo (a demo persona) joins this fresh organization as a Team Contributor.
  await admin.goto(`/${orgHandle}/settings/members`);
  await admin.getByRole("button", { name: "Invite Members" }).click();
  const invite = admin.getByRole("dialog", { name: "Invite Members" });
  await invite.getByLabel("Email addresses").fill(PERSONAS.teamContributor);
  await invite.getByRole("radio", { name: /^Team Contributor/ }).check();
  await invite.getByRole("button", { name: "Confirm" }).click();
  await expect(invite).toBeHidden();
  const member = await personaPage(browser, PERSONAS.teamContributor);
  const mail = await waitForMail(PERSONAS.teamContributor, new RegExp(`invited you to join ${orgName}`));
  await member.goto(firstLink(mail.text, "/invitations/"));
  await member.getByRole("button", { name: `Accept invitation to ${orgName}` }).click();
  await expect(member.getByText(`You joined ${orgName} as`)).toBeVisible();

  await createApp(admin, orgHandle, appId, `Seat app ${id}`);
  await admin.goto(`/${orgHandle}/settings/teams`);
  await admin.getByRole("button", { name: "Create Team" }).click();
  const create = admin.getByRole("dialog", { name: "Create Team" });
  await create.getByLabel("Team ID").fill("seat-crew");
  await create.getByLabel("Team name").fill("Seat crew");
  await create.getByRole("button", { name: "Confirm" }).click();
  await expect(admin).toHaveURL(new RegExp(`/settings/teams/seat-crew$`));
  await admin.getByRole("button", { name: "Add Members" }).click();
  const addMembers = admin.getByRole("dialog", { name: "Add Members" });
  await addMembers.getByRole("checkbox", { name: /Theo Teams/ }).check();
  await addMembers.getByRole("button", { name: "Add Members" }).click();
  await expect(admin.getByRole("table", { name: "Team members" })).toContainText("Theo Teams");
  await admin.goto(`/${orgHandle}/settings/teams/seat-crew?tab=apps`);
  await admin.getByRole("button", { name: "Add App" }).click();
  const addApps = admin.getByRole("dialog", { name: "Add apps" });
  await addApps.getByRole("checkbox", { name: new RegExp(appId) }).check();
  await addApps.getByRole("button", { name: "Add apps" }).click();
  await expect(admin.getByRole("table", { name: "Team apps" })).toContainText(appId);

  expect((await member.goto(`/${orgHandle}/${appId}`))?.status()).toBe(200);
  await expect(member.getByRole("heading", { level: 1, name: `Seat app ${id}` })).toBeVisible();

  await admin.goto(`/${orgHandle}/settings/members`);
  await admin.getByRole("button", { name: "Remove Theo Teams" }).click();
  const confirmRemove = admin.getByRole("dialog", { name: "Remove member" });
  await confirmRemove.getByRole("button", { name: "Remove member" }).click();
  await expect(confirmRemove).toBeHidden();

  // The very next request is refused, and the seat is gone with the membership.
  expect((await member.goto(`/${orgHandle}/${appId}`))?.status()).toBe(404);
  expect((await member.goto(`/${orgHandle}/${appId}/settings`))?.status()).toBe(404);
  await admin.goto(`/${orgHandle}/settings/teams/seat-crew`);
  await expect(admin.getByText("This team has no members yet.")).toBeVisible();
  await admin.goto(`/${orgHandle}/${appId}/settings/access`);
  await expect(admin.getByRole("table", { name: "Who has access" }).getByRole("row", { name: /Theo Teams/ })).toHaveCount(0);
  await admin.close();
  await member.close();
});

test("a personal app is created from the home page, transferred into an organization and deleted after typing its ID", async ({ browser }) => {
  const id = uniqueSuffix();
  const appId = `personal-${id}`;
  const page = await personaPage(browser, PERSONAS.admin);
  await page.getByRole("button", { name: "Create App" }).click();
  const dialog = page.getByRole("dialog", { name: "Create App" });
  await dialog.getByLabel("App ID").fill("settings");
  await dialog.getByLabel("App name").fill("Reserved");
  await dialog.getByRole("button", { name: "Create app" }).click();
  await expect(dialog.getByText("This app ID is reserved by the console; choose another.")).toBeVisible();
  await dialog.getByLabel("App ID").fill(appId);
  await dialog.getByLabel("App name").fill(`Personal ${id}`);
  await dialog.getByRole("button", { name: "Create app" }).click();
  await expect(page).toHaveURL(new RegExp(`/demo-admin/${appId}$`));
  await page.goto("/");
  await expect(page.getByRole("list", { name: "Your apps" }).getByRole("link", { name: new RegExp(`Personal ${id}`) })).toBeVisible();

  // Editing the app ID moves the app to its new URL.
  await page.goto(`/demo-admin/${appId}/settings`);
  await page.getByRole("textbox", { name: "App ID" }).fill(`${appId}-v2`);
  await page.getByRole("button", { name: "Save ID and name" }).click();
  await expect(page).toHaveURL(new RegExp(`/demo-admin/${appId}-v2/settings$`));
  await page.getByRole("textbox", { name: "App ID" }).fill(appId);
  await page.getByRole("button", { name: "Save ID and name" }).click();
  await expect(page).toHaveURL(new RegExp(`/demo-admin/${appId}/settings$`));

  const transfer = page.getByRole("form", { name: "Transfer app" });
  await transfer.getByLabel("Organization").selectOption({ label: "Demo Organization" });
  await transfer.getByRole("button", { name: "Transfer to organization" }).click();
  // The transfer asks first, saying what changes.
  await page.getByRole("dialog", { name: `Transfer Personal ${id} to Demo Organization?` }).getByRole("button", { name: "Transfer app" }).click();
  await expect(page).toHaveURL(new RegExp(`/${ORG}/${appId}/settings$`));
  expect((await page.goto(`/demo-admin/${appId}`))?.status()).toBe(404);

  await page.goto(`/${ORG}/${appId}/settings`);
  await page.getByRole("button", { name: "Delete app" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete app" });
  const confirmButton = confirm.getByRole("button", { name: "Delete app" });
  await expect(confirmButton).toBeDisabled();
  await confirm.getByLabel(`Type ${appId} to confirm`).fill(appId);
  await confirmButton.click();
  await expect(page).toHaveURL(new RegExp(`/${ORG}$`));
  expect((await page.goto(`/${ORG}/${appId}`))?.status()).toBe(404);
  await page.close();
});
