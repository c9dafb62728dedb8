// Explanations: which layer (owner, org role, each team with its group, collaborator with its
// endpoints) gives a user which scopes and app capabilities on an app — what the "who has access /
// why can't X do Y" panel shows.

import type { OperationScope } from "./catalog";
import { groupScopesOnApp, resolvePermissionGroup } from "./groups";
import {
  LAYER_BIT,
  capabilityLayers,
  checkGrants,
  collaboratorEndpointNames,
  layerScopes,
  type GrantLayer,
  type Grants,
} from "./grants";
import { APP_CAPABILITIES, type AppCapability, type OrgRole } from "./roles";
import { hasScope, scopeNames } from "./scopeset";

export type LayerExplanation = {
  readonly scopes: readonly OperationScope[];
  readonly appCapabilities: readonly AppCapability[];
  /** Short human label: "Owner of the app", "Organization role: Admin", "Team ml-team (Model Trainer)", "Collaborator". */
  readonly source: string;
} & (
  | { readonly layer: "owner" }
  | { readonly layer: "org_role"; readonly role: OrgRole }
  | { readonly layer: "team"; readonly teamId: string; readonly group: string }
  | {
      readonly layer: "collaborator";
      /** The endpoints this grant is restricted to (canonical names), or "all". */
      readonly endpoints: "all" | readonly string[];
    }
);

export interface AccessExplanation {
  readonly appId: string;
  readonly hasAccess: boolean;
  /** Union over the layers (what a session may do). */
  readonly scopes: readonly OperationScope[];
  readonly appCapabilities: readonly AppCapability[];
  /** Every fact that applies, in layer order, each with what it gives (possibly nothing). */
  readonly layers: readonly LayerExplanation[];
}

/** Which layer gives this user which scopes and app capabilities: the "who has access / why" panel. */
export function explainAccess(grants: Grants): AccessExplanation {
  checkGrants(grants);
  const capabilitiesOf = (layer: GrantLayer): AppCapability[] =>
    APP_CAPABILITIES.filter((capability) => (capabilityLayers(grants, capability) & LAYER_BIT[layer]) !== 0);
  const { facts } = grants;
  const layers: LayerExplanation[] = [];
  if (facts.isOwner) {
    layers.push({ layer: "owner", source: "Owner of the app", scopes: scopeNames(layerScopes(grants, "owner")), appCapabilities: capabilitiesOf("owner") });
  }
  if (facts.orgRole !== null) {
    layers.push({
      layer: "org_role",
      role: facts.orgRole,
      source: `Organization role: ${facts.orgRole}`,
      scopes: scopeNames(layerScopes(grants, "org_role")),
      appCapabilities: capabilitiesOf("org_role"),
    });
  }
  for (const team of facts.teamGroups) {
    const group = resolvePermissionGroup(team.group);
    const scopes = groupScopesOnApp(group);
    layers.push({
      layer: "team",
      teamId: team.teamId,
      group: group.name,
      source: `Team ${team.teamId} (${group.name})`,
      scopes: scopeNames(scopes),
      appCapabilities: hasScope(scopes, "Collaborators:Get") ? ["app.view_collaborators"] : [],
    });
  }
  if (facts.collaboratorScopes !== null) {
    const endpoints = collaboratorEndpointNames(grants);
    layers.push({
      layer: "collaborator",
      source: endpoints === "all" ? "Collaborator" : `Collaborator (${endpoints.length} endpoint${endpoints.length === 1 ? "" : "s"})`,
      endpoints,
      scopes: scopeNames(layerScopes(grants, "collaborator")),
      appCapabilities: capabilitiesOf("collaborator"),
    });
  }
  return {
    appId: grants.appId,
    hasAccess: grants.hasAccess,
    scopes: scopeNames(grants.scopes),
    appCapabilities: APP_CAPABILITIES.filter((capability) => capabilityLayers(grants, capability) !== 0),
    layers,
  };
}
