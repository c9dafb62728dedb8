import { postWorkflowResults } from "@/lib/operations/predictions";
import { deleteWorkflow, deleteWorkflows, getWorkflow, listWorkflows, patchWorkflows, postWorkflows } from "@/lib/operations/workflows";
import { appRoute } from "../table";

// Workflow records, and running one (which answers that nothing runs here).
export const workflowRoutes = [
  appRoute({
    method: "GET",
    path: "workflows",
    operation: listWorkflows,
    lists: ["workflows"],
    respond: (workflows) => ({ workflows }),
    summary: "Lists the app's workflows, newest first.",
    example: "page=1&per_page=128",
  }),
  appRoute({
    method: "GET",
    path: "workflows/{workflow_id}",
    operation: getWorkflow,
    respond: (workflow) => ({ workflow }),
    summary: "Gets one workflow.",
  }),
  appRoute({
    method: "POST",
    path: "workflows",
    operation: postWorkflows,
    lists: ["workflows"],
    respond: (workflows) => ({ workflows }),
    summary: "Adds workflow records whose nodes each name one of the app's models.",
    example: '{"workflows": [{"id": "pets-flow", "nodes": [{"id": "classify", "model": {"id": "pets"}}]}]}',
  }),
  appRoute({
    method: "PATCH",
    path: "workflows",
    operation: patchWorkflows,
    lists: ["workflows"],
    respond: (workflows) => ({ workflows }),
    summary: "Replaces workflows' nodes or descriptions.",
    example: '{"workflows": [{"id": "pets-flow", "description": "Classifies pets"}], "action": "overwrite"}',
  }),
  appRoute({
    method: "DELETE",
    path: "workflows/{workflow_id}",
    operation: deleteWorkflow,
    respond: () => ({}),
    summary: "Deletes a workflow.",
  }),
  appRoute({
    method: "DELETE",
    path: "workflows",
    operation: deleteWorkflows,
    respond: () => ({}),
    summary: "Deletes the listed workflows, all or none (delete_all is not supported).",
    example: '{"ids": ["pets-flow"]}',
  }),
  appRoute({
    method: "POST",
    path: "workflows/{workflow_id}/results",
    operation: postWorkflowResults,
    lists: ["results"],
    respond: () => ({}),
    summary: "Decides whether the key may run the workflow; this server runs no models, so an allowed call answers that nothing was run.",
    example: '{"inputs": [{"data": {"image": {"url": "https://example.com/cat.jpg"}}}]}',
  }),
  appRoute({
    method: "POST",
    path: "workflows/{workflow_id}/versions/{version_id}/results",
    operation: postWorkflowResults,
    lists: ["results"],
    respond: () => ({}),
    summary: "As workflows/{workflow_id}/results, naming a workflow version.",
    example: '{"inputs": [{"data": {"image": {"url": "https://example.com/cat.jpg"}}}]}',
  }),
];
