// Grants: what a user holds on an app. AccessFacts (read at request time) are compiled once per request
// into bitmasks per layer (owner, org role, teams, collaborator); the other modules read them only
// through the small functions at the end of this file. Also the layer bits and the endpoint masks
// (an endpoint list compiled for lookups) that credentials share.

import { ENDPOINT_COUNT, ENDPOINTS, findEndpoint } from "./endpoints";
import { groupScopesOnApp, resolvePermissionGroup, type PermissionGroup, type PermissionGroupRef } from "./groups";
import {
  APP_ADMINISTRATION_SCOPES,
  APP_CAPABILITIES,
  appCapabilityBit,
  isOrgRole,
  roleAppCapabilityMask,
  roleScopes,
  type AppCapability,
  type OrgRole,
} from "./roles";
import {
  APP_SCOPES,
  NO_SCOPES,
  ORGANIZATION_SCOPE_SET,
  SCOPE_WORDS,
  isScopeSet,
  overlaps,
  scopeSet,
  scopeWords,
  subtractScopes,
  unionScopes,
  type ScopeSet,
} from "./scopeset";

// ─── Layers ─────────────────────────────────────────────────────────────────────────────────────

/** Where a user's access to an app comes from (DESIGN §3, "Grants of a user on an app"). */
export const GRANT_LAYERS = ["owner", "org_role", "team", "collaborator"] as const;
export type GrantLayer = (typeof GRANT_LAYERS)[number];

/**
 * One bit per grant layer. A set of layers is the OR of their bits (0–15): the functions below that
 * answer "which layers" return such a number, so that deciding allocates nothing.
 */
export const LAYER_BIT = { owner: 1, org_role: 2, team: 4, collaborator: 8 } as const satisfies Record<GrantLayer, number>;

// ─── Endpoint lists ─────────────────────────────────────────────────────────────────────────────

/** An endpoint list compiled for lookups: every endpoint, or 1 at the index of each listed one. */
export interface EndpointMask {
  readonly all: boolean;
  readonly allowed: Uint8Array;
}

const EVERY_ENDPOINT: EndpointMask = Object.freeze({ all: true, allowed: new Uint8Array(0) });

/**
 * Compiles an endpoint list ("all", or canonical or bare names; unknown names allow nothing). Throws a
 * TypeError naming `what` when the list is neither.
 */
export function endpointMask(list: "all" | readonly string[], what: string): EndpointMask {
  if (list === "all") return EVERY_ENDPOINT;
  if (!Array.isArray(list)) throw new TypeError(`${what} must be "all" or a list`);
  const allowed = new Uint8Array(ENDPOINT_COUNT);
  for (const name of list) {
    const entry = typeof name === "string" ? findEndpoint(name) : undefined;
    if (entry !== undefined) allowed[entry.index] = 1;
  }
  return Object.freeze({ all: false, allowed });
}

/** The mask includes the endpoint at `index` (its position in ENDPOINTS). */
export function inMask(mask: EndpointMask, index: number): boolean {
  return mask.all || mask.allowed[index] === 1;
}

// ─── Grants ─────────────────────────────────────────────────────────────────────────────────────

/** A team that holds both the user and the app, and the permission group it has on the app. */
export interface TeamGrant {
  readonly teamId: string;
  readonly group: PermissionGroupRef;
}

/** What is known about one user and one app, read at request time. */
export interface AccessFacts {
  /** Opaque id of the app; an app key works only where its appRef equals it. */
  readonly appId: string;
  /** The user owns the app (a personal app). */
  readonly isOwner: boolean;
  /** The user's role in the organization that owns the app; null for a personal app or a non-member. */
  readonly orgRole: OrgRole | null;
  /** Teams of that organization holding both the user and the app. */
  readonly teamGroups: readonly TeamGrant[];
  /**
   * The user's collaborator scopes on the app; null when not a collaborator. App administration
   * (Apps:Add, Apps:Delete) never counts from them.
   */
  readonly collaboratorScopes: ScopeSet | null;
  /**
   * The endpoints the collaborator grant is restricted to (canonical or bare names; unknown names
   * allow nothing): its scopes count only on these calls. "all" or absent: every endpoint.
   */
  readonly collaboratorEndpoints?: "all" | readonly string[];
}

declare const grantsBrand: unique symbol;

