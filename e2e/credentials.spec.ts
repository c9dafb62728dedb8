import { expect, test, type Page } from "@playwright/test";
import { PERSONAS, formAlert, signInAs, uniqueSuffix } from "./support/session";
import { issueToken } from "../lib/credentials/token";

test("a personal access token is created with scopes, shown once, listed by hint and revoked", async ({ page }) => {
  await signInAs(page, PERSONAS.infra);
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Security & access tokens" }).click();
  await expect(page.getByRole("heading", { name: "Security" })).toBeVisible();

  // No scopes chosen: refused with a message, nothing created.
  await page.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog", { name: "Create token" });
  await dialog.getByLabel("Name", { exact: true }).fill("empty");
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(dialog.getByText("Choose at least one scope.")).toBeVisible();

  await dialog.getByLabel("Name", { exact: true }).fill("Batch predictions");
  await dialog.getByRole("group", { name: "BASIC SCOPES" }).getByLabel(/^Predict/).check();
  await dialog.getByLabel("Selected endpoints only").check();
  await dialog.getByPlaceholder("Search endpoints").fill("PostModelOutputs");
  await dialog.getByRole("checkbox", { name: /PostModelOutputs/ }).check();
  await dialog.getByRole("button", { name: "Create token" }).click();
  const secret = (await dialog.getByLabel("New token").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^acpat_[0-9A-Za-z]{39}$/);
  await dialog.getByRole("button", { name: "Done" }).click();

  const row = page.getByRole("row", { name: /Batch predictions/ });
  await expect(row).toContainText(`acpat_…${secret.slice(-4)}`);
  await expect(row).toContainText("1 scope · 1 endpoint");
  await expect(row).toContainText("Active");
  await page.reload();
  expect(await page.content()).not.toContain(secret);

  await row.getByRole("button", { name: "Revoke Batch predictions" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke token?" });
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByRole("row", { name: /Batch predictions/ })).toContainText("Revoked");
  await expect(page.getByRole("button", { name: "Revoke Batch predictions" })).toHaveCount(0);
  await expect(formAlert(page)).toHaveCount(0);
});

/** Creates a personal access token through the security page and returns its secret. */
async function createToken(page: Page, name: string, basicScopes: RegExp[], endpoints: string[] | "all" = "all"): Promise<string> {
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog", { name: "Create token" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  for (const scope of basicScopes) await dialog.getByRole("group", { name: "BASIC SCOPES" }).getByLabel(scope).check();
  if (endpoints !== "all") {
    await dialog.getByLabel("Selected endpoints only").check();
    for (const endpoint of endpoints) {
      await dialog.getByPlaceholder("Search endpoints").fill(endpoint);
      await dialog.getByRole("checkbox", { name: new RegExp(`^${endpoint}$`) }).check();
    }
  }
  await dialog.getByRole("button", { name: "Create token" }).click();
  const secret = (await dialog.getByLabel("New token").textContent())?.trim() ?? "";
  await dialog.getByRole("button", { name: "Done" }).click();
  return secret;
}

test("the API authenticates tokens, scopes them by grants and explains refusals", async ({ page, request }) => {
  await signInAs(page, PERSONAS.user); // Organization User: every :Get, Search and Predict on demo-org apps
  const secret = await createToken(page, "api reader", [/^Input/, /^Predict/, /^Model/]);
  const scoped = await createToken(page, "predict only", [/^Predict/], ["PostModelOutputs"]);
  const url = "/v2/users/demo-org/apps/product-search/myscopes";

  const ok = await request.get(url, { headers: { Authorization: `Key ${secret}` } });
  expect(ok.status()).toBe(200);
  const body = await ok.json();
  expect(body.status).toMatchObject({ code: 10000, description: "Ok" });
  // Grants ∩ token: the role gives only reads, search and predict, so Inputs:Add and Models:Train drop out.
  expect(body.scopes).toEqual(expect.arrayContaining(["Inputs:Get", "Models:Get", "Predict"]));
  expect(body.scopes).not.toContain("Inputs:Add");
  expect(body.scopes).not.toContain("Models:Train");

  const missing = await request.get(url);
  expect(missing.status()).toBe(401);
  expect((await missing.json()).status.code).toBe(11102);

  // A typo breaks the key's checksum: malformed (11008). A well-formed key that does not exist is
  // 11009, the answer a revoked one gets below. Cookies are ignored by the API.
  const typo = secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a");
  const malformed = await request.get(url, { headers: { Authorization: `Key ${typo}` } });
  expect(malformed.status()).toBe(401);
  expect((await malformed.json()).status).toMatchObject({ code: 11008, details: "Invalid format of key." });
  const unknown = await request.get(url, { headers: { Authorization: `Key ${issueToken("pat").secret}` } });
  expect(unknown.status()).toBe(401);
  expect((await unknown.json()).status).toMatchObject({ code: 11009, description: "API key not found" });

  // MyScopes tells any live key what it may do; a method outside the key's endpoints is refused.
  const told = await request.get(url, { headers: { Authorization: `Key ${scoped}` } });
  expect(told.status()).toBe(200);
  const toldEndpoints = (await told.json()).endpoints as string[];
  expect(toldEndpoints).toContain("/clarifai.api.V2/PostModelOutputs");
  expect(toldEndpoints).not.toContain("/clarifai.api.V2/ListInputs");
  const denied = await request.get("/v2/users/demo-org/apps/product-search/inputs", { headers: { Authorization: `Key ${scoped}` } });
  expect(denied.status()).toBe(403);
  const deniedBody = await denied.json();
  expect(deniedBody.status.code).toBe(11007);
  expect(deniedBody.status.denied_by).toBe("endpoint_not_in_credential");
  expect(typeof deniedBody.status.details).toBe("string");

  const foreign = await request.get("/v2/users/demo-org/apps/no-such-app/myscopes", { headers: { Authorization: `Key ${secret}` } });
  expect(foreign.status()).toBe(404);
  expect((await foreign.json()).status.code).toBe(11101);

  // Revoked: refused exactly like an unknown token.
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Revoke api reader" }).click();
  await page.getByRole("dialog", { name: "Revoke token?" }).getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByRole("row", { name: /api reader/ })).toContainText("Revoked");
  const revoked = await request.get(url, { headers: { Authorization: `Key ${secret}` } });
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()).status).toMatchObject({ code: 11009, description: "API key not found" });
});

