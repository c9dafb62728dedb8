import { deleteInput, deleteInputs, getInput, getInputCount, listInputs, patchInputs, postInputs } from "@/lib/operations/inputs";
import { appRoute } from "../table";

export const inputRoutes = [
  appRoute({
    method: "GET",
    path: "inputs",
    operation: listInputs,
    lists: ["inputs"],
    respond: (out) => ({ inputs: out.inputs }),
    summary: "The app's inputs, newest first, a page at a time.",
    example: "page=1&per_page=20",
  }),
  appRoute({
    method: "GET",
    path: "inputs/{input_id}",
    operation: getInput,
    respond: (out) => ({ input: out.input }),
    summary: "One input of the app, by its ID.",
  }),
  appRoute({
    method: "POST",
    path: "inputs",
    operation: postInputs,
    lists: ["inputs"],
    respond: (out) => ({ inputs: out.inputs }),
    summary: "Adds up to 128 inputs (an image or video URL, or a text), labelled with concepts the app gets if it lacks them.",
    example: '{"inputs": [{"id": "dog-1", "data": {"image": {"url": "https://example.com/dog.jpg"}, "concepts": [{"id": "dog", "value": 1}], "metadata": {"source": "upload"}}}]}',
  }),
  appRoute({
    method: "PATCH",
    path: "inputs",
    operation: patchInputs,
    lists: ["inputs"],
    respond: (out) => ({ inputs: out.inputs }),
    summary: "Changes the concepts and metadata of up to 128 inputs: merge, overwrite or remove.",
    example: '{"inputs": [{"id": "dog-1", "data": {"concepts": [{"id": "puppy", "value": 1}]}}], "action": "merge"}',
  }),
  appRoute({
    method: "DELETE",
    path: "inputs/{input_id}",
    operation: deleteInput,
    respond: () => ({}),
    summary: "Deletes one input and its annotations.",
  }),
  appRoute({
    method: "DELETE",
    path: "inputs",
    operation: deleteInputs,
    respond: () => ({}),
    summary: "Deletes up to 128 inputs, by ID, and their annotations.",
    example: '{"ids": ["dog-1", "dog-2"]}',
  }),
  appRoute({
    method: "GET",
    path: "inputs/status",
    operation: getInputCount,
    respond: (out) => ({ counts: out.counts }),
    summary: "How many inputs the app has, by processing state (nothing is processed after an input is stored: all are processed).",
  }),
];
