// Runs once when a server instance starts: apply migrations, create demo data on an empty
// database, and start the outbox timer. Not during `next build`.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
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
  if (demoDataEnabled() && (await seedDemoData(handle.db))) console.info(demoBanner(appUrl()));
  startOutboxTimer();
}
