// Statements rendered once. Drizzle walks every fragment of a statement each time it runs it;
// for a large statement on a hot path (the one that opens every API call) that walk costs more
// server time than PostgreSQL spends executing it. A precompiled statement is rendered to text
// once, with numbered parameters where its values go; each call only lists the values, and runs the
// text on the driver itself (runPrecompiled), with no statement built at all.

import { Placeholder, sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";

const dialect = new PgDialect();

export type Precompiled<Name extends string> = {
  /** The text, the same for every call: $1 … stand for the parameters. */
  readonly text: string;
  /** The parameters for these values, in the text's order. */
  params(values: Record<Name, unknown>): unknown[];
  /** The statement for these values as Drizzle builds it (what `build` gives for them). */
  sql(values: Record<Name, unknown>): SQL;
};

/**
 * `build` receives a placeholder for each name in `names` and returns the statement; the result
 * gives its text once and the parameters for each set of values. Values `build` puts in directly
 * stay as they were.
 */
export function precompiled<Name extends string>(names: readonly Name[], build: (values: Record<Name, Placeholder<Name>>) => SQL): Precompiled<Name> {
  const placeholders = Object.fromEntries(names.map((name) => [name, sql.placeholder(name)])) as Record<Name, Placeholder<Name>>;
  const { sql: text, params: slots } = dialect.sqlToQuery(build(placeholders));
  const params = (values: Record<Name, unknown>) => slots.map((slot) => (slot instanceof Placeholder ? values[slot.name as Name] : slot));
  // Even entries are text, odd ones the number of a parameter ($1 …). The statements given here
  // hold no `$` of their own (no dollar quoting, no `$` in literals), so every match is a parameter.
  const parts = text.split(/\$(\d+)/);
  const texts = parts.filter((_, index) => index % 2 === 0).map((part) => sql.raw(part));
  const numbers = parts.filter((_, index) => index % 2 === 1).map((number) => Number(number) - 1);
  return {
    text,
    params,
    sql(values) {
      const given = params(values);
      const chunks: SQL[] = [texts[0]!];
      numbers.forEach((number, index) => chunks.push(sql`${given[number]}`, texts[index + 1]!));
      return sql.join(chunks);
    },
  };
}

type PostgresClient = { unsafe(text: string, params: unknown[], options: { prepare: boolean }): Promise<unknown[]> };
type PgliteClient = { query(text: string, params: unknown[]): Promise<{ rows: unknown[] }> };

/**
 * Runs a precompiled statement and returns its rows: on the database's own driver when `db` is the
 * database (postgres.js prepares it once per connection; PGlite plans it), or through Drizzle inside
 * a transaction. Column values come back as Drizzle's execute gives them.
 */
export async function runPrecompiled<Name extends string>(db: DbOrTx, statement: Precompiled<Name>, values: Record<Name, unknown>): Promise<unknown[]> {
  const client = (db as { $client?: PostgresClient | PgliteClient }).$client;
  if (client !== undefined && "unsafe" in client) return client.unsafe(statement.text, statement.params(values), { prepare: true });
  if (client !== undefined && "query" in client) return (await client.query(statement.text, statement.params(values))).rows;
  const result = await db.execute(statement.sql(values));
  return Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows;
}
