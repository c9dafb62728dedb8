// `npm run bench:pages`: server response times of console pages, measured against the production
// build (`npx next build` first) on a throwaway embedded database.
//
// 1. Seeds a temporary PGlite folder in this process (migrate, a signed-in Admin, each case's setup),
//    then closes it: PGlite allows one process per folder.
// 2. Starts `next start` on a free port with that folder, signs in over HTTP (next-auth credentials).
// 3. GETs every case's page WARMUP + RUNS times and prints the median and p95 per case.
// 4. Stops the server and deletes the folder.
//
// To add pages, export more PageBenchCase entries and list them in CASES below.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { openPglite, type Database } from "@/db/client";
import { handles, users } from "@/db/schema";
import { newId } from "@/lib/ids";
import { hashPassword } from "@/lib/services/accounts";
import { membersPageCases } from "./members-pages";
import { teamsAppsBenchCases } from "./teams-apps-pages";

export type PageBenchContext = { db: Database; adminUserId: string; adminEmail: string };
export type PageBenchCase = {
  name: string;
  /** Path requested as the signed-in bench Admin. */
  path: string;
  /** Seeds what the page needs, before the server starts. */
  setup?: (context: PageBenchContext) => Promise<void>;
};

const CASES: PageBenchCase[] = [...membersPageCases, ...teamsAppsBenchCases];

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const ADMIN = { handle: "bench-admin", email: "bench-admin@bench.example", password: "bench-password-1", name: "Bench Admin" };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function seed(dataDir: string): Promise<void> {
  const handle = await openPglite(dataDir);
  try {
    await handle.migrate();
    const adminUserId = newId("usr");
    await handle.db.insert(handles).values({ key: ADMIN.handle, kind: "user" });
    await handle.db.insert(users).values({
      id: adminUserId,
      handle: ADMIN.handle,
      handleKey: ADMIN.handle,
      name: ADMIN.name,
      email: ADMIN.email,
      emailVerifiedAt: new Date(),
      passwordHash: await hashPassword(ADMIN.password),
    });
    const context: PageBenchContext = { db: handle.db, adminUserId, adminEmail: ADMIN.email };
    for (const benchCase of CASES) {
      if (!benchCase.setup) continue;
      const started = performance.now();
      await benchCase.setup(context);
      console.log(`  seeded ${benchCase.name} in ${Math.round(performance.now() - started)} ms`);
    }
  } finally {
    await handle.close();
  }
}

async function waitForServer(baseUrl: string, server: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with code ${server.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/sign-in`, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server did not start in time");
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

async function signIn(baseUrl: string): Promise<Cookies> {
  const cookies = new Cookies();
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  cookies.take(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.header() },
    body: new URLSearchParams({ csrfToken, email: ADMIN.email, password: ADMIN.password, callbackUrl: `${baseUrl}/` }),
  });
  cookies.take(response);
  if (!cookies.has("authjs.session-token")) throw new Error(`sign-in failed (HTTP ${response.status})`);
  return cookies;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(baseUrl: string, cookies: Cookies, benchCase: PageBenchCase) {
  const timings: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${benchCase.path}`, { headers: { cookie: cookies.header() }, redirect: "manual" });
    await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`${benchCase.path} answered HTTP ${response.status}`);
    if (i >= WARMUP) timings.push(elapsed);
  }
  timings.sort((a, b) => a - b);
  return { median: percentile(timings, 50), p95: percentile(timings, 95) };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.error("No production build found. Build first:  NEXT_TELEMETRY_DISABLED=1 npx next build");
    process.exit(1);
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "console-bench-"));
  let server: ChildProcess | undefined;
  try {
    console.log(`Seeding ${dataDir} …`);
    await seed(dataDir);
    const port = await freePort();
    const baseUrl = `http://localhost:${port}`;
    server = spawn("npx", ["next", "start", "-p", String(port)], {
      env: {
        ...process.env,
        PGLITE_DATA_DIR: dataDir,
        AUTH_SECRET: "bench-secret-not-for-production-0123456789",
        APP_URL: baseUrl,
        DEMO_DATA: "off",
        DATABASE_URL: "",
        SMTP_URL: "",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    });
    await waitForServer(baseUrl, server);
    const cookies = await signIn(baseUrl);
    console.log(`\nServer response time, ${RUNS} sequential GETs per page after ${WARMUP} warm-up (ms):\n`);
    console.log(`${"page".padEnd(44)} ${"median".padStart(8)} ${"p95".padStart(8)}  path`);
    for (const benchCase of CASES) {
      const { median, p95 } = await measure(baseUrl, cookies, benchCase);
      console.log(`${benchCase.name.padEnd(44)} ${median.toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)}  ${benchCase.path}`);
    }
  } finally {
    if (server?.pid && server.exitCode === null) {
      try {
        process.kill(-server.pid, "SIGTERM"); // the whole group: npx and the next server it started
      } catch {
        // already gone
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
