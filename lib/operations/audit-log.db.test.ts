import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, auditEvents, memberships, users } from "@/db/schema";
import { insertCluster } from "@/db/queries/compute";
import { openTestDatabase } from "@/db/testing";
import type { OrgRole } from "@/lib/authz";
import { newId } from "@/lib/ids";
import type { Result } from "@/lib/result";
import { parseCsv, readChunks } from "@/lib/csv/testing";
import { AUDIT_CSV_COLUMNS, encodeAuditCursor, openAuditCsvExport, type AuditExportReader } from "@/lib/services/audit-log";
import { signUpVerified } from "@/lib/services/test-accounts";
import { createOrgApp, createPersonalApp } from "./apps";
import { auditExportReader, exportAppAuditLog, exportAuditLog, readAppAuditEvent, readAppAuditLog, readAuditEvent, readAuditLog, type AuditExportOperation, type AuditLogView } from "./audit-log";
import { changeMemberRole, removeMember } from "./members";
import { createOrganization } from "./my-account";
import type { Operation } from "./operation";
import { createTeam } from "./teams";
import { runAs } from "./testing";

// The audit log as each role reads it: who opens it, which events each sees, every filter, keyset
// pages across events of one same instant, bad input answered with a message, and the CSV export
// streamed in batches, each decided again: as slow as its reader, and stopped when access ends.

let handle: DatabaseHandle;
const people: Record<string, string> = {};
let orgId = "";
let otherOrgId = "";
const appRefs: Record<string, string> = {};

async function must<T>(result: Promise<Result<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`${settled.code}: ${settled.message} ${JSON.stringify(settled.fieldErrors ?? {})}`);
  return settled.data;
}

function asOrg<Input, Output>(person: string, operation: Operation<Input, Output>, input: Record<string, unknown> = {}, org = "acme") {
  return runAs(handle.db, operation, people[person]!, { org, ...input });
}

function asApp<Input, Output>(person: string, operation: Operation<Input, Output>, input: Record<string, unknown> = {}, app = "vision") {
  return runAs(handle.db, operation, people[person]!, { owner: "acme", app, ...input });
}

const actions = (view: AuditLogView) => view.events.map((event) => event.action);

type Seeded = { action: string; at: string; actor?: string; app?: string; target?: string; before?: unknown; after?: unknown; org?: string | null };

/** Inserts an event as the runner would have written it, at an exact instant (text, microseconds). */
async function seedEvent(event: Seeded): Promise<string> {
  const id = newId("aud");
  await handle.db.insert(auditEvents).values({
    id,
    actorUserId: event.actor ? people[event.actor]! : null,
    orgId: event.org === undefined ? orgId : event.org,
    appId: event.app ? appRefs[event.app]! : null,
    action: event.action,
    targetType: event.target ? "user" : "organization",
    targetId: event.target ? people[event.target]! : orgId,
    before: event.before ?? null,
    after: event.after ?? null,
    ip: "203.0.113.7",
    createdAt: sql`${event.at}::timestamptz` as unknown as Date,
  });
  return id;
}

