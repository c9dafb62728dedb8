// Model records through the runner, as the /v2 API and the console run them: shapes, every input
// rule (and that a refusal changes nothing), scopes, endpoint restrictions and app isolation.

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, auditEvents, concepts, models, workflows } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { scopeSet, type Credential } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { addCollaborator } from "@/lib/operations/collaborators";
import { signUpVerified } from "@/lib/services/test-accounts";
import { deleteModel, deleteModels, getModel, listModels, patchModels, postModels } from "./models";
import { OTHER, patWith as pat, runAs, runWithCredential, VISION } from "./testing";

let handle: DatabaseHandle;
const ids: Record<string, string> = {};
const vision = VISION;
const other = OTHER;
let visionRef = "";

const FULL = pat("Models:Get", "Models:Add", "Models:Delete");

/** Everything a refused call must leave as it was. */
async function snapshot() {
  return {
    models: await handle.db.select().from(models).orderBy(models.appRef, models.modelId),
    workflows: await handle.db.select().from(workflows).orderBy(workflows.appRef, workflows.workflowId),
    audit: (await handle.db.select({ id: auditEvents.id }).from(auditEvents)).length,
  };
}

async function expectRefused(call: Promise<unknown>, failure: Record<string, unknown>) {
  const before = await snapshot();
  expect(await call).toMatchObject({ ok: false, ...failure });
  expect(await snapshot()).toEqual(before);
}

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["owner", "reader"]) ids[name] = await signUpVerified(handle.db, name);
  visionRef = newId("app");
  await handle.db.insert(apps).values([
    { id: visionRef, ownerUserId: ids.owner!, appId: "vision", name: "Vision" },
    { id: newId("app"), ownerUserId: ids.owner!, appId: "other", name: "Other" },
  ]);
  await handle.db.insert(concepts).values({ appRef: visionRef, conceptId: "cat", name: "Cat" });
  await runAs(handle.db, addCollaborator, ids.owner!, { ...vision, email: "reader@example.test", scopes: ["Models:Get"] });
});
afterAll(async () => {
  await handle?.close();
});

describe("creating and reading models", () => {
  it("creates a model and answers it in the API's shape", async () => {
    const created = await runWithCredential(handle.db, postModels, ids.owner!, FULL, {
      ...vision,
      model: { id: "pets", name: "Pets", model_type_id: "visual-classifier", notes: "Cats and dogs", output_info: { data: { concepts: [{ id: "cat" }, { id: "dog" }] } } },
    });
    expect(created).toEqual({
      ok: true,
      data: [
        {
          id: "pets",
          name: "Pets",
          app_id: "vision",
          user_id: "owner",
          model_type_id: "visual-classifier",
          created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          modified_at: expect.any(String),
          description: "Cats and dogs",
          // Named as the app names the concept; a concept the app lacks is named by its ID.
          output_info: { data: { concepts: [{ id: "cat", name: "Cat" }, { id: "dog", name: "dog" }] } },
        },
      ],
    });
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "model.created"));
    expect(event).toMatchObject({ targetType: "model", targetId: "pets", appId: visionRef, actorUserId: ids.owner });

    const got = await runWithCredential(handle.db, getModel, ids.owner!, pat("Models:Get"), { ...vision, model_id: "pets" });
    expect(got).toMatchObject({ ok: true, data: { model: { id: "pets", name: "Pets" }, workflow_count: 0 } });
  });

  it("accepts the older models list and fills the defaults", async () => {
    const created = await runAs(handle.db, postModels, ids.owner!, { ...vision, models: [{ id: "cars" }, { id: "boats", description: "Boats" }] });
    expect(created).toMatchObject({
      ok: true,
      data: [
        { id: "cars", name: "cars", model_type_id: "embedding-classifier", description: "", output_info: { data: { concepts: [] } } },
        { id: "boats", description: "Boats" },
      ],
    });
  });

  it("lists newest first, paged, with page and per_page read from a query string", async () => {
    const all = await runAs(handle.db, listModels, ids.owner!, vision);
    expect(all.ok && all.data.map((model) => model.id)).toEqual(["boats", "cars", "pets"]);
    const second = await runAs(handle.db, listModels, ids.owner!, { ...vision, page: "2", per_page: "2" });
    expect(second.ok && second.data.map((model) => model.id)).toEqual(["pets"]);
    const beyond = await runAs(handle.db, listModels, ids.owner!, { ...vision, page: "9" });
    expect(beyond).toEqual({ ok: true, data: [] });
  });

  it("refuses page and per_page out of range or not numbers, naming the field", async () => {
    for (const per_page of ["0", "-1", "1000000", "abc", "1.5"]) {
      const result = await runAs(handle.db, listModels, ids.owner!, { ...vision, per_page });
      expect(result).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { per_page: ["per_page must be a whole number from 1 to 1000."] } });
    }
    for (const page of ["0", "-1", "x"]) {
      expect(await runAs(handle.db, listModels, ids.owner!, { ...vision, page })).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { page: ["page must be a whole number of at least 1."] } });
    }
    expect((await runAs(handle.db, listModels, ids.owner!, { ...vision, per_page: "1000" })).ok).toBe(true);
  });

  it("refuses an unknown ID with model_not_found", async () => {
    expect(await runAs(handle.db, getModel, ids.owner!, { ...vision, model_id: "nope" })).toEqual({ ok: false, code: "not_found", reason: "model_not_found", message: "Model does not exist" });
  });
});

