// Demo compute for a first look at the Compute section: demo-org's two default environments, one
// cluster with a nodepool in each of them (with a few days of node-count history, so node-hours
// and costs have something to show), and one model of an app deployed in Production. Desired
// state only: nothing runs.

import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { insertCluster, insertDeployment, insertEnvironments, insertNodepool, listEnvironments, recordNodeCount } from "../queries/compute";
import { apps, models } from "../schema";

const HOUR = 3_600_000;

export const DEMO_COMPUTE = {
  clusterId: "demo-cluster",
  nodepools: { development: "cpu-dev", production: "gpu-prod" },
  deploymentId: "product-search-prod",
  model: { appId: "product-search", modelId: "product-embedder", name: "Product embedder" },
} as const;

export async function seedDemoCompute(db: DbOrTx, { orgId, createdBy, now = new Date() }: { orgId: string; createdBy: string; now?: Date }): Promise<void> {
  // Organizations made through the console get these when created; the demo one is inserted directly.
  let environments = await listEnvironments(db, { orgId });
  if (environments.length === 0) {
    await insertEnvironments(db, { orgId, names: ["Development", "Production"] });
    environments = await listEnvironments(db, { orgId });
  }
  const environmentId = (name: string) => environments.find((environment) => environment.name === name)!.id;

  const cluster = await insertCluster(db, {
    orgId,
    clusterId: DEMO_COMPUTE.clusterId,
    name: "Demo cluster",
    cloudProvider: "aws",
    region: "us-east-1",
    description: "Where the demo apps' models are served.",
    createdBy,
  });
  const pools = [
    { nodepoolId: DEMO_COMPUTE.nodepools.development, environment: "Development", instanceType: "cpu-small", minNodes: 0, maxNodes: 2, counts: [1, 0, 1], description: "Trying models out." },
    { nodepoolId: DEMO_COMPUTE.nodepools.production, environment: "Production", instanceType: "gpu-t4", minNodes: 1, maxNodes: 4, counts: [1, 3, 2], description: "Serves product search." },
  ];
  const nodepoolRefs: Record<string, string> = {};
  for (const pool of pools) {
    const nodeCount = pool.counts[pool.counts.length - 1]!;
    const id = await insertNodepool(db, {
      orgId,
      clusterRef: cluster.id,
      nodepoolId: pool.nodepoolId,
      environmentId: environmentId(pool.environment),
      instanceType: pool.instanceType,
      minNodes: pool.minNodes,
      maxNodes: pool.maxNodes,
      nodeCount,
      description: pool.description,
      createdBy,
    });
    nodepoolRefs[pool.nodepoolId] = id;
    // One count per day over the last days, the last one being the current count.
    for (const [index, count] of pool.counts.entries()) {
      const at = new Date(now.getTime() - (pool.counts.length - index) * 24 * HOUR);
      await recordNodeCount(db, { orgId, nodepoolRef: id, clusterId: cluster.clusterId, nodepoolId: pool.nodepoolId, instanceType: pool.instanceType, nodeCount: count, at, changedBy: createdBy });
    }
  }

  const [app] = await db.select({ id: apps.id }).from(apps).where(and(eq(apps.ownerOrgId, orgId), eq(apps.appId, DEMO_COMPUTE.model.appId)));
  if (!app) return;
  await db
    .insert(models)
    .values({ appRef: app.id, modelId: DEMO_COMPUTE.model.modelId, name: DEMO_COMPUTE.model.name, modelTypeId: "visual-embedder", description: "Embeds product photos for visual search." })
    .onConflictDoNothing();
  await insertDeployment(db, {
    orgId,
    nodepoolRef: nodepoolRefs[DEMO_COMPUTE.nodepools.production]!,
    deploymentId: DEMO_COMPUTE.deploymentId,
    appRef: app.id,
    modelId: DEMO_COMPUTE.model.modelId,
    modelVersion: "",
    minReplicas: 1,
    maxReplicas: 2,
    createdBy,
    // Deployed since the nodepool's history began, so its node-hours are product search's compute.
    createdAt: new Date(now.getTime() - pools[1]!.counts.length * 24 * HOUR),
  });
}