/** AccessFacts compiled for fast decisions. Make one with compileGrants; fields are read-only. */
export interface Grants {
  readonly [grantsBrand]: true;
  readonly appId: string;
  /** The user may see the app at all (some layer applies, even one giving no scope). */
  readonly hasAccess: boolean;
  /** Union of the operation scopes of every layer. */
  readonly scopes: ScopeSet;
  readonly facts: AccessFacts;
}

/**
 * Where each set sits in CompiledGrants.words, in units of SCOPE_WORDS words: the evaluator reads
 * the words of every layer from one array.
 */
export const GRANT_WORDS = { all: 0, offCollaboration: 1, owner: 2, role: 3, team: 4, collaborator: 5 } as const;
const GRANT_SEGMENTS = 6;

export class CompiledGrants {
  declare readonly [grantsBrand]: true;
  /** The words of scopes, scopesOffCollaboration and the four layers, at GRANT_WORDS × SCOPE_WORDS. */
  readonly words: Int32Array;
  constructor(
    readonly appId: string,
    readonly hasAccess: boolean,
    readonly scopes: ScopeSet,
    readonly facts: AccessFacts,
    readonly ownerScopes: ScopeSet,
    readonly roleScopes: ScopeSet,
    readonly teamScopes: ScopeSet,
    readonly collaboratorScopes: ScopeSet,
    /** Endpoints where the collaborator layer counts. */
    readonly collaboratorEndpoints: EndpointMask,
    /** The union of every layer but the collaborator's (what counts on any endpoint). */
    readonly scopesOffCollaboration: ScopeSet,
    /** Layer bits of the layers that apply at all. */
    readonly accessLayers: number,
    /** Layer bits per app capability (index as in APP_CAPABILITIES); 0 = not granted. */
    readonly capabilityLayers: readonly number[],
  ) {
    const words = new Int32Array(GRANT_SEGMENTS * SCOPE_WORDS);
    const segments: readonly (readonly [number, ScopeSet])[] = [
      [GRANT_WORDS.all, scopes],
      [GRANT_WORDS.offCollaboration, scopesOffCollaboration],
      [GRANT_WORDS.owner, ownerScopes],
      [GRANT_WORDS.role, roleScopes],
      [GRANT_WORDS.team, teamScopes],
      [GRANT_WORDS.collaborator, collaboratorScopes],
    ];
    for (const [segment, set] of segments) words.set(scopeWords(set), segment * SCOPE_WORDS);
    this.words = words;
  }
}

function internal(grants: Grants): CompiledGrants {
  if (!(grants instanceof CompiledGrants)) throw new TypeError("Grants must come from compileGrants()");
  return grants;
}

/** Layer bits of the layers whose scopes intersect `needs`. */
function layersHolding(owner: ScopeSet, role: ScopeSet, team: ScopeSet, collaborator: ScopeSet, needs: ScopeSet): number {
  return (
    (overlaps(owner, needs) ? LAYER_BIT.owner : 0) |
    (overlaps(role, needs) ? LAYER_BIT.org_role : 0) |
    (overlaps(team, needs) ? LAYER_BIT.team : 0) |
    (overlaps(collaborator, needs) ? LAYER_BIT.collaborator : 0)
  );
}

const COLLABORATORS_GET = scopeSet("Collaborators:Get");

/**
 * Compiles the facts about a user and an app. Call once per request (grants are read at request time,
 * so a removed membership, team seat or collaborator counts from the next request on). Throws a
 * TypeError on malformed facts (unknown role or built-in group, a scope set not made by this module).
 *
 * Grants are immutable and a function of the facts alone, so compiling the same facts again returns
 * the grants compiled before: the cache is keyed by every fact they are built from, and facts that
 * changed are other facts, compiled afresh (a change counts on the very next request, as it would
 * without the cache).
 */
export function compileGrants(facts: AccessFacts): Grants {
  const key = factsKey(facts);
  if (key === null) return compile(facts);
  const cached = compiledByFacts.get(key);
  if (cached !== undefined) return cached;
  const grants = compile(facts);
  if (compiledByFacts.size >= COMPILED_GRANTS_KEPT) compiledByFacts.delete(compiledByFacts.keys().next().value as string);
  compiledByFacts.set(key, grants);
  return grants;
}

/** How many compiled grants are kept (the oldest goes first): a few per active user and app. */
const COMPILED_GRANTS_KEPT = 1024;
const compiledByFacts = new Map<string, Grants>();

