import type { Metadata } from "next";
import Link from "next/link";
import { AccessBadge } from "@/components/compute/access-badge";
import { AddEnvironmentButton, DeleteEnvironmentButton, RenameEnvironmentButton } from "@/components/compute/environment-dialogs";
import { loadCompute } from "../load-compute";
import { DataTable } from "@/components/ui/data-table";

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
        <DataTable
          label="Environments"
          columns={[
            { id: "environment", header: "Environment", sortable: true, rowHeader: true },
            { id: "access", header: "Your access" },
            { id: "nodepools", header: "Nodepools", sortable: true },
            ...(manage ? [{ id: "actions", header: "Actions" }] : []),
          ]}
          rows={view.environments.map((environment) => ({
            id: environment.id,
            sortValues: { environment: environment.name, nodepools: environment.nodepools },
            cells: {
              environment: environment.name,
              access: <AccessBadge level={environment.access} />,
              nodepools: environment.nodepools,
              actions: (
                <div className="flex gap-2">
                  <RenameEnvironmentButton org={org.handle} environment={environment} />
                  <DeleteEnvironmentButton org={org.handle} environment={environment} />
                </div>
              ),
            },
          }))}
        />
      )}
    </section>
  );
}
