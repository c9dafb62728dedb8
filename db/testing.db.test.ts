import { sql, type SQL } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "./client";
import { endTestFile, onPostgres, openTestDatabase } from "./testing";

// Every test file must start from a freshly migrated, empty database, whatever the file before it
// did. On PGlite the files of a worker share one instance (see ./testing), so these tests dirty a
// database the ways a test file can, open the next one, and compare it with a fresh one.

async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? [...result] : result.rows;
}

/** What a test could observe of a database: its objects, its rows, its session. */
async function fingerprint(db: Database) {
  const userNamespaces = sql`(select oid from pg_namespace where nspname <> 'information_schema' and nspname not like 'pg\\_%')`;
  const tables = await rows<{ name: string; columns: string }>(
    db,
    sql`select c.oid::regclass::text as name, string_agg(quote_ident(a.attname), ', ' order by a.attnum) as columns
          from pg_class c join pg_attribute a on a.attrelid = c.oid
         where c.relkind = 'r' and c.relnamespace in ${userNamespaces} and a.attnum > 0 and not a.attisdropped
           and a.atttypid not in ('timestamptz'::regtype, 'timestamp'::regtype)
         group by c.oid order by 1`,
  );
  // Rows compared without the columns that record when they were written.
  const contents: Record<string, string | null> = {};
  for (const { name, columns } of tables) {
    const [row] = await rows<{ digest: string | null }>(
      db,
      sql.raw(`select md5(string_agg(t::text, ',' order by t::text)) as digest from (select ${columns} from ${name}) t`),
    );
    contents[name] = row!.digest;
  }
  return {
    namespaces: await rows(
      db,
      sql`select nspname, nspowner::regrole::text as owner, nspacl::text as acl, obj_description(oid, 'pg_namespace') as comment
            from pg_namespace where nspname not like 'pg\\_temp\\_%' and nspname not like 'pg\\_toast\\_temp\\_%' order by 1`,
    ),
    relations: await rows(
      db,
      sql`select c.relnamespace::regnamespace::text as schema, c.relname, c.relkind::text, c.relpersistence::text
            from pg_class c where c.relnamespace in ${userNamespaces} or c.relpersistence = 't' order by 1, 2`,
    ),
    columns: await rows(
      db,
      sql`select c.relname, a.attname, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) as default
            from pg_attribute a join pg_class c on c.oid = a.attrelid left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
           where c.relnamespace in ${userNamespaces} and a.attnum > 0 and not a.attisdropped order by 1, 2`,
    ),
    constraints: await rows(
      db,
      sql`select conrelid::regclass::text as relation, conname, pg_get_constraintdef(oid) as definition
            from pg_constraint where connamespace in ${userNamespaces} order by 1, 2`,
    ),
    indexes: await rows(db, sql`select indexdef from pg_indexes where schemaname <> 'information_schema' and schemaname not like 'pg\\_%' order by 1`),
    triggers: await rows(db, sql`select pg_get_triggerdef(oid) as definition from pg_trigger where not tgisinternal order by 1`),
    functions: await rows(
      db,
      sql`select pg_get_functiondef(oid) as definition from pg_proc where pronamespace in ${userNamespaces} order by 1`,
    ),
    types: await rows(
      db,
      sql`select t.typname, e.enumlabel from pg_type t left join pg_enum e on e.enumtypid = t.oid
           where t.typnamespace in ${userNamespaces} order by 1, e.enumsortorder`,
    ),
    extensions: await rows(db, sql`select extname from pg_extension order by 1`),
    migrations: await rows(db, sql`select hash from drizzle.__drizzle_migrations order by id`),
    contents,
    settings: await rows(db, sql`select name, setting from pg_settings where source = 'session' order by 1`),
    advisoryLocks: await rows(db, sql`select objid from pg_locks where locktype = 'advisory'`),
    largeObjects: await rows(db, sql`select count(*)::int as n from pg_largeobject_metadata`),
  };
}

