import { afterAll, afterEach, vi } from "vitest";
import { flushAllMetering } from "@/lib/services/metering";
import { endTestFile } from "./testing";

// The db project runs its files one after another in one process (`isolate: false`) so that they
// share one PGlite instance (see ./testing). The rest starts over for each file as it did with a
// process per file: modules are evaluated afresh, environment variables are put back, and fake
// timers or stubbed globals do not outlive the file.
// Hooks of setup files run after the test file's own `afterAll`, when the file is done.

const environment = { ...process.env };

// API calls are metered in memory and written a second later; written here, after each test,
// the counts reach a database that is still open.
afterEach(flushAllMetering);

afterAll(async () => {
  await endTestFile();
  for (const key of Object.keys(process.env)) {
    if (!(key in environment)) delete process.env[key];
  }
  Object.assign(process.env, environment);
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.resetModules();
});
