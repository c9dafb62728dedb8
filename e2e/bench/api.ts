// `npm run bench:api`: throughput and latency of two /v2 methods called with a personal access
// token, next to a bare JSON answer of the same server, measured against the production build
// (`npm run build` first) on a throwaway database: embedded PGlite, or PostgreSQL when
// BENCH_DATABASE_URL is set (e2e/bench/api.sh runs both). Targets on PostgreSQL: MyScopes opens
// and authorizes in one statement, costs at most 0.4 ms of server CPU per call and answers at least
// 0.6× the req/s of the anchor — a plain node:http + postgres.js server (anchor.mjs) running the same
// statement with the same parameters, loaded in the same run; ListInputs at most 0.6 ms; p99 of both
// at most 10 ms. A miss exits non-zero.
//
// 1. Seeds the database in this process: a user, an app with INPUTS labelled inputs (PostInputs)
//    and a PAT with Inputs:Get.
// 2. Counts database statements and round trips per request, as they happen: COUNT_RUNS requests
//    of each kind go through `dispatch` in this process against the same database, after warm-up.
//    PGlite: the client's query/exec/transaction calls are wrapped (BEGIN and COMMIT count too).
//    PostgreSQL: postgres.js connects through a loopback proxy here that reads the protocol: each
//    Execute or simple Query is a statement, and each time a connection sends while none was
//    waiting for the server is a round trip (pipelined statements share one).
// 3. Starts the production server on a free port on that database and loads each route with autocannon,
//    bounded: every route for WARMUP_S seconds once after start, then per run CONNECTIONS
//    connections for WARMUP_S seconds (discarded) and DURATION_S seconds measured;
//    the bare route before and after the methods, and the ratio is against the mean of the two.
//    The key's per-minute allowance is raised for the run so that no request is refused (429);
//    each request still takes from it as usual.
// 4. Prints req/s, p50, p99, the ratio, the counts and the CPU time per request of the server and
//    of PostgreSQL (from /proc, where there is one); stops the server and deletes what it made.
import { sql } from "drizzle-orm";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { connect, createServer, type Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import type { PGlite, Transaction as PgliteTransaction } from "@electric-sql/pglite";
import { openPostgres, pgliteHandle, pgliteOptions, type Database, type DatabaseHandle } from "@/db/client";
import { openCallQuery } from "@/db/queries/api-calls";
import { apps } from "@/db/schema";
import { dispatch } from "@/lib/api/dispatch";
import { newId } from "@/lib/ids";
import { hashToken } from "@/lib/credentials/token";
import { handleKey } from "@/lib/validation/common";
import { createPersonalAccessToken } from "@/lib/operations/credentials";
import { postInputs } from "@/lib/operations/inputs";
import { runAs } from "@/lib/operations/testing";
import { flushMetering } from "@/lib/services/metering";
import { signUpVerified } from "@/lib/services/test-accounts";
import { freePort, requireProductionBuild, startServer, stopServer, type BenchServer } from "./support";

const POSTGRES_URL = process.env.BENCH_DATABASE_URL;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const COUNT_RUNS = Number(process.env.BENCH_COUNT_RUNS ?? 20);
const INPUTS = 100;
const PER_PAGE = 20;
const OWNER = "bench-owner";
const APP = "bench-app";
/** The key's per-minute allowance during the run: high enough that the load is never refused. */
const RATE_LIMIT = "1000000000";
/** On PostgreSQL: server CPU per call (ms), and MyScopes's req/s against the anchor running its statement. */
const CPU_TARGETS: Record<string, number> = { MyScopes: 0.4, ListInputs: 0.6 };
const ANCHOR_RATIO_TARGET = 0.6;
const P99_TARGET_MS = 10;
/** On PGlite: resident memory of the console's server ÷ that of `next start` of the same build. */
const RSS_TARGET = 1.1;

type Route = { name: string; path: string; status: number; code: number };

const ROUTES: Route[] = [
  // The same /v2 handler answers a path its route table does not serve before it opens the database.
  { name: "bare", path: `/v2/users/${OWNER}/apps/${APP}/no-such-method`, status: 404, code: 11101 },
  { name: "MyScopes", path: `/v2/users/${OWNER}/apps/${APP}/myscopes`, status: 200, code: 10000 },
  { name: "ListInputs", path: `/v2/users/${OWNER}/apps/${APP}/inputs?per_page=${PER_PAGE}`, status: 200, code: 10000 },
];
const [BARE, ...METHODS] = ROUTES as [Route, ...Route[]];
/** The anchor (PostgreSQL only): MyScopes's statement, with the same parameters, on a plain node:http + postgres.js server. */
const ANCHOR: Route = { name: "anchor", path: "/", status: 200, code: 0 };
/** On PostgreSQL the methods and the anchor are loaded in turns, this many rounds; targets read the medians. */
const ROUNDS = POSTGRES_URL ? Number(process.env.BENCH_ROUNDS ?? 3) : 1;
/** The order of the load runs: the bare route before and after the methods, so that drift shows. */
const LOAD_PLAN = [
  { label: "bare (before)", route: BARE },
  ...Array.from({ length: ROUNDS }, (_, round) =>
    [...METHODS, ...(POSTGRES_URL ? [ANCHOR] : [])].map((route) => ({
      label: `${route === ANCHOR ? "anchor: its statement" : route.name}${ROUNDS > 1 ? ` (${round + 1})` : ""}`,
      route,
    })),
  ).flat(),
  { label: "bare (after)", route: BARE },
];

// ---------------------------------------------------------------------------------------------
// Counting statements and round trips.

/** What one request did against the database, recorded while `active`. */
class Recorder {
  active = false;
  /** Each statement with the round trips it took (0: it went with the one before it). */
  statements: { text: string; trips: number }[] = [];
  roundTrips = 0;
  private trips = 0;
  /** A round trip begins; it belongs to the next statement recorded. */
  roundTrip(): void {
    if (!this.active) return;
    this.roundTrips++;
    this.trips++;
  }
  statement(text: string): void {
    if (!this.active) return;
    this.statements.push({ text, trips: this.trips });
    this.trips = 0;
  }
  reset(): void {
    this.statements = [];
    this.roundTrips = 0;
    this.trips = 0;
  }
}

/** Counts every statement the PGlite client runs: query and exec, inside transactions too, with BEGIN and COMMIT. */
function countPglite(client: PGlite, recorder: Recorder): void {
  let inFlight = 0;
  const track = async <T>(text: string, run: () => Promise<T>): Promise<T> => {
    if (inFlight++ === 0) recorder.roundTrip();
    recorder.statement(text);
    try {
      return await run();
    } finally {
      inFlight--;
    }
  };
  const instant = (text: string) => {
    if (inFlight === 0) recorder.roundTrip();
    recorder.statement(text);
  };
  const wrap = <C extends Pick<PGlite, "query" | "exec">>(target: C) => {
    const query = target.query.bind(target);
    const exec = target.exec.bind(target);
    target.query = ((text: string, ...rest: unknown[]) => track(text, () => (query as (...args: unknown[]) => Promise<unknown>)(text, ...rest))) as C["query"];
    target.exec = ((text: string, ...rest: unknown[]) => track(text, () => (exec as (...args: unknown[]) => Promise<unknown>)(text, ...rest))) as C["exec"];
  };
  wrap(client);
  const transaction = client.transaction.bind(client);
  client.transaction = (<T>(callback: (tx: PgliteTransaction) => Promise<T>) =>
    transaction(async (tx) => {
      instant("BEGIN");
      wrap(tx);
      try {
        const result = await callback(tx);
        instant("COMMIT");
        return result;
      } catch (error) {
        instant("ROLLBACK");
        throw error;
      }
    })) as PGlite["transaction"];
}

/**
 * A loopback proxy in front of PostgreSQL that reads what clients send (the frontend protocol):
 * Execute and simple Query messages are statements (their SQL from the Parse that prepared them),
 * and a connection sending while no connection was waiting for the server is one round trip.
 */
async function countingProxy(target: URL, recorder: Recorder): Promise<{ url: string; close(): Promise<void> }> {
  let waiting = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    let startup = true;
    let pending: Buffer = Buffer.alloc(0);
    let awaiting = false;
    const prepared = new Map<string, string>();
    let bound = "";
    const read = (chunk: Buffer) => {
      pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (startup) {
          if (pending.length < 8) return;
          const length = pending.readInt32BE(0);
          if (pending.length < length) return;
          if (pending.readInt32BE(4) === 196_608) startup = false; // the StartupMessage (an SSL or GSS request precedes it)
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) return;
        const type = String.fromCharCode(pending[0]!);
        const end = 1 + pending.readInt32BE(1);
        if (pending.length < end) return;
        const body = pending.subarray(5, end);
        const strings = () => body.toString("utf8").split("\0");
        if (type === "P") {
          const [name, text] = strings();
          prepared.set(name!, text!);
        } else if (type === "B") {
          bound = prepared.get(strings()[1]!) ?? "?";
        } else if (type === "E") {
          recorder.statement(bound);
        } else if (type === "Q") {
          recorder.statement(strings()[0]!);
        }
        pending = pending.subarray(end);
      }
    };
    client.on("data", (chunk: Buffer) => {
      if (!startup && !awaiting) {
        awaiting = true;
        if (waiting++ === 0) recorder.roundTrip();
      }
      read(chunk);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (awaiting) {
        awaiting = false;
        waiting--;
      }
      client.write(chunk);
    });
    const close = () => {
      if (awaiting) waiting--;
      awaiting = false;
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", close).on("error", close);
    upstream.on("close", close).on("error", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("the proxy has no port");
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String(address.port);
  return {
    url: url.toString(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A statement in short: its verb and the tables it names. */
function summarize(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const verb = (/^\s*(\w+)/.exec(flat)?.[1] ?? "?").toLowerCase();
  const tables = [...new Set([...flat.matchAll(/\b(?:from|join|into|(?<!do )update)\s+"?([A-Za-z_]\w*)"?/gi)].map((match) => match[1]!))];
  const upsert = /\bon conflict\b/i.test(flat) ? " … on conflict" : "";
  return tables.length > 0 ? `${verb} ${tables.join(", ")}${upsert}` : flat.slice(0, 60);
}

type Counts = { statements: number; roundTrips: number; min: number; max: number; example: { text: string; trips: number }[] };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Statements and round trips per request of `route`, through `dispatch` in this process. */
async function countRoute(db: Database, recorder: Recorder, secret: string, route: Route): Promise<Counts> {
  const call = async () => {
    const url = new URL(`http://console.test${route.path}`);
    const response = await dispatch(new Request(url, { headers: { authorization: `Key ${secret}` } }), url.pathname.split("/").slice(2).filter(Boolean), { db });
    const json = (await response.json()) as { status: { code: number; details: string } };
    if (response.status !== route.status || json.status.code !== route.code) throw new Error(`${route.name} answered ${response.status} / ${json.status.code}: ${json.status.details}`);
  };
  for (let i = 0; i < 5; i++) await call();
  const runs: { statements: Recorder["statements"]; roundTrips: number }[] = [];
  for (let i = 0; i < COUNT_RUNS; i++) {
    recorder.reset();
    recorder.active = true;
    await call();
    recorder.active = false;
    runs.push({ statements: recorder.statements, roundTrips: recorder.roundTrips });
  }
  const statements = runs.map((run) => run.statements.length);
  const typical = median(statements);
  return {
    statements: typical,
    roundTrips: median(runs.map((run) => run.roundTrips)),
    min: Math.min(...statements),
    max: Math.max(...statements),
    example: runs.find((run) => run.statements.length === typical)!.statements,
  };
}

// ---------------------------------------------------------------------------------------------
// CPU time (Linux /proc): the server's process group, and the PostgreSQL cluster on the bench's port.

type ProcessStat = { pid: number; ppid: number; pgrp: number; ticks: number };

function processStats(): ProcessStat[] {
  const stats: ProcessStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" "); // after "pid (comm) "
      stats.push({ pid: Number(entry), ppid: Number(fields[1]), pgrp: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone meanwhile
    }
  }
  return stats;
}

function postmasterPid(port: string): number | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (path.basename(args[0] ?? "") === "postgres" && args.includes("-p") && args[args.indexOf("-p") + 1] === port) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU milliseconds used so far by the server's processes and by the database's. */
function cpuSampler(serverGroup: number, postgresPort: string | null): (() => { server: number; database: number | null }) | null {
  if (!existsSync("/proc/self/stat")) return null;
  const postmaster = postgresPort ? postmasterPid(postgresPort) : null;
  return () => {
    let server = 0;
    let database = 0;
    for (const stat of processStats()) {
      if (stat.pgrp === serverGroup) server += stat.ticks;
      else if (postmaster !== null && (stat.pid === postmaster || stat.ppid === postmaster)) database += stat.ticks;
    }
    const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;
    return { server: ms(server), database: postmaster === null ? null : ms(database) };
  };
}

// ---------------------------------------------------------------------------------------------
// Seeding.

type Seeded = { secret: string };

async function seed(handle: DatabaseHandle): Promise<Seeded> {
  const { db } = handle;
  await handle.migrate();
  const owner = await signUpVerified(db, OWNER);
  await db.insert(apps).values({ id: newId("app"), ownerUserId: owner, appId: APP, name: "Bench app" });
  const concepts = ["cat", "dog", "bird", "fish", "horse"];
  const added = await runAs(db, postInputs, owner, {
    owner: OWNER,
    app: APP,
    inputs: Array.from({ length: INPUTS }, (_, index) => ({
      id: `input-${String(index).padStart(3, "0")}`,
      data: {
        image: { url: `https://example.com/images/${index}.jpg` },
        concepts: [
          { id: concepts[index % concepts.length]!, value: 1 },
          { id: concepts[(index + 1) % concepts.length]!, value: 0 },
        ],
        metadata: { batch: Math.floor(index / 10), source: "bench" },
      },
    })),
  });
  if (!added.ok) throw new Error(`seeding inputs failed: ${added.message}`);
  const token = await runAs(db, createPersonalAccessToken, owner, { name: "bench", scopes: ["Inputs:Get"] });
  if (!token.ok) throw new Error(`creating the token failed: ${token.message}`);
  // As in service: statistics gathered (autovacuum on PostgreSQL, the server's ANALYZE on PGlite).
  await db.execute(sql`vacuum analyze`);
  return { secret: token.data.secret };
}

// ---------------------------------------------------------------------------------------------
// Load.

type LoadResult = {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  "2xx": number;
  "4xx": number;
  "5xx": number;
  non2xx: number;
};
type Autocannon = (options: { url: string; connections: number; duration: number; headers: Record<string, string> }) => Promise<LoadResult>;
const autocannon = createRequire(path.join(process.cwd(), "package.json"))("autocannon") as Autocannon;

async function check(baseUrl: string, secret: string, route: Route): Promise<void> {
  const response = await fetch(`${baseUrl}${route.path}`, { headers: { authorization: `Key ${secret}` } });
  const json = (await response.json()) as { status: { code: number; details: string }; inputs?: unknown[] };
  if (response.status !== route.status || json.status.code !== route.code) throw new Error(`${route.name} answered ${response.status} / ${json.status.code}: ${json.status.details}`);
  if (route.name === "ListInputs" && json.inputs?.length !== PER_PAGE) throw new Error(`ListInputs answered ${json.inputs?.length} inputs, not ${PER_PAGE}`);
}

type CpuSampler = ReturnType<typeof cpuSampler>;
type Loaded = LoadResult & { unexpected: number; cpu: { server: number; database: number | null } | null };

function loadOptions(baseUrl: string, secret: string, route: Route) {
  return { url: `${baseUrl}${route.path}`, connections: CONNECTIONS, headers: { authorization: `Key ${secret}` } };
}

/** The freshly started server's first requests run cold code: every route once before any run is measured. */
async function warmUp(baseUrl: string, secret: string): Promise<void> {
  for (const route of ROUTES) await autocannon({ ...loadOptions(baseUrl, secret, route), duration: Math.max(1, WARMUP_S) });
}

async function load(baseUrl: string, secret: string, route: Route, sampleCpu: CpuSampler): Promise<Loaded> {
  const options = loadOptions(baseUrl, secret, route);
  if (WARMUP_S > 0) await autocannon({ ...options, duration: WARMUP_S });
  const before = sampleCpu?.();
  const result = await autocannon({ ...options, duration: DURATION_S });
  const after = sampleCpu?.();
  const expected = route.status < 300 ? result["2xx"] : result["4xx"];
  const perRequest = (used: number) => used / Math.max(1, result.requests.total);
  const cpu =
    before && after
      ? { server: perRequest(after.server - before.server), database: after.database === null || before.database === null ? null : perRequest(after.database - before.database) }
      : null;
  return { ...result, unexpected: result.requests.total - expected + result.errors + result.timeouts, cpu };
}

// ---------------------------------------------------------------------------------------------
// The anchor and memory.

/** MyScopes's opening statement as the console renders it for this key and path, with its parameters. */
function myScopesStatement(secret: string): { text: string; params: unknown[] } {
  const now = new Date();
  return openCallQuery({
    secretHash: hashToken(secret),
    target: { ownerHandleKey: handleKey(OWNER), appId: APP },
    bucketPrefix: "api:credential:",
    rule: { limit: Number(RATE_LIMIT), windowMs: 60_000 },
    touchBefore: new Date(now.getTime() - 60_000),
    now,
  });
}

async function startAnchor(url: string, statement: { text: string; params: unknown[] }): Promise<BenchServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(process.cwd(), "e2e", "bench", "anchor.mjs")], {
    env: { ...process.env, ANCHOR: JSON.stringify({ url, port, ...statement }) },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const started = { baseUrl: `http://127.0.0.1:${port}`, process: child };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the anchor did not start in time")), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (!chunk.toString().includes("ready")) return;
      clearTimeout(timer);
      resolve();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the anchor exited with code ${code}`));
    });
  }).catch(async (error: unknown) => {
    await stopServer(started);
    throw error;
  });
  const response = await fetch(started.baseUrl);
  if (response.status !== 200) throw new Error(`the anchor answered ${response.status}`);
  return started;
}

/** Resident memory (MB) of the processes of a process group, or null without /proc. */
function residentMegabytes(group: number): number | null {
  if (!existsSync("/proc/self/status")) return null;
  let kilobytes = 0;
  for (const stat of processStats()) {
    if (stat.pgrp !== group) continue;
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${stat.pid}/status`, "utf8"));
      kilobytes += Number(match?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kilobytes / 1024;
}

// ---------------------------------------------------------------------------------------------

async function openCounted(dataDir: string | null, recorder: Recorder): Promise<{ handle: DatabaseHandle; close(): Promise<void> }> {
  if (POSTGRES_URL) {
    const proxy = await countingProxy(new URL(POSTGRES_URL), recorder);
    const handle = await openPostgres(proxy.url);
    return { handle, close: async () => (await handle.close(), await proxy.close()) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const client = new PGlite(dataDir!, await pgliteOptions());
  countPglite(client, recorder);
  const handle = await pgliteHandle(client);
  return { handle, close: () => handle.close() };
}

async function main(): Promise<void> {
  requireProductionBuild();
  process.env.API_RATE_LIMIT_PER_MINUTE = RATE_LIMIT; // the in-process counting takes from the same window as the server
  const dataDir = POSTGRES_URL ? null : mkdtempSync(path.join(os.tmpdir(), "console-bench-"));
  const recorder = new Recorder();
  let server: BenchServer | undefined;
  let anchor: BenchServer | undefined;
  try {
    console.log(`Seeding ${POSTGRES_URL ? "PostgreSQL" : dataDir} …`);
    const opened = await openCounted(dataDir, recorder);
    let secret: string;
    let anchorStatement: { text: string; params: unknown[] } | null = null;
    let version = "";
    const counts = new Map<string, Counts>();
    try {
      ({ secret } = await seed(opened.handle));
      if (POSTGRES_URL) {
        const rows = (await opened.handle.db.execute(sql`show server_version`)) as unknown as { server_version: string }[];
        version = ` ${rows[0]?.server_version.split(" ")[0] ?? ""}`;
      }
      for (const route of ROUTES) counts.set(route.name, await countRoute(opened.handle.db, recorder, secret, route));
      if (POSTGRES_URL) anchorStatement = myScopesStatement(secret);
    } finally {
      await flushMetering(opened.handle.db);
      await opened.close(); // PGlite: one process per folder, and the server opens it next
    }

    server = await startServer({ dataDir, postgresUrl: POSTGRES_URL }, { API_RATE_LIMIT_PER_MINUTE: RATE_LIMIT });
    for (const route of ROUTES) await check(server.baseUrl, secret, route);
    const postgresPort = POSTGRES_URL ? new URL(POSTGRES_URL).port : null;
    const sampleCpu = cpuSampler(server.process.pid!, postgresPort);
    if (anchorStatement) anchor = await startAnchor(POSTGRES_URL!, anchorStatement);
    const sampleAnchorCpu = anchor ? cpuSampler(anchor.process.pid!, postgresPort) : null;
    await warmUp(server.baseUrl, secret);
    const results: Loaded[] = [];
    for (const { route } of LOAD_PLAN) {
      results.push(route === ANCHOR ? await load(anchor!.baseUrl, secret, route, sampleAnchorCpu) : await load(server.baseUrl, secret, route, sampleCpu));
    }
    const rss = residentMegabytes(server.process.pid!);
    // Memory beside the peer: the same build under `next start` (how the console was served before
    // its own server), on the same database after the same warm-up and MyScopes run.
    let peerRss: number | null = null;
    if (!POSTGRES_URL) {
      await stopServer(server);
      server = await startServer({ dataDir, postgresUrl: undefined }, { API_RATE_LIMIT_PER_MINUTE: RATE_LIMIT }, "next");
      await warmUp(server.baseUrl, secret);
      await load(server.baseUrl, secret, METHODS[0]!, null);
      peerRss = residentMegabytes(server.process.pid!);
    }

    const database = POSTGRES_URL ? `PostgreSQL${version}` : "PGlite";
    const bareRuns = results.filter((_, index) => LOAD_PLAN[index]!.route === BARE);
    const bare = bareRuns.reduce((sum, result) => sum + result.requests.average, 0) / bareRuns.length;
    console.log(
      `\n${database}: production build on loopback, ${os.cpus().length} CPUs shared by server, database and load generator; autocannon, ${CONNECTIONS} connections, ${DURATION_S} s per run after ${WARMUP_S} s warm-up (and every route warmed up once after start); PAT with Inputs:Get; ${INPUTS} inputs, ${PER_PAGE} per page.`,
    );
    console.log(`Bare route: GET ${BARE.path} — answered 404 / 11101 by the same /v2 handler from its route table, before it opens the database;`);
    console.log("measured before and after the methods; ratio = req/s ÷ the mean req/s of the two bare runs.");
    console.log(`Latency in whole ms (autocannon's resolution). Statements and round trips per request: the median of ${COUNT_RUNS} requests after warm-up, counted through dispatch in-process on the same database —`);
    console.log(
      POSTGRES_URL
        ? "statements are Execute and Query messages on the wire; a round trip is a send while no connection was waiting for the server."
        : "PGlite runs inside the server's process: a round trip is one awaited call into it (BEGIN and COMMIT included).",
    );
    console.log(`CPU ms/req: CPU time used during the run ÷ requests answered, of the server's processes${POSTGRES_URL ? " and of the PostgreSQL cluster" : " (PGlite runs inside them)"}.\n`);
    console.log(`${"route".padEnd(24)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"ratio".padStart(6)}  ${"statements".padStart(10)} ${"round trips".padStart(11)} ${"server CPU".padStart(10)} ${"db CPU".padStart(7)}`);
    for (const [index, { label, route }] of LOAD_PLAN.entries()) {
      const result = results[index]!;
      // The anchor runs one statement in one round trip by construction.
      const count = counts.get(route.name) ?? { statements: 1, roundTrips: 1, min: 1, max: 1, example: [] };
      const ratio = result.requests.average / bare;
      const spread = count.min === count.max ? "" : ` (${count.min}–${count.max})`;
      console.log(
        `${label.padEnd(24)} ${result.requests.average.toFixed(0).padStart(8)} ${String(result.latency.p50).padStart(8)} ${String(result.latency.p99).padStart(8)} ${ratio.toFixed(2).padStart(6)}  ${`${count.statements}${spread}`.padStart(10)} ${String(count.roundTrips).padStart(11)} ${(result.cpu ? result.cpu.server.toFixed(2) : "n/a").padStart(10)} ${(result.cpu?.database != null ? result.cpu.database.toFixed(2) : "–").padStart(7)}`,
      );
      if (result.unexpected > 0) console.log(`  !! ${result.unexpected} of ${result.requests.total} requests were not answered ${route.status} (errors ${result.errors}, timeouts ${result.timeouts}, 5xx ${result["5xx"]})`);
    }
    console.log(`\nTargets on PostgreSQL: authorization in one round trip, and those below.`);
    console.log(`Server memory after the runs: ${rss === null ? "n/a" : `${rss.toFixed(0)} MB resident`} (the server's processes).`);
    if (rss !== null && peerRss !== null) {
      const growth = rss / peerRss;
      console.log(`  beside \`next start\` of the same build after a warm-up and a MyScopes run: ${peerRss.toFixed(0)} MB; ours ÷ it = ${growth.toFixed(2)} (target ≤ ${RSS_TARGET})`);
      if (growth > RSS_TARGET) {
        console.log(`below target: resident memory ${growth.toFixed(2)}× that of next start > ${RSS_TARGET}`);
        process.exitCode = 1;
      }
    }
    if (POSTGRES_URL) {
      // Each route's median over its rounds.
      const medianOf = (route: Route) => {
        const runs = results.filter((_, index) => LOAD_PLAN[index]!.route === route);
        return {
          rate: median(runs.map((run) => run.requests.average)),
          cpu: runs.every((run) => run.cpu) ? median(runs.map((run) => run.cpu!.server)) : undefined,
          p99: median(runs.map((run) => run.latency.p99)),
        };
      };
      const anchored = medianOf(ANCHOR);
      const misses: string[] = [];
      console.log(`Anchor: GET / of a plain node:http server running MyScopes's own statement (same text, same parameters) through postgres.js, answering its rows as JSON.`);
      console.log(`Medians of ${ROUNDS} rounds, the methods and the anchor loaded in turns:`);
      for (const route of METHODS) {
        const { cpu, p99 } = medianOf(route);
        const target = CPU_TARGETS[route.name]!;
        console.log(`  ${route.name}: server CPU ${cpu === undefined ? "n/a" : `${cpu.toFixed(2)} ms`} per call (target ≤ ${target} ms); p99 ${p99} ms (target ≤ ${P99_TARGET_MS} ms)`);
        if (cpu !== undefined && cpu > target) misses.push(`${route.name} server CPU ${cpu.toFixed(2)} ms > ${target} ms`);
        if (p99 > P99_TARGET_MS) misses.push(`${route.name} p99 ${p99} ms > ${P99_TARGET_MS} ms`);
      }
      const myScopes = medianOf(METHODS[0]!);
      const anchorRatio = myScopes.rate / anchored.rate;
      console.log(`  MyScopes ÷ anchor: ${anchorRatio.toFixed(2)} of its req/s (target ≥ ${ANCHOR_RATIO_TARGET}); anchor server CPU ${anchored.cpu === undefined ? "n/a" : anchored.cpu.toFixed(3)} ms per call`);
      if (anchorRatio < ANCHOR_RATIO_TARGET) misses.push(`MyScopes answers ${anchorRatio.toFixed(2)} of the anchor's req/s < ${ANCHOR_RATIO_TARGET}`);
      if (counts.get("MyScopes")!.statements !== 1) misses.push(`MyScopes runs ${counts.get("MyScopes")!.statements} statements, not one`);
      if (misses.length > 0) {
        console.log(`below target: ${misses.join("; ")}`);
        process.exitCode = 1;
      }
    }
    for (const route of METHODS) {
      const example = counts.get(route.name)!.example;
      console.log(`\nStatements of one ${route.name} request:`);
      example.forEach(({ text, trips }, index) => console.log(`  ${String(index + 1).padStart(2)}. ${summarize(text)}${trips === 1 ? "" : `  (${trips} round trips)`}`));
    }
  } finally {
    await stopServer(server);
    await stopServer(anchor);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
