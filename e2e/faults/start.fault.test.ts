import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, demoAdminToken, freePort, sleep, startCluster, startServer, stopServers, type Cluster, type Server } from "./support";

// Instances that start at the same moment on an empty database (issue #32): every one comes up,
// the migrations and the demo data (DEMO_DATA at its default) exist once. And a start that fails
// ends the process with a non-zero status instead of serving errors. A server told to stop (SIGTERM)
// writes the API calls it counted and has not written yet before it exits.

let cluster: Cluster;
const servers: Server[] = [];

beforeAll(async () => {
  cluster = await startCluster();
});

afterAll(async () => {
  await stopServers(servers);
  await cluster?.remove();
});

const MIGRATIONS = (JSON.parse(readFileSync(path.join(process.cwd(), "db", "migrations", "meta", "_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;

async function countOnce(url: string): Promise<{ migrations: number; admins: number; orgs: number; seeded: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ migrations: number; admins: number; orgs: number; seeded: number }[]>`
      select (select count(*)::int from drizzle.__drizzle_migrations) as migrations,
             (select count(*)::int from users where handle = 'demo-admin') as admins,
             (select count(*)::int from organizations where handle = 'demo-org') as orgs,
             (select count(*)::int from audit_events where action = 'demo.seeded') as seeded`;
    return row!;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

describe.each([2, 3])("%i servers started together on an empty database", (count) => {
  it("all come up and answer the API; migrations and demo data exist once", async () => {
    const url = await cluster.createDatabase(`together_${count}`);
    const started = await Promise.all(Array.from({ length: count }, () => startServer({ DATABASE_URL: url, SMTP_URL: "" })));
    servers.push(...started);
    await Promise.all(started.map((server) => server.ready()));
    expect(await countOnce(url)).toEqual({ migrations: MIGRATIONS, admins: 1, orgs: 1, seeded: 1 });
    const { secret } = await demoAdminToken(url);
    for (const server of started) {
      const answer = await callApi(server, secret);
      expect(answer, server.log()).toMatchObject({ status: 200, code: 10000 });
      expect(server.log()).not.toMatch(/duplicate key|could not start/);
    }
    await stopServers(started);
  });
});

describe("a server whose start fails", () => {
  it("exits with a non-zero status", async () => {
    // Nothing listens on this port: the migrations cannot run.
    const closedPort = await freePort();
    const server = await startServer({ DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/console`, SMTP_URL: "" });
    servers.push(server);
    // It is asked for a page meanwhile, as a load balancer would (a start may wait for the first request).
    const exit = await Promise.race([
      server.exited,
      (async () => {
        for (let i = 0; i < 60; i++) {
          await fetch(`${server.base}/v2/myscopes`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
          await sleep(1_000);
        }
        return "still running after a minute";
      })(),
    ]);
    expect(exit, server.log()).toBe(1);
    expect(server.log()).toContain("[start] the server could not start and exits");
  });
});

describe("a server told to stop", () => {
  it("writes the calls it counted in its last second before it exits", async () => {
    const url = await cluster.createDatabase("stopping");
    const server = await startServer({ DATABASE_URL: url, SMTP_URL: "" });
    servers.push(server);
    await server.ready();
    const { secret, hash } = await demoAdminToken(url);
    for (let i = 0; i < 5; i++) expect(await callApi(server, secret)).toMatchObject({ status: 200, code: 10000 });
    // At once: the metering writes its counts a second after the first of them.
    server.kill("SIGTERM");
    expect(await Promise.race([server.exited, sleep(10_000).then(() => "still running")])).toBe(0);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ calls: number }[]>`select coalesce(sum(calls), 0)::int as calls from api_usage
        where credential_id = (select id from credentials where secret_hash = ${hash})`;
      expect(row!.calls, server.log()).toBe(5);
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});
