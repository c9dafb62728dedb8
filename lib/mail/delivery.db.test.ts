import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SMTPServer } from "smtp-server";
import type { Database, DatabaseHandle } from "@/db/client";
import { outboxEmails } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { DELIVERED_BODY, LEASE_MS, LOGGED_BODY, MAX_ATTEMPTS, UNDELIVERED_BODY, claimDueEmails, clearFinishedBodies, deliverDueEmails, enqueueEmail } from "./outbox";

// Mail bodies hold one-time links: once a mail is sent, printed (no SMTP) or given up, no table
// may still hold its body. Sending happens outside any transaction, under a claim that no two
// senders share.

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});
afterEach(async () => {
  delete process.env.SMTP_URL;
  vi.restoreAllMocks();
  // Each test starts with an empty outbox, so earlier tests' mail is not claimed by later ones.
  await handle.db.delete(outboxEmails);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server: Server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

type Sink = { port: number; received: { to: string[]; body: string }[]; connected: Promise<void>; close(): Promise<void> };

/** A real SMTP server; with `greetingDelayMs` it accepts the connection but says nothing that long. */
async function startSmtpServer(options: { greetingDelayMs?: number } = {}): Promise<Sink> {
  const port = await freePort();
  const received: Sink["received"] = [];
  let onConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onConnect(_session, callback) {
      onConnected();
      if (options.greetingDelayMs) setTimeout(() => callback(), options.greetingDelayMs);
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), body: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { port, received, connected, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Every table of the public schema whose rows contain `needle` anywhere, as JSON text. */
async function tablesContaining(db: Database, needle: string): Promise<string[]> {
  const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
  const tables = rowsOf(await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`)).map((row) => String(row.table_name));
  expect(tables).toContain("outbox_emails");
  const found: string[] = [];
  for (const table of tables) {
    const [hit] = rowsOf(await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} t where strpos(row_to_json(t)::text, ${needle}) > 0`));
    if (Number(hit?.n) > 0) found.push(table);
  }
  return found;
}

/** A mail like the console's: its one-time link in the text and in the html. */
async function enqueueLinkMail(to: string): Promise<{ id: string; token: string }> {
  const token = randomBytes(32).toString("base64url");
  const link = `http://console.example.test/verify-email?token=${token}`;
  const id = await enqueueEmail(handle.db, { to, subject: "Verify your email address", text: `Open ${link}\n`, html: `<a href="${link}">Verify</a>` });
  return { id, token };
}

async function row(id: string) {
  const [found] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
  return found!;
}

describe("one-time links at rest", () => {
  it("keeps the link while the mail waits to be sent", async () => {
    const { token } = await enqueueLinkMail("waiting@example.test");
    expect(await tablesContaining(handle.db, token)).toEqual(["outbox_emails"]);
  });

  it("holds no link once the mail was delivered over SMTP", async () => {
    const sink = await startSmtpServer();
    process.env.SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
    try {
      const { id, token } = await enqueueLinkMail("delivered@example.test");
      expect(await deliverDueEmails(handle.db)).toMatchObject({ sent: 1 });
      expect(sink.received).toHaveLength(1);
      expect(sink.received[0]!.body).toContain(token);
      expect(await row(id)).toMatchObject({ status: "sent", text: DELIVERED_BODY, html: null });
      expect(await tablesContaining(handle.db, token)).toEqual([]);
    } finally {
      await sink.close();
    }
  });

  it("prints the mail and then holds no link when no SMTP server is configured", async () => {
    const printed: string[] = [];
    vi.spyOn(console, "info").mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(" ")));
    const { id, token } = await enqueueLinkMail("printed@example.test");
    expect(await deliverDueEmails(handle.db)).toMatchObject({ logged: 1 });
    expect(printed.join("\n")).toContain(`verify-email?token=${token}`);
    expect(await row(id)).toMatchObject({ status: "logged", text: LOGGED_BODY, html: null });
    expect(await tablesContaining(handle.db, token)).toEqual([]);
    // Printed once: a logged mail is finished, not due again.
    expect(await deliverDueEmails(handle.db, new Date(Date.now() + 2 * LEASE_MS))).toEqual({ sent: 0, failed: 0, logged: 0 });
  });

  it("keeps the link for a retry, and drops it when delivery is given up", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    process.env.SMTP_URL = `smtp://127.0.0.1:${await freePort()}`;
    const { id, token } = await enqueueLinkMail("unreachable@example.test");
    expect(await deliverDueEmails(handle.db)).toMatchObject({ failed: 1 });
    expect(await row(id)).toMatchObject({ status: "pending", attempts: 1 });
    expect(await tablesContaining(handle.db, token)).toEqual(["outbox_emails"]);

    await handle.db.update(outboxEmails).set({ attempts: MAX_ATTEMPTS - 1 }).where(eq(outboxEmails.id, id));
    expect(await deliverDueEmails(handle.db, new Date(Date.now() + 2 * 60 * 60_000))).toMatchObject({ failed: 1 });
    expect(await row(id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, text: UNDELIVERED_BODY, html: null });
    expect(await tablesContaining(handle.db, token)).toEqual([]);
  });

  it("clears the bodies that finished mail kept before", async () => {
    const { id: logged, token: loggedToken } = await enqueueLinkMail("old-logged@example.test");
    const { id: failed, token: failedToken } = await enqueueLinkMail("old-failed@example.test");
    const { token: pendingToken } = await enqueueLinkMail("old-pending@example.test");
    await handle.db.update(outboxEmails).set({ status: "logged" }).where(eq(outboxEmails.id, logged));
    await handle.db.update(outboxEmails).set({ status: "failed", attempts: MAX_ATTEMPTS }).where(eq(outboxEmails.id, failed));
    expect(await clearFinishedBodies(handle.db)).toBe(2);
    expect(await tablesContaining(handle.db, loggedToken)).toEqual([]);
    expect(await tablesContaining(handle.db, failedToken)).toEqual([]);
    expect(await tablesContaining(handle.db, pendingToken)).toEqual(["outbox_emails"]);
    expect(await row(logged)).toMatchObject({ text: LOGGED_BODY, html: null });
    expect(await clearFinishedBodies(handle.db)).toBe(0);
  });
});

