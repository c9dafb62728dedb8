import Link from "next/link";
import { DeployAppModelButton } from "@/components/compute/deployment-dialogs";
import { deployTargetsForApp, type AppDeployTargets } from "@/lib/operations/compute";
import { runOperation } from "@/lib/operations/runner";
import type { AppRecord } from "@/lib/services/access";

type Model = { id: string; name: string; type: string };

/**
 * The app's models (those the viewer may list), each with where it is deployed and — for an
 * organization's app, to those lib/authz lets deploy its models somewhere — Deploy Model.
 */
export async function AppModels({ app, userId, models, count }: { app: AppRecord; userId: string; models: Model[]; count: number }) {
  // Only an organization's apps are deployed (into its nodepools); a member who may deploy nowhere gets no button.
  const targets: AppDeployTargets = app.ownerOrgId
    ? await runOperation(deployTargetsForApp, { userId }, { org: app.ownerHandle, appId: app.appId }).then((result) => (result.ok ? result.data : { nodepools: [], deployments: [] }))
    : { nodepools: [], deployments: [] };
  const computeBase = `/${encodeURIComponent(app.ownerHandle)}/compute/clusters`;
  return (
    <section aria-labelledby="app-models" className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <h2 id="app-models" className="font-semibold">
        Models
      </h2>
      {models.length === 0 ? (
        <p className="text-sm text-slate-500">This app has no models yet.</p>
      ) : (
        <div role="region" aria-label="Models of this app" tabIndex={0} className="relative overflow-x-auto">
          <table aria-label="Models" className="w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1 pr-4 font-medium">Model</th>
                <th className="py-1 pr-4 font-medium">Type</th>
                {app.ownerOrgId ? <th className="py-1 pr-4 font-medium">Deployed in</th> : null}
                {targets.nodepools.length > 0 ? (
                  <th className="py-1 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {models.map((model) => {
                const deployed = targets.deployments.filter((deployment) => deployment.modelId === model.id);
                return (
                  <tr key={model.id}>
                    <td className="py-2 pr-4">
                      {model.name} <span className="font-mono text-xs text-slate-500">{model.id}</span>
                    </td>
                    <td className="py-2 pr-4 text-slate-600">{model.type}</td>
                    {app.ownerOrgId ? (
                      <td className="py-2 pr-4 text-slate-600">
                        {deployed.length === 0
                          ? "—"
                          : deployed.map((deployment, index) => (
                              <span key={deployment.deploymentId}>
                                {index > 0 ? ", " : null}
                                <Link href={`${computeBase}/${encodeURIComponent(deployment.clusterId)}/nodepools/${encodeURIComponent(deployment.nodepoolId)}`} className="hover:underline">
                                  {deployment.nodepoolId}
                                </Link>{" "}
                                ({deployment.environmentName}, {deployment.minReplicas}–{deployment.maxReplicas} replicas)
                              </span>
                            ))}
                      </td>
                    ) : null}
                    {targets.nodepools.length > 0 ? (
                      <td className="py-2 text-right">
                        <DeployAppModelButton org={app.ownerHandle} appId={app.appId} model={{ id: model.id, name: model.name }} targets={targets.nodepools} />
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {count > models.length ? <p className="text-xs text-slate-500">The newest {models.length} of {count} models.</p> : null}
    </section>
  );
}
