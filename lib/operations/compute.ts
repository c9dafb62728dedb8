// Operations on an organization's compute: environments (Admins), clusters and nodepools
// (clusters.manage: Admin, Infrastructure Manager) and deployments (full access to the nodepool's
// environment for the app's models, from the role or a team holding the app — lib/authz decides,
// on facts read inside the transaction). An environment a person has no access to does not exist
// for them: its nodepools and deployments answer "not found". The console records desired state;
// it starts no machines.

import { z } from "zod";
import type { Transaction } from "@/db/client";
import * as queries from "@/db/queries/compute";
import { environmentAccess, evaluateDeployment, evaluateEnvironmentView, evaluateMembership, evaluateOrgCapability, roleEnvironmentAccess, type ComputeFacts, type Decision, type EnvironmentAccess } from "@/lib/authz";
import { monthOf, monthStart, previousMonth, type Month } from "@/lib/finance/money";
import type { InstancePrices } from "@/lib/finance/plan";
import { fail, ok, type Result } from "@/lib/result";
import {
  clusterRefInput,
  computeOpensFor,
  createClusterInput,
  createEnvironmentInput,
  createNodepoolInput,
  deployModelInput,
  deploymentRefInput,
  environmentRefInput,
  loadComputeFacts,
  nodeHours,
  nodepoolRefInput,
  renameEnvironmentInput,
  updateClusterInput,
  updateDeploymentInput,
  updateNodepoolInput,
  visibleEnvironments,
} from "@/lib/services/compute";
import { readInstancePrices } from "@/lib/services/costs";
import { deniedFailure } from "./failures";
import { defineOrgOperation } from "./operation";

const manageEnvironments = { capability: "environments.manage" } as const;
const manageInfrastructure = { capability: "clusters.manage" } as const;
const anyMember = ({ role }: { role: Parameters<typeof evaluateMembership>[0] }) => evaluateMembership(role);

const INVALID = "Please correct the highlighted fields.";
const NOT_FOUND = {
  environment: "This environment does not exist in the organization.",
  cluster: "This cluster does not exist in the organization.",
  nodepool: "This nodepool does not exist in the cluster.",
  deployment: "This deployment does not exist in the organization.",
  model: "The organization has no app with this ID holding this model.",
  app: "The organization has no app with this ID.",
} as const;
const fieldError = (field: string, message: string) => fail("invalid_input", INVALID, { [field]: [message] });

/** A refusal about an environment: one the person cannot see at all does not exist for them. */
function refusal(decision: Decision & { allowed: false }, hidden: keyof typeof NOT_FOUND) {
  return decision.deniedBy === "environment_none" ? fail("not_found", NOT_FOUND[hidden]) : deniedFailure(decision);
}

async function factsOf(tx: Transaction, orgId: string, userId: string): Promise<ComputeFacts> {
  return loadComputeFacts(tx, orgId, userId);
}

/** The nodepool named, if the person sees its environment (null: absent for them). */
async function visibleNodepool(tx: Transaction, orgId: string, facts: ComputeFacts, input: { clusterId: string; nodepoolId: string }, forUpdate = false) {
  const cluster = await queries.findCluster(tx, { orgId, clusterId: input.clusterId });
  if (!cluster) return null;
  const nodepool = await queries.findNodepool(tx, { orgId, clusterRef: cluster.id, nodepoolId: input.nodepoolId, forUpdate });
  if (!nodepool || !evaluateEnvironmentView(facts, nodepool.environmentId).allowed) return null;
  return nodepool;
}

// ─── Reading ──────────────────────────────────────────────────────────────────────────────────

export type ComputeView = {
  environments: (queries.EnvironmentRow & { access: EnvironmentAccess })[];
  clusters: queries.ClusterRow[];
  nodepools: queries.NodepoolRow[];
  deployments: queries.DeploymentRow[];
  /** What the reader may change: infrastructure (clusters and nodepools) and environments. */
  may: { manageInfrastructure: boolean; manageEnvironments: boolean };
  /** Whether the reader sees node-hours by nodepool and month (viewNodeHours answers them). */
  seesNodeHours: boolean;
  /** Node-hour prices as the costs page charges them (the plan's), for the pages and dialogs that show a price. */
  prices: InstancePrices;
};

