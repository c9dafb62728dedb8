// An organization's compute over /v2 (Clarifai's Compute Orchestration methods: ListComputeClusters,
// GetComputeCluster, PostComputeClusters, DeleteComputeClusters, ListNodepools, GetNodepool,
// PostNodepools, PatchNodepools, DeleteNodepools, ListDeployments, GetDeployment, PostDeployments,
// PatchDeployments, DeleteDeployments). Every method is one of the console's descriptors
// (./compute.ts) — its rule, environment access and run — reading Clarifai's request shape strictly
// first; those descriptors change one resource at a time, so a request names exactly one. Clarifai
// fields this server does not record (autoscaling delays, capacity types, visibility) are refused
// by name rather than ignored.

import { z } from "zod";
import { findInstanceType, findProvider } from "@/lib/compute/catalog";
import type { ClusterRow, DeploymentRow, NodepoolRow } from "@/db/queries/compute";
import { failBecause, type Failure, type Result } from "@/lib/result";
import { handleKey, unstorableText } from "@/lib/validation/common";
import { apiId, apiObject, fieldPath, pageWindow, paging, says, type Unsupported } from "./api-input";
import { servedAs } from "./api-request";
import { underApiFields } from "./api-shapes";
import {
  ALREADY_DEPLOYED,
  CLUSTER_TAKEN,
  DEPLOYMENT_TAKEN,
  NODEPOOL_TAKEN,
  createCluster,
  deleteCluster,
  deleteDeployment,
  deleteNodepool,
  deployModel,
  updateCluster,
  updateDeployment,
  updateNodepool,
  viewCluster,
  viewCompute,
  viewDeployment,
  viewNodepool,
  createNodepool,
} from "./compute";
import type { OrgOperation } from "./operation";

// ─── Requests ─────────────────────────────────────────────────────────────────────────────────

type Path = readonly (string | number)[];

function at(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/**
 * A request to an organization's compute: its own fields and no others, without the organization
 * the API layer adds (`org`). Each field at `owners` — a `user_id` a Clarifai client repeats — may
 * only name that organization: a model, cluster or deployment of another owner is not this one's.
 */
function orgRequest<Shape extends z.ZodRawShape>(shape: Shape, unsupported: Unsupported = {}, owners: readonly Path[] = []) {
  return z
    .looseObject({ org: z.string().optional() })
    .superRefine((raw, context) => {
      // The organization is the runner's to read (its tenant); without one there is nothing to compare with.
      if (raw.org === undefined) return;
      for (const path of owners) {
        const named = at(raw, path);
        if (named === undefined) continue;
        if (typeof named !== "string" || handleKey(named) !== handleKey(raw.org)) {
          context.addIssue({ code: "custom", path: [...path], message: `${fieldPath(path)} must name this organization (${raw.org}), or be left out: its compute runs only its own apps' models.` });
        }
      }
    })
    .transform(({ org: _org, ...fields }) => fields)
    .pipe(apiObject(shape, unsupported));
}

/** Exactly one item (the console's descriptors change one resource at a time). */
function one<Item extends z.ZodType>(item: Item, what: string) {
  return z.array(item, { error: says("must be a list.") }).length(1, { error: says(`must name exactly one ${what}: send one request for each.`) });
}

const text = (what: string) => z.string({ error: says(`must be ${what}.`) });
/** Text PostgreSQL stores as sent (no NUL, no unpaired surrogate), of at most `max` characters. */
const plainText = (max: number, min = 0) =>
  z
    .string({ error: says("must be a string.") })
    .min(min, { error: says("must not be empty.") })
    .max(max, { error: says(`must be at most ${max} characters.`) })
    .refine((value) => unstorableText(value) === null, { error: says("must be plain text (no control characters).") });
/** The IDs of clusters, nodepools and deployments, as the console's forms take them. */
const computeId = z
  .string({ error: says("must be a string.") })
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, { error: says("must be 1 to 48 lower-case letters, digits or '-', starting with a letter or digit.") });
const count = (max: number) =>
  z
    .number({ error: says("must be a whole number.") })
    .int({ error: says("must be a whole number.") })
    .min(0, { error: says("must be 0 or more.") })
    .max(max, { error: says(`must be at most ${max}.`) });
