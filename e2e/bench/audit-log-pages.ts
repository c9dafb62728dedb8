// Audit-log cases for `npm run bench:pages`: an organization with 1,000,000 audit events (20
// members acting on 20 apps over about a year) and its twin with 5,000 (enough that each filter
// fills a page there too, so both sides render the same page); the audit log's first page, each
// filter, and a page half a million events deep, against a target of 1.5× the twin.
// Then a full CSV export of the large log while the server's resident memory is sampled: the
// export streams in batches, so the peak during it stays near the peak before it.
import { eq, sql } from "drizzle-orm";
import { readFileSync, readdirSync } from "node:fs";
import { apps, handles, memberships, organizations } from "@/db/schema";
import { seedMembers } from "@/db/seeds/members";
import { newId } from "@/lib/ids";
import { encodeAuditCursor } from "@/lib/services/audit-log";
import type { PageBenchCase, PageBenchContext, PageBenchRun } from "./pages";

const LARGE = "bench-audit";
const SMALL = "bench-audit-small";
export const BENCH_AUDIT_EVENTS = 1_000_000;
const SMALL_EVENTS = 5_000;
const MEMBERS = 20;
const APPS = 20;
const TARGET = 1.5;

// One action in fifty is a finance event; the others are the console's everyday changes.
const ACTIONS = [
  ...["member.role_changed", "member.added", "member.removed", "invitation.created", "invitation.rescinded", "team.created", "team.member_added", "team.app_added"],
  ...["collaborator.added", "collaborator.scopes_changed", "credential.created", "credential.revoked", "app.details_updated", "input.created", "input.deleted"],
  ...["concept.created", "annotation.created", "model.created", "workflow.updated", "nodepool.updated", "deployment.scaled", "cluster.updated", "environment.renamed"],
  ...["input.updated", "annotation.updated", "concept.renamed", "model.updated", "app.renamed", "team.renamed", "credential.renamed", "member.role_changed", "team.member_removed"],
  ...["input.created", "input.created", "input.created", "annotation.created", "annotation.created", "input.deleted", "collaborator.added", "model.updated", "team.app_removed"],
  ...["invitation.resent", "app.visibility_changed", "deployment.created", "nodepool.created", "workflow.created", "budget.updated"],
];

/** Newest event first: event n happened n × 30 s before this instant (n = 1 … count). */
const NEWEST = Date.UTC(2026, 0, 1);
const SPACING_MS = 30_000;
const eventTime = (n: number) => new Date(NEWEST - n * SPACING_MS).toISOString().replace("Z", "000Z");
const eventId = (prefix: string, n: number) => `aud_${prefix}${String(n).padStart(8, "0")}`;
/** The cursor of the page starting after event n (the page a reader reaches after n events). */
const after = (prefix: string, n: number) => encodeAuditCursor({ direction: "older", at: eventTime(n), id: eventId(prefix, n) });

const literalArray = (values: string[]) => sql.raw(`array[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(",")}]::text[]`);

async function organization(context: PageBenchContext, handle: string, adminUserId: string, events: number, idPrefix: string): Promise<void> {
  const { db } = context;
  const orgId = newId("org");
  await db.insert(handles).values({ key: handle, kind: "org" });
  await db.insert(organizations).values({ id: orgId, handle, handleKey: handle, name: `Bench ${handle}`, createdBy: adminUserId });
  await db.insert(memberships).values({ orgId, userId: adminUserId, role: "Admin" });
  await seedMembers(db, { orgId, count: MEMBERS - 1, prefix: handle, role: "Organization Contributor" });
  const actorIds = (await db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.orgId, orgId))).map((row) => row.userId).sort();
  const appRefs = Array.from({ length: APPS }, () => newId("app"));
  await db.insert(apps).values(appRefs.map((id, i) => ({ id, ownerOrgId: orgId, appId: `app-${String(i + 1).padStart(2, "0")}`, name: `App ${i + 1}` })));
  // Generated in the database, a million rows in one statement per 100,000.
  for (let start = 1; start <= events; start += 100_000) {
    const end = Math.min(events, start + 99_999);
    await db.execute(sql`
      insert into audit_events (id, actor_user_id, org_id, app_id, action, target_type, target_id, before, after, ip, created_at)
      select ${`aud_${idPrefix}`} || lpad(n::text, 8, '0'),
             (${literalArray(actorIds)})[1 + n % ${actorIds.length}],
             ${orgId},
             case when n % 2 = 0 then (${literalArray(appRefs)})[1 + (n / 2) % ${appRefs.length}] end,
             (${literalArray(ACTIONS)})[1 + (n * 7) % ${ACTIONS.length}],
             'input',
             'inp_' || (n % ${events / 50}),
             jsonb_build_object('role', 'Organization User', 'note', 'before ' || n),
             jsonb_build_object('role', 'Organization Contributor', 'note', 'after ' || n),
             '203.0.113.' || (n % 250),
             ${new Date(NEWEST).toISOString()}::timestamptz - n * interval '30 seconds'
      from generate_series(${start}::int, ${end}::int) as n`);
  }
}

