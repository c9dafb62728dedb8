// `npm run bench:pages`: server response times of console pages that grow with the organization,
// each next to its twin in a small organization, measured against the production build
// (`npm run build` first) on a throwaway database: embedded PGlite, or PostgreSQL when
// BENCH_DATABASE_URL is set (e2e/bench/pages.sh runs both).
//
// 1. Seeds the database in this process (migrate, two Admins — one of the large organizations, one
//    of the small twins — and each case's setup), then closes it (PGlite: one process per folder).
// 2. Starts the production server on a free port on that database and signs both Admins in over HTTP.
// 3. GETs every page and its twin alternately (so drift hits both alike), WARMUP + RUNS times, and
//    prints medians, p95 and the ratio page ÷ twin (the target is at most 1.3).
// 4. Stops the server and deletes what it created.
//
// To add pages, export more PageBenchCase entries and list them in CASES below.
import { sql } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { JOB_TIMEOUTS, openPglite, openPostgres, type Database, type DatabaseHandle } from "@/db/client";
import { handles, users } from "@/db/schema";
import { newId } from "@/lib/ids";
import { hashPassword } from "@/lib/services/accounts";
import { auditLogBenchCases } from "./audit-log-pages";
import { costsBenchCases } from "./costs-pages";
import { membersPageCases } from "./members-pages";
import { requireProductionBuild, startServer, stopServer, type BenchServer } from "./support";
import { teamsAppsBenchCases } from "./teams-apps-pages";

export type PageBenchContext = { db: Database; adminUserId: string; smallAdminUserId: string };
export type PageBenchCase = {
  name: string;
  /** Path requested as the Admin of the large organizations. */
  path: string;
  /** The same page in a small organization, requested as the small organizations' Admin. */
  twin: string;
  /** Seeds what the page needs, before the server starts. */
  setup?: (context: PageBenchContext) => Promise<void>;
  /** The ratio page ÷ twin not to exceed (default 1.3). */
  target?: number;
  /** Runs on the running server before the page is measured (e.g. a first visit timed on its own). */
  before?: (run: PageBenchRun) => Promise<void>;
  /** Runs once the page is measured, on the running server (e.g. a download while memory is sampled). */
  after?: (run: PageBenchRun) => Promise<void>;
};
export type PageBenchRun = {
  /** The server's process group (the server it spawned and every process of it). */
  serverGroupId: number;
  /** GETs a path as the Admin of the large organizations (the response is not read). */
  getAsAdmin: (path: string) => Promise<Response>;
  /** GETs a path as the small organizations' Admin (the response is not read). */
  getAsSmallAdmin: (path: string) => Promise<Response>;
};

// BENCH_CASES=audit runs only the cases whose name contains "audit" (and seeds only theirs).
const CASES: PageBenchCase[] = [...membersPageCases, ...teamsAppsBenchCases, ...auditLogBenchCases, ...costsBenchCases].filter((benchCase) =>
  (process.env.BENCH_CASES ?? "").split(",").some((part) => benchCase.name.includes(part.trim())),
);

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const ADMIN = { handle: "bench-admin", email: "bench-admin@bench.example", password: "bench-password-1", name: "Bench Admin" };
const SMALL_ADMIN = { handle: "bench-small-admin", email: "bench-small-admin@bench.example", password: "bench-password-1", name: "Small Admin" };
const POSTGRES_URL = process.env.BENCH_DATABASE_URL;

async function createAdmin(db: Database, admin: typeof ADMIN): Promise<string> {
  const id = newId("usr");
  await db.insert(handles).values({ key: admin.handle, kind: "user" });
  await db.insert(users).values({ id, handle: admin.handle, handleKey: admin.handle, name: admin.name, email: admin.email, emailVerifiedAt: new Date(), passwordHash: await hashPassword(admin.password) });
  return id;
}

async function seed(handle: DatabaseHandle): Promise<void> {
  try {
    await handle.migrate();
    const context: PageBenchContext = { db: handle.db, adminUserId: await createAdmin(handle.db, ADMIN), smallAdminUserId: await createAdmin(handle.db, SMALL_ADMIN) };
    for (const benchCase of CASES) {
      if (!benchCase.setup) continue;
      const started = performance.now();
      await benchCase.setup(context);
      console.log(`  seeded ${benchCase.name} in ${Math.round(performance.now() - started)} ms`);
    }
    // A database in service has been vacuumed and analyzed since its rows arrived (autovacuum on
    // PostgreSQL, the server's own ANALYZE on PGlite); measuring right after a bulk load would
    // measure plans made without statistics instead.
    await handle.db.execute(sql`vacuum analyze`);
  } finally {
    await handle.close();
  }
}

