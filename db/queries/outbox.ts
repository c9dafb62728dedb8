// The outbox_emails table: mail queued in the transaction that caused it, claimed by a sender in a
// short transaction of its own, and finished by one more statement. lib/mail/outbox.ts decides when
// and how mail is sent; these statements only move rows between states.

import { and, asc, eq, inArray, lte, ne, or, sql, type SQL } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Database, DbOrTx } from "@/db/client";
import { outboxEmails } from "@/db/schema";

export type ClaimedEmail = typeof outboxEmails.$inferSelect;
export type FinishedStatus = "sent" | "logged" | "failed";

export async function insertEmail(tx: DbOrTx, email: { id: string; to: string; subject: string; text: string; html: string | null }): Promise<void> {
  await tx.insert(outboxEmails).values(email);
}

/** `at` plus `ms`; without `at`, by the database's clock (the one that stamped the rows). */
export function later(at: Date | undefined, ms: number): Date | SQL {
  return at ? new Date(at.getTime() + ms) : sql`now() + ${`${ms} milliseconds`}::interval`;
}

/**
 * Claims up to `limit` due mails — pending ones whose time has come and "sending" ones whose lease
 * expired — in one short transaction, holding each for `leaseMs`. `skip locked` lets any number
 * of instances claim at once without two of them getting the same row. Each claim counts as an
 * attempt.
 */
export async function claimDueEmails(db: Database, { at, limit, leaseMs }: { at?: Date; limit: number; leaseMs: number }): Promise<ClaimedEmail[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outboxEmails.id })
      .from(outboxEmails)
      .where(and(inArray(outboxEmails.status, ["pending", "sending"]), lte(outboxEmails.nextAttemptAt, at ?? sql`now()`)))
      .orderBy(asc(outboxEmails.createdAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    const claimed = await tx
      .update(outboxEmails)
      .set({ status: "sending", attempts: sql`${outboxEmails.attempts} + 1`, nextAttemptAt: later(at, leaseMs) })
      .where(
        inArray(
          outboxEmails.id,
          due.map((row) => row.id),
        ),
      )
      .returning();
    return claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  });
}

/** Extends a claim by `leaseMs` from now while its mail is being sent; false if the claim was lost meanwhile. */
export async function renewClaim(db: Database, mail: Pick<ClaimedEmail, "id" | "attempts">, leaseMs: number): Promise<boolean> {
  const renewed = await db
    .update(outboxEmails)
    .set({ nextAttemptAt: later(undefined, leaseMs) })
    .where(and(eq(outboxEmails.id, mail.id), eq(outboxEmails.status, "sending"), eq(outboxEmails.attempts, mail.attempts)))
    .returning({ id: outboxEmails.id });
  return renewed.length > 0;
}

/** Records the outcome of a claim, unless the lease was lost to another sender meanwhile; false then. */
export async function finishClaim(db: Database, mail: Pick<ClaimedEmail, "id" | "attempts">, values: PgUpdateSetSource<typeof outboxEmails>): Promise<boolean> {
  const updated = await db
    .update(outboxEmails)
    .set(values)
    .where(and(eq(outboxEmails.id, mail.id), eq(outboxEmails.status, "sending"), eq(outboxEmails.attempts, mail.attempts)))
    .returning({ id: outboxEmails.id });
  return updated.length > 0;
}

/** Replaces the body of every mail in `status` that still holds another one; how many were changed. */
export async function replaceFinishedBodies(db: Database, { status, body }: { status: FinishedStatus; body: string }): Promise<number> {
  const rows = await db
    .update(outboxEmails)
    .set({ text: body, html: null })
    .where(and(eq(outboxEmails.status, status), or(ne(outboxEmails.text, body), sql`${outboxEmails.html} is not null`)))
    .returning({ id: outboxEmails.id });
  return rows.length;
}
