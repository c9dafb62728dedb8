"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { listNotificationsAction, markNotificationsReadAction } from "@/lib/actions/notifications";
import { notificationKeys } from "@/lib/queries/keys";
import { Menu } from "@/components/ui/menu";

async function unwrap<T>(promise: Promise<{ ok: true; data: T } | { ok: false; message: string }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

export function NotificationBell() {
  const queryClient = useQueryClient();
  const { data, isPending, isError } = useQuery({
    queryKey: notificationKeys.list(),
    queryFn: () => unwrap(listNotificationsAction({})),
    refetchInterval: 30_000,
  });
  const markAll = useMutation({
    mutationFn: () => unwrap(markNotificationsReadAction({ ids: "all" })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  const unread = data?.filter((note) => !note.read).length ?? 0;
  return (
    <Menu
      label={unread ? `Notifications (${unread} unread)` : "Notifications"}
      align="right"
      buttonContent={
        <span className="relative" aria-hidden>
          <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8">
            <path d="M15 17h5l-1.4-1.4A2 2 0 0 1 18 14.2V11a6 6 0 1 0-12 0v3.2a2 2 0 0 1-.6 1.4L4 17h5m6 0a3 3 0 1 1-6 0" />
          </svg>
          {unread ? <span className="absolute -top-1.5 -right-2 rounded-full bg-red-600 px-1 text-[10px] font-semibold text-white">{unread}</span> : null}
        </span>
      }
    >
      {() => (
        <div>
          <div className="flex items-center justify-between border-b border-slate-100 px-3 py-2">
            <p className="text-sm font-semibold">Notifications</p>
            {unread ? (
              <button type="button" className="text-xs font-medium text-brand-600 hover:underline" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
                Mark all as read
              </button>
            ) : null}
          </div>
          {isPending ? <p className="px-3 py-3 text-sm text-slate-500">Loading…</p> : null}
          {isError ? <p className="px-3 py-3 text-sm text-red-700">Notifications could not be loaded.</p> : null}
          {data && data.length === 0 ? <p className="px-3 py-3 text-sm text-slate-500">No notifications. Invitations and role changes will appear here.</p> : null}
          <ul className="max-h-80 overflow-y-auto">
            {data?.map((note) => (
              <li key={note.id} className={`px-3 py-2 text-sm ${note.read ? "text-slate-600" : "bg-brand-50/50 font-medium"}`}>
                <p>{note.title}</p>
                {note.body ? <p className="text-xs font-normal text-slate-500">{note.body}</p> : null}
                <time className="text-xs font-normal text-slate-400" dateTime={note.createdAt}>
                  {new Date(note.createdAt).toLocaleString()}
                </time>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Menu>
  );
}
