// The methods that would run a model: decided exactly as their endpoints, then answered
// no_model_runtime (never an output), and nothing written either way.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, models, workflows } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { scopeSet, type Credential } from "@/lib/authz";
import { serveRoute } from "@/lib/api/dispatch";
import { modelRoutes } from "@/lib/api/routes/models";
import { createPersonalAccessToken } from "@/lib/operations/credentials";
import { addCollaborator } from "@/lib/operations/collaborators";
import { signUpVerified } from "@/lib/services/test-accounts";
import { postModelOutputs, postModelVersions, postWorkflowResults } from "./predictions";
import { OTHER, ownerWithTwoApps, patWith as pat, runAs, runWithCredential, VISION } from "./testing";

let handle: DatabaseHandle;
let owner = "";
let labeler = "";
const vision = VISION;
const other = OTHER;
const inputs = [{ data: { image: { url: "https://example.test/cat.jpg" } } }];

const NO_PREDICTION = {
  ok: false,
  code: "invalid_input",
  reason: "no_model_runtime",
  message: "This server runs no models: predictions are not available. The call was authorized; nothing was run.",
};

async function auditCount() {
  return (await handle.db.select({ id: auditEvents.id }).from(auditEvents)).length;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const made = await ownerWithTwoApps(handle.db);
  owner = made.owner;
  const { visionRef, otherRef } = made;
  labeler = await signUpVerified(handle.db, "labeler");

  await handle.db.insert(models).values([
    { appRef: visionRef, modelId: "pets", name: "Pets", modelTypeId: "visual-classifier" },
    { appRef: otherRef, modelId: "foreign", name: "Foreign", modelTypeId: "visual-classifier" },
  ]);
  await handle.db.insert(workflows).values({ appRef: visionRef, workflowId: "flow", nodes: [{ id: "n1", model: { id: "pets" } }] });
  await runAs(handle.db, addCollaborator, owner, { ...vision, email: "labeler@example.test", scopes: ["Models:Get", "Inputs:Get"] });
});
afterAll(async () => {
  await handle?.close();
});

describe("PostModelOutputs", () => {
  it("answers no_model_runtime to a key with Predict, on both paths, and writes nothing", async () => {
    const before = await auditCount();
    expect(await runWithCredential(handle.db, postModelOutputs, owner, pat("Predict"), { ...vision, model_id: "pets", inputs })).toEqual(NO_PREDICTION);
    expect(await runWithCredential(handle.db, postModelOutputs, owner, pat("Predict"), { ...vision, model_id: "pets", version_id: "abc123", inputs })).toEqual(NO_PREDICTION);
    expect(await runAs(handle.db, postModelOutputs, owner, { ...vision, model_id: "pets", inputs })).toEqual(NO_PREDICTION);
    expect(await auditCount()).toBe(before);
  });

  it("refuses a key without Predict as forbidden, naming the scope", async () => {
    expect(await runWithCredential(handle.db, postModelOutputs, owner, pat("Models:Get", "Inputs:Get"), { ...vision, model_id: "pets", inputs })).toMatchObject({
      ok: false,
      code: "forbidden",
      details: { missing: ["Predict"] },
    });
    expect(await runAs(handle.db, postModelOutputs, labeler, { ...vision, model_id: "pets", inputs })).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Predict"] } });
  });

  it("refuses a key whose endpoints exclude it, even with Predict", async () => {
    const listOnly: Credential = { kind: "pat", operationScopes: scopeSet("Predict", "Models:Get"), endpointScopes: ["/clarifai.api.V2/ListModels"] };
    expect(await runWithCredential(handle.db, postModelOutputs, owner, listOnly, { ...vision, model_id: "pets", inputs })).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("answers model_not_found for a model the app lacks, another app's included", async () => {
    for (const model_id of ["ghost", "foreign"]) {
      expect(await runWithCredential(handle.db, postModelOutputs, owner, pat("Predict"), { ...vision, model_id, inputs })).toMatchObject({ ok: false, code: "not_found", reason: "model_not_found" });
    }
    expect(await runWithCredential(handle.db, postModelOutputs, owner, pat("Predict"), { ...other, model_id: "foreign", inputs })).toEqual(NO_PREDICTION);
  });

  it("refuses bad input before anything else", async () => {
    expect(await runAs(handle.db, postModelOutputs, owner, { ...vision, model_id: "pets", inputs: [] })).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { inputs: [expect.any(String)] } });
    expect(await runAs(handle.db, postModelOutputs, owner, { ...vision, model_id: "pets" })).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { inputs: [expect.any(String)] } });
    expect(await runAs(handle.db, postModelOutputs, owner, { ...vision, model_id: "pets", inputs, temperature: 1 })).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { _form: ["temperature is not a field of this request."] } });
  });
});