/** Everything of the organization's compute the reader sees; refused to those who see no environment. */
export const viewCompute = defineOrgOperation({
  name: "compute.view",
  input: z.object({}),
  authorize: anyMember,
  readOnly: true,
  async run({ tx, tenant, principal, authority }): Promise<Result<ComputeView>> {
    const facts = await factsOf(tx, tenant.orgId, principal.userId);
    const environments = visibleEnvironments(facts, await queries.listEnvironments(tx, { orgId: tenant.orgId }));
    const manageInfrastructureDecision = evaluateOrgCapability(authority.role, "clusters.manage");
    if (!computeOpensFor(facts, environments)) {
      return fail("forbidden", "Your role and teams give no access to this organization's compute.", undefined, { deniedBy: "environment_none", missing: [] });
    }
    const environmentIds = environments.map((environment) => environment.id);
    const [clusters, nodepools, deployments] = [
      await queries.listClusters(tx, { orgId: tenant.orgId }),
      await queries.listNodepools(tx, { orgId: tenant.orgId, environmentIds }),
      await queries.listDeployments(tx, { orgId: tenant.orgId, environmentIds }),
    ];
    return ok({
      environments,
      clusters,
      nodepools,
      deployments,
      may: { manageInfrastructure: manageInfrastructureDecision.allowed, manageEnvironments: evaluateOrgCapability(authority.role, "environments.manage").allowed },
      seesNodeHours: evaluateOrgCapability(authority.role, "clusters.usage").allowed,
      prices: await readInstancePrices(tx, tenant.orgId),
    });
  },
});

/** How many calendar months the node-hours page covers: this one and the eleven before it. */
export const NODE_HOURS_MONTHS = 12;

export type NodeHoursView = {
  /** The first month covered and the moment the current one is read up to. */
  from: Month;
  asOf: string;
  rows: queries.NodepoolMonthRow[];
};

/**
 * Node-hours of every nodepool (deleted ones included), month by month: for those who run the
 * clusters (clusters.usage). Node-hours only — what they cost is finance.view's.
 */
export const viewNodeHours = defineOrgOperation({
  name: "compute.node_hours",
  input: z.object({}),
  authorize: { capability: "clusters.usage" },
  readOnly: true,
  async run({ tx, tenant }): Promise<Result<NodeHoursView>> {
    const now = new Date();
    let from = monthOf(now);
    for (let month = 1; month < NODE_HOURS_MONTHS; month++) from = previousMonth(from);
    const rows = await queries.nodeHoursByMonth(tx, { orgId: tenant.orgId, from: monthStart(from), to: now });
    return ok({ from, asOf: now.toISOString(), rows });
  },
});

export type ClusterView = {
  cluster: queries.ClusterRow;
  /** Its nodepools in the environments the reader sees (the others do not exist for them). */
  nodepools: queries.NodepoolRow[];
};

/** One cluster with the nodepools of it the reader sees; refused, as viewCompute is, to those who see no compute. */
export const viewCluster = defineOrgOperation({
  name: "compute.view_cluster",
  input: clusterRefInput,
  authorize: anyMember,
  readOnly: true,
  async run({ tx, tenant, principal }, { clusterId }): Promise<Result<ClusterView>> {
    const facts = await factsOf(tx, tenant.orgId, principal.userId);
    const environments = visibleEnvironments(facts, await queries.listEnvironments(tx, { orgId: tenant.orgId }));
    if (!computeOpensFor(facts, environments)) {
      return fail("forbidden", "Your role and teams give no access to this organization's compute.", undefined, { deniedBy: "environment_none", missing: [] });
    }
    const cluster = await queries.findCluster(tx, { orgId: tenant.orgId, clusterId });
    if (!cluster) return fail("not_found", NOT_FOUND.cluster);
    const nodepools = await queries.listNodepools(tx, { orgId: tenant.orgId, environmentIds: environments.map((environment) => environment.id), clusterRef: cluster.id });
    return ok({ cluster, nodepools });
  },
});

