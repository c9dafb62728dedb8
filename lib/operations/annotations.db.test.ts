// The /v2 annotations methods through the runner, as a personal access token and as the console's
// session. Every refusal leaves the database as it was.

import { count } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { annotations, auditEvents, concepts, inputs } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import type { Result } from "@/lib/result";
import { deleteAnnotation, deleteAnnotations, listAnnotations, patchAnnotations, postAnnotations } from "./annotations";
import { deleteInput, postInputs } from "./inputs";
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
  return {
    annotations: await handle.db.select().from(annotations).orderBy(annotations.id),
    concepts: await handle.db.select().from(concepts).orderBy(concepts.appRef, concepts.conceptId),
    audit: audit!.n,
  };
}

async function refused<Input, Output>(operation: Operation<Input, Output>, input: Record<string, unknown>, field: string, message: RegExp) {
  const before = await snapshot();
  const result = await call(operation, input);
  expect(result).toMatchObject({ ok: false, code: "invalid_input" });
  if (!result.ok) expect(result.fieldErrors?.[field]?.join(" ")).toMatch(message);
  expect(await snapshot()).toEqual(before);
}

/** Annotates `inputId` with one concept; returns the annotation's ID. */
async function annotate(inputId: string, concept: string, { id, app = vision }: { id?: string; app?: typeof vision } = {}): Promise<string> {
  const result = await call(postAnnotations, { annotations: [{ ...(id ? { id } : {}), input_id: inputId, data: { concepts: [{ id: concept, value: 1 }] } }] }, { app });
  if (!result.ok) throw new Error(result.message);
  return result.data.annotations[0]!.id;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  ({ owner } = await ownerWithTwoApps(handle.db));
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(async () => {
  await handle.db.delete(inputs);
  await handle.db.delete(concepts);
  const image = (id: string) => ({ id, data: { image: { url: `https://example.com/${id}.jpg` } } });
  expect((await call(postInputs, { inputs: [image("dog-1"), image("cat-1")] })).ok).toBe(true);
  expect((await call(postInputs, { inputs: [image("theirs")] }, { app: other })).ok).toBe(true);
});

describe("PostAnnotations", () => {
  it("labels inputs of the app, creating the concepts named, in Clarifai's shape", async () => {
    const result = await call(postAnnotations, {
      annotations: [
        { input_id: "dog-1", data: { concepts: [{ id: "dog", value: 1, name: "Dog" }], metadata: { by: "me" } } },
        { id: "a-cat", input_id: "cat-1", data: { concepts: [{ id: "dog", value: 0 }] } },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [first, second] = result.data.annotations;
    expect(first).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      input_id: "dog-1",
      data: { concepts: [{ id: "dog", name: "Dog", value: 1, app_id: "vision" }], metadata: { by: "me" } },
      created_at: expect.stringMatching(/Z$/),
      modified_at: expect.any(String),
      status: { code: 24150, description: "Annotation success" },
    });
    expect(second).toMatchObject({ id: "a-cat", input_id: "cat-1", data: { concepts: [{ id: "dog", value: 0 }], metadata: {} } });
    const events = (await handle.db.select().from(auditEvents)).filter((event) => event.action === "annotation.created");
    expect(events).toContainEqual(expect.objectContaining({ targetType: "app", after: { count: 2, ids: [first!.id, "a-cat"] } }));
  });

  it("refuses an input of another app, and an annotation ID the app has, changing nothing", async () => {
    await annotate("dog-1", "dog", { id: "taken" });
    let before = await snapshot();
    const elsewhere = await call(postAnnotations, { annotations: [{ input_id: "dog-1", data: { concepts: [{ id: "new" }] } }, { input_id: "theirs", data: { concepts: [{ id: "new" }] } }] });
    expect(elsewhere).toMatchObject({ ok: false, code: "not_found", reason: "input_not_found" });
    expect(!elsewhere.ok && elsewhere.message).toMatch(/Input does not exist: "theirs"/);
    expect(await snapshot()).toEqual(before);
    before = await snapshot();
    expect(await call(postAnnotations, { annotations: [{ id: "taken", input_id: "cat-1", data: { concepts: [{ id: "cat" }] } }] })).toMatchObject({ ok: false, code: "conflict", reason: "duplicate_id" });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses bad annotations by name, changing nothing", async () => {
    const one = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ annotations: [{ input_id: "dog-1", data, ...extra }] });
    await refused(postAnnotations, one({}), "annotations", /annotations\[0\]\.data must have concepts or metadata/);
    await refused(postAnnotations, one({ concepts: [{ id: "dog", value: 3 }] }), "annotations", /annotations\[0\]\.data\.concepts\[0\]\.value must be 0 or 1/);
    await refused(postAnnotations, one({ regions: [{ region_info: { bounding_box: { top_row: 0.1 } } }] }), "annotations", /annotations\[0\]\.data\.regions is not supported by this server/);
    await refused(postAnnotations, one({ concepts: [{ id: "dog" }] }, { task_id: "t" }), "annotations", /annotations\[0\]\.task_id is not supported/);
    await refused(postAnnotations, { annotations: [{ data: { concepts: [{ id: "dog" }] } }] }, "annotations", /annotations\[0\]\.input_id is required/);
  });

  it("needs Annotations:Add on the credential", async () => {
    const before = await snapshot();
    const result = await call(postAnnotations, { annotations: [{ input_id: "dog-1", data: { concepts: [{ id: "dog" }] } }] }, { credential: pat("Annotations:Get", "Inputs:Add") });
    expect(result).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Annotations:Add"] } });
    expect(await snapshot()).toEqual(before);
  });
});

