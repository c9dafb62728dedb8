"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { changeRoleAction, leaveOrganizationAction, removeMemberAction } from "@/lib/actions/members";
import { ORG_ROLES, type OrgRole } from "@/lib/authz";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "./confirm-dialog";
import { ORG_ROLE_LABELS } from "./role-labels";
import { useChange } from "./use-change";

export type MemberRowView = { userId: string; handle: string; name: string; email: string; role: OrgRole; joinedAt: string };

type Pending = { kind: "role"; member: MemberRowView; role: OrgRole } | { kind: "remove"; member: MemberRowView } | null;

/** The Organization members table; role and remove controls only when the viewer may manage. */
export function MembersTable({ org, orgName, members, canManage, viewerId }: { org: string; orgName: string; members: MemberRowView[]; canManage: boolean; viewerId: string }) {
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const change = useChange<unknown>(() => {
    if (pending?.kind === "role") setNotice(`${pending.member.name} is now ${pending.role}.`);
    if (pending?.kind === "remove") setNotice(`${pending.member.name} was removed from ${orgName}.`);
    setPending(null);
  });
  const close = () => {
    change.reset();
    setPending(null);
  };
  return (
    <div className="space-y-3">
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Organization members</caption>
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2">Name</th>
              <th scope="col" className="px-4 py-2">Email</th>
              <th scope="col" className="px-4 py-2">Role</th>
              <th scope="col" className="px-4 py-2">Joined</th>
              {canManage ? <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((member) => (
              <tr key={member.userId}>
                <th scope="row" className="px-4 py-2 text-left font-medium">
                  {member.name} <span className="font-normal text-slate-500">@{member.handle}</span>
                  {member.userId === viewerId ? <span className="ml-1 text-xs font-normal text-slate-500">(you)</span> : null}
                </th>
                <td className="px-4 py-2 text-slate-600">{member.email}</td>
                <td className="px-4 py-2">
                  {canManage ? (
                    <select
                      aria-label={`Role of ${member.name}`}
                      value={member.role}
                      onChange={(event) => setPending({ kind: "role", member, role: event.target.value as OrgRole })}
                      className="rounded-md border-0 py-1 pr-8 pl-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
                    >
                      {ORG_ROLES.map((role) => (
                        <option key={role} value={role}>
                          {ORG_ROLE_LABELS[role]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    ORG_ROLE_LABELS[member.role]
                  )}
                </td>
                <td className="px-4 py-2 text-slate-600">
                  <time dateTime={member.joinedAt}>{member.joinedAt.slice(0, 10)}</time>
                </td>
                {canManage ? (
                  <td className="px-4 py-2 text-right">
                    {member.userId !== viewerId ? (
                      <Button variant="ghost" className="text-red-700" aria-label={`Remove ${member.name}`} onClick={() => setPending({ kind: "remove", member })}>
                        Remove
                      </Button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={pending?.kind === "role"}
        title="Change role"
        confirmLabel="Change role"
        pending={change.pending}
        error={change.error}
        onClose={close}
        onConfirm={() => pending?.kind === "role" && change.run(() => changeRoleAction({ org, userId: pending.member.userId, role: pending.role }))}
      >
        {pending?.kind === "role" ? (
          <p>
            Change the role of <strong>{pending.member.name}</strong> from {pending.member.role} to <strong>{pending.role}</strong>?
          </p>
        ) : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === "remove"}
        title="Remove member"
        confirmLabel="Remove member"
        danger
        pending={change.pending}
        error={change.error}
        onClose={close}
        onConfirm={() => pending?.kind === "remove" && change.run(() => removeMemberAction({ org, userId: pending.member.userId }))}
      >
        {pending?.kind === "remove" ? (
          <p>
            Remove <strong>{pending.member.name}</strong> ({pending.member.email}) from {orgName}? They lose access to its apps and teams at once.
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}

/** Leave organization, with a confirmation; the last Admin is told why they cannot. */
export function LeaveOrganizationButton({ org, orgName }: { org: string; orgName: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const change = useChange<unknown>(() => {
    setOpen(false);
    router.push("/");
  });
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Leave organization
      </Button>
      <ConfirmDialog
        open={open}
        title="Leave organization"
        confirmLabel="Leave organization"
        danger
        pending={change.pending}
        error={change.error}
        onClose={() => {
          change.reset();
          setOpen(false);
        }}
        onConfirm={() => change.run(() => leaveOrganizationAction({ org }))}
      >
        <p>
          Leave <strong>{orgName}</strong>? You lose access to its apps and teams until an Admin invites you again.
        </p>
      </ConfirmDialog>
    </>
  );
}
