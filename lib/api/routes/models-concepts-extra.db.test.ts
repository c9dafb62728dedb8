// The counting, searching, versions, output info and evaluation methods over /v2 (GetConceptCounts,
// PostConceptsSearches, GetInputCount, ListModelInputs, ListModelVersions, GetModelVersion,
// DeleteModelVersion, GetModelOutputInfo, GetModelVersionMetrics, PostModelVersionMetrics,
// PostModelsSearches): what each answers from the stored data, and where this server would have to
// compute (evaluating a version), that it says so.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { openTestDatabase } from "@/db/testing";
import { postInputs } from "@/lib/operations/inputs";
import { VERSION_ID } from "@/lib/operations/model-versions";
import { postModels } from "@/lib/operations/models";
import { EVERY_SCOPE, appPath, call, dataDump, envelopeProblems, personalApp, personalToken, seedAppData, setUp, verifiedUser, type AppRef } from "../acceptance/support";

let handle: DatabaseHandle;
const app: AppRef = { owner: "owner", app: "vision" };
let key = "";
let data: Awaited<ReturnType<typeof seedAppData>>;

async function get(path: string) {
  const answer = await call(handle.db, "GET", appPath(app, path), { key });
  expect(envelopeProblems(answer)).toEqual([]);
  return answer;
}

async function post(path: string, body: unknown, method = "POST") {
  const answer = await call(handle.db, method, appPath(app, path), { key, body });
  expect(envelopeProblems(answer)).toEqual([]);
  return answer;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const ownerId = await verifiedUser(handle.db, "owner");
  await personalApp(handle.db, ownerId, app);
  data = await seedAppData(handle.db, ownerId, app);
  // A third input labelled against the concept, and a second model of another type.
  await setUp(handle.db, postInputs, ownerId, { ...app, inputs: [{ id: "not-a-dog", data: { text: { raw: "a fox" }, concepts: [{ id: data.concept, value: 0 }] } }] });
  await setUp(handle.db, postModels, ownerId, { ...app, model: { id: "texts", name: "Text sorter", model_type_id: "text-classifier" } });
  key = (await personalToken(handle.db, ownerId, EVERY_SCOPE)).secret;
});
afterAll(async () => {
  await handle?.close();
});

describe("counts", () => {
  it("count each concept's positive and negative labels (GetConceptCounts), at concepts/status, not the concept \"status\"", async () => {
    const { status, json } = await get("concepts/status");
    expect(status, json.status.details).toBe(200);
    const dog = (json.concept_counts as Array<Record<string, unknown>>).find((count) => count.id === data.concept);
    expect(dog).toMatchObject({ name: "Dog", concept_type_count: { positive: 1, negative: 1 }, detail_concept_count: { processed: { positive: 1, negative: 1 }, to_process: { positive: 0, negative: 0 } } });
  });

  it("count the app's inputs, all processed (GetInputCount), with Clarifai's default query fields", async () => {
    const { status, json } = await get("inputs/status?user_app_id.user_id=owner&user_app_id.app_id=vision");
    expect(status, json.status.details).toBe(200);
    expect(json.counts).toEqual({ processed: 3, to_process: 0, errors: 0, processing: 0, reindexed: 0, to_reindex: 0, reindex_errors: 0, reindexing: 0 });
  });
});

describe("searches", () => {
  it("find concepts by the start of their name, a trailing * allowed (PostConceptsSearches)", async () => {
    const { status, json } = await post("concepts/searches", { concept_query: { name: "DO*", language: "", workflow_id: "", use_cases: [] }, pagination: { page: 0, per_page: 0 } });
    expect(status, json.status.details).toBe(200);
    expect((json.concepts as Array<{ id: string }>).map((concept) => concept.id)).toEqual([data.concept]);
    const refused = await post("concepts/searches", { concept_query: { name: "do", language: "fr" } });
    expect(refused.status).toBe(400);
    expect(refused.json.status.details).toMatch(/concept_query\.language is not supported/);
  });

  it("find models by name and by model type (PostModelsSearches)", async () => {
    const byName = await post("models/searches", { model_query: { name: "pet" } });
    expect(byName.status, byName.json.status.details).toBe(200);
    expect((byName.json.models as Array<{ id: string }>).map((model) => model.id)).toEqual([data.model]);
    const byType = await post("models/searches", { model_query: { model_type_id: "text-classifier" } });
    expect((byType.json.models as Array<{ id: string }>).map((model) => model.id)).toEqual(["texts"]);
  });
});

describe("a model's versions", () => {
  it("list, get, output info and training inputs: the one untrained version a record implies", async () => {
    const listed = await get(`models/${data.model}/versions`);
    expect(listed.status, listed.json.status.details).toBe(200);
    expect(listed.json.model_versions).toMatchObject([{ id: VERSION_ID, status: { code: 21102 }, active_concept_count: 1 }]);
    expect((await get(`models/${data.model}/versions/${VERSION_ID}`)).json.model_version).toMatchObject({ id: VERSION_ID });
    expect((await get(`models/${data.model}/versions/v9`)).status).toBe(404);
    for (const path of [`models/${data.model}/output_info`, `models/${data.model}/versions/${VERSION_ID}/output_info`]) {
      expect((await get(path)).json.model).toMatchObject({ id: data.model, output_info: { data: { concepts: [{ id: data.concept, name: "Dog" }] } } });
    }
    const inputs = await get(`models/${data.model}/inputs`);
    expect((inputs.json.inputs as Array<{ id: string }>).map((input) => input.id)).toEqual([data.input]);
  });

  it("answer metrics as not evaluated, and that evaluating runs nothing here (GetModelVersionMetrics, PostModelVersionMetrics)", async () => {
    const metrics = await get(`models/${data.model}/versions/${VERSION_ID}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.json.model_version).toMatchObject({ id: VERSION_ID, metrics: { status: { code: 21302 } } });
    const before = await dataDump(handle.db);
    const evaluated = await post(`models/${data.model}/versions/${VERSION_ID}/metrics`, { model_id: "", version_id: "", eval_info: { params: {} }, test_search: null });
    expect(evaluated.status, evaluated.json.status.details).toBe(501);
    expect(evaluated.json.status.details).toMatch(/evaluation is not available/);
    expect(await dataDump(handle.db)).toBe(before);
  });

  it("delete the version, keeping the model record without one (DeleteModelVersion)", async () => {
    const deleted = await post(`models/texts/versions/${VERSION_ID}`, { model_id: "texts", version_id: VERSION_ID }, "DELETE");
    expect(deleted.status, deleted.json.status.details).toBe(200);
    expect((await get("models/texts/versions")).json.model_versions).toEqual([]);
    expect((await get(`models/texts/versions/${VERSION_ID}`)).status).toBe(404);
    expect((await get("models/texts")).status).toBe(200);
    const contradicting = await post(`models/${data.model}/versions/${VERSION_ID}`, { model_id: "texts" }, "DELETE");
    expect(contradicting.status).toBe(400);
    expect(contradicting.json.status.details).toMatch(/model_id "texts" contradicts the path/);
  });
});