test("an app API key is created in App Settings and works on its own app only", async ({ page, request }) => {
  await signInAs(page, PERSONAS.admin);
  await page.goto("/demo-admin/sandbox/settings");
  await page.getByRole("navigation", { name: "App settings" }).getByRole("link", { name: "API keys" }).click();
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await dialog.getByLabel("Name", { exact: true }).fill("sandbox predictions");
  await dialog.getByRole("group", { name: "BASIC SCOPES" }).getByLabel(/^Predict/).check();
  await dialog.getByRole("button", { name: "Create API key" }).click();
  const secret = (await dialog.getByLabel("New token").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^ackey_[0-9A-Za-z]{39}$/);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row", { name: /sandbox predictions/ })).toContainText("@demo-admin");

  const own = await request.get("/v2/myscopes", { headers: { Authorization: `Key ${secret}` } });
  expect(own.status()).toBe(200);
  expect(await own.json()).toMatchObject({ scopes: ["Predict"], app: { id: "sandbox", user_id: "demo-admin" } });
  const elsewhere = await request.get("/v2/users/demo-org/apps/product-search/myscopes", { headers: { Authorization: `Key ${secret}` } });
  expect(elsewhere.status()).toBe(403);
  expect((await elsewhere.json()).status.denied_by).toBe("credential_not_for_app");
});

test("a new token's dialog alone is enough to call the API: base URL, header, snippets and the reference", async ({ page, request }) => {
  await signInAs(page, PERSONAS.infra);
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog", { name: "Create token" });
  await dialog.getByLabel("Name", { exact: true }).fill("From the dialog");
  await dialog.getByRole("group", { name: "BASIC SCOPES" }).getByLabel(/^Input/).check();
  await dialog.getByRole("button", { name: "Create token" }).click();

  const base = (await dialog.getByLabel("Base URL", { exact: true }).textContent())?.trim() ?? "";
  const header = (await dialog.getByLabel("Header", { exact: true }).textContent())?.trim() ?? "";
  expect(base).toMatch(/^http:\/\/localhost:\d+\/v2$/);
  const [name, value] = header.split(/:\s(.+)/);
  expect(name).toBe("Authorization");
  await expect(dialog.getByLabel("cURL example", { exact: true })).toContainText(`-H "${header}"`);
  await expect(dialog.getByLabel("Python example", { exact: true })).toContainText(`"Authorization": "${value}"`);

  // The call the snippets make, with what the dialog shows and nothing else.
  const url = (await dialog.getByLabel("cURL example", { exact: true }).textContent())?.match(/curl "([^"]+)"/)?.[1] ?? "";
  expect(url.startsWith(base)).toBe(true);
  const answer = await request.get(url, { headers: { Authorization: value! } });
  expect(answer.status()).toBe(200);
  expect(((await answer.json()) as { scopes: string[] }).scopes).toEqual(expect.arrayContaining(["Inputs:Get"]));

  // A Bearer token is told which scheme to use.
  const bearer = await request.get(url, { headers: { Authorization: value!.replace(/^Key/, "Bearer") } });
  expect(bearer.status()).toBe(401);
  expect(((await bearer.json()) as { status: { details: string } }).status.details).toContain("Authorization: Key");

  // The reference it links to (in a new tab: the secret stays on screen) lists every method with its path and scopes.
  const [reference] = await Promise.all([page.waitForEvent("popup"), dialog.getByRole("link", { name: /^API reference/ }).click()]);
  await expect(reference.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  await expect(reference.getByRole("row", { name: /^ListInputs / })).toContainText("Inputs:Get");
  await expect(dialog.getByLabel("New token")).toBeVisible();
});

