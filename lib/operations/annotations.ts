// The /v2 annotations methods as operation descriptors (API-NOTES §2): list, add, patch, delete.
// An annotation labels one input of the same app with concepts (and free metadata); an input may
// have any number of them. Region, frame and time annotations are not supported.

import { z } from "zod";
import { deleteAnnotations as deleteAnnotationRows, findAnnotations, insertAnnotations, listAnnotations as listAnnotationRows, updateAnnotationData, type AnnotationRow } from "@/db/queries/annotations";
import { findInputs } from "@/db/queries/inputs";
import { fail, failBecause, ok, type Failure } from "@/lib/result";
import { NOT_FOUND, apiAnnotations, inRequestOrder, newResourceId, patchLabelled, storedLabels, type Labelled } from "@/lib/services/app-data";
import { apiId, apiInput, apiObject, batchOf, idBatch, labelledData, noRepeats, pageWindow, paging, patchAction, quotedIds, says, type Unsupported } from "./api-input";
import { auditBatch, type BatchItemAudit } from "./batch-audit";
import { createNamedConcepts } from "./concepts";
import { defineAppOperation } from "./operation";


const UNSUPPORTED_ANNOTATION: Unsupported = {
  annotation_info: "annotation details beyond data are not stored.",
  embed_model_version_id: "this server computes no embeddings.",
  model_version_id: "this server runs no models: annotations are made by their callers.",
  task_id: "labeling tasks are not supported.",
  user_id: "an annotation is made by the caller.",
  status: "an annotation's status is set by the server.",
  created_at: "set by the server.",
  modified_at: "set by the server.",
};

function byAnnotationId(row: AnnotationRow): string {
  return row.annotationId;
}

/** Any of `ids` the app lacks: all are refused together, so that nothing changes. */
function missingAnnotations(ids: readonly string[], found: readonly AnnotationRow[]): Failure | null {
  const have = new Set(found.map((row) => row.annotationId));
  const missing = ids.filter((id) => !have.has(id));
  return missing.length === 0 ? null : failBecause("annotation_not_found", "not_found", `${NOT_FOUND.annotation}: ${quotedIds(missing)}.`);
}

function storedData({ concepts, metadata }: Labelled): Labelled {
  return { ...(concepts ? { concepts: storedLabels(concepts) } : {}), ...(metadata ? { metadata } : {}) };
}

// Clarifai's clients send `id: null` (or "") for "pick one for me".
const newAnnotationId = z.preprocess((id) => (id === null || id === "" ? undefined : id), apiId.optional());

const newAnnotation = apiObject(
  { id: newAnnotationId, input_id: apiId, data: labelledData().refine((data) => data.concepts !== undefined || data.metadata !== undefined, { error: says("must have concepts or metadata.") }) },
  UNSUPPORTED_ANNOTATION,
);

export const listAnnotations = defineAppOperation({
  name: "annotations.list",
  input: apiInput({ ...paging, ids: idBatch.optional(), input_ids: idBatch.optional() }),
  authorize: { endpoint: "/clarifai.api.V2/ListAnnotations" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const rows = await listAnnotationRows(tx, { appRef: tenant.app.id, annotationIds: input.ids, inputIds: input.input_ids, ...pageWindow(input) });
    return ok({ annotations: await apiAnnotations(tx, tenant.app, rows) });
  },
});

const DUPLICATE_ANNOTATION = failBecause("duplicate_id", "conflict", "The app already has an annotation with one of these IDs.");

export const postAnnotations = defineAppOperation({
  name: "annotations.create",
  input: apiInput({ annotations: noRepeats(batchOf(newAnnotation), (annotation) => annotation.id) }),
  authorize: { endpoint: "/clarifai.api.V2/PostAnnotations" },
  // Two requests adding the same ID at once: the second is refused like any duplicate.
  conflicts: { annotations_app_annotation_id_unique: DUPLICATE_ANNOTATION },
  async run(context, input) {
    const { tx, tenant, principal, audit } = context;
    const appRef = tenant.app.id;
    const ids = input.annotations.map((annotation) => annotation.id ?? newResourceId());
    const taken = await findAnnotations(tx, { appRef, annotationIds: ids });
    if (taken.length > 0) return failBecause("duplicate_id", "conflict", `The app already has the annotation ${quotedIds(taken.map((row) => row.annotationId))}.`);
    const inputIds = [...new Set(input.annotations.map((annotation) => annotation.input_id))];
    const inputs = new Map((await findInputs(tx, { appRef, inputIds })).map((row) => [row.inputId, row]));
    const missing = inputIds.filter((id) => !inputs.has(id));
    if (missing.length > 0) return failBecause("input_not_found", "not_found", `${NOT_FOUND.input}: ${quotedIds(missing)}.`);
    await createNamedConcepts(context, input.annotations.flatMap((annotation) => annotation.data.concepts ?? []));
    const rows = input.annotations.map((annotation, index) => ({ annotationId: ids[index]!, inputRef: inputs.get(annotation.input_id)!.id, inputId: annotation.input_id, data: storedData(annotation.data) }));
    const inserted = inRequestOrder(ids, await insertAnnotations(tx, { appRef, createdBy: principal.userId, rows }), byAnnotationId);
    auditBatch(audit, tenant.app, "annotation.created", inserted.map((row) => ({ targetType: "annotation", targetId: row.annotationId, after: { input_id: row.inputId, data: row.data } })));
    return ok({ annotations: await apiAnnotations(tx, tenant.app, inserted) });
  },
});