/** A lower bound: left out, it is 0 (a field at its proto default is left out by Clarifai's clients: ./api-defaults.ts). */
const atLeast = (max: number) => count(max).default(0);
const NODES = 1000;
const REPLICAS = 100;
const ids = (what: string) => one(computeId, what);
/** `max` of a range is at least its `min` (the range's fields as the request names them). */
function inOrder(min: string, max: string) {
  return (item: Record<string, unknown>, context: z.RefinementCtx) => {
    if (typeof item[min] === "number" && typeof item[max] === "number" && item[min] > item[max]) {
      context.addIssue({ code: "custom", path: [max], message: `${max} must be at least the minimum, ${min}.` });
    }
  };
}
const overwrite = z.literal("overwrite", { error: says('must be "overwrite": the fields sent replace the current ones.') });

const SET_BY_SERVER: Unsupported = { created_at: "set by the server.", modified_at: "set by the server." };
const NOT_RECORDED: Unsupported = { visibility: "compute is private to its organization.", metadata: "metadata is not recorded." };

// ─── Answers (resources.proto's ComputeCluster, Nodepool, Deployment) ───────────────────────────

export type ApiComputeCluster = { id: string; name: string; description: string; cloud_provider: { id: string; name: string }; region: string; user_id: string; created_at: string };

function presentCluster(cluster: ClusterRow, org: string): ApiComputeCluster {
  return {
    id: cluster.clusterId,
    name: cluster.name,
    description: cluster.description,
    cloud_provider: { id: cluster.cloudProvider, name: findProvider(cluster.cloudProvider)?.name ?? cluster.cloudProvider },
    region: cluster.region,
    user_id: org,
    created_at: cluster.createdAt.toISOString(),
  };
}

export type ApiNodepool = {
  id: string;
  description: string;
  compute_cluster: { id: string; user_id: string };
  instance_types: Array<{ id: string; description: string }>;
  min_instances: number;
  max_instances: number;
  /** Not a Clarifai field: the nodes the nodepool runs now, between min and max. */
  node_count: number;
  /** Not a Clarifai field: the environment whose access decides who sees and deploys into it. */
  environment: { name: string };
  created_at: string;
};

function presentNodepool(nodepool: NodepoolRow, org: string): ApiNodepool {
  return {
    id: nodepool.nodepoolId,
    description: nodepool.description,
    compute_cluster: { id: nodepool.clusterId, user_id: org },
    instance_types: [{ id: nodepool.instanceType, description: findInstanceType(nodepool.instanceType)?.name ?? nodepool.instanceType }],
    min_instances: nodepool.minNodes,
    max_instances: nodepool.maxNodes,
    node_count: nodepool.nodeCount,
    environment: { name: nodepool.environmentName },
    created_at: nodepool.createdAt.toISOString(),
  };
}

export type ApiDeployment = {
  id: string;
  user_id: string;
  autoscale_config: { min_replicas: number; max_replicas: number };
  nodepools: Array<{ id: string; compute_cluster: { id: string; user_id: string } }>;
  worker: { model: { id: string; app_id: string; user_id: string; name: string; model_version?: { id: string } } };
  environment: { name: string };
  created_at: string;
};

function presentDeployment(deployment: DeploymentRow, org: string): ApiDeployment {
  return {
    id: deployment.deploymentId,
    user_id: org,
    autoscale_config: { min_replicas: deployment.minReplicas, max_replicas: deployment.maxReplicas },
    nodepools: [{ id: deployment.nodepoolId, compute_cluster: { id: deployment.clusterId, user_id: org } }],
    worker: { model: { id: deployment.modelId, app_id: deployment.appId, user_id: org, name: deployment.modelName, ...(deployment.modelVersion ? { model_version: { id: deployment.modelVersion } } : {}) } },
    environment: { name: deployment.environmentName },
    created_at: deployment.createdAt.toISOString(),
  };
}

