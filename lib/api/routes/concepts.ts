import { getConcept, getConceptCounts, listConcepts, patchConcepts, postConcepts, postConceptsSearches } from "@/lib/operations/concepts";
import { appRoute } from "../table";

export const conceptRoutes = [
  appRoute({
    method: "GET",
    path: "concepts",
    operation: listConcepts,
    lists: ["concepts"],
    respond: (out) => ({ concepts: out.concepts }),
    summary: "The app's concepts, newest first, a page at a time.",
    example: "page=1&per_page=20",
  }),
  appRoute({
    method: "GET",
    path: "concepts/{concept_id}",
    operation: getConcept,
    respond: (out) => ({ concept: out.concept }),
    summary: "One concept of the app, by its ID.",
  }),
  appRoute({
    method: "POST",
    path: "concepts",
    operation: postConcepts,
    lists: ["concepts"],
    respond: (out) => ({ concepts: out.concepts }),
    summary: "Adds up to 128 concepts; an ID the app already has is refused.",
    example: '{"concepts": [{"id": "dog", "name": "Dog"}]}',
  }),
  appRoute({
    method: "PATCH",
    path: "concepts",
    operation: patchConcepts,
    lists: ["concepts"],
    respond: (out) => ({ concepts: out.concepts }),
    summary: "Renames up to 128 concepts.",
    example: '{"concepts": [{"id": "dog", "name": "Hound"}], "action": "overwrite"}',
  }),
  appRoute({
    method: "GET",
    path: "concepts/status",
    operation: getConceptCounts,
    lists: ["concept_counts"],
    respond: (out) => ({ concept_counts: out.concept_counts }),
    summary: "For each of the app's concepts, newest first, how many inputs are labelled with it (positive) and against it (negative).",
    example: "page=1&per_page=20",
  }),
  appRoute({
    method: "POST",
    path: "concepts/searches",
    operation: postConceptsSearches,
    lists: ["concepts"],
    respond: (out) => ({ concepts: out.concepts }),
    summary: "The app's concepts whose name or ID starts with concept_query.name (a trailing * allowed; none: every concept), newest first.",
    example: '{"concept_query": {"name": "do*"}, "pagination": {"page": 1, "per_page": 20}}',
  }),
];
