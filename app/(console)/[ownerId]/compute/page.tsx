import Link from "next/link";
import { CreateClusterButton } from "@/components/compute/cluster-dialogs";
import { placeName } from "@/components/compute/format";
import { loadCompute } from "./load-compute";
import { DataTable } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";

export default async function ClustersPage({ params }: { params: Promise<{ ownerId: string }> }) {
  const { org, view, base } = await loadCompute((await params).ownerId);
  const nodepoolsOf = (clusterId: string) => view.nodepools.filter((nodepool) => nodepool.clusterId === clusterId);
  const deploymentsOf = (clusterId: string) => view.deployments.filter((deployment) => deployment.clusterId === clusterId).length;
  return (
    <section aria-labelledby="clusters-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 id="clusters-heading" className="text-xl font-semibold">
            Clusters
          </h1>
          <p className="text-sm text-slate-600">
            {view.may.manageInfrastructure ? "Create clusters and their nodepools; members deploy models into them as their environment access allows." : "You can open the nodepools of the environments you have access to."}
          </p>
        </div>
        {view.may.manageInfrastructure ? <CreateClusterButton org={org.handle} base={base} /> : null}
      </div>
      {view.clusters.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="text-sm text-slate-600">
            {view.may.manageInfrastructure ? "No clusters yet. Create one with Create Cluster, then add nodepools to it." : "No clusters yet. Admins and Infrastructure Managers create them."}
          </p>
        </div>
      ) : (
        <DataTable
          label="Clusters"
          columns={[
            { id: "cluster", header: "Cluster", sortable: true, rowHeader: true, className: "font-normal" },
            { id: "place", header: "Cloud and region", sortable: true },
            { id: "nodepools", header: "Nodepools", sortable: true },
            { id: "deployments", header: "Deployments", sortable: true },
            { id: "created", header: "Created", sortable: true, className: "text-slate-600" },
          ]}
          defaultSort={{ column: "cluster" }}
          rows={view.clusters.map((cluster) => {
            const nodepools = nodepoolsOf(cluster.clusterId);
            return {
              id: cluster.id,
              sortValues: { cluster: cluster.name, place: placeName(cluster.cloudProvider, cluster.region), nodepools: nodepools.length, deployments: deploymentsOf(cluster.clusterId), created: cluster.createdAt.toISOString() },
              cells: {
                cluster: (
                  <>
                    <Link href={`${base}/clusters/${encodeURIComponent(cluster.clusterId)}`} className="font-medium text-brand-600 hover:underline">
                      {cluster.name}
                    </Link>
                    <span className="block text-slate-500">{cluster.clusterId}</span>
                  </>
                ),
                place: placeName(cluster.cloudProvider, cluster.region),
                nodepools: nodepools.length === 0 ? "—" : nodepools.map((nodepool) => `${nodepool.nodepoolId} (${nodepool.environmentName})`).join(", "),
                deployments: deploymentsOf(cluster.clusterId),
                created: <Time value={cluster.createdAt} />,
              },
            };
          })}
        />
      )}
    </section>
  );
}
