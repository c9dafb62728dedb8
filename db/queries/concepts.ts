// An app's concepts, as the /v2 concepts methods read and change them and as inputs and
// annotations name them. Every statement is filtered by the app's internal id (`appRef`, apps.id).

import { and, asc, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { concepts } from "@/db/schema";
import type { PageWindow } from "./inputs";

export type ConceptRow = { conceptId: string; name: string; createdAt: Date; modifiedAt: Date };
export type NewConcept = { conceptId: string; name: string };

const columns = { conceptId: concepts.conceptId, name: concepts.name, createdAt: concepts.createdAt, modifiedAt: concepts.modifiedAt };

/** Newest first. */
export async function listConcepts(db: DbOrTx, { appRef, limit, offset }: { appRef: string } & PageWindow): Promise<ConceptRow[]> {
  return db.select(columns).from(concepts).where(eq(concepts.appRef, appRef)).orderBy(desc(concepts.createdAt), asc(concepts.conceptId)).limit(limit).offset(offset);
}

export async function findConcepts(db: DbOrTx, { appRef, conceptIds }: { appRef: string; conceptIds: readonly string[] }): Promise<ConceptRow[]> {
  if (conceptIds.length === 0) return [];
  return db
    .select(columns)
    .from(concepts)
    .where(and(eq(concepts.appRef, appRef), inArray(concepts.conceptId, [...conceptIds])));
}

/** Concepts whose name is one of `names`, ignoring case (names, unlike IDs, need not be unique). */
export async function findConceptsByName(db: DbOrTx, { appRef, names }: { appRef: string; names: readonly string[] }): Promise<ConceptRow[]> {
  if (names.length === 0) return [];
  const lowered = names.map((name) => name.toLowerCase());
  return db
    .select(columns)
    .from(concepts)
    .where(and(eq(concepts.appRef, appRef), inArray(sql`lower(${concepts.name})`, lowered)));
}

export async function insertConcepts(db: DbOrTx, { appRef, rows }: { appRef: string; rows: readonly NewConcept[] }): Promise<ConceptRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(concepts)
    .values(rows.map((row) => ({ ...row, appRef })))
    .returning(columns);
}

/** Adds the concepts the app does not have yet; returns only those it added. */
export async function insertMissingConcepts(db: DbOrTx, { appRef, rows }: { appRef: string; rows: readonly NewConcept[] }): Promise<ConceptRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(concepts)
    .values(rows.map((row) => ({ ...row, appRef })))
    .onConflictDoNothing({ target: [concepts.appRef, concepts.conceptId] })
    .returning(columns);
}

/** Null when the app has no such concept. */
export async function renameConcept(db: DbOrTx, { appRef, conceptId, name }: { appRef: string; conceptId: string; name: string }): Promise<ConceptRow | null> {
  const [row] = await db
    .update(concepts)
    .set({ name, modifiedAt: sql`now()` })
    .where(and(eq(concepts.appRef, appRef), eq(concepts.conceptId, conceptId)))
    .returning(columns);
  return row ?? null;
}

/** Escapes LIKE's wildcards, so that a prefix matches as written. */
function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** Concepts whose name or ID starts with `prefix`, ignoring case; newest first. */
export async function searchConceptsByPrefix(db: DbOrTx, { appRef, prefix, limit, offset }: { appRef: string; prefix: string } & PageWindow): Promise<ConceptRow[]> {
  const pattern = prefixPattern(prefix);
  return db
    .select(columns)
    .from(concepts)
    .where(and(eq(concepts.appRef, appRef), or(ilike(concepts.name, pattern), ilike(concepts.conceptId, pattern))))
    .orderBy(desc(concepts.createdAt), asc(concepts.conceptId))
    .limit(limit)
    .offset(offset);
}

export type ConceptCountRow = ConceptRow & { positive: number; negative: number };

/**
 * The app's concepts, newest first, each with how many of the app's inputs are labelled with it
 * (value 1) and against it (value 0).
 */
export async function conceptLabelCounts(db: DbOrTx, { appRef, limit, offset }: { appRef: string } & PageWindow): Promise<ConceptCountRow[]> {
  const counted = (value: 0 | 1) =>
    sql<number>`(select count(*)::int from inputs as labelled where labelled.app_ref = ${concepts.appRef}
      and labelled.data @> jsonb_build_object('concepts', jsonb_build_array(jsonb_build_object('id', ${concepts.conceptId}::text, 'value', ${value}::int))))`;
  return db
    .select({ ...columns, positive: counted(1), negative: counted(0) })
    .from(concepts)
    .where(eq(concepts.appRef, appRef))
    .orderBy(desc(concepts.createdAt), asc(concepts.conceptId))
    .limit(limit)
    .offset(offset);
}
