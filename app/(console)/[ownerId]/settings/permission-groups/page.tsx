import { CreateGroupButton, DeleteGroupButton, EditGroupButton, EnvironmentLevels } from "@/components/permission-groups/group-dialogs";
import { listPermissionGroups } from "@/lib/services/permission-groups";
import { listEnvironments } from "@/db/queries/compute";
import { loadTeamsOrg } from "../teams/load-org";

export default async function PermissionGroupsPage({ params }: { params: Promise<{ ownerId: string }> }) {
  const { org, db } = await loadTeamsOrg((await params).ownerId);
  const [groups, environmentRows] = await Promise.all([listPermissionGroups(db, org.id), listEnvironments(db, { orgId: org.id })]);
  const environments = environmentRows.map(({ id, name }) => ({ id, name }));
  const builtIn = groups.filter((g) => g.builtin);
  const custom = groups.filter((g) => !g.builtin);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Permission groups</h1>
          <p className="text-sm text-slate-600">What a team can do on the apps it holds, and in each compute environment. Pick a group when creating a team or adding apps to it.</p>
        </div>
        <CreateGroupButton org={org.handle} environments={environments} />
      </div>
      <section aria-labelledby="builtin-heading" className="space-y-3">
        <h2 id="builtin-heading" className="font-semibold">
          Built-in groups
        </h2>
        <ul className="space-y-3">
          {builtIn.map((group) => (
            <li key={group.id} aria-label={group.name} className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
              <p className="font-medium">
                {group.name} <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">Built-in · read-only</span>
              </p>
              <p className="text-sm text-slate-600">{group.description}</p>
              <p className="mt-2 text-xs text-slate-700">{group.scopes.join(", ")}</p>
              <EnvironmentLevels policy={group.environments} environments={environments} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="custom-heading" className="space-y-3">
        <h2 id="custom-heading" className="font-semibold">
          Custom groups
        </h2>
        {custom.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
            <p className="text-sm text-slate-600">No custom groups yet. Create one to give teams exactly the scopes they need.</p>
          </div>
        ) : (
          <ul className="space-y-3">
            {custom.map((group) => (
              <li key={group.id} aria-label={group.name} className="flex items-start justify-between gap-4 rounded-lg bg-white p-4 ring-1 ring-slate-200">
                <div>
                  <p className="font-medium">{group.name}</p>
                  <p className="mt-1 text-xs text-slate-700">{group.scopes.join(", ")}</p>
                  <EnvironmentLevels policy={group.environments} environments={environments} />
                </div>
                <div className="flex gap-2">
                  <EditGroupButton org={org.handle} group={group} environments={environments} />
                  <DeleteGroupButton org={org.handle} group={group} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