/** Leaves behind everything a careless test file could: rows, objects, schemas and session state. */
async function dirty(db: Database) {
  await db.execute(sql.raw(`do $$ declare t record; begin
    for t in select tgname, tgrelid::regclass as rel from pg_trigger where not tgisinternal loop
      execute format('drop trigger %I on %s', t.tgname, t.rel);
    end loop;
    for t in select format('%I.%I', schemaname, tablename) as rel from pg_tables where schemaname = 'public' loop
      execute format('truncate %s cascade', t.rel);
      execute format('create index on %s ((1))', t.rel);
    end loop;
  end $$`));
  await db.execute(sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`);
  await db.execute(sql`create table leftover_table (id int primary key)`);
  await db.execute(sql`insert into leftover_table values (1)`);
  await db.execute(sql`create schema leftover_schema`);
  await db.execute(sql`create table leftover_schema.things (id int)`);
  await db.execute(sql`create type leftover_kind as enum ('a', 'b')`);
  await db.execute(sql`create function leftover_fn() returns int language sql as 'select 1'`);
  await db.execute(sql`select lo_from_bytea(0, 'leftover')`);
  if (!onPostgres) {
    // One session: what a file sets on it would otherwise reach the next file.
    await db.execute(sql`set statement_timeout = 12345`);
    await db.execute(sql`create temporary table leftover_temp (id int)`);
    await db.execute(sql`select pg_advisory_lock(4242)`);
  }
}

// Drizzle wraps the driver's error, which is the one a closed PGlite throws.
const closedError = { cause: expect.objectContaining({ message: "PGlite is closed" }) };

const openHandles = new Set<DatabaseHandle>();
afterEach(async () => {
  for (const handle of openHandles) await handle.close();
});

async function open(): Promise<DatabaseHandle> {
  const handle = await openTestDatabase();
  const tracked: DatabaseHandle = {
    ...handle,
    async close() {
      openHandles.delete(tracked);
      await handle.close();
    },
  };
  openHandles.add(tracked);
  return tracked;
}

describe("test databases", () => {
  it("start freshly migrated and empty after a file changed everything it could", async () => {
    const first = await open();
    const fresh = await fingerprint(first.db);
    await dirty(first.db);
    expect(await fingerprint(first.db)).not.toEqual(fresh);
    await first.close();

    const second = await open();
    expect(await fingerprint(second.db)).toEqual(fresh);
    await second.close();
  });

  it("start clean even when the previous file never closed its database", async () => {
    const first = await open();
    const fresh = await fingerprint(first.db);
    await dirty(first.db);
    if (!onPostgres) await endTestFile();

    const second = await open();
    expect(await fingerprint(second.db)).toEqual(fresh);
    await second.close();
  });

  it.skipIf(onPostgres)("on PGlite reuse one instance per worker, reset to equal a brand-new migrated one", async () => {
    const shared = await open();
    const [started] = await rows<{ at: string }>(shared.db, sql`select pg_postmaster_start_time()::text as at`);
    await dirty(shared.db);

    // Opened while another is open, so it gets an instance of its own, started from initdb's output.
    const own = await open();
    expect(await rows(own.db, sql`select pg_postmaster_start_time()::text as at`)).not.toEqual([started]);
    expect(await rows(own.db, sql`select to_regclass('leftover_table')::text as found`)).toEqual([{ found: null }]);
    await shared.close();

    const next = await open();
    expect(await rows(next.db, sql`select pg_postmaster_start_time()::text as at`)).toEqual([started]);
    expect(await fingerprint(next.db)).toEqual(await fingerprint(own.db));
  });

  it.skipIf(onPostgres)("on PGlite refuse a closed or ended handle, so earlier work cannot reach the next file", async () => {
    const closed = await open();
    await closed.close();
    await expect(closed.db.execute(sql`select 1`)).rejects.toMatchObject(closedError);

    const ended = await open();
    const own = await open();
    await endTestFile();
    await expect(ended.db.execute(sql`select 1`)).rejects.toMatchObject(closedError);
    await expect(own.db.execute(sql`select 1`)).rejects.toMatchObject(closedError);
  });

  it.skipIf(onPostgres)("on PGlite replace an instance that a file left inside a transaction that never ends", async () => {
    const stuck = await open();
    const [started] = await rows<{ at: string }>(stuck.db, sql`select pg_postmaster_start_time()::text as at`);
    void stuck.db.transaction(() => new Promise<void>(() => {})).catch(() => undefined);
    await endTestFile();

    const next = await open();
    expect(await rows(next.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`)).not.toEqual([{ n: 0 }]);
    expect(await rows(next.db, sql`select pg_postmaster_start_time()::text as at`)).not.toEqual([started]);
    await next.close();
  });
});
