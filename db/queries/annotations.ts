// An app's annotations, as the /v2 annotations and searches methods read and change them. Every
// statement is filtered by the app's internal id (`appRef`, apps.id), on the annotation and on the
// input it labels alike (the composite foreign key keeps both in one app).

import { randomBytes } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { annotations, inputs, type AnnotationData } from "@/db/schema";
import { clauseCondition, type InputRow, type PageWindow, type SearchClause } from "./inputs";

/** An annotation with the ID of the input it labels (`inputRef` is that input's internal id). */
export type AnnotationRow = { id: string; annotationId: string; inputRef: string; inputId: string; data: AnnotationData; createdAt: Date; modifiedAt: Date };
/** A search clause about the annotation's own data or about the data of the input it labels. */
export type AnnotationSearchClause = SearchClause & { on: "annotation" | "input" };

const columns = {
  id: annotations.id,
  annotationId: annotations.annotationId,
  inputRef: annotations.inputRef,
  inputId: inputs.inputId,
  data: annotations.data,
  createdAt: annotations.createdAt,
  modifiedAt: annotations.modifiedAt,
};

/** Internal row ids follow lib/ids' form (a type prefix and 120 random bits). */
function rowId(): string {
  return `ann_${randomBytes(15).toString("base64url")}`;
}

/** An annotation and the input it labels, both of the app. */
const onItsInput = and(eq(inputs.appRef, annotations.appRef), eq(inputs.id, annotations.inputRef));

function inApp(appRef: string) {
  return and(eq(annotations.appRef, appRef), eq(inputs.appRef, appRef));
}

/** Newest first; only those with the given annotation IDs, or on the given inputs, when asked. */
export async function listAnnotations(
  db: DbOrTx,
  { appRef, annotationIds, inputIds, limit, offset }: { appRef: string; annotationIds?: readonly string[]; inputIds?: readonly string[] } & PageWindow,
): Promise<AnnotationRow[]> {
  return db
    .select(columns)
    .from(annotations)
    .innerJoin(inputs, onItsInput)
    .where(
      and(
        inApp(appRef),
        annotationIds ? inArray(annotations.annotationId, [...annotationIds]) : undefined,
        inputIds ? inArray(inputs.inputId, [...inputIds]) : undefined,
      ),
    )
    .orderBy(desc(annotations.createdAt), desc(annotations.id))
    .limit(limit)
    .offset(offset);
}

export async function findAnnotations(db: DbOrTx, { appRef, annotationIds }: { appRef: string; annotationIds: readonly string[] }): Promise<AnnotationRow[]> {
  if (annotationIds.length === 0) return [];
  return db
    .select(columns)
    .from(annotations)
    .innerJoin(inputs, onItsInput)
    .where(and(inApp(appRef), inArray(annotations.annotationId, [...annotationIds])));
}

export async function insertAnnotations(
  db: DbOrTx,
  { appRef, createdBy, rows }: { appRef: string; createdBy: string; rows: readonly { annotationId: string; inputRef: string; inputId: string; data: AnnotationData }[] },
): Promise<AnnotationRow[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insert(annotations)
    .values(rows.map(({ annotationId, inputRef, data }) => ({ id: rowId(), appRef, annotationId, inputRef, data, createdBy })))
    .returning({ id: annotations.id, annotationId: annotations.annotationId, inputRef: annotations.inputRef, data: annotations.data, createdAt: annotations.createdAt, modifiedAt: annotations.modifiedAt });
  const inputIdOf = new Map(rows.map((row) => [row.annotationId, row.inputId]));
  return inserted.map((row) => ({ ...row, inputId: inputIdOf.get(row.annotationId)! }));
}

/** Replaces an annotation's data; returns when it changed, or null when it is not the app's. */
export async function updateAnnotationData(db: DbOrTx, { appRef, id, data }: { appRef: string; id: string; data: AnnotationData }): Promise<{ modifiedAt: Date } | null> {
  const [row] = await db
    .update(annotations)
    .set({ data, modifiedAt: sql`now()` })
    .where(and(eq(annotations.appRef, appRef), eq(annotations.id, id)))
    .returning({ modifiedAt: annotations.modifiedAt });
  return row ?? null;
}

/** Deletes annotations by their internal ids; returns the annotation IDs deleted. */
export async function deleteAnnotations(db: DbOrTx, { appRef, ids }: { appRef: string; ids: readonly string[] }): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .delete(annotations)
    .where(and(eq(annotations.appRef, appRef), inArray(annotations.id, [...ids])))
    .returning({ annotationId: annotations.annotationId });
  return rows.map((row) => row.annotationId);
}

/** The app's annotations every clause holds for, newest first, each with the input it labels. */
export async function searchAnnotations(
  db: DbOrTx,
  { appRef, clauses, limit, offset }: { appRef: string; clauses: readonly AnnotationSearchClause[] } & PageWindow,
): Promise<{ annotation: AnnotationRow; input: InputRow }[]> {
  const conditions = clauses.map((clause) => {
    const data = clause.on === "annotation" ? annotations.data : inputs.data;
    return clauseCondition(clause, (json) => sql`${data} @> ${json}::jsonb`);
  });
  return db
    .select({
      annotation: columns,
      input: { id: inputs.id, inputId: inputs.inputId, data: inputs.data, createdAt: inputs.createdAt, modifiedAt: inputs.modifiedAt },
    })
    .from(annotations)
    .innerJoin(inputs, onItsInput)
    .where(and(inApp(appRef), ...conditions))
    .orderBy(desc(annotations.createdAt), desc(annotations.id))
    .limit(limit)
    .offset(offset);
}
