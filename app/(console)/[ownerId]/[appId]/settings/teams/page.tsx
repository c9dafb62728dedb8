import Link from "next/link";
import { notFound } from "next/navigation";
import { AddTeamToAppButton } from "@/components/teams/add-dialogs";
import { RemoveTeamAppButton, TeamAppPermission } from "@/components/teams/team-actions";
import { listPermissionGroups } from "@/lib/services/permission-groups";
import { listTeamsForApp } from "@/db/queries/teams";
import { canManageTeams } from "@/lib/services/teams";
import { loadApp, type AppParams } from "../../load-app";
import { DataTable } from "@/components/ui/data-table";

export default async function AppTeamsPage({ params }: { params: AppParams }) {
  const { ownerId, appId } = await params;
  const { app, orgRole, db } = await loadApp(ownerId, appId);
  if (!app.ownerOrgId) notFound();
  const manage = canManageTeams(orgRole);
  const [rows, groups] = await Promise.all([listTeamsForApp(db, { orgId: app.ownerOrgId, appRef: app.id }), manage ? listPermissionGroups(db, app.ownerOrgId) : Promise.resolve([])]);
  const options = groups.map(({ id, name, builtin }) => ({ id, name, builtin }));
  const org = app.ownerHandle;
  return (
    <section aria-labelledby="app-teams-heading" className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <h2 id="app-teams-heading" className="text-lg font-semibold">
          Teams with access
        </h2>
        {manage ? <AddTeamToAppButton org={org} appRef={app.id} groups={options} /> : null}
      </div>
      {rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="text-sm text-slate-600">No team has this app.</p>
        </div>
      ) : (
        <DataTable
          label="Teams with access"
          columns={[
            { id: "team", header: "Team", sortable: true, rowHeader: true, className: "font-normal" },
            { id: "members", header: "Members", sortable: true },
            { id: "permission", header: "Permission", sortable: true },
            ...(manage ? [{ id: "actions", header: "Actions" }] : []),
          ]}
          defaultSort={{ column: "team" }}
          rows={rows.map((row) => ({
            id: row.teamRef,
            sortValues: { team: row.name, members: row.memberCount, permission: row.permission },
            cells: {
              team: (
                <>
                  {manage ? (
                    <Link className="font-medium text-brand-600 hover:underline" href={`/${encodeURIComponent(org)}/settings/teams/${encodeURIComponent(row.teamId)}`}>
                      {row.name}
                    </Link>
                  ) : (
                    row.name
                  )}
                  <span className="block text-slate-500">{row.teamId}</span>
                </>
              ),
              members: row.memberCount,
              permission: manage ? (
                <TeamAppPermission org={org} teamRef={row.teamRef} appRef={app.id} value={row.permissionGroupId} groups={options} label={`Permission of ${row.teamId}`} teamName={row.name} appName={app.name} subject={row.name} />
              ) : (
                row.permission
              ),
              actions: <RemoveTeamAppButton org={org} teamRef={row.teamRef} appRef={app.id} appName={app.name} teamName={row.name} />,
            },
          }))}
        />
      )}
    </section>
  );
}