/** One deployment, if its environment is visible to the reader, with whether they may scale or undeploy it. */
export const viewDeployment = defineOrgOperation({
  name: "compute.view_deployment",
  input: deploymentRefInput,
  authorize: anyMember,
  readOnly: true,
  async run({ tx, tenant, principal }, { deploymentId }): Promise<Result<queries.DeploymentRow & { mayChange: boolean }>> {
    const facts = await factsOf(tx, tenant.orgId, principal.userId);
    const deployment = await queries.findDeployment(tx, { orgId: tenant.orgId, deploymentId });
    if (!deployment || !evaluateEnvironmentView(facts, deployment.environmentId).allowed) return fail("not_found", NOT_FOUND.deployment);
    return ok({ ...deployment, mayChange: evaluateDeployment(facts, deployment.appRef, deployment.environmentId).allowed });
  },
});

/** A nodepool's node-count history (each change with who made it) and the node-hours it used so far. */
export const nodepoolUsage = defineOrgOperation({
  name: "compute.nodepool_usage",
  input: nodepoolRefInput,
  authorize: anyMember,
  readOnly: true,
  async run({ tx, tenant, principal }, input) {
    const facts = await factsOf(tx, tenant.orgId, principal.userId);
    const nodepool = await visibleNodepool(tx, tenant.orgId, facts, input);
    if (!nodepool) return fail("not_found", NOT_FOUND.nodepool);
    const now = new Date();
    const history = await queries.nodeCountHistory(tx, { orgId: tenant.orgId, nodepoolRef: nodepool.id, to: now });
    const since = history[0]?.at ?? now;
    return ok({ nodepool, history, usage: nodeHours(history, since, now)[0] ?? null });
  },
});

/** The most models a deploy dialog offers at once. */
const DEPLOYABLE_LIMIT = 500;

export type NodepoolView = {
  nodepool: queries.NodepoolRow;
  /** The reader's level in the nodepool's environment. */
  access: EnvironmentAccess;
  /** Its deployments, each with whether the reader may scale or undeploy it. */
  deployments: (queries.DeploymentRow & { mayChange: boolean })[];
  /** The models the reader may deploy here and that are not deployed here yet. */
  deployable: { appId: string; appName: string; modelId: string; modelName: string }[];
  /** More models might be deployable than `deployable` lists. */
  deployableTruncated: boolean;
};

/** One nodepool as its page shows it: its deployments and what the reader may deploy into it. */
export const viewNodepool = defineOrgOperation({
  name: "compute.view_nodepool",
  input: nodepoolRefInput,
  authorize: anyMember,
  readOnly: true,
  async run({ tx, tenant, principal }, input): Promise<Result<NodepoolView>> {
    const facts = await factsOf(tx, tenant.orgId, principal.userId);
    const nodepool = await visibleNodepool(tx, tenant.orgId, facts, input);
    if (!nodepool) return fail("not_found", NOT_FOUND.nodepool);
    const environmentId = nodepool.environmentId;
    const deployments = await queries.listDeployments(tx, { orgId: tenant.orgId, environmentIds: [environmentId], nodepoolRef: nodepool.id });
    const access = environmentAccess(facts, environmentId);
    // Only candidates are read here (every app when the role deploys everywhere, else the apps of
    // the reader's teams); lib/authz decides on each of them.
    const appRefs = roleEnvironmentAccess(facts.orgRole) === "full" ? undefined : [...new Set(facts.seats.map((seat) => seat.appId))];
    const candidates = access === "full" ? await queries.listOrgModels(tx, { orgId: tenant.orgId, appRefs, limit: DEPLOYABLE_LIMIT + 1 }) : [];
    const deployed = new Set(deployments.map((deployment) => `${deployment.appRef}/${deployment.modelId}`));
    const deployable = candidates
      .slice(0, DEPLOYABLE_LIMIT)
      .filter((model) => !deployed.has(`${model.appRef}/${model.modelId}`) && evaluateDeployment(facts, model.appRef, environmentId).allowed)
      .map(({ appId, appName, modelId, modelName }) => ({ appId, appName, modelId, modelName }));
    return ok({
      nodepool,
      access,
      deployments: deployments.map((deployment) => ({ ...deployment, mayChange: evaluateDeployment(facts, deployment.appRef, environmentId).allowed })),
      deployable,
      deployableTruncated: candidates.length > DEPLOYABLE_LIMIT,
    });
  },
});

