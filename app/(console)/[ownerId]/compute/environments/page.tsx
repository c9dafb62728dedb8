import type { Metadata } from "next";
import Link from "next/link";
import { AccessBadge } from "@/components/compute/access-badge";
import { AddEnvironmentButton, DeleteEnvironmentButton, RenameEnvironmentButton } from "@/components/compute/environment-dialogs";
import { loadCompute } from "../load-compute";

export const metadata: Metadata = { title: "Environments" };

export default async function EnvironmentsPage({ params }: { params: Promise<{ ownerId: string }> }) {
  const { org, view } = await loadCompute((await params).ownerId);
  const manage = view.may.manageEnvironments;
  return (
    <section aria-labelledby="environments-heading" className="space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 id="environments-heading" className="text-xl font-semibold">
            Environments
          </h1>
          <p className="max-w-3xl text-sm text-slate-600">
            Every nodepool is in one environment. What you may do there is the highest level your role and your teams&apos; permission groups give: Full access (deploy, scale,
            undeploy), Read-only access (see), or No access (its nodepools do not exist for you).{" "}
            {manage ? (
              <>
                Set the levels of custom groups in{" "}
                <Link href={`/${encodeURIComponent(org.handle)}/settings/permission-groups`} className="font-medium text-brand-600 hover:underline">
                  Permission groups
                </Link>
                .
              </>
            ) : (
              "Admins add, rename and delete environments."
            )}
          </p>
        </div>
        {manage ? <AddEnvironmentButton org={org.handle} /> : null}
      </div>
      {view.environments.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="text-sm text-slate-600">{manage ? "No environments. Add one with Add environment before creating nodepools." : "No environment is open to you."}</p>
        </div>
      ) : (
        <div className="overflow-x-auto">
          <table aria-label="Environments" className="w-full rounded-lg bg-white text-sm ring-1 ring-slate-200">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">Environment</th>
                <th className="px-4 py-2 font-medium">Your access</th>
                <th className="px-4 py-2 font-medium">Nodepools</th>
                {manage ? <th className="px-4 py-2 font-medium">Actions</th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {view.environments.map((environment) => (
                <tr key={environment.id}>
                  <td className="px-4 py-2 font-medium">{environment.name}</td>
                  <td className="px-4 py-2">
                    <AccessBadge level={environment.access} />
                  </td>
                  <td className="px-4 py-2">{environment.nodepools}</td>
                  {manage ? (
                    <td className="px-4 py-2">
                      <div className="flex gap-2">
                        <RenameEnvironmentButton org={org.handle} environment={environment} />
                        <DeleteEnvironmentButton org={org.handle} environment={environment} />
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
