import { expect, test, type Page } from "@playwright/test";
import { waitForMail } from "./support/mailbox";
import { callServerAction } from "./support/server-actions";
import { NEW_USER_PASSWORD, PERSONAS, newPerson, signInAs, signOut } from "./support/session";

// The demo admin's personal app "sandbox" is the app shared in these tests.
const APP = { owner: "demo-admin", app: "sandbox" };
const COLLABORATORS_URL = "/demo-admin/sandbox/settings/collaborators";

async function openAddDialog(page: Page) {
  await page.goto(COLLABORATORS_URL);
  await page.getByRole("button", { name: "Add Collaborators" }).click();
  const dialog = page.getByRole("dialog", { name: "Add Collaborators" });
  // ADVANCED SCOPES is an option (seed 000): opened before single scopes are picked.
  await dialog.getByRole("button", { name: "ADVANCED SCOPES" }).click();
  return dialog;
}

const advanced = (page: Page, scope: string) => page.getByRole("dialog").getByRole("group", { name: "ADVANCED SCOPES" }).getByRole("checkbox", { name: new RegExp(`^${scope} `) });
const basic = (page: Page, name: string) => page.getByRole("dialog").getByRole("group", { name: "BASIC SCOPES" }).getByRole("checkbox", { name: new RegExp(`^${name}`) });

async function addCollaborator(page: Page, email: string, choose: (page: Page) => Promise<void>) {
  const dialog = await openAddDialog(page);
  await dialog.getByLabel("Email").fill(email);
  await choose(page);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
}

test("a collaborator added with labeling scopes sees the shared app, and the explainer names the grant layer for deletes", async ({ page }) => {
  const worker = await newPerson(page, "labeler");
  await signInAs(page, PERSONAS.admin);
  await addCollaborator(page, worker.email, async (p) => {
    await basic(p, "Annotation").check();
    await advanced(p, "Annotations:Delete").uncheck();
    await advanced(p, "Inputs:Get").check();
    await advanced(p, "Concepts:Get").check();
  });
  const row = page.getByRole("row", { name: new RegExp(worker.name) });
  await expect(row).toContainText("Annotations:Add");
  await expect(row).not.toContainText("Annotations:Delete");
  await signOut(page);

  await signInAs(page, worker.email, NEW_USER_PASSWORD);
  await page.getByRole("link", { name: /Shared with you \(1\)/ }).click();
  await page.getByRole("link", { name: /Sandbox/ }).click();
  await page.goto("/demo-admin/sandbox/settings/explain");
  await page.getByLabel("Action or endpoint").fill("DeleteAnnotations");
  await page.getByRole("button", { name: "Explain" }).click();
  await expect(page.getByText("Collaborator: Annotations:Add, Annotations:Get")).toBeVisible();
  await expect(page.getByRole("row", { name: /Browser session/ })).toContainText("Denied by the grants (owner, role, teams, collaboration) — missing Annotations:Delete");
  await expect(page.getByLabel("Action or endpoint")).toHaveValue("DeleteAnnotations");
  await page.getByLabel("Action or endpoint").fill("PostAnnotations");
  await page.getByRole("button", { name: "Explain" }).click();
  await expect(page.getByRole("row", { name: /Browser session/ })).toContainText("Allowed (granted by collaborator)");

  // The collaboration comes with its own token, listed at once and revealed once.
  await page.goto("/settings/security");
  const tokenRow = page.getByRole("row", { name: /Collaboration: demo-admin\/sandbox/ });
  await expect(tokenRow).toContainText("Ready to reveal");
  await expect(tokenRow).toContainText("4 scopes · all endpoints");
  await tokenRow.getByRole("button", { name: /^Reveal/ }).click();
  await expect(page.getByRole("dialog").getByLabel("New token")).toHaveText(/^\w+_\w{30,}$/);
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  await expect(tokenRow).toContainText("Active");
  await expect(tokenRow.getByRole("button", { name: /^Reveal/ })).toHaveCount(0);

  // A collaborator may leave the app.
  await page.goto("/demo-admin/sandbox/settings");
  await page.getByRole("button", { name: "Leave this app" }).click();
  await page.getByRole("dialog", { name: "Leave Sandbox?" }).getByRole("button", { name: "Leave app" }).click();
  await expect(page.getByRole("link", { name: /Shared with you \(0\)/ })).toBeVisible();
  expect((await page.goto("/demo-admin/sandbox"))?.status()).toBe(404);
});