const SAME_INSTANT = "2025-06-01T12:00:00.000000Z";
let sameInstantIds: string[] = [];

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["ada", "fay", "oc", "ou", "tc", "im", "out", "bea"]) people[name] = await signUpVerified(handle.db, `al-${name}`);
  orgId = (await must(runAs(handle.db, createOrganization, people.ada!, { handle: "acme", name: "Acme" }))).id;
  const roles: Array<[string, OrgRole]> = [
    ["fay", "Financial Manager"],
    ["oc", "Organization Contributor"],
    ["ou", "Organization User"],
    ["tc", "Team Contributor"],
    ["im", "Infrastructure Manager"],
  ];
  for (const [person, role] of roles) await handle.db.insert(memberships).values({ orgId, userId: people[person]!, role });
  // Events of real changes, written by the runner.
  for (const appId of ["vision", "ledger"]) await must(asOrg("ada", createOrgApp, { appId, name: appId }));
  await must(asOrg("oc", createTeam, { teamId: "ml", name: "ML", permissionGroupId: "grp_full_access" }));
  for (const row of await handle.db.select({ id: apps.id, appId: apps.appId }).from(apps)) appRefs[row.appId] = row.id;
  // Another organization with an app of the same name and events of its own.
  otherOrgId = (await must(runAs(handle.db, createOrganization, people.out!, { handle: "globex", name: "Globex" }))).id;
  await must(runAs(handle.db, createOrgApp, people.out!, { org: "globex", appId: "secret", name: "Secret" }));
  for (const row of await handle.db.select({ id: apps.id, appId: apps.appId }).from(apps)) appRefs[row.appId] ??= row.id;

  // Finance events and older history, at known instants.
  await seedEvent({ action: "plan.updated", at: "2025-03-10T09:00:00.000000Z", actor: "ada", before: { credit: 100 }, after: { credit: 250 } });
  await seedEvent({ action: "budget.created", at: "2025-03-11T09:00:00.000000Z", actor: "ada", app: "vision", after: { amount: "50.00" } });
  await seedEvent({ action: "statement.closed", at: "2025-04-01T00:00:00.000000Z", after: { month: "2025-03" } });
  await seedEvent({ action: "member.role_changed", at: "2025-03-12T10:00:00.000000Z", actor: "ada", target: "ou", before: { role: "Organization Contributor" }, after: { role: "Organization User" } });
  await seedEvent({ action: "member.added", at: "2025-03-31T23:59:59.999999Z", actor: "ada", target: "bea" });
  await seedEvent({ action: "member.added", at: "2025-04-01T00:00:00.000001Z", actor: "ada", target: "tc" });
  await seedEvent({ action: "collaborator.added", at: "2025-03-15T08:00:00.000000Z", actor: "oc", app: "vision", after: { email: "=HYPERLINK(\"evil\")", note: 'says "hi", then\nleaves' } });
  await seedEvent({ action: "member.removed", at: "2025-03-16T08:00:00.000000Z", actor: "bea", target: "bea", org: otherOrgId });
  // 120 events of one same instant, then one a microsecond later: pages must neither skip nor repeat.
  sameInstantIds = [];
  for (let i = 0; i < 120; i++) sameInstantIds.push(await seedEvent({ action: "input.created", at: SAME_INSTANT, actor: "oc", app: "vision" }));
  await seedEvent({ action: "input.deleted", at: "2025-06-01T12:00:00.000001Z", actor: "oc", app: "vision" });
});

afterAll(async () => {
  await handle.close();
});

describe("who opens the organization's audit log", () => {
  it("shows Admins every event, newest first, with actor, target, app and IP", async () => {
    const view = await must(asOrg("ada", readAuditLog));
    expect(view.reach).toBe("all");
    expect(view.events).toHaveLength(50);
    // The runner's own events come first (they happened now), then the seeded history.
    expect(actions(view).slice(0, 4)).toEqual(["team.created", "app.created", "app.created", "organization.created"]);
    expect(view.events[0]!.actorEmail).toBe("al-oc@example.test");
    const times = view.events.map((event) => event.at);
    expect([...times].sort().reverse()).toEqual(times);
    const seeded = view.events.find((event) => event.action === "input.deleted")!;
    expect(seeded).toMatchObject({ ip: "203.0.113.7", appId: "vision", actorHandle: "al-oc" });
    expect(view.older).not.toBeNull();
    expect(view.newer).toBeNull();
  });

  it("shows Financial Managers only the plan, budget and statement events", async () => {
    const view = await must(asOrg("fay", readAuditLog));
    expect(view.reach).toBe("finance");
    expect(actions(view)).toEqual(["statement.closed", "budget.created", "plan.updated"]);
    expect(view.events[2]!.changes).toEqual([{ key: "credit", before: "100", after: "250" }]);
    expect(view.older).toBeNull();
  });

  it.each(["oc", "ou", "tc", "im"])("refuses %s with an explanation", async (person) => {
    const refused = await asOrg(person, readAuditLog);
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    if (!refused.ok) expect(refused.message).toMatch(/may not read the audit log/);
    for (const operation of [exportAuditLog, readAuditEvent] as Operation<unknown, unknown>[]) {
      expect(await asOrg(person, operation, { eventId: sameInstantIds[0] })).toMatchObject({ ok: false, code: "forbidden" });
    }
  });

  it("answers outsiders that the organization does not exist for them", async () => {
    expect(await asOrg("out", readAuditLog)).toMatchObject({ ok: false, code: "not_found" });
    expect(await asOrg("ada", readAuditLog, {}, "globex")).toMatchObject({ ok: false, code: "not_found" });
  });

  it("never shows another organization's events", async () => {
    const view = await must(asOrg("ada", readAuditLog, { action: "member.removed" }));
    expect(view.events).toEqual([]);
  });
});

