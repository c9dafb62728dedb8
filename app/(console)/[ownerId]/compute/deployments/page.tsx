import type { Metadata } from "next";
import Link from "next/link";
import { AccessBadge } from "@/components/compute/access-badge";
import { loadCompute } from "../load-compute";
import { DataTable } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";

export const metadata: Metadata = { title: "Deployments" };

export default async function DeploymentsPage({ params }: { params: Promise<{ ownerId: string }> }) {
  const { view, base } = await loadCompute((await params).ownerId);
  const access = new Map(view.environments.map((environment) => [environment.id, environment.access]));
  return (
    <section aria-labelledby="deployments-heading" className="space-y-3">
      <div>
        <h1 id="deployments-heading" className="text-xl font-semibold">
          Deployments
        </h1>
        <p className="text-sm text-slate-600">Every model deployed in the nodepools of the environments you have access to. Deploy, scale and undeploy from a nodepool&apos;s page.</p>
      </div>
      {view.deployments.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="text-sm text-slate-600">No deployments yet. Open a nodepool and use Deploy Model.</p>
        </div>
      ) : (
        <DataTable
          label="Deployments"
          columns={[
            { id: "deployment", header: "Deployment", sortable: true, rowHeader: true },
            { id: "model", header: "Model", sortable: true },
            { id: "nodepool", header: "Nodepool", sortable: true },
            { id: "environment", header: "Environment", sortable: true },
            { id: "replicas", header: "Replicas (min–max)", sortable: true },
            { id: "deployed", header: "Deployed", sortable: true, className: "text-slate-600" },
          ]}
          defaultSort={{ column: "deployment" }}
          rows={view.deployments.map((deployment) => {
            const level = access.get(deployment.environmentId);
            return {
              id: deployment.id,
              sortValues: {
                deployment: deployment.deploymentId,
                model: deployment.modelName,
                nodepool: `${deployment.clusterId}/${deployment.nodepoolId}`,
                environment: deployment.environmentName,
                replicas: deployment.maxReplicas,
                deployed: deployment.createdAt.toISOString(),
              },
              cells: {
                deployment: deployment.deploymentId,
                model: (
                  <>
                    {deployment.modelName}
                    <span className="block text-slate-500">
                      {deployment.appId}/{deployment.modelId}
                    </span>
                  </>
                ),
                nodepool: (
                  <Link href={`${base}/clusters/${encodeURIComponent(deployment.clusterId)}/nodepools/${encodeURIComponent(deployment.nodepoolId)}`} className="font-medium text-brand-600 hover:underline">
                    {deployment.clusterId}/{deployment.nodepoolId}
                  </Link>
                ),
                environment: (
                  <>
                    {deployment.environmentName} {level ? <AccessBadge level={level} /> : null}
                  </>
                ),
                replicas: `${deployment.minReplicas}–${deployment.maxReplicas}`,
                deployed: <Time value={deployment.createdAt} />,
              },
            };
          })}
        />
      )}
    </section>
  );
}