test("a collaborator with the Collaborator scope invites only within their own scopes and cannot manage wider collaborators", async ({ page }) => {
  const lead = await newPerson(page, "lead");
  const wide = await newPerson(page, "wide");
  const third = await newPerson(page, "third");
  await signInAs(page, PERSONAS.admin);
  await addCollaborator(page, lead.email, async (p) => {
    await basic(p, "Collaborator").check();
    await advanced(p, "Inputs:Get").check();
  });
  await addCollaborator(page, wide.email, async (p) => {
    await basic(p, "Input").check();
  });
  await signOut(page);

  await signInAs(page, lead.email, NEW_USER_PASSWORD);
  const dialog = await openAddDialog(page);
  await expect(advanced(page, "Inputs:Get")).toBeEnabled();
  await expect(advanced(page, "Inputs:Delete")).toBeDisabled();
  await expect(advanced(page, "Models:Train")).toBeDisabled();
  await expect(basic(page, "Model")).toBeDisabled();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Posted directly, scopes beyond the lead's are refused and nobody is added.
  const beyond = await callServerAction(page, "lib/actions/collaborators.ts", "addCollaboratorAction", [{ ...APP, email: third.email, scopes: ["Inputs:Get", "Inputs:Delete"] }]);
  expect(beyond.body).toContain('"code":"forbidden"');
  expect(beyond.body).toContain("Inputs:Delete");
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(third.name) })).toHaveCount(0);

  // The wider collaborator's row offers no Edit or Remove, and direct calls are refused.
  const wideRow = page.getByRole("row", { name: new RegExp(wide.name) });
  await expect(wideRow).toBeVisible();
  await expect(wideRow.getByRole("button")).toHaveCount(0);
  const change = await callServerAction(page, "lib/actions/collaborators.ts", "changeCollaboratorAction", [{ ...APP, user: wide.handle, scopes: ["Inputs:Get"] }]);
  expect(change.body).toContain('"code":"forbidden"');
  const removal = await callServerAction(page, "lib/actions/collaborators.ts", "removeCollaboratorAction", [{ ...APP, user: wide.handle }]);
  expect(removal.body).toContain('"code":"forbidden"');
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(wide.name) })).toContainText("Inputs:Add");

  // Within their scopes, the invitation goes through.
  await addCollaborator(page, third.email, async (p) => {
    await advanced(p, "Inputs:Get").check();
  });
  await expect(page.getByRole("row", { name: new RegExp(third.name) })).toContainText("Inputs:Get");
});

test("bad input in the Add Collaborators dialog gets clear messages and adds nobody", async ({ page }) => {
  await signInAs(page, PERSONAS.admin);
  const dialog = await openAddDialog(page);
  await dialog.getByLabel("Email").fill("not-an-email");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();
  await expect(dialog.getByText("Choose at least one scope.")).toBeVisible();
  await dialog.getByLabel("Email").fill(PERSONAS.admin);
  await advanced(page, "Inputs:Get").check();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByText("This person owns the app and already has full access.")).toBeVisible();
  await dialog.getByLabel("Email").fill("nobody-here@example.test");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByText("No account uses this email.")).toBeVisible();
  await dialog.getByRole("button", { name: "Send an invitation to sign up" }).click();
  await expect(dialog.getByText("An invitation to sign up was sent to nobody-here@example.test.")).toBeVisible();
  const unknown = await callServerAction(page, "lib/actions/collaborators.ts", "addCollaboratorAction", [{ ...APP, email: PERSONAS.user, scopes: ["Inputs:Teleport"] }]);
  expect(unknown.body).toContain("Unknown scopes: Inputs:Teleport.");
});

test("removing a collaborator ends their access and revokes the collaboration's token", async ({ page, request }) => {
  const person = await newPerson(page, "leaver");
  await signInAs(page, PERSONAS.admin);
  await addCollaborator(page, person.email, async (p) => {
    await basic(p, "Predict").check();
  });
  await signOut(page);

  await signInAs(page, person.email, NEW_USER_PASSWORD);
  await page.goto("/settings/security");
  await page.getByRole("row", { name: /Collaboration: demo-admin\/sandbox/ }).getByRole("button", { name: /^Reveal/ }).click();
  const secret = (await page.getByLabel("New token").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^acpat_/);
  await page.getByRole("button", { name: "Done" }).click();
  const url = "/v2/users/demo-admin/apps/sandbox/myscopes";
  const before = await request.get(url, { headers: { Authorization: `Key ${secret}` } });
  expect(before.status()).toBe(200);
  expect((await before.json()).scopes).toEqual(["Predict"]);
  await signOut(page);

  await signInAs(page, PERSONAS.admin);
  await page.goto(COLLABORATORS_URL);
  await page.getByRole("button", { name: `Remove ${person.name}` }).click();
  await page.getByRole("dialog", { name: `Remove ${person.name}?` }).getByRole("button", { name: "Remove collaborator" }).click();
  // While the dialog is open the table is hidden from the accessibility tree: wait for it to close.
  await expect(page.getByRole("dialog", { name: `Remove ${person.name}?` })).toBeHidden();
  await expect(page.getByRole("row", { name: new RegExp(person.name) })).toHaveCount(0);

  // The collaboration's token ends with it.
  const after = await request.get(url, { headers: { Authorization: `Key ${secret}` } });
  expect(after.status()).toBe(401);
  await signOut(page);
  await signInAs(page, person.email, NEW_USER_PASSWORD);
  expect((await page.goto("/demo-admin/sandbox"))?.status()).toBe(404);
});

