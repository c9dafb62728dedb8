// An app's workflow records (records only: nothing runs here). Every statement names the app
// (`appRef`, apps.id); lib/operations/workflows.ts decides who may do what and checks that each
// node's model is one of the app's.

import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { workflows, type WorkflowNode } from "@/db/schema";

export type WorkflowRow = typeof workflows.$inferSelect;
export type NewWorkflow = Pick<WorkflowRow, "workflowId" | "nodes" | "description">;
export type WorkflowChanges = Partial<Pick<WorkflowRow, "nodes" | "description">>;
export type { WorkflowNode };

/** Newest first; ties (rows created in one transaction) by ID, so pages never overlap. */
export async function listWorkflows(db: DbOrTx, { appRef, limit, offset }: { appRef: string; limit: number; offset: number }): Promise<WorkflowRow[]> {
  return db.select().from(workflows).where(eq(workflows.appRef, appRef)).orderBy(desc(workflows.createdAt), asc(workflows.workflowId)).limit(limit).offset(offset);
}

export async function findWorkflow(db: DbOrTx, { appRef, workflowId }: { appRef: string; workflowId: string }): Promise<WorkflowRow | null> {
  const [row] = await db.select().from(workflows).where(and(eq(workflows.appRef, appRef), eq(workflows.workflowId, workflowId)));
  return row ?? null;
}

export async function findWorkflows(db: DbOrTx, { appRef, workflowIds }: { appRef: string; workflowIds: readonly string[] }): Promise<WorkflowRow[]> {
  if (workflowIds.length === 0) return [];
  return db.select().from(workflows).where(and(eq(workflows.appRef, appRef), inArray(workflows.workflowId, [...workflowIds])));
}

/** Adds the workflows whose IDs are free in the app and returns those; a taken ID is skipped, not an error. */
export async function insertWorkflows(db: DbOrTx, { appRef, rows }: { appRef: string; rows: readonly NewWorkflow[] }): Promise<WorkflowRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(workflows)
    .values(rows.map((row) => ({ ...row, appRef })))
    .onConflictDoNothing()
    .returning();
}

export async function updateWorkflow(db: DbOrTx, { appRef, workflowId, changes }: { appRef: string; workflowId: string; changes: WorkflowChanges }): Promise<WorkflowRow | null> {
  const [row] = await db
    .update(workflows)
    .set({ ...changes, modifiedAt: sql`now()` })
    .where(and(eq(workflows.appRef, appRef), eq(workflows.workflowId, workflowId)))
    .returning();
  return row ?? null;
}

/** Deletes the named workflows; returns the rows deleted. */
export async function deleteWorkflows(db: DbOrTx, { appRef, workflowIds }: { appRef: string; workflowIds: readonly string[] }): Promise<WorkflowRow[]> {
  if (workflowIds.length === 0) return [];
  return db
    .delete(workflows)
    .where(and(eq(workflows.appRef, appRef), inArray(workflows.workflowId, [...workflowIds])))
    .returning();
}

/** Which of the app's workflows have a node running one of `modelIds`: one row per (workflow, model). */
export async function workflowsUsingModels(db: DbOrTx, { appRef, modelIds }: { appRef: string; modelIds: readonly string[] }): Promise<Array<{ workflowId: string; modelId: string }>> {
  if (modelIds.length === 0) return [];
  const rows = await db
    .select({ workflowId: workflows.workflowId, nodes: workflows.nodes })
    .from(workflows)
    .where(and(eq(workflows.appRef, appRef), sql`exists (select 1 from jsonb_array_elements(${workflows.nodes}) as node where node -> 'model' ->> 'id' in ${[...modelIds]})`))
    .orderBy(asc(workflows.workflowId));
  const wanted = new Set(modelIds);
  return rows.flatMap((row) => [...new Set(row.nodes.map((node) => node.model.id))].filter((id) => wanted.has(id)).map((modelId) => ({ workflowId: row.workflowId, modelId })));
}
