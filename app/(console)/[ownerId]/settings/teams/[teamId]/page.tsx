import Link from "next/link";
import { notFound } from "next/navigation";
import { AddAppsButton, AddMembersButton } from "@/components/teams/add-dialogs";
import { RemoveTeamAppButton, RemoveTeamMemberButton, TeamAppPermission, TeamMenu } from "@/components/teams/team-actions";
import { DataTable } from "@/components/ui/data-table";
import { Pagination, pageFromSearchParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { listPermissionGroups } from "@/lib/services/permission-groups";
import { findTeam, listTeamApps, listTeamMembers } from "@/db/queries/teams";
import { loadTeamsOrg } from "../load-org";

const PAGE_SIZE = 20;

export default async function TeamPage({ params, searchParams }: { params: Promise<{ ownerId: string; teamId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ownerId, teamId } = await params;
  const { org, db, base } = await loadTeamsOrg(ownerId);
  const team = await findTeam(db, { orgId: org.id, teamId: decodeURIComponent(teamId) });
  if (!team) notFound();
  const query = await searchParams;
  const tab = query.tab === "apps" ? "apps" : "members";
  const q = typeof query.q === "string" ? query.q.slice(0, 100) : "";
  const page = pageFromSearchParams(query.page);
  const teamPath = `${base}/teams/${encodeURIComponent(team.teamId)}`;
  const groups = (await listPermissionGroups(db, org.id)).map(({ id, name, builtin }) => ({ id, name, builtin }));
  const tabClass = (active: boolean) => `-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`;
  return (
    <div className="space-y-4">
      <div className="flex items-start justify-between gap-3">
        <div>
          <p className="text-sm text-slate-500">
            <Link href={`${base}/teams`} className="hover:underline">
              Teams
            </Link>{" "}
            · {team.teamId} · default permission {team.defaultPermission}
          </p>
          <h1 className="text-xl font-semibold">{team.name}</h1>
        </div>
        <TeamMenu org={org.handle} teamRef={team.id} teamId={team.teamId} name={team.name} />
      </div>
      <nav aria-label="Team sections" className="flex gap-1 border-b border-slate-200">
        <Link href={teamPath} aria-current={tab === "members" ? "page" : undefined} className={tabClass(tab === "members")}>
          Members ({team.memberCount})
        </Link>
        <Link href={`${teamPath}?tab=apps`} aria-current={tab === "apps" ? "page" : undefined} className={tabClass(tab === "apps")}>
          Apps ({team.appCount})
        </Link>
      </nav>
      {tab === "members" ? <MembersTab /> : <AppsTab />}
    </div>
  );

  async function MembersTab() {
    const members = await listTeamMembers(db, { orgId: org.id, teamRef: team!.id, q, page, pageSize: PAGE_SIZE });
    return (
      <section aria-label="Members" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <SearchForm label="Search team members" defaultValue={q} />
          <AddMembersButton org={org.handle} teamRef={team!.id} />
        </div>
        {members.rows.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
            <p className="text-sm text-slate-600">{q ? `No member matches “${q}”.` : "This team has no members yet. Add organization members with Add Members."}</p>
          </div>
        ) : (
          <DataTable
            label="Team members"
            columns={[
              { id: "member", header: "Member", sortable: true, rowHeader: true, className: "font-normal" },
              { id: "role", header: "Organization role", sortable: true },
              { id: "actions", header: "Actions" },
            ]}
            rows={members.rows.map((member) => ({
              id: member.userId,
              sortValues: { member: member.name, role: member.role },
              cells: {
                member: (
                  <>
                    {member.name}
                    <span className="block text-slate-500">
                      @{member.handle} · {member.email}
                    </span>
                  </>
                ),
                role: member.role,
                actions: <RemoveTeamMemberButton org={org.handle} teamRef={team!.id} userId={member.userId} name={member.name} />,
              },
            }))}
          />
        )}
        <Pagination basePath={teamPath} params={{ q: q || undefined }} page={page} pageSize={PAGE_SIZE} total={members.total} />
      </section>
    );
  }

  async function AppsTab() {
    const teamApps = await listTeamApps(db, { orgId: org.id, teamRef: team!.id, q, page, pageSize: PAGE_SIZE });
    return (
      <section aria-label="Apps" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <SearchForm label="Search team apps" defaultValue={q} hidden={{ tab: "apps" }} />
          <AddAppsButton org={org.handle} teamRef={team!.id} groups={groups} defaultGroupId={team!.defaultPermissionGroupId} />
        </div>
        {teamApps.rows.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
            <p className="text-sm text-slate-600">{q ? `No app matches “${q}”.` : "This team has no apps yet. Add apps of the organization with Add App."}</p>
          </div>
        ) : (
          <DataTable
            label="Team apps"
            columns={[
              { id: "app", header: "App", sortable: true, rowHeader: true, className: "font-normal" },
              { id: "permission", header: "Permission", sortable: true },
              { id: "actions", header: "Actions" },
            ]}
            rows={teamApps.rows.map((app) => ({
              id: app.appRef,
              sortValues: { app: app.name, permission: groups.find((group) => group.id === app.permissionGroupId)?.name },
              cells: {
                app: (
                  <>
                    <Link href={`/${encodeURIComponent(org.handle)}/${encodeURIComponent(app.appId)}`} className="font-medium text-brand-600 hover:underline">
                      {app.name}
                    </Link>
                    <span className="block text-slate-500">{app.appId}</span>
                  </>
                ),
                permission: (
                  <TeamAppPermission org={org.handle} teamRef={team!.id} appRef={app.appRef} value={app.permissionGroupId} groups={groups} label={`Permission on ${app.appId}`} teamName={team!.name} appName={app.name} subject={app.name} />
                ),
                actions: <RemoveTeamAppButton org={org.handle} teamRef={team!.id} appRef={app.appRef} appName={app.name} teamName={team!.name} />,
              },
            }))}
          />
        )}
        <Pagination basePath={teamPath} params={{ tab: "apps", q: q || undefined }} page={page} pageSize={PAGE_SIZE} total={teamApps.total} />
      </section>
    );
  }
}