export type AppDeployTargets = {
  /** The nodepools the reader may deploy this app's models into (full access there, for this app), with the models deployed in each. */
  nodepools: { clusterId: string; nodepoolId: string; environmentName: string; deployedModelIds: string[] }[];
  /** The app's deployments the reader sees (in environments visible to them). */
  deployments: { deploymentId: string; modelId: string; clusterId: string; nodepoolId: string; environmentName: string; minReplicas: number; maxReplicas: number }[];
};

/**
 * Where the reader may deploy an app's models — the app page's Deploy Model — and where its models
 * are deployed that the reader sees. lib/authz decides each nodepool (evaluateDeployment, on the
 * app's teams and the reader's role).
 */
export const deployTargetsForApp = defineOrgOperation({
  name: "compute.deploy_targets",
  input: z.object({ appId: z.string({ error: "Choose an app." }).min(1, "Choose an app.").max(64) }),
  authorize: anyMember,
  readOnly: true,
  async run({ tx, tenant, principal }, { appId }): Promise<Result<AppDeployTargets>> {
    const app = await queries.findOrgApp(tx, { orgId: tenant.orgId, appId });
    if (!app) return fail("not_found", NOT_FOUND.app);
    const facts = await factsOf(tx, tenant.orgId, principal.userId);
    const environmentIds = visibleEnvironments(facts, await queries.listEnvironments(tx, { orgId: tenant.orgId })).map((environment) => environment.id);
    const [nodepools, deployments] = [await queries.listNodepools(tx, { orgId: tenant.orgId, environmentIds }), await queries.listDeployments(tx, { orgId: tenant.orgId, environmentIds })];
    const ours = deployments.filter((deployment) => deployment.appRef === app.appRef);
    return ok({
      nodepools: nodepools
        .filter((nodepool) => evaluateDeployment(facts, app.appRef, nodepool.environmentId).allowed)
        .map((nodepool) => ({
          clusterId: nodepool.clusterId,
          nodepoolId: nodepool.nodepoolId,
          environmentName: nodepool.environmentName,
          deployedModelIds: ours.filter((deployment) => deployment.nodepoolRef === nodepool.id).map((deployment) => deployment.modelId),
        })),
      deployments: ours.map(({ deploymentId, modelId, clusterId, nodepoolId, environmentName, minReplicas, maxReplicas }) => ({ deploymentId, modelId, clusterId, nodepoolId, environmentName, minReplicas, maxReplicas })),
    });
  },
});

// ─── Environments ─────────────────────────────────────────────────────────────────────────────

const ENVIRONMENT_TAKEN = fieldError("name", "The organization already has an environment with this name.");

export const createEnvironment = defineOrgOperation({
  name: "environments.create",
  input: createEnvironmentInput,
  authorize: manageEnvironments,
  conflicts: { environments_org_name_unique: ENVIRONMENT_TAKEN },
  async run({ tx, tenant, audit }, { name }) {
    const [created] = await queries.insertEnvironments(tx, { orgId: tenant.orgId, names: [name] });
    audit({ action: "environment.created", targetType: "environment", targetId: created!.id, after: { name } });
    return ok(created!);
  },
});

