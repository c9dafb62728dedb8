import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { sql, type ExtractTablesWithRelations } from "drizzle-orm";
import * as schema from "./schema";

// One database handle per process. With DATABASE_URL it is postgres.js against PostgreSQL;
// without, an embedded PGlite in a local folder. PGlite allows one process per folder, so the
// instance lives on globalThis: Next.js may load this module in more than one bundle.

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What query functions take as first argument: the database or an open transaction. */
export type DbOrTx = Database | Transaction;

export type DatabaseHandle = {
  db: Database;
  kind: "pglite" | "postgres";
  migrate(): Promise<void>;
  close(): Promise<void>;
};

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");
const MIGRATION_LOCK_KEY = 7_140_221; // advisory lock id: only one instance migrates at a time

export function dataDirectory(): string {
  return process.env.PGLITE_DATA_DIR ?? path.join(process.cwd(), ".data", "pglite");
}

/**
 * Drizzle asks postgres.js to prepare only the statements it names, and an unprepared statement
 * with parameters costs two round trips (describe, then execute) and a fresh plan every time. This
 * client prepares every statement (postgres.js keeps them per connection, by text), inside
 * transactions and savepoints too, so a statement seen before costs one round trip and, once
 * PostgreSQL has seen that a generic plan serves, no planning at all.
 *
 * Except the statements that filter by a pattern a user typed (`ilike`, served by trigram indexes)
 * or by JSON containment (`@>`, served by GIN indexes): whether the index or a scan is right depends
 * on the pattern, which a generic plan cannot see — PostgreSQL would settle on one plan for every
 * pattern after the first few. They are sent unprepared and planned for their parameters each time.
 */
function preparingEverything<Client extends object>(client: Client): Client {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (typeof value !== "function") return value;
      if (property === "unsafe") {
        return (query: string, parameters?: unknown[], options?: Record<string, unknown>) =>
          (value as (q: string, p?: unknown[], o?: Record<string, unknown>) => unknown).call(target, query, parameters, { ...options, prepare: !plannedPerExecution(query) });
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const work = args.pop() as (transaction: object) => unknown;
          return (value as (...a: unknown[]) => unknown).call(target, ...args, (transaction: object) => work(preparingEverything(transaction)));
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

const PATTERN_FILTER = /\bilike\b|@>/i;

const plannedPerExecutionByText = new Map<string, boolean>();

/** A statement whose best plan depends on a pattern in its parameters (see preparingEverything). */
export function plannedPerExecution(query: string): boolean {
  let planned = plannedPerExecutionByText.get(query);
  if (planned === undefined) {
    planned = PATTERN_FILTER.test(query);
    // The texts are the application's statements, a bounded set; the bound only guards the cache.
    if (plannedPerExecutionByText.size < 10_000) plannedPerExecutionByText.set(query, planned);
  }
  return planned;
}

/** Opens PostgreSQL via postgres.js. */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<DatabaseHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzle(preparingEverything(client), { schema });
  return {
    db: db as unknown as Database,
    kind: "postgres",
    async migrate() {
      // A dedicated single connection holds the advisory lock for the whole migration, so web
      // instances starting together do not race each other.
      const lockClient = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migrate(drizzle(lockClient, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
      } finally {
        await lockClient.end();
      }
    },
    close: () => client.end(),
  };
}

/** Opens an embedded PGlite; `dataDir` undefined means in memory (tests). */
export async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return pgliteHandle(new PGlite(dataDir, await pgliteOptions()));
}

/** What every PGlite instance loads: the extensions the migrations create (pg_trgm, for searches). */
export async function pgliteOptions() {
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  return { extensions: { pg_trgm } };
}

/** A handle over a PGlite client that is already open; closing the handle closes the client. */
export async function pgliteHandle(client: PGlite): Promise<DatabaseHandle> {
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const db = drizzle({ client, schema });
  return {
    db: db as unknown as Database,
    kind: "pglite",
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}

const ANALYZE_EVERY_MS = 60 * 60_000;

/**
 * PGlite runs no autovacuum, so without this the planner would plan every query without table
 * statistics, and pick sequential scans and sorts where indexes serve (deep list pages, searches).
 * Statistics are gathered at start and then hourly; on PostgreSQL autovacuum does this.
 */
async function keepStatisticsFresh(db: Database): Promise<void> {
  await db.execute(sql`analyze`);
  const timer = setInterval(() => {
    db.execute(sql`analyze`).catch((error: unknown) => console.warn(`[db] analyze failed: ${String(error)}`));
  }, ANALYZE_EVERY_MS);
  timer.unref();
}

type Holder = { handle?: Promise<DatabaseHandle> };
const holder = ((globalThis as { __consoleDatabase?: Holder }).__consoleDatabase ??= {});

/** The process-wide database, opened and migrated on first use. */
export function databaseHandle(): Promise<DatabaseHandle> {
  holder.handle ??= (async () => {
    const url = process.env.DATABASE_URL;
    const handle = url ? await openPostgres(url) : await openPglite(dataDirectory());
    await handle.migrate();
    if (handle.kind === "pglite") await keepStatisticsFresh(handle.db);
    return handle;
  })();
  return holder.handle;
}

export async function getDb(): Promise<Database> {
  return (await databaseHandle()).db;
}

/** Whether `db` is the process-wide database (false while none is open: this never opens one). */
export async function isProcessDatabase(db: DbOrTx): Promise<boolean> {
  return holder.handle ? (await holder.handle).db === db : false;
}
