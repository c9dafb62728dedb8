// Compute environments (ConfigCat's per-environment access, DESIGN §3 item 5). An organization's
// nodepools each belong to one environment (Development, Production …). What a person may do with
// the nodepools and deployments of an environment is the highest of two levels:
// - their org role, per the matrix: Admin and Infrastructure Manager full, Organization Contributor
//   full (deploy and view models in clusters), Organization User read-only (view clusters and
//   nodepools), the others none;
// - for an app's models, the permission groups of the teams holding them and the app; without an
//   app (which nodepools they see), the groups of every team seat they have in the organization.
// A level is Full (deploy, scale, undeploy), Read-only (see deployments and nodepools) or None (the
// environment's nodepools and deployments do not exist for them). Creating, editing and deleting
// clusters and nodepools is a role capability (clusters.manage) and no group gives it.

import { allowedBy, deny, type Decision } from "./decide";
import { LAYER_BIT } from "./grants";
import { BUILT_IN_GROUP_NAMES, resolvePermissionGroup, type BuiltInGroupName, type PermissionGroupRef } from "./groups";
import { hasOrgCapability, isOrgRole, type OrgRole } from "./roles";

export const ENVIRONMENT_ACCESS_LEVELS = ["none", "read_only", "full"] as const;
export type EnvironmentAccess = (typeof ENVIRONMENT_ACCESS_LEVELS)[number];

/** Labels as ConfigCat's permission-group dialog names the levels. */
export const ENVIRONMENT_ACCESS_LABELS: Readonly<Record<EnvironmentAccess, string>> = {
  full: "Full access",
  read_only: "Read-only access",
  none: "No access",
};

export function isEnvironmentAccess(value: string): value is EnvironmentAccess {
  return (ENVIRONMENT_ACCESS_LEVELS as readonly string[]).includes(value);
}

/** A permission group's access to environments: one level for all, and overrides by environment id. */
export interface EnvironmentPolicy {
  readonly all: EnvironmentAccess;
  readonly overrides: Readonly<Record<string, EnvironmentAccess>>;
}

const policy = (all: EnvironmentAccess): EnvironmentPolicy => Object.freeze({ all, overrides: Object.freeze({}) });

/** A custom group that says nothing about environments gives no access to any. */
export const NO_ENVIRONMENT_ACCESS: EnvironmentPolicy = policy("none");

/**
 * The built-in groups' environment access: the teams that work on models (Full Access, Model
 * Trainer — seed 002's "deploy and view models in clusters") deploy in every environment; the
 * labeling groups have nothing to do with compute.
 */
export const BUILT_IN_ENVIRONMENT_POLICIES: Readonly<Record<BuiltInGroupName, EnvironmentPolicy>> = Object.freeze({
  "Full Access": policy("full"),
  "Model Trainer": policy("full"),
  "Labeler Lead": policy("none"),
  "Labeler Worker": policy("none"),
});

/** The environment policy of a team's permission group (a built-in by name, or a custom group's own). */
export function environmentPolicyOf(ref: PermissionGroupRef): EnvironmentPolicy {
  if (typeof ref === "string") {
    resolvePermissionGroup(ref); // throws on a built-in name that does not exist
    return BUILT_IN_ENVIRONMENT_POLICIES[ref];
  }
  return ref.environments ?? NO_ENVIRONMENT_ACCESS;
}

const RANK: Readonly<Record<EnvironmentAccess, number>> = { none: 0, read_only: 1, full: 2 };

function higher(a: EnvironmentAccess, b: EnvironmentAccess): EnvironmentAccess {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The level a policy gives in one environment: its override there, or its level for all. */
export function levelIn(environments: EnvironmentPolicy, environmentId: string): EnvironmentAccess {
  const override = Object.prototype.hasOwnProperty.call(environments.overrides, environmentId) ? environments.overrides[environmentId] : undefined;
  return override ?? environments.all;
}

/** The level an org role gives in every environment. */
export function roleEnvironmentAccess(role: OrgRole | null): EnvironmentAccess {
  if (role === null) return "none";
  if (!isOrgRole(role)) throw new TypeError(`Unknown org role "${String(role)}"`);
  if (hasOrgCapability(role, "clusters.deploy") || hasOrgCapability(role, "clusters.manage")) return "full";
  return hasOrgCapability(role, "clusters.view") ? "read_only" : "none";
}

/** A team seat: a team of the organization holding the person and an app, with its group on that app. */
export interface ComputeSeat {
  readonly teamId: string;
  readonly appId: string;
  readonly group: PermissionGroupRef;
}

/** What is known about one person in one organization, read at request time. */
export interface ComputeFacts {
  /** Their role in the organization; null: not a member (nothing is visible). */
  readonly orgRole: OrgRole | null;
  /** Every team seat they have in the organization. */
  readonly seats: readonly ComputeSeat[];
}

/**
 * A person's level in one environment: for an app's models when `appId` is given (their role, and
 * the groups of the teams holding them and that app), otherwise for the environment's nodepools
 * (their role, and every group of theirs in the organization).
 */
export function environmentAccess(facts: ComputeFacts, environmentId: string, appId?: string): EnvironmentAccess {
  if (facts.orgRole === null) return "none";
  let level = roleEnvironmentAccess(facts.orgRole);
  for (const seat of facts.seats) {
    if (level === "full") break;
    if (appId !== undefined && seat.appId !== appId) continue;
    level = higher(level, levelIn(environmentPolicyOf(seat.group), environmentId));
  }
  return level;
}

const NOT_MEMBER = deny("not_org_member", "Not a member of this organization.");
const HIDDEN = deny("environment_none", "No access to this environment.");

/** Seeing an environment's nodepools and deployments: read-only access or more. */
export function evaluateEnvironmentView(facts: ComputeFacts, environmentId: string): Decision {
  if (facts.orgRole === null) return NOT_MEMBER;
  return environmentAccess(facts, environmentId) === "none" ? HIDDEN : allowedBy(LAYER_BIT.org_role);
}

/**
 * Deploying, scaling or undeploying a model of `appId` in an environment: full access there, from the
 * role or from a team holding that app. `environmentName` is for the message only.
 */
export function evaluateDeployment(facts: ComputeFacts, appId: string, environmentId: string, environmentName = "this environment"): Decision {
  if (facts.orgRole === null) return NOT_MEMBER;
  const level = environmentAccess(facts, environmentId, appId);
  if (level === "full") return allowedBy(roleEnvironmentAccess(facts.orgRole) === "full" ? LAYER_BIT.org_role : LAYER_BIT.team);
  // Without access to the environment's nodepools at all, the environment does not exist for them.
  if (environmentAccess(facts, environmentId) === "none") return HIDDEN;
  if (level === "read_only") return deny("environment_read_only", `Read-only access to ${environmentName}: deploying there needs full access.`);
  return deny("capability_not_granted", `Deploying this app's models in ${environmentName} needs full access there, through your role or a team that holds the app.`);
}

/** Every built-in group name with its level for all environments (for the README and the dialogs). */
export function builtInEnvironmentLevels(): ReadonlyArray<readonly [BuiltInGroupName, EnvironmentAccess]> {
  return BUILT_IN_GROUP_NAMES.map((name) => [name, BUILT_IN_ENVIRONMENT_POLICIES[name].all] as const);
}
