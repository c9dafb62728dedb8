// Compute of an organization: the input rules of its operations (lib/operations/compute.ts), the
// facts lib/authz decides environment access on, and node-hours from the node-count history. Rows
// are read and written by db/queries/compute.ts.

import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { listEnvironments, memberComputeRows, type ComputeSeatRow, type EnvironmentRow, type NodeCountRow } from "@/db/queries/compute";
import { environmentAccess, evaluateOrgCapability, isEnvironmentAccess, type ComputeFacts, type EnvironmentAccess, type EnvironmentPolicy, type PermissionGroupRef } from "@/lib/authz";
import { findInstanceType, findProvider } from "@/lib/compute/catalog";
import { displayNameSchema, unstorableText } from "@/lib/validation/common";
import { permissionGroupRef } from "./access";

/** The environments every organization starts with (its Admins add, rename and delete them). */
export const DEFAULT_ENVIRONMENTS = ["Development", "Production"] as const;

// ─── Inputs ───────────────────────────────────────────────────────────────────────────────────

const computeId = (what: string) =>
  z
    .string({ error: `${what} ID is required.` })
    .trim()
    .min(1, `${what} ID is required.`)
    .max(48, `${what} ID must be at most 48 characters.`)
    .regex(/^[a-z0-9][a-z0-9-]*$/, "Use lower-case letters, digits and '-', starting with a letter or digit.");

const descriptionText = z
  .string()
  .trim()
  .max(500, "Description must be at most 500 characters.")
  .refine((value) => unstorableText(value) === null, { error: "Description must be plain text." });
const description = descriptionText.default("");
const ref = z.string({ error: "Missing identifier." }).min(1, "Missing identifier.").max(100);
const count = (what: string, max: number) =>
  z.coerce
    .number({ error: `${what} must be a whole number.` })
    .int(`${what} must be a whole number.`)
    .min(0, `${what} must be 0 or more.`)
    .max(max, `${what} must be at most ${max}.`);

export const environmentNameSchema = z.string({ error: "Environment name is required." }).pipe(displayNameSchema);
export const createEnvironmentInput = z.object({ name: environmentNameSchema });
export const renameEnvironmentInput = z.object({ environmentRef: ref, name: environmentNameSchema });
export const environmentRefInput = z.object({ environmentRef: ref });

export const clusterIdSchema = computeId("Cluster");
export const createClusterInput = z
  .object({ clusterId: clusterIdSchema, name: z.string({ error: "Name is required." }).pipe(displayNameSchema), cloudProvider: z.string({ error: "Choose a cloud provider." }), region: z.string({ error: "Choose a region." }), description })
  .superRefine((input, context) => {
    const provider = findProvider(input.cloudProvider);
    if (!provider) context.addIssue({ code: "custom", path: ["cloudProvider"], message: `Unknown cloud provider "${input.cloudProvider}".` });
    else if (!provider.regions.some((region) => region.id === input.region)) context.addIssue({ code: "custom", path: ["region"], message: `${provider.name} has no region "${input.region}".` });
  });
/** A cluster's new name, and description (kept as it is when left out). */
export const updateClusterInput = z.object({ clusterId: clusterIdSchema, name: z.string({ error: "Name is required." }).pipe(displayNameSchema), description: descriptionText.optional() });
export const clusterRefInput = z.object({ clusterId: clusterIdSchema });

const NODES = 1000;
const nodeRange = <T extends { minNodes?: number; maxNodes?: number; nodeCount?: number }>(input: T, context: z.RefinementCtx) => {
  // A range given in part is checked against the stored other end by the operation.
  if (input.minNodes === undefined || input.maxNodes === undefined) return;
  if (input.minNodes > input.maxNodes) context.addIssue({ code: "custom", path: ["maxNodes"], message: "Maximum nodes must be at least the minimum." });
  else if (input.nodeCount !== undefined && (input.nodeCount < input.minNodes || input.nodeCount > input.maxNodes)) {
    context.addIssue({ code: "custom", path: ["nodeCount"], message: `Node count must be between ${input.minNodes} and ${input.maxNodes}.` });
  }
};
export const nodepoolIdSchema = computeId("Nodepool");
export const createNodepoolInput = z
  .object({
    clusterId: clusterIdSchema,
    nodepoolId: nodepoolIdSchema,
    /** The environment by reference (the console's form) or, when that is absent, by name (the API). */
    environmentRef: z.string({ error: "Choose an environment." }).min(1, "Choose an environment.").max(100).optional(),
    environmentName: environmentNameSchema.optional(),
    instanceType: z.string({ error: "Choose an instance type." }),
    minNodes: count("Minimum nodes", NODES),
    maxNodes: count("Maximum nodes", NODES),
    description,
  })
  .superRefine((input, context) => {
    if (input.environmentRef === undefined && input.environmentName === undefined) context.addIssue({ code: "custom", path: ["environmentRef"], message: "Choose an environment." });
    if (!findInstanceType(input.instanceType)) context.addIssue({ code: "custom", path: ["instanceType"], message: `Unknown instance type "${input.instanceType}".` });
    nodeRange(input, context);
  });
/**
 * A nodepool's new range, node count or description (Scale and Edit in the console, PatchNodepools
 * in the API); what is left out stays as it is, and a count left out is brought into the new range.
 */
