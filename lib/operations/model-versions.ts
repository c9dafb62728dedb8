// A model's versions, outputs, training inputs and evaluation, and searching models
// (GetModelVersion, ListModelVersions, DeleteModelVersion, GetModelOutputInfo, ListModelInputs,
// GetModelVersionMetrics, PostModelVersionMetrics, PostModelsSearches). This server trains
// nothing, so a model record implies exactly one version, VERSION_ID, made with the record: it
// stays untrained, and never has metrics. Deleting it leaves the record without a version.
// Evaluating one is decided as the API method and then answered that nothing runs here.

import { z } from "zod";
import { inputsLabelledWithAny } from "@/db/queries/inputs";
import { deleteModelVersion as deleteModelVersionRow, findModel, searchModels, type ModelRow } from "@/db/queries/models";
import { failBecause, ok, type Failure } from "@/lib/result";
import { apiInputs } from "@/lib/services/app-data";
import { apiInput, apiObject, metadata, pageWindow, paging, says, storable } from "./api-input";
import { modelNotFound, pageFields, presentModels, recordId } from "./models";
import { noModelRuntime } from "./predictions";
import { defineAppOperation, type AppTenant } from "./operation";

/** The ID of the one version a model record implies. */
export const VERSION_ID = "1";

export type ApiModelVersion = {
  id: string;
  created_at: string;
  modified_at: string;
  status: { code: number; description: string };
  active_concept_count: number;
  app_id: string;
  user_id: string;
  description: string;
  metrics?: { status: { code: number; description: string } };
};

const UNTRAINED = { code: 21102, description: "Model not yet trained: this server trains no models." };
const NOT_EVALUATED = { code: 21302, description: "Model not yet evaluated: this server evaluates no models." };

function versionNotFound(): Failure {
  return failBecause("model_not_found", "not_found", `Model version does not exist: a model record has one version, "${VERSION_ID}", until it is deleted.`);
}

export function presentVersion(row: ModelRow, tenant: AppTenant): ApiModelVersion {
  return {
    id: VERSION_ID,
    created_at: row.createdAt.toISOString(),
    modified_at: row.modifiedAt.toISOString(),
    status: UNTRAINED,
    active_concept_count: row.conceptIds.length,
    app_id: tenant.app.appId,
    user_id: tenant.app.ownerHandle,
    description: "",
  };
}

/** The model and, when the request names one, its version; a failure when either is missing. */
async function modelAndVersion(tx: Parameters<typeof findModel>[0], tenant: AppTenant, modelId: string, versionId: string | undefined): Promise<ModelRow | Failure> {
  const row = await findModel(tx, { appRef: tenant.app.id, modelId });
  if (!row) return modelNotFound();
  if (versionId !== undefined && (versionId !== VERSION_ID || row.versionDeletedAt !== null)) return versionNotFound();
  return row;
}

const isFailure = (value: ModelRow | Failure): value is Failure => "ok" in value;

const versionPath = { model_id: recordId, version_id: recordId };

export const listModelVersions = defineAppOperation({
  name: "model_versions.list",
  input: apiInput({ model_id: recordId, ...pageFields }, {
    concept_ids: "versions are not filtered by concept.",
    trained_only: "no version is trained here.",
    ...Object.fromEntries(["sort_ascending", "sort_by_status_code", "sort_by_num_inputs", "sort_by_description", "sort_by_created_at"].map((field) => [field, "a model has one version at most."])),
    min_replicas: "versions are not filtered by deployment.",
  }),
  authorize: { endpoint: "/clarifai.api.V2/ListModelVersions" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const row = await modelAndVersion(tx, tenant, input.model_id, undefined);
    if (isFailure(row)) return row;
    const versions = row.versionDeletedAt === null && input.page === 1 ? [presentVersion(row, tenant)] : [];
    return ok({ model_versions: versions });
  },
});

export const getModelVersion = defineAppOperation({
  name: "model_versions.get",
  input: apiInput(versionPath),
  authorize: { endpoint: "/clarifai.api.V2/GetModelVersion" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const row = await modelAndVersion(tx, tenant, input.model_id, input.version_id);
    if (isFailure(row)) return row;
    return ok({ model_version: presentVersion(row, tenant) });
  },
});

