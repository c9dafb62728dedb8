import { expect, test, type Page } from "@playwright/test";
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
  await page.getByLabel("Endpoint").selectOption("/clarifai.api.V2/DeleteAnnotations");
  await page.getByRole("button", { name: "Explain" }).click();
  await expect(page.getByText("Collaborator: Annotations:Add, Annotations:Get")).toBeVisible();
  await expect(page.getByRole("row", { name: /Browser session/ })).toContainText("Denied by the grants (owner, role, teams, collaboration) — missing Annotations:Delete");
  await expect(page.getByLabel("Endpoint")).toHaveValue("/clarifai.api.V2/DeleteAnnotations");
  await page.getByLabel("Endpoint").selectOption("/clarifai.api.V2/PostAnnotations");
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
  await expect(page.getByRole("row", { name: new RegExp(person.name) })).toHaveCount(0);

  // The collaboration's token ends with it.
  const after = await request.get(url, { headers: { Authorization: `Key ${secret}` } });
  expect(after.status()).toBe(401);
  await signOut(page);
  await signInAs(page, person.email, NEW_USER_PASSWORD);
  expect((await page.goto("/demo-admin/sandbox"))?.status()).toBe(404);
});
