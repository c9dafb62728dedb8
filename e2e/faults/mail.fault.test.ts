import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_TIMEOUTS, openPostgres } from "@/db/client";
import { insertEmail } from "@/db/queries/outbox";
import { outboxEmails } from "@/db/schema";
import { newId } from "@/lib/ids";
import { freePort, LOOPBACK, startCluster, startServer, stopServers, waitFor, type Cluster, type Server } from "./support";

// A server dies while it is sending a mail (issue #32): the SMTP server has the message and has
// not answered 250 yet. The other instance delivers it again within 2 minutes, with the same
// Message-ID, so the mail system can tell the duplicate.

const STALLED_RECIPIENT = "stalled@faults.example";

type Seen = { messageId: string; at: number };
const stalled: Seen[] = [];
const delivered: Seen[] = [];

// A real SMTP server on loopback that keeps the first message to STALLED_RECIPIENT waiting for its
// 250 (until the sender goes away) and takes every other at once.
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const seen = { messageId: mail.messageId ?? "", at: Date.now() };
        const toStalled = session.envelope.rcptTo.some((rcpt) => rcpt.address === STALLED_RECIPIENT);
        if (toStalled && stalled.length === 0) {
          stalled.push(seen);
          return; // no answer: the sender waits until it dies
        }
        if (toStalled) delivered.push(seen);
        callback();
      })
      .catch((error: Error) => callback(error));
  },
});

let cluster: Cluster;
let url: string;
let smtpPort: number;
const servers: Server[] = [];

beforeAll(async () => {
  cluster = await startCluster();
  url = await cluster.createDatabase("mail");
  smtpPort = await freePort();
  await new Promise<void>((resolve) => smtp.listen(smtpPort, LOOPBACK, resolve));
});

afterAll(async () => {
  await stopServers(servers);
  await new Promise<void>((resolve) => smtp.close(resolve));
  await cluster?.remove();
});

describe("a server that dies while sending a mail", () => {
  it("leaves the mail to another instance, which delivers it within 2 minutes with the same Message-ID", async () => {
    const env = { DATABASE_URL: url, SMTP_URL: `smtp://${LOOPBACK}:${smtpPort}`, DEMO_DATA: "off", MAIL_FROM: "Console <no-reply@console.example>" };
    const first = await startServer(env);
    servers.push(first);
    await first.ready();

    // A mail queued as any change queues one: a row in the outbox, picked up by the outbox timer.
    const handle = await openPostgres(url, { max: 1, timeouts: JOB_TIMEOUTS });
    const id = newId("eml");
    try {
      await insertEmail(handle.db, { id, to: STALLED_RECIPIENT, subject: "Sent while its sender dies", text: "At least once.", html: null });
      await waitFor("the first server to be sending the mail", async () => (stalled.length > 0 ? true : undefined), { timeoutMs: 45_000 });
      expect(stalled[0]!.messageId).toBe(`<${id}@console.example>`);

      const second = await startServer(env);
      servers.push(second);
      await second.ready();
      first.kill("SIGKILL");
      const killedAt = Date.now();
      await first.exited;

      await waitFor("the second server to deliver the mail", async () => (delivered.length > 0 ? true : undefined), { timeoutMs: 120_000, everyMs: 500 });
      expect(delivered[0]!.at - killedAt).toBeLessThan(120_000);
      expect(delivered.map((seen) => seen.messageId)).toEqual([stalled[0]!.messageId]);
      const row = await waitFor(
        "the delivery to be recorded",
        async () => {
          const [found] = await handle.db.select({ status: outboxEmails.status, attempts: outboxEmails.attempts }).from(outboxEmails).where(eq(outboxEmails.id, id));
          return found?.status === "sent" ? found : undefined;
        },
        { timeoutMs: 10_000 },
      );
      expect(row).toEqual({ status: "sent", attempts: 2 });
    } finally {
      await handle.close();
    }
  });
});
