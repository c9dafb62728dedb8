// What the benchmarks against the production build share: a free port, the production server on a throwaway
// database (a PGlite folder, or PostgreSQL when a URL is given), waiting for it, and stopping it.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** Exits with a hint when there is no production build to start. */
export function requireProductionBuild(): void {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID")) || !existsSync(path.join(process.cwd(), ".next", "console-server.cjs"))) {
    console.error("No production build found. Build first:  NEXT_TELEMETRY_DISABLED=1 npm run build");
    process.exit(1);
  }
}

export async function freePort(): Promise<number> {
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

export type BenchServer = { baseUrl: string; process: ChildProcess };

/**
 * Starts the production server on a free port against the PGlite folder `dataDir`, or against PostgreSQL
 * when `postgresUrl` is set, and waits until it answers. `env` adds to (or overrides) its environment.
 */
export async function startServer(
  database: { dataDir: string | null; postgresUrl: string | undefined },
  env: Record<string, string> = {},
  /** "next": the framework's own `next start` of the same build, as the console was served before its own server. */
  kind: "console" | "next" = "console",
): Promise<BenchServer> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const entry = kind === "console" ? [path.join(process.cwd(), "lib", "server", "start.mjs")] : [path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next"), "start"];
  const server = spawn(process.execPath, [...entry, "-p", String(port)], {
    env: {
      ...process.env,
      PGLITE_DATA_DIR: database.dataDir ?? "",
      AUTH_SECRET: "bench-secret-not-for-production-0123456789",
      APP_URL: baseUrl,
      DEMO_DATA: "off",
      DATABASE_URL: database.postgresUrl ?? "",
      SMTP_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const started = { baseUrl, process: server };
  try {
    await waitForServer(baseUrl, server);
  } catch (error) {
    await stopServer(started);
    throw error;
  }
  return started;
}

async function waitForServer(baseUrl: string, server: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
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

export async function stopServer(server: BenchServer | undefined): Promise<void> {
  const child = server?.process;
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM"); // the whole group: npx and the next server it started
  } catch {
    // already gone
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
