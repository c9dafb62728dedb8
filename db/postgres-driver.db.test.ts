import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { onPostgres } from "@/db/testing";

// The driver after a connection is terminated under a running query, as PostgreSQL does to every
// session when it shuts down (57P01). postgres.js 3.4.9 kept that error and failed the first query
// of the connection's next socket with it (porsager/postgres#1193); db/postgres-driver-fix.mjs
// carries the fix until a release does. PostgreSQL only: PGlite has no sessions to terminate.

const clients: postgres.Sql[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.end({ timeout: 1 })));
});

describe.runIf(onPostgres)("postgres.js after a terminated session", () => {
  it("answers the next query on a fresh socket instead of the stale shutdown error", async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const client = postgres(url, { max: 1, backoff: () => 0, onnotice: () => {} });
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    clients.push(client, admin);
    for (let round = 0; round < 3; round++) {
      const [{ pid }] = (await client`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
      const running = client`select pg_sleep(30)`.then(
        () => null,
        (error: { code?: string }) => error,
      );
      // Terminate only once the query is running on the server.
      for (let wait = 0; wait < 100; wait++) {
        const [state] = (await admin`select state from pg_stat_activity where pid = ${pid}`) as unknown as [{ state: string } | undefined];
        if (state?.state === "active") break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await admin`select pg_terminate_backend(${pid})`;
      const failure = await running;
      expect(failure?.code).toMatch(/^(57P01|CONNECTION_CLOSED)$/);
      const [{ one }] = (await client`select 1 as one`) as unknown as [{ one: number }];
      expect(one).toBe(1);
    }
  });
});