describe("input rules: each refusal changes nothing", () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ["an ID with other characters", { model: { id: "has space" } }, { code: "invalid_input", fieldErrors: { model: [expect.stringContaining("letters, digits")] } }],
    ["an ID longer than 64", { model: { id: "m".repeat(65) } }, { code: "invalid_input" }],
    ["an ID starting with '-'", { model: { id: "-pets" } }, { code: "invalid_input" }],
    ["an unknown field", { model: { id: "fresh" }, colour: "red" }, { code: "invalid_input", fieldErrors: { _form: ["colour is not a field of this request."] } }],
    ["an unknown nested field", { model: { id: "fresh", output_info: { data: { concepts: [{ id: "cat", value: 1 }] } } } }, { code: "invalid_input", fieldErrors: { model: ["model.output_info.data.concepts[0].value is not supported by this server: only its default value is accepted."] } }],
    ["both model and models", { model: { id: "fresh" }, models: [{ id: "fresh2" }] }, { code: "invalid_input" }],
    ["neither model nor models", {}, { code: "invalid_input" }],
    ["the same ID twice", { models: [{ id: "fresh" }, { id: "fresh" }] }, { code: "conflict", reason: "duplicate_id" }],
    ["an ID the app already has", { models: [{ id: "fresh" }, { id: "pets" }] }, { code: "conflict", reason: "duplicate_id", message: "Object has a duplicate ID; another object with same ID already exist." }],
  ];
  for (const [what, body, failure] of cases) {
    it(`PostModels refuses ${what}`, async () => {
      await expectRefused(runAs(handle.db, postModels, ids.owner!, { ...vision, ...body }), failure);
    });
  }

  it("PatchModels refuses a missing action, another action, an unknown model and an empty change", async () => {
    await expectRefused(runAs(handle.db, patchModels, ids.owner!, { ...vision, models: [{ id: "pets", name: "x" }] }), { code: "invalid_input", fieldErrors: { action: [expect.stringContaining('"overwrite"')] } });
    await expectRefused(runAs(handle.db, patchModels, ids.owner!, { ...vision, models: [{ id: "pets", name: "x" }], action: "merge" }), { code: "invalid_input" });
    await expectRefused(runAs(handle.db, patchModels, ids.owner!, { ...vision, models: [{ id: "pets", name: "x" }, { id: "nope", name: "y" }], action: "overwrite" }), {
      code: "not_found",
      reason: "model_not_found",
      message: 'Model "nope" does not exist in this app.',
    });
    await expectRefused(runAs(handle.db, patchModels, ids.owner!, { ...vision, models: [{ id: "pets" }], action: "overwrite" }), { code: "invalid_input" });
  });

  it("DeleteModels refuses delete_all, no IDs, a repeated ID and an unknown ID", async () => {
    await expectRefused(runAs(handle.db, deleteModels, ids.owner!, { ...vision, delete_all: true }), { code: "invalid_input", fieldErrors: { _form: [expect.stringContaining("delete_all is not supported")] } });
    await expectRefused(runAs(handle.db, deleteModels, ids.owner!, { ...vision, ids: [] }), { code: "invalid_input", fieldErrors: { ids: [expect.any(String)] } });
    await expectRefused(runAs(handle.db, deleteModels, ids.owner!, { ...vision, ids: ["cars", "cars"] }), { code: "invalid_input", fieldErrors: { ids: ['ids names the ID "cars" more than once.'] } });
    await expectRefused(runAs(handle.db, deleteModels, ids.owner!, { ...vision, ids: ["cars", "nope"] }), { reason: "model_not_found", message: 'Model "nope" does not exist in this app.' });
    await expectRefused(runAs(handle.db, deleteModel, ids.owner!, { ...vision, model_id: "nope" }), { reason: "model_not_found", message: "Model does not exist" });
  });

  it("refuses deleting a model a workflow uses, naming the workflow", async () => {
    await handle.db.insert(workflows).values({ appRef: visionRef, workflowId: "flow", nodes: [{ id: "n1", model: { id: "boats" } }] });
    await expectRefused(runAs(handle.db, deleteModel, ids.owner!, { ...vision, model_id: "boats" }), { code: "invalid_input", message: expect.stringContaining('"flow"') });
    expect(await runAs(handle.db, getModel, ids.owner!, { ...vision, model_id: "boats" })).toMatchObject({ ok: true, data: { workflow_count: 1 } });
  });
});

