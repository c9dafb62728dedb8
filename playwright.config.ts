import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { NO_SMTP_SERVER_LOG, NO_SMTP_SERVER_PORT } from "./e2e/support/no-smtp-server";

// Debian's Chromium (browsers cannot be downloaded here). The console runs from the production
// build against a fresh embedded database, and — when E2E_DATABASE_URL is set by `npm test` —
// a second instance against PostgreSQL. Mail goes to a real local SMTP server — except on a third
// instance (E2E_NO_SMTP_DATABASE_URL, PostgreSQL too) that has none and prints mail to its log.

// E2E_PORT_OFFSET moves every port (and the PGlite folder) so two suites can run side by side.
const portOffset = Number(process.env.E2E_PORT_OFFSET ?? 0);
const SMTP_PORT = 2526 + portOffset;
const SMTP_HTTP_PORT = 2527 + portOffset;
const PGLITE_PORT = 3100 + portOffset;
const POSTGRES_PORT = 3101 + portOffset;
// Specs read the mail sink's port from here.
process.env.SMTP_SINK_HTTP_PORT = String(SMTP_HTTP_PORT);
const postgresUrl = process.env.E2E_DATABASE_URL;
const noSmtpPostgresUrl = process.env.E2E_NO_SMTP_DATABASE_URL;
const noSmtpSpecs = /\.no-smtp\.spec\.ts$/;
const dataDir = path.join(os.tmpdir(), `console-e2e-pglite${portOffset ? `-${portOffset}` : ""}`);

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
  },
};

function consoleServer(port: number, env: Record<string, string>) {
  return {
    command: `node lib/server/start.mjs -p ${port}`,
    url: `http://localhost:${port}/sign-in`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe" as const,
    env: {
      AUTH_SECRET: "e2e-secret-not-for-production-0123456789",
      APP_URL: `http://localhost:${port}`,
      SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      DEMO_DATA: "on",
      ...env,
    },
  };
}

export default defineConfig({
  testDir: "./e2e",
  // e2e/faults/*.fault.test.ts are vitest's (the `faults` project), not browser specs.
  testMatch: /\.spec\.ts$/,
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: { trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    // *.pg.spec.ts reach into PostgreSQL directly, so they run against that server only.
    { name: "pglite", testIgnore: [/\.pg\.spec\.ts$/, noSmtpSpecs], use: { ...chromium, baseURL: `http://localhost:${PGLITE_PORT}` } },
    ...(postgresUrl ? [{ name: "postgres", testIgnore: [noSmtpSpecs, /ui-quality\.spec\.ts$/], use: { ...chromium, baseURL: `http://localhost:${POSTGRES_PORT}` } }] : []),
    // *.no-smtp.spec.ts read mail from that server's log, so they run against it only.
    ...(noSmtpPostgresUrl ? [{ name: "no-smtp", testMatch: noSmtpSpecs, use: { ...chromium, baseURL: `http://localhost:${NO_SMTP_SERVER_PORT}` } }] : []),
  ],
  webServer: [
    {
      command: "npx tsx e2e/support/smtp-sink.ts",
      url: `http://127.0.0.1:${SMTP_HTTP_PORT}/health`,
      reuseExistingServer: false,
      env: { SMTP_SINK_PORT: String(SMTP_PORT), SMTP_SINK_HTTP_PORT: String(SMTP_HTTP_PORT) },
    },
    {
      ...consoleServer(PGLITE_PORT, { PGLITE_DATA_DIR: dataDir }),
      command: `rm -rf ${dataDir} && ${consoleServer(PGLITE_PORT, {}).command}`,
    },
    ...(postgresUrl ? [consoleServer(POSTGRES_PORT, { DATABASE_URL: postgresUrl })] : []),
    ...(noSmtpPostgresUrl
      ? [
          {
            ...consoleServer(NO_SMTP_SERVER_PORT, { DATABASE_URL: noSmtpPostgresUrl, SMTP_URL: "" }),
            command: `${consoleServer(NO_SMTP_SERVER_PORT, {}).command} > ${NO_SMTP_SERVER_LOG} 2>&1`,
          },
        ]
      : []),
  ],
});
