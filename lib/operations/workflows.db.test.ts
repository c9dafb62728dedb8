// Workflow records through the runner: shapes, the rule that every node runs one of the app's
// models, every other input rule (and that a refusal changes nothing), scopes and app isolation.

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, models, workflows } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { deleteModel } from "./models";
import { OTHER, ownerWithTwoApps, patWith as pat, runAs, runWithCredential, VISION } from "./testing";
import { deleteWorkflow, deleteWorkflows, getWorkflow, listWorkflows, patchWorkflows, postWorkflows } from "./workflows";

let handle: DatabaseHandle;
let owner = "";
const vision = VISION;
const other = OTHER;

async function snapshot() {
  return {
    workflows: await handle.db.select().from(workflows).orderBy(workflows.appRef, workflows.workflowId),
    audit: (await handle.db.select({ id: auditEvents.id }).from(auditEvents)).length,
  };
}

async function expectRefused(call: Promise<unknown>, failure: Record<string, unknown>) {
  const before = await snapshot();
  expect(await call).toMatchObject({ ok: false, ...failure });
  expect(await snapshot()).toEqual(before);
}

function flow(id: string, ...modelIds: string[]) {
  return { id, nodes: modelIds.map((modelId, index) => ({ id: `n${index + 1}`, model: { id: modelId } })) };
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const made = await ownerWithTwoApps(handle.db);
  owner = made.owner;
  const { visionRef, otherRef } = made;

  await handle.db.insert(models).values([
    { appRef: visionRef, modelId: "detector", name: "Detector", modelTypeId: "visual-detector" },
    { appRef: visionRef, modelId: "classifier", name: "Classifier", modelTypeId: "visual-classifier" },
    { appRef: otherRef, modelId: "foreign", name: "Foreign", modelTypeId: "visual-classifier" },
  ]);
});
afterAll(async () => {
  await handle?.close();
});

describe("creating and reading workflows", () => {
  it("creates workflows and answers them in the API's shape", async () => {
    const created = await runWithCredential(handle.db, postWorkflows, owner, pat("Workflows:Add"), { ...vision, workflows: [{ ...flow("pipeline", "detector", "classifier"), description: "Detect, then classify" }] });
    expect(created).toEqual({
      ok: true,
      data: [
        {
          id: "pipeline",
          app_id: "vision",
          user_id: "owner",
          nodes: [
            { id: "n1", model: { id: "detector", app_id: "vision", user_id: "owner" } },
            { id: "n2", model: { id: "classifier", app_id: "vision", user_id: "owner" } },
          ],
          description: "Detect, then classify",
          created_at: expect.stringMatching(/Z$/),
          modified_at: expect.any(String),
        },
      ],
    });
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "workflow.created"));
    expect(event).toMatchObject({ targetType: "workflow", targetId: "pipeline", actorUserId: owner });
    expect(await runWithCredential(handle.db, getWorkflow, owner, pat("Workflows:Get"), { ...vision, workflow_id: "pipeline" })).toMatchObject({ ok: true, data: { id: "pipeline", nodes: [{ id: "n1" }, { id: "n2" }] } });
  });

  it("lists newest first, paged", async () => {
    await runAs(handle.db, postWorkflows, owner, { ...vision, workflows: [flow("second", "detector")] });
    const all = await runAs(handle.db, listWorkflows, owner, vision);
    expect(all.ok && all.data.map((workflow) => workflow.id)).toEqual(["second", "pipeline"]);
    const page2 = await runAs(handle.db, listWorkflows, owner, { ...vision, page: "2", per_page: "1" });
    expect(page2.ok && page2.data.map((workflow) => workflow.id)).toEqual(["pipeline"]);
    expect(await runAs(handle.db, listWorkflows, owner, { ...vision, per_page: "0" })).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { per_page: [expect.any(String)] } });
  });

  it("answers workflow_not_found for an unknown ID", async () => {
    expect(await runAs(handle.db, getWorkflow, owner, { ...vision, workflow_id: "nope" })).toMatchObject({ ok: false, code: "not_found", reason: "workflow_not_found" });
  });
});

