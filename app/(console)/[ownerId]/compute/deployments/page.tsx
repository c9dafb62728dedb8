import type { Metadata } from "next";
import Link from "next/link";
import { AccessBadge } from "@/components/compute/access-badge";
import { utcTime } from "@/components/compute/format";
import { loadCompute } from "../load-compute";

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
        <div className="overflow-x-auto">
          <table aria-label="Deployments" className="w-full rounded-lg bg-white text-sm ring-1 ring-slate-200">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">Deployment</th>
                <th className="px-4 py-2 font-medium">Model</th>
                <th className="px-4 py-2 font-medium">Nodepool</th>
                <th className="px-4 py-2 font-medium">Environment</th>
                <th className="px-4 py-2 font-medium">Replicas (min–max)</th>
                <th className="px-4 py-2 font-medium">Deployed</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {view.deployments.map((deployment) => {
                const level = access.get(deployment.environmentId);
                return (
                  <tr key={deployment.id}>
                    <td className="px-4 py-2 font-medium">{deployment.deploymentId}</td>
                    <td className="px-4 py-2">
                      {deployment.modelName}
                      <span className="block text-slate-500">
                        {deployment.appId}/{deployment.modelId}
                      </span>
                    </td>
                    <td className="px-4 py-2">
                      <Link href={`${base}/clusters/${encodeURIComponent(deployment.clusterId)}/nodepools/${encodeURIComponent(deployment.nodepoolId)}`} className="font-medium text-brand-600 hover:underline">
                        {deployment.clusterId}/{deployment.nodepoolId}
                      </Link>
                    </td>
                    <td className="px-4 py-2">
                      {deployment.environmentName} {level ? <AccessBadge level={level} /> : null}
                    </td>
                    <td className="px-4 py-2">
                      {deployment.minReplicas}–{deployment.maxReplicas}
                    </td>
                    <td className="px-4 py-2 text-slate-600">{utcTime(deployment.createdAt)}</td>
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
