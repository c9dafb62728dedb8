import { expect, test, type Page } from "@playwright/test";
import ClarifaiModule from "clarifai";
import { PERSONAS, signInAs, uniqueSuffix } from "./support/session";

// The real `clarifai` npm client (2.9.1), pointed at this server with only its apiEndpoint changed,
// against the production build: an app key made in App Settings drives inputs, concepts and
// models through the client's own calls, and a key without the needed scopes is refused 11007.
// (Its Input class expects an image, so text inputs are covered over plain HTTP elsewhere.)

type ClarifaiError = { response?: { status: number; data: { status: { code: number; missing_scopes?: string[] } } } };
// The client answers lists as array-likes (indexed objects with a length), not arrays.
type Listed<T> = ArrayLike<T>;
type ClarifaiApp = {
  inputs: {
    create(input: unknown): Promise<Listed<{ id: string }>>;
    list(options?: { page?: number; perPage?: number }): Promise<Listed<{ id: string; imageUrl: string }>>;
    get(id: string): Promise<{ id: string; imageUrl: string; concepts: Listed<{ id: string; value: number | null }> }>;
    delete(id: string): Promise<unknown>;
  };
  concepts: {
    create(concepts: unknown): Promise<Listed<{ id: string; name: string }>>;
    list(): Promise<Listed<{ id: string; name: string }>>;
    get(id: string): Promise<{ id: string; name: string }>;
    update(concepts: unknown, action?: string): Promise<Listed<{ id: string; name: string }>>;
  };
  models: { list(): Promise<Listed<{ id: string }>>; get(id: string): Promise<{ id: string; name: string }> };
};

const ids = (list: Listed<{ id: string }>): string[] => Array.from(list, (item) => item.id);

const Clarifai = ClarifaiModule as { App: new (options: { apiKey: string; apiEndpoint: string }) => ClarifaiApp };

async function createAppKey(page: Page, app: string, name: string, pick: (dialog: ReturnType<Page["getByRole"]>) => Promise<void>): Promise<string> {
  await page.goto(`/${app}/settings`);
  await page.getByRole("navigation", { name: "App settings" }).getByRole("link", { name: "API keys" }).click();
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await pick(dialog);
  await dialog.getByRole("button", { name: "Create API key" }).click();
  const secret = (await dialog.getByLabel("New token").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^ackey_/);
  await dialog.getByRole("button", { name: "Done" }).click();
  return secret;
}

async function refusedCode(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call;
  } catch (error) {
    return (error as ClarifaiError).response?.data.status.code;
  }
  throw new Error("the call was expected to be refused");
}

test("the clarifai client creates, lists, gets and deletes inputs, creates, lists, gets and renames concepts and lists and gets models; a key without the scopes is refused 11007", async ({ page, request, baseURL }) => {
  await signInAs(page, PERSONAS.admin);
  const suffix = uniqueSuffix();
  const full = await createAppKey(page, "demo-admin/sandbox", `client ${suffix}`, async (dialog) => {
    await dialog.getByLabel("Select All Scopes").check();
  });
  const predictOnly = await createAppKey(page, "demo-admin/sandbox", `predict ${suffix}`, async (dialog) => {
    await dialog.getByRole("group", { name: "BASIC SCOPES" }).getByLabel(/^Predict/).check();
  });

  const client = new Clarifai.App({ apiKey: full, apiEndpoint: baseURL! });
  const id = `dog-${suffix}`;
  const created = await client.inputs.create({ url: `https://images.example/${id}.jpg`, id, concepts: [{ id: `dog${suffix}`, value: 1 }] });
  expect(ids(created)).toEqual([id]);
  expect(ids(await client.inputs.list({ page: 1, perPage: 50 }))).toContain(id);
  const fetched = await client.inputs.get(id);
  expect(fetched).toMatchObject({ id, imageUrl: `https://images.example/${id}.jpg` });
  expect(Array.from(fetched.concepts)).toEqual([expect.objectContaining({ id: `dog${suffix}`, value: 1 })]);

  const concepts = await client.concepts.create([{ id: `cat${suffix}`, name: "Cat" }]);
  expect(ids(concepts)).toEqual([`cat${suffix}`]);
  expect(ids(await client.concepts.list())).toEqual(expect.arrayContaining([`cat${suffix}`, `dog${suffix}`]));
  expect(await client.concepts.get(`cat${suffix}`)).toMatchObject({ id: `cat${suffix}`, name: "Cat" });
  expect(Array.from(await client.concepts.update({ id: `cat${suffix}`, name: "Kitten" }))).toEqual([expect.objectContaining({ id: `cat${suffix}`, name: "Kitten" })]);
  expect(await client.concepts.get(`cat${suffix}`)).toMatchObject({ name: "Kitten" });
  // A model record made over plain HTTP (the client's own create sends training options this
  // server does not take) is listed by the client.
  const model = await request.post("/v2/models", { headers: { Authorization: `Key ${full}` }, data: { model: { id: `classifier-${suffix}`, name: "Classifier" } } });
  expect(model.status()).toBe(200);
  expect(ids(await client.models.list())).toContain(`classifier-${suffix}`);
  expect(await client.models.get(`classifier-${suffix}`)).toMatchObject({ id: `classifier-${suffix}`, name: "Classifier" });

  await client.inputs.delete(id);
  expect(await refusedCode(client.inputs.get(id))).toBe(30102);

  // The same calls with a key that holds only Predict: each refused by the scope module.
  const limited = new Clarifai.App({ apiKey: predictOnly, apiEndpoint: baseURL! });
  const refusals = [
    limited.inputs.create({ url: "https://images.example/x.jpg", id: `x-${suffix}` }),
    limited.inputs.list(),
    limited.inputs.get(id),
    limited.inputs.delete(`x-${suffix}`),
    limited.concepts.create([{ id: `y${suffix}` }]),
    limited.concepts.list(),
    limited.concepts.get(`cat${suffix}`),
    limited.concepts.update({ id: `cat${suffix}`, name: "Refused" }),
    limited.models.list(),
    limited.models.get(`classifier-${suffix}`),
  ];
  for (const refusal of refusals) expect(await refusedCode(refusal)).toBe(11007);
  // …and nothing was written by them.
  expect(ids(await client.inputs.list({ page: 1, perPage: 200 }))).not.toContain(`x-${suffix}`);
  expect(ids(await client.concepts.list())).not.toContain(`y${suffix}`);
  expect(await client.concepts.get(`cat${suffix}`)).toMatchObject({ name: "Kitten" });
});
