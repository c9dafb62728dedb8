// The methods that would run a model: predicting (PostModelOutputs, PostWorkflowResults) and
// training (PostModelVersions). This server runs no models, yet each is decided exactly as the API
// method it is, so a caller learns whether its key may make the call; then, when the model or
// workflow exists, it answers no_model_runtime — never a made-up output. Nothing is written.

import { z } from "zod";
import { findModel } from "@/db/queries/models";
import { findWorkflow } from "@/db/queries/workflows";
import { failBecause } from "@/lib/result";
import { apiInput, batchOf, metadata } from "./api-input";
import { descriptionField, modelNotFound, recordId } from "./models";
import { defineAppOperation } from "./operation";
import { workflowNotFound } from "./workflows";

/** The answer to an allowed call that would run a model, saying what is not available ("training is not available"). */
export function noModelRuntime(unavailable: string) {
  return failBecause("no_model_runtime", "invalid_input", `This server runs no models: ${unavailable}. The call was authorized; nothing was run.`);
}

const NO_PREDICTION = noModelRuntime("predictions are not available");
const NO_TRAINING = noModelRuntime("training is not available");

// The request's own objects (inputs, model settings…) are not read, since nothing runs: only their form is checked.
const predictionInputs = batchOf(metadata);

export const postModelOutputs = defineAppOperation({
  name: "models.predict",
  input: apiInput({
    model_id: recordId,
    version_id: recordId.optional(),
    inputs: predictionInputs,
    model: metadata.optional(),
    runner_selector: metadata.optional(),
    use_predict_cache: z.boolean().optional(),
  }),
  authorize: { endpoint: "/clarifai.api.V2/PostModelOutputs" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const model = await findModel(tx, { appRef: tenant.app.id, modelId: input.model_id });
    return model ? NO_PREDICTION : modelNotFound();
  },
});

export const postModelVersions = defineAppOperation({
  name: "models.train",
  input: apiInput({ model_id: recordId, model_versions: batchOf(metadata).optional(), description: descriptionField.optional() }),
  authorize: { endpoint: "/clarifai.api.V2/PostModelVersions" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const model = await findModel(tx, { appRef: tenant.app.id, modelId: input.model_id });
    return model ? NO_TRAINING : modelNotFound();
  },
});

export const postWorkflowResults = defineAppOperation({
  name: "workflows.predict",
  input: apiInput({ workflow_id: recordId, version_id: recordId.optional(), inputs: predictionInputs, output_config: metadata.optional() }),
  authorize: { endpoint: "/clarifai.api.V2/PostWorkflowResults" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const workflow = await findWorkflow(tx, { appRef: tenant.app.id, workflowId: input.workflow_id });
    return workflow ? NO_PREDICTION : workflowNotFound();
  },
});
