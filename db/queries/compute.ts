// An organization's compute records: environments, clusters, nodepools with their node-count
// history, and deployments. Every statement is within one organization (`orgId`); what a person may
// see or change is decided by lib/authz (environments.ts), never here.

import { and, asc, count, eq, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apps, clusters, deployments, environments, memberships, models, nodepoolNodeCounts, nodepools, permissionGroups, teamApps, teamMembers, teams, users } from "@/db/schema";
import type { OrgRole } from "@/lib/authz";
import type { Month } from "@/lib/finance/money";
import { newId } from "@/lib/ids";
import type { GroupRow } from "./app-access";
import { computeSpans } from "./finance";

// ─── Environments ─────────────────────────────────────────────────────────────────────────────

export type EnvironmentRow = { id: string; name: string; nodepools: number };

export async function listEnvironments(db: DbOrTx, { orgId }: { orgId: string }): Promise<EnvironmentRow[]> {
  return db
    // Spelled out: drizzle leaves columns unqualified in a one-table select, and "id" would be the nodepool's.
    .select({ id: environments.id, name: environments.name, nodepools: sql<number>`${sql.raw(`(select count(*)::int from nodepools where nodepools.environment_id = "environments"."id")`)}` })
    .from(environments)
    .where(eq(environments.orgId, orgId))
    .orderBy(asc(environments.createdAt), asc(environments.name));
}

export async function insertEnvironments(db: DbOrTx, { orgId, names }: { orgId: string; names: readonly string[] }): Promise<{ id: string; name: string }[]> {
  if (names.length === 0) return [];
  return db
    .insert(environments)
    .values(names.map((name) => ({ id: newId("env"), orgId, name })))
    .returning({ id: environments.id, name: environments.name });
}

export async function renameEnvironment(db: DbOrTx, { orgId, id, name }: { orgId: string; id: string; name: string }): Promise<boolean> {
  const rows = await db.update(environments).set({ name }).where(and(eq(environments.orgId, orgId), eq(environments.id, id))).returning({ id: environments.id });
  return rows.length > 0;
}

/** Locks the environment row (so no nodepool joins it meanwhile) and says how many nodepools it holds; null: no such environment. */
export async function lockEnvironment(db: DbOrTx, { orgId, id }: { orgId: string; id: string }): Promise<{ name: string; nodepools: number } | null> {
  const [row] = await db.select({ name: environments.name }).from(environments).where(and(eq(environments.orgId, orgId), eq(environments.id, id))).for("update");
  if (!row) return null;
  const [held] = await db.select({ n: count() }).from(nodepools).where(and(eq(nodepools.orgId, orgId), eq(nodepools.environmentId, id)));
  return { name: row.name, nodepools: held?.n ?? 0 };
}

export async function deleteEnvironment(db: DbOrTx, { orgId, id }: { orgId: string; id: string }): Promise<void> {
  await db.delete(environments).where(and(eq(environments.orgId, orgId), eq(environments.id, id)));
}

// ─── Who may do what: the compute facts of one member ─────────────────────────────────────────

export type ComputeSeatRow = GroupRow & { teamId: string; appRef: string; environments: { all: string; overrides: Record<string, string> } };

/** The member's role and every team seat they have in the organization (team, app, the team's group on it). */
export async function memberComputeRows(db: DbOrTx, { orgId, userId }: { orgId: string; userId: string }): Promise<{ role: OrgRole | null; seats: ComputeSeatRow[] }> {
  const [member] = await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  if (!member) return { role: null, seats: [] };
  const seats = await db
    .select({ teamId: teams.teamId, appRef: teamApps.appId, builtin: permissionGroups.builtin, name: permissionGroups.name, scopes: permissionGroups.scopes, environments: permissionGroups.environments })
    .from(teamApps)
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, teamApps.teamId), eq(teamMembers.orgId, teamApps.orgId)))
    .innerJoin(teams, and(eq(teams.id, teamApps.teamId), eq(teams.orgId, teamApps.orgId)))
    .innerJoin(permissionGroups, eq(permissionGroups.id, teamApps.permissionGroupId))
    .where(and(eq(teamApps.orgId, orgId), eq(teamMembers.userId, userId)))
    .orderBy(asc(teams.teamId));
  return { role: member.role, seats };
}