describe("claims", () => {
  it("claims a due mail once, and again only after its lease expired", async () => {
    const { id } = await enqueueLinkMail("claimed@example.test");
    const now = new Date(Date.now() + 1_000);
    const first = await claimDueEmails(handle.db, now);
    expect(first.map((mail) => mail.id)).toEqual([id]);
    expect(first[0]).toMatchObject({ status: "sending", attempts: 1 });
    expect(await claimDueEmails(handle.db, now)).toEqual([]);
    expect(await claimDueEmails(handle.db, new Date(now.getTime() + LEASE_MS - 1_000))).toEqual([]);

    // The first sender died: once its lease is over, the mail is due again.
    const again = await claimDueEmails(handle.db, new Date(now.getTime() + LEASE_MS + 1_000));
    expect(again.map((mail) => mail.id)).toEqual([id]);
    expect(again[0]).toMatchObject({ status: "sending", attempts: 2 });
  });

  it("delivers a mail whose sender died once its lease expired", async () => {
    const sink = await startSmtpServer();
    process.env.SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const { id, token } = await enqueueLinkMail("orphan@example.test");
      const now = new Date(Date.now() + 1_000);
      await claimDueEmails(handle.db, now);
      expect(await deliverDueEmails(handle.db, now)).toEqual({ sent: 0, failed: 0, logged: 0 });
      expect(await deliverDueEmails(handle.db, new Date(now.getTime() + LEASE_MS + 1_000))).toMatchObject({ sent: 1 });
      expect(sink.received.map((mail) => mail.to)).toEqual([["orphan@example.test"]]);
      expect(await row(id)).toMatchObject({ status: "sent", attempts: 2 });
      expect(await tablesContaining(handle.db, token)).toEqual([]);
    } finally {
      await sink.close();
    }
  });

  it("never hands the same mail to two senders running at once", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 30; i++) ids.add((await enqueueLinkMail(`many-${i}@example.test`)).id);
    const at = new Date(Date.now() + 1_000);
    const batches = await Promise.all(Array.from({ length: 6 }, () => claimDueEmails(handle.db, at, 7)));
    const claimed = batches.flat().map((mail) => mail.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    // Whatever the concurrent claims skipped is still due, and claimed exactly once in the end.
    const rest = await claimDueEmails(handle.db, at, 100);
    expect([...claimed, ...rest.map((mail) => mail.id)].sort()).toEqual([...ids].sort());
  });

  it("sends each mail once when several instances deliver at the same time", async () => {
    const sink = await startSmtpServer();
    process.env.SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
    try {
      for (let i = 0; i < 12; i++) await enqueueLinkMail(`parallel-${i}@example.test`);
      const rounds = await Promise.all(Array.from({ length: 4 }, () => deliverDueEmails(handle.db)));
      while ((await deliverDueEmails(handle.db)).sent > 0);
      expect(rounds.reduce((sum, counts) => sum + counts.failed, 0)).toBe(0);
      const recipients = sink.received.flatMap((mail) => mail.to).sort();
      expect(recipients).toEqual(Array.from({ length: 12 }, (_, i) => `parallel-${i}@example.test`).sort());
    } finally {
      await sink.close();
    }
  });
});

describe("a slow SMTP server", () => {
  it("holds no transaction or row lock while a mail is being sent: other database work proceeds", { timeout: 30_000 }, async () => {
    const sink = await startSmtpServer({ greetingDelayMs: 5_000 });
    process.env.SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
    try {
      const { id } = await enqueueLinkMail("slow@example.test");
      const startedAt = Date.now();
      let deliveredAt = 0;
      const delivery = deliverDueEmails(handle.db).then((counts) => {
        deliveredAt = Date.now();
        return counts;
      });
      await sink.connected;

      // While the server keeps the mail waiting: a write transaction, and a lock on the very row
      // being sent (NOWAIT fails at once if the sender still held it).
      const writeStartedAt = Date.now();
      await handle.db.transaction(async (tx) => {
        await enqueueEmail(tx, { to: "meanwhile@example.test", subject: "meanwhile", text: "meanwhile" });
        await tx.execute(sql`select id from outbox_emails where id = ${id} for update nowait`);
      });
      const writeTook = Date.now() - writeStartedAt;
      expect(writeTook).toBeLessThan(1_000);
      expect(deliveredAt).toBe(0);

      expect(await delivery).toMatchObject({ sent: 1 });
      expect(deliveredAt - startedAt).toBeGreaterThanOrEqual(4_500);
      expect(sink.received.map((mail) => mail.to)).toEqual([["slow@example.test"]]);
    } finally {
      await sink.close();
    }
  });
});