export const renameEnvironment = defineOrgOperation({
  name: "environments.rename",
  input: renameEnvironmentInput,
  authorize: manageEnvironments,
  conflicts: { environments_org_name_unique: ENVIRONMENT_TAKEN },
  async run({ tx, tenant, audit }, { environmentRef, name }) {
    const current = await queries.lockEnvironment(tx, { orgId: tenant.orgId, id: environmentRef });
    if (!current) return fail("not_found", NOT_FOUND.environment);
    await queries.renameEnvironment(tx, { orgId: tenant.orgId, id: environmentRef, name });
    audit({ action: "environment.renamed", targetType: "environment", targetId: environmentRef, before: { name: current.name }, after: { name } });
    return ok({ id: environmentRef, name });
  },
});

export const deleteEnvironment = defineOrgOperation({
  name: "environments.delete",
  input: environmentRefInput,
  authorize: manageEnvironments,
  async run({ tx, tenant, audit }, { environmentRef }) {
    const current = await queries.lockEnvironment(tx, { orgId: tenant.orgId, id: environmentRef });
    if (!current) return fail("not_found", NOT_FOUND.environment);
    if (current.nodepools > 0) {
      return fail("conflict", `${current.name} still holds ${current.nodepools === 1 ? "a nodepool" : `${current.nodepools} nodepools`}: delete or move ${current.nodepools === 1 ? "it" : "them"} first.`);
    }
    await queries.deleteEnvironment(tx, { orgId: tenant.orgId, id: environmentRef });
    audit({ action: "environment.deleted", targetType: "environment", targetId: environmentRef, before: { name: current.name } });
    return ok({ id: environmentRef });
  },
});

// ─── Clusters ─────────────────────────────────────────────────────────────────────────────────

export const CLUSTER_TAKEN = fieldError("clusterId", "The organization already has a cluster with this ID.");

export const createCluster = defineOrgOperation({
  name: "clusters.create",
  input: createClusterInput,
  authorize: manageInfrastructure,
  conflicts: { clusters_org_cluster_id_unique: CLUSTER_TAKEN },
  async run({ tx, tenant, principal, audit }, input) {
    if (await queries.findCluster(tx, { orgId: tenant.orgId, clusterId: input.clusterId })) return CLUSTER_TAKEN;
    const cluster = await queries.insertCluster(tx, { orgId: tenant.orgId, ...input, createdBy: principal.userId });
    audit({ action: "cluster.created", targetType: "cluster", targetId: cluster.id, after: { clusterId: cluster.clusterId, name: cluster.name, cloudProvider: cluster.cloudProvider, region: cluster.region } });
    return ok(cluster);
  },
});

export const updateCluster = defineOrgOperation({
  name: "clusters.update",
  input: updateClusterInput,
  authorize: manageInfrastructure,
  async run({ tx, tenant, audit }, input) {
    const { clusterId, name } = input;
    const cluster = await queries.findCluster(tx, { orgId: tenant.orgId, clusterId });
    if (!cluster) return fail("not_found", NOT_FOUND.cluster);
    const description = input.description ?? cluster.description;
    const updated = await queries.updateCluster(tx, { orgId: tenant.orgId, id: cluster.id, name, description });
    audit({ action: "cluster.updated", targetType: "cluster", targetId: cluster.id, before: { name: cluster.name, description: cluster.description }, after: { name, description } });
    return ok(updated!);
  },
});

/** Writes a nodepool's node count from `at` on (0 when it is deleted: its history ends there). */
async function recordCount(tx: Transaction, orgId: string, nodepool: queries.NodepoolRow, nodeCount: number, at: Date, changedBy: string) {
  await queries.recordNodeCount(tx, { orgId, nodepoolRef: nodepool.id, clusterId: nodepool.clusterId, nodepoolId: nodepool.nodepoolId, instanceType: nodepool.instanceType, nodeCount, at, changedBy });
}

