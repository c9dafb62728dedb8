import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { outboxEmails } from "@/db/schema";
import { newId } from "@/lib/ids";
import { smtpTransport } from "./transport";

export type OutgoingEmail = { to: string; subject: string; text: string; html?: string };

const MAX_ATTEMPTS = 8;
export const DELIVERED_BODY = "(delivered; the body is not kept because it may hold a one-time link)";
const BATCH_SIZE = 20;

/** Queues a mail in the caller's transaction; it is delivered only if that transaction commits. */
export async function enqueueEmail(tx: DbOrTx, email: OutgoingEmail): Promise<string> {
  const id = newId("eml");
  await tx.insert(outboxEmails).values({ id, to: email.to, subject: email.subject, text: email.text, html: email.html ?? null });
  return id;
}

function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 5_000 * 2 ** (attempts - 1));
}

/**
 * Delivers due mails. Rows are claimed with `for update skip locked`, so any number of web
 * instances can run this at once without sending a mail twice.
 */
export async function deliverDueEmails(db: Database, at?: Date): Promise<{ sent: number; failed: number; logged: number }> {
  const transport = smtpTransport();
  const counts = { sent: 0, failed: 0, logged: 0 };
  await db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(outboxEmails)
      // Due by the database's clock (the one that stamped the rows), unless a time is given.
      .where(and(eq(outboxEmails.status, "pending"), lte(outboxEmails.nextAttemptAt, at ?? sql`now()`)))
      .orderBy(asc(outboxEmails.createdAt))
      .limit(BATCH_SIZE)
      .for("update", { skipLocked: true });
    for (const mail of due) {
      if (!transport) {
        console.info(`[mail] SMTP_URL is not set; mail kept in the outbox.\nTo: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}\n`);
        await tx.update(outboxEmails).set({ status: "logged" }).where(eq(outboxEmails.id, mail.id));
        counts.logged++;
        continue;
      }
      try {
        await transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text, ...(mail.html ? { html: mail.html } : {}) });
        // Bodies carry one-time links (verification, invitations); once delivered they are not kept.
        await tx
          .update(outboxEmails)
          .set({ status: "sent", sentAt: new Date(), attempts: sql`${outboxEmails.attempts} + 1`, text: DELIVERED_BODY, html: null })
          .where(eq(outboxEmails.id, mail.id));
        counts.sent++;
      } catch (error) {
        const attempts = mail.attempts + 1;
        const giveUp = attempts >= MAX_ATTEMPTS;
        await tx
          .update(outboxEmails)
          .set({
            attempts,
            lastError: error instanceof Error ? error.message : String(error),
            status: giveUp ? "failed" : "pending",
            nextAttemptAt: at ? new Date(at.getTime() + backoffMs(attempts)) : sql`now() + ${`${backoffMs(attempts)} milliseconds`}::interval`,
          })
          .where(eq(outboxEmails.id, mail.id));
        counts.failed++;
        console.warn(`[mail] delivery to ${mail.to} failed (attempt ${attempts}${giveUp ? ", giving up" : ""}): ${String(error)}`);
      }
    }
  });
  return counts;
}
