// Statements rendered once. Drizzle walks every fragment of a statement each time it runs it;
// for a large statement on a hot path (the one that opens every API call) that walk costs more
// server time than PostgreSQL spends executing it. A precompiled statement is rendered to text
// once, with placeholders where its values go, and each call only puts the values in.

import { Placeholder, sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

const dialect = new PgDialect();

/**
 * `build` receives a placeholder for each name in `names` and returns the statement; the result
 * gives the statement for one set of values. Values `build` puts in directly stay as they were.
 */
export function precompiled<Name extends string>(names: readonly Name[], build: (values: Record<Name, Placeholder<Name>>) => SQL): (values: Record<Name, unknown>) => SQL {
  const placeholders = Object.fromEntries(names.map((name) => [name, sql.placeholder(name)])) as Record<Name, Placeholder<Name>>;
  const { sql: text, params } = dialect.sqlToQuery(build(placeholders));
  // Even entries are text, odd ones the number of a parameter ($1 …). The statements given here
  // hold no `$` of their own (no dollar quoting, no `$` in literals), so every match is a parameter.
  const parts = text.split(/\$(\d+)/);
  const texts = parts.filter((_, index) => index % 2 === 0).map((part) => sql.raw(part));
  const slots = parts.filter((_, index) => index % 2 === 1).map((number) => params[Number(number) - 1]);
  return (values) => {
    const chunks: SQL[] = [texts[0]!];
    slots.forEach((slot, index) => {
      chunks.push(sql`${slot instanceof Placeholder ? values[slot.name as Name] : slot}`, texts[index + 1]!);
    });
    return sql.join(chunks);
  };
}