// ─── Failures under the request's own names ───────────────────────────────────────────────────

/**
 * The descriptor with its failures as the API names them: an ID already taken is Clarifai's
 * duplicate (409 / 40010), and field errors name the request's fields (`nodepools[0].max_instances`).
 */
function answeredAs<Input, Output>(operation: OrgOperation<Input, Output>, item: string, names: Readonly<Record<string, string>>): OrgOperation<Input, Output> {
  const duplicates: readonly Failure[] = [CLUSTER_TAKEN, NODEPOOL_TAKEN, DEPLOYMENT_TAKEN, ALREADY_DEPLOYED];
  const rename = (failure: Failure): Failure => (duplicates.includes(failure) ? failBecause("duplicate_id", "conflict", failure.fieldErrors ? Object.values(failure.fieldErrors).flat().join(" ") : failure.message) : underApiFields(failure, item, names));
  return {
    ...operation,
    async run(context, input): Promise<Result<Output>> {
      const result = await operation.run(context, input);
      return result.ok ? result : rename(result);
    },
    conflicts: operation.conflicts && Object.fromEntries(Object.entries(operation.conflicts).map(([constraint, failure]) => [constraint, rename(failure)])),
  };
}

// ─── Clusters ─────────────────────────────────────────────────────────────────────────────────

/** ListComputeClusters: the console's compute view, its clusters a page at a time. */
export const listComputeClusters = servedAs(viewCompute, orgRequest(paging), () => ({}));

/** The page of `items` a list request asks for (its paging was read with the request). */
export function pageOf<Item>(items: readonly Item[], query: URLSearchParams): Item[] {
  const { limit, offset } = pageWindow(z.object(paging).parse(Object.fromEntries(query)));
  return items.slice(offset, offset + limit);
}

export function presentClusters(clusters: readonly ClusterRow[], org: string): ApiComputeCluster[] {
  return clusters.map((cluster) => presentCluster(cluster, org));
}

/** GetComputeCluster: one cluster (with the nodepools of it the caller sees). */
export const getComputeCluster = servedAs(viewCluster, orgRequest({ compute_cluster_id: computeId }), ({ compute_cluster_id }) => ({ clusterId: compute_cluster_id }));

export { presentCluster, presentDeployment, presentNodepool };

const newCluster = apiObject(
  {
    id: computeId,
    name: plainText(100, 1).optional(),
    description: plainText(500).optional(),
    cloud_provider: apiObject({ id: plainText(64) }, { name: "named by its id." }),
    region: plainText(64),
    user_id: text("an ID").optional(),
  },
  { ...SET_BY_SERVER, ...NOT_RECORDED, cluster_type: "every cluster is a dedicated one.", managed_by: "every cluster is managed by this console.", key: "clusters need no key here." },
).superRefine((cluster, context) => {
  // Asked of a well-typed cluster only (zod runs refinements on objects with other issues too).
  const providerId: unknown = cluster.cloud_provider?.id;
  if (typeof providerId !== "string" || typeof cluster.region !== "string") return;
  const provider = findProvider(providerId);
  if (!provider) context.addIssue({ code: "custom", path: ["cloud_provider", "id"], message: `cloud_provider.id: unknown cloud provider "${providerId}".` });
  else if (!provider.regions.some((region) => region.id === cluster.region)) context.addIssue({ code: "custom", path: ["region"], message: `region: ${provider.name} has no region "${cluster.region}".` });
});