describe("one event's details", () => {
  it("gives the whole before and after to whoever may read the event", async () => {
    const [planEvent] = (await must(asOrg("fay", readAuditLog, { action: "plan" }))).events;
    const event = await must(asOrg("fay", readAuditEvent, { eventId: planEvent!.id }));
    expect(event).toMatchObject({ action: "plan.updated", before: { credit: 100 }, after: { credit: 250 } });
  });

  it("hides from a Financial Manager the events that are not finance events, and other organizations' events", async () => {
    expect(await asOrg("fay", readAuditEvent, { eventId: sameInstantIds[0] })).toMatchObject({ ok: false, code: "not_found" });
    const [foreign] = await handle.db.select({ id: auditEvents.id }).from(auditEvents).where(sql`${auditEvents.orgId} = ${otherOrgId}`).limit(1);
    expect(await asOrg("ada", readAuditEvent, { eventId: foreign!.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await asOrg("ada", readAuditEvent, { eventId: "not-an-event" })).toMatchObject({ ok: false, code: "invalid_input" });
  });
});

describe("filters", () => {
  it("by actor: email, user ID or a member's full name", async () => {
    for (const actor of ["al-ada@example.test", "AL-ADA@example.test", "al-ada", "al-ada "]) {
      const view = await must(asOrg("ada", readAuditLog, { actor }));
      expect(new Set(view.events.map((event) => event.actorUserId))).toEqual(new Set([people.ada]));
    }
    await handle.db.update(users).set({ name: "Olive Ulm" }).where(eq(users.id, people.ou!));
    const byName = await must(asOrg("ada", readAuditLog, { target: people.ou }));
    expect(byName.events).toHaveLength(1);
    const olive = await must(asOrg("ada", readAuditLog, { actor: " olive ULM" }));
    expect(olive.events).toEqual([]); // a member who never acted
    await handle.db.update(users).set({ name: "Olive Ulm" }).where(eq(users.id, people.im!));
    const ambiguous = await asOrg("ada", readAuditLog, { actor: "Olive Ulm" });
    expect(ambiguous).toMatchObject({ ok: false, fieldErrors: { actor: ["2 members are named “Olive Ulm”: enter the email of the one you mean."] } });
    await handle.db.update(users).set({ name: "al-im" }).where(eq(users.id, people.im!));
    // Bea acted only in Globex: her name finds no member of Acme.
    expect(await asOrg("ada", readAuditLog, { actor: "al-bea" })).toMatchObject({ ok: false, code: "invalid_input" });
  });

  it("refuses an unknown actor and one who is neither a member nor acted here", async () => {
    for (const actor of ["nobody@example.test", "al-bea@example.test", "al-out"]) {
      const refused = await asOrg("ada", readAuditLog, { actor });
      expect(refused).toMatchObject({ ok: false, code: "invalid_input" });
      if (!refused.ok) expect(refused.fieldErrors?.actor?.[0]).toMatch(/No one of this organization matches/);
    }
  });

  it("by action, or by every action of a resource", async () => {
    const exact = await must(asOrg("ada", readAuditLog, { action: "member.added" }));
    expect(actions(exact)).toEqual(["member.added", "member.added"]);
    const resource = await must(asOrg("ada", readAuditLog, { action: "member" }));
    expect(actions(resource)).toEqual(["member.added", "member.added", "member.role_changed"]);
    const financeReader = await must(asOrg("fay", readAuditLog, { action: "member" }));
    expect(financeReader.events).toEqual([]);
    const refused = await asOrg("ada", readAuditLog, { action: "DROP TABLE" });
    expect(refused).toMatchObject({ ok: false, fieldErrors: { action: [expect.stringMatching(/member\.role_changed/)] } });
  });

  it("by target", async () => {
    const view = await must(asOrg("ada", readAuditLog, { target: people.ou }));
    expect(view.events).toHaveLength(1);
    expect(view.events[0]).toMatchObject({ action: "member.role_changed", targetLabel: "al-ou@example.test" });
    expect(view.events[0]!.changes).toEqual([{ key: "role", before: "Organization Contributor", after: "Organization User" }]);
  });

  it("by app, among the organization's apps only", async () => {
    const view = await must(asOrg("ada", readAuditLog, { appId: "vision", action: "collaborator" }));
    expect(actions(view)).toEqual(["collaborator.added"]);
    const finance = await must(asOrg("fay", readAuditLog, { appId: "vision" }));
    expect(actions(finance)).toEqual(["budget.created"]);
    for (const appId of ["secret", "no-such-app"]) {
      const refused = await asOrg("ada", readAuditLog, { appId });
      expect(refused).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { appId: [`There is no app “${appId}” in this organization.`] } });
    }
  });

  it("by date range, both ends inclusive (UTC days)", async () => {
    const march = await must(asOrg("ada", readAuditLog, { from: "2025-03-01", to: "2025-03-31" }));
    expect(actions(march)).toEqual(["member.added", "collaborator.added", "member.role_changed", "budget.created", "plan.updated"]);
    const april1 = await must(asOrg("ada", readAuditLog, { from: "2025-04-01", to: "2025-04-01" }));
    expect(actions(april1)).toEqual(["member.added", "statement.closed"]);
    const since = await must(asOrg("fay", readAuditLog, { from: "2025-03-11" }));
    expect(actions(since)).toEqual(["statement.closed", "budget.created"]);
  });

  it("refuses reversed ranges and dates that are not dates, saying which", async () => {
    const reversed = await asOrg("ada", readAuditLog, { from: "2025-04-02", to: "2025-04-01" });
    expect(reversed).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { to: [expect.stringMatching(/end date \(2025-04-01\) is before the start date \(2025-04-02\)/)] } });
    for (const [field, value] of [
      ["from", "2025-02-30"],
      ["to", "yesterday"],
      ["from", "2025-13-01"],
      ["to", "2025-4-1"],
    ]) {
      const refused = await asOrg("ada", readAuditLog, { [field!]: value });
      expect(refused).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { [field!]: [expect.stringMatching(/as YYYY-MM-DD/)] } });
    }
  });

  it("treats empty fields as no filter", async () => {
    const view = await must(asOrg("fay", readAuditLog, { actor: "", action: " ", target: "", appId: "", from: "", to: "", cursor: "" }));
    expect(view.events).toHaveLength(3);
  });
});