describe("input rules: each refusal changes nothing", () => {
  const cases: Array<[string, unknown[], Record<string, unknown>]> = [
    ["a node whose model the app lacks", [flow("fresh", "detector", "ghost")], { code: "invalid_input", message: expect.stringContaining('"ghost"') }],
    ["a node whose model is another app's", [flow("fresh", "foreign")], { code: "invalid_input", message: expect.stringContaining('"foreign"') }],
    ["no nodes", [{ id: "fresh", nodes: [] }], { code: "invalid_input" }],
    ["a node ID used twice", [{ id: "fresh", nodes: [{ id: "n", model: { id: "detector" } }, { id: "n", model: { id: "classifier" } }] }], { code: "invalid_input" }],
    ["a node naming its model's app", [{ id: "fresh", nodes: [{ id: "n", model: { id: "detector", app_id: "other" } }] }], { code: "invalid_input", fieldErrors: { workflows: ["workflows[0].nodes[0].model.app_id is not supported by this server: only its default value is accepted."] } }],
    ["a bad workflow ID", [flow("bad id", "detector")], { code: "invalid_input" }],
    ["the same ID twice", [flow("fresh", "detector"), flow("fresh", "classifier")], { code: "conflict", reason: "duplicate_id" }],
    ["an ID the app already has", [flow("fresh", "detector"), flow("pipeline", "detector")], { code: "conflict", reason: "duplicate_id" }],
  ];
  for (const [what, list, failure] of cases) {
    it(`PostWorkflows refuses ${what}`, async () => {
      await expectRefused(runAs(handle.db, postWorkflows, owner, { ...vision, workflows: list }), failure);
    });
  }

  it("refuses unknown fields and a missing list", async () => {
    await expectRefused(runAs(handle.db, postWorkflows, owner, { ...vision, workflow: flow("fresh", "detector") }), { code: "invalid_input", fieldErrors: { _form: ["workflow is not supported by this server: only its default value is accepted."] } });
    await expectRefused(runAs(handle.db, postWorkflows, owner, vision), { code: "invalid_input", fieldErrors: { workflows: [expect.any(String)] } });
  });

  it("PatchWorkflows refuses an unknown workflow, a missing model, another action and an empty change", async () => {
    const patch = (body: Record<string, unknown>) => runAs(handle.db, patchWorkflows, owner, { ...vision, action: "overwrite", ...body });
    await expectRefused(patch({ workflows: [{ id: "pipeline", description: "x" }, { id: "nope", description: "y" }] }), { code: "not_found", reason: "workflow_not_found", message: 'Workflow "nope" does not exist in this app.' });
    await expectRefused(patch({ workflows: [flow("pipeline", "ghost")] }), { code: "invalid_input", message: expect.stringContaining('"ghost"') });
    await expectRefused(patch({ workflows: [{ id: "pipeline", description: "x" }], action: "remove" }), { code: "invalid_input", fieldErrors: { action: [expect.any(String)] } });
    await expectRefused(patch({ workflows: [{ id: "pipeline" }] }), { code: "invalid_input" });
  });

  it("DeleteWorkflows refuses delete_all and an unknown ID", async () => {
    await expectRefused(runAs(handle.db, deleteWorkflows, owner, { ...vision, delete_all: true }), { code: "invalid_input", fieldErrors: { _form: [expect.stringContaining("delete_all is not supported")] } });
    await expectRefused(runAs(handle.db, deleteWorkflows, owner, { ...vision, ids: ["pipeline", "nope"] }), { reason: "workflow_not_found" });
    await expectRefused(runAs(handle.db, deleteWorkflow, owner, { ...vision, workflow_id: "nope" }), { reason: "workflow_not_found" });
  });
});

describe("changing and deleting workflows", () => {
  it("replaces nodes and the description, recording both sides", async () => {
    const patched = await runWithCredential(handle.db, patchWorkflows, owner, pat("Workflows:Add"), { ...vision, workflows: [{ ...flow("second", "classifier"), description: "Classify only" }], action: "overwrite" });
    expect(patched).toMatchObject({ ok: true, data: [{ id: "second", description: "Classify only", nodes: [{ id: "n1", model: { id: "classifier" } }] }] });
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "workflow.updated"));
    expect(event).toMatchObject({ targetId: "second", before: { nodes: [{ model: { id: "detector" } }], description: "" }, after: { nodes: [{ model: { id: "classifier" } }], description: "Classify only" } });
  });

  it("deletes workflows, after which their models may be deleted", async () => {
    expect(await runAs(handle.db, deleteModel, owner, { ...vision, model_id: "detector" })).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await runWithCredential(handle.db, deleteWorkflow, owner, pat("Workflows:Delete"), { ...vision, workflow_id: "pipeline" })).toEqual({ ok: true, data: { ids: ["pipeline"] } });
    expect((await runAs(handle.db, deleteModel, owner, { ...vision, model_id: "detector" })).ok).toBe(true);
    expect(await runAs(handle.db, deleteWorkflows, owner, { ...vision, ids: ["second"] })).toEqual({ ok: true, data: { ids: ["second"] } });
    expect(await runAs(handle.db, listWorkflows, owner, vision)).toEqual({ ok: true, data: [] });
    const deleted = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "workflow.deleted"));
    expect(deleted.map((event) => event.targetId).sort()).toEqual(["pipeline", "second"]);
  });
});

describe("who may do what", () => {
  it("refuses a credential lacking the method's scope, naming it, and changes nothing", async () => {
    await expectRefused(runWithCredential(handle.db, postWorkflows, owner, pat("Workflows:Get"), { ...vision, workflows: [flow("denied", "classifier")] }), { code: "forbidden", details: { missing: ["Workflows:Add"] } });
    expect(await runWithCredential(handle.db, listWorkflows, owner, pat("Models:Get"), vision)).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Workflows:Get"] } });
  });

  it("keeps each app's workflows to itself", async () => {
    expect((await runAs(handle.db, postWorkflows, owner, { ...other, workflows: [flow("theirs", "foreign")] })).ok).toBe(true);
    expect(await runAs(handle.db, getWorkflow, owner, { ...vision, workflow_id: "theirs" })).toMatchObject({ ok: false, reason: "workflow_not_found" });
    await expectRefused(runAs(handle.db, deleteWorkflow, owner, { ...vision, workflow_id: "theirs" }), { reason: "workflow_not_found" });
  });
});
