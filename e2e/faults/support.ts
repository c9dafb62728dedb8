// What the fault tests share: a PostgreSQL cluster of their own (they stop and restart it), servers
// of the production build (`npm run serve`'s server) on loopback ports, and API tokens. Every wait is bounded.
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { JOB_TIMEOUTS, openPostgres, type DatabaseHandle } from "@/db/client";
import { insertCredential } from "@/db/queries/credentials";
import { users } from "@/db/schema";
import { issueToken } from "@/lib/credentials/token";

export const LOOPBACK = "127.0.0.1";

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every `everyMs` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, { timeoutMs, everyMs = 200 }: { timeoutMs: number; everyMs?: number }): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

// ─── PostgreSQL ───────────────────────────────────────────────────────────────────────────────

function postgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = readdirSync(root).sort((a, b) => Number(a) - Number(b));
  if (versions.length === 0) throw new Error(`no PostgreSQL under ${root}`);
  return path.join(root, versions.at(-1)!, "bin");
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program as the postgres user (it refuses to run as root), without blocking the tests' own load. */
async function asPostgres(program: string, args: string[]): Promise<void> {
  const [command, fullArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(postgresBin(), program), ...args]] : [path.join(postgresBin(), program), args];
  await promisify(execFile)(command, fullArgs, { timeout: 60_000 });
}

export type Cluster = {
  port: number;
  /** A connection string for `database` on this cluster. */
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  /** Starts, and returns once it accepts connections. */
  start(): Promise<void>;
  /** Stops at once: sessions are terminated (57P01), as a restart or failover does. */
  stop(): Promise<void>;
  /** `pg_ctl restart -m fast`; returns once it accepts connections again. */
  restart(): Promise<void>;
  remove(): Promise<void>;
};

/** A throwaway PostgreSQL cluster in a temp folder, on a free loopback port (as .ci/with-postgres.sh starts one). */
export async function startCluster(): Promise<Cluster> {
  const port = await freePort();
  const folder = mkdtempSync(path.join(tmpdir(), "console-faults-pg."));
  chmodSync(folder, 0o755);
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(folder, uid, gid);
  }
  const data = path.join(folder, "data");
  const options = `-p ${port} -k ${folder} -c listen_addresses=${LOOPBACK} -c fsync=off -c max_connections=200`;
  const pgCtl = (...args: string[]) => asPostgres("pg_ctl", ["-D", data, "-l", path.join(folder, "server.log"), "-w", "-t", "60", ...args]);
  await asPostgres("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync"]);
  const cluster: Cluster = {
    port,
    url: (database = "postgres") => `postgres://postgres@${LOOPBACK}:${port}/${database}`,
    async createDatabase(name) {
      const admin = await openPostgres(cluster.url(), { max: 1 });
      try {
        await admin.db.execute(`create database ${name}`);
      } finally {
        await admin.close();
      }
      return cluster.url(name);
    },
    start: () => pgCtl("-o", options, "start"),
    stop: () => pgCtl("-m", "fast", "stop"),
    restart: () => pgCtl("-m", "fast", "-o", options, "restart"),
    async remove() {
      await asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "stop"]).catch(() => {}); // already stopped
      rmSync(folder, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}

// ─── Servers ──────────────────────────────────────────────────────────────────────────────────

export type Server = {
  port: number;
  base: string;
  child: ChildProcess;
  /** Everything the server printed so far. */
  log(): string;
  /** Its exit status (or signal), once it has exited. */
  exited: Promise<number | string>;
  /** Waits until it answers (its start-up — migrations, demo data — has finished). */
  ready(timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): void;
};

export const SERVER_ENV = {
  AUTH_SECRET: "fault-tests-secret-not-for-production-0123456789",
  // The load of these tests, from one token, must not meet the per-minute allowance.
  API_RATE_LIMIT_PER_MINUTE: "100000",
  NEXT_TELEMETRY_DISABLED: "1",
};

/** Starts the production build (`npm run serve`'s server) on a loopback port; its own process group, so a kill ends it whole. */
export async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const base = `http://${LOOPBACK}:${port}`;
  const child = spawn(process.execPath, [path.join(process.cwd(), "lib", "server", "start.mjs"), "-p", String(port), "-H", LOOPBACK], {
    cwd: process.cwd(),
    env: { ...process.env, ...SERVER_ENV, APP_URL: base, PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  let alive = true;
  void exited.then(() => (alive = false));
  const server: Server = {
    port,
    base,
    child,
    log: () => output,
    exited,
    async ready(timeoutMs = 120_000) {
      await waitFor(
        `the server on port ${port} to answer`,
        async () => {
          if (!alive) throw new Error(`the server exited:\n${output}`);
          const response = await fetch(`${base}/sign-in`, { signal: AbortSignal.timeout(10_000) });
          return response.status === 200 ? true : undefined;
        },
        { timeoutMs, everyMs: 250 },
      );
    },
    kill(signal = "SIGKILL") {
      if (alive && child.pid) process.kill(-child.pid, signal);
    },
  };
  return server;
}

/** Stops servers that are still running and waits for them to exit. */
export async function stopServers(servers: Server[]): Promise<void> {
  for (const server of servers) server.kill("SIGKILL");
  await Promise.all(servers.map((server) => Promise.race([server.exited, sleep(10_000)])));
}

// ─── API ──────────────────────────────────────────────────────────────────────────────────────

/** Issues a personal access token of the demo Admin that may list the demo app's inputs. */
export async function demoAdminToken(databaseUrl: string): Promise<{ secret: string; hash: string }> {
  const handle: DatabaseHandle = await openPostgres(databaseUrl, { max: 1, timeouts: JOB_TIMEOUTS });
  try {
    const [admin] = await handle.db.select({ id: users.id }).from(users).where(eq(users.handle, "demo-admin"));
    if (!admin) throw new Error("no demo Admin: the demo data is missing");
    const token = issueToken("pat");
    await insertCredential(handle.db, { kind: "pat", userId: admin.id, appRef: null, name: `faults ${token.hint}`, secretHash: token.hash, hint: token.hint, expiresAt: null, scopes: ["Inputs:Get"], endpointScopes: null });
    return { secret: token.secret, hash: token.hash };
  } finally {
    await handle.close();
  }
}

export const LIST_INPUTS = "/v2/users/demo-org/apps/product-search/inputs";

export type Answer = { status: number; code: number | null; retryAfter: string | null; ms: number; error?: string };

/** One API call, bounded by `timeoutMs`: its HTTP status, envelope code, Retry-After and duration. */
export async function callApi(server: Server, secret: string, { path: apiPath = LIST_INPUTS, timeoutMs = 30_000 } = {}): Promise<Answer> {
  const started = Date.now();
  try {
    const response = await fetch(`${server.base}${apiPath}`, { headers: { authorization: `Key ${secret}` }, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let code: number | null = null;
    try {
      code = (JSON.parse(text) as { status?: { code?: number } }).status?.code ?? null;
    } catch {
      // not the envelope: reported as such by the test
    }
    return { status: response.status, code, retryAfter: response.headers.get("retry-after"), ms: Date.now() - started };
  } catch (error) {
    return { status: 0, code: null, retryAfter: null, ms: Date.now() - started, error: String(error) };
  }
}
