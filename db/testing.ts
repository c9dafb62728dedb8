import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { openPostgres, pgliteHandle, pgliteOptions, type DatabaseHandle } from "./client";

// Database tests run the same suite on both backends: PGlite by default, or a fresh database on
// the PostgreSQL server named by TEST_DATABASE_URL (one per test file). Either way every test file
// starts from a freshly migrated, empty database.
//
// Starting PGlite costs about two seconds (it runs initdb) while migrating costs a tenth of that,
// so each test worker starts PGlite once and every file gets the same instance back reset to what
// initdb left: session state discarded, every schema dropped, the public schema recreated as
// initdb makes it, then migrated. A file's handle stops working when the file closes it or ends,
// so nothing a file leaves running can write into the next file's database. What initdb produces
// depends only on the PGlite version, so its output is kept (in memory and under
// node_modules/.cache) and any further instance starts from that copy in a fraction of the time.

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

type Lease = { ended: boolean; pending: number };
type Worker = {
  client?: Promise<PGlite>;
  lease?: Lease;
  /** Instances opened while the shared one was taken; closed when their file ends at the latest. */
  own: Set<PGlite>;
  initdb?: Promise<Blob>;
};

// The test setup file resets modules between files; the instance has to outlive them.
const WORKER_KEY = Symbol.for("access-console.test-database");

function worker(): Worker {
  const global = globalThis as typeof globalThis & { [WORKER_KEY]?: Worker };
  return (global[WORKER_KEY] ??= { own: new Set() });
}

export async function openTestDatabase(): Promise<DatabaseHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  return serverUrl ? openPostgresTestDatabase(serverUrl) : openPgliteTestDatabase();
}

/** Called by the test setup after each file: whatever the file left open stops working. */
export async function endTestFile(): Promise<void> {
  const state = worker();
  if (state.lease) state.lease.ended = true;
  const own = [...state.own];
  state.own.clear();
  await Promise.all(own.map((client) => client.close()));
}

async function openPgliteTestDatabase(): Promise<DatabaseHandle> {
  const state = worker();
  const previous = state.lease;
  if (previous && !previous.ended) {
    // A second database open at once in the same file cannot share the instance.
    const client = await newPglite();
    state.own.add(client);
    const handle = await pgliteHandle(client);
    await handle.migrate();
    return {
      ...handle,
      async close() {
        // Already closed if the file ended first.
        if (state.own.delete(client)) await handle.close();
      },
    };
  }
  const lease: Lease = { ended: false, pending: 0 };
  state.lease = lease;
  // A call still running from an earlier file (a transaction that never finished, say) would
  // hold PGlite's locks forever: that instance is abandoned rather than waited for.
  if (!state.client || (previous && previous.pending > 0)) state.client = newPglite();
  const client = await state.client;
  await resetToInitdbState(client);
  const handle = await pgliteHandle(leased(client, lease));
  await handle.migrate();
  return handle;
}

/**
 * The shared client as one file sees it: closing it ends the file's lease instead of the
 * instance, and every call after that fails the way it does on a closed PGlite.
 */
function leased(client: PGlite, lease: Lease): PGlite {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "close") {
        return async () => {
          lease.ended = true;
        };
      }
      return (...args: unknown[]) => {
        if (lease.ended) throw new Error("PGlite is closed");
        const result: unknown = Reflect.apply(value, target, args);
        if (!(result instanceof Promise)) return result;
        lease.pending += 1;
        return result.finally(() => {
          lease.pending -= 1;
        });
      };
    },
  });
}

async function resetToInitdbState(client: PGlite): Promise<void> {
  if (client.isInTransaction()) await client.exec("rollback");
  // Settings, prepared statements, temporary tables and advisory locks a file left behind;
  // DISCARD refuses to run inside a transaction, so it runs on its own.
  await client.exec("discard all");
  const { rows } = await client.query<{ name: string }>(
    `select nspname as name from pg_namespace
      where nspname <> 'information_schema' and nspname not like 'pg\\_%'`,
  );
  const drops = rows.map(({ name }) => `drop schema "${name.replaceAll('"', '""')}" cascade;`);
  await client.exec(
    [
      ...drops,
      "create schema public authorization pg_database_owner;",
      "grant usage on schema public to public;",
      "comment on schema public is 'standard public schema';",
      // Large objects belong to the database, not to a schema.
      "select lo_unlink(oid) from pg_largeobject_metadata;",
    ].join("\n"),
  );
}

async function newPglite(): Promise<PGlite> {
  const { PGlite } = await import("@electric-sql/pglite");
  const state = worker();
  if (state.initdb) return PGlite.create({ loadDataDir: await state.initdb, ...(await pgliteOptions()) });
  const cacheFile = initdbCacheFile();
  const cached = readCache(cacheFile);
  if (cached) {
    try {
      const client = await PGlite.create({ loadDataDir: cached, ...(await pgliteOptions()) });
      state.initdb = Promise.resolve(cached);
      return client;
    } catch {
      // An unreadable copy is replaced below by a fresh initdb.
    }
  }
  const client = await PGlite.create(await pgliteOptions());
  // Dumped before anything runs on the instance, so the copy is initdb's output and nothing else.
  const dump = client.dumpDataDir("none");
  state.initdb = dump;
  await writeCache(cacheFile, await dump);
  return client;
}

function initdbCacheFile(): string {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const packageFile = path.join(path.dirname(entry), "..", "package.json");
  const { version } = JSON.parse(readFileSync(packageFile, "utf8")) as { version: string };
  const modules = entry.slice(0, entry.lastIndexOf(`${path.sep}@electric-sql${path.sep}`));
  return path.join(modules, ".cache", "pglite-initdb", `${version}.tar`);
}

function readCache(file: string): Blob | undefined {
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    return undefined;
  }
}

async function writeCache(file: string, dump: Blob): Promise<void> {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed, so a concurrent run never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  } catch {
    // The copy only saves time; without a writable cache every run pays for initdb.
  }
}

async function openPostgresTestDatabase(serverUrl: string): Promise<DatabaseHandle> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = await openPostgres(serverUrl, { max: 1 });
  await admin.db.execute(`create database ${name}`);
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString(), { max: 20 });
  await handle.migrate();
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = await openPostgres(serverUrl, { max: 1 });
      await cleanup.db.execute(`drop database if exists ${name} with (force)`);
      await cleanup.close();
    },
  };
}

/**
 * How many random cases a database property test draws: all of `runs` on PostgreSQL (CI runs
 * every file there too), half on PGlite, whose single in-process engine is the fast loop's.
 */
export function propertyRuns(runs: number): number {
  return onPostgres ? runs : Math.ceil(runs / 2);
}