async function setup(context: PageBenchContext): Promise<void> {
  await organization(context, SMALL, context.smallAdminUserId, SMALL_EVENTS, "s");
  await organization(context, LARGE, context.adminUserId, BENCH_AUDIT_EVENTS, "l");
}

const page = (org: string, query = "") => `/${org}/settings/audit-log${query}`;
const actor = (org: string) => `?actor=${org}-7%40members.example`;

// ─── The export, with the server's memory sampled ─────────────────────────────────────────────

/** Resident memory of every process of the server's process group (npx, next and its workers), in KiB. */
function groupRssKib(groupId: number): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command's closing parenthesis: state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== groupId) continue;
      const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"));
      total += rss ? Number(rss[1]) : 0;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

function sampler(groupId: number, everyMs: number) {
  let peak = 0;
  const sample = () => (peak = Math.max(peak, groupRssKib(groupId)));
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop(): number {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

async function exportWhileSampling(run: PageBenchRun): Promise<void> {
  // Before: the peak over the page measurements just made, then a few seconds at rest.
  const before = sampler(run.serverGroupId, 100);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const peakBefore = before.stop();
  const during = sampler(run.serverGroupId, 100);
  const started = performance.now();
  const response = await run.getAsAdmin(`${page(LARGE)}/export`);
  if (response.status !== 200 || !response.body) throw new Error(`the export answered HTTP ${response.status}`);
  let bytes = 0;
  let lines = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const byte of value) if (byte === 10) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  const peakDuring = during.stop();
  const events = lines - 1; // the header
  console.log(`\nCSV export of ${LARGE}: ${events.toLocaleString("en-US")} events, ${(bytes / 1024 / 1024).toFixed(0)} MiB in ${seconds.toFixed(1)} s`);
  console.log(`  server peak RSS before the export: ${mib(peakBefore)}; during it: ${mib(peakDuring)} (${peakDuring > peakBefore ? "+" : ""}${mib(peakDuring - peakBefore)}, the export itself is ${(bytes / 1024 / 1024).toFixed(0)} MiB)`);
  if (events !== BENCH_AUDIT_EVENTS) throw new Error(`the export held ${events} events, not ${BENCH_AUDIT_EVENTS}`);
}

/** Each page of the large organization's log and its twin in the small one (seen by its Admin). */
export const auditLogBenchCases: PageBenchCase[] = [
  { name: "audit log", path: page(LARGE), twin: page(SMALL), target: TARGET, setup },
  { name: "audit log, by actor", path: page(LARGE, actor(LARGE)), twin: page(SMALL, actor(SMALL)), target: TARGET },
  { name: "audit log, by resource", path: page(LARGE, "?action=member"), twin: page(SMALL, "?action=member"), target: TARGET },
  { name: "audit log, by action", path: page(LARGE, "?action=credential.revoked"), twin: page(SMALL, "?action=credential.revoked"), target: TARGET },
  { name: "audit log, by app", path: page(LARGE, "?app=app-07"), twin: page(SMALL, "?app=app-07"), target: TARGET },
  // Each input is the target of 50 events, in either organization.
  { name: "audit log, by target", path: page(LARGE, "?target=inp_1234"), twin: page(SMALL, "?target=inp_12"), target: TARGET },
  { name: "audit log, date range", path: page(LARGE, "?action=member&from=2025-06-01&to=2025-06-30"), twin: page(SMALL, "?action=member&from=2025-12-31&to=2025-12-31"), target: TARGET },
  { name: "audit log, deep page", path: page(LARGE, `?cursor=${after("l", 500_000)}`), twin: page(SMALL, `?cursor=${after("s", 2_500)}`), target: TARGET, after: exportWhileSampling },
];