describe("pages", () => {
  it("walks every event of one instant once, older and back newer", async () => {
    const first = await must(asOrg("ada", readAuditLog, { action: "input" }));
    expect(first.events[0]!.action).toBe("input.deleted");
    const seen = first.events.slice(1).map((event) => event.id);
    const pages = [first];
    let cursor = first.older;
    while (cursor) {
      const page = await must(asOrg("ada", readAuditLog, { action: "input", cursor }));
      pages.push(page);
      seen.push(...page.events.map((event) => event.id));
      cursor = page.older;
    }
    expect(pages.map((page) => page.events.length)).toEqual([50, 50, 21]);
    expect(seen).toHaveLength(120);
    expect(new Set(seen)).toEqual(new Set(sameInstantIds));
    expect(pages[2]!.older).toBeNull();
    // Back: the newer page of the last page is the middle page, and the newer page of that is the first.
    const back = await must(asOrg("ada", readAuditLog, { action: "input", cursor: pages[2]!.newer }));
    expect(back.events.map((event) => event.id)).toEqual(pages[1]!.events.map((event) => event.id));
    const front = await must(asOrg("ada", readAuditLog, { action: "input", cursor: back.newer }));
    expect(front.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
    expect(front.newer).toBeNull();
  });

  it("leads back from an empty page past the oldest event", async () => {
    const past = encodeAuditCursor({ direction: "older", at: "2000-01-01T00:00:00.000000Z", id: "aud_x" });
    const empty = await must(asOrg("fay", readAuditLog, { cursor: past }));
    expect(empty.events).toEqual([]);
    expect(empty.older).toBeNull();
    const back = await must(asOrg("fay", readAuditLog, { cursor: empty.newer }));
    expect(actions(back)).toEqual(["statement.closed", "budget.created", "plan.updated"]);
    expect(back.newer).toBeNull();
  });

  it("refuses a malformed cursor with a message and shows nothing", async () => {
    const forged = encodeAuditCursor({ direction: "older", at: SAME_INSTANT, id: "aud_x" }).slice(0, -3);
    for (const cursor of ["not a cursor", "eyJ4IjoxfQ", forged, "x".repeat(500), Buffer.from('{"d":"o","t":"2025-13-45T99:00:00.000000Z","i":"aud_x"}').toString("base64url")]) {
      const refused = await asOrg("ada", readAuditLog, { cursor });
      expect(refused).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { cursor: [expect.stringMatching(/page link is not valid/)] } });
    }
  });
});