/** PostComputeClusters: the console's Create cluster (clusters.manage: Admin, Infrastructure Manager). */
export const postComputeClusters = servedAs(
  answeredAs(createCluster, "compute_clusters[0]", { clusterId: "id", cloudProvider: "cloud_provider.id" }),
  orgRequest({ compute_clusters: one(newCluster, "compute cluster") }, {}, [["compute_clusters", 0, "user_id"]]),
  ({ compute_clusters: [cluster] }) => ({
    clusterId: cluster!.id,
    name: cluster!.name ?? cluster!.id,
    cloudProvider: cluster!.cloud_provider.id,
    region: cluster!.region,
    description: cluster!.description ?? "",
  }),
);

const changedCluster = apiObject(
  { id: computeId, name: plainText(100, 1), description: plainText(500).optional(), user_id: text("an ID").optional() },
  { ...SET_BY_SERVER, ...NOT_RECORDED, cloud_provider: "a cluster's provider is fixed when it is created.", region: "a cluster's region is fixed when it is created.", cluster_type: "every cluster is a dedicated one.", managed_by: "every cluster is managed by this console.", key: "clusters need no key here." },
);

/** PatchComputeClusters: the console's Edit cluster (its name and description). */
export const patchComputeClusters = servedAs(
  answeredAs(updateCluster, "compute_clusters[0]", { clusterId: "id" }),
  orgRequest({ compute_clusters: one(changedCluster, "compute cluster"), action: overwrite }, {}, [["compute_clusters", 0, "user_id"]]),
  ({ compute_clusters: [cluster] }) => ({ clusterId: cluster!.id, name: cluster!.name, ...(cluster!.description === undefined ? {} : { description: cluster!.description }) }),
);

/** DeleteComputeClusters: the console's Delete cluster, with its nodepools and their deployments. */
export const deleteComputeClusters = servedAs(deleteCluster, orgRequest({ ids: ids("compute cluster") }), ({ ids: [id] }) => ({ clusterId: id }));

// ─── Nodepools ────────────────────────────────────────────────────────────────────────────────

const inCluster = { compute_cluster_id: computeId };
const NODEPOOL_FIELDS = { nodepoolId: "id", minNodes: "min_instances", maxNodes: "max_instances", nodeCount: "min_instances", instanceType: "instance_types[0].id", environmentName: "environment.name", environmentRef: "environment.name" };

/** ListNodepools: the cluster's nodepools in the environments the caller sees, a page at a time. */
export const listNodepools = servedAs(viewCluster, orgRequest({ ...inCluster, ...paging }), ({ compute_cluster_id }) => ({ clusterId: compute_cluster_id }));

/** GetNodepool: one nodepool; one in an environment the caller has no access to does not exist for them. */
export const getNodepool = servedAs(viewNodepool, orgRequest({ ...inCluster, nodepool_id: computeId }), ({ compute_cluster_id, nodepool_id }) => ({
  clusterId: compute_cluster_id,
  nodepoolId: nodepool_id,
}));

const NODEPOOL_UNSUPPORTED: Unsupported = {
  ...SET_BY_SERVER,
  ...NOT_RECORDED,
  compute_cluster: "the path names the cluster.",
  node_capacity_type: "capacity types (on-demand, spot) are not recorded.",
  enforced_min_instances: "not recorded.",
  enforced_max_instances: "not recorded.",
  node_count: "set with PatchNodepools' min_instances and max_instances: the count stays within them.",
};

const instanceType = apiObject(
  { id: plainText(64) },
  { compute_info: "read from the instance type.", price: "read from the instance type.", cloud_provider: "the cluster's.", region: "the cluster's.", description: "read from the instance type." },
).superRefine((type, context) => {
  if (typeof type.id === "string" && !findInstanceType(type.id)) context.addIssue({ code: "custom", path: ["id"], message: `instance_types: unknown instance type "${type.id}".` });
});

const newNodepool = apiObject(
  {
    id: computeId,
    description: plainText(500).optional(),
    instance_types: one(instanceType, "instance type"),
    min_instances: atLeast(NODES),
    max_instances: count(NODES),
    environment: apiObject({ name: plainText(100, 1) }),
  },
  NODEPOOL_UNSUPPORTED,
).superRefine(inOrder("min_instances", "max_instances"));

