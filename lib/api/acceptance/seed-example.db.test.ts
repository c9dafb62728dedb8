// The Scopes seed's "Combining Scopes" example, over HTTP: a key with Predict at operation level
// but only the PostSearches endpoint can search (visual searches included) and nothing else —
// PostModelOutputs above all — refused at the endpoint layer; and a collaborator's grant bounds
// whatever their token holds, the refusal naming the grant layer.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { openTestDatabase } from "@/db/testing";
import { addCollaborator, changeCollaborator } from "@/lib/operations/collaborators";
import {
  EVERY_SCOPE,
  appKey,
  appPath,
  call,
  dataDump,
  envelopeProblems,
  expectRefusal,
  personalApp,
  personalToken,
  seedAppData,
  setUp,
  verifiedUser,
  type Answer,
  type AppRef,
} from "./support";

let handle: DatabaseHandle;
let ownerId = "";
let carolId = "";
let data: Awaited<ReturnType<typeof seedAppData>>;
const vision: AppRef = { owner: "owner", app: "vision" };

// The example's key: Predict at operation level, and what PostSearches itself needs (Search, and
// Inputs:Get for the inputs it answers), but one endpoint only.
const EXAMPLE_SCOPES = ["Predict", "Search", "Inputs:Get"];
const ONLY_SEARCH = ["/clarifai.api.V2/PostSearches"];

const byConcept = (id: string) => ({ query: { ands: [{ input: { data: { concepts: [{ id, value: 1 }] } } }] } });
// A search by visual similarity: needs a model to embed the query, hence Predict.
const visual = { searches: [{ query: { ranks: [{ annotation: { data: { image: { url: "https://example.com/query.jpg" } } } }] } }] };
const predictBody = { inputs: [{ data: { image: { url: "https://example.com/cat.jpg" } } }] };

/** Sends a request that must be refused, and checks that it changed nothing. */
async function refused(method: string, path: string, key: string, body?: unknown): Promise<Answer> {
  const before = await dataDump(handle.db);
  const answer = await call(handle.db, method, path, { key, body });
  expect(await dataDump(handle.db)).toBe(before);
  return answer;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  ownerId = await verifiedUser(handle.db, "owner");
  carolId = await verifiedUser(handle.db, "carol");
  await personalApp(handle.db, ownerId, vision);
  data = await seedAppData(handle.db, ownerId, vision);
});
afterAll(async () => {
  await handle?.close();
});

describe.each([
  { kind: "an app key", make: () => appKey(handle.db, ownerId, vision, EXAMPLE_SCOPES, ONLY_SEARCH) },
  { kind: "a personal access token", make: () => personalToken(handle.db, ownerId, EXAMPLE_SCOPES, ONLY_SEARCH) },
])("$kind with Predict at operation level and only the PostSearches endpoint", ({ make }) => {
  let key = "";
  beforeAll(async () => {
    key = (await make()).secret;
  });

  it("searches: PostSearches answers the inputs labelled with the concept", async () => {
    const answer = await call(handle.db, "POST", appPath(vision, "searches"), { key, body: byConcept(data.concept) });
    expect(envelopeProblems(answer)).toEqual([]);
    expect(answer.status).toBe(200);
    expect((answer.json.hits as Array<{ input: { id: string } }>).map((hit) => hit.input.id)).toEqual([data.input]);
  });

  it("may make a visual search, which is why it holds Predict: authorized, then told no model runs here", async () => {
    const answer = await call(handle.db, "POST", appPath(vision, "searches"), { key, body: visual });
    expect(envelopeProblems(answer)).toEqual([]);
    expect(answer.status).toBe(501);
    expect(answer.json.status.code).toBe(10020);
    expect(answer.json.hits).toEqual([]);
  });

  it("is refused PostModelOutputs at the endpoint layer, though it holds Predict, and nothing runs", async () => {
    for (const path of [`models/${data.model}/outputs`, `models/${data.model}/versions/v1/outputs`]) {
      const answer = await refused("POST", appPath(vision, path), key, predictBody);
      expectRefusal(answer, 403, 11007);
      expect(answer.json.status).toMatchObject({ denied_by: "endpoint_not_in_credential", missing_scopes: [] });
      expect(answer.json.status.details).toMatch(/PostModelOutputs/);
      expect(answer.json.outputs).toEqual([]);
    }
  });

  it("is refused every other method at the endpoint layer, even those its operation scopes cover", async () => {
    const others: Array<[string, string, string, unknown?]> = [
      ["PostWorkflowResults", "POST", `workflows/${data.workflow}/results`, predictBody],
      ["ListInputs", "GET", "inputs"],
      ["GetInput", "GET", `inputs/${data.input}`],
      ["PostAnnotationsSearches", "POST", "annotations/searches", { searches: [{ query: { filters: [] } }] }],
    ];
    for (const [method, verb, path, body] of others) {
      const answer = await refused(verb, appPath(vision, path), key, body);
      expectRefusal(answer, 403, 11007);
      expect(answer.json.status.denied_by, method).toBe("endpoint_not_in_credential");
      expect(answer.json.status.details).toContain(method);
    }
  });

  it("is told exactly this by MyScopes: its three scopes, and PostSearches as the one method with a rule", async () => {
    const answer = await call(handle.db, "GET", appPath(vision, "myscopes"), { key });
    expect(answer.status).toBe(200);
    expect(answer.json.scopes).toEqual(["Inputs:Get", "Predict", "Search"]);
    // MyScopes itself is open to any live key on the app, whatever its endpoint scopes.
    expect((answer.json.endpoints as string[]).filter((endpoint) => !/MyScopes/.test(endpoint))).toEqual(ONLY_SEARCH);
  });
});

