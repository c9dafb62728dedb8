import { getDb } from "@/db/client";
import { describeErrorSafely } from "@/db/errors";
import { BATCH_SIZE, clearFinishedBodies, deliverDueEmails } from "./outbox";

// Delivery runs after commit, in the background of the request that queued the mail, and on a
// timer that retries failures, takes over claims whose sender died, and picks up mail queued by
// other instances.

const state = ((globalThis as { __consoleMailDispatcher?: { running: boolean; again: boolean; timer?: NodeJS.Timeout } }).__consoleMailDispatcher ??= {
  running: false,
  again: false,
});

async function drain(): Promise<void> {
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = true;
  try {
    const db = await getDb();
    let more: boolean;
    do {
      state.again = false;
      const counts = await deliverDueEmails(db);
      // A full batch means more mail may be due right now.
      more = counts.sent + counts.failed + counts.logged >= BATCH_SIZE;
    } while (state.again || more);
  } catch (error) {
    console.error(`[mail] outbox delivery failed: ${describeErrorSafely(error)}`);
  } finally {
    state.running = false;
  }
}

/** Call after a transaction that queued mail has committed. */
export function dispatchOutbox(): void {
  setImmediate(() => void drain());
}

export function startOutboxTimer(intervalMs = 15_000): void {
  if (state.timer) return;
  state.timer = setInterval(() => void drain(), intervalMs);
  state.timer.unref();
  void getDb()
    .then(clearFinishedBodies)
    .catch((error: unknown) => console.error(`[mail] clearing the bodies of finished mail failed: ${describeErrorSafely(error)}`))
    .finally(dispatchOutbox);
}
