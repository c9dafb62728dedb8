"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { changeRoleAction, leaveOrganizationAction, removeMemberAction } from "@/lib/actions/members";
import { ORG_ROLES, type OrgRole } from "@/lib/authz";
import { Button } from "@/components/ui/button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";
import { showSuccess } from "@/components/ui/toaster";
import { ConfirmDialog } from "./confirm-dialog";
import { ORG_ROLE_LABELS } from "./role-labels";
import { useChange } from "./use-change";

export type MemberRowView = { userId: string; handle: string; name: string; email: string; role: OrgRole; joinedAt: string };

type Pending = { kind: "role"; member: MemberRowView; role: OrgRole } | { kind: "remove"; member: MemberRowView } | null;

/** The Organization members table; role and remove controls only when the viewer may manage. */
export function MembersTable({ org, orgName, members, canManage, viewerId }: { org: string; orgName: string; members: MemberRowView[]; canManage: boolean; viewerId: string }) {
  const [pending, setPending] = useState<Pending>(null);
  // A role picked in a row's select is only a draft until "Change role" is pressed: arrow keys on a
  // closed select change its value one option at a time, and each must not ask for confirmation.
  const [drafts, setDrafts] = useState<Record<string, OrgRole>>({});
  const dropDraft = (userId: string) => setDrafts(({ [userId]: _dropped, ...rest }) => rest);
  const change = useChange<unknown>(() => {
    if (pending?.kind === "role") dropDraft(pending.member.userId);
    if (pending?.kind === "role") showSuccess(`${pending.member.name} is now ${pending.role}.`);
    if (pending?.kind === "remove") showSuccess(`${pending.member.name} was removed from ${orgName}.`);
    setPending(null);
  });
  const close = () => {
    change.reset();
    if (pending?.kind === "role") dropDraft(pending.member.userId);
    setPending(null);
  };
  const columns: DataTableColumn[] = [
    { id: "name", header: "Name", sortable: true, rowHeader: true },
    { id: "email", header: "Email", sortable: true, className: "text-slate-600" },
    { id: "role", header: "Role", sortable: true },
    { id: "joined", header: "Joined", sortable: true, className: "text-slate-600" },
    ...(canManage ? [{ id: "actions", header: "Actions", hideHeader: true, align: "right" as const }] : []),
  ];
  return (
    <div className="space-y-3">
      <DataTable
        label="Organization members"
        columns={columns}
        rows={members.map((member) => ({
          id: member.userId,
          sortValues: { name: member.name, email: member.email, role: ORG_ROLES.indexOf(member.role), joined: member.joinedAt },
          cells: {
            name: (
              <>
                {member.name} <span className="font-normal text-slate-500">@{member.handle}</span>
                {member.userId === viewerId ? <span className="ml-1 text-xs font-normal text-slate-500">(you)</span> : null}
              </>
            ),
            email: member.email,
            role: canManage ? (
              <RoleCell
                member={member}
                draft={drafts[member.userId]}
                onDraft={(role) => setDrafts((current) => ({ ...current, [member.userId]: role }))}
                onChange={(role) => setPending({ kind: "role", member, role })}
              />
            ) : (
              ORG_ROLE_LABELS[member.role]
            ),
            joined: <Time value={member.joinedAt} />,
            actions:
              member.userId !== viewerId ? (
                <Button variant="ghost" className="text-red-700" aria-label={`Remove ${member.name}`} onClick={() => setPending({ kind: "remove", member })}>
                  Remove
                </Button>
              ) : null,
          },
        }))}
      />
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

/** A member's role: a select whose choice is applied by its own button, which asks once. */
function RoleCell({ member, draft, onDraft, onChange }: { member: MemberRowView; draft: OrgRole | undefined; onDraft: (role: OrgRole) => void; onChange: (role: OrgRole) => void }) {
  const chosen = draft ?? member.role;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <select
        aria-label={`Role of ${member.name}`}
        value={chosen}
        onChange={(event) => onDraft(event.target.value as OrgRole)}
        className="rounded-md border-0 py-1 pr-8 pl-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
      >
        {ORG_ROLES.map((role) => (
          <option key={role} value={role}>
            {ORG_ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      {chosen !== member.role ? (
        <Button variant="secondary" aria-label={`Change role for ${member.name}`} onClick={() => onChange(chosen)}>
          Change role
        </Button>
      ) : null}
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
