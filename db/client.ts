import { describeErrorSafely } from "./errors";
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
  /**
   * Runs a start-up job (migrations, demo data) alone: on PostgreSQL on a connection of its own
   * that holds the start-up advisory lock throughout, with the long timeouts of start-up jobs, so
   * instances starting together on one database take turns; `db` is that connection. PGlite has
   * one process, and runs it on the handle's own database.
   */
  exclusively<T>(job: (db: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/**
 * Bounds of every request's statements on PostgreSQL (DATABASE_STATEMENT_TIMEOUT_MS,
 * DATABASE_LOCK_TIMEOUT_MS; README "Configuration"): a statement that runs or waits for a lock
 * longer is cancelled, and the request answers 503 (db/errors.ts).
 */
export function requestTimeouts(env: Record<string, string | undefined> = process.env): { statementMs: number; lockMs: number } {
  return {
    statementMs: millisecondsSetting(env, "DATABASE_STATEMENT_TIMEOUT_MS", 10_000),
    lockMs: millisecondsSetting(env, "DATABASE_LOCK_TIMEOUT_MS", 3_000),
  };
}

function millisecondsSetting(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 3_600_000) throw new Error(`${name} must be a whole number of milliseconds from 1 to 3600000, got "${raw}".`);
  return value;
}

/** Jobs (migrations, demo data, a benchmark's bulk data) may wait for another instance's and run long. */
export const JOB_TIMEOUTS = { statementMs: 10 * 60_000, lockMs: 10 * 60_000 };

/**
 * Lets the rest of the open transaction run statements of up to `ms` each (a job that needs it,
 * like writing a month's statements); a no-op outside a transaction.
 */
export async function allowLongerStatements(tx: DbOrTx, ms: number): Promise<void> {
  await tx.execute(sql`select set_config('statement_timeout', ${String(ms)}, true)`);
}

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");
const START_UP_LOCK_KEY = 7_140_221; // advisory lock id: one instance at a time migrates and seeds

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

/**
 * How the pool meets a database that goes away (a restart, a failover): a connection attempt gives
 * up after 2 s, and a failed one is retried after at most a quarter of a second rather than the driver's
 * backoff of up to 20 s, so while the database is away a request fails fast (503) instead of
 * hanging, and the first request after it is back connects at once. Connections are replaced
 * after a minute idle and after 5–10 minutes in any case, so none outlives a change of server
 * for long.
 */
const POOL_RESILIENCE = {
  connect_timeout: 2,
  backoff: (retries: number) => Math.min(0.025 * 2 ** retries, 0.25),
  idle_timeout: 60,
  max_lifetime: 60 * (5 + Math.random() * 5),
};

/** Opens PostgreSQL via postgres.js. */
export async function openPostgres(url: string, options: { max?: number; timeouts?: { statementMs: number; lockMs: number } } = {}): Promise<DatabaseHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const { statementMs, lockMs } = options.timeouts ?? requestTimeouts();
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    ...POOL_RESILIENCE,
    connection: { application_name: "access-console", statement_timeout: statementMs, lock_timeout: lockMs },
  });
  const db = drizzle(preparingEverything(client), { schema });
  async function exclusively<T>(job: (db: Database) => Promise<T>): Promise<T> {
    const lockClient = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10, connection: { application_name: "access-console start-up", statement_timeout: JOB_TIMEOUTS.statementMs, lock_timeout: JOB_TIMEOUTS.lockMs } });
    try {
      // A session lock on this one connection; it ends with the connection if the process dies.
      await lockClient`select pg_advisory_lock(${START_UP_LOCK_KEY})`;
      const result = await job(drizzle(lockClient, { schema }) as unknown as Database);
      await lockClient`select pg_advisory_unlock(${START_UP_LOCK_KEY})`;
      return result;
    } finally {
      await lockClient.end();
    }
  }
  return {
    db: db as unknown as Database,
    kind: "postgres",
    migrate: () => exclusively((lockedDb) => migrate(lockedDb as unknown as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER })),
    exclusively,
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
    exclusively: (job) => job(db as unknown as Database),
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
    db.execute(sql`analyze`).catch((error: unknown) => console.warn(`[db] analyze failed: ${describeErrorSafely(error)}`));
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
