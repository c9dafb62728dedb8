// The /v2 inputs methods as operation descriptors (API-NOTES §2): list, get, add, patch, delete.
// An input is the URL of an image or a video, or a text, with the concepts it is labelled with and
// free metadata. Nothing is fetched and no model runs: an input is stored as sent.

import { z } from "zod";
import { countInputs, deleteInputs as deleteInputRows, findInputs, insertInputs, listInputs as listInputRows, updateInputData, type InputRow } from "@/db/queries/inputs";
import type { InputData } from "@/db/schema/app-data";
import { failBecause, ok, type Failure } from "@/lib/result";
import { NOT_FOUND, apiInputs, apiListedInputs, inRequestOrder, newResourceId, patchLabelled, storedLabels } from "@/lib/services/app-data";
import {
  UNSUPPORTED_DATA,
  apiId,
  apiInput,
  apiObject,
  batchOf,
  httpUrl,
  idBatch,
  labelledData,
  labels,
  metadata,
  noRepeats,
  pageWindow,
  paging,
  patchAction,
  quotedIds,
  says,
  storable,
  type Unsupported,
} from "./api-input";
import { auditBatch, type BatchItemAudit } from "./batch-audit";
import { createNamedConcepts } from "./concepts";
import { defineAppOperation } from "./operation";

/** Any of `ids` the app lacks: all are refused together, so that nothing changes. */
function missingInputs(ids: readonly string[], found: readonly InputRow[]): Failure | null {
  const have = new Set(found.map((row) => row.inputId));
  const missing = ids.filter((id) => !have.has(id));
  return missing.length === 0 ? null : failBecause("input_not_found", "not_found", `${NOT_FOUND.input}: ${quotedIds(missing)}.`);
}

function byInputId(row: InputRow): string {
  return row.inputId;
}

const NO_BYTES = "send the file by its URL: this server stores no file contents.";

const image = apiObject(
  { url: httpUrl, allow_duplicate_url: z.boolean({ error: says("must be true or false.") }).optional() },
  { base64: NO_BYTES, crop: "cropping is not supported: send the image by its URL.", hosted: "hosted copies are made by the server.", image_info: "image details are not read." },
);
const video = apiObject({ url: httpUrl }, { base64: NO_BYTES, thumbnail_url: "thumbnails are not made.", hosted: "hosted copies are made by the server." });
const text = apiObject(
  { raw: storable(z.string({ error: says("must be a string.") }).min(1, { error: says("must not be empty.") })) },
  { url: "send the text itself in raw.", hosted: "hosted copies are made by the server." },
);

const newInputData = apiObject({ image: image.optional(), video: video.optional(), text: text.optional(), concepts: labels.optional(), metadata: metadata.optional() }, UNSUPPORTED_DATA).refine(
  (data) => [data.image, data.video, data.text].filter(Boolean).length === 1,
  { error: says("must have exactly one of image, video or text.") },
);

const UNSUPPORTED_INPUT: Unsupported = {
  dataset_ids: "datasets are not supported.",
  settings: "input settings are not supported.",
  status: "an input's status is set by the server.",
  created_at: "set by the server.",
  modified_at: "set by the server.",
};

// Clarifai's clients send `id: null` (or "") for "pick one for me".
const newInputId = z.preprocess((id) => (id === null || id === "" ? undefined : id), apiId.optional());

const newInputs = noRepeats(batchOf(apiObject({ id: newInputId, data: newInputData }, UNSUPPORTED_INPUT)), (input) => input.id);

/** What is kept of a new input's data (`allow_duplicate_url` is accepted and has no effect: URLs are never fetched or compared). */
function storedData({ image, video, text, concepts, metadata }: z.infer<typeof newInputData>): InputData {
  return {
    ...(image ? { image: { url: image.url } } : {}),
    ...(video ? { video: { url: video.url } } : {}),
    ...(text ? { text: { raw: text.raw } } : {}),
    ...(concepts ? { concepts: storedLabels(concepts) } : {}),
    ...(metadata ? { metadata } : {}),
  };
}

export const listInputs = defineAppOperation({
  name: "inputs.list",
  input: apiInput(paging),
  authorize: { endpoint: "/clarifai.api.V2/ListInputs" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const rows = await listInputRows(tx, { appRef: tenant.app.id, ...pageWindow(input) });
    return ok({ inputs: apiListedInputs(tenant.app, rows) });
  },
});

/**
 * GetInputCount: the app's inputs by processing state. This server processes nothing after an
 * input is stored (no embeddings, no index), so every input counts as processed.
 */
export const getInputCount = defineAppOperation({
  name: "inputs.count",
  input: apiInput({}),
  authorize: { endpoint: "/clarifai.api.V2/GetInputCount" },
  readOnly: true,
  async run({ tx, tenant }) {
    const processed = await countInputs(tx, { appRef: tenant.app.id });
    return ok({ counts: { processed, to_process: 0, errors: 0, processing: 0, reindexed: 0, to_reindex: 0, reindex_errors: 0, reindexing: 0 } });
  },
});

export const getInput = defineAppOperation({
  name: "inputs.get",
  input: apiInput({ input_id: apiId }),
  authorize: { endpoint: "/clarifai.api.V2/GetInput" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const [row] = await findInputs(tx, { appRef: tenant.app.id, inputIds: [input.input_id] });
    if (!row) return failBecause("input_not_found", "not_found", NOT_FOUND.input);
    const [shaped] = await apiInputs(tx, tenant.app, [row]);
    return ok({ input: shaped! });
  },
});