describe("an app's own log", () => {
  it("shows the app's administrators its events; finance events only to those who view the org's finances", async () => {
    const admin = await must(asApp("ada", readAppAuditLog, { action: "budget" }));
    expect(actions(admin)).toEqual(["budget.created"]);
    const contributor = await must(asApp("oc", readAppAuditLog, { from: "2025-01-01", to: "2025-05-31" }));
    expect(actions(contributor)).toEqual(["collaborator.added"]);
    const everything = await must(asApp("oc", readAppAuditLog));
    expect(new Set(everything.events.map((event) => event.appRef))).toEqual(new Set([appRefs.vision]));
    expect(actions(everything)).toContain("app.created");
    expect(await asApp("oc", readAppAuditLog, { action: "app" }, "ledger")).toMatchObject({ ok: true, data: { events: [expect.objectContaining({ action: "app.created", appId: "ledger" })] } });
  });

  it("refuses those who use the app without administering it, and those it does not reach", async () => {
    const refused = await asApp("ou", readAppAuditLog);
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    if (!refused.ok) expect(refused.message).toMatch(/administer this app/);
    expect(await asApp("ou", exportAppAuditLog)).toMatchObject({ ok: false, code: "forbidden" });
    for (const person of ["fay", "tc", "im", "out"]) expect(await asApp(person, readAppAuditLog)).toMatchObject({ ok: false, code: "not_found" });
  });

  it("shows a personal app's owner its events, and nobody else", async () => {
    await must(runAs(handle.db, createPersonalApp, people.bea!, { appId: "diary", name: "Diary" }));
    const own = await must(runAs(handle.db, readAppAuditLog, people.bea!, { owner: "al-bea", app: "diary", actor: "al-bea@example.test" }));
    expect(actions(own)).toEqual(["app.created"]);
    expect(own.reach).toBe("all");
    expect(await runAs(handle.db, readAppAuditLog, people.ada!, { owner: "al-bea", app: "diary" })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("has no app filter and reads one event of its own only", async () => {
    expect(await asApp("ada", readAppAuditLog, { appId: "ledger" })).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { appId: [expect.stringMatching(/about one app already/)] } });
    const [planEvent] = (await must(asOrg("ada", readAuditLog, { action: "plan" }))).events;
    expect(await asApp("ada", readAppAuditEvent, { eventId: planEvent!.id })).toMatchObject({ ok: false, code: "not_found" });
    const [budget] = (await must(asApp("ada", readAppAuditLog, { action: "budget" }))).events;
    expect(await asApp("oc", readAppAuditEvent, { eventId: budget!.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await asApp("ada", readAppAuditEvent, { eventId: budget!.id })).toMatchObject({ ok: true, data: { action: "budget.created" } });
  });
});

/** Opens an export for `person` the way its route does: every batch read through the descriptor. */
function openExport(person: string, filters: Record<string, unknown> = {}, batchSize?: number, operation: AuditExportOperation = exportAuditLog as AuditExportOperation, tenant: Record<string, string> = { org: "acme" }) {
  return openAuditCsvExport(auditExportReader(operation, { userId: people[person]! }, { ...tenant, ...filters }, handle.db), batchSize);
}

async function exportText(person: string, filters: Record<string, unknown> = {}, batchSize?: number) {
  const chunks = await readChunks(await must(openExport(person, filters, batchSize)));
  return { text: chunks.join(""), chunks };
}

/** A new member of Acme with this role. */
async function newMember(name: string, role: OrgRole): Promise<string> {
  people[name] = await signUpVerified(handle.db, `al-${name}`);
  await handle.db.insert(memberships).values({ orgId, userId: people[name]!, role });
  return people[name]!;
}

/**
 * Reads an export as a slow reader does: a chunk, then a pause in which a producer that did not
 * wait to be asked would read on. Counts the events read from the database against those the
 * reader has taken; `midway` runs once the reader has taken `midwayAfter` batches and no read is
 * under way, so every read after it sees what it changed.
 */
async function slowlyRead(open: (reader: AuditExportReader) => Promise<Result<ReadableStream<Uint8Array>>>, reader: AuditExportReader, midwayAfter = Infinity, midway?: () => Promise<void>) {
  let read = 0;
  let reading: Promise<unknown> = Promise.resolve();
  const counting: AuditExportReader = (after, limit) => {
    const batch = reader(after, limit).then((result) => {
      if (result.ok) read += result.data.events.length;
      return result;
    });
    reading = batch;
    return batch;
  };
  const stream = (await must(open(counting))).getReader();
  const decoder = new TextDecoder();
  let text = "";
  let batchesTaken = -1; // the header comes first
  let mostAhead = 0;
  let atMidway = { read: 0, taken: 0 };
  for (;;) {
    const { done, value } = await stream.read();
    if (done) break;
    text += decoder.decode(value);
    batchesTaken++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await reading;
    const taken = parseCsv(text).length - 1;
    mostAhead = Math.max(mostAhead, read - taken);
    if (batchesTaken === midwayAfter && midway) {
      await midway();
      atMidway = { read, taken };
    }
  }
  return { records: parseCsv(text), read, mostAhead, atMidway };
}

const ACCESS_ENDED = "Export stopped: you no longer have access to this audit log. Events older than the row above were not exported.";

describe("CSV export", () => {
  it("streams every event the reader may read, in batches, newest first", async () => {
    const { text, chunks } = await exportText("ada", { action: "input" }, 7);
    const records = parseCsv(text);
    expect(records[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(records).toHaveLength(122);
    expect(records[1]![3]).toBe("input.deleted");
    expect(new Set(records.slice(2).map((record) => record[0]))).toEqual(new Set(["2025-06-01T12:00:00.000000Z"]));
    // The header, then 18 batches of 7 (121 events): never more than one batch per chunk.
    expect(chunks).toHaveLength(1 + Math.ceil(121 / 7));
    for (const chunk of chunks.slice(1)) expect(parseCsv(chunk).length).toBeLessThanOrEqual(7);
    const all = await exportText("ada", { action: "input" }, 1000);
    expect(all.text).toBe(text);
  });

  it("escapes quotes, commas and line breaks, and defuses formulas", async () => {
    const { text } = await exportText("ada", { action: "collaborator" });
    const [, record] = parseCsv(text);
    expect(record).toHaveLength(AUDIT_CSV_COLUMNS.length);
    const after = JSON.parse(record![AUDIT_CSV_COLUMNS.indexOf("after")]!) as Record<string, string>;
    expect(after).toEqual({ email: '=HYPERLINK("evil")', note: 'says "hi", then\nleaves' });
    expect(record![AUDIT_CSV_COLUMNS.indexOf("actor_email")]).toBe("al-oc@example.test");
    expect(record![AUDIT_CSV_COLUMNS.indexOf("app_id")]).toBe("vision");
  });

  it("holds only finance events for a Financial Manager, with the same filters", async () => {
    const records = parseCsv((await exportText("fay", { to: "2025-03-31" })).text);
    expect(records.slice(1).map((record) => record[3])).toEqual(["budget.created", "plan.updated"]);
    expect(await openExport("fay", { from: "2025-05-01", to: "2025-04-01" })).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await openExport("ou")).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("reads a batch only when a slow reader has taken the one before: never more than one batch ahead", async () => {
    const reader = auditExportReader(exportAuditLog as AuditExportOperation, { userId: people.ada! }, { org: "acme", action: "input" }, handle.db);
    const { records, read, mostAhead } = await slowlyRead((counting) => openAuditCsvExport(counting, 7), reader);
    expect(records).toHaveLength(122);
    expect(read).toBe(121);
    expect(mostAhead).toBeLessThanOrEqual(7);
  });

  it("reads nothing more once the reader is removed from the organization, and ends with a line saying so", async () => {
    const eve = await newMember("eve", "Admin");
    const reader = auditExportReader(exportAuditLog as AuditExportOperation, { userId: eve }, { org: "acme", action: "input" }, handle.db);
    const { records, read, atMidway } = await slowlyRead((counting) => openAuditCsvExport(counting, 7), reader, 3, async () => {
      await must(asOrg("ada", removeMember, { userId: eve }));
    });
    // Nothing was read after the removal; what had been read before (one batch beyond what the reader had) still arrives.
    expect(read).toBe(atMidway.read);
    expect(atMidway.read - atMidway.taken).toBeLessThanOrEqual(7);
    expect(records.at(-1)).toEqual([ACCESS_ENDED]);
    expect(records.slice(1, -1)).toHaveLength(atMidway.read);
    expect(records.length - 2).toBeLessThan(121);
  });

  it("stops an app's export once the reader no longer administers the app", async () => {
    const cole = await newMember("cole", "Organization Contributor");
    const reader = auditExportReader(exportAppAuditLog as AuditExportOperation, { userId: cole }, { owner: "acme", app: "vision", action: "input" }, handle.db);
    const { records, read, atMidway } = await slowlyRead((counting) => openAuditCsvExport(counting, 7), reader, 2, async () => {
      await must(asOrg("ada", changeMemberRole, { userId: cole, role: "Organization User" }));
    });
    expect(read).toBe(atMidway.read);
    expect(records.at(-1)).toEqual([ACCESS_ENDED]);
    expect(records.slice(1, -1)).toHaveLength(atMidway.read);
  });

  it("stops, rather than silently narrowing, when the reader's reach changes", async () => {
    const finn = await newMember("finn", "Admin");
    const reader = auditExportReader(exportAuditLog as AuditExportOperation, { userId: finn }, { org: "acme" }, handle.db);
    const { records, atMidway } = await slowlyRead((counting) => openAuditCsvExport(counting, 7), reader, 1, async () => {
      await must(asOrg("ada", changeMemberRole, { userId: finn, role: "Financial Manager" }));
    });
    // The batch read for a Financial Manager is not written: the file ends where the Admin's reach did.
    expect(records.slice(1, -1)).toHaveLength(atMidway.read);
    expect(records.at(-1)![0]).toMatch(/^Export stopped: your access to this audit log changed during the export\./);
  });
});

describe("targets by name", () => {
  /** An event about a target of `type`, as the runner would write it, in the 2024 part of the log. */
  async function targetEvent(action: string, type: string, targetId: string, at: string, { org = orgId, before = null as unknown, after = null as unknown } = {}) {
    await handle.db.insert(auditEvents).values({ id: newId("aud"), actorUserId: people.ada!, orgId: org, action, targetType: type, targetId, before, after, createdAt: sql`${at}::timestamptz` as unknown as Date });
  }

  it("names a target as it is called now where the event happened, else as the event recorded it, never from another tenant", async () => {
    const ours = await insertCluster(handle.db, { orgId, clusterId: "main-cluster", name: "Main", cloudProvider: "aws", region: "us-east-1", createdBy: people.ada! });
    const theirs = await insertCluster(handle.db, { orgId: otherOrgId, clusterId: "their-secret-cluster", name: "Secret", cloudProvider: "aws", region: "us-east-1", createdBy: people.out! });
    await targetEvent("cluster.updated", "cluster", ours.id, "2024-01-01T00:00:01.000000Z", { before: { name: "Old" }, after: { name: "Main" } });
    // An event of this organization naming another organization's cluster (it cannot, but if it did): not named from there.
    await targetEvent("cluster.updated", "cluster", theirs.id, "2024-01-01T00:00:02.000000Z");
    await targetEvent("team.deleted", "team", "tm_long_gone", "2024-01-01T00:00:03.000000Z", { before: { teamId: "old-team", name: "Old team" } });
    await targetEvent("model.deleted", "model", "general-image", "2024-01-01T00:00:04.000000Z");
    await targetEvent("budget.deleted", "budget", "bud_without_name", "2024-01-01T00:00:05.000000Z", { before: { amountMinor: 100 } });
    const view = await must(asOrg("ada", readAuditLog, { from: "2024-01-01", to: "2024-01-01" }));
    expect(view.events.map((event) => [event.action, event.targetLabel])).toEqual([
      ["budget.deleted", null],
      ["model.deleted", "general-image"],
      ["team.deleted", "old-team"],
      ["cluster.updated", null],
      ["cluster.updated", "main-cluster"],
    ]);
    expect(JSON.stringify(view)).not.toContain("their-secret-cluster");

    // The export names them the same way, with the action's readable name.
    const records = parseCsv((await exportText("ada", { from: "2024-01-01", to: "2024-01-01" })).text);
    const column = (name: (typeof AUDIT_CSV_COLUMNS)[number]) => records.slice(1).map((record) => record[AUDIT_CSV_COLUMNS.indexOf(name)]);
    expect(column("target")).toEqual(["", "general-image", "old-team", "", "main-cluster"]);
    expect(column("action_name")).toEqual(["Budget removed", "Model deleted", "Team deleted", "Cluster edited", "Cluster edited"]);
  });
});