export const deleteModelVersion = defineAppOperation({
  name: "model_versions.delete",
  input: apiInput(versionPath),
  authorize: { endpoint: "/clarifai.api.V2/DeleteModelVersion" },
  async run({ tx, tenant, audit }, input) {
    const row = await modelAndVersion(tx, tenant, input.model_id, input.version_id);
    if (isFailure(row)) return row;
    const deleted = await deleteModelVersionRow(tx, { appRef: tenant.app.id, modelId: input.model_id });
    if (!deleted) return versionNotFound();
    audit({ action: "model_version.deleted", targetType: "model", targetId: input.model_id, before: { versionId: VERSION_ID } });
    return ok({});
  },
});

/** GetModelOutputInfo: the model with what it outputs (its declared concepts), by model or by version. */
export const getModelOutputInfo = defineAppOperation({
  name: "models.output_info",
  input: apiInput({ model_id: recordId, version_id: recordId.optional() }, {
    language: "concepts are named in English only.",
    trained_before: "no version is trained here.",
    additional_fields: "no additional fields are kept.",
  }),
  authorize: { endpoint: "/clarifai.api.V2/GetModelOutputInfo" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const row = await modelAndVersion(tx, tenant, input.model_id, input.version_id);
    if (isFailure(row)) return row;
    const [model] = await presentModels(tx, tenant, [row]);
    return ok({ model: model! });
  },
});

/** ListModelInputs: the inputs labelled with the model's concepts, which training it would read. */
export const listModelInputs = defineAppOperation({
  name: "models.inputs",
  input: apiInput({ model_id: recordId, version_id: recordId.optional(), ...paging }),
  authorize: { endpoint: "/clarifai.api.V2/ListModelInputs" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const row = await modelAndVersion(tx, tenant, input.model_id, input.version_id);
    if (isFailure(row)) return row;
    const rows = await inputsLabelledWithAny(tx, { appRef: tenant.app.id, conceptIds: row.conceptIds, ...pageWindow(input) });
    return ok({ inputs: await apiInputs(tx, tenant.app, rows) });
  },
});

/** GetModelVersionMetrics: the version's evaluation, which is never computed here (MODEL_NOT_EVALUATED). */
export const getModelVersionMetrics = defineAppOperation({
  name: "model_versions.metrics",
  input: apiInput(versionPath, { fields: "no metrics are computed here, so there are none to choose from." }),
  authorize: { endpoint: "/clarifai.api.V2/GetModelVersionMetrics" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const row = await modelAndVersion(tx, tenant, input.model_id, input.version_id);
    if (isFailure(row)) return row;
    return ok({ model_version: { ...presentVersion(row, tenant), metrics: { status: NOT_EVALUATED } } });
  },
});

const NO_EVALUATION = noModelRuntime("evaluation is not available");

/** PostModelVersionMetrics: Clarifai evaluates the version; this server says it cannot, once the call is allowed. */
export const postModelVersionMetrics = defineAppOperation({
  name: "model_versions.evaluate",
  // Nothing is evaluated, so the request's searches and settings are not read: only their form is checked.
  input: apiInput({
    ...versionPath,
    test_search: metadata.optional(),
    eval_info: metadata.optional(),
  }),
  authorize: { endpoint: "/clarifai.api.V2/PostModelVersionMetrics" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const row = await modelAndVersion(tx, tenant, input.model_id, input.version_id);
    return isFailure(row) ? row : NO_EVALUATION;
  },
});

const modelQuery = apiObject({
  name: storable(z.string({ error: says("must be a string.") }).max(256, { error: says("must be at most 256 characters.") })).optional(),
  model_type_id: recordId.optional(),
});

/** PostModelsSearches: the app's models whose name or ID starts with the query's name, of its model type if given. */
export const postModelsSearches = defineAppOperation({
  name: "models.search",
  input: apiInput({ model_query: modelQuery.optional(), pagination: apiObject(paging).prefault({}) }),
  authorize: { endpoint: "/clarifai.api.V2/PostModelsSearches" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const prefix = input.model_query?.name?.replace(/\*+$/, "").trim();
    const rows = await searchModels(tx, { appRef: tenant.app.id, prefix: prefix || undefined, modelTypeId: input.model_query?.model_type_id, ...pageWindow(input.pagination) });
    return ok({ models: await presentModels(tx, tenant, rows) });
  },
});