/** PostNodepools: the console's Create nodepool, in an environment named by its name. */
export const postNodepools = servedAs(
  answeredAs(createNodepool, "nodepools[0]", NODEPOOL_FIELDS),
  orgRequest({ ...inCluster, nodepools: one(newNodepool, "nodepool") }),
  ({ compute_cluster_id, nodepools: [nodepool] }) => ({
    clusterId: compute_cluster_id,
    nodepoolId: nodepool!.id,
    environmentName: nodepool!.environment.name,
    instanceType: nodepool!.instance_types[0]!.id,
    minNodes: nodepool!.min_instances,
    maxNodes: nodepool!.max_instances,
    description: nodepool!.description ?? "",
  }),
);

const changedNodepool = apiObject(
  { id: computeId, description: plainText(500).optional(), min_instances: atLeast(NODES), max_instances: count(NODES) },
  { ...NODEPOOL_UNSUPPORTED, instance_types: "a nodepool's instance type is fixed when it is created.", environment: "a nodepool's environment is fixed when it is created." },
).superRefine(inOrder("min_instances", "max_instances"));

/** PatchNodepools: the console's Edit nodepool (its range, and description; the node count is kept within the range). */
export const patchNodepools = servedAs(
  answeredAs(updateNodepool, "nodepools[0]", NODEPOOL_FIELDS),
  orgRequest({ ...inCluster, nodepools: one(changedNodepool, "nodepool"), action: overwrite }),
  ({ compute_cluster_id, nodepools: [nodepool] }) => ({
    clusterId: compute_cluster_id,
    nodepoolId: nodepool!.id,
    minNodes: nodepool!.min_instances,
    maxNodes: nodepool!.max_instances,
    ...(nodepool!.description === undefined ? {} : { description: nodepool!.description }),
  }),
);

/** DeleteNodepools: the console's Delete nodepool, with its deployments. */
export const deleteNodepools = servedAs(deleteNodepool, orgRequest({ ...inCluster, ids: ids("nodepool") }), ({ compute_cluster_id, ids: [id] }) => ({
  clusterId: compute_cluster_id,
  nodepoolId: id,
}));

// ─── Deployments ──────────────────────────────────────────────────────────────────────────────

/** ListDeployments: the deployments in the environments the caller sees, optionally of one nodepool or cluster. */
export const listDeployments = servedAs(
  viewCompute,
  orgRequest({ ...paging, nodepool_id: computeId.optional(), compute_cluster_id: computeId.optional() }, { model_version_ids: "filter by nodepool_id or compute_cluster_id.", workflow_version_ids: "workflows are not deployed here." }),
  () => ({}),
);

/** The deployments a ListDeployments request asks for: of the nodepool and cluster named, that page. */
export function deploymentsAsked(deployments: readonly DeploymentRow[], query: URLSearchParams): DeploymentRow[] {
  const nodepool = query.get("nodepool_id");
  const cluster = query.get("compute_cluster_id");
  return pageOf(
    deployments.filter((deployment) => (nodepool === null || deployment.nodepoolId === nodepool) && (cluster === null || deployment.clusterId === cluster)),
    query,
  );
}

/** GetDeployment: one deployment; one in an environment the caller has no access to does not exist for them. */
export const getDeployment = servedAs(viewDeployment, orgRequest({ deployment_id: computeId }), ({ deployment_id }) => ({ deploymentId: deployment_id }));

const DEPLOYMENT_FIELDS = {
  deploymentId: "id",
  appId: "worker.model.app_id",
  modelId: "worker.model.id",
  modelVersion: "worker.model.model_version.id",
  clusterId: "nodepools[0].compute_cluster.id",
  nodepoolId: "nodepools[0].id",
  minReplicas: "autoscale_config.min_replicas",
  maxReplicas: "autoscale_config.max_replicas",
};

