// Password reset links, stored by the SHA-256 of the link's token, never the token. Every
// statement names the account (by id) or the link (by its token hash).

import { and, eq, gt, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { passwordResets } from "@/db/schema";

export async function insertPasswordReset(tx: DbOrTx, link: { tokenHash: string; userId: string; email: string; expiresAt: Date }): Promise<void> {
  await tx.insert(passwordResets).values(link);
}

/** Marks an unused, unexpired link used; null when there is none (single use under concurrency). */
export async function claimPasswordReset(tx: DbOrTx, { tokenHash, now }: { tokenHash: string; now: Date }): Promise<{ userId: string; email: string } | null> {
  const [claimed] = await tx
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
    .returning({ userId: passwordResets.userId, email: passwordResets.email });
  return claimed ?? null;
}

/** Whether the link would still reset a password now (it is not used up by asking). */
export async function passwordResetUsable(db: DbOrTx, { tokenHash, now }: { tokenHash: string; now: Date }): Promise<boolean> {
  const [row] = await db
    .select({ userId: passwordResets.userId })
    .from(passwordResets)
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)));
  return row !== undefined;
}

/** Uses up every outstanding link of the account (its password was just set another way, or reset). */
export async function voidPasswordResets(tx: DbOrTx, { userId, now }: { userId: string; now: Date }): Promise<void> {
  await tx
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}
