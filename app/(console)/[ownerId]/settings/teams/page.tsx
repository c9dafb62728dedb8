import Link from "next/link";
import { CreateTeamButton } from "@/components/teams/create-team-dialog";
import { DeleteTeamButton } from "@/components/teams/team-actions";
import { DataTable } from "@/components/ui/data-table";
import { Pagination, pageFromSearchParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { leastPrivilegedGroup, listPermissionGroups } from "@/lib/services/permission-groups";
import { listTeams } from "@/db/queries/teams";
import { loadTeamsOrg } from "./load-org";

const PAGE_SIZE = 20;

export default async function TeamsPage({ params, searchParams }: { params: Promise<{ ownerId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org, db, base } = await loadTeamsOrg((await params).ownerId);
  const query = await searchParams;
  const q = typeof query.q === "string" ? query.q.slice(0, 100) : "";
  const page = pageFromSearchParams(query.page);
  const [teams, groups] = await Promise.all([listTeams(db, { orgId: org.id, q, page, pageSize: PAGE_SIZE }), listPermissionGroups(db, org.id)]);
  return (
    <section aria-labelledby="teams-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="teams-heading" className="text-xl font-semibold">
          Teams
        </h1>
        <CreateTeamButton org={org.handle} groups={groups.map(({ id, name, builtin }) => ({ id, name, builtin }))} defaultGroupId={leastPrivilegedGroup(groups)?.id} />
      </div>
      <SearchForm label="Search teams" defaultValue={q} />
      {teams.rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="text-sm text-slate-600">{q ? `No team matches “${q}”.` : "No teams yet. Create one to give a group of members access to some apps."}</p>
        </div>
      ) : (
        // Sorting reorders the page shown; the server pages through teams by team ID.
        <DataTable
          label="Teams"
          columns={[
            { id: "team", header: "Team", sortable: true, rowHeader: true, className: "font-normal" },
            { id: "permission", header: "Default permission", sortable: true },
            { id: "members", header: "Members", sortable: true },
            { id: "apps", header: "Apps", sortable: true },
            { id: "actions", header: "Actions" },
          ]}
          rows={teams.rows.map((team) => ({
            id: team.id,
            sortValues: { team: team.name, permission: team.defaultPermission, members: team.memberCount, apps: team.appCount },
            cells: {
              team: (
                <>
                  <Link href={`${base}/teams/${encodeURIComponent(team.teamId)}`} className="font-medium text-brand-600 hover:underline">
                    {team.name}
                  </Link>
                  <span className="block text-slate-500">{team.teamId}</span>
                </>
              ),
              permission: team.defaultPermission,
              members: team.memberCount,
              apps: team.appCount,
              actions: <DeleteTeamButton org={org.handle} teamRef={team.id} teamId={team.teamId} name={team.name} />,
            },
          }))}
        />
      )}
      <Pagination basePath={`${base}/teams`} params={{ q: q || undefined }} page={page} pageSize={PAGE_SIZE} total={teams.total} />
    </section>
  );
}