describe("PostModelVersions", () => {
  it("answers no_model_runtime to a key with Models:Train and refuses one without", async () => {
    expect(await runWithCredential(handle.db, postModelVersions, owner, pat("Models:Train"), { ...vision, model_id: "pets" })).toMatchObject({
      ok: false,
      code: "invalid_input",
      reason: "no_model_runtime",
      message: expect.stringContaining("training is not available"),
    });
    expect(await runWithCredential(handle.db, postModelVersions, owner, pat("Models:Add", "Models:Get", "Predict"), { ...vision, model_id: "pets" })).toMatchObject({
      ok: false,
      code: "forbidden",
      details: { missing: ["Models:Train"] },
    });
    expect(await runWithCredential(handle.db, postModelVersions, owner, pat("Models:Train"), { ...vision, model_id: "ghost" })).toMatchObject({ ok: false, reason: "model_not_found" });
  });
});

describe("PostWorkflowResults", () => {
  it("answers no_model_runtime to a key with Predict and Workflows:Get", async () => {
    expect(await runWithCredential(handle.db, postWorkflowResults, owner, pat("Predict", "Workflows:Get"), { ...vision, workflow_id: "flow", inputs })).toEqual(NO_PREDICTION);
  });

  it("refuses a key lacking either scope, naming it", async () => {
    expect(await runWithCredential(handle.db, postWorkflowResults, owner, pat("Predict"), { ...vision, workflow_id: "flow", inputs })).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Workflows:Get"] } });
    expect(await runWithCredential(handle.db, postWorkflowResults, owner, pat("Workflows:Get"), { ...vision, workflow_id: "flow", inputs })).toMatchObject({ ok: false, code: "forbidden", details: { missing: ["Predict"] } });
  });

  it("answers workflow_not_found for a workflow the app lacks", async () => {
    expect(await runWithCredential(handle.db, postWorkflowResults, owner, pat("Predict", "Workflows:Get"), { ...vision, workflow_id: "ghost", inputs })).toMatchObject({ ok: false, code: "not_found", reason: "workflow_not_found" });
  });
});

describe("over the wire", () => {
  it("answers an allowed prediction 501 / 10020 with the empty outputs, and a refused one 403 / 11007", async () => {
    const route = modelRoutes.find((entry) => entry.method === "POST" && entry.path === "models/{model_id}/outputs")!;
    const call = async (scopes: string[]) => {
      const token = await runAs(handle.db, createPersonalAccessToken, owner, { name: `wire-${scopes.join("-")}`, scopes });
      if (!token.ok) throw new Error(token.message);
      const request = new Request("http://console.test/v2/users/owner/apps/vision/models/pets/outputs", {
        method: "POST",
        headers: { authorization: `Key ${token.data.secret}`, "content-type": "application/json" },
        body: JSON.stringify({ inputs }),
      });
      const response = await serveRoute(request, { kind: "match", route, form: "full", params: { user_id: "owner", app_id: "vision", model_id: "pets" } }, { db: handle.db });
      return { status: response.status, json: (await response.json()) as { status: Record<string, unknown>; outputs?: unknown[] } };
    };
    const allowed = await call(["Predict"]);
    expect(allowed).toMatchObject({ status: 501, json: { status: { code: 10020, details: NO_PREDICTION.message }, outputs: [] } });
    const refused = await call(["Models:Get"]);
    expect(refused).toMatchObject({ status: 403, json: { status: { code: 11007, missing_scopes: ["Predict"] }, outputs: [] } });
  });
});