describe("changing and deleting models", () => {
  it("patches names and descriptions, recording what changed", async () => {
    const patched = await runWithCredential(handle.db, patchModels, ids.owner!, FULL, { ...vision, models: [{ id: "cars", name: "Cars", description: "Vehicles" }], action: "overwrite" });
    expect(patched).toMatchObject({ ok: true, data: [{ id: "cars", name: "Cars", description: "Vehicles" }] });
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "model.updated"));
    expect(event).toMatchObject({ targetId: "cars", before: { name: "cars", description: "" }, after: { name: "Cars", description: "Vehicles" } });
  });

  it("deletes one model, and several at once", async () => {
    await runAs(handle.db, postModels, ids.owner!, { ...vision, models: [{ id: "a1" }, { id: "a2" }] });
    expect(await runWithCredential(handle.db, deleteModel, ids.owner!, FULL, { ...vision, model_id: "cars" })).toEqual({ ok: true, data: { ids: ["cars"] } });
    expect(await runWithCredential(handle.db, deleteModels, ids.owner!, FULL, { ...vision, ids: ["a1", "a2"] })).toMatchObject({ ok: true, data: { ids: expect.arrayContaining(["a1", "a2"]) } });
    const left = await runAs(handle.db, listModels, ids.owner!, vision);
    expect(left.ok && left.data.map((model) => model.id).sort()).toEqual(["boats", "pets"]);
    const deleted = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "model.deleted"));
    // One model is its own event; several are one event on the app.
    expect(deleted.map((event) => [event.targetType, event.targetId === "cars" ? "cars" : event.after])).toEqual(
      expect.arrayContaining([
        ["model", "cars"],
        ["app", { count: 2, ids: expect.arrayContaining(["a1", "a2"]) }],
      ]),
    );
    expect(deleted).toHaveLength(2);
  });
});

describe("who may do what", () => {
  it("refuses a credential lacking the method's scope, naming it, and changes nothing", async () => {
    await expectRefused(runWithCredential(handle.db, postModels, ids.owner!, pat("Models:Get"), { ...vision, model: { id: "denied" } }), { code: "forbidden", details: { missing: ["Models:Add"] } });
    await expectRefused(runWithCredential(handle.db, deleteModel, ids.owner!, pat("Models:Get", "Models:Add"), { ...vision, model_id: "pets" }), { code: "forbidden", details: { missing: ["Models:Delete"] } });
    expect(await runWithCredential(handle.db, listModels, ids.owner!, pat("Inputs:Get"), vision)).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Models:Get"] } });
  });

  it("lets a collaborator read but not add models in a session", async () => {
    expect((await runAs(handle.db, listModels, ids.reader!, vision)).ok).toBe(true);
    await expectRefused(runAs(handle.db, postModels, ids.reader!, { ...vision, model: { id: "theirs" } }), { code: "forbidden", details: { missing: ["Models:Add"] } });
  });

  it("refuses GetModel to a credential restricted to the ListModels endpoint", async () => {
    const listOnly: Credential = { kind: "pat", operationScopes: scopeSet("Models:Get"), endpointScopes: ["/clarifai.api.V2/ListModels"] };
    expect((await runWithCredential(handle.db, listModels, ids.owner!, listOnly, vision)).ok).toBe(true);
    expect(await runWithCredential(handle.db, getModel, ids.owner!, listOnly, { ...vision, model_id: "pets" })).toMatchObject({ ok: false, code: "forbidden", details: { deniedBy: "endpoint_not_in_credential" } });
  });

  it("keeps each app's models to itself", async () => {
    expect((await runAs(handle.db, postModels, ids.owner!, { ...other, model: { id: "elsewhere" } })).ok).toBe(true);
    expect(await runAs(handle.db, getModel, ids.owner!, { ...vision, model_id: "elsewhere" })).toMatchObject({ ok: false, reason: "model_not_found" });
    await expectRefused(runAs(handle.db, deleteModel, ids.owner!, { ...vision, model_id: "elsewhere" }), { reason: "model_not_found" });
    // The same ID is free in another app.
    expect((await runAs(handle.db, postModels, ids.owner!, { ...other, model: { id: "pets" } })).ok).toBe(true);
    const listed = await runAs(handle.db, listModels, ids.owner!, vision);
    expect(listed.ok && listed.data.every((model) => model.app_id === "vision")).toBe(true);
    expect(await runAs(handle.db, getModel, ids.reader!, { ...other, model_id: "elsewhere" })).toMatchObject({ ok: false, code: "not_found" });
  });
});
