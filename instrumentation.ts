// Runs once when a server instance starts: apply migrations, create demo data on an empty
// database, and start the outbox timer. Not during `next build`. A start that fails ends the
// process with a non-zero status: Next.js would otherwise keep serving, answering every request
// with an error, where a supervisor or orchestrator can only restart a process that has exited.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    await start();
  } catch (error) {
    const { describeErrorSafely } = await import("./db/errors");
    console.error(`[start] the server could not start and exits: ${describeErrorSafely(error, { stack: true })}`);
    process.exit(1);
  }
}

async function start(): Promise<void> {
  // First: no request is served before this returns, and each must know its socket address and,
  // on /v2, the limit of its body.
  const { recordClientAddresses } = await import("./lib/auth/client-ip");
  recordClientAddresses();
  const { limitApiRequestBodies } = await import("./lib/api/body-limit");
  limitApiRequestBodies();
  const { databaseHandle } = await import("./db/client");
  const { seedDemoData, demoBanner } = await import("./db/seed-demo");
  const { appUrl, demoDataEnabled } = await import("./lib/config");
  const { startOutboxTimer } = await import("./lib/mail/dispatcher");
  const handle = await databaseHandle();
  console.info(`[db] ${handle.kind === "pglite" ? "embedded PGlite" : "PostgreSQL"} ready, migrations applied.`);
  // Under the start-up lock, like the migrations: of instances starting together on an empty
  // database, the first creates the demo data and the others find it there.
  if (demoDataEnabled() && (await handle.exclusively(seedDemoData))) console.info(demoBanner(appUrl()));
  startOutboxTimer();
}
