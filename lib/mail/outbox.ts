import type { Database, DbOrTx } from "@/db/client";
import { describeErrorSafely } from "@/db/errors";
import { claimDueEmails as claimRows, finishClaim, insertEmail, later, renewClaim, replaceFinishedBodies, type ClaimedEmail } from "@/db/queries/outbox";
import { newId } from "@/lib/ids";
import { messageIdFor, smtpTransport } from "./transport";

// Mail bodies carry one-time links (email verification, invitations), so a body lives in the
// table only while its mail waits to be sent. Delivery never talks to SMTP inside a transaction:
// due rows are claimed in a short transaction (status "sending", with a lease in
// next_attempt_at), the mail is sent after that commits, and a second short statement records
// the outcome. The lease is short and renewed while the send goes on, so a sender that dies
// mid-way leaves a row that is due again within a minute. Delivery is therefore at least once:
// a mail whose sender died after the SMTP server took it is sent again, with the same Message-ID
// (from its row), by which mail systems recognise the duplicate.

export type OutgoingEmail = { to: string; subject: string; text: string; html?: string };

export const MAX_ATTEMPTS = 8;
export const BATCH_SIZE = 10;
/** How long a claim holds a row unless renewed; after it another instance may take the mail over. */
export const LEASE_MS = 45_000;
/** A claim is renewed this often while its mail is being sent (a slow SMTP server may take longer than a lease). */
export const LEASE_RENEWAL_MS = 15_000;

// The text column is NOT NULL, so a finished mail keeps a note of why its body is missing.
export const DELIVERED_BODY = "(delivered; the body is not kept because it may hold a one-time link)";
export const LOGGED_BODY = "(printed to the server log because no SMTP server is configured; the body is not kept because it may hold a one-time link)";
export const UNDELIVERED_BODY = "(delivery given up; the body is not kept because it may hold a one-time link)";
const FINISHED_BODIES = { sent: DELIVERED_BODY, logged: LOGGED_BODY, failed: UNDELIVERED_BODY } as const;

/** Queues a mail in the caller's transaction; it is delivered only if that transaction commits. */
export async function enqueueEmail(tx: DbOrTx, email: OutgoingEmail): Promise<string> {
  const id = newId("eml");
  await insertEmail(tx, { id, to: email.to, subject: email.subject, text: email.text, html: email.html ?? null });
  return id;
}

function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 5_000 * 2 ** (attempts - 1));
}

/**
 * Claims up to BATCH_SIZE due mails — pending ones whose time has come and "sending" ones whose
 * lease expired — in one short transaction. `skip locked` lets any number of instances claim at
 * once without two of them getting the same row. Each claim counts as an attempt, which also
 * stops a mail that crashes its sender from being retried forever.
 */
export async function claimDueEmails(db: Database, at?: Date, limit = BATCH_SIZE): Promise<ClaimedEmail[]> {
  return claimRows(db, { at, limit, leaseMs: LEASE_MS });
}

/** Records the outcome of a claim, unless the lease was lost to another sender meanwhile (that one records its own). */
async function finish(db: Database, mail: ClaimedEmail, values: Parameters<typeof finishClaim>[2]): Promise<boolean> {
  const recorded = await finishClaim(db, mail, values);
  if (!recorded) console.warn(`[mail] the claim on mail ${mail.id} expired before its outcome was recorded`);
  return recorded;
}

function printMail(mail: ClaimedEmail): void {
  console.info(`[mail] SMTP_URL is not set; the mail is printed here and not kept.\nTo: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}\n[mail] end of mail to ${mail.to}`);
}

/**
 * Delivers due mails: claim, commit, send with no transaction open, then record each outcome.
 * With no SMTP server configured the mail is printed to the log instead, and its body dropped.
 */
export async function deliverDueEmails(db: Database, at?: Date): Promise<{ sent: number; failed: number; logged: number }> {
  const counts = { sent: 0, failed: 0, logged: 0 };
  const claimed = await claimDueEmails(db, at);
  if (claimed.length === 0) return counts;
  const transport = smtpTransport();
  if (!transport) {
    for (const mail of claimed) {
      printMail(mail);
      await finish(db, mail, { status: "logged", text: LOGGED_BODY, html: null });
      counts.logged++;
    }
    return counts;
  }
  // Independent connections, so one slow recipient server does not hold back the rest of the batch.
  const outcomes = await Promise.allSettled(
    claimed.map(async (mail) => {
      const renewal = setInterval(() => {
        renewClaim(db, mail, LEASE_MS)
          .then((renewed) => renewed || console.warn(`[mail] the claim on mail ${mail.id} was lost while it was being sent`))
          .catch((error: unknown) => console.warn(`[mail] renewing the claim on mail ${mail.id} failed: ${describeErrorSafely(error)}`));
      }, LEASE_RENEWAL_MS);
      try {
        await transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text, messageId: messageIdFor(mail.id), ...(mail.html ? { html: mail.html } : {}) });
      } catch (error) {
        clearInterval(renewal);
        const giveUp = mail.attempts >= MAX_ATTEMPTS;
        counts.failed++;
        console.warn(`[mail] delivery to ${mail.to} failed (attempt ${mail.attempts}${giveUp ? ", giving up" : ""}): ${String(error)}`);
        await finish(db, mail, {
          lastError: error instanceof Error ? error.message : String(error),
          ...(giveUp ? { status: "failed", text: UNDELIVERED_BODY, html: null } : { status: "pending", nextAttemptAt: later(at, backoffMs(mail.attempts)) }),
        });
        return;
      }
      clearInterval(renewal);
      counts.sent++;
      await finish(db, mail, { status: "sent", sentAt: new Date(), lastError: null, text: DELIVERED_BODY, html: null });
    }),
  );
  const broken = outcomes.find((outcome) => outcome.status === "rejected");
  if (broken) throw broken.reason;
  return counts;
}

/**
 * Drops the bodies that earlier versions kept for finished mail (logged without SMTP, or given
 * up); run once when an instance starts.
 */
export async function clearFinishedBodies(db: Database): Promise<number> {
  let cleared = 0;
  for (const [status, body] of Object.entries(FINISHED_BODIES) as [keyof typeof FINISHED_BODIES, string][]) {
    cleared += await replaceFinishedBodies(db, { status, body });
  }
  return cleared;
}
