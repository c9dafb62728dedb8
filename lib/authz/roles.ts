// Organization roles and console capabilities: the permission matrix of DESIGN §3 as one table that
// is policy, documentation and UI copy at once. Org capabilities are about the organization (no app
// involved); app capabilities are about one app the org owns and are decided with that app's Grants.

import { APP_OPERATION_SCOPES, type OperationScope } from "./catalog";
import { APP_SCOPES, NO_SCOPES, scopeSet, type ScopeSet } from "./scopeset";

export const ORG_ROLES = [
  "Admin",
  "Financial Manager",
  "Organization Contributor",
  "Organization User",
  "Team Contributor",
  "Infrastructure Manager",
] as const;

export type OrgRole = (typeof ORG_ROLES)[number];

const ORG_ROLE_NAMES: ReadonlySet<string> = new Set(ORG_ROLES);

export function isOrgRole(name: string): name is OrgRole {
  return ORG_ROLE_NAMES.has(name);
}

/** One line per role for the invite dialog and the members table. */
export const ORG_ROLE_DESCRIPTIONS: Readonly<Record<OrgRole, string>> = {
  Admin: "Administers the organization: members, teams, apps, clusters and costs",
  "Financial Manager": "Sees the organization's costs, pricing plan and budgets, and nothing else",
  "Organization Contributor": "Contributes to all apps of the organization, without member administration",
  "Organization User": "Views all apps of the organization: read, search and predict, no changes",
  "Team Contributor": "Contributes only to the apps of their teams, with the teams' permissions",
  "Infrastructure Manager": "Creates, modifies and deletes clusters and nodepools",
};

/** Capabilities about the organization itself. */
export const ORG_CAPABILITIES = [
  "app.create",
  "members.manage",
  "teams.manage",
  "clusters.manage",
  "clusters.deploy",
  "clusters.view",
  "clusters.usage",
  "environments.manage",
  "finance.view",
  "finance.manage",
  "audit.view",
] as const;

/** Capabilities about one app the organization owns (or a personal app, for its owner). */
export const APP_CAPABILITIES = [
  "app.change_visibility",
  "app.edit_id",
  "app.delete",
  "app.edit_collaborators",
  "app.edit_base_workflow",
  "app.edit_description",
  "app.manage_models_workflows",
  "app.view_collaborators",
] as const;

export type OrgCapability = (typeof ORG_CAPABILITIES)[number];
export type AppCapability = (typeof APP_CAPABILITIES)[number];
export type Capability = OrgCapability | AppCapability;

/** What each capability lets one do, phrased to follow "may …" / "may not …" in UI copy. */
export const CAPABILITY_LABELS: Readonly<Record<Capability, string>> = {
  "app.create": "create apps",
  "members.manage": "invite, modify and remove members and manage pending invitations",
  "teams.manage": "create, edit and delete teams and add members and apps to teams",
  "clusters.manage": "create, edit and delete clusters and nodepools",
  "clusters.deploy": "deploy and view models in clusters",
  "clusters.view": "view clusters and nodepools",
  "clusters.usage": "view the node-hours of every nodepool, month by month",
  "environments.manage": "add, rename and delete the organization's environments",
  "finance.view": "view financial data (costs, budgets)",
  "finance.manage": "edit the pricing plan and budgets",
  "audit.view": "read every event of the audit log",
  "app.change_visibility": "change the app's visibility",
  "app.edit_id": "edit the app ID",
  "app.delete": "delete the app",
  "app.edit_collaborators": "add, edit and remove the app's collaborators",
  "app.edit_base_workflow": "edit the app's base workflow",
  "app.edit_description": "edit the app's description and notes",
  "app.manage_models_workflows": "create and delete the app's models and workflows",
  "app.view_collaborators": "view the app's collaborators",
};

/** Which operation scopes a role carries on every app of its org. */
export type RoleAppScopes = "all" | "read_search_predict" | "via_teams_only" | "none";

export interface RolePermissions {
  /** Operation scopes on all org apps: everything, every `:Get` plus Search and Predict, or none. */
  readonly appScopes: RoleAppScopes;
  readonly orgCapabilities: readonly OrgCapability[];
  /** App capabilities on every app of the org. */
  readonly appCapabilities: readonly AppCapability[];
  /** App capabilities only on apps reached through one of the member's teams. */
  readonly teamAppCapabilities: readonly AppCapability[];
}

