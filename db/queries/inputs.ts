// An app's inputs, as the /v2 inputs and searches methods read and change them. Every statement is
// filtered by the app's internal id (`appRef`, apps.id): an input ID names an input within its
// app only, so another app's ID never matches.

import { randomBytes } from "node:crypto";
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias, unionAll } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { precompiled, runPrecompiled } from "./precompiled";
import { annotations, inputs, type InputData } from "@/db/schema";

export type InputRow = {
  id: string;
  inputId: string;
  data: InputData;
  createdAt: Date;
  modifiedAt: Date;
  /** The names of the concepts the input is labelled with, by concept ID, when read with the row. */
  conceptNames?: Record<string, string>;
};
export type PageWindow = { limit: number; offset: number };

/**
 * One clause of a search: it holds when every entry of `allOf` holds, and an entry holds when the
 * data contains any one of its values (`data @> value`, which the GIN index serves). An entry is a
 * list because a concept named by its name may be several concepts. `negate` inverts the clause.
 */
export type SearchClause = { allOf: Record<string, unknown>[][]; negate: boolean };

/** The inputs a containment test reads, apart from the inputs the search lists. */
const labelled = alias(inputs, "labelled");

const columns = {
  id: inputs.id,
  inputId: inputs.inputId,
  data: inputs.data,
  createdAt: inputs.createdAt,
  modifiedAt: inputs.modifiedAt,
  // Names live on the concepts: read with the rows, an answer needs no second statement.
  // Spelled out: drizzle leaves columns unqualified in a one-table select, and "app_ref" would
  // then be the concept's own.
  conceptNames: sql<Record<string, string>>`${sql.raw(`(select coalesce(json_object_agg(named.concept_id, named.name), '{}'::json) from concepts as named
    where named.app_ref = "inputs"."app_ref" and named.concept_id in (select label ->> 'id' from jsonb_array_elements(coalesce("inputs"."data" -> 'concepts', '[]'::jsonb)) as label))`)}`,
};

/** Internal row ids follow lib/ids' form (a type prefix and 120 random bits). */
function rowId(): string {
  return `inp_${randomBytes(15).toString("base64url")}`;
}

/** A clause as SQL, given how one JSON value (as text) is tested for containment. */
export function clauseCondition({ allOf, negate }: SearchClause, contains: (json: string) => SQL): SQL {
  const entries = allOf.map((anyOf) => (anyOf.length === 0 ? sql`false` : sql`(${sql.join(anyOf.map((value) => contains(JSON.stringify(value))), sql` or `)})`));
  const all = entries.length === 0 ? sql`true` : sql.join(entries, sql` and `);
  return negate ? sql`not (${all})` : sql`(${all})`;
}

/** An input as a page of the app's inputs lists it: times already in RFC 3339, as the API answers them. */
export type ListedInputRow = Omit<InputRow, "createdAt" | "modifiedAt" | "conceptNames"> & { createdAt: string; modifiedAt: string; conceptNames: Record<string, string> };

// ListInputs runs on every page a client reads: precompiled (./precompiled.ts), and its times written
// by PostgreSQL in the API's form (UTC, milliseconds, as Date.prototype.toISOString writes them), so
// no row is mapped and no Date made on the way.
const RFC3339_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const LIST_PAGE = precompiled(
  ["appRef", "limit", "offset"],
  (values) => sql`select ${inputs.id} as "id", ${inputs.inputId} as "inputId", ${inputs.data} as "data",
    to_char(${inputs.createdAt} at time zone 'UTC', ${sql.raw(RFC3339_MS)}) as "createdAt",
    to_char(${inputs.modifiedAt} at time zone 'UTC', ${sql.raw(RFC3339_MS)}) as "modifiedAt",
    ${columns.conceptNames} as "conceptNames"
    from ${inputs} where ${inputs.appRef} = ${values.appRef}
    order by ${inputs.createdAt} desc, ${inputs.id} desc limit ${values.limit} offset ${values.offset}`,
);