// ─── Clusters ─────────────────────────────────────────────────────────────────────────────────

export type ClusterRow = typeof clusters.$inferSelect;

export async function listClusters(db: DbOrTx, { orgId }: { orgId: string }): Promise<ClusterRow[]> {
  return db.select().from(clusters).where(eq(clusters.orgId, orgId)).orderBy(asc(clusters.clusterId));
}

export async function findCluster(db: DbOrTx, { orgId, clusterId }: { orgId: string; clusterId: string }): Promise<ClusterRow | null> {
  const [row] = await db.select().from(clusters).where(and(eq(clusters.orgId, orgId), eq(clusters.clusterId, clusterId)));
  return row ?? null;
}

export async function insertCluster(db: DbOrTx, values: Omit<typeof clusters.$inferInsert, "id" | "createdAt">): Promise<ClusterRow> {
  const [row] = await db.insert(clusters).values({ id: newId("clu"), ...values }).returning();
  return row!;
}

export async function updateCluster(db: DbOrTx, { orgId, id, ...values }: { orgId: string; id: string; name: string; description: string }): Promise<ClusterRow | null> {
  const [row] = await db.update(clusters).set(values).where(and(eq(clusters.orgId, orgId), eq(clusters.id, id))).returning();
  return row ?? null;
}

export async function deleteCluster(db: DbOrTx, { orgId, id }: { orgId: string; id: string }): Promise<void> {
  await db.delete(clusters).where(and(eq(clusters.orgId, orgId), eq(clusters.id, id)));
}

// ─── Nodepools ────────────────────────────────────────────────────────────────────────────────

export type NodepoolRow = typeof nodepools.$inferSelect & { clusterId: string; environmentName: string };

const nodepoolColumns = {
  id: nodepools.id,
  orgId: nodepools.orgId,
  clusterRef: nodepools.clusterRef,
  nodepoolId: nodepools.nodepoolId,
  environmentId: nodepools.environmentId,
  instanceType: nodepools.instanceType,
  minNodes: nodepools.minNodes,
  maxNodes: nodepools.maxNodes,
  nodeCount: nodepools.nodeCount,
  description: nodepools.description,
  createdBy: nodepools.createdBy,
  createdAt: nodepools.createdAt,
  clusterId: clusters.clusterId,
  environmentName: environments.name,
};

function nodepoolsWithNames(db: DbOrTx) {
  return db
    .select(nodepoolColumns)
    .from(nodepools)
    .innerJoin(clusters, and(eq(clusters.id, nodepools.clusterRef), eq(clusters.orgId, nodepools.orgId)))
    .innerJoin(environments, and(eq(environments.id, nodepools.environmentId), eq(environments.orgId, nodepools.orgId)));
}

/** The organization's nodepools in the given environments (the ones the reader sees), optionally of one cluster. */
export async function listNodepools(db: DbOrTx, { orgId, environmentIds, clusterRef }: { orgId: string; environmentIds: readonly string[]; clusterRef?: string }): Promise<NodepoolRow[]> {
  if (environmentIds.length === 0) return [];
  return nodepoolsWithNames(db)
    .where(and(eq(nodepools.orgId, orgId), inArray(nodepools.environmentId, [...environmentIds]), clusterRef ? eq(nodepools.clusterRef, clusterRef) : undefined))
    .orderBy(asc(clusters.clusterId), asc(nodepools.nodepoolId));
}

export async function findNodepool(db: DbOrTx, { orgId, clusterRef, nodepoolId, forUpdate = false }: { orgId: string; clusterRef: string; nodepoolId: string; forUpdate?: boolean }): Promise<NodepoolRow | null> {
  const query = nodepoolsWithNames(db).where(and(eq(nodepools.orgId, orgId), eq(nodepools.clusterRef, clusterRef), eq(nodepools.nodepoolId, nodepoolId)));
  const [row] = forUpdate ? await query.for("update", { of: nodepools }) : await query;
  return row ?? null;
}

