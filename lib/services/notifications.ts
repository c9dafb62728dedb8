import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { notifications } from "@/db/schema";
import { newId } from "@/lib/ids";

export type NotificationView = { id: string; kind: string; title: string; body: string; data: unknown; read: boolean; createdAt: string };

export async function notify(tx: DbOrTx, userId: string, note: { kind: string; title: string; body?: string; data?: unknown }): Promise<void> {
  await tx.insert(notifications).values({ id: newId("ntf"), userId, kind: note.kind, title: note.title, body: note.body ?? "", data: note.data ?? null });
}

export async function listNotifications(db: Database, userId: string, limit = 20): Promise<NotificationView[]> {
  const rows = await db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt)).limit(limit);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    data: row.data,
    read: row.readAt !== null,
    createdAt: row.createdAt.toISOString(),
  }));
}

/** Marks the user's own notifications read; ids of other users' notifications are ignored. */
export async function markNotificationsRead(db: Database, userId: string, ids: string[] | "all"): Promise<void> {
  const mine = eq(notifications.userId, userId);
  if (ids === "all") {
    await db.update(notifications).set({ readAt: new Date() }).where(and(mine, isNull(notifications.readAt)));
    return;
  }
  for (const id of ids) {
    await db.update(notifications).set({ readAt: new Date() }).where(and(mine, eq(notifications.id, id), isNull(notifications.readAt)));
  }
}