describe("ListAnnotations", () => {
  it("lists newest first, filtered by annotation IDs or input IDs, a page at a time", async () => {
    await annotate("dog-1", "dog", { id: "one" });
    await annotate("cat-1", "cat", { id: "two" });
    await annotate("dog-1", "animal", { id: "three" });
    await annotate("theirs", "dog", { id: "four", app: other });
    const ids = async (input: Record<string, unknown>) => {
      const result = await call(listAnnotations, input);
      if (!result.ok) throw new Error(result.message);
      return result.data.annotations.map((annotation) => annotation.id);
    };
    expect(await ids({})).toEqual(["three", "two", "one"]);
    expect(await ids({ input_ids: ["dog-1"] })).toEqual(["three", "one"]);
    expect(await ids({ ids: ["two", "four"] })).toEqual(["two"]);
    expect(await ids({ page: "2", per_page: "2" })).toEqual(["one"]);
    await refused(listAnnotations, { per_page: "1001" }, "per_page", /per_page must be a whole number from 1 to 1000/);
  });

  it("needs Annotations:Get on the credential, and serves the console's session", async () => {
    expect(await call(listAnnotations, {}, { credential: pat("Inputs:Get") })).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Annotations:Get"] } });
    expect((await runAs(handle.db, listAnnotations, owner, vision)).ok).toBe(true);
  });
});

describe("PatchAnnotations", () => {
  it("merges, overwrites and removes concepts and metadata", async () => {
    await annotate("dog-1", "dog", { id: "a1" });
    const patch = async (action: string, data: Record<string, unknown>) => {
      const result = await call(patchAnnotations, { annotations: [{ id: "a1", input_id: "dog-1", data }], action });
      if (!result.ok) throw new Error(result.message);
      return result.data.annotations[0]!.data;
    };
    const merged = await patch("merge", { concepts: [{ id: "puppy" }], metadata: { k: { a: 1 } } });
    expect(merged.concepts.map(({ id }) => id)).toEqual(["dog", "puppy"]);
    expect(merged.metadata).toEqual({ k: { a: 1 } });
    expect((await handle.db.select().from(concepts)).map((row) => row.conceptId)).toContain("puppy");
    const removed = await patch("remove", { concepts: [{ id: "dog" }] });
    expect(removed.concepts.map(({ id }) => id)).toEqual(["puppy"]);
    const overwritten = await patch("overwrite", { metadata: { fresh: true } });
    expect(overwritten).toMatchObject({ concepts: [{ id: "puppy" }], metadata: { fresh: true } });
  });

  it("refuses a move to another input, a missing annotation and another app's, changing nothing", async () => {
    await annotate("dog-1", "dog", { id: "a1" });
    await annotate("theirs", "dog", { id: "b1", app: other });
    for (const [input, reason] of [
      [{ annotations: [{ id: "a1", input_id: "cat-1", data: { metadata: { x: 1 } } }], action: "merge" }, undefined],
      [{ annotations: [{ id: "nothing", data: { metadata: { x: 1 } } }], action: "merge" }, "annotation_not_found"],
      [{ annotations: [{ id: "a1", data: { metadata: { x: 1 } } }, { id: "b1", data: { metadata: { x: 1 } } }], action: "merge" }, "annotation_not_found"],
    ] as const) {
      const before = await snapshot();
      const result = await call(patchAnnotations, input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toBe(reason);
      expect(await snapshot()).toEqual(before);
    }
  });
});

describe("DeleteAnnotation and DeleteAnnotations", () => {
  beforeEach(async () => {
    await annotate("dog-1", "dog", { id: "a1" });
    await annotate("dog-1", "animal", { id: "a2" });
    await annotate("cat-1", "cat", { id: "a3" });
    await annotate("theirs", "dog", { id: "b1", app: other });
  });

  it("deletes one annotation of an input and several by ID", async () => {
    expect(await call(deleteAnnotation, { input_id: "dog-1", annotation_id: "a1" })).toMatchObject({ ok: true, data: { deleted: ["a1"] } });
    expect(await call(deleteAnnotations, { ids: ["a2", "a3"] })).toMatchObject({ ok: true });
    const left = await call(listAnnotations, {});
    expect(left.ok && left.data.annotations).toEqual([]);
    // One annotation is its own event; several are one event on the app.
    const events = (await handle.db.select().from(auditEvents)).filter((event) => event.action === "annotation.deleted");
    expect(events).toContainEqual(expect.objectContaining({ targetType: "annotation", targetId: "a1" }));
    expect(events).toContainEqual(expect.objectContaining({ targetType: "app", after: { count: 2, ids: ["a2", "a3"] } }));
  });

  it("answers not found for the wrong input, another app's annotation or input, deleting nothing", async () => {
    for (const [operation, input, reason] of [
      [deleteAnnotation, { input_id: "cat-1", annotation_id: "a1" }, "annotation_not_found"],
      [deleteAnnotation, { input_id: "theirs", annotation_id: "b1" }, "input_not_found"],
      [deleteAnnotations, { ids: ["a1", "b1"] }, "annotation_not_found"],
    ] as const) {
      const before = await snapshot();
      expect(await call(operation as Operation<unknown, unknown>, input)).toMatchObject({ ok: false, code: "not_found", reason });
      expect(await snapshot()).toEqual(before);
    }
  });

  it("needs Annotations:Delete on the credential", async () => {
    const before = await snapshot();
    expect(await call(deleteAnnotations, { ids: ["a1"] }, { credential: pat("Annotations:Add", "Annotations:Get") })).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Annotations:Delete"] } });
    expect(await snapshot()).toEqual(before);
  });

  it("are deleted with the input they label", async () => {
    expect((await call(deleteInput, { input_id: "dog-1" })).ok).toBe(true);
    const left = await call(listAnnotations, {});
    expect(left.ok && left.data.annotations.map((annotation) => annotation.id)).toEqual(["a3"]);
  });
});
