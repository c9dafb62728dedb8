"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { changeRoleAction, changeRolesAction, leaveOrganizationAction, removeMemberAction, removeMembersAction } from "@/lib/actions/members";
import { ORG_ROLES, type OrgRole } from "@/lib/authz";
import { Button } from "@/components/ui/button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";
import { showSuccess } from "@/components/ui/toaster";
import { ConfirmDialog } from "./confirm-dialog";
import { ORG_ROLE_LABELS } from "./role-labels";
import { useChange } from "./use-change";

export type MemberRowView = {
  userId: string;
  handle: string;
  name: string;
  email: string;
  emailVerified: boolean;
  role: OrgRole;
  joinedAt: string;
  teams: { teamId: string; name: string }[];
  lastActiveAt: string | null;
};

type Pending =
  | { kind: "role"; member: MemberRowView; role: OrgRole }
  | { kind: "remove"; member: MemberRowView }
  | { kind: "bulk-role"; members: MemberRowView[]; role: OrgRole }
  | { kind: "bulk-remove"; members: MemberRowView[] }
  | null;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * The Organization members table; role, remove and selection controls only when the viewer may
 * manage. Selected members (checkboxes, on this page) can be removed or given a role together.
 */
export function MembersTable({ org, orgName, members, canManage, viewerId }: { org: string; orgName: string; members: MemberRowView[]; canManage: boolean; viewerId: string }) {
  const [pending, setPending] = useState<Pending>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const selectable = members.filter((member) => member.userId !== viewerId);
  const chosen = selectable.filter((member) => selected.includes(member.userId));
  const toggle = (userId: string, on: boolean) => setSelected((current) => (on ? [...current.filter((id) => id !== userId), userId] : current.filter((id) => id !== userId)));
  // A role picked in a row's select is only a draft until "Change role" is pressed: arrow keys on a
  // closed select change its value one option at a time, and each must not ask for confirmation.
  const [drafts, setDrafts] = useState<Record<string, OrgRole>>({});
  const dropDraft = (userId: string) => setDrafts(({ [userId]: _dropped, ...rest }) => rest);
  const change = useChange<unknown>(() => {
    if (pending?.kind === "role") dropDraft(pending.member.userId);
    if (pending?.kind === "role") showSuccess(`${pending.member.name} is now ${pending.role}.`);
    if (pending?.kind === "remove") showSuccess(`${pending.member.name} was removed from ${orgName}.`);
    if (pending?.kind === "bulk-role") showSuccess(`${plural(pending.members.length, "member is", "members are")} now ${pending.role}.`);
    if (pending?.kind === "bulk-remove") showSuccess(`${plural(pending.members.length, "member was", "members were")} removed from ${orgName}.`);
    if (pending?.kind === "bulk-role" || pending?.kind === "bulk-remove") setSelected([]);
    setPending(null);
  });
  const close = () => {
    change.reset();
    if (pending?.kind === "role") dropDraft(pending.member.userId);
    setPending(null);
  };
  const columns: DataTableColumn[] = [
    ...(canManage ? [{ id: "select", header: "Select", hideHeader: true }] : []),
    { id: "name", header: "Name", sortable: true, rowHeader: true },
    { id: "email", header: "Email", sortable: true, className: "text-slate-600" },
    { id: "role", header: "Role", sortable: true },
    { id: "teams", header: "Teams", sortable: true, className: "text-slate-600" },
    { id: "lastActive", header: "Last activity", sortable: true, className: "text-slate-600 whitespace-nowrap" },
    { id: "joined", header: "Joined", sortable: true, className: "text-slate-600 whitespace-nowrap" },
    ...(canManage ? [{ id: "actions", header: "Actions", hideHeader: true, align: "right" as const }] : []),
  ];
  return (
    <div className="space-y-3">
      {canManage && selectable.length > 0 ? (
        <BulkBar
          count={chosen.length}
          allSelected={chosen.length === selectable.length}
          onSelectAll={(on) => setSelected(on ? selectable.map((member) => member.userId) : [])}
          onRole={(role) => setPending({ kind: "bulk-role", members: chosen, role })}
          onRemove={() => setPending({ kind: "bulk-remove", members: chosen })}
        />
      ) : null}
      <DataTable
        label="Organization members"
        columns={columns}
        rows={members.map((member) => ({
          id: member.userId,
          sortValues: {
            name: member.name,
            email: member.email,
            role: ORG_ROLES.indexOf(member.role),
            teams: member.teams.map((team) => team.name).join(", "),
            lastActive: member.lastActiveAt,
            joined: member.joinedAt,
          },
          cells: {
            select:
              member.userId !== viewerId ? (
                <input
                  type="checkbox"
                  aria-label={`Select ${member.name}`}
                  checked={selected.includes(member.userId)}
                  onChange={(event) => toggle(member.userId, event.target.checked)}
                  className="h-4 w-4"
                />
              ) : null,
            name: (
              <>
                {member.name} <span className="font-normal text-slate-500">@{member.handle}</span>
                {member.userId === viewerId ? <span className="ml-1 text-xs font-normal text-slate-500">(you)</span> : null}
              </>
            ),
            email: (
              <>
                {member.email}{" "}
                {member.emailVerified ? (
                  <span className="ml-1 rounded bg-emerald-50 px-1.5 py-0.5 text-xs font-medium text-emerald-800">Verified</span>
                ) : (
                  <span className="ml-1 rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800">Unverified</span>
                )}
              </>
            ),
            teams:
              member.teams.length === 0 ? (
                <span className="text-slate-500">{member.role === "Team Contributor" ? "No team: reaches no app" : "None"}</span>
              ) : (
                <ul className="space-y-0.5">
                  {member.teams.map((team) => (
                    <li key={team.teamId}>
                      <Link href={`/${encodeURIComponent(org)}/settings/teams/${encodeURIComponent(team.teamId)}`} className="text-brand-700 hover:underline">
                        {team.name}
                      </Link>
                    </li>
                  ))}
                </ul>
              ),
            lastActive: <Time value={member.lastActiveAt} never="No activity recorded" />,
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
        open={pending?.kind === "bulk-role"}
        title="Change roles"
        confirmLabel={pending?.kind === "bulk-role" ? `Change ${plural(pending.members.length, "role", "roles")}` : "Change roles"}
        pending={change.pending}
        error={change.error}
        onClose={close}
        onConfirm={() => pending?.kind === "bulk-role" && change.run(() => changeRolesAction({ org, userIds: pending.members.map((member) => member.userId), role: pending.role }))}
      >
        {pending?.kind === "bulk-role" ? (
          <p>
            Make <strong>{plural(pending.members.length, "member", "members")}</strong> ({pending.members.map((member) => member.name).join(", ")}) <strong>{pending.role}</strong>?
          </p>
        ) : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === "bulk-remove"}
        title="Remove members"
        confirmLabel={pending?.kind === "bulk-remove" ? `Remove ${plural(pending.members.length, "member", "members")}` : "Remove members"}
        danger
        pending={change.pending}
        error={change.error}
        onClose={close}
        onConfirm={() => pending?.kind === "bulk-remove" && change.run(() => removeMembersAction({ org, userIds: pending.members.map((member) => member.userId) }))}
      >
        {pending?.kind === "bulk-remove" ? (
          <p>
            Remove <strong>{plural(pending.members.length, "member", "members")}</strong> ({pending.members.map((member) => member.name).join(", ")}) from {orgName}? They lose
            access to its apps and teams at once. An Admin can reinstate them, with their role and teams, for 90 days.
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
            Remove <strong>{pending.member.name}</strong> ({pending.member.email}) from {orgName}? They lose access to its apps and teams at once. An Admin can reinstate
            them, with their role and teams, for 90 days.
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}

/** What is selected, and the changes that apply to all of it: each asks once, naming the count. */
function BulkBar({
  count,
  allSelected,
  onSelectAll,
  onRole,
  onRemove,
}: {
  count: number;
  allSelected: boolean;
  onSelectAll: (on: boolean) => void;
  onRole: (role: OrgRole) => void;
  onRemove: () => void;
}) {
  const [role, setRole] = useState<OrgRole>("Organization User");
  const roleId = useId();
  return (
    <div role="group" aria-label="Selected members" className="flex flex-wrap items-center gap-3 rounded-lg bg-slate-50 px-3 py-2 text-sm ring-1 ring-slate-200">
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={allSelected && count > 0} onChange={(event) => onSelectAll(event.target.checked)} className="h-4 w-4" />
        Select all on this page
      </label>
      <span aria-live="polite" className="text-slate-600">
        {count === 0 ? "None selected" : `${plural(count, "member", "members")} selected`}
      </span>
      {count > 0 ? (
        <>
          <span className="flex flex-wrap items-center gap-2">
            <label htmlFor={roleId} className="sr-only">
              Role for the selected members
            </label>
            <select
              id={roleId}
              value={role}
              onChange={(event) => setRole(event.target.value as OrgRole)}
              className="rounded-md border-0 py-1 pr-8 pl-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
            >
              {ORG_ROLES.map((option) => (
                <option key={option} value={option}>
                  {ORG_ROLE_LABELS[option]}
                </option>
              ))}
            </select>
            <Button variant="secondary" onClick={() => onRole(role)}>
              Change role of selected
            </Button>
          </span>
          <Button variant="secondary" className="text-red-700" onClick={onRemove}>
            Remove selected
          </Button>
        </>
      ) : null}
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