/** The nodepool named, locked for the change (null: no such cluster or nodepool). */
async function lockedNodepool(tx: Transaction, orgId: string, input: { clusterId: string; nodepoolId: string }): Promise<queries.NodepoolRow | null> {
  const cluster = await queries.findCluster(tx, { orgId, clusterId: input.clusterId });
  return cluster && queries.findNodepool(tx, { orgId, clusterRef: cluster.id, nodepoolId: input.nodepoolId, forUpdate: true });
}

export const deleteCluster = defineOrgOperation({
  name: "clusters.delete",
  input: clusterRefInput,
  authorize: manageInfrastructure,
  async run({ tx, tenant, principal, audit }, { clusterId }) {
    const cluster = await queries.findCluster(tx, { orgId: tenant.orgId, clusterId });
    if (!cluster) return fail("not_found", NOT_FOUND.cluster);
    const now = new Date();
    const held = await queries.lockClusterNodepools(tx, { orgId: tenant.orgId, clusterRef: cluster.id });
    for (const nodepool of held) await recordCount(tx, tenant.orgId, nodepool, 0, now, principal.userId);
    await queries.deleteCluster(tx, { orgId: tenant.orgId, id: cluster.id });
    audit({ action: "cluster.deleted", targetType: "cluster", targetId: cluster.id, before: { clusterId, name: cluster.name, nodepools: held.map((nodepool) => nodepool.nodepoolId) } });
    return ok({ clusterId });
  },
});

// ─── Nodepools ────────────────────────────────────────────────────────────────────────────────

export const NODEPOOL_TAKEN = fieldError("nodepoolId", "The cluster already has a nodepool with this ID.");

export const createNodepool = defineOrgOperation({
  name: "nodepools.create",
  input: createNodepoolInput,
  authorize: manageInfrastructure,
  conflicts: { nodepools_cluster_nodepool_id_unique: NODEPOOL_TAKEN },
  async run({ tx, tenant, principal, audit }, input) {
    const cluster = await queries.findCluster(tx, { orgId: tenant.orgId, clusterId: input.clusterId });
    if (!cluster) return fail("not_found", NOT_FOUND.cluster);
    // Named by its reference (the console's form) or by its name (the API). Locked, so that the
    // environment cannot be deleted before this nodepool is in it.
    const named = input.environmentRef ?? (await queries.listEnvironments(tx, { orgId: tenant.orgId })).find((candidate) => candidate.name === input.environmentName)?.id;
    const environment = named === undefined ? null : await queries.lockEnvironment(tx, { orgId: tenant.orgId, id: named });
    if (!environment || named === undefined) {
      return input.environmentRef === undefined
        ? fieldError("environmentName", `The organization has no environment named "${input.environmentName}".`)
        : fieldError("environmentRef", "Choose one of the organization's environments.");
    }
    if (await queries.findNodepool(tx, { orgId: tenant.orgId, clusterRef: cluster.id, nodepoolId: input.nodepoolId })) return NODEPOOL_TAKEN;
    const values = { orgId: tenant.orgId, clusterRef: cluster.id, nodepoolId: input.nodepoolId, environmentId: named, instanceType: input.instanceType, minNodes: input.minNodes, maxNodes: input.maxNodes, nodeCount: input.minNodes, description: input.description, createdBy: principal.userId };
    const id = await queries.insertNodepool(tx, values);
    await queries.recordNodeCount(tx, { orgId: tenant.orgId, nodepoolRef: id, clusterId: cluster.clusterId, nodepoolId: input.nodepoolId, instanceType: input.instanceType, nodeCount: input.minNodes, at: new Date(), changedBy: principal.userId });
    audit({ action: "nodepool.created", targetType: "nodepool", targetId: id, after: { clusterId: cluster.clusterId, nodepoolId: input.nodepoolId, environment: environment.name, instanceType: input.instanceType, minNodes: input.minNodes, maxNodes: input.maxNodes } });
    return ok((await queries.findNodepool(tx, { orgId: tenant.orgId, clusterRef: cluster.id, nodepoolId: input.nodepoolId }))!);
  },
});

