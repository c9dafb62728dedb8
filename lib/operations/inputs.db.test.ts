// The /v2 inputs methods through the runner: as a personal access token would call them, and as
// the console's session. Every refusal leaves the database as it was.

import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { listInputs as listInputRows } from "@/db/queries/inputs";
import { apps, auditEvents, concepts, inputs } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import type { Result } from "@/lib/result";
import { MAX_BATCH } from "./api-input";
import { AUDITED_BATCH_IDS } from "./batch-audit";
import { deleteInput, deleteInputs, getInput, listInputs, patchInputs, postInputs } from "./inputs";
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
    inputs: await handle.db.select().from(inputs).orderBy(inputs.id),
    concepts: await handle.db.select().from(concepts).orderBy(concepts.appRef, concepts.conceptId),
    audit: audit!.n,
  };
}

/** Expects the call to be refused as invalid, naming `field` in a message that matches `message`, with nothing changed. */
async function refused<Input, Output>(operation: Operation<Input, Output>, input: Record<string, unknown>, field: string, message: RegExp) {
  const before = await snapshot();
  const result = await call(operation, input);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe("invalid_input");
  expect(result.fieldErrors?.[field]?.join(" ")).toMatch(message);
  expect(await snapshot()).toEqual(before);
}

const image = (url: string) => ({ image: { url } });

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
});