const AUTOSCALING_NOT_RECORDED = "this server records min_replicas and max_replicas only.";
const autoscaleConfig = apiObject(
  { min_replicas: atLeast(REPLICAS), max_replicas: count(REPLICAS) },
  Object.fromEntries(
    ["traffic_history_seconds", "scale_down_delay_seconds", "scale_up_delay_seconds", "scale_to_zero_delay_seconds", "disable_packing", "enable_packing", "idle_node_count", "max_scale_up_rate", "max_scale_down_rate"].map((field) => [field, AUTOSCALING_NOT_RECORDED]),
  ),
).superRefine(inOrder("min_replicas", "max_replicas"));

const DEPLOYMENT_UNSUPPORTED: Unsupported = {
  ...SET_BY_SERVER,
  ...NOT_RECORDED,
  description: "not recorded.",
  scheduling_choice: "a deployment runs in the one nodepool it names.",
  deploy_latest_version: "name the version in worker.model.model_version.id.",
};

const newDeployment = apiObject(
  {
    id: computeId,
    user_id: text("an ID").optional(),
    worker: apiObject(
      {
        model: apiObject(
          { id: apiId, app_id: apiId, user_id: text("an ID").optional(), model_version: apiObject({ id: apiId }).optional() },
          { name: "named by its id.", output_info: "the model's own.", model_type_id: "the model's own." },
        ),
      },
      { workflow: "workflows are not deployed here: deploy one of its models." },
    ),
    nodepools: one(apiObject({ id: computeId, compute_cluster: apiObject({ id: computeId, user_id: text("an ID").optional() }) }), "nodepool"),
    autoscale_config: autoscaleConfig,
  },
  DEPLOYMENT_UNSUPPORTED,
);

/** PostDeployments: the console's Deploy Model (full access to the nodepool's environment, for that app's models). */
export const postDeployments = servedAs(
  answeredAs(deployModel, "deployments[0]", DEPLOYMENT_FIELDS),
  orgRequest({ deployments: one(newDeployment, "deployment") }, {}, [
    ["deployments", 0, "user_id"],
    ["deployments", 0, "worker", "model", "user_id"],
    ["deployments", 0, "nodepools", 0, "compute_cluster", "user_id"],
  ]),
  ({ deployments: [deployment] }) => ({
    deploymentId: deployment!.id,
    clusterId: deployment!.nodepools[0]!.compute_cluster.id,
    nodepoolId: deployment!.nodepools[0]!.id,
    appId: deployment!.worker.model.app_id,
    modelId: deployment!.worker.model.id,
    modelVersion: deployment!.worker.model.model_version?.id ?? "",
    minReplicas: deployment!.autoscale_config.min_replicas,
    maxReplicas: deployment!.autoscale_config.max_replicas,
  }),
);

const changedDeployment = apiObject(
  { id: computeId, user_id: text("an ID").optional(), autoscale_config: autoscaleConfig },
  { ...DEPLOYMENT_UNSUPPORTED, worker: "a deployment's model is fixed: deploy the other model and delete this deployment.", nodepools: "a deployment's nodepool is fixed: deploy there and delete this deployment." },
);

/** PatchDeployments: the console's scaling of a deployment (its replica range). */
export const patchDeployments = servedAs(
  answeredAs(updateDeployment, "deployments[0]", DEPLOYMENT_FIELDS),
  orgRequest({ deployments: one(changedDeployment, "deployment"), action: overwrite }, {}, [["deployments", 0, "user_id"]]),
  ({ deployments: [deployment] }) => ({ deploymentId: deployment!.id, minReplicas: deployment!.autoscale_config.min_replicas, maxReplicas: deployment!.autoscale_config.max_replicas }),
);

/** DeleteDeployments: the console's undeploy. */
export const deleteDeployments = servedAs(deleteDeployment, orgRequest({ ids: ids("deployment") }), ({ ids: [id] }) => ({ deploymentId: id }));
