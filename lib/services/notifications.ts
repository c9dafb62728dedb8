import type { DbOrTx } from "@/db/client";
import { createNotification, listNotifications as notificationRows } from "@/db/queries/notifications";
import { newId } from "@/lib/ids";

export type NotificationView = { id: string; kind: string; title: string; body: string; data: unknown; read: boolean; createdAt: string };

export async function notify(tx: DbOrTx, userId: string, note: { kind: string; title: string; body?: string; data?: unknown }): Promise<void> {
  await createNotification(tx, { id: newId("ntf"), userId, kind: note.kind, title: note.title, body: note.body ?? "", data: note.data ?? null });
}

export async function listNotifications(db: DbOrTx, userId: string, limit = 20): Promise<NotificationView[]> {
  const rows = await notificationRows(db, { userId, limit });
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
