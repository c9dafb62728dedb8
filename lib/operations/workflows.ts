// Workflow records as the /v2 API serves them (ListWorkflows, GetWorkflow, PostWorkflows,
// PatchWorkflows, DeleteWorkflow, DeleteWorkflows). A workflow is a record of nodes, each naming
// one of the app's models; nothing runs it (lib/operations/predictions.ts answers
// PostWorkflowResults). Every change runs with the app row locked (the runner), so a node's model
// checked here cannot be deleted before the workflow is written.

import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { findModels } from "@/db/queries/models";
import {
  deleteWorkflows as deleteWorkflowRows,
  findWorkflow,
  findWorkflows,
  insertWorkflows,
  listWorkflows as listWorkflowRows,
  updateWorkflow,
  type WorkflowNode,
  type WorkflowRow,
} from "@/db/queries/workflows";
import { fail, failBecause, ok, type Failure } from "@/lib/result";
import { apiInput, apiObject, batchOf, noRepeats, pageWindow, says } from "./api-input";
import { auditBatch, type BatchItemAudit } from "./batch-audit";
import { descriptionField, duplicateId, firstRepeated, idsToDelete, overwriteAction, pageFields, recordId } from "./models";
import { defineAppOperation, type AppTenant, type OperationContext } from "./operation";

/** A workflow as the API returns it. */
export type ApiWorkflow = {
  id: string;
  app_id: string;
  user_id: string;
  nodes: Array<{ id: string; model: { id: string; app_id: string; user_id: string } }>;
  description: string;
  created_at: string;
  modified_at: string;
};

/** Workflow not found; a request naming several workflows is told which one. */
export function workflowNotFound(workflowId?: string): Failure {
  return failBecause("workflow_not_found", "not_found", workflowId === undefined ? "Workflow does not exist" : `Workflow "${workflowId}" does not exist in this app.`);
}

function presentWorkflow(tenant: AppTenant, row: WorkflowRow): ApiWorkflow {
  const owner = { app_id: tenant.app.appId, user_id: tenant.app.ownerHandle };
  return {
    id: row.workflowId,
    ...owner,
    nodes: row.nodes.map((node) => ({ id: node.id, model: { id: node.model.id, ...owner } })),
    description: row.description,
    created_at: row.createdAt.toISOString(),
    modified_at: row.modifiedAt.toISOString(),
  };
}

function auditedWorkflow(row: WorkflowRow) {
  return { nodes: row.nodes, description: row.description };
}

const nodesField = noRepeats(
  z
    .array(apiObject({ id: recordId, model: apiObject({ id: recordId }) }), { error: says("must be a list.") })
    .min(1, { error: says("must name at least one node.") })
    .max(100, { error: says("must name at most 100 nodes.") }),
  (node) => node.id,
);

const newWorkflowItem = apiObject({ id: recordId, nodes: nodesField, description: descriptionField.optional() });

const workflowPatch = apiObject({ id: recordId, nodes: nodesField.optional(), description: descriptionField.optional() }).refine((item) => item.nodes !== undefined || item.description !== undefined, {
  error: says("needs nodes or a description to change."),
});

/** Null when every node's model is one of the app's; otherwise the refusal, naming the first that is not. */
async function unknownNodeModel(db: DbOrTx, tenant: AppTenant, workflows: ReadonlyArray<{ id: string; nodes?: WorkflowNode[] }>): Promise<Failure | null> {
  const modelIds = [...new Set(workflows.flatMap((workflow) => (workflow.nodes ?? []).map((node) => node.model.id)))];
  const found = new Set((await findModels(db, { appRef: tenant.app.id, modelIds })).map((row) => row.modelId));
  for (const workflow of workflows) {
    const node = workflow.nodes?.find((candidate) => !found.has(candidate.model.id));
    if (node) {
      const message = `The node "${node.id}" of the workflow "${workflow.id}" uses the model "${node.model.id}", which does not exist in this app.`;
      return fail("invalid_input", message, { workflows: [message] });
    }
  }
  return null;
}

export const listWorkflows = defineAppOperation({
  name: "workflows.list",
  input: apiInput(pageFields),
  authorize: { endpoint: "/clarifai.api.V2/ListWorkflows" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const rows = await listWorkflowRows(tx, { appRef: tenant.app.id, ...pageWindow(input) });
    return ok(rows.map((row) => presentWorkflow(tenant, row)));
  },
});