export async function insertNodepool(db: DbOrTx, values: Omit<typeof nodepools.$inferInsert, "id" | "createdAt">): Promise<string> {
  const id = newId("npl");
  await db.insert(nodepools).values({ id, ...values });
  return id;
}

export async function updateNodepool(
  db: DbOrTx,
  { orgId, id, ...values }: { orgId: string; id: string; description: string; minNodes: number; maxNodes: number; nodeCount: number },
): Promise<void> {
  await db.update(nodepools).set(values).where(and(eq(nodepools.orgId, orgId), eq(nodepools.id, id)));
}

export async function deleteNodepools(db: DbOrTx, { orgId, ids }: { orgId: string; ids: readonly string[] }): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(nodepools).where(and(eq(nodepools.orgId, orgId), inArray(nodepools.id, [...ids])));
}

/** Every nodepool of a cluster, locked (a cluster's deletion closes their histories). */
export async function lockClusterNodepools(db: DbOrTx, { orgId, clusterRef }: { orgId: string; clusterRef: string }): Promise<NodepoolRow[]> {
  return nodepoolsWithNames(db)
    .where(and(eq(nodepools.orgId, orgId), eq(nodepools.clusterRef, clusterRef)))
    .for("update", { of: nodepools });
}

// ─── Node-count history ───────────────────────────────────────────────────────────────────────

export type NodeCountRow = { nodepoolRef: string; clusterId: string; nodepoolId: string; instanceType: string; nodeCount: number; at: Date };

export async function recordNodeCount(db: DbOrTx, row: NodeCountRow & { orgId: string; changedBy: string | null }): Promise<void> {
  await db.insert(nodepoolNodeCounts).values({ id: newId("ncc"), ...row });
}

/** A node-count row's columns, as both readers of the history select them. */
const nodeCountColumns = {
  nodepoolRef: nodepoolNodeCounts.nodepoolRef,
  clusterId: nodepoolNodeCounts.clusterId,
  nodepoolId: nodepoolNodeCounts.nodepoolId,
  instanceType: nodepoolNodeCounts.instanceType,
  nodeCount: nodepoolNodeCounts.nodeCount,
  at: nodepoolNodeCounts.at,
};

/** The node counts the organization's nodepools (or one of them) had before `to`, in order of time. */
export async function nodeCountsBefore(db: DbOrTx, { orgId, to, nodepoolRef }: { orgId: string; to: Date; nodepoolRef?: string }): Promise<NodeCountRow[]> {
  return db
    .select(nodeCountColumns)
    .from(nodepoolNodeCounts)
    .where(and(eq(nodepoolNodeCounts.orgId, orgId), nodepoolRef ? eq(nodepoolNodeCounts.nodepoolRef, nodepoolRef) : undefined, lt(nodepoolNodeCounts.at, to)))
    .orderBy(asc(nodepoolNodeCounts.nodepoolRef), asc(nodepoolNodeCounts.at), asc(nodepoolNodeCounts.id));
}

/** One change of a nodepool's node count, with who made it (null: the system, or an account since deleted). */
export type NodeCountChange = NodeCountRow & { changedBy: string | null; changedByName: string | null };

/** A nodepool's node counts before `to`, in order of time, each with the person who set it. */
export async function nodeCountHistory(db: DbOrTx, { orgId, nodepoolRef, to }: { orgId: string; nodepoolRef: string; to: Date }): Promise<NodeCountChange[]> {
  return db
    .select({
      ...nodeCountColumns,
      changedBy: nodepoolNodeCounts.changedBy,
      changedByName: users.name,
    })
    .from(nodepoolNodeCounts)
    .leftJoin(users, eq(users.id, nodepoolNodeCounts.changedBy))
    .where(and(eq(nodepoolNodeCounts.orgId, orgId), eq(nodepoolNodeCounts.nodepoolRef, nodepoolRef), lt(nodepoolNodeCounts.at, to)))
    .orderBy(asc(nodepoolNodeCounts.at), asc(nodepoolNodeCounts.id));
}