const DUPLICATE_INPUT = failBecause("duplicate_id", "conflict", "The app already has an input with one of these IDs.");

export const postInputs = defineAppOperation({
  name: "inputs.create",
  input: apiInput(
    { inputs: newInputs },
    {
      inputs_add_job_id: "inputs are added at once, never by a job: leave it out.",
      input_id_conflict_resolution: "an input ID the app already has is always refused.",
    },
  ),
  authorize: { endpoint: "/clarifai.api.V2/PostInputs" },
  // Two requests adding the same ID at once: the second is refused like any duplicate.
  conflicts: { inputs_app_input_id_unique: DUPLICATE_INPUT },
  async run(context, input) {
    const { tx, tenant, principal, audit } = context;
    const appRef = tenant.app.id;
    const rows = input.inputs.map((item) => ({ inputId: item.id ?? newResourceId(), data: storedData(item.data) }));
    const ids = rows.map((row) => row.inputId);
    const taken = await findInputs(tx, { appRef, inputIds: ids });
    if (taken.length > 0) return failBecause("duplicate_id", "conflict", `The app already has the input ${quotedIds(taken.map((row) => row.inputId))}.`);
    await createNamedConcepts(context, input.inputs.flatMap((item) => item.data.concepts ?? []));
    const inserted = inRequestOrder(ids, await insertInputs(tx, { appRef, createdBy: principal.userId, rows }), byInputId);
    auditBatch(audit, tenant.app, "input.created", inserted.map((row) => ({ targetType: "input", targetId: row.inputId, after: { data: row.data } })));
    return ok({ inputs: await apiInputs(tx, tenant.app, inserted) });
  },
});

// Patching changes what an input is labelled with, never what it is.
const FIXED = "an input's image, video or text cannot be changed: delete the input and add it again.";

export const patchInputs = defineAppOperation({
  name: "inputs.update",
  input: apiInput({
    inputs: noRepeats(batchOf(apiObject({ id: apiId, data: labelledData({ ...UNSUPPORTED_DATA, image: FIXED, video: FIXED, text: FIXED }) }, UNSUPPORTED_INPUT)), (item) => item.id),
    action: patchAction,
  }),
  authorize: { endpoint: "/clarifai.api.V2/PatchInputs" },
  async run(context, input) {
    const { tx, tenant, audit } = context;
    const appRef = tenant.app.id;
    const ids = input.inputs.map((item) => item.id);
    const found = await findInputs(tx, { appRef, inputIds: ids });
    const missing = missingInputs(ids, found);
    if (missing) return missing;
    // Removing a concept from an input does not need the concept to exist.
    if (input.action !== "remove") await createNamedConcepts(context, input.inputs.flatMap((item) => item.data.concepts ?? []));
    const current = inRequestOrder(ids, found, byInputId);
    const updated: InputRow[] = [];
    const changes: BatchItemAudit[] = [];
    for (const [index, item] of input.inputs.entries()) {
      const before = current[index]!;
      const data = patchLabelled(before.data, { concepts: item.data.concepts && storedLabels(item.data.concepts), metadata: item.data.metadata }, input.action);
      const row = await updateInputData(tx, { appRef, id: before.id, data });
      changes.push({ targetType: "input", targetId: before.inputId, before: { data: before.data }, after: { data, action: input.action } });
      updated.push(row!);
    }
    auditBatch(audit, tenant.app, "input.updated", changes, { action: input.action });
    return ok({ inputs: await apiInputs(tx, tenant.app, updated) });
  },
});

export const deleteInput = defineAppOperation({
  name: "inputs.delete",
  input: apiInput({ input_id: apiId }),
  authorize: { endpoint: "/clarifai.api.V2/DeleteInput" },
  async run({ tx, tenant, audit }, input) {
    const appRef = tenant.app.id;
    const [row] = await findInputs(tx, { appRef, inputIds: [input.input_id] });
    if (!row) return failBecause("input_not_found", "not_found", NOT_FOUND.input);
    const deleted = await deleteInputRows(tx, { appRef, ids: [row.id] });
    audit({ action: "input.deleted", targetType: "input", targetId: row.inputId, before: { data: row.data } });
    return ok({ deleted });
  },
});

export const deleteInputs = defineAppOperation({
  name: "inputs.delete_many",
  input: apiInput(
    { ids: idBatch },
    // Emptying a whole app in one call is too easy to do by mistake for a console that keeps data.
    { delete_all: "this server does not delete all of an app's inputs in one call: list the IDs to delete in ids." },
  ),
  authorize: { endpoint: "/clarifai.api.V2/DeleteInputs" },
  async run({ tx, tenant, audit }, input) {
    const appRef = tenant.app.id;
    const found = await findInputs(tx, { appRef, inputIds: input.ids });
    const missing = missingInputs(input.ids, found);
    if (missing) return missing;
    const deleted = await deleteInputRows(tx, { appRef, ids: found.map((row) => row.id) });
    auditBatch(audit, tenant.app, "input.deleted", inRequestOrder(input.ids, found, byInputId).map((row) => ({ targetType: "input", targetId: row.inputId, before: { data: row.data } })));
    return ok({ deleted });
  },
});
