import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Three projects: `unit` is pure code; `db` runs services and queries against a real database —
// PGlite by default, PostgreSQL when TEST_DATABASE_URL is set (.ci/test.sh runs it both ways);
// `faults` runs built servers through database restarts, concurrent starts and dying senders.
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "db/**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["**/*.db.test.ts"],
          exclude: ["node_modules/**"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One process runs every file in turn and keeps one PGlite instance, reset per file:
          // starting PGlite costs more than most files' tests (db/testing.ts, db/test-setup.ts).
          fileParallelism: false,
          isolate: false,
          setupFiles: ["./db/test-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          // Faults of a deployment (issue #32): servers of the production build (`next build` first)
          // on PostgreSQL clusters the tests start, stop and restart themselves. One file at a time:
          // each runs several servers, and their bounds are about faults, not a crowded machine.
          name: "faults",
          include: ["e2e/faults/**/*.fault.test.ts"],
          environment: "node",
          testTimeout: 240_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