/** A string with its length in front, so that no two lists of strings make the same key. */
function part(value: string): string {
  return `${value.length}:${value}`;
}

/**
 * Every fact compileGrants reads, as one string (custom groups by name and scopes); null for facts
 * it would refuse or that are not plain data, which are compiled (or refused) without the cache.
 */
function factsKey(facts: AccessFacts): string | null {
  if (typeof facts.appId !== "string" || (facts.orgRole !== null && typeof facts.orgRole !== "string")) return null;
  if (!Array.isArray(facts.teamGroups)) return null;
  let key = `${part(facts.appId)}${facts.isOwner === true ? "o" : "-"}${facts.orgRole === null ? "-" : part(facts.orgRole)}${facts.teamGroups.length}`;
  for (const team of facts.teamGroups) {
    const group: unknown = team.group;
    if (typeof team.teamId !== "string") return null;
    if (typeof group === "string") key += `${part(team.teamId)}b${part(group)}`;
    else if (typeof group === "object" && group !== null && typeof (group as PermissionGroup).name === "string" && isScopeSet((group as PermissionGroup).scopes)) {
      key += `${part(team.teamId)}c${part((group as PermissionGroup).name)}${(group as PermissionGroup).scopes.bits}`;
    } else return null;
  }
  if (facts.collaboratorScopes === null) key += "-";
  else if (isScopeSet(facts.collaboratorScopes)) key += `c${facts.collaboratorScopes.bits}`;
  else return null;
  const endpoints = facts.collaboratorEndpoints;
  if (endpoints === undefined || endpoints === "all") return `${key}*`;
  if (!Array.isArray(endpoints)) return null;
  key += `${endpoints.length}`;
  for (const name of endpoints as readonly unknown[]) {
    if (typeof name !== "string") return null;
    key += part(name);
  }
  return key;
}

function compile(facts: AccessFacts): Grants {
  if (typeof facts.appId !== "string" || facts.appId === "") throw new TypeError("AccessFacts.appId must be a non-empty string");
  if (facts.orgRole !== null && !isOrgRole(facts.orgRole)) throw new TypeError(`Unknown org role "${String(facts.orgRole)}"`);
  if (facts.collaboratorScopes !== null && !isScopeSet(facts.collaboratorScopes)) {
    throw new TypeError("AccessFacts.collaboratorScopes must be a ScopeSet or null");
  }
  const collaboratorEndpoints = endpointMask(facts.collaboratorEndpoints ?? "all", "AccessFacts.collaboratorEndpoints");
  const frozen: AccessFacts = Object.freeze({
    appId: facts.appId,
    isOwner: facts.isOwner === true,
    orgRole: facts.orgRole,
    // A custom group as the cache key knows it (name and scopes): what compiled grants say about it.
    teamGroups: Object.freeze(
      facts.teamGroups.map((team) =>
        Object.freeze({ teamId: team.teamId, group: typeof team.group === "string" ? team.group : Object.freeze({ name: team.group.name, scopes: team.group.scopes }) }),
      ),
    ),
    collaboratorScopes: facts.collaboratorScopes,
    collaboratorEndpoints: facts.collaboratorEndpoints === undefined || facts.collaboratorEndpoints === "all" ? "all" : Object.freeze([...facts.collaboratorEndpoints]),
  });

  const viaTeam = frozen.teamGroups.length > 0;
  let teamScopes = NO_SCOPES;
  for (const team of frozen.teamGroups) {
    const group = resolvePermissionGroup(team.group);
    if (!isScopeSet(group.scopes)) throw new TypeError(`Permission group "${group.name}" has an invalid scope set`);
    teamScopes = unionScopes(teamScopes, groupScopesOnApp(group));
  }
  const ownerScopes = frozen.isOwner ? APP_SCOPES : NO_SCOPES;
  const fromRole = frozen.orgRole === null ? NO_SCOPES : roleScopes(frozen.orgRole);
  // Like a group, a collaborator grant never administers the app (see APP_ADMINISTRATION_SCOPES),
  // nor reaches the organization's compute (ORGANIZATION_SCOPES).
  const fromCollaboration = subtractScopes(frozen.collaboratorScopes ?? NO_SCOPES, unionScopes(APP_ADMINISTRATION_SCOPES, ORGANIZATION_SCOPE_SET));
  const scopes = unionScopes(ownerScopes, fromRole, teamScopes, fromCollaboration);

  const roleCapabilities = frozen.orgRole === null ? 0 : roleAppCapabilityMask(frozen.orgRole, viaTeam);
  const accessLayers =
    (frozen.isOwner ? LAYER_BIT.owner : 0) |
    (fromRole !== NO_SCOPES || roleCapabilities !== 0 ? LAYER_BIT.org_role : 0) |
    (viaTeam ? LAYER_BIT.team : 0) |
    (frozen.collaboratorScopes !== null ? LAYER_BIT.collaborator : 0);

  // Whoever may list collaborators through the API (Collaborators:Get) may also see them in the console.
  const viewersOfCollaborators = layersHolding(ownerScopes, fromRole, teamScopes, fromCollaboration, COLLABORATORS_GET);
  const capabilityLayers = APP_CAPABILITIES.map(
    (capability) =>
      (frozen.isOwner ? LAYER_BIT.owner : 0) |
      ((roleCapabilities & appCapabilityBit(capability)) !== 0 ? LAYER_BIT.org_role : 0) |
      (capability === "app.view_collaborators" ? viewersOfCollaborators : 0),
  );
  return Object.freeze(
    new CompiledGrants(
      frozen.appId,
      accessLayers !== 0,
      scopes,
      frozen,
      ownerScopes,
      fromRole,
      teamScopes,
      fromCollaboration,
      collaboratorEndpoints,
      unionScopes(ownerScopes, fromRole, teamScopes),
      accessLayers,
      Object.freeze(capabilityLayers),
    ),
  );
}

