import { deleteAnnotation, deleteAnnotations, listAnnotations, patchAnnotations, postAnnotations } from "@/lib/operations/annotations";
import { appRoute, type RequestParts } from "../table";

/** Query parameters that are lists even when given once (`ids=a&ids=b`, or just `ids=a`). */
const LIST_PARAMETERS = new Set(["ids", "input_ids"]);

function listQuery({ params, query }: RequestParts): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    fields[key] = LIST_PARAMETERS.has(key) || values.length > 1 ? values : values[0];
  }
  return { ...fields, ...params };
}

export const annotationRoutes = [
  appRoute({
    method: "GET",
    path: "annotations",
    operation: listAnnotations,
    input: listQuery,
    lists: ["annotations"],
    respond: (out) => ({ annotations: out.annotations }),
    summary: "The app's annotations, newest first, a page at a time; only those with the given IDs, or on the given inputs, when asked.",
    example: "input_ids=dog-1&page=1&per_page=20",
  }),
  appRoute({
    method: "POST",
    path: "annotations",
    operation: postAnnotations,
    lists: ["annotations"],
    respond: (out) => ({ annotations: out.annotations }),
    summary: "Labels inputs of the app with concepts (and metadata), up to 128 annotations at once.",
    example: '{"annotations": [{"input_id": "dog-1", "data": {"concepts": [{"id": "dog", "value": 1}]}}]}',
  }),
  appRoute({
    method: "PATCH",
    path: "annotations",
    operation: patchAnnotations,
    lists: ["annotations"],
    respond: (out) => ({ annotations: out.annotations }),
    summary: "Changes the concepts and metadata of up to 128 annotations: merge, overwrite or remove.",
    example: '{"annotations": [{"id": "a1", "data": {"concepts": [{"id": "dog", "value": 0}]}}], "action": "merge"}',
  }),
  appRoute({
    method: "DELETE",
    path: "inputs/{input_id}/annotations/{annotation_id}",
    operation: deleteAnnotation,
    respond: () => ({}),
    summary: "Deletes one annotation of an input.",
  }),
  appRoute({
    method: "DELETE",
    path: "annotations",
    operation: deleteAnnotations,
    respond: () => ({}),
    summary: "Deletes up to 128 annotations, by ID.",
    example: '{"ids": ["a1", "a2"]}',
  }),
];
