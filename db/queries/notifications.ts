// A user's notifications: the tenant is the user they belong to. Invitation notifications carry
// {"invitationId": …} in `data`, which is how they are found again when the invitation changes.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notifications } from "@/db/schema";

export const INVITATION_NOTIFICATION_KIND = "invitation";

export type NotificationRow = typeof notifications.$inferSelect;

export async function createNotification(
  db: DbOrTx,
  { id, userId, kind, title, body, data }: { id: string; userId: string; kind: string; title: string; body: string; data: unknown },
): Promise<void> {
  await db.insert(notifications).values({ id, userId, kind, title, body, data });
}

/** The user's latest notifications, newest first. */
export async function listNotifications(db: DbOrTx, { userId, limit }: { userId: string; limit: number }): Promise<NotificationRow[]> {
  return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt)).limit(limit);
}

/** Removes every notification about the invitation, whoever it was addressed to. */
export async function deleteInvitationNotifications(db: DbOrTx, { invitationId }: { invitationId: string }): Promise<void> {
  await db.delete(notifications).where(and(eq(notifications.kind, INVITATION_NOTIFICATION_KIND), sql`${notifications.data}->>'invitationId' = ${invitationId}`));
}

/** Marks the user's notifications about the invitation read and records how it was answered. */
export async function markInvitationNotificationsAnswered(
  db: DbOrTx,
  { userId, invitationId, status, readAt }: { userId: string; invitationId: string; status: string; readAt: Date },
): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt, data: { invitationId, status } })
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, INVITATION_NOTIFICATION_KIND), sql`${notifications.data}->>'invitationId' = ${invitationId}`));
}

/** Marks the user's unread notifications read: all of them, or those among `ids` (others' ids match nothing). */
export async function markNotificationsRead(db: DbOrTx, { userId, ids, now }: { userId: string; ids: "all" | string[]; now: Date }): Promise<void> {
  const mine = and(eq(notifications.userId, userId), isNull(notifications.readAt));
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(ids === "all" ? mine : and(mine, inArray(notifications.id, ids.length ? ids : ["-"])));
}
