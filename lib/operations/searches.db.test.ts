// The /v2 searches through the runner: by concept and by metadata, in the legacy body of the
// `clarifai` JS client and in the newer `searches` body; visual searches refused without Predict
// and answered "no model runtime" with it.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { openTestDatabase } from "@/db/testing";
import { scopeSet } from "@/lib/authz";
import type { Result } from "@/lib/result";
import { postAnnotations } from "./annotations";
import { postInputs } from "./inputs";
import type { Operation } from "./operation";
import { postAnnotationsSearches, postSearches } from "./searches";
import { OTHER, ownerWithTwoApps, patWith as pat, runAs, runWithCredential, VISION } from "./testing";

let handle: DatabaseHandle;
let owner = "";
const vision = VISION;
const other = OTHER;
const DOG_URL = "https://example.com/dog.jpg";

function call<Input, Output>(operation: Operation<Input, Output>, input: Record<string, unknown>, { app = vision, credential = pat() } = {}): Promise<Result<Output>> {
  return runWithCredential(handle.db, operation, owner, credential, { ...input, ...app });
}

async function setUp<Input, Output>(operation: Operation<Input, Output>, input: Record<string, unknown>, app = vision) {
  const result = await call(operation, input, { app });
  if (!result.ok) throw new Error(result.message);
}