test("the endpoint list offers only what the chosen scopes allow, warns about a scope no endpoint uses, and the collaborator is told the limit", async ({ page }) => {
  const person = await newPerson(page, "limited");
  await signInAs(page, PERSONAS.admin);
  const dialog = await openAddDialog(page);
  await dialog.getByLabel("Email").fill(person.email);
  // One count for a collaborator, with why it is not the catalog's.
  await expect(dialog.getByText("0 of 33 scopes selected.")).toBeVisible();
  await expect(dialog.getByText(/A collaborator can hold 33 of the 44 scopes/)).toBeVisible();
  await advanced(page, "Inputs:Get").check();
  await dialog.getByLabel("Selected endpoints only").check();
  const endpoints = dialog.getByRole("group", { name: "Input endpoints" });
  // Clarifai's method names with plain descriptions; nothing Inputs:Get does not allow.
  await expect(endpoints.getByRole("checkbox", { name: "ListInputs", exact: true })).toBeVisible();
  await expect(endpoints.getByText("List the app's inputs")).toBeVisible();
  await expect(dialog.getByRole("checkbox", { name: "PostInputs", exact: true })).toHaveCount(0);
  await expect(dialog.getByText("/clarifai.api.V2/")).toHaveCount(0);
  await advanced(page, "Inputs:Add").check();
  await expect(endpoints.getByRole("checkbox", { name: "PostInputs", exact: true })).toBeVisible();
  await endpoints.getByRole("checkbox", { name: "ListInputs", exact: true }).check();
  await expect(dialog.getByRole("status").filter({ hasText: "No chosen endpoint uses Inputs:Add" })).toBeVisible();
  await endpoints.getByRole("checkbox", { name: "PostInputs", exact: true }).check();
  await expect(dialog.getByRole("status").filter({ hasText: "No chosen endpoint uses" })).toHaveCount(0);
  // Unticking the scope keeps the endpoint in sight, marked, rather than dropping it unseen.
  await advanced(page, "Inputs:Add").uncheck();
  await expect(dialog.getByRole("group", { name: "Endpoints the chosen scopes do not allow" }).getByRole("checkbox", { name: "PostInputs", exact: true })).toBeChecked();
  // Sent as it is, the server refuses it and adds nobody.
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByText(/PostInputs needs Inputs:Add/)).toBeVisible();
  await advanced(page, "Inputs:Add").check();
  // The dialog is the one scroll area: no list inside it scrolls on its own.
  const scrollers = await dialog.evaluate((root) => [root, ...root.querySelectorAll("*")].filter((element) => ["auto", "scroll"].includes(getComputedStyle(element).overflowY)).length);
  expect(scrollers).toBe(1);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`${person.name} was added as a collaborator, limited to 2 endpoints. They were told by email.`)).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(person.name) });
  await expect(row).toContainText("2 endpoints only");
  const mail = await waitForMail(person.email, /added as a collaborator/);
  expect(mail.text).toContain("limited to these 2 endpoints: ListInputs, PostInputs.");

  // One click from the row: the explainer answers for this person, and links to the grant to change.
  await row.getByRole("link", { name: `Explain the access of ${person.name}` }).click();
  await expect(page.getByLabel("Person's email")).toHaveValue(person.email);
  await page.getByLabel("Action or endpoint").fill("predict");
  await page.getByRole("button", { name: "Explain" }).click();
  const decisions = page.getByRole("table", { name: "Decisions for PostModelOutputs" });
  await expect(decisions.getByRole("row", { name: /Browser session/ })).toContainText("missing Predict");
  await decisions.getByRole("link", { name: "Edit this collaborator's scopes and endpoints" }).click();
  await expect(page.getByRole("dialog", { name: `Edit scopes of ${person.name}` })).toBeVisible();
});

test("every row of who has access explains that person, and a plain action runs each endpoint it calls", async ({ page }) => {
  await signInAs(page, PERSONAS.admin);
  await page.goto("/demo-admin/sandbox/settings/access");
  const first = page.getByRole("table", { name: "Who has access" }).getByRole("link", { name: /^Explain the access of / }).first();
  await first.click();
  await expect(page).toHaveURL(/\/settings\/explain\?user=/);
  await expect(page.getByRole("table", { name: "Decisions for PostModelOutputs" })).toBeVisible();
  await page.getByLabel("Action or endpoint").fill("manage collaborators");
  await page.getByRole("button", { name: "Explain" }).click();
  for (const method of ["PostCollaborators", "PatchCollaborators", "DeleteCollaborators"]) await expect(page.getByRole("table", { name: `Decisions for ${method}` })).toBeVisible();
  await expect(page.getByText("“manage collaborators” calls PostCollaborators, PatchCollaborators, DeleteCollaborators.")).toBeVisible();
  await page.getByLabel("Action or endpoint").fill("fly to the moon");
  await page.getByRole("button", { name: "Explain" }).click();
  await expect(page.getByText(/Choose an action/)).toBeVisible();
});