// ─── Reading compiled grants ────────────────────────────────────────────────────────────────────
// Every function here throws the same TypeError on Grants not made by compileGrants (hand-made ones).

/** Throws a TypeError unless the grants come from compileGrants; decisions call it before anything else. */
export function checkGrants(grants: Grants): void {
  internal(grants);
}

/**
 * The scopes the grants give on the endpoint at `index` (its position in ENDPOINTS): every layer's,
 * but the collaborator's only where its grant lists the endpoint. Null when no layer reaches that
 * endpoint at all (no access to the app, or only a collaborator grant restricted to other endpoints).
 */
export function scopesAtEndpoint(grants: Grants, index: number): ScopeSet | null {
  const g = internal(grants);
  if (inMask(g.collaboratorEndpoints, index)) return g.hasAccess ? g.scopes : null;
  return (g.accessLayers & ~LAYER_BIT.collaborator) !== 0 ? g.scopesOffCollaboration : null;
}

/**
 * Layer bits of the layers holding some of `needs` (for no needs: of the layers giving access at all).
 * With an endpoint `index`, the collaborator layer counts only where its grant lists that endpoint.
 */
export function grantingLayers(grants: Grants, needs: ScopeSet, index?: number): number {
  const g = internal(grants);
  const layers =
    needs === NO_SCOPES
      ? g.accessLayers
      : layersHolding(g.ownerScopes, g.roleScopes, g.teamScopes, g.collaboratorScopes, needs);
  return index === undefined || inMask(g.collaboratorEndpoints, index) ? layers : layers & ~LAYER_BIT.collaborator;
}

/** The operation scopes one layer gives (for "team": the union over the user's teams). */
export function layerScopes(grants: Grants, layer: GrantLayer): ScopeSet {
  const g = internal(grants);
  switch (layer) {
    case "owner":
      return g.ownerScopes;
    case "org_role":
      return g.roleScopes;
    case "team":
      return g.teamScopes;
    case "collaborator":
      return g.collaboratorScopes;
  }
}

/** Layer bits of the layers giving an app capability; 0 when none does (or the capability is unknown). */
export function capabilityLayers(grants: Grants, capability: AppCapability): number {
  return internal(grants).capabilityLayers[APP_CAPABILITIES.indexOf(capability)] ?? 0;
}

/** The endpoints the collaborator grant is restricted to, as canonical names in catalog order, or "all". */
export function collaboratorEndpointNames(grants: Grants): "all" | string[] {
  const mask = internal(grants).collaboratorEndpoints;
  return mask.all ? "all" : ENDPOINTS.filter((_, index) => inMask(mask, index)).map((endpoint) => endpoint.name);
}
