import { getConcept, listConcepts, patchConcepts, postConcepts } from "@/lib/operations/concepts";
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
];