export const updateNodepool = defineOrgOperation({
  name: "nodepools.update",
  input: updateNodepoolInput,
  authorize: manageInfrastructure,
  async run({ tx, tenant, principal, audit }, input) {
    const nodepool = await lockedNodepool(tx, tenant.orgId, input);
    if (!nodepool) return fail("not_found", NOT_FOUND.nodepool);
    // Left out: the current range (Scale of the node count alone, Edit of the description), the
    // current count brought into the new range (an API request changing the range only), and the
    // current description. Both ends given were checked by the input already.
    const minNodes = input.minNodes ?? nodepool.minNodes;
    const maxNodes = input.maxNodes ?? nodepool.maxNodes;
    if (minNodes > maxNodes) return input.minNodes === undefined ? fieldError("maxNodes", `Maximum nodes must be at least the minimum (${minNodes}).`) : fieldError("minNodes", `Minimum nodes must be at most the maximum (${maxNodes}).`);
    if (input.nodeCount !== undefined && (input.nodeCount < minNodes || input.nodeCount > maxNodes)) return fieldError("nodeCount", `Node count must be between ${minNodes} and ${maxNodes}.`);
    const nodeCount = input.nodeCount ?? Math.min(Math.max(nodepool.nodeCount, minNodes), maxNodes);
    const description = input.description ?? nodepool.description;
    await queries.updateNodepool(tx, { orgId: tenant.orgId, id: nodepool.id, description, minNodes, maxNodes, nodeCount });
    if (nodeCount !== nodepool.nodeCount) await recordCount(tx, tenant.orgId, nodepool, nodeCount, new Date(), principal.userId);
    audit({
      action: "nodepool.updated",
      targetType: "nodepool",
      targetId: nodepool.id,
      before: { minNodes: nodepool.minNodes, maxNodes: nodepool.maxNodes, nodeCount: nodepool.nodeCount, description: nodepool.description },
      after: { minNodes, maxNodes, nodeCount, description },
    });
    return ok({ ...nodepool, minNodes, maxNodes, nodeCount, description });
  },
});

export const deleteNodepool = defineOrgOperation({
  name: "nodepools.delete",
  input: nodepoolRefInput,
  authorize: manageInfrastructure,
  async run({ tx, tenant, principal, audit }, input) {
    const nodepool = await lockedNodepool(tx, tenant.orgId, input);
    if (!nodepool) return fail("not_found", NOT_FOUND.nodepool);
    await recordCount(tx, tenant.orgId, nodepool, 0, new Date(), principal.userId);
    await queries.deleteNodepools(tx, { orgId: tenant.orgId, ids: [nodepool.id] });
    audit({ action: "nodepool.deleted", targetType: "nodepool", targetId: nodepool.id, before: { clusterId: nodepool.clusterId, nodepoolId: nodepool.nodepoolId, environment: nodepool.environmentName } });
    return ok({ id: nodepool.id });
  },
});

// ─── Deployments ──────────────────────────────────────────────────────────────────────────────

export const DEPLOYMENT_TAKEN = fieldError("deploymentId", "The organization already has a deployment with this ID.");
export const ALREADY_DEPLOYED = fieldError("modelId", "This model is already deployed in this nodepool: change that deployment instead.");

