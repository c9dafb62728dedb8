// The console's production server: one Node HTTP server on one port that answers /v2 from the API's
// data plane (api-handler.ts) and everything else through Next.js's request handler, in one process.
// Both sides reach the same database client and metering buffer, which live on globalThis (db/client.ts,
// lib/services/metering.ts): an embedded PGlite must never be opened twice on one folder.
import { createServer } from "node:http";
import next from "next";
import { describeErrorSafely } from "@/db/errors";
import { flushAllMetering } from "@/lib/services/metering";
import { handleApiRequest } from "./api-handler";
import { startUpOnce } from "./start-up";

export type ServerOptions = { port: number; hostname: string | undefined };

/** Starts Next.js and the instance (migrations, demo data), then listens; resolves to what stops it. */
export async function startConsoleServer({ port, hostname }: ServerOptions): Promise<{ stop(): Promise<void> }> {
  const app = next({ dev: false, dir: process.cwd(), port, ...(hostname ? { hostname } : {}) });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Before the first request, not on it: Next.js runs its instrumentation lazily. A start that
  // fails ends the process (see instrumentation.ts).
  try {
    await startUpOnce();
  } catch (error) {
    console.error(`[start] the server could not start and exits: ${describeErrorSafely(error, { stack: true })}`);
    process.exit(1);
  }
  const server = createServer((request, response) => {
    if (handleApiRequest(request, response)) return;
    handle(request, response).catch((error: unknown) => {
      console.error(`[server] ${request.method} ${request.url?.split("?")[0]} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  console.info(`[server] ready on http://${hostname ?? "localhost"}:${port}`);
  return {
    // No new connection is taken, and the calls counted in the last second are written before the
    // process ends (a kill leaves them uncounted, as the metering says).
    async stop() {
      server.close();
      server.closeIdleConnections();
      await flushAllMetering();
    },
  };
}
