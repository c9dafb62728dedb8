import { postAnnotationsSearches, postSearches } from "@/lib/operations/searches";
import { appRoute } from "../table";

export const searchRoutes = [
  appRoute({
    method: "POST",
    path: "searches",
    operation: postSearches,
    lists: ["hits"],
    respond: (out) => ({ id: out.id, hits: out.hits }),
    summary: "Finds inputs by the concepts they are labelled with (1: labelled with it, 0: labelled not it) and by metadata. Searches by image need a model, which this server does not run.",
    example: '{"query": {"ands": [{"input": {"data": {"concepts": [{"id": "dog", "value": 1}]}}}, {"input": {"data": {"metadata": {"source": "upload"}}}}]}, "pagination": {"page": 1, "per_page": 20}}',
  }),
  appRoute({
    method: "POST",
    path: "annotations/searches",
    operation: postAnnotationsSearches,
    lists: ["hits"],
    respond: (out) => ({ id: out.id, hits: out.hits }),
    summary: "Finds annotations by their concepts and metadata, each with the input it labels.",
    example: '{"searches": [{"query": {"filters": [{"annotation": {"data": {"concepts": [{"id": "dog", "value": 1}]}}}]}}], "pagination": {"page": 1, "per_page": 20}}',
  }),
];