export const deployModel = defineOrgOperation({
  name: "deployments.create",
  input: deployModelInput,
  authorize: anyMember,
  conflicts: { deployments_org_deployment_id_unique: DEPLOYMENT_TAKEN, deployments_nodepool_model_unique: ALREADY_DEPLOYED },
  async run({ tx, tenant, principal, audit }, input) {
    const facts = await factsOf(tx, tenant.orgId, principal.userId);
    const nodepool = await visibleNodepool(tx, tenant.orgId, facts, input, true);
    if (!nodepool) return fail("not_found", NOT_FOUND.nodepool);
    const model = await queries.findOrgModel(tx, { orgId: tenant.orgId, appId: input.appId, modelId: input.modelId });
    if (!model) return fieldError("modelId", NOT_FOUND.model);
    const decision = evaluateDeployment(facts, model.appRef, nodepool.environmentId, nodepool.environmentName);
    if (!decision.allowed) return refusal(decision, "nodepool");
    if (await queries.findDeployment(tx, { orgId: tenant.orgId, deploymentId: input.deploymentId })) return DEPLOYMENT_TAKEN;
    const id = await queries.insertDeployment(tx, {
      orgId: tenant.orgId,
      nodepoolRef: nodepool.id,
      deploymentId: input.deploymentId,
      appRef: model.appRef,
      modelId: model.modelId,
      modelVersion: input.modelVersion,
      minReplicas: input.minReplicas,
      maxReplicas: input.maxReplicas,
      createdBy: principal.userId,
    });
    audit({ action: "deployment.created", targetType: "deployment", targetId: id, appId: model.appRef, after: { deploymentId: input.deploymentId, model: `${model.appId}/${model.modelId}`, nodepool: `${nodepool.clusterId}/${nodepool.nodepoolId}`, environment: nodepool.environmentName, minReplicas: input.minReplicas, maxReplicas: input.maxReplicas } });
    return ok((await queries.findDeployment(tx, { orgId: tenant.orgId, deploymentId: input.deploymentId }))!);
  },
});

/** The deployment, if its environment is visible, with the decision on changing it. */
async function changeableDeployment(tx: Transaction, orgId: string, userId: string, deploymentId: string): Promise<Result<queries.DeploymentRow>> {
  const facts = await factsOf(tx, orgId, userId);
  const deployment = await queries.findDeployment(tx, { orgId, deploymentId });
  if (!deployment || !evaluateEnvironmentView(facts, deployment.environmentId).allowed) return fail("not_found", NOT_FOUND.deployment);
  const decision = evaluateDeployment(facts, deployment.appRef, deployment.environmentId, deployment.environmentName);
  return decision.allowed ? ok(deployment) : refusal(decision, "deployment");
}

export const updateDeployment = defineOrgOperation({
  name: "deployments.update",
  input: updateDeploymentInput,
  authorize: anyMember,
  async run({ tx, tenant, principal, audit }, input) {
    const found = await changeableDeployment(tx, tenant.orgId, principal.userId, input.deploymentId);
    if (!found.ok) return found;
    const deployment = found.data;
    await queries.updateDeploymentReplicas(tx, { orgId: tenant.orgId, id: deployment.id, minReplicas: input.minReplicas, maxReplicas: input.maxReplicas });
    audit({ action: "deployment.scaled", targetType: "deployment", targetId: deployment.id, appId: deployment.appRef, before: { minReplicas: deployment.minReplicas, maxReplicas: deployment.maxReplicas }, after: { minReplicas: input.minReplicas, maxReplicas: input.maxReplicas } });
    return ok({ ...deployment, minReplicas: input.minReplicas, maxReplicas: input.maxReplicas });
  },
});

export const deleteDeployment = defineOrgOperation({
  name: "deployments.delete",
  input: deploymentRefInput,
  authorize: anyMember,
  async run({ tx, tenant, principal, audit }, input) {
    const found = await changeableDeployment(tx, tenant.orgId, principal.userId, input.deploymentId);
    if (!found.ok) return found;
    const deployment = found.data;
    await queries.deleteDeployment(tx, { orgId: tenant.orgId, id: deployment.id });
    audit({ action: "deployment.deleted", targetType: "deployment", targetId: deployment.id, appId: deployment.appRef, before: { deploymentId: deployment.deploymentId, model: `${deployment.appId}/${deployment.modelId}`, nodepool: `${deployment.clusterId}/${deployment.nodepoolId}` } });
    return ok({ id: deployment.id });
  },
});