/** The IDs of the inputs a PostSearches body finds, in order. */
async function found(body: Record<string, unknown>): Promise<string[]> {
  const result = await call(postSearches, body);
  if (!result.ok) throw new Error(`${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data.hits.map((hit) => hit.input.id);
}

const legacy = (...ands: unknown[]) => ({ query: { ands }, pagination: { page: 1, per_page: 20 } });
const byInput = (data: unknown) => ({ input: { data } });
const filters = (...list: unknown[]) => ({ searches: [{ query: { filters: list } }] });

beforeAll(async () => {
  handle = await openTestDatabase();
  ({ owner } = await ownerWithTwoApps(handle.db));
  // One input a call, so that "newest first" is well defined.
  await setUp(postInputs, { inputs: [{ id: "dog-1", data: { image: { url: DOG_URL }, concepts: [{ id: "dog", value: 1, name: "Dog" }], metadata: { breed: "lab", tags: { colour: "black" } } } }] });
  await setUp(postInputs, { inputs: [{ id: "cat-1", data: { image: { url: "https://example.com/cat.jpg" }, concepts: [{ id: "cat" }, { id: "dog", value: 0 }], metadata: { breed: "siamese" } } }] });
  await setUp(postInputs, { inputs: [{ id: "note", data: { text: { raw: "a dog, seen by a reviewer" } } }] });
  await setUp(postAnnotations, { annotations: [{ id: "review", input_id: "note", data: { concepts: [{ id: "dog", value: 1 }], metadata: { source: "review" } } }] });
  await setUp(postAnnotations, { annotations: [{ id: "dog-check", input_id: "dog-1", data: { concepts: [{ id: "good", value: 1 }] } }] });
  await setUp(postInputs, { inputs: [{ id: "theirs", data: { image: { url: DOG_URL }, concepts: [{ id: "dog" }], metadata: { breed: "lab" } } }] }, other);
  await setUp(postAnnotations, { annotations: [{ id: "their-review", input_id: "theirs", data: { concepts: [{ id: "dog", value: 1 }] } }] }, other);
});
afterAll(async () => {
  await handle?.close();
});

describe("PostSearches by concept and metadata", () => {
  it("answers hits of score 1 with the inputs, in the legacy body the JS client sends", async () => {
    const result = await call(postSearches, legacy(byInput({ concepts: [{ id: "dog", value: true }] })));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.id).toMatch(/^[0-9a-f]{32}$/);
    expect(result.data.hits.map((hit) => [hit.score, hit.input.id])).toEqual([
      [1, "note"],
      [1, "dog-1"],
    ]);
    expect(result.data.hits[1]!.input).toMatchObject({ id: "dog-1", data: { image: { url: DOG_URL }, concepts: [{ id: "dog", name: "Dog", value: 1 }] } });
  });

  it("finds by concept value: 1 labelled with it (on the input or an annotation), 0 labelled not it", async () => {
    expect(await found(legacy(byInput({ concepts: [{ id: "dog", value: 1 }] })))).toEqual(["note", "dog-1"]);
    expect(await found(legacy(byInput({ concepts: [{ id: "dog", value: false }] })))).toEqual(["cat-1"]);
    expect(await found(legacy(byInput({ concepts: [{ id: "unknown" }] })))).toEqual([]);
    expect(await found(legacy(byInput({ concepts: [{ name: "DOG" }] })))).toEqual(["note", "dog-1"]);
    expect(await found(legacy(byInput({ concepts: [{ name: "no such name" }] })))).toEqual([]);
  });

  it("finds by metadata containment, nested too, and by URL, within the app only", async () => {
    expect(await found(legacy(byInput({ metadata: { breed: "lab" } })))).toEqual(["dog-1"]);
    expect(await found(legacy(byInput({ metadata: { tags: { colour: "black" } } })))).toEqual(["dog-1"]);
    expect(await found(legacy(byInput({ metadata: { source: "review" } })))).toEqual(["note"]);
    expect(await found(legacy(byInput({ image: { url: DOG_URL } })))).toEqual(["dog-1"]);
    expect(await found(legacy(byInput({ metadata: { breed: "poodle" } })))).toEqual([]);
  });

  it("ands clauses, negates them, and pages", async () => {
    expect(await found(legacy(byInput({ concepts: [{ id: "dog" }] }), byInput({ metadata: { breed: "lab" } })))).toEqual(["dog-1"]);
    expect(await found(legacy({ ...byInput({ concepts: [{ id: "dog" }] }), negate: true }))).toEqual(["cat-1"]);
    expect(await found({ ...legacy(byInput({ concepts: [{ id: "dog" }] })), pagination: { page: 2, per_page: 1 } })).toEqual(["dog-1"]);
    expect(await found({ query: { ands: [] } })).toEqual(["note", "cat-1", "dog-1"]);
  });

  it("reads the newer searches body with annotation and input filters", async () => {
    expect(await found(filters({ annotation: { data: { concepts: [{ id: "dog", value: 1 }] } } }))).toEqual(["note", "dog-1"]);
    expect(await found(filters({ input: { data: { metadata: { breed: "siamese" } } } }))).toEqual(["cat-1"]);
  });

  it("refuses malformed bodies by name", async () => {
    for (const [body, field, message] of [
      [{}, "_form", /either query or searches/],
      [{ ...legacy(), ...filters() }, "_form", /either query or searches/],
      [legacy({ input: { data: { concepts: [{ value: 1 }] } } }), "query", /query\.ands\[0\]\.input\.data\.concepts\[0\] must have an id or a name/],
      [legacy({ input: { data: { metadata: { a: 1 } } }, annotation: { data: {} } }), "query", /query\.ands\[0\] must have exactly one of input, annotation, output/],
      [filters({ input: { data: {} }, last_updated_time_range: { start_time: "2024-01-01T00:00:00Z" } }), "searches", /searches\[0\]\.query\.filters\[0\]\.last_updated_time_range is not supported/],
      [{ ...legacy(), pagination: { page: 1, per_page: 0 } }, "pagination", /pagination\.per_page must be a whole number from 1 to 1000/],
      [{ ...legacy(), colour: "red" }, "_form", /colour is not a field of this request/],
    ] as const) {
      const result = await call(postSearches, body);
      expect(result).toMatchObject({ ok: false, code: "invalid_input" });
      if (!result.ok) expect(result.fieldErrors?.[field]?.join(" ")).toMatch(message);
    }
  });

  it("needs Search and Inputs:Get on the credential", async () => {
    expect(await call(postSearches, legacy(), { credential: pat("Inputs:Get") })).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Search"] } });
    expect((await call(postSearches, legacy(), { credential: pat("Inputs:Get", "Search") })).ok).toBe(true);
  });
});

describe("visual searches", () => {
  const byImage = legacy({ output: { input: { data: { image: { url: DOG_URL } } } } });
  const ranked = { searches: [{ query: { ranks: [{ annotation: { data: { image: { url: DOG_URL } } } }] } }] };

  it("need Predict too, and with it are answered: this server runs no models", async () => {
    for (const body of [byImage, ranked]) {
      expect(await call(postSearches, body, { credential: pat("Search", "Inputs:Get") })).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Predict"] } });
      expect(await call(postSearches, body, { credential: pat("Search", "Inputs:Get", "Predict") })).toEqual({
        ok: false,
        code: "invalid_input",
        reason: "no_model_runtime",
        message: "This server runs no models: visual search is not available.",
      });
    }
    expect(await runAs(handle.db, postSearches, owner, { ...byImage, ...vision })).toMatchObject({ ok: false, reason: "no_model_runtime" });
  });

  it("search by predicted concepts needs no Predict, and is refused the same way", async () => {
    const predicted = legacy({ output: { data: { concepts: [{ name: "dog", value: true }] } } });
    expect(await call(postSearches, predicted, { credential: pat("Search", "Inputs:Get") })).toMatchObject({
      ok: false,
      reason: "no_model_runtime",
      message: "This server runs no models: search by predicted concepts is not available.",
    });
  });
});

describe("PostAnnotationsSearches", () => {
  it("needs Search, Annotations:Get and Inputs:Get", async () => {
    const body = filters({ annotation: { data: { concepts: [{ id: "dog" }] } } });
    const withoutAnnotations = await runWithCredential(handle.db, postAnnotationsSearches, owner, { kind: "pat", operationScopes: scopeSet("Search", "Inputs:Get"), endpointScopes: "all" }, { ...body, ...vision });
    expect(withoutAnnotations).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Annotations:Get"] } });
  });

  it("finds the app's annotations by concept and metadata, each with its input", async () => {
    const search = (body: Record<string, unknown>) => runAs(handle.db, postAnnotationsSearches, owner, { ...body, ...vision });
    const byConcept = await search(filters({ annotation: { data: { concepts: [{ id: "dog", value: 1 }] } } }));
    expect(byConcept.ok).toBe(true);
    if (!byConcept.ok) return;
    expect(byConcept.data.hits).toEqual([{ score: 1, annotation: expect.objectContaining({ id: "review", input_id: "note" }), input: expect.objectContaining({ id: "note" }) }]);
    const byInputMetadata = await search(filters({ input: { data: { metadata: { breed: "lab" } } } }));
    expect(byInputMetadata.ok && byInputMetadata.data.hits.map((hit) => [hit.annotation.id, hit.input.id])).toEqual([["dog-check", "dog-1"]]);
    const byMetadata = await search(filters({ annotation: { data: { metadata: { source: "review" } } } }));
    expect(byMetadata.ok && byMetadata.data.hits.map((hit) => hit.annotation.id)).toEqual(["review"]);
    expect(await search({ searches: [{ query: { ranks: [{ annotation: { data: { image: { url: DOG_URL } } } }] } }] })).toMatchObject({ ok: false, reason: "no_model_runtime" });
  });
});