export const getWorkflow = defineAppOperation({
  name: "workflows.get",
  input: apiInput({ workflow_id: recordId }),
  authorize: { endpoint: "/clarifai.api.V2/GetWorkflow" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const row = await findWorkflow(tx, { appRef: tenant.app.id, workflowId: input.workflow_id });
    return row ? ok(presentWorkflow(tenant, row)) : workflowNotFound();
  },
});

export const postWorkflows = defineAppOperation({
  name: "workflows.create",
  input: apiInput({ workflows: batchOf(newWorkflowItem) }),
  authorize: { endpoint: "/clarifai.api.V2/PostWorkflows" },
  async run({ tx, tenant, audit }, input) {
    const repeated = firstRepeated(input.workflows.map((workflow) => workflow.id));
    if (repeated !== undefined) return duplicateId("workflows", `The workflow ID "${repeated}" is given more than once.`);
    const refused = await unknownNodeModel(tx, tenant, input.workflows);
    if (refused) return refused;
    const inserted = await insertWorkflows(tx, {
      appRef: tenant.app.id,
      rows: input.workflows.map((workflow) => ({ workflowId: workflow.id, nodes: workflow.nodes, description: workflow.description ?? "" })),
    });
    const taken = input.workflows.find((workflow) => !inserted.some((row) => row.workflowId === workflow.id));
    if (taken) return duplicateId("workflows", `A workflow with the ID "${taken.id}" already exists in this app.`);
    const rows = input.workflows.map((workflow) => inserted.find((row) => row.workflowId === workflow.id)!);
    auditBatch(audit, tenant.app, "workflow.created", rows.map((row) => ({ targetType: "workflow", targetId: row.workflowId, after: auditedWorkflow(row) })));
    return ok(rows.map((row) => presentWorkflow(tenant, row)));
  },
});

export const patchWorkflows = defineAppOperation({
  name: "workflows.update",
  input: apiInput({ workflows: noRepeats(batchOf(workflowPatch), (item) => item.id), action: overwriteAction }),
  authorize: { endpoint: "/clarifai.api.V2/PatchWorkflows" },
  async run({ tx, tenant, audit }, input) {
    const ids = input.workflows.map((workflow) => workflow.id);
    const existing = await findWorkflows(tx, { appRef: tenant.app.id, workflowIds: ids });
    const missing = ids.find((id) => !existing.some((row) => row.workflowId === id));
    if (missing !== undefined) return workflowNotFound(missing);
    const refused = await unknownNodeModel(tx, tenant, input.workflows);
    if (refused) return refused;
    const updated: WorkflowRow[] = [];
    const audited: BatchItemAudit[] = [];
    for (const item of input.workflows) {
      const before = existing.find((row) => row.workflowId === item.id)!;
      const changes = { nodes: item.nodes, description: item.description };
      const row = (await updateWorkflow(tx, { appRef: tenant.app.id, workflowId: item.id, changes }))!;
      audited.push({ targetType: "workflow", targetId: row.workflowId, before: auditedWorkflow(before), after: auditedWorkflow(row) });
      updated.push(row);
    }
    auditBatch(audit, tenant.app, "workflow.updated", audited);
    return ok(updated.map((row) => presentWorkflow(tenant, row)));
  },
});

/** Deletes the named workflows, all or none: an unknown ID refuses the whole request. */
async function removeWorkflows({ tx, tenant, audit }: Pick<OperationContext<AppTenant>, "tx" | "tenant" | "audit">, ids: readonly string[]) {
  const existing = await findWorkflows(tx, { appRef: tenant.app.id, workflowIds: ids });
  const missing = ids.find((id) => !existing.some((row) => row.workflowId === id));
  if (missing !== undefined) return workflowNotFound(ids.length > 1 ? missing : undefined);
  const deleted = await deleteWorkflowRows(tx, { appRef: tenant.app.id, workflowIds: ids });
  auditBatch(audit, tenant.app, "workflow.deleted", deleted.map((row) => ({ targetType: "workflow", targetId: row.workflowId, before: auditedWorkflow(row) })));
  return ok({ ids: deleted.map((row) => row.workflowId) });
}

export const deleteWorkflow = defineAppOperation({
  name: "workflows.delete",
  input: apiInput({ workflow_id: recordId }),
  authorize: { endpoint: "/clarifai.api.V2/DeleteWorkflow" },
  run: (context, input) => removeWorkflows(context, [input.workflow_id]),
});

export const deleteWorkflows = defineAppOperation({
  name: "workflows.delete_many",
  input: idsToDelete("workflow"),
  authorize: { endpoint: "/clarifai.api.V2/DeleteWorkflows" },
  run: (context, input) => removeWorkflows(context, input.ids),
});