/** Newest first. */
export async function listInputs(db: DbOrTx, { appRef, limit, offset }: { appRef: string } & PageWindow): Promise<ListedInputRow[]> {
  return (await runPrecompiled(db, LIST_PAGE, { appRef, limit, offset })) as ListedInputRow[];
}

export async function findInputs(db: DbOrTx, { appRef, inputIds }: { appRef: string; inputIds: readonly string[] }): Promise<InputRow[]> {
  if (inputIds.length === 0) return [];
  return db
    .select(columns)
    .from(inputs)
    .where(and(eq(inputs.appRef, appRef), inArray(inputs.inputId, [...inputIds])));
}

export async function insertInputs(
  db: DbOrTx,
  { appRef, createdBy, rows }: { appRef: string; createdBy: string; rows: readonly { inputId: string; data: InputData }[] },
): Promise<InputRow[]> {
  return db
    .insert(inputs)
    .values(rows.map(({ inputId, data }) => ({ id: rowId(), appRef, inputId, data, createdBy })))
    .returning(columns);
}

/** Replaces an input's data (its concepts and metadata as patched); null when it is not the app's. */
export async function updateInputData(db: DbOrTx, { appRef, id, data }: { appRef: string; id: string; data: InputData }): Promise<InputRow | null> {
  const [row] = await db
    .update(inputs)
    .set({ data, modifiedAt: sql`now()` })
    .where(and(eq(inputs.appRef, appRef), eq(inputs.id, id)))
    .returning(columns);
  return row ?? null;
}

/** Deletes inputs by their internal ids (their annotations go with them); returns the input IDs deleted. */
export async function deleteInputs(db: DbOrTx, { appRef, ids }: { appRef: string; ids: readonly string[] }): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .delete(inputs)
    .where(and(eq(inputs.appRef, appRef), inArray(inputs.id, [...ids])))
    .returning({ inputId: inputs.inputId });
  return rows.map((row) => row.inputId);
}

/**
 * The app's inputs every clause holds for, newest first. A value is contained when the input's own
 * data holds it or the data of one of its annotations does: both are how an input gets labelled.
 * The two are asked separately, so that each is served by its table's GIN index.
 */
export async function searchInputs(db: DbOrTx, { appRef, clauses, limit, offset }: { appRef: string; clauses: readonly SearchClause[] } & PageWindow): Promise<InputRow[]> {
  const contains = (json: string) =>
    inArray(
      inputs.id,
      unionAll(
        db.select({ id: labelled.id }).from(labelled).where(and(eq(labelled.appRef, appRef), sql`${labelled.data} @> ${json}::jsonb`)),
        db.select({ id: annotations.inputRef }).from(annotations).where(and(eq(annotations.appRef, appRef), sql`${annotations.data} @> ${json}::jsonb`)),
      ),
    );
  return db
    .select(columns)
    .from(inputs)
    .where(and(eq(inputs.appRef, appRef), ...clauses.map((clause) => clauseCondition(clause, contains))))
    .orderBy(desc(inputs.createdAt), desc(inputs.id))
    .limit(limit)
    .offset(offset);
}

/** How many inputs the app has. */
export async function countInputs(db: DbOrTx, { appRef }: { appRef: string }): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(inputs).where(eq(inputs.appRef, appRef));
  return row?.count ?? 0;
}

/** The inputs labelled (value 1) with any of `conceptIds`, newest first: what a model with those outputs would learn from. */
export async function inputsLabelledWithAny(db: DbOrTx, { appRef, conceptIds, limit, offset }: { appRef: string; conceptIds: readonly string[] } & PageWindow): Promise<InputRow[]> {
  if (conceptIds.length === 0) return [];
  const labelledWith = conceptIds.map((id) => sql`${inputs.data} @> ${JSON.stringify({ concepts: [{ id, value: 1 }] })}::jsonb`);
  return db
    .select(columns)
    .from(inputs)
    .where(and(eq(inputs.appRef, appRef), sql`(${sql.join(labelledWith, sql` or `)})`))
    .orderBy(desc(inputs.createdAt), desc(inputs.id))
    .limit(limit)
    .offset(offset);
}
