// `npm run serve`: starts the production server built by `npm run build`. Options as `next start`
// takes them: -p/--port (or PORT, default 3000) and -H/--hostname (default: every address).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const bundle = path.join(process.cwd(), ".next", "console-server.cjs");
if (!existsSync(bundle)) {
  console.error("No production build found. Build first: npm run build");
  process.exit(1);
}

function option(short, long) {
  const args = process.argv.slice(2);
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === short || arg === long) return args[index + 1];
    if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
  }
  return undefined;
}

const rawPort = option("-p", "--port") ?? process.env.PORT ?? "3000";
const port = Number(rawPort);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`The port must be a whole number from 0 to 65535, got "${rawPort}".`);
  process.exit(1);
}
const hostname = option("-H", "--hostname");

process.env.NODE_ENV ??= "production";
const { startConsoleServer } = createRequire(import.meta.url)(bundle);
let started;
// Stopped by a supervisor (or Ctrl-C): write what metering still holds, then exit (within 5 s in
// any case); what a request had not committed is rolled back by the database.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    setTimeout(() => process.exit(0), 5_000).unref();
    Promise.resolve(started?.then((server) => server.stop()))
      .catch((error) => console.error(`[server] stopping: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => process.exit(0));
  });
}
started = startConsoleServer({ port, hostname });
started.catch((error) => {
  console.error(`[server] could not start: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
