"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { acceptInvitationAction, declineInvitationAction, listMyInvitationsAction } from "@/lib/actions/invitations";
import { listNotificationsAction, markNotificationsReadAction } from "@/lib/actions/notifications";
import { invitationKeys, notificationKeys } from "@/lib/query-keys";
import { Popover } from "@/components/ui/popover";
import { Time } from "@/components/ui/time";

async function unwrap<T>(promise: Promise<{ ok: true; data: T } | { ok: false; message: string }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

/** Invitation notifications carry `{invitationId}`, plus `status` once answered. */
function invitationOf(note: { kind: string; data: unknown }): { invitationId: string; status: string | null } | null {
  if (note.kind !== "invitation" || !note.data || typeof note.data !== "object") return null;
  const { invitationId, status } = note.data as { invitationId?: unknown; status?: unknown };
  return typeof invitationId === "string" ? { invitationId, status: typeof status === "string" ? status : null } : null;
}

/** Accept / Decline right in the notification bar (the account's email must be verified). */
function InvitationButtons({ invitationId, answered, title }: { invitationId: string; answered: string | null; title: string }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const answer = useMutation({
    mutationFn: (accept: boolean) => (accept ? acceptInvitationAction({ invitationId }) : declineInvitationAction({ invitationId })),
    onSuccess: (result) => {
      if (!result.ok) {
        setMessage({ tone: "error", text: result.message });
        return;
      }
      if ("voided" in result.data) {
        setMessage({ tone: "error", text: `This invitation is void and nothing was changed. ${result.data.voided}` });
        void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
        return;
      }
      setMessage({ tone: "success", text:
          result.data.status === "declined"
            ? `You declined the invitation to ${result.data.orgName}.`
            : result.data.alreadyMember
              ? `You were already a member of ${result.data.orgName}.`
              : `You joined ${result.data.orgName} as ${result.data.role}.`,
      });
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      router.refresh();
    },
    onError: () => setMessage({ tone: "error", text: "The answer could not be sent. Check your connection and try again." }),
  });
  if (answered && !message) return <p className="mt-1 text-xs font-normal text-slate-500">{answered === "accepted" ? "You accepted this invitation." : "You declined this invitation."}</p>;
  return (
    <div className="mt-1 space-y-1 font-normal">
      {message ? (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-xs ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {message.text}
        </p>
      ) : null}
      {message?.tone !== "success" ? (
        <div className="flex gap-2">
          <button type="button" aria-label={`Accept: ${title}`} className="rounded bg-brand-600 px-2 py-1 text-xs font-medium text-white hover:bg-brand-700 disabled:opacity-60" disabled={answer.isPending} onClick={() => answer.mutate(true)}>
            Accept
          </button>
          <button type="button" aria-label={`Decline: ${title}`} className="rounded px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:opacity-60" disabled={answer.isPending} onClick={() => answer.mutate(false)}>
            Decline
          </button>
        </div>
      ) : null}
    </div>
  );
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
  // Invitations sent before the account existed have no notification row: list them too.
  const invitations = useQuery({
    queryKey: invitationKeys.mine(),
    queryFn: () => unwrap(listMyInvitationsAction({})),
    refetchInterval: 30_000,
  });
  const notified = new Set(data?.map((note) => invitationOf(note)?.invitationId).filter(Boolean));
  const orphans = data ? (invitations.data ?? []).filter((invitation) => !notified.has(invitation.id)) : [];
  const unread = (data?.filter((note) => !note.read).length ?? 0) + orphans.length;
  return (
    // The badge's number is a word of the name (not in parentheses), so what is seen is what is read.
    <Popover
      label={unread ? `Notifications, ${unread} unread` : "Notifications"}
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
        {data && data.length === 0 && orphans.length === 0 ? <p className="px-3 py-3 text-sm text-slate-500">No notifications. Invitations and role changes will appear here.</p> : null}
        <ul className="max-h-80 overflow-y-auto">
          {orphans.map((invitation) => {
            const title = `${invitation.invitedBy ?? "An Admin"} invited you to join ${invitation.orgName}`;
            return (
              <li key={invitation.id} className="bg-brand-50/50 px-3 py-2 text-sm font-medium">
                <p>{title}</p>
                <p className="text-xs font-normal text-slate-500">Role: {invitation.role}</p>
                <InvitationButtons invitationId={invitation.id} answered={null} title={title} />
                <Time value={invitation.sentAt} className="text-xs font-normal text-slate-500" />
              </li>
            );
          })}
          {data?.map((note) => (
            <li key={note.id} className={`px-3 py-2 text-sm ${note.read ? "text-slate-600" : "bg-brand-50/50 font-medium"}`}>
              <p>{note.title}</p>
              {note.body ? <p className="text-xs font-normal text-slate-500">{note.body}</p> : null}
              {invitationOf(note) ? <InvitationButtons invitationId={invitationOf(note)!.invitationId} answered={invitationOf(note)!.status} title={note.title} /> : null}
              <Time value={note.createdAt} className="text-xs font-normal text-slate-500" />
            </li>
          ))}
        </ul>
        <div className="border-t border-slate-100 px-3 py-2">
          <Link href="/invitations" className="text-xs font-medium text-brand-600 hover:underline">
            All invitations
          </Link>
        </div>
      </div>
    </Popover>
  );
}