export const patchAnnotations = defineAppOperation({
  name: "annotations.update",
  input: apiInput({
    // Clients may repeat the input an annotation labels; it cannot change.
    annotations: noRepeats(batchOf(apiObject({ id: apiId, input_id: apiId.optional(), data: labelledData() }, UNSUPPORTED_ANNOTATION)), (annotation) => annotation.id),
    action: patchAction,
  }),
  authorize: { endpoint: "/clarifai.api.V2/PatchAnnotations" },
  async run(context, input) {
    const { tx, tenant, audit } = context;
    const appRef = tenant.app.id;
    const ids = input.annotations.map((annotation) => annotation.id);
    const found = await findAnnotations(tx, { appRef, annotationIds: ids });
    const missing = missingAnnotations(ids, found);
    if (missing) return missing;
    const current = inRequestOrder(ids, found, byAnnotationId);
    const moved = input.annotations.findIndex((annotation, index) => annotation.input_id !== undefined && annotation.input_id !== current[index]!.inputId);
    if (moved >= 0) {
      const { id, input_id } = input.annotations[moved]!;
      return fail("invalid_input", `Annotation "${id}" labels the input "${current[moved]!.inputId}", not "${input_id}": an annotation cannot move to another input.`);
    }
    // Removing a concept from an annotation does not need the concept to exist.
    if (input.action !== "remove") await createNamedConcepts(context, input.annotations.flatMap((annotation) => annotation.data.concepts ?? []));
    const updated: AnnotationRow[] = [];
    const changes: BatchItemAudit[] = [];
    for (const [index, annotation] of input.annotations.entries()) {
      const before = current[index]!;
      const data = patchLabelled(before.data, storedData(annotation.data), input.action);
      const changed = await updateAnnotationData(tx, { appRef, id: before.id, data });
      changes.push({ targetType: "annotation", targetId: before.annotationId, before: { data: before.data }, after: { data, action: input.action } });
      updated.push({ ...before, data, modifiedAt: changed!.modifiedAt });
    }
    auditBatch(audit, tenant.app, "annotation.updated", changes, { action: input.action });
    return ok({ annotations: await apiAnnotations(tx, tenant.app, updated) });
  },
});

export const deleteAnnotation = defineAppOperation({
  name: "annotations.delete",
  input: apiInput({ input_id: apiId, annotation_id: apiId }),
  authorize: { endpoint: "/clarifai.api.V2/DeleteAnnotation" },
  async run({ tx, tenant, audit }, input) {
    const appRef = tenant.app.id;
    const [row] = await findAnnotations(tx, { appRef, annotationIds: [input.annotation_id] });
    if (!row || row.inputId !== input.input_id) {
      const [labelled] = await findInputs(tx, { appRef, inputIds: [input.input_id] });
      return labelled ? failBecause("annotation_not_found", "not_found", NOT_FOUND.annotation) : failBecause("input_not_found", "not_found", NOT_FOUND.input);
    }
    const deleted = await deleteAnnotationRows(tx, { appRef, ids: [row.id] });
    audit({ action: "annotation.deleted", targetType: "annotation", targetId: row.annotationId, before: { input_id: row.inputId, data: row.data } });
    return ok({ deleted });
  },
});

export const deleteAnnotations = defineAppOperation({
  name: "annotations.delete_many",
  input: apiInput({ ids: idBatch }, { input_ids: "list the IDs of the annotations to delete in ids." }),
  authorize: { endpoint: "/clarifai.api.V2/DeleteAnnotations" },
  async run({ tx, tenant, audit }, input) {
    const appRef = tenant.app.id;
    const found = await findAnnotations(tx, { appRef, annotationIds: input.ids });
    const missing = missingAnnotations(input.ids, found);
    if (missing) return missing;
    const deleted = await deleteAnnotationRows(tx, { appRef, ids: found.map((row) => row.id) });
    auditBatch(audit, tenant.app, "annotation.deleted", inRequestOrder(input.ids, found, byAnnotationId).map((row) => ({ targetType: "annotation", targetId: row.annotationId, before: { input_id: row.inputId, data: row.data } })));
    return ok({ deleted });
  },
});