export const updateNodepoolInput = z
  .object({
    clusterId: clusterIdSchema,
    nodepoolId: nodepoolIdSchema,
    minNodes: count("Minimum nodes", NODES).optional(),
    maxNodes: count("Maximum nodes", NODES).optional(),
    nodeCount: count("Node count", NODES).optional(),
    description: descriptionText.optional(),
  })
  .superRefine(nodeRange);
export const nodepoolRefInput = z.object({ clusterId: clusterIdSchema, nodepoolId: nodepoolIdSchema });

const REPLICAS = 100;
const replicaRange = (input: { minReplicas: number; maxReplicas: number }, context: z.RefinementCtx) => {
  if (input.minReplicas > input.maxReplicas) context.addIssue({ code: "custom", path: ["maxReplicas"], message: "Maximum replicas must be at least the minimum." });
};
export const deploymentIdSchema = computeId("Deployment");
export const deployModelInput = z
  .object({
    deploymentId: deploymentIdSchema,
    clusterId: clusterIdSchema,
    nodepoolId: nodepoolIdSchema,
    appId: z.string({ error: "Choose an app." }).min(1, "Choose an app.").max(64),
    modelId: z.string({ error: "Choose a model." }).min(1, "Choose a model.").max(128),
    modelVersion: z.string().trim().max(128, "Model version must be at most 128 characters.").default(""),
    minReplicas: count("Minimum replicas", REPLICAS),
    maxReplicas: count("Maximum replicas", REPLICAS),
  })
  .superRefine(replicaRange);
export const updateDeploymentInput = z.object({ deploymentId: deploymentIdSchema, minReplicas: count("Minimum replicas", REPLICAS), maxReplicas: count("Maximum replicas", REPLICAS) }).superRefine(replicaRange);
export const deploymentRefInput = z.object({ deploymentId: deploymentIdSchema });

// ─── Facts ────────────────────────────────────────────────────────────────────────────────────

/** A group row's environment access as lib/authz reads it (a level it does not know counts as none). */
export function environmentPolicy(stored: ComputeSeatRow["environments"]): EnvironmentPolicy {
  const level = (value: string): EnvironmentAccess => (isEnvironmentAccess(value) ? value : "none");
  return { all: level(stored.all), overrides: Object.fromEntries(Object.entries(stored.overrides ?? {}).map(([id, value]) => [id, level(value)])) };
}

function seatGroup(row: ComputeSeatRow): PermissionGroupRef {
  const group = permissionGroupRef(row);
  return typeof group === "string" ? group : { ...group, environments: environmentPolicy(row.environments) };
}

/** One member's compute facts in the organization: their role and every team seat, read now. */
export async function loadComputeFacts(db: DbOrTx, orgId: string, userId: string): Promise<ComputeFacts> {
  const { role, seats } = await memberComputeRows(db, { orgId, userId });
  return { orgRole: role, seats: seats.map((seat) => ({ teamId: seat.teamId, appId: seat.appRef, group: seatGroup(seat) })) };
}

/** The environments a member sees, each with their level there (for the organization's nodepools). */
export function visibleEnvironments(facts: ComputeFacts, environments: readonly EnvironmentRow[]): (EnvironmentRow & { access: EnvironmentAccess })[] {
  return environments.map((environment) => ({ ...environment, access: environmentAccess(facts, environment.id) })).filter((environment) => environment.access !== "none");
}

/**
 * Whether the Compute section opens for a member at all — they see an environment, or their role
 * manages clusters — so that its link is shown exactly to those whom viewCompute answers.
 */
export async function opensCompute(db: DbOrTx, { orgId, userId }: { orgId: string; userId: string }): Promise<boolean> {
  const facts = await loadComputeFacts(db, orgId, userId);
  return facts.orgRole !== null && computeOpensFor(facts, visibleEnvironments(facts, await listEnvironments(db, { orgId })));
}

/** The rule behind both the link and viewCompute: the member sees an environment, or their role manages clusters. */
export function computeOpensFor(facts: ComputeFacts, visible: readonly unknown[]): boolean {
  return visible.length > 0 || evaluateOrgCapability(facts.orgRole, "clusters.manage").allowed;
}

// ─── Node-hours ───────────────────────────────────────────────────────────────────────────────

export type NodepoolUsage = { nodepoolRef: string; clusterId: string; nodepoolId: string; instanceType: string; nodeMilliseconds: number; nodeHours: number };

const HOUR_MS = 3_600_000;

/**
 * Node-hours each nodepool used in [from, to), from its node-count history (rows in order of time,
 * per nodepool): a count holds from its row's time until the next row's. Exact: node-milliseconds
 * are whole numbers, divided into hours once.
 */
export function nodeHours(rows: readonly NodeCountRow[], from: Date, to: Date): NodepoolUsage[] {
  const usage = new Map<string, NodepoolUsage>();
  const start = from.getTime();
  const end = to.getTime();
  rows.forEach((row, index) => {
    const next = rows[index + 1];
    const until = next && next.nodepoolRef === row.nodepoolRef ? next.at.getTime() : end;
    const span = Math.max(0, Math.min(until, end) - Math.max(row.at.getTime(), start));
    const entry = usage.get(row.nodepoolRef) ?? { nodepoolRef: row.nodepoolRef, clusterId: row.clusterId, nodepoolId: row.nodepoolId, instanceType: row.instanceType, nodeMilliseconds: 0, nodeHours: 0 };
    entry.nodeMilliseconds += span * row.nodeCount;
    entry.nodeHours = entry.nodeMilliseconds / HOUR_MS;
    usage.set(row.nodepoolRef, entry);
  });
  return [...usage.values()];
}
