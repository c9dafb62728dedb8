// Runs once when a server instance starts: the start-up of lib/server/start-up.ts (migrations, demo
// data on an empty database, the outbox timer). Not during `next build`. A start that fails ends the
// process with a non-zero status: Next.js would otherwise keep serving, answering every request
// with an error, where a supervisor or orchestrator can only restart a process that has exited.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    const { startUpOnce } = await import("./lib/server/start-up");
    await startUpOnce();
  } catch (error) {
    const { describeErrorSafely } = await import("./db/errors");
    console.error(`[start] the server could not start and exits: ${describeErrorSafely(error, { stack: true })}`);
    process.exit(1);
  }
}
