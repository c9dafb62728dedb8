"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { addTeamAppsAction, addTeamMembersAction, searchAppsToAddAction, searchMembersToAddAction, searchTeamsToAddToAppAction } from "@/lib/actions/teams";
import { teamKeys } from "@/lib/query-keys";
import type { Result } from "@/lib/result";
import { Alert } from "@/components/ui/alert";
import { CandidatePicker } from "@/components/ui/candidate-picker";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { PermissionSelect, type GroupOption } from "./permission-select";

async function unwrap<T>(result: Promise<Result<T>>): Promise<T> {
  const value = await result;
  if (!value.ok) throw new Error(value.message);
  return value.data;
}

function useAdder(submit: () => Promise<Result<unknown>>, onDone: () => void) {
  const router = useRouter();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = () =>
    startTransition(async () => {
      const result = await submit();
      if (!result.ok) {
        setError(result.message);
        return;
      }
      setError(null);
      await client.invalidateQueries({ queryKey: teamKeys.all });
      onDone();
      router.refresh();
    });
  return { error, pending, run };
}

export function AddMembersButton({ org, teamRef }: { org: string; teamRef: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Add Members</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Add Members" description="Only members of the organization can be added.">
        {open ? <AddMembersForm org={org} teamRef={teamRef} onClose={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function AddMembersForm({ org, teamRef, onClose }: { org: string; teamRef: string; onClose: () => void }) {
  const [selected, setSelected] = useState<string[]>([]);
  const { error, pending, run } = useAdder(() => addTeamMembersAction({ org, teamRef, userIds: selected }), onClose);
  return (
    <div className="space-y-4">
      <CandidatePicker
        searchLabel="Search organization members"
        queryKey={(q) => teamKeys.memberCandidates(org, teamRef, q)}
        load={async (q) => (await unwrap(searchMembersToAddAction({ org, ref: teamRef, q }))).map((m) => ({ id: m.userId, primary: m.name, secondary: `@${m.handle} · ${m.role}` }))}
        selected={selected}
        onToggle={(id, checked) => setSelected((s) => (checked ? [...s, id] : s.filter((x) => x !== id)))}
        empty="No organization member matches, or all of them are already on the team."
      />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button disabled={pending || selected.length === 0} onClick={run}>
          Add Members
        </Button>
      </div>
    </div>
  );
}

export function AddAppsButton({ org, teamRef, groups, defaultGroupId }: { org: string; teamRef: string; groups: GroupOption[]; defaultGroupId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Add App</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Add apps" description="Only apps owned by the organization can be added.">
        {open ? <AddAppsForm org={org} teamRef={teamRef} groups={groups} defaultGroupId={defaultGroupId} onClose={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function AddAppsForm({ org, teamRef, groups, defaultGroupId, onClose }: { org: string; teamRef: string; groups: GroupOption[]; defaultGroupId: string; onClose: () => void }) {
  const [selected, setSelected] = useState<string[]>([]);
  const [groupId, setGroupId] = useState(defaultGroupId);
  const { error, pending, run } = useAdder(() => addTeamAppsAction({ org, teamRef, appIds: selected, permissionGroupId: groupId }), onClose);
  return (
    <div className="space-y-4">
      <CandidatePicker
        searchLabel="Search organization apps"
        queryKey={(q) => teamKeys.appCandidates(org, teamRef, q)}
        load={async (q) => (await unwrap(searchAppsToAddAction({ org, ref: teamRef, q }))).map((a) => ({ id: a.appRef, primary: a.name, secondary: a.appId }))}
        selected={selected}
        onToggle={(id, checked) => setSelected((s) => (checked ? [...s, id] : s.filter((x) => x !== id)))}
        empty="No app of the organization matches, or the team already has all of them."
      />
      <PermissionSelect label="Permission" groups={groups} value={groupId} onChange={(e) => setGroupId(e.target.value)} />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button disabled={pending || selected.length === 0} onClick={run}>
          Add apps
        </Button>
      </div>
    </div>
  );
}

/** App Settings › Teams: give one more team of the org access to this app. */
export function AddTeamToAppButton({ org, appRef, groups }: { org: string; appRef: string; groups: GroupOption[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Add team</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Add team" description="The team's members reach this app with the permission you pick.">
        {open ? <AddTeamToAppForm org={org} appRef={appRef} groups={groups} onClose={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function AddTeamToAppForm({ org, appRef, groups, onClose }: { org: string; appRef: string; groups: GroupOption[]; onClose: () => void }) {
  const [selected, setSelected] = useState<string[]>([]);
  const [groupId, setGroupId] = useState(groups[0]?.id ?? "");
  const { error, pending, run } = useAdder(() => addTeamAppsAction({ org, teamRef: selected[0] ?? "", appIds: [appRef], permissionGroupId: groupId }), onClose);
  return (
    <div className="space-y-4">
      <CandidatePicker
        single
        searchLabel="Search teams"
        queryKey={(q) => teamKeys.teamCandidatesForApp(org, appRef, q)}
        load={async (q) => (await unwrap(searchTeamsToAddToAppAction({ org, ref: appRef, q }))).map((t) => ({ id: t.teamRef, primary: t.name, secondary: t.teamId }))}
        selected={selected}
        onToggle={(id, checked) => setSelected(checked ? [id] : [])}
        empty="No team matches, or every team already has this app."
      />
      <PermissionSelect label="Permission" groups={groups} value={groupId} onChange={(e) => setGroupId(e.target.value)} />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button disabled={pending || selected.length === 0} onClick={run}>
          Add team
        </Button>
      </div>
    </div>
  );
}
