// Model records as the /v2 API serves them (ListModels, GetModel, PostModels, PatchModels,
// DeleteModel, DeleteModels). A model here is a record: its declared output concepts are kept,
// nothing is trained or run (lib/operations/predictions.ts answers the methods that would).
// Every change runs with the app row locked (the runner), so checking an ID and then writing it,
// or checking that no workflow uses a model and then deleting it, cannot race another change.

import { z } from "zod";
import { conceptNames, deleteModels as deleteModelRows, findModel, findModels, insertModels, listModels as listModelRows, updateModel, type ModelRow, type NewModel } from "@/db/queries/models";
import { workflowsUsingModels } from "@/db/queries/workflows";
import type { DbOrTx } from "@/db/client";
import { fail, failBecause, ok, type Failure } from "@/lib/result";
import { apiId, apiInput, apiObject, batchOf, noRepeats, pageWindow, says, storable } from "./api-input";
import { auditBatch, type BatchItemAudit } from "./batch-audit";
import { defineAppOperation, type AppTenant, type OperationContext } from "./operation";

// ---- Input rules shared by the record methods (models, workflows, predictions) ----

/**
 * IDs of models, workflows and nodes: up to 64 letters, digits, '-' and '_', starting with a letter
 * or digit, so every one can be named in a /v2 path.
 */
export const recordId = z.string({ error: says("must be a string.") }).regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { error: says("must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit.") });

/** `page` and `per_page` as the list methods take them (query-string numbers, so coerced): 128 a page unless asked. */
export const pageFields = {
  page: wholeNumber("page", 1, Number.MAX_SAFE_INTEGER).default(1),
  per_page: wholeNumber("per_page", 1, 1000).default(128),
};

