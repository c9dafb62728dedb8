import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { apps, users } from "@/db/schema";
import { precompiled } from "./precompiled";

const dialect = new PgDialect();

describe("precompiled statements", () => {
  it("give the text and parameters the statement built with the same values gives", () => {
    const build = (values: { owner: unknown; app: unknown }) =>
      sql`select ${apps.id} from ${apps} inner join ${users} on ${users.id} = ${apps.ownerUserId} where ${users.handleKey} = ${values.owner} and ${apps.appId} = ${values.app} and ${apps.visibility} = ${"private"} and ${apps.appId} <> ${values.app}`;
    const statement = precompiled(["owner", "app"], build);
    for (const values of [
      { owner: "ada", app: "vision" },
      { owner: "bob", app: null },
    ]) {
      expect(dialect.sqlToQuery(statement.sql(values))).toEqual(dialect.sqlToQuery(build(values)));
      const built = dialect.sqlToQuery(build(values));
      expect({ sql: statement.text, params: statement.params(values) }).toEqual({ sql: built.sql, params: built.params });
    }
  });
});