// ─── Deployments ──────────────────────────────────────────────────────────────────────────────

export type DeploymentRow = typeof deployments.$inferSelect & { appId: string; modelName: string; nodepoolId: string; clusterId: string; environmentId: string; environmentName: string };

function deploymentsWithNames(db: DbOrTx) {
  return db
    .select({
      id: deployments.id,
      orgId: deployments.orgId,
      nodepoolRef: deployments.nodepoolRef,
      deploymentId: deployments.deploymentId,
      appRef: deployments.appRef,
      modelId: deployments.modelId,
      modelVersion: deployments.modelVersion,
      minReplicas: deployments.minReplicas,
      maxReplicas: deployments.maxReplicas,
      createdBy: deployments.createdBy,
      createdAt: deployments.createdAt,
      appId: apps.appId,
      modelName: models.name,
      nodepoolId: nodepools.nodepoolId,
      clusterId: clusters.clusterId,
      environmentId: nodepools.environmentId,
      environmentName: environments.name,
    })
    .from(deployments)
    .innerJoin(nodepools, and(eq(nodepools.id, deployments.nodepoolRef), eq(nodepools.orgId, deployments.orgId)))
    .innerJoin(clusters, and(eq(clusters.id, nodepools.clusterRef), eq(clusters.orgId, nodepools.orgId)))
    .innerJoin(environments, and(eq(environments.id, nodepools.environmentId), eq(environments.orgId, nodepools.orgId)))
    .innerJoin(apps, eq(apps.id, deployments.appRef))
    .innerJoin(models, and(eq(models.appRef, deployments.appRef), eq(models.modelId, deployments.modelId)));
}

/** The organization's deployments in the given environments, optionally of one nodepool. */
export async function listDeployments(db: DbOrTx, { orgId, environmentIds, nodepoolRef }: { orgId: string; environmentIds: readonly string[]; nodepoolRef?: string }): Promise<DeploymentRow[]> {
  if (environmentIds.length === 0) return [];
  return deploymentsWithNames(db)
    .where(and(eq(deployments.orgId, orgId), inArray(nodepools.environmentId, [...environmentIds]), nodepoolRef ? eq(deployments.nodepoolRef, nodepoolRef) : undefined))
    .orderBy(asc(deployments.deploymentId));
}

export async function findDeployment(db: DbOrTx, { orgId, deploymentId }: { orgId: string; deploymentId: string }): Promise<DeploymentRow | null> {
  const [row] = await deploymentsWithNames(db).where(and(eq(deployments.orgId, orgId), eq(deployments.deploymentId, deploymentId)));
  return row ?? null;
}

/** A new deployment; `createdAt` (from when it shares its nodepool's compute) defaults to now. */
export async function insertDeployment(db: DbOrTx, values: Omit<typeof deployments.$inferInsert, "id">): Promise<string> {
  const id = newId("dep");
  await db.insert(deployments).values({ id, ...values });
  return id;
}

export async function updateDeploymentReplicas(db: DbOrTx, { orgId, id, minReplicas, maxReplicas }: { orgId: string; id: string; minReplicas: number; maxReplicas: number }): Promise<void> {
  await db.update(deployments).set({ minReplicas, maxReplicas }).where(and(eq(deployments.orgId, orgId), eq(deployments.id, id)));
}

export async function deleteDeployment(db: DbOrTx, { orgId, id }: { orgId: string; id: string }): Promise<void> {
  await db.delete(deployments).where(and(eq(deployments.orgId, orgId), eq(deployments.id, id)));
}

