import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Two projects: `unit` is pure code; `db` runs services and queries against a real database —
// PGlite by default, PostgreSQL when TEST_DATABASE_URL is set (scripts/test.sh runs it both ways).
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
    ],
  },
});
