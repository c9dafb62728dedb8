import Link from "next/link";
import { notFound } from "next/navigation";
import { AccessBadge } from "@/components/compute/access-badge";
import { DeleteClusterButton, EditClusterButton } from "@/components/compute/cluster-dialogs";
import { instanceName, placeName } from "@/components/compute/format";
import { CreateNodepoolButton } from "@/components/compute/nodepool-dialogs";
import { loadCompute } from "../../load-compute";
import { DataTable } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";

type Params = { params: Promise<{ ownerId: string; clusterId: string }> };

export default async function ClusterPage({ params }: Params) {
  const { ownerId, clusterId } = await params;
  const { org, view, base } = await loadCompute(ownerId);
  const cluster = view.clusters.find((candidate) => candidate.clusterId === decodeURIComponent(clusterId));
  if (!cluster) notFound();
  const clusterPath = `${base}/clusters/${encodeURIComponent(cluster.clusterId)}`;
  const nodepools = view.nodepools.filter((nodepool) => nodepool.clusterRef === cluster.id);
  const access = new Map(view.environments.map((environment) => [environment.id, environment.access]));
  const deploymentCount = (nodepoolRef: string) => view.deployments.filter((deployment) => deployment.nodepoolRef === nodepoolRef).length;
  const manage = view.may.manageInfrastructure;
  const shown = { clusterId: cluster.clusterId, name: cluster.name, description: cluster.description };
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm text-slate-500">
            <Link href={base} className="hover:underline">
              Clusters
            </Link>{" "}
            · {cluster.clusterId}
          </p>
          <h1 className="text-xl font-semibold">{cluster.name}</h1>
          <p className="text-sm text-slate-600">{placeName(cluster.cloudProvider, cluster.region)}</p>
          {cluster.description ? <p className="mt-1 text-sm text-slate-700">{cluster.description}</p> : null}
        </div>
        {manage ? (
          <div className="flex gap-2">
            <EditClusterButton org={org.handle} cluster={shown} />
            <DeleteClusterButton org={org.handle} cluster={shown} nodepools={nodepools.length} afterDelete={base} />
          </div>
        ) : null}
      </div>
      <section aria-labelledby="nodepools-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="nodepools-heading" className="text-lg font-semibold">
            Nodepools
          </h2>
          {manage ? <CreateNodepoolButton org={org.handle} clusterId={cluster.clusterId} environments={view.environments.map(({ id, name }) => ({ id, name }))} prices={view.prices} base={base} /> : null}
        </div>
        {nodepools.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
            <p className="text-sm text-slate-600">{manage ? "No nodepools yet. Create one with Create Nodepool: an instance type and a node range in one environment." : "No nodepool of this cluster is in an environment you have access to."}</p>
          </div>
        ) : (
          <DataTable
            label="Nodepools"
            columns={[
              { id: "nodepool", header: "Nodepool", sortable: true, rowHeader: true, className: "font-normal" },
              { id: "environment", header: "Environment", sortable: true },
              { id: "instance", header: "Instance type", sortable: true },
              { id: "nodes", header: "Nodes (min–max)", sortable: true },
              { id: "deployments", header: "Deployments", sortable: true },
              { id: "created", header: "Created", sortable: true, className: "text-slate-600" },
            ]}
            defaultSort={{ column: "nodepool" }}
            rows={nodepools.map((nodepool) => {
              const level = access.get(nodepool.environmentId);
              return {
                id: nodepool.id,
                sortValues: {
                  nodepool: nodepool.nodepoolId,
                  environment: nodepool.environmentName,
                  instance: instanceName(nodepool.instanceType),
                  nodes: nodepool.nodeCount,
                  deployments: deploymentCount(nodepool.id),
                  created: nodepool.createdAt.toISOString(),
                },
                cells: {
                  nodepool: (
                    <>
                      <Link href={`${clusterPath}/nodepools/${encodeURIComponent(nodepool.nodepoolId)}`} className="font-medium text-brand-600 hover:underline">
                        {nodepool.nodepoolId}
                      </Link>
                      {nodepool.description ? <span className="block text-slate-500">{nodepool.description}</span> : null}
                    </>
                  ),
                  environment: (
                    <>
                      {nodepool.environmentName} {level ? <AccessBadge level={level} /> : null}
                    </>
                  ),
                  instance: instanceName(nodepool.instanceType),
                  nodes: `${nodepool.nodeCount} (${nodepool.minNodes}–${nodepool.maxNodes})`,
                  deployments: deploymentCount(nodepool.id),
                  created: <Time value={nodepool.createdAt} />,
                },
              };
            })}
          />
        )}
      </section>
    </div>
  );
}
