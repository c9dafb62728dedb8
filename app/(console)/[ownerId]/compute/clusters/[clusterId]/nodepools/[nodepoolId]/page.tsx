import Link from "next/link";
import { AccessBadge } from "@/components/compute/access-badge";
import { DeployModelButton, ScaleDeploymentButton, UndeployButton } from "@/components/compute/deployment-dialogs";
import { instanceSummary, nodeHourPrice, nodeHoursCost, placeName } from "@/components/compute/format";
import { DeleteNodepoolButton, EditNodepoolButton, ScaleNodepoolButton } from "@/components/compute/nodepool-dialogs";
import { findInstanceType } from "@/lib/compute/catalog";
import { nodepoolUsage, viewNodepool } from "@/lib/operations/compute";
import { runOperation } from "@/lib/operations/runner";
import { answered, loadCompute } from "../../../../load-compute";
import { DataTable } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";

/** Changes shown (newest first); the node-hours above count the whole history. */
const HISTORY_SHOWN = 50;

type Params = { params: Promise<{ ownerId: string; clusterId: string; nodepoolId: string }> };

export default async function NodepoolPage({ params }: Params) {
  const { ownerId, clusterId, nodepoolId } = await params;
  // The section first: someone without any compute gets 403 here, not a 404 for the nodepool.
  const { org, view, base, user } = await loadCompute(ownerId);
  const ref = { org: org.handle, clusterId: decodeURIComponent(clusterId), nodepoolId: decodeURIComponent(nodepoolId) };
  // A nodepool in an environment the reader has no access to does not exist for them (404).
  const [page, usage] = [answered(await runOperation(viewNodepool, { userId: user.id }, ref)), answered(await runOperation(nodepoolUsage, { userId: user.id }, ref))];
  const { nodepool, deployments, access } = page;
  const cluster = view.clusters.find((candidate) => candidate.id === nodepool.clusterRef);
  const type = findInstanceType(nodepool.instanceType);
  const clusterPath = `${base}/clusters/${encodeURIComponent(nodepool.clusterId)}`;
  const manage = view.may.manageInfrastructure;
  const nodeHours = usage.usage?.nodeHours ?? 0;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm text-slate-500">
            <Link href={base} className="hover:underline">
              Clusters
            </Link>{" "}
            ·{" "}
            <Link href={clusterPath} className="hover:underline">
              {cluster?.name ?? nodepool.clusterId}
            </Link>{" "}
            · Nodepool
          </p>
          <h1 className="text-xl font-semibold">{nodepool.nodepoolId}</h1>
          {nodepool.description ? <p className="mt-1 text-sm text-slate-700">{nodepool.description}</p> : null}
        </div>
        {manage ? (
          <div className="flex flex-wrap gap-2">
            <ScaleNodepoolButton
              org={org.handle}
              nodepool={{ clusterId: nodepool.clusterId, nodepoolId: nodepool.nodepoolId, minNodes: nodepool.minNodes, maxNodes: nodepool.maxNodes, nodeCount: nodepool.nodeCount, description: nodepool.description }}
            />
            <EditNodepoolButton org={org.handle} nodepool={{ clusterId: nodepool.clusterId, nodepoolId: nodepool.nodepoolId, description: nodepool.description }} />
            <DeleteNodepoolButton org={org.handle} nodepool={{ clusterId: nodepool.clusterId, nodepoolId: nodepool.nodepoolId }} deployments={deployments.length} afterDelete={clusterPath} />
          </div>
        ) : null}
      </div>

      <dl aria-label="Nodepool details" className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <dt className="text-sm text-slate-500">Environment</dt>
          <dd className="mt-1 font-medium">
            {nodepool.environmentName} <AccessBadge level={access} />
          </dd>
        </div>
        <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <dt className="text-sm text-slate-500">Instance type</dt>
          <dd className="mt-1 font-medium">{type?.name ?? nodepool.instanceType}</dd>
          {type ? <dd className="text-xs text-slate-600">{instanceSummary(type, view.prices)}</dd> : null}
        </div>
        <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <dt className="text-sm text-slate-500">Node count</dt>
          <dd className="mt-1 font-medium">{nodepool.nodeCount}</dd>
          <dd className="text-xs text-slate-600">
            between {nodepool.minNodes} and {nodepool.maxNodes}
          </dd>
        </div>
        <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <dt className="text-sm text-slate-500">Cluster</dt>
          <dd className="mt-1 font-medium">{cluster ? placeName(cluster.cloudProvider, cluster.region) : nodepool.clusterId}</dd>
        </div>
      </dl>

      <section aria-labelledby="deployments-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 id="deployments-heading" className="text-lg font-semibold">
              Deployments
            </h2>
            {access !== "full" ? <p className="text-sm text-slate-600">You have read-only access to {nodepool.environmentName}: you see its deployments but do not deploy, scale or undeploy there.</p> : null}
          </div>
          {access === "full" ? (
            <DeployModelButton
              org={org.handle}
              clusterId={nodepool.clusterId}
              nodepoolId={nodepool.nodepoolId}
              environmentName={nodepool.environmentName}
              models={page.deployable}
              truncated={page.deployableTruncated}
            />
          ) : null}
        </div>
        {deployments.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
            <p className="text-sm text-slate-600">{access === "full" ? "Nothing is deployed here yet. Deploy a model of one of your apps with Deploy Model." : "Nothing is deployed here yet."}</p>
          </div>
        ) : (
          <DataTable
            label="Deployments"
            columns={[
              { id: "deployment", header: "Deployment", sortable: true, rowHeader: true },
              { id: "model", header: "Model", sortable: true },
              { id: "replicas", header: "Replicas (min–max)", sortable: true },
              { id: "deployed", header: "Deployed", sortable: true, className: "text-slate-600" },
              { id: "actions", header: "Actions" },
            ]}
            defaultSort={{ column: "deployment" }}
            rows={deployments.map((deployment) => ({
              id: deployment.id,
              sortValues: { deployment: deployment.deploymentId, model: deployment.modelName, replicas: deployment.maxReplicas, deployed: deployment.createdAt.toISOString() },
              cells: {
                deployment: deployment.deploymentId,
                model: (
                  <>
                    {deployment.modelName}
                    <span className="block text-slate-500">
                      {deployment.appId}/{deployment.modelId}
                      {deployment.modelVersion ? ` · version ${deployment.modelVersion}` : ""}
                    </span>
                  </>
                ),
                replicas: `${deployment.minReplicas}–${deployment.maxReplicas}`,
                deployed: <Time value={deployment.createdAt} />,
                actions: deployment.mayChange ? (
                  <div className="flex gap-2">
                    <ScaleDeploymentButton org={org.handle} deployment={{ deploymentId: deployment.deploymentId, appId: deployment.appId, modelId: deployment.modelId, minReplicas: deployment.minReplicas, maxReplicas: deployment.maxReplicas }} />
                    <UndeployButton org={org.handle} deployment={{ deploymentId: deployment.deploymentId, appId: deployment.appId, modelId: deployment.modelId }} />
                  </div>
                ) : (
                  <span className="text-slate-500">Read-only</span>
                ),
              },
            }))}
          />
        )}
      </section>

      <section aria-labelledby="history-heading" className="space-y-3">
        <div>
          <h2 id="history-heading" className="text-lg font-semibold">
            Node count history
          </h2>
          <p className="text-sm text-slate-600">
            Every node count this nodepool was set to, when, and by whom. {nodeHours.toLocaleString("en-US", { maximumFractionDigits: 2 })} node-hours so far
            {type ? `, ${nodeHoursCost(nodeHours, type.id, view.prices)} at ${nodeHourPrice(type.id, view.prices)} per node-hour` : ""} — as recorded here: no machine was started by this console.
          </p>
        </div>
        {usage.history.length === 0 ? (
          <p className="text-sm text-slate-600">No node count recorded yet.</p>
        ) : (
          <DataTable
            label="Node count history"
            columns={[
              { id: "from", header: "From", className: "text-slate-600" },
              { id: "count", header: "Node count" },
              { id: "by", header: "Set by" },
            ]}
            rows={usage.history
              .slice(-HISTORY_SHOWN)
              .reverse()
              .map((row, index) => ({
                id: `${row.at.toISOString()}-${index}`,
                cells: {
                  from: <Time value={row.at} absolute />,
                  count: row.nodeCount,
                  // Null once the account that set it is deleted.
                  by: row.changedByName ?? <span className="text-slate-500">Not recorded</span>,
                },
              }))}
          />
        )}
        {usage.history.length > HISTORY_SHOWN ? <p className="text-sm text-slate-600">The latest {HISTORY_SHOWN} of {usage.history.length} changes; the node-hours count them all.</p> : null}
      </section>
    </div>
  );
}
