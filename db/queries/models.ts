// An app's model records (records only: this server trains and runs nothing). Every statement
// names the app (`appRef`, apps.id), so a call never reads or changes another app's models;
// lib/operations/models.ts decides who may do what.

import { and, asc, desc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { concepts, models } from "@/db/schema";

export type ModelRow = typeof models.$inferSelect;
export type NewModel = Pick<ModelRow, "modelId" | "name" | "modelTypeId" | "description" | "conceptIds">;
export type ModelChanges = Partial<Pick<ModelRow, "name" | "description">>;

/** Newest first; ties (rows created in one transaction) by ID, so pages never overlap. */
export async function listModels(db: DbOrTx, { appRef, limit, offset }: { appRef: string; limit: number; offset: number }): Promise<ModelRow[]> {
  return db.select().from(models).where(eq(models.appRef, appRef)).orderBy(desc(models.createdAt), asc(models.modelId)).limit(limit).offset(offset);
}

export async function findModel(db: DbOrTx, { appRef, modelId }: { appRef: string; modelId: string }): Promise<ModelRow | null> {
  const [row] = await db.select().from(models).where(and(eq(models.appRef, appRef), eq(models.modelId, modelId)));
  return row ?? null;
}

export async function findModels(db: DbOrTx, { appRef, modelIds }: { appRef: string; modelIds: readonly string[] }): Promise<ModelRow[]> {
  if (modelIds.length === 0) return [];
  return db.select().from(models).where(and(eq(models.appRef, appRef), inArray(models.modelId, [...modelIds])));
}

/** Adds the models whose IDs are free in the app and returns those; a taken ID is skipped, not an error. */
export async function insertModels(db: DbOrTx, { appRef, rows }: { appRef: string; rows: readonly NewModel[] }): Promise<ModelRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(models)
    .values(rows.map((row) => ({ ...row, appRef })))
    .onConflictDoNothing()
    .returning();
}

export async function updateModel(db: DbOrTx, { appRef, modelId, changes }: { appRef: string; modelId: string; changes: ModelChanges }): Promise<ModelRow | null> {
  const [row] = await db
    .update(models)
    .set({ ...changes, modifiedAt: sql`now()` })
    .where(and(eq(models.appRef, appRef), eq(models.modelId, modelId)))
    .returning();
  return row ?? null;
}

/** Deletes the named models; returns the rows deleted. */
export async function deleteModels(db: DbOrTx, { appRef, modelIds }: { appRef: string; modelIds: readonly string[] }): Promise<ModelRow[]> {
  if (modelIds.length === 0) return [];
  return db
    .delete(models)
    .where(and(eq(models.appRef, appRef), inArray(models.modelId, [...modelIds])))
    .returning();
}

/** The names of the app's concepts among `conceptIds` (a model's declared outputs show them). */
export async function conceptNames(db: DbOrTx, { appRef, conceptIds }: { appRef: string; conceptIds: readonly string[] }): Promise<Map<string, string>> {
  if (conceptIds.length === 0) return new Map();
  const rows = await db
    .select({ id: concepts.conceptId, name: concepts.name })
    .from(concepts)
    .where(and(eq(concepts.appRef, appRef), inArray(concepts.conceptId, [...conceptIds])));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Models whose name or ID starts with `prefix` (any, when absent) and of the given type (any, when absent); newest first. */
export async function searchModels(db: DbOrTx, { appRef, prefix, modelTypeId, limit, offset }: { appRef: string; prefix?: string; modelTypeId?: string; limit: number; offset: number }): Promise<ModelRow[]> {
  const pattern = prefix === undefined ? undefined : `${prefix.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return db
    .select()
    .from(models)
    .where(and(eq(models.appRef, appRef), pattern ? or(ilike(models.name, pattern), ilike(models.modelId, pattern)) : undefined, modelTypeId ? eq(models.modelTypeId, modelTypeId) : undefined))
    .orderBy(desc(models.createdAt), asc(models.modelId))
    .limit(limit)
    .offset(offset);
}

/** Marks the model's version deleted (the record stays: a model without a version); the row, or null when it had none. */
export async function deleteModelVersion(db: DbOrTx, { appRef, modelId }: { appRef: string; modelId: string }): Promise<ModelRow | null> {
  const [row] = await db
    .update(models)
    .set({ versionDeletedAt: sql`now()` })
    .where(and(eq(models.appRef, appRef), eq(models.modelId, modelId), isNull(models.versionDeletedAt)))
    .returning();
  return row ?? null;
}
