import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { signInOverHttp, signUpOverHttp } from "./support/http";
import { uniqueSuffix } from "./support/session";

// Runs only against the PostgreSQL server (see playwright.config.ts): it reads the audit log and
// the throttling counters that requests with forged client addresses leave behind. The server
// trusts no proxy (TRUSTED_PROXIES unset), so the address must be the socket's, a loopback one.

const LOOPBACK = /^(127\.0\.0\.1|::1)$/;

test("forged X-Forwarded-For chooses neither the audit log's address nor the throttling bucket", async ({ request, baseURL }) => {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  expect(databaseUrl, "E2E_DATABASE_URL is set by npm test").toBeTruthy();
  const id = uniqueSuffix();
  const person = { handle: `forger-${id}`, name: `Forger ${id.slice(-4)}`, email: `forger-${id}@example.test`, password: "correct-horse-42" };
  const forged = { "X-Forwarded-For": "203.0.113.77", "X-Real-IP": "203.0.113.78" };

  await signUpOverHttp(request, baseURL!, person, forged);
  expect(await signInOverHttp(request, person.email, "not-the-password-1", { "X-Forwarded-For": "203.0.113.79, 198.51.100.80" })).toEqual({ signedIn: false, code: "credentials" });

  const sql = postgres(databaseUrl!, { max: 1 });
  try {
    const [user] = await sql<{ id: string }[]>`select id from users where email = ${person.email}`;
    const events = await sql<{ ip: string | null }[]>`select ip from audit_events where action = 'user.signed_up' and target_id = ${user!.id}`;
    expect(events).toHaveLength(1);
    expect(events[0]!.ip).toMatch(LOOPBACK);
    const buckets = await sql<{ bucket: string }[]>`select bucket from rate_limits where bucket like ${`%${person.email}%`}`;
    expect(buckets.map((row) => row.bucket)).toEqual([expect.stringMatching(new RegExp(`^sign-in:account-address:${person.email.replace(/[.]/g, "\\.")} (127\\.0\\.0\\.1|::1)$`))]);
    const forgedBuckets = await sql`select bucket from rate_limits where bucket like '%203.0.113.%' or bucket like '%198.51.100.%'`;
    expect(forgedBuckets).toHaveLength(0);
  } finally {
    await sql.end();
  }
});