/** A tiny cookie jar: name → value, from Set-Cookie headers. */
class Cookies {
  private readonly values = new Map<string, string>();
  take(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const index = pair!.indexOf("=");
      this.values.set(pair!.slice(0, index).trim(), pair!.slice(index + 1).trim());
    }
  }
  header(): string {
    return [...this.values].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  has(name: string): boolean {
    return this.values.has(name);
  }
}

async function signIn(baseUrl: string, admin: typeof ADMIN): Promise<Cookies> {
  const cookies = new Cookies();
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  cookies.take(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.header() },
    body: new URLSearchParams({ csrfToken, email: admin.email, password: admin.password, callbackUrl: `${baseUrl}/` }),
  });
  cookies.take(response);
  if (!cookies.has("authjs.session-token")) throw new Error(`sign-in failed (HTTP ${response.status})`);
  return cookies;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function get(baseUrl: string, cookies: Cookies, pagePath: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${pagePath}`, { headers: { cookie: cookies.header() }, redirect: "manual" });
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`${pagePath} answered HTTP ${response.status}`);
  return elapsed;
}

/** The page and its twin, requested alternately. */
async function measure(baseUrl: string, large: Cookies, small: Cookies, benchCase: PageBenchCase) {
  const page: number[] = [];
  const twin: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const first = await get(baseUrl, large, benchCase.path);
    const second = await get(baseUrl, small, benchCase.twin);
    if (i >= WARMUP) {
      page.push(first);
      twin.push(second);
    }
  }
  page.sort((a, b) => a - b);
  twin.sort((a, b) => a - b);
  return { median: percentile(page, 50), p95: percentile(page, 95), twin: percentile(twin, 50) };
}

async function main(): Promise<void> {
  requireProductionBuild();
  const dataDir = POSTGRES_URL ? null : mkdtempSync(path.join(os.tmpdir(), "console-bench-"));
  let server: BenchServer | undefined;
  try {
    console.log(`Seeding ${POSTGRES_URL ? "PostgreSQL" : dataDir} …`);
    await seed(POSTGRES_URL ? await openPostgres(POSTGRES_URL, { timeouts: JOB_TIMEOUTS }) : await openPglite(dataDir!));
    server = await startServer({ dataDir, postgresUrl: POSTGRES_URL });
    const { baseUrl } = server;
    const large = await signIn(baseUrl, ADMIN);
    const small = await signIn(baseUrl, SMALL_ADMIN);
    console.log(`\n${POSTGRES_URL ? "PostgreSQL" : "PGlite"}: server response time, ${RUNS} GETs of each page alternating with its small-org twin, after ${WARMUP} warm-up (ms):\n`);
    console.log(`${"page".padEnd(32)} ${"median".padStart(8)} ${"p95".padStart(8)} ${"twin".padStart(8)} ${"ratio".padStart(6)}  path`);
    const run = (serverGroupId: number): PageBenchRun => ({
      serverGroupId,
      getAsAdmin: (pagePath) => fetch(`${baseUrl}${pagePath}`, { headers: { cookie: large.header() }, redirect: "manual" }),
      getAsSmallAdmin: (pagePath) => fetch(`${baseUrl}${pagePath}`, { headers: { cookie: small.header() }, redirect: "manual" }),
    });
    for (const benchCase of CASES) {
      await benchCase.before?.(run(server.process.pid!));
      const { median, p95, twin } = await measure(baseUrl, large, small, benchCase);
      const ratio = median / twin;
      const target = benchCase.target ?? 1.3;
      console.log(`${benchCase.name.padEnd(32)} ${median.toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${twin.toFixed(1).padStart(8)} ${ratio.toFixed(2).padStart(6)}${ratio > target ? "!" : " "} ${benchCase.path}${target === 1.3 ? "" : `  (target ${target})`}`);
      await benchCase.after?.(run(server.process.pid!));
    }
  } finally {
    await stopServer(server);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