function wholeNumber(name: string, min: number, max: number) {
  const message = max === Number.MAX_SAFE_INTEGER ? `${name} must be a whole number of at least ${min}.` : `${name} must be a whole number from ${min} to ${max}.`;
  return z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

export const descriptionField = storable(z.string({ error: says("must be a string.") }).max(5000, { error: says("must be at most 5000 characters.") }));

/**
 * The body of a batch delete: `{ids}`, each once. Clarifai's `delete_all` is refused: emptying an
 * app in one call is too easy to do by mistake, so the IDs must be listed.
 */
export function idsToDelete(what: "model" | "workflow") {
  return apiInput({ ids: noRepeats(batchOf(recordId), (id) => id) }, { delete_all: `list the ${what} IDs to delete in ids.` });
}

/** The first value that occurs twice, if any. */
export function firstRepeated(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  return values.find((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

export function duplicateId(field: string, message: string): Failure {
  return { ...failBecause("duplicate_id", "conflict", "Object has a duplicate ID; another object with same ID already exist."), fieldErrors: { [field]: [message] } };
}

// ---- Models ----

/** A model as the API returns it. */
export type ApiModel = {
  id: string;
  name: string;
  app_id: string;
  user_id: string;
  model_type_id: string;
  created_at: string;
  modified_at: string;
  description: string;
  output_info: { data: { concepts: Array<{ id: string; name: string }> } };
};

/** Model not found; a request naming several models is told which one. */
export function modelNotFound(modelId?: string): Failure {
  return failBecause("model_not_found", "not_found", modelId === undefined ? "Model does not exist" : `Model "${modelId}" does not exist in this app.`);
}

/** The API shapes of `rows`, their declared concepts named as the app names them (else by ID). */
export async function presentModels(db: DbOrTx, tenant: AppTenant, rows: readonly ModelRow[]): Promise<ApiModel[]> {
  const names = await conceptNames(db, { appRef: tenant.app.id, conceptIds: [...new Set(rows.flatMap((row) => row.conceptIds))] });
  return rows.map((row) => ({
    id: row.modelId,
    name: row.name,
    app_id: tenant.app.appId,
    user_id: tenant.app.ownerHandle,
    model_type_id: row.modelTypeId,
    created_at: row.createdAt.toISOString(),
    modified_at: row.modifiedAt.toISOString(),
    description: row.description,
    output_info: { data: { concepts: row.conceptIds.map((id) => ({ id, name: names.get(id) ?? id })) } },
  }));
}

/** What the audit log keeps of a model. */
function auditedModel(row: ModelRow) {
  return { name: row.name, modelTypeId: row.modelTypeId, description: row.description, conceptIds: row.conceptIds };
}

const nameField = storable(
  z
    .string({ error: says("must be a string.") })
    .trim()
    .min(1, { error: says("must not be empty.") })
    .max(256, { error: says("must be at most 256 characters.") }),
);

// When a request names no type, the model is a custom concept classifier, the type Clarifai's
// concept-model creation has always defaulted to.
const DEFAULT_MODEL_TYPE = "embedding-classifier";

const newModelItem = apiObject({
  id: recordId,
  name: nameField.optional(),
  model_type_id: recordId.optional(),
  description: descriptionField.optional(),
  // Clarifai's Model has both; this server keeps one text, and `description` wins when both are sent.
  notes: descriptionField.optional(),
  output_info: apiObject({
    data: apiObject({
      concepts: z
        .array(apiObject({ id: apiId }), { error: says("must be a list.") })
        .max(1000, { error: says("must name at most 1000 concepts.") }),
    }),
  }).optional(),
});

function toNewModel(item: z.infer<typeof newModelItem>): NewModel {
  return {
    modelId: item.id,
    name: item.name ?? item.id,
    modelTypeId: item.model_type_id ?? DEFAULT_MODEL_TYPE,
    description: item.description ?? item.notes ?? "",
    conceptIds: (item.output_info?.data.concepts ?? []).map((concept) => concept.id),
  };
}

export const listModels = defineAppOperation({
  name: "models.list",
  input: apiInput(pageFields),
  authorize: { endpoint: "/clarifai.api.V2/ListModels" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    return ok(await presentModels(tx, tenant, await listModelRows(tx, { appRef: tenant.app.id, ...pageWindow(input) })));
  },
});

export const getModel = defineAppOperation({
  name: "models.get",
  input: apiInput({ model_id: recordId }),
  authorize: { endpoint: "/clarifai.api.V2/GetModel" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const row = await findModel(tx, { appRef: tenant.app.id, modelId: input.model_id });
    if (!row) return modelNotFound();
    const [model] = await presentModels(tx, tenant, [row]);
    const usedBy = await workflowsUsingModels(tx, { appRef: tenant.app.id, modelIds: [row.modelId] });
    return ok({ model: model!, workflow_count: usedBy.length });
  },
});

export const postModels = defineAppOperation({
  name: "models.create",
  // Clarifai's PostModels takes one `model`; the older `models` list is accepted too.
  input: apiInput({ model: newModelItem.optional(), models: batchOf(newModelItem).optional() }).superRefine((input, context) => {
    if ((input.model === undefined) === (input.models === undefined)) context.addIssue({ code: "custom", path: ["model"], message: "Give either model or models (a list), not both and not neither." });
  }),
  authorize: { endpoint: "/clarifai.api.V2/PostModels" },
  async run({ tx, tenant, audit }, input) {
    const items = input.model ? [input.model] : (input.models ?? []);
    const repeated = firstRepeated(items.map((item) => item.id));
    if (repeated !== undefined) return duplicateId("models", `The model ID "${repeated}" is given more than once.`);
    const inserted = await insertModels(tx, { appRef: tenant.app.id, rows: items.map(toNewModel) });
    const taken = items.find((item) => !inserted.some((row) => row.modelId === item.id));
    if (taken) return duplicateId(input.model ? "model" : "models", `A model with the ID "${taken.id}" already exists in this app.`);
    const rows = items.map((item) => inserted.find((row) => row.modelId === item.id)!);
    auditBatch(audit, tenant.app, "model.created", rows.map((row) => ({ targetType: "model", targetId: row.modelId, after: auditedModel(row) })));
    return ok(await presentModels(tx, tenant, rows));
  },
});

const modelPatch = apiObject({ id: recordId, name: nameField.optional(), description: descriptionField.optional() }).refine((item) => item.name !== undefined || item.description !== undefined, {
  error: says("needs a name or a description to change."),
});

/** Clarifai's patch actions are merge, overwrite and remove; for a name, a description or a list of nodes only overwriting means anything. */
export const overwriteAction = z.literal("overwrite", { error: says('must be "overwrite": the only patch action this server supports for models and workflows.') });

export const patchModels = defineAppOperation({
  name: "models.update",
  input: apiInput({ models: noRepeats(batchOf(modelPatch), (item) => item.id), action: overwriteAction }),
  authorize: { endpoint: "/clarifai.api.V2/PatchModels" },
  async run({ tx, tenant, audit }, input) {
    const ids = input.models.map((item) => item.id);
    const existing = await findModels(tx, { appRef: tenant.app.id, modelIds: ids });
    const missing = ids.find((id) => !existing.some((row) => row.modelId === id));
    if (missing !== undefined) return modelNotFound(missing);
    const updated: ModelRow[] = [];
    const changes: BatchItemAudit[] = [];
    for (const item of input.models) {
      const before = existing.find((row) => row.modelId === item.id)!;
      const row = (await updateModel(tx, { appRef: tenant.app.id, modelId: item.id, changes: { name: item.name, description: item.description } }))!;
      changes.push({ targetType: "model", targetId: row.modelId, before: auditedModel(before), after: auditedModel(row) });
      updated.push(row);
    }
    auditBatch(audit, tenant.app, "model.updated", changes);
    return ok(await presentModels(tx, tenant, updated));
  },
});

/**
 * Deletes the named models, all or none: an unknown ID, or a model a workflow still runs, refuses
 * the whole request (a workflow keeps only nodes whose model exists in the app).
 */
async function removeModels({ tx, tenant, audit }: Pick<OperationContext<AppTenant>, "tx" | "tenant" | "audit">, ids: readonly string[], field: "model_id" | "ids") {
  const existing = await findModels(tx, { appRef: tenant.app.id, modelIds: ids });
  const missing = ids.find((id) => !existing.some((row) => row.modelId === id));
  if (missing !== undefined) return modelNotFound(ids.length > 1 ? missing : undefined);
  const uses = await workflowsUsingModels(tx, { appRef: tenant.app.id, modelIds: ids });
  if (uses.length > 0) {
    const message = `Workflows still run ${ids.length > 1 ? "these models" : "this model"}: ${uses.map((use) => `"${use.workflowId}" runs "${use.modelId}"`).join(", ")}. Delete those workflows or change their nodes first.`;
    return fail("invalid_input", message, { [field]: [message] });
  }
  const deleted = await deleteModelRows(tx, { appRef: tenant.app.id, modelIds: ids });
  auditBatch(audit, tenant.app, "model.deleted", deleted.map((row) => ({ targetType: "model", targetId: row.modelId, before: auditedModel(row) })));
  return ok({ ids: deleted.map((row) => row.modelId) });
}

export const deleteModel = defineAppOperation({
  name: "models.delete",
  input: apiInput({ model_id: recordId }),
  authorize: { endpoint: "/clarifai.api.V2/DeleteModel" },
  run: (context, input) => removeModels(context, [input.model_id], "model_id"),
});

export const deleteModels = defineAppOperation({
  name: "models.delete_many",
  input: idsToDelete("model"),
  authorize: { endpoint: "/clarifai.api.V2/DeleteModels" },
  run: (context, input) => removeModels(context, input.ids, "ids"),
});