/** An app of the organization by its app ID, with the model (null when either is missing: another org's app or model is missing too). */
export async function findOrgModel(db: DbOrTx, { orgId, appId, modelId }: { orgId: string; appId: string; modelId: string }): Promise<{ appRef: string; appId: string; modelId: string; modelName: string } | null> {
  const [row] = await db
    .select({ appRef: apps.id, appId: apps.appId, modelId: models.modelId, modelName: models.name })
    .from(apps)
    .innerJoin(models, eq(models.appRef, apps.id))
    .where(and(eq(apps.ownerOrgId, orgId), eq(apps.appId, appId), eq(models.modelId, modelId)));
  return row ?? null;
}

/** An app of the organization by its app ID (null: the organization has no such app). */
export async function findOrgApp(db: DbOrTx, { orgId, appId }: { orgId: string; appId: string }): Promise<{ appRef: string; appId: string } | null> {
  const [row] = await db.select({ appRef: apps.id, appId: apps.appId }).from(apps).where(and(eq(apps.ownerOrgId, orgId), eq(apps.appId, appId)));
  return row ?? null;
}

export type OrgModelRow = { appRef: string; appId: string; appName: string; modelId: string; modelName: string };

/**
 * Models of the organization's apps (optionally only of some apps), by app ID then model ID, at
 * most `limit` rows: the candidates a deploy dialog offers, before lib/authz filters them.
 */
export async function listOrgModels(db: DbOrTx, { orgId, appRefs, limit }: { orgId: string; appRefs?: readonly string[]; limit: number }): Promise<OrgModelRow[]> {
  if (appRefs && appRefs.length === 0) return [];
  return db
    .select({ appRef: apps.id, appId: apps.appId, appName: apps.name, modelId: models.modelId, modelName: models.name })
    .from(apps)
    .innerJoin(models, eq(models.appRef, apps.id))
    .where(and(eq(apps.ownerOrgId, orgId), appRefs ? inArray(apps.id, [...appRefs]) : undefined))
    .orderBy(asc(apps.appId), asc(models.modelId))
    .limit(limit);
}

// ─── Node-hours by month ──────────────────────────────────────────────────────────────────────

export type NodepoolMonthRow = { month: Month; nodepoolRef: string; clusterId: string; nodepoolId: string; instanceType: string; nodeHours: string };

/**
 * Node-hours of each nodepool in each UTC calendar month of [from, to) — deleted nodepools too, as
 * their history is kept — from the node-count spans the costs are priced from (exact; six
 * decimals). `to` must not lie in the future. No amounts: those are the costs page's.
 */
export async function nodeHoursByMonth(db: DbOrTx, { orgId, from, to }: { orgId: string; from: Date; to: Date }): Promise<NodepoolMonthRow[]> {
  const result = await db.execute(sql`
    with spans as (${computeSpans({ orgId, from, to })}),
    months as (
      select to_char(m.month_start, 'YYYY-MM-DD') as month, spans.nodepool_ref, spans.cluster_id, spans.nodepool_id, spans.instance_type,
        spans.node_count * extract(epoch from least(spans.span_to, (m.month_start + interval '1 month') at time zone 'UTC') - greatest(spans.span_from, m.month_start at time zone 'UTC')) as node_seconds
      from spans
      cross join lateral generate_series(date_trunc('month', spans.span_from at time zone 'UTC'), (spans.span_to at time zone 'UTC') - interval '1 microsecond', interval '1 month') as m(month_start)
      where spans.span_to > spans.span_from
    )
    select month, nodepool_ref, max(cluster_id) as cluster_id, max(nodepool_id) as nodepool_id, instance_type, round(sum(node_seconds) / 3600, 6)::text as node_hours
    from months
    group by month, nodepool_ref, instance_type
    having sum(node_seconds) > 0
    order by month desc, max(cluster_id) collate "C", max(nodepool_id) collate "C"`);
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as {
    month: string;
    nodepool_ref: string;
    cluster_id: string;
    nodepool_id: string;
    instance_type: string;
    node_hours: string;
  }[];
  return rows.map((row) => ({ month: row.month as Month, nodepoolRef: row.nodepool_ref, clusterId: row.cluster_id, nodepoolId: row.nodepool_id, instanceType: row.instance_type, nodeHours: row.node_hours }));
}
