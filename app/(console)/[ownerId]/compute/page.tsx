import Link from "next/link";
import { CreateClusterButton } from "@/components/compute/cluster-dialogs";
import { placeName, utcTime } from "@/components/compute/format";
import { loadCompute } from "./load-compute";

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
        <div className="overflow-x-auto">
          <table aria-label="Clusters" className="w-full rounded-lg bg-white text-sm ring-1 ring-slate-200">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">Cluster</th>
                <th className="px-4 py-2 font-medium">Cloud and region</th>
                <th className="px-4 py-2 font-medium">Nodepools</th>
                <th className="px-4 py-2 font-medium">Deployments</th>
                <th className="px-4 py-2 font-medium">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {view.clusters.map((cluster) => {
                const nodepools = nodepoolsOf(cluster.clusterId);
                return (
                  <tr key={cluster.id}>
                    <td className="px-4 py-2">
                      <Link href={`${base}/clusters/${encodeURIComponent(cluster.clusterId)}`} className="font-medium text-brand-600 hover:underline">
                        {cluster.name}
                      </Link>
                      <span className="block text-slate-500">{cluster.clusterId}</span>
                    </td>
                    <td className="px-4 py-2">{placeName(cluster.cloudProvider, cluster.region)}</td>
                    <td className="px-4 py-2">{nodepools.length === 0 ? "—" : nodepools.map((nodepool) => `${nodepool.nodepoolId} (${nodepool.environmentName})`).join(", ")}</td>
                    <td className="px-4 py-2">{deploymentsOf(cluster.clusterId)}</td>
                    <td className="px-4 py-2 text-slate-600">{utcTime(cluster.createdAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