describe("the example's scopes, each needed", () => {
  it("with Predict alone, the search endpoint is refused: the key lacks what PostSearches itself needs", async () => {
    const { secret } = await appKey(handle.db, ownerId, vision, ["Predict"], ONLY_SEARCH);
    const answer = await refused("POST", appPath(vision, "searches"), secret, byConcept(data.concept));
    expectRefusal(answer, 403, 11007);
    expect(answer.json.status).toMatchObject({ denied_by: "credential_lacks_scopes", missing_scopes: ["Inputs:Get", "Search"] });
  });

  it("without Predict, it searches by concept but is refused a visual search, the credential lacking Predict", async () => {
    const { secret } = await appKey(handle.db, ownerId, vision, ["Search", "Inputs:Get"], ONLY_SEARCH);
    expect((await call(handle.db, "POST", appPath(vision, "searches"), { key: secret, body: byConcept(data.concept) })).status).toBe(200);
    const answer = await refused("POST", appPath(vision, "searches"), secret, visual);
    expectRefusal(answer, 403, 11007);
    expect(answer.json.status).toMatchObject({ denied_by: "credential_lacks_scopes", missing_scopes: ["Predict"] });
  });
});

describe("a collaborator whose grant lacks Inputs:Delete", () => {
  // Carol may read and add inputs on the owner's app; her own token holds Inputs:Delete too.
  const grant = ["Inputs:Get", "Inputs:Add"];
  let token = "";

  beforeAll(async () => {
    await setUp(handle.db, addCollaborator, ownerId, { ...vision, email: "carol@example.test", scopes: grant });
    token = (await personalToken(handle.db, carolId, ["Inputs:Get", "Inputs:Add", "Inputs:Delete"])).secret;
  });

  it("reads the app's inputs with her token (it works there)", async () => {
    const answer = await call(handle.db, "GET", appPath(vision, "inputs"), { key: token });
    expect(answer.status).toBe(200);
    expect((answer.json.inputs as unknown[]).length).toBe(2);
  });

  it("is refused DeleteInputs and DeleteInput with the grant layer named, though her token holds Inputs:Delete, and nothing is deleted", async () => {
    for (const [path, body] of [
      ["inputs", { ids: [data.input] }],
      [`inputs/${data.input}`, undefined],
    ] as const) {
      const answer = await refused("DELETE", appPath(vision, path), token, body);
      expectRefusal(answer, 403, 11007);
      expect(answer.json.status).toMatchObject({ denied_by: "grant_lacks_scopes", missing_scopes: ["Inputs:Delete"] });
      expect(answer.json.status.details).toMatch(/access granted on this app lacks Inputs:Delete/);
    }
  });

  it("is refused by the credential layer instead when the grant holds Inputs:Delete and the token does not", async () => {
    const narrow = (await personalToken(handle.db, carolId, ["Inputs:Get"])).secret;
    await setUp(handle.db, changeCollaborator, ownerId, { ...vision, user: "carol", scopes: [...grant, "Inputs:Delete"] });
    const answer = await refused("DELETE", appPath(vision, "inputs"), narrow, { ids: [data.secondInput] });
    expectRefusal(answer, 403, 11007);
    expect(answer.json.status).toMatchObject({ denied_by: "credential_lacks_scopes", missing_scopes: ["Inputs:Delete"] });

    // With the grant widened, the very token refused before now deletes: the grant was the only obstacle.
    const deleted = await call(handle.db, "DELETE", appPath(vision, "inputs"), { key: token, body: { ids: [data.secondInput] } });
    expect(deleted.status).toBe(200);
    const listed = await call(handle.db, "GET", appPath(vision, "inputs"), { key: token });
    expect((listed.json.inputs as Array<{ id: string }>).map((input) => input.id)).toEqual([data.input]);
  });
});

describe("the owner, as a control", () => {
  it("predicts with a key holding every scope and endpoint: authorized, then told no model runs here", async () => {
    const { secret } = await personalToken(handle.db, ownerId, EVERY_SCOPE);
    const answer = await call(handle.db, "POST", appPath(vision, `models/${data.model}/outputs`), { key: secret, body: predictBody });
    expect(envelopeProblems(answer)).toEqual([]);
    expect({ http: answer.status, code: answer.json.status.code }).toEqual({ http: 501, code: 10020 });
  });
});