/** The permission matrix (DESIGN §3). */
export const ROLE_PERMISSIONS: Readonly<Record<OrgRole, RolePermissions>> = {
  Admin: {
    appScopes: "all",
    orgCapabilities: ORG_CAPABILITIES,
    appCapabilities: APP_CAPABILITIES,
    teamAppCapabilities: [],
  },
  "Financial Manager": {
    appScopes: "none",
    orgCapabilities: ["finance.view"],
    appCapabilities: [],
    teamAppCapabilities: [],
  },
  "Organization Contributor": {
    appScopes: "all",
    orgCapabilities: ["app.create", "teams.manage", "clusters.deploy", "clusters.view"],
    appCapabilities: APP_CAPABILITIES,
    teamAppCapabilities: [],
  },
  "Organization User": {
    appScopes: "read_search_predict",
    orgCapabilities: ["clusters.view"],
    appCapabilities: ["app.view_collaborators"],
    teamAppCapabilities: [],
  },
  "Team Contributor": {
    appScopes: "via_teams_only",
    orgCapabilities: [],
    appCapabilities: [],
    teamAppCapabilities: ["app.edit_description", "app.manage_models_workflows", "app.view_collaborators"],
  },
  "Infrastructure Manager": {
    appScopes: "none",
    orgCapabilities: ["clusters.manage", "clusters.deploy", "clusters.view", "clusters.usage"],
    appCapabilities: [],
    teamAppCapabilities: [],
  },
};

/**
 * Every `:Get` scope plus Search and Predict: what an Organization User holds on every org app
 * (Apps:Get included: reading an app starts with reading the app itself).
 */
export const READ_SEARCH_PREDICT_SCOPES: ScopeSet = scopeSet(
  ...APP_OPERATION_SCOPES.filter((scope: OperationScope) => scope.endsWith(":Get") || scope === "Search" || scope === "Predict"),
);

/**
 * The operation scopes that administer the app itself through the API: Apps:Add (PatchApp, PatchApps)
 * and Apps:Delete (DeleteApp). Like the app capabilities they come only from the owner and org-role
 * layers (the owner, Admins and Organization Contributors hold them with "all"): team groups and
 * collaborator grants never give them, whatever their scope lists say.
 */
export const APP_ADMINISTRATION_SCOPES: ScopeSet = scopeSet("Apps:Add", "Apps:Delete");

/** The operation scopes a role itself carries on an app of its org (teams add theirs separately). */
export function roleScopes(role: OrgRole): ScopeSet {
  switch (ROLE_PERMISSIONS[role].appScopes) {
    case "all":
      return APP_SCOPES;
    case "read_search_predict":
      return READ_SEARCH_PREDICT_SCOPES;
    default:
      return NO_SCOPES;
  }
}

export function hasOrgCapability(role: OrgRole | null, capability: OrgCapability): boolean {
  return role !== null && ROLE_PERMISSIONS[role].orgCapabilities.includes(capability);
}

const APP_CAPABILITY_BITS: ReadonlyMap<string, number> = new Map(APP_CAPABILITIES.map((name, index) => [name, 1 << index]));

export const ALL_APP_CAPABILITIES_MASK: number = (1 << APP_CAPABILITIES.length) - 1;

/** Bit of an app capability in a capability mask, or 0 for a name that is not one. */
export function appCapabilityBit(capability: string): number {
  return APP_CAPABILITY_BITS.get(capability) ?? 0;
}

export function appCapabilityMask(capabilities: readonly AppCapability[]): number {
  let mask = 0;
  for (const capability of capabilities) mask |= appCapabilityBit(capability);
  return mask;
}

export function appCapabilityNames(mask: number): AppCapability[] {
  return APP_CAPABILITIES.filter((capability) => (mask & appCapabilityBit(capability)) !== 0);
}

/** App capabilities a role gives on one org app; `viaTeam` says the member reaches the app through a team. */
export function roleAppCapabilityMask(role: OrgRole, viaTeam: boolean): number {
  const permissions = ROLE_PERMISSIONS[role];
  return appCapabilityMask(permissions.appCapabilities) | (viaTeam ? appCapabilityMask(permissions.teamAppCapabilities) : 0);
}
