// What a server instance does once before it serves: record socket addresses and limit /v2 bodies
// (every request must meet both), open and migrate the database, create the demo data on an empty
// one, and start the outbox timer. Next.js's instrumentation runs it, and so does the console's own
// server before it listens; the work is done once per process whichever comes first (the promise
// lives on globalThis, which both bundles share).

type StartUp = { done?: Promise<void> };
const state = ((globalThis as { __consoleStartUp?: StartUp }).__consoleStartUp ??= {});

export function startUpOnce(): Promise<void> {
  state.done ??= startUp();
  return state.done;
}

async function startUp(): Promise<void> {
  const { recordClientAddresses } = await import("@/lib/auth/client-ip");
  recordClientAddresses();
  const { limitApiRequestBodies } = await import("@/lib/api/body-limit");
  limitApiRequestBodies();
  const { databaseHandle } = await import("@/db/client");
  const { seedDemoData, demoBanner } = await import("@/db/seed-demo");
  const { appUrl, demoDataEnabled } = await import("@/lib/config");
  const { startOutboxTimer } = await import("@/lib/mail/dispatcher");
  const handle = await databaseHandle();
  console.info(`[db] ${handle.kind === "pglite" ? "embedded PGlite" : "PostgreSQL"} ready, migrations applied.`);
  // Under the start-up lock, like the migrations: of instances starting together on an empty
  // database, the first creates the demo data and the others find it there.
  if (demoDataEnabled() && (await handle.exclusively(seedDemoData))) console.info(demoBanner(appUrl()));
  startOutboxTimer();
}