/** Reads what the reveal dialog shows: the base URL, the header, and the example call's URL. */
async function dialogUsage(dialog: ReturnType<Page["getByRole"]>): Promise<{ base: string; header: string; value: string; url: string }> {
  const base = (await dialog.getByLabel("Base URL", { exact: true }).textContent())?.trim() ?? "";
  const header = (await dialog.getByLabel("Header", { exact: true }).textContent())?.trim() ?? "";
  const [, value = ""] = header.split(/:\s(.+)/);
  const url = (await dialog.getByLabel("cURL example", { exact: true }).textContent())?.match(/curl "([^"]+)"/)?.[1] ?? "";
  return { base, header, value, url };
}

test("as each persona, a new token's dialog alone makes a successful call, in cURL, Python and Clarifai's Python client", async ({ browser }) => {
  test.setTimeout(300_000);
  for (const persona of Object.values(PERSONAS)) {
    const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const page = await context.newPage();
    await signInAs(page, persona);
    await page.goto("/settings/security");
    await page.getByRole("button", { name: "Create token" }).click();
    const dialog = page.getByRole("dialog", { name: "Create token" });
    await dialog.getByLabel("Name", { exact: true }).fill(`From the dialog ${uniqueSuffix()}`);
    await dialog.getByRole("group", { name: "BASIC SCOPES" }).getByLabel(/^Input/).check();
    await dialog.getByRole("button", { name: "Create token" }).click();

    const { base, header, value, url } = await dialogUsage(dialog);
    expect(base, persona).toMatch(/^https?:\/\/[^/]+\/v2$/);
    expect(header, persona).toMatch(/^Authorization: Key acpat_\w+$/);
    expect(url.startsWith(base), persona).toBe(true);
    await expect(dialog.getByLabel("Python example", { exact: true })).toContainText(`"Authorization": "${value}"`);
    // Clarifai's own client: its channel takes the console's address (it adds /v2) and the same header.
    const client = dialog.getByLabel("Python (Clarifai client) example", { exact: true });
    await expect(client).toContainText(`ClarifaiChannel.get_json_channel(base_url="${base.replace(/\/v2$/, "")}")`);
    await expect(client).toContainText(`(("authorization", "${value}"),)`);
    await expect(client).toContainText("stub.MyScopesUser(");

    // The call, made with what the dialog shows and nothing else.
    const answer = await fetch(url, { headers: { Authorization: value } });
    expect(answer.status, persona).toBe(200);
    const body = (await answer.json()) as { status: { code: number }; scopes: string[] };
    expect(body.status.code, persona).toBe(10000);
    expect(body.scopes, persona).toEqual(expect.arrayContaining(["Inputs:Get"]));
    await expect(dialog.getByRole("link", { name: /^API reference/ })).toHaveAttribute("href", "/settings/api");
    await context.close();
  }
});

test("a developer limits a token to one app: it works there and is refused on another app, with the reason", async ({ page }) => {
  await signInAs(page, PERSONAS.contributor); // Organization Contributor: every demo-org app
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog", { name: "Create token" });
  const name = `product search only ${uniqueSuffix()}`;
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByRole("group", { name: "BASIC SCOPES" }).getByLabel(/^Input/).check();

  // "Only selected apps" with none chosen is refused, and says why.
  await dialog.getByLabel("Only selected apps").check();
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(dialog.getByText("Choose at least one app, or all apps.")).toBeVisible();

  await dialog.getByLabel("Search your apps").fill("product");
  await dialog.getByRole("checkbox", { name: /^demo-org\/product-search/ }).check();
  await expect(dialog.getByRole("list", { name: "Selected apps" })).toContainText("demo-org/product-search");
  await dialog.getByRole("button", { name: "Create token" }).click();
  const { base, value } = await dialogUsage(dialog);
  expect(value).toMatch(/^Key acpat_/);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("demo-org/product-search");

  const there = await fetch(`${base}/users/demo-org/apps/product-search/inputs`, { headers: { Authorization: value } });
  expect(there.status).toBe(200);
  const elsewhere = await fetch(`${base}/users/demo-org/apps/moderation/inputs`, { headers: { Authorization: value } });
  expect(elsewhere.status).toBe(403);
  const refused = (await elsewhere.json()) as { status: { code: number; denied_by: string; details: string } };
  expect(refused.status).toMatchObject({ code: 11007, denied_by: "credential_not_for_app" });
  expect(refused.status.details).toContain("limited to other apps");
});
