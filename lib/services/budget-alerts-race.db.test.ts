import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type Database, type DatabaseHandle } from "@/db/client";
import { budgetAlerts, memberships, notifications, outboxEmails } from "@/db/schema";
import { openTestDatabase, onPostgres } from "@/db/testing";
import { createOrgApp } from "@/lib/operations/apps";
import { createPersonalAccessToken } from "@/lib/operations/credentials";
import { setBudget } from "@/lib/operations/finance";
import { createOrganization } from "@/lib/operations/my-account";
import { runAs } from "@/lib/operations/testing";
import { flushMetering, meterCall } from "./metering";
import { signUpVerified } from "./test-accounts";

// Budget alerts when several instances write usage at once: each instance meters enough calls to
// cross the thresholds on its own, and all of them flush together, on connections of their own.
// Exactly one alert per threshold must come out — one notification and one mail per Admin and
// Financial Manager — because budget_alerts' unique constraint decides, not a check in memory.
// Races only mean something on PostgreSQL (PGlite is a single session); there the round is
// repeated 25 times. On PGlite the instances flush one after another, which checks the outcome.

const INSTANCES = 4;
const ROUNDS = onPostgres ? 25 : 2;
const PREDICT = "/clarifai.api.V2/PostModelOutputs";

let handle: DatabaseHandle;
const instances: DatabaseHandle[] = [];
const people: Record<string, string> = {};
let credentialId = "";

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["ada", "fay", "ou"]) people[name] = await signUpVerified(handle.db, name);
  const token = await runAs(handle.db, createPersonalAccessToken, people.ada!, { name: "load", scopes: ["Predict"] });
  if (!token.ok) throw new Error(token.message);
  credentialId = token.data.id;
  if (onPostgres) {
    // Other instances of the console: connections of their own to the same database.
    const result = await handle.db.execute(sql`select current_database() as name`);
    const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { name: string }[];
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${rows[0]!.name}`;
    for (let i = 0; i < INSTANCES; i++) instances.push(await openPostgres(url.toString(), { max: 2 }));
  }
});

afterAll(async () => {
  for (const instance of instances) await instance.close();
  await handle?.close();
});

async function orgWithBudget(round: number): Promise<{ orgId: string; appRef: string }> {
  const org = await runAs(handle.db, createOrganization, people.ada!, { handle: `race-${round}`, name: `Race ${round}` });
  if (!org.ok) throw new Error(org.message);
  await handle.db.insert(memberships).values([
    { orgId: org.data.id, userId: people.fay!, role: "Financial Manager" },
    { orgId: org.data.id, userId: people.ou!, role: "Organization User" },
  ]);
  const app = await runAs(handle.db, createOrgApp, people.ada!, { org: `race-${round}`, appId: "busy", name: "Busy" });
  if (!app.ok) throw new Error(app.message);
  const budget = await runAs(handle.db, setBudget, people.ada!, { org: `race-${round}`, app: "busy", amount: "1.00", thresholds: "50, 80" });
  if (!budget.ok) throw new Error(budget.message);
  const appRef = (await handle.db.query.apps.findFirst({ where: (apps, { eq }) => eq(apps.ownerOrgId, org.data.id) }))!.id;
  return { orgId: org.data.id, appRef };
}

describe("budget alerts with several instances metering at once", () => {
  it(`record each threshold once, with one notification and one mail per recipient (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { orgId, appRef } = await orgWithBudget(round);
      const databases: Database[] = onPostgres ? instances.map((instance) => instance.db) : [handle.db];
      // 700 predictions at 1.20 per 1,000: 84 cents, past 50 % and 80 % of 1.00 on each instance alone.
      for (const db of databases) for (let i = 0; i < 700; i++) meterCall(db, { appRef, credentialId, endpoint: PREDICT });
      await Promise.all(databases.map((db) => flushMetering(db)));

      const alerts = await handle.db.select().from(budgetAlerts).where(eq(budgetAlerts.orgId, orgId));
      expect(alerts.map((alert) => alert.percent).sort(), `round ${round}`).toEqual([50, 80]);
      const budgetIds = new Set(alerts.map((alert) => alert.budgetId));
      const received = (await handle.db.select().from(notifications).where(eq(notifications.kind, "budget_alert"))).filter((n) => budgetIds.has((n.data as { budgetId: string }).budgetId));
      const perRecipient = (userId: string) => received.filter((n) => n.userId === userId).map((n) => (n.data as { percent: number }).percent).sort();
      expect(perRecipient(people.ada!), `round ${round}`).toEqual([50, 80]);
      expect(perRecipient(people.fay!), `round ${round}`).toEqual([50, 80]);
      expect(perRecipient(people.ou!), `round ${round}`).toEqual([]);
      for (const to of ["ada@example.test", "fay@example.test"]) {
        for (const percent of [50, 80]) {
          const mails = await handle.db
            .select()
            .from(outboxEmails)
            .where(and(eq(outboxEmails.to, to), eq(outboxEmails.subject, `Budget alert: the app Busy reached ${percent} % of its ${new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date())} budget`)));
          // Mails of earlier rounds have the same subject: one more per round.
          expect(mails, `round ${round}, ${to}, ${percent} %`).toHaveLength(round + 1);
        }
      }
    }
  });
});
