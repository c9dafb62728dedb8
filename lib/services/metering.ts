// Metering of allowed API calls for the costs page. A call is counted in memory per (app,
// credential, endpoint, hour) and the counts reach PostgreSQL in one upsert at most a second
// later, so serving a call adds no statement however many calls come. What a process had counted
// and not yet written is lost only if it dies within that second; a write that fails is retried
// with the next ones, and given up (said in the log) after the third failure.

import { isProcessDatabase, type DbOrTx } from "@/db/client";
import { describeErrorSafely } from "@/db/errors";
import { dispatchOutbox } from "@/lib/mail/dispatcher";
import { addCalls, type CountedCalls } from "@/db/queries/api-usage";
import { monthOf } from "@/lib/finance/money";
import { checkBudgetAlerts } from "./costs";

const FLUSH_AFTER_MS = 1_000;
const ATTEMPTS = 3;
const HOUR_MS = 3_600_000;

/** An allowed call: on an app, or (appRef null) on the credential's own account. */
export type MeteredCall = { appRef: string | null; credentialId: string; endpoint: string };

type Pending = CountedCalls & { failures: number };

class Meter {
  private pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly db: DbOrTx) {}

  count(call: MeteredCall, atMs: number, calls = 1, failures = 0): void {
    const hourMs = Math.floor(atMs / HOUR_MS) * HOUR_MS;
    const key = `${call.appRef}\u0000${call.credentialId}\u0000${call.endpoint}\u0000${hourMs}`;
    const counted = this.pending.get(key);
    if (counted) {
      counted.calls += calls;
      counted.failures = Math.max(counted.failures, failures);
    } else this.pending.set(key, { ...call, hour: new Date(hourMs), calls, failures });
    unwritten.add(this);
    // Unreferenced: a pending write never keeps a finished process (a test run, a script) alive.
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS).unref();
  }

  /** Writes what is counted; resolves when everything counted before the call is in the database. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    unwritten.delete(this);
    // One write at a time, in order, so two batches never race on the same rows.
    this.writing = this.writing.then(async () => {
      let orgIds: string[];
      try {
        ({ orgIds } = await addCalls(this.db, batch));
      } catch (error) {
        const retried = batch.filter((counted) => counted.failures + 1 < ATTEMPTS);
        console.error(`[metering] could not write the counts of ${batch.length} endpoint-hours (${describeErrorSafely(error)}); ${retried.length} will be tried again, ${batch.length - retried.length} are given up.`);
        for (const counted of retried) this.count(counted, counted.hour.getTime(), counted.calls, counted.failures + 1);
        return;
      }
      // The spend just changed: alert on budget thresholds it reached. Apart from the write above, so
      // a failure here never counts the calls twice. The alert mail waits in the outbox; the serving
      // process sends it now (other databases — tests, scripts — deliver their own).
      try {
        const alerts = await checkBudgetAlerts(this.db, { orgIds, months: [...new Set(batch.map((counted) => monthOf(counted.hour)))] });
        if (alerts > 0 && (await isProcessDatabase(this.db))) dispatchOutbox();
      } catch (error) {
        console.error(`[metering] checking budget alerts failed; the next write checks again: ${describeErrorSafely(error)}`);
      }
    });
    return this.writing;
  }
}

// One buffer per database for the whole process: the pages' bundle and the API's data plane
// (lib/server) each load this module, and both count into the meters kept on globalThis.
type Meters = { byDatabase: WeakMap<DbOrTx, Meter>; unwritten: Set<Meter> };
const shared = ((globalThis as { __consoleMeters?: Meters }).__consoleMeters ??= { byDatabase: new WeakMap(), unwritten: new Set() });
const meters = shared.byDatabase;
/** The meters holding counts not yet written. */
const unwritten = shared.unwritten;

function meterOf(db: DbOrTx): Meter {
  let meter = meters.get(db);
  if (!meter) meters.set(db, (meter = new Meter(db)));
  return meter;
}

/** Counts an allowed call in its hour. */
export function meterCall(db: DbOrTx, call: MeteredCall, at?: Date): void {
  meterOf(db).count(call, at === undefined ? Date.now() : at.getTime());
}

/** Writes every count not yet written to this database (tests read usage after it). */
export function flushMetering(db: DbOrTx): Promise<void> {
  return meterOf(db).flush();
}

/** Writes every count not yet written, to every database (the test setup runs it after each test, while its database is open). */
export async function flushAllMetering(): Promise<void> {
  await Promise.all([...unwritten].map((meter) => meter.flush()));
}
