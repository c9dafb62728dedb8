import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, pgTable, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { models } from "./app-data";
import { apps, organizations } from "./organizations";

// Compute, recorded as desired state: the console is the control plane and starts no machines.
// An organization's clusters (a cloud provider and region) hold nodepools (an instance type, a
// node range and the current node count, in one environment), and nodepools hold deployments
// (one model of one of the org's apps, at most once per nodepool). Every change of a nodepool's
// node count is kept, so node-hours over any period are exact; that history outlives the nodepool.

/** An organization's environments (Development, Production …): every nodepool belongs to one. */
export const environments = pgTable(
  "environments",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("environments_org_name_unique").on(t.orgId, sql`lower(${t.name})`), unique("environments_id_org_unique").on(t.id, t.orgId)],
);

export const clusters = pgTable(
  "clusters",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** The ID in URLs and the API, unique in the organization. */
    clusterId: text("cluster_id").notNull(),
    name: text("name").notNull(),
    cloudProvider: text("cloud_provider").notNull(),
    region: text("region").notNull(),
    description: text("description").notNull().default(""),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("clusters_org_cluster_id_unique").on(t.orgId, t.clusterId), unique("clusters_id_org_unique").on(t.id, t.orgId)],
);

export const nodepools = pgTable(
  "nodepools",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    clusterRef: text("cluster_ref").notNull(),
    /** The ID in URLs and the API, unique in the cluster. */
    nodepoolId: text("nodepool_id").notNull(),
    environmentId: text("environment_id").notNull(),
    instanceType: text("instance_type").notNull(),
    minNodes: integer("min_nodes").notNull(),
    maxNodes: integer("max_nodes").notNull(),
    /** The desired node count now; its history is in nodepool_node_counts. */
    nodeCount: integer("node_count").notNull(),
    description: text("description").notNull().default(""),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.clusterRef, t.orgId], foreignColumns: [clusters.id, clusters.orgId], name: "nodepools_cluster_fk" }).onDelete("cascade"),
    // An environment that still holds nodepools cannot be deleted (checked at the end of the
    // statement, so deleting the whole organization still cascades).
    foreignKey({ columns: [t.environmentId, t.orgId], foreignColumns: [environments.id, environments.orgId], name: "nodepools_environment_fk" }).onDelete("no action"),
    uniqueIndex("nodepools_cluster_nodepool_id_unique").on(t.clusterRef, t.nodepoolId),
    unique("nodepools_id_org_unique").on(t.id, t.orgId),
    index("nodepools_org_environment_idx").on(t.orgId, t.environmentId),
    check("nodepools_node_range", sql`0 <= ${t.minNodes} and ${t.minNodes} <= ${t.maxNodes} and ${t.nodeCount} between ${t.minNodes} and ${t.maxNodes}`),
  ],
);

/**
 * Each node count a nodepool had, from `at` until the next row (the last row: until now). Deleting
 * the nodepool writes a final row of 0 nodes; the rows stay (with the org, cluster and nodepool IDs
 * they had) so that past node-hours can still be priced.
 */
export const nodepoolNodeCounts = pgTable(
  "nodepool_node_counts",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** The nodepool's internal id (kept after it is deleted). */
    nodepoolRef: text("nodepool_ref").notNull(),
    clusterId: text("cluster_id").notNull(),
    nodepoolId: text("nodepool_id").notNull(),
    instanceType: text("instance_type").notNull(),
    nodeCount: integer("node_count").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    changedBy: text("changed_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("nodepool_node_counts_nodepool_at_idx").on(t.nodepoolRef, t.at),
    index("nodepool_node_counts_org_at_idx").on(t.orgId, t.at),
    // A period's spend starts from each nodepool's last count before it: found per nodepool, not by reading its history.
    index("nodepool_node_counts_org_nodepool_at_idx").on(t.orgId, t.nodepoolRef, t.at),
    check("nodepool_node_counts_count", sql`${t.nodeCount} >= 0`),
  ],
);

export const deployments = pgTable(
  "deployments",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    nodepoolRef: text("nodepool_ref").notNull(),
    /** The ID in URLs and the API, unique in the organization. */
    deploymentId: text("deployment_id").notNull(),
    appRef: text("app_ref")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    /** The model's ID in its app. */
    modelId: text("model_id").notNull(),
    modelVersion: text("model_version").notNull().default(""),
    minReplicas: integer("min_replicas").notNull(),
    maxReplicas: integer("max_replicas").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.nodepoolRef, t.orgId], foreignColumns: [nodepools.id, nodepools.orgId], name: "deployments_nodepool_fk" }).onDelete("cascade"),
    // A deleted model is undeployed with it.
    foreignKey({ columns: [t.appRef, t.modelId], foreignColumns: [models.appRef, models.modelId], name: "deployments_model_fk" }).onDelete("cascade"),
    // One deployment per model per nodepool, as in Clarifai.
    uniqueIndex("deployments_nodepool_model_unique").on(t.nodepoolRef, t.appRef, t.modelId),
    uniqueIndex("deployments_org_deployment_id_unique").on(t.orgId, t.deploymentId),
    index("deployments_app_idx").on(t.appRef),
    check("deployments_replica_range", sql`0 <= ${t.minReplicas} and ${t.minReplicas} <= ${t.maxReplicas}`),
  ],
);
