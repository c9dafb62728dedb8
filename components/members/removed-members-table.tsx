"use client";

import { useState } from "react";
import { reinstateMemberAction } from "@/lib/actions/members";
import { ORG_ROLES, type OrgRole } from "@/lib/authz";
import { Button } from "@/components/ui/button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";
import { showSuccess } from "@/components/ui/toaster";
import { ConfirmDialog } from "./confirm-dialog";
import { ORG_ROLE_LABELS } from "./role-labels";
import { useChange } from "./use-change";

export type RemovedMemberRow = {
  userId: string;
  handle: string;
  name: string;
  email: string;
  role: OrgRole;
  teams: { teamId: string; name: string }[];
  removedBy: string | null;
  removedAt: string;
  /** The last moment they can be reinstated. */
  until: string;
};

/** Removed members an Admin can still reinstate, with the role and teams they get back. */
export function RemovedMembersTable({ org, orgName, members, windowDays }: { org: string; orgName: string; members: RemovedMemberRow[]; windowDays: number }) {
  const [reinstating, setReinstating] = useState<RemovedMemberRow | null>(null);
  const change = useChange<unknown>(() => {
    if (reinstating) showSuccess(`${reinstating.name} is a member of ${orgName} again.`);
    setReinstating(null);
  });
  if (members.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
        <p className="font-medium">No removed members.</p>
        <p className="mt-1 text-sm text-slate-600">Members removed in the last {windowDays} days appear here, and can be reinstated with their role and teams.</p>
      </div>
    );
  }
  const columns: DataTableColumn[] = [
    { id: "name", header: "Name", sortable: true, rowHeader: true },
    { id: "email", header: "Email", sortable: true, className: "text-slate-600" },
    { id: "role", header: "Previous role", sortable: true },
    { id: "teams", header: "Previous teams", className: "text-slate-600" },
    { id: "removed", header: "Removed", sortable: true, className: "text-slate-600 whitespace-nowrap" },
    { id: "until", header: "Reinstate until", sortable: true, className: "text-slate-600 whitespace-nowrap" },
    { id: "actions", header: "Actions", hideHeader: true, align: "right" },
  ];
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">Removed members can be reinstated for {windowDays} days, with their previous role and the teams that still exist.</p>
      <DataTable
        label="Removed members"
        columns={columns}
        defaultSort={{ column: "removed", direction: "desc" }}
        rows={members.map((member) => ({
          id: member.userId,
          sortValues: { name: member.name, email: member.email, role: ORG_ROLES.indexOf(member.role), removed: member.removedAt, until: member.until },
          cells: {
            name: (
              <>
                {member.name} <span className="font-normal text-slate-500">@{member.handle}</span>
              </>
            ),
            email: member.email,
            role: ORG_ROLE_LABELS[member.role],
            teams: member.teams.length ? member.teams.map((team) => team.name).join(", ") : "None",
            removed: (
              <>
                <Time value={member.removedAt} />
                {member.removedBy ? <span className="block text-xs">by {member.removedBy}</span> : null}
              </>
            ),
            until: <Time value={member.until} />,
            actions: (
              <Button variant="secondary" aria-label={`Reinstate ${member.name}`} onClick={() => setReinstating(member)}>
                Reinstate
              </Button>
            ),
          },
        }))}
      />
      <ConfirmDialog
        open={reinstating !== null}
        title="Reinstate member"
        confirmLabel="Reinstate member"
        pending={change.pending}
        error={change.error}
        onClose={() => {
          change.reset();
          setReinstating(null);
        }}
        onConfirm={() => reinstating && change.run(() => reinstateMemberAction({ org, userId: reinstating.userId }))}
      >
        {reinstating ? (
          <p>
            Make <strong>{reinstating.name}</strong> ({reinstating.email}) a member of {orgName} again as <strong>{reinstating.role}</strong>
            {reinstating.teams.length ? `, on ${reinstating.teams.map((team) => team.name).join(", ")}` : ""}?
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