describe("PostInputs", () => {
  it("adds image, video and text inputs, picks missing IDs, creates the concepts they name and answers Clarifai's shape", async () => {
    const result = await call(postInputs, {
      inputs: [
        { id: "dog-1", data: { ...image("https://example.com/dog.jpg"), concepts: [{ id: "dog", value: 1, name: "Dog" }, { id: "cat", value: false }], metadata: { source: "upload" } } },
        { id: null, data: { video: { url: "http://example.com/clip.mp4" } } },
        { data: { text: { raw: "a dog in the park" } } },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [dog, clip, text] = result.data.inputs;
    expect(dog).toEqual({
      id: "dog-1",
      data: {
        image: { url: "https://example.com/dog.jpg" },
        concepts: [
          { id: "dog", name: "Dog", value: 1, app_id: "vision" },
          { id: "cat", name: "cat", value: 0, app_id: "vision" },
        ],
        metadata: { source: "upload" },
      },
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      modified_at: expect.any(String),
      status: { code: 30000, description: "Download complete" },
    });
    expect(clip!.id).toMatch(/^[0-9a-f]{32}$/);
    expect(clip!.data).toEqual({ video: { url: "http://example.com/clip.mp4" }, concepts: [], metadata: {} });
    expect(text!.id).toMatch(/^[0-9a-f]{32}$/);
    expect(text!.data.text).toEqual({ raw: "a dog in the park" });

    const stored = await handle.db.select().from(concepts).orderBy(concepts.conceptId);
    expect(stored.map((row) => [row.conceptId, row.name])).toEqual([
      ["cat", "cat"],
      ["dog", "Dog"],
    ]);
    // One event per batch: on the app, with how many and which.
    const events = await handle.db.select().from(auditEvents);
    expect(events.filter((event) => event.action === "input.created")).toEqual([expect.objectContaining({ targetType: "app", after: { count: 3, ids: ["dog-1", clip!.id, text!.id] } })]);
    expect(events.filter((event) => event.action === "concept.created")).toEqual([expect.objectContaining({ targetType: "app", after: { count: 2, ids: expect.arrayContaining(["cat", "dog"]) } })]);
  });

  it("audits a call of 128 inputs as one event per change, with the count and the first IDs", async () => {
    const earlier = new Set((await handle.db.select({ id: auditEvents.id }).from(auditEvents)).map((event) => event.id));
    const ids = Array.from({ length: MAX_BATCH }, (_, index) => `bulk-${index}`);
    const labelled = (id: string) => ({ ...image(`https://example.com/${id}.jpg`), concepts: [{ id: `concept-${id}` }] });
    expect((await call(postInputs, { inputs: ids.map((id) => ({ id, data: labelled(id) })) })).ok).toBe(true);
    expect((await call(patchInputs, { action: "merge", inputs: ids.map((id) => ({ id, data: { metadata: { checked: true } } })) })).ok).toBe(true);
    expect((await call(deleteInputs, { ids })).ok).toBe(true);

    const events = (await handle.db.select().from(auditEvents)).filter((event) => !earlier.has(event.id));
    expect(events.map((event) => event.action).sort()).toEqual(["concept.created", "input.created", "input.deleted", "input.updated"]);
    const listed = ids.slice(0, AUDITED_BATCH_IDS);
    expect(events.find((event) => event.action === "input.created")).toMatchObject({ targetType: "app", after: { count: MAX_BATCH, ids: listed } });
    expect(events.find((event) => event.action === "input.updated")).toMatchObject({ targetType: "app", after: { count: MAX_BATCH, ids: listed, action: "merge" } });
    expect(events.find((event) => event.action === "input.deleted")).toMatchObject({ targetType: "app", after: { count: MAX_BATCH, ids: listed } });
    expect(events.find((event) => event.action === "concept.created")!.after).toMatchObject({ count: MAX_BATCH });
  });

  it("refuses an ID the app already has (duplicate_id), and accepts it in another app", async () => {
    expect((await call(postInputs, { inputs: [{ id: "dog-1", data: image("https://example.com/a.jpg") }] })).ok).toBe(true);
    const before = await snapshot();
    const again = await call(postInputs, { inputs: [{ id: "new-one", data: image("https://example.com/b.jpg") }, { id: "dog-1", data: image("https://example.com/c.jpg") }] });
    expect(again).toMatchObject({ ok: false, code: "conflict", reason: "duplicate_id" });
    expect(await snapshot()).toEqual(before);
    expect((await call(postInputs, { inputs: [{ id: "dog-1", data: image("https://example.com/a.jpg") }] }, { app: other })).ok).toBe(true);
  });

  it("refuses bad inputs by name, changing nothing", async () => {
    const one = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ inputs: [{ id: "x", data, ...extra }] });
    await refused(postInputs, one({}), "inputs", /inputs\[0\]\.data must have exactly one of image, video or text/);
    await refused(postInputs, one({ ...image("https://example.com/a.jpg"), text: { raw: "both" } }), "inputs", /exactly one of image, video or text/);
    await refused(postInputs, one(image("ftp://example.com/a.jpg")), "inputs", /inputs\[0\]\.data\.image\.url must be an http or https URL/);
    await refused(postInputs, one(image("javascript:alert(1)")), "inputs", /http or https URL/);
    await refused(postInputs, one({ ...image("https://example.com/a.jpg"), concepts: [{ id: "dog", value: 2 }] }), "inputs", /inputs\[0\]\.data\.concepts\[0\]\.value must be 0 or 1/);
    await refused(postInputs, one({ ...image("https://example.com/a.jpg"), concepts: [{ id: "dog", value: 0.5 }] }), "inputs", /must be 0 or 1/);
    await refused(postInputs, one({ ...image("https://example.com/a.jpg"), concepts: [{ id: "dog" }, { id: "dog" }] }), "inputs", /concepts names the ID "dog" more than once/);
    await refused(postInputs, one({ ...image("https://example.com/a.jpg"), metadata: ["not", "an", "object"] }), "inputs", /metadata must be a JSON object/);
    await refused(postInputs, one({ image: { url: "https://example.com/a.jpg", base64: "AAAA" } }), "inputs", /inputs\[0\]\.data\.image\.base64 is not supported by this server/);
    await refused(postInputs, one({ image: { url: "https://example.com/a.jpg", crop: [0, 0, 1, 1] } }), "inputs", /image\.crop is not supported/);
    await refused(postInputs, one({ ...image("https://example.com/a.jpg"), geo: { geo_point: { latitude: 1, longitude: 2 } } }), "inputs", /inputs\[0\]\.data\.geo is not supported/);
    await refused(postInputs, one({ ...image("https://example.com/a.jpg"), regions: [{ region_info: { bounding_box: { top_row: 0.1 } } }] }), "inputs", /data\.regions is not supported/);
    await refused(postInputs, one(image("https://example.com/a.jpg"), { colour: "red" }), "inputs", /inputs\[0\]\.colour is not a field of this request/);
    await refused(postInputs, { inputs: [{ id: "bad id!", data: image("https://example.com/a.jpg") }] }, "inputs", /inputs\[0\]\.id must be 1 to 128 letters/);
    await refused(postInputs, { inputs: [] }, "inputs", /at least one/);
    const many = Array.from({ length: 129 }, (_, index) => ({ id: `i-${index}`, data: image("https://example.com/a.jpg") }));
    await refused(postInputs, { inputs: many }, "inputs", /at most 128/);
    await refused(postInputs, { inputs: [{ id: "twice", data: image("https://example.com/a.jpg") }, { id: "twice", data: image("https://example.com/b.jpg") }] }, "inputs", /names the ID "twice" more than once/);
    await refused(postInputs, { ...one(image("https://example.com/a.jpg")), input_id_conflict_resolution: "SKIP" }, "_form", /input_id_conflict_resolution is not supported by this server/);
    await refused(postInputs, { ...one(image("https://example.com/a.jpg")), inputs_add_job_id: "job-1" }, "_form", /inputs_add_job_id is not supported by this server/);
  });

  it("needs Inputs:Add on the credential", async () => {
    const before = await snapshot();
    const result = await call(postInputs, { inputs: [{ data: image("https://example.com/a.jpg") }] }, { credential: pat("Inputs:Get") });
    expect(result).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Inputs:Add"] } });
    expect(await snapshot()).toEqual(before);
  });
});

describe("ListInputs and GetInput", () => {
  beforeEach(async () => {
    for (const id of ["first", "second", "third"]) expect((await call(postInputs, { inputs: [{ id, data: image(`https://example.com/${id}.jpg`) }] })).ok).toBe(true);
  });

  it("lists newest first, a page at a time, with page and per_page as query strings", async () => {
    const all = await call(listInputs, {});
    expect(all.ok && all.data.inputs.map((input) => input.id)).toEqual(["third", "second", "first"]);
    const page = await call(listInputs, { page: "2", per_page: "1" });
    expect(page.ok && page.data.inputs.map((input) => input.id)).toEqual(["second"]);
    const beyond = await call(listInputs, { page: "9", per_page: "1000" });
    expect(beyond.ok && beyond.data.inputs).toEqual([]);
  });

  it("lists each input exactly as GetInput answers it, times included, and reads the same page inside a transaction", async () => {
    const labelled = { concepts: [{ id: "dog" }, { id: "cat", value: 0 }], metadata: { source: "test", nested: { n: 1 } } };
    expect((await call(postInputs, { inputs: [{ id: "text-1", data: { text: { raw: "hello" }, ...labelled } }, { id: "video-1", data: { video: { url: "https://example.com/v.mp4" } } }] })).ok).toBe(true);
    const listed = await call(listInputs, {});
    expect(listed.ok).toBe(true);
    if (!listed.ok) return;
    expect(listed.data.inputs).toHaveLength(5);
    for (const input of listed.data.inputs) {
      const got = await call(getInput, { input_id: input.id });
      expect(got.ok && got.data.input).toEqual(input);
      expect(input.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    // Inside a transaction the statement goes through Drizzle rather than the driver: the same rows.
    const [app] = await handle.db.select({ id: apps.id }).from(apps).where(eq(apps.appId, vision.app));
    const outside = await listInputRows(handle.db, { appRef: app!.id, limit: 10, offset: 0 });
    const inside = await handle.db.transaction((tx) => listInputRows(tx, { appRef: app!.id, limit: 10, offset: 0 }));
    expect(inside).toEqual(outside);
    expect(outside.map((row) => row.inputId)).toEqual(listed.data.inputs.map((input) => input.id));
  });

  it("refuses a page or per_page that is not a whole number in range", async () => {
    for (const per_page of ["0", "-1", "1001", "1000000", "abc", "1.5", ""]) await refused(listInputs, { per_page }, "per_page", /^per_page must be a whole number from 1 to 1000\.$/);
    for (const page of ["0", "-1", "x"]) await refused(listInputs, { page }, "page", /^page must be a whole number of at least 1\.$/);
    // A field of Clarifai's request holding a value: refused by name (at its default it would be accepted).
    await refused(listInputs, { status: "30000" }, "_form", /status is not supported by this server/);
  });

  it("gets one input, and answers input_not_found for an ID of another app", async () => {
    expect((await call(postInputs, { inputs: [{ id: "elsewhere", data: image("https://example.com/b.jpg") }] }, { app: other })).ok).toBe(true);
    const got = await call(getInput, { input_id: "second" });
    expect(got.ok && got.data.input.data.image).toEqual({ url: "https://example.com/second.jpg" });
    expect(await call(getInput, { input_id: "elsewhere" })).toMatchObject({ ok: false, code: "not_found", reason: "input_not_found", message: "Input does not exist" });
  });

  it("needs Inputs:Get on the credential, and serves the console's session", async () => {
    expect(await call(listInputs, {}, { credential: pat("Concepts:Get") })).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Inputs:Get"] } });
    const session = await runAs(handle.db, listInputs, owner, vision);
    expect(session.ok && session.data.inputs).toHaveLength(3);
  });
});

describe("PatchInputs", () => {
  beforeEach(async () => {
    const added = await call(postInputs, { inputs: [{ id: "dog-1", data: { ...image("https://example.com/dog.jpg"), concepts: [{ id: "dog" }, { id: "cat", value: 0 }], metadata: { a: { b: 1, c: 2 }, d: 3 } } }] });
    expect(added.ok).toBe(true);
  });

  async function patched(action: string, data: Record<string, unknown>) {
    const result = await call(patchInputs, { inputs: [{ id: "dog-1", data }], action });
    if (!result.ok) throw new Error(result.message);
    return result.data.inputs[0]!.data;
  }

  it("merges concepts by ID and metadata key by key, creating new concepts", async () => {
    const data = await patched("merge", { concepts: [{ id: "cat", value: 1 }, { id: "puppy" }], metadata: { a: { c: 5 }, e: 6 } });
    expect(data.concepts.map(({ id, value }) => [id, value])).toEqual([
      ["dog", 1],
      ["cat", 1],
      ["puppy", 1],
    ]);
    expect(data.metadata).toEqual({ a: { b: 1, c: 5 }, d: 3, e: 6 });
    expect((await handle.db.select().from(concepts)).map((row) => row.conceptId).sort()).toEqual(["cat", "dog", "puppy"]);
  });

  it("overwrites only the fields given", async () => {
    const data = await patched("overwrite", { concepts: [{ id: "bird", value: 1 }] });
    expect(data.concepts.map(({ id }) => id)).toEqual(["bird"]);
    expect(data.metadata).toEqual({ a: { b: 1, c: 2 }, d: 3 });
  });

  it("removes the concepts and metadata keys given", async () => {
    const data = await patched("remove", { concepts: [{ id: "cat" }], metadata: { a: { b: null }, d: null } });
    expect(data.concepts.map(({ id }) => id)).toEqual(["dog"]);
    expect(data.metadata).toEqual({ a: { c: 2 } });
  });

  it("refuses an unknown action, a change of the image, and an input of another app, changing nothing", async () => {
    await refused(patchInputs, { inputs: [{ id: "dog-1", data: { metadata: {} } }], action: "replace" }, "action", /action must be "merge", "overwrite" or "remove"/);
    await refused(patchInputs, { inputs: [{ id: "dog-1", data: image("https://example.com/x.jpg") }], action: "merge" }, "inputs", /inputs\[0\]\.data\.image is not supported by this server: an input's image, video or text cannot be changed/);
    expect((await call(postInputs, { inputs: [{ id: "theirs", data: image("https://example.com/t.jpg") }] }, { app: other })).ok).toBe(true);
    const before = await snapshot();
    const result = await call(patchInputs, { inputs: [{ id: "dog-1", data: { metadata: { x: 1 } } }, { id: "theirs", data: { metadata: { x: 1 } } }], action: "merge" });
    expect(result).toMatchObject({ ok: false, code: "not_found", reason: "input_not_found" });
    expect(await snapshot()).toEqual(before);
  });
});

describe("DeleteInput and DeleteInputs", () => {
  beforeEach(async () => {
    expect((await call(postInputs, { inputs: ["a", "b", "c"].map((id) => ({ id, data: image(`https://example.com/${id}.jpg`) })) })).ok).toBe(true);
    expect((await call(postInputs, { inputs: [{ id: "theirs", data: image("https://example.com/t.jpg") }] }, { app: other })).ok).toBe(true);
  });

  it("deletes one input and several, recording each", async () => {
    expect(await call(deleteInput, { input_id: "a" })).toMatchObject({ ok: true, data: { deleted: ["a"] } });
    expect((await call(deleteInputs, { ids: ["b", "c"] })).ok).toBe(true);
    const left = await call(listInputs, {});
    expect(left.ok && left.data.inputs).toEqual([]);
    // One input is its own event; several are one event on the app.
    const deleted = (await handle.db.select().from(auditEvents)).filter((event) => event.action === "input.deleted");
    expect(deleted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ targetType: "input", targetId: "a", before: { data: { image: { url: "https://example.com/a.jpg" } } } }),
        expect.objectContaining({ targetType: "app", after: { count: 2, ids: ["b", "c"] } }),
      ]),
    );
  });

  it("refuses another app's IDs, missing IDs and delete_all, deleting nothing", async () => {
    for (const input of [{ ids: ["a", "theirs"] }, { ids: ["a", "nothing"] }]) {
      const before = await snapshot();
      expect(await call(deleteInputs, input)).toMatchObject({ ok: false, code: "not_found", reason: "input_not_found" });
      expect(await snapshot()).toEqual(before);
    }
    const before = await snapshot();
    expect(await call(deleteInput, { input_id: "theirs" })).toMatchObject({ ok: false, reason: "input_not_found" });
    expect(await snapshot()).toEqual(before);
    await refused(deleteInputs, { delete_all: true }, "_form", /delete_all is not supported by this server: this server does not delete all of an app's inputs in one call/);
    await refused(deleteInputs, { ids: [] }, "ids", /at least one/);
  });

  it("needs Inputs:Delete on the credential", async () => {
    const before = await snapshot();
    expect(await call(deleteInputs, { ids: ["a"] }, { credential: pat("Inputs:Get", "Inputs:Add") })).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Inputs:Delete"] } });
    expect(await call(deleteInput, { input_id: "a" }, { credential: pat("Inputs:Get", "Inputs:Add") })).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Inputs:Delete"] } });
    expect(await snapshot()).toEqual(before);
  });
});
