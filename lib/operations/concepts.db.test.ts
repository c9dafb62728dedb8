// The /v2 concepts methods through the runner, as a personal access token and as the console's
// session. Every refusal leaves the database as it was.

import { count } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, concepts } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import type { Result } from "@/lib/result";
import { getConcept, listConcepts, patchConcepts, postConcepts } from "./concepts";
import type { Operation } from "./operation";
import { OTHER, ownerWithTwoApps, patWith as pat, runAs, runWithCredential, VISION } from "./testing";

let handle: DatabaseHandle;
let owner = "";
const vision = VISION;
const other = OTHER;

function call<Input, Output>(operation: Operation<Input, Output>, input: Record<string, unknown>, { app = vision, credential = pat() } = {}): Promise<Result<Output>> {
  return runWithCredential(handle.db, operation, owner, credential, { ...input, ...app });
}

async function snapshot() {
  const [audit] = await handle.db.select({ n: count() }).from(auditEvents);
  return { concepts: await handle.db.select().from(concepts).orderBy(concepts.appRef, concepts.conceptId), audit: audit!.n };
}

async function refused<Input, Output>(operation: Operation<Input, Output>, input: Record<string, unknown>, field: string, message: RegExp) {
  const before = await snapshot();
  const result = await call(operation, input);
  expect(result).toMatchObject({ ok: false, code: "invalid_input" });
  if (!result.ok) expect(result.fieldErrors?.[field]?.join(" ")).toMatch(message);
  expect(await snapshot()).toEqual(before);
}

beforeAll(async () => {
  handle = await openTestDatabase();
  ({ owner } = await ownerWithTwoApps(handle.db));
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(async () => {
  await handle.db.delete(concepts);
});

describe("PostConcepts", () => {
  it("adds concepts, the name defaulting to the ID, in Clarifai's shape", async () => {
    const result = await call(postConcepts, { concepts: [{ id: "dog", name: "Dog" }, { id: "cat" }] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.concepts).toEqual([
      { id: "dog", name: "Dog", value: 1, created_at: expect.stringMatching(/Z$/), modified_at: expect.any(String), app_id: "vision", language: "en" },
      { id: "cat", name: "cat", value: 1, created_at: expect.any(String), modified_at: expect.any(String), app_id: "vision", language: "en" },
    ]);
    const events = await handle.db.select().from(auditEvents);
    expect(events.filter((event) => event.action === "concept.created")).toContainEqual(expect.objectContaining({ targetType: "app", after: { count: 2, ids: ["dog", "cat"] } }));
  });

  it("refuses an ID the app already has as a duplicate concept, and accepts it in another app", async () => {
    expect((await call(postConcepts, { concepts: [{ id: "dog" }] })).ok).toBe(true);
    const before = await snapshot();
    const again = await call(postConcepts, { concepts: [{ id: "cat" }, { id: "dog" }] });
    expect(again).toMatchObject({ ok: false, code: "invalid_input", reason: "duplicate_concept" });
    expect(!again.ok && again.message).toMatch(/duplicate/);
    expect(await snapshot()).toEqual(before);
    expect((await call(postConcepts, { concepts: [{ id: "dog" }] }, { app: other })).ok).toBe(true);
  });

  it("refuses bad concepts by name, changing nothing", async () => {
    await refused(postConcepts, { concepts: [{ id: "dog" }, { id: "dog" }] }, "concepts", /names the ID "dog" more than once/);
    await refused(postConcepts, { concepts: [{ id: "" }] }, "concepts", /concepts\[0\]\.id must be 1 to 128 letters/);
    await refused(postConcepts, { concepts: [{ id: "dog", name: "  " }] }, "concepts", /concepts\[0\]\.name must not be empty/);
    await refused(postConcepts, { concepts: [{ id: "dog", language: "fr" }] }, "concepts", /concepts\[0\]\.language is not supported by this server/);
    await refused(postConcepts, { concepts: [{ id: "dog", colour: "red" }] }, "concepts", /concepts\[0\]\.colour is not a field of this request/);
    await refused(postConcepts, { concepts: [] }, "concepts", /at least one/);
  });

  it("needs Concepts:Add on the credential", async () => {
    const before = await snapshot();
    expect(await call(postConcepts, { concepts: [{ id: "dog" }] }, { credential: pat("Concepts:Get") })).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Concepts:Add"] } });
    expect(await snapshot()).toEqual(before);
  });
});

describe("ListConcepts and GetConcept", () => {
  beforeEach(async () => {
    for (const id of ["first", "second", "third"]) expect((await call(postConcepts, { concepts: [{ id }] })).ok).toBe(true);
    expect((await call(postConcepts, { concepts: [{ id: "elsewhere" }] }, { app: other })).ok).toBe(true);
  });

  it("lists the app's concepts newest first, a page at a time", async () => {
    const all = await call(listConcepts, {});
    expect(all.ok && all.data.concepts.map((concept) => concept.id)).toEqual(["third", "second", "first"]);
    const page = await call(listConcepts, { page: "2", per_page: "2" });
    expect(page.ok && page.data.concepts.map((concept) => concept.id)).toEqual(["first"]);
    await refused(listConcepts, { per_page: "0" }, "per_page", /per_page must be a whole number from 1 to 1000/);
  });

  it("gets one concept, and answers concept_not_found for another app's", async () => {
    const got = await call(getConcept, { concept_id: "second" });
    expect(got.ok && got.data.concept).toMatchObject({ id: "second", name: "second", app_id: "vision" });
    expect(await call(getConcept, { concept_id: "elsewhere" })).toMatchObject({ ok: false, code: "not_found", reason: "concept_not_found" });
  });

  it("needs Concepts:Get on the credential, and serves the console's session", async () => {
    expect(await call(listConcepts, {}, { credential: pat("Inputs:Get") })).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Concepts:Get"] } });
    const session = await runAs(handle.db, getConcept, owner, { ...vision, concept_id: "first" });
    expect(session.ok).toBe(true);
  });
});

describe("PatchConcepts", () => {
  beforeEach(async () => {
    expect((await call(postConcepts, { concepts: [{ id: "dog" }, { id: "cat" }] })).ok).toBe(true);
    expect((await call(postConcepts, { concepts: [{ id: "theirs" }] }, { app: other })).ok).toBe(true);
  });

  it("renames concepts, recording the old and new names", async () => {
    const result = await call(patchConcepts, { concepts: [{ id: "dog", name: "Hound" }], action: "overwrite" });
    expect(result.ok && result.data.concepts).toEqual([expect.objectContaining({ id: "dog", name: "Hound" })]);
    const [event] = (await handle.db.select().from(auditEvents)).filter((row) => row.action === "concept.renamed");
    expect(event).toMatchObject({ targetId: "dog", before: { name: "dog" }, after: { name: "Hound" } });
  });

  it("refuses other actions, a missing name, and another app's concept, changing nothing", async () => {
    await refused(patchConcepts, { concepts: [{ id: "dog", name: "Hound" }], action: "merge" }, "action", /action must be "overwrite"/);
    await refused(patchConcepts, { concepts: [{ id: "dog" }], action: "overwrite" }, "concepts", /concepts\[0\]\.name is required/);
    const before = await snapshot();
    expect(await call(patchConcepts, { concepts: [{ id: "dog", name: "Hound" }, { id: "theirs", name: "Mine" }], action: "overwrite" })).toMatchObject({
      ok: false,
      code: "not_found",
      reason: "concept_not_found",
    });
    expect(await snapshot()).toEqual(before);
  });
});
