import { eq } from "drizzle-orm";
import { createServer, type Server } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import type { DatabaseHandle } from "@/db/client";
import { outboxEmails } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { DELIVERED_BODY, deliverDueEmails, enqueueEmail } from "./outbox";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});
afterEach(() => {
  delete process.env.SMTP_URL;
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server: Server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

describe("outbox", () => {
  it("does not deliver mail whose transaction rolled back", async () => {
    await handle.db
      .transaction(async (tx) => {
        await enqueueEmail(tx, { to: "rolled@example.test", subject: "never", text: "never" });
        throw new Error("abort");
      })
      .catch(() => undefined);
    const rows = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, "rolled@example.test"));
    expect(rows).toEqual([]);
  });

  it("keeps mail in the outbox and logs it when no SMTP server is configured", async () => {
    const id = await enqueueEmail(handle.db, { to: "logged@example.test", subject: "hello", text: "body" });
    const counts = await deliverDueEmails(handle.db);
    expect(counts.logged).toBeGreaterThanOrEqual(1);
    const [row] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    expect(row?.status).toBe("logged");
  });

  it("delivers to a real SMTP server, and retries later when the server is down", async () => {
    const port = await freePort();
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    const id = await enqueueEmail(handle.db, { to: "retry@example.test", subject: "retry me", text: "body" });
    const down = await deliverDueEmails(handle.db);
    expect(down.failed).toBe(1);
    let [row] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        stream.resume();
        stream.on("end", () => {
          received.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    try {
      const later = new Date(Date.now() + 60 * 60_000);
      const up = await deliverDueEmails(handle.db, later);
      expect(up.sent).toBe(1);
      [row] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
      expect(row).toMatchObject({ status: "sent", attempts: 2, text: DELIVERED_BODY, html: null });
      expect(received).toEqual(["retry@example.test"]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
