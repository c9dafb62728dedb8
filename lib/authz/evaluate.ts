// Decisions. Facts about a user and an app are compiled once per request into Grants (bitmasks per
// layer); a credential is compiled into a CompiledCredential; then every endpoint call, operation or
// console capability is decided by a few integer operations. Denials are values that name the layer
// that denied and the missing scopes; the shared ones are built once and frozen, so a decision
// allocates nothing on the common paths.
//
// Order of checks (the first failure is reported): credential live → app key bound to this app →
// user has any access to the app → endpoint (or scope) known → endpoint in the credential's endpoint
// scopes → grants cover the needs (a collaborator grant restricted to some endpoints counts only on
// those) → credential covers the needs.

import type { OperationScope } from "./catalog";
import { ENDPOINT_COUNT, ENDPOINTS, findEndpoint, type EndpointEntry } from "./endpoints";
import { resolvePermissionGroup, type PermissionGroupRef } from "./groups";
import {
  APP_CAPABILITIES,
  CAPABILITY_LABELS,
  appCapabilityBit,
  appCapabilityNames,
  hasOrgCapability,
  isOrgRole,
  roleAppCapabilityMask,
  roleScopes,
  ORG_CAPABILITIES,
  type AppCapability,
  type OrgCapability,
  type OrgRole,
} from "./roles";
import {
  ALL_SCOPES,
  NO_SCOPES,
  hasScope,
  isScopeSet,
  parseScopes,
  scopeListText,
  scopeNames,
  scopeSet,
  type ScopeSet,
} from "./scopeset";

// ─── Decisions ──────────────────────────────────────────────────────────────────────────────────

/** Where a user's access to an app comes from (DESIGN §3, "Grants of a user on an app"). */
export const GRANT_LAYERS = ["owner", "org_role", "team", "collaborator"] as const;
export type GrantLayer = (typeof GRANT_LAYERS)[number];

export type DenialReason =
  | "credential_revoked"
  | "credential_expired"
  | "credential_not_for_app"
  | "no_app_access"
  | "unknown_endpoint"
  | "unknown_scope"
  | "unknown_capability"
  | "endpoint_not_in_credential"
  | "endpoint_not_in_grant"
  | "grant_lacks_scopes"
  | "credential_lacks_scopes"
  | "not_org_member"
  | "capability_not_granted"
  | "collaborator_not_covered"
  | "target_is_owner"
  | "admin_only";

export interface Allowed {
  readonly allowed: true;
  /** The grant layers that hold what was needed (for an endpoint needing no scope: those giving access). */
  readonly grantedBy: readonly GrantLayer[];
}

export interface Denied {
  readonly allowed: false;
  readonly deniedBy: DenialReason;
  /** The operation scopes the denying layer lacks; empty when the denial is not about scopes. */
  readonly missing: readonly OperationScope[];
  /** One sentence for the console and for API error details. */
  readonly message: string;
}

export type Decision = Allowed | Denied;

const LAYER_BIT = { owner: 1, org_role: 2, team: 4, collaborator: 8 } as const satisfies Record<GrantLayer, number>;

// One frozen Allowed per combination of layers: allowing never allocates.
const ALLOWED_BY_LAYERS: readonly Allowed[] = Array.from({ length: 16 }, (_, bits) =>
  Object.freeze({
    allowed: true as const,
    grantedBy: Object.freeze(GRANT_LAYERS.filter((layer) => (bits & LAYER_BIT[layer]) !== 0)),
  }),
);

function deny(deniedBy: DenialReason, message: string, missing: ScopeSet = NO_SCOPES): Denied {
  return Object.freeze({ allowed: false as const, deniedBy, missing: Object.freeze(scopeNames(missing)), message });
}

function quoted(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}

const REVOKED = deny("credential_revoked", "This credential has been revoked.");
const EXPIRED = deny("credential_expired", "This credential has expired.");
const NOT_FOR_APP = deny("credential_not_for_app", "This app key belongs to another app.");
const NO_APP_ACCESS = deny("no_app_access", "No access to this app.");
const NOT_ORG_MEMBER = deny("not_org_member", "Not a member of this organization.");

// ─── Endpoint lists ─────────────────────────────────────────────────────────────────────────────

/** An endpoint list compiled for lookups: every endpoint, or 1 at the index of each listed one. */
interface EndpointMask {
  readonly all: boolean;
  readonly allowed: Uint8Array;
}

const EVERY_ENDPOINT: EndpointMask = Object.freeze({ all: true, allowed: new Uint8Array(0) });

function endpointMask(list: "all" | readonly string[], what: string): EndpointMask {
  if (list === "all") return EVERY_ENDPOINT;
  if (!Array.isArray(list)) throw new TypeError(`${what} must be "all" or a list`);
  const allowed = new Uint8Array(ENDPOINT_COUNT);
  for (const name of list) {
    const entry = typeof name === "string" ? findEndpoint(name) : undefined;
    if (entry !== undefined) allowed[entry.index] = 1;
  }
  return Object.freeze({ all: false, allowed });
}

function inMask(mask: EndpointMask, index: number): boolean {
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
  /** The user's collaborator scopes on the app; null when not a collaborator. */
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

class CompiledGrants {
  declare readonly [grantsBrand]: true;
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
  ) {}
}

function internal(grants: Grants): CompiledGrants {
  if (!(grants instanceof CompiledGrants)) throw new TypeError("Grants must come from compileGrants()");
  return grants;
}

/** Layer bits of the layers whose scopes intersect `needs`. */
function layersHolding(owner: ScopeSet, role: ScopeSet, team: ScopeSet, collaborator: ScopeSet, needs: ScopeSet): number {
  return (
    ((owner & needs) !== 0 ? LAYER_BIT.owner : 0) |
    ((role & needs) !== 0 ? LAYER_BIT.org_role : 0) |
    ((team & needs) !== 0 ? LAYER_BIT.team : 0) |
    ((collaborator & needs) !== 0 ? LAYER_BIT.collaborator : 0)
  );
}

/** Layer bits of the layers holding `needs`; on an endpoint the collaborator layer may not count. */
function grantingLayers(grants: CompiledGrants, needs: ScopeSet, collaboratorCounts = true): number {
  const layers =
    needs === NO_SCOPES
      ? grants.accessLayers
      : layersHolding(grants.ownerScopes, grants.roleScopes, grants.teamScopes, grants.collaboratorScopes, needs);
  return collaboratorCounts ? layers : layers & ~LAYER_BIT.collaborator;
}

/**
 * @internal The scopes the grants give on the endpoint at `index` (the collaborator's only where
 * listed); null when no layer reaches that endpoint at all.
 */
export function grantScopesAtEndpoint(grants: Grants, index: number): ScopeSet | null {
  const g = internal(grants);
  if (inMask(g.collaboratorEndpoints, index)) return g.hasAccess ? g.scopes : null;
  return (g.accessLayers & ~LAYER_BIT.collaborator) !== 0 ? g.scopesOffCollaboration : null;
}

/** @internal The credential's endpoint scopes include the endpoint at `index`. */
export function credentialAllowsEndpoint(credential: CompiledCredential, index: number): boolean {
  return credential.allEndpoints || credential.endpoints[index] === 1;
}

const COLLABORATORS_GET = scopeSet("Collaborators:Get");

/**
 * Compiles the facts about a user and an app. Call once per request (grants are read at request time,
 * so a removed membership, team seat or collaborator counts from the next request on). Throws a
 * TypeError on malformed facts (unknown role or built-in group, a scope set not made by this module).
 */
export function compileGrants(facts: AccessFacts): Grants {
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
    teamGroups: Object.freeze(facts.teamGroups.map((team) => Object.freeze({ teamId: team.teamId, group: team.group }))),
    collaboratorScopes: facts.collaboratorScopes,
    collaboratorEndpoints: facts.collaboratorEndpoints === undefined || facts.collaboratorEndpoints === "all" ? "all" : Object.freeze([...facts.collaboratorEndpoints]),
  });

  const viaTeam = frozen.teamGroups.length > 0;
  let teamScopes = 0;
  for (const team of frozen.teamGroups) {
    const group = resolvePermissionGroup(team.group);
    if (!isScopeSet(group.scopes)) throw new TypeError(`Permission group "${group.name}" has an invalid scope set`);
    teamScopes |= group.scopes;
  }
  const ownerScopes = frozen.isOwner ? ALL_SCOPES : NO_SCOPES;
  const fromRole = frozen.orgRole === null ? NO_SCOPES : roleScopes(frozen.orgRole);
  const fromCollaboration = frozen.collaboratorScopes ?? NO_SCOPES;
  const scopes = (ownerScopes | fromRole | teamScopes | fromCollaboration) as ScopeSet;

  const roleCapabilities = frozen.orgRole === null ? 0 : roleAppCapabilityMask(frozen.orgRole, viaTeam);
  const accessLayers =
    (frozen.isOwner ? LAYER_BIT.owner : 0) |
    (fromRole !== NO_SCOPES || roleCapabilities !== 0 ? LAYER_BIT.org_role : 0) |
    (viaTeam ? LAYER_BIT.team : 0) |
    (frozen.collaboratorScopes !== null ? LAYER_BIT.collaborator : 0);

  // Whoever may list collaborators through the API (Collaborators:Get) may also see them in the console.
  const viewersOfCollaborators = layersHolding(ownerScopes, fromRole, teamScopes as ScopeSet, fromCollaboration, COLLABORATORS_GET);
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
      teamScopes as ScopeSet,
      fromCollaboration,
      collaboratorEndpoints,
      (ownerScopes | fromRole | teamScopes) as ScopeSet,
      accessLayers,
      Object.freeze(capabilityLayers),
    ),
  );
}

// ─── Credentials ────────────────────────────────────────────────────────────────────────────────

interface ScopedCredentialFields {
  /** Operation scopes the credential carries (intersected with the owner's grants at every call). */
  readonly operationScopes: ScopeSet;
  /** Endpoint scopes: "all", or a list of endpoint names (canonical or bare; unknown names allow nothing). */
  readonly endpointScopes: "all" | readonly string[];
  /** From this instant on the credential is expired; null or absent: never expires. */
  readonly expiresAt?: Date | null;
  /** Any revocation time, even one in the future (clock skew), means revoked. */
  readonly revokedAt?: Date | null;
}

/** Who is calling and how: a browser session (every scope), a personal access token or an app key. */
export type Credential =
  | { readonly kind: "session" }
  | ({ readonly kind: "pat" } & ScopedCredentialFields)
  | ({ readonly kind: "app_key"; /** The app this key belongs to (compared with AccessFacts.appId). */ readonly appRef: string } & ScopedCredentialFields);

export type CredentialKind = Credential["kind"];

/** A credential prepared for fast decisions. Make one with compileCredential (once per request). */
export class CompiledCredential {
  /** @internal */
  constructor(
    readonly kind: CredentialKind,
    /** @internal */ readonly appRef: string | null,
    readonly operationScopes: ScopeSet,
    /** @internal */ readonly allEndpoints: boolean,
    /** @internal 1 at the index of each allowed endpoint. */ readonly endpoints: Uint8Array,
    /** @internal */ readonly expiresAtMs: number,
    /** @internal */ readonly revoked: boolean,
  ) {
    Object.freeze(this);
  }
}

const NO_ENDPOINTS = new Uint8Array(0);

export const SESSION: Credential = Object.freeze({ kind: "session" });
const COMPILED_SESSION = new CompiledCredential("session", null, ALL_SCOPES, true, NO_ENDPOINTS, Infinity, false);

function timeOrNever(date: Date | null | undefined): number {
  return date === null || date === undefined ? Infinity : date.getTime();
}

/** Prepares a credential for many decisions. Throws a TypeError on a malformed one. */
export function compileCredential(credential: Credential | CompiledCredential): CompiledCredential {
  if (credential instanceof CompiledCredential) return credential;
  if (credential.kind === "session") return COMPILED_SESSION;
  if (credential.kind !== "pat" && credential.kind !== "app_key") {
    throw new TypeError(`Unknown credential kind "${String((credential as { kind: unknown }).kind)}"`);
  }
  if (!isScopeSet(credential.operationScopes)) throw new TypeError("Credential.operationScopes must be a ScopeSet");
  if (credential.kind === "app_key" && (typeof credential.appRef !== "string" || credential.appRef === "")) {
    throw new TypeError("An app key's appRef must be a non-empty string");
  }
  const endpoints = endpointMask(credential.endpointScopes, "Credential.endpointScopes");
  return new CompiledCredential(
    credential.kind,
    credential.kind === "app_key" ? credential.appRef : null,
    credential.operationScopes,
    endpoints.all,
    endpoints.allowed,
    timeOrNever(credential.expiresAt),
    credential.revokedAt !== null && credential.revokedAt !== undefined,
  );
}

export interface EvaluationContext {
  /** The current time, passed in so that decisions stay pure. */
  readonly now: Date;
}

export interface EndpointRequest extends EvaluationContext {
  /** The request searches by image, crop or visual similarity (PostSearches then also needs Predict). */
  readonly visualQuery?: boolean;
}

/** The first three checks, shared by every decision that involves a credential; null when they pass. */
function credentialAndAccessDenial(grants: CompiledGrants, credential: CompiledCredential, now: Date): Denied | null {
  if (credential.revoked) return REVOKED;
  // A credential with an expiry is expired unless `now` is before it; written so that an invalid
  // date (NaN) on either side counts as expired (fail closed). Without an expiry, `now` is not read.
  if (credential.expiresAtMs !== Infinity && !(now.getTime() < credential.expiresAtMs)) return EXPIRED;
  if (credential.appRef !== null && credential.appRef !== grants.appId) return NOT_FOR_APP;
  if (!grants.hasAccess) return NO_APP_ACCESS;
  return null;
}

// ─── Endpoint decisions ─────────────────────────────────────────────────────────────────────────

// Denials for known endpoints are cached per endpoint. The missing set is always a subset of the
// endpoint's needs (at most a handful of scopes), so each cache holds only a few entries.
const endpointNotInCredential: (Denied | undefined)[] = new Array<Denied | undefined>(ENDPOINT_COUNT);
const endpointNotInGrant: (Denied | undefined)[] = new Array<Denied | undefined>(ENDPOINT_COUNT);
const scopeDenials: (Map<number, Denied> | undefined)[] = new Array<Map<number, Denied> | undefined>(ENDPOINT_COUNT);

function endpointScopeDenial(entry: EndpointEntry, byGrant: boolean, missing: ScopeSet, visualQuery: boolean): Denied {
  const key = ((byGrant ? 2 : 0) + (visualQuery ? 1 : 0)) * 4294967296 + (missing >>> 0);
  let cache = scopeDenials[entry.index];
  if (cache === undefined) scopeDenials[entry.index] = cache = new Map();
  let denial = cache.get(key);
  if (denial === undefined) {
    const call = `${entry.endpoint.method}${visualQuery ? " (visual search)" : ""}`;
    denial = byGrant
      ? deny("grant_lacks_scopes", `The access granted on this app lacks ${scopeListText(missing)}, which ${call} needs.`, missing)
      : deny("credential_lacks_scopes", `The credential lacks ${scopeListText(missing)}, which ${call} needs.`, missing);
    cache.set(key, denial);
  }
  return denial;
}

/**
 * Decides one API call. `endpoint` is a canonical endpoint name ("/clarifai.api.V2/PostSearches") or
 * its bare method ("PostSearches"); anything else is denied as unknown.
 */
export function evaluateEndpoint(
  grants: Grants,
  credential: Credential | CompiledCredential,
  endpoint: string,
  request: EndpointRequest,
): Decision {
  const g = internal(grants);
  const c = credential instanceof CompiledCredential ? credential : compileCredential(credential);
  const early = credentialAndAccessDenial(g, c, request.now);
  if (early !== null) return early;

  const entry = findEndpoint(endpoint);
  if (entry === undefined) {
    return deny("unknown_endpoint", `Unknown endpoint ${quoted(String(endpoint))}: only catalogued endpoints can be called.`);
  }
  if (!c.allEndpoints && c.endpoints[entry.index] !== 1) {
    return (endpointNotInCredential[entry.index] ??= deny(
      "endpoint_not_in_credential",
      `The credential's endpoint scopes do not include ${entry.endpoint.method}.`,
    ));
  }
  const visualQuery = request.visualQuery === true;
  const needs = visualQuery ? entry.visualQueryNeeds : entry.needs;
  const collaboratorCounts = inMask(g.collaboratorEndpoints, entry.index);
  const granted = collaboratorCounts ? g.scopes : g.scopesOffCollaboration;
  const lackedByGrants = needs & ~granted;
  // The collaborator grant would cover the call but is restricted to other endpoints.
  if (!collaboratorCounts && (needs & ~g.scopes) === 0 && (lackedByGrants !== 0 || grantingLayers(g, needs, false) === 0)) {
    return (endpointNotInGrant[entry.index] ??= deny(
      "endpoint_not_in_grant",
      `The collaborator grant's endpoint scopes do not include ${entry.endpoint.method}.`,
    ));
  }
  if (lackedByGrants !== 0) return endpointScopeDenial(entry, true, lackedByGrants as ScopeSet, visualQuery);
  const lackedByCredential = needs & ~c.operationScopes;
  if (lackedByCredential !== 0) return endpointScopeDenial(entry, false, lackedByCredential as ScopeSet, visualQuery);
  return ALLOWED_BY_LAYERS[grantingLayers(g, needs, collaboratorCounts)] as Allowed;
}

// ─── Operation decisions ────────────────────────────────────────────────────────────────────────

/** Scopes an operation needs: one scope, several, or a ScopeSet. */
export type OperationNeeds = OperationScope | readonly OperationScope[] | ScopeSet;

function needsToScopeSet(needs: OperationNeeds): ScopeSet | string {
  if (typeof needs === "number") return isScopeSet(needs) ? needs : String(needs);
  const parsed = parseScopes(typeof needs === "string" ? [needs] : needs);
  return parsed.unknown.length > 0 ? String(parsed.unknown[0]) : parsed.scopes;
}

/** @internal Shared by operation decisions and grant checks; `describe` phrases the scope denials. */
export function decideScopes(
  grants: Grants,
  credential: Credential | CompiledCredential,
  needs: OperationNeeds,
  now: Date,
  describe: (lacking: "grant" | "credential", missing: ScopeSet) => string,
): Decision {
  const g = internal(grants);
  const c = compileCredential(credential);
  const early = credentialAndAccessDenial(g, c, now);
  if (early !== null) return early;
  const set = needsToScopeSet(needs);
  if (typeof set === "string") return deny("unknown_scope", `Unknown operation scope ${quoted(set)}.`);
  const lackedByGrants = (set & ~g.scopes) as ScopeSet;
  if (lackedByGrants !== 0) return deny("grant_lacks_scopes", describe("grant", lackedByGrants), lackedByGrants);
  const lackedByCredential = (set & ~c.operationScopes) as ScopeSet;
  if (lackedByCredential !== 0) {
    return deny("credential_lacks_scopes", describe("credential", lackedByCredential), lackedByCredential);
  }
  return ALLOWED_BY_LAYERS[grantingLayers(g, set)] as Allowed;
}

/** Decides an operation that is not an API call (a server action, a console page): every scope in `needs`. */
export function evaluateOperation(
  grants: Grants,
  credential: Credential | CompiledCredential,
  needs: OperationNeeds,
  context: EvaluationContext,
): Decision {
  return decideScopes(grants, credential, needs, context.now, (lacking, missing) =>
    lacking === "grant"
      ? `The access granted on this app lacks ${scopeListText(missing)}.`
      : `The credential lacks ${scopeListText(missing)}.`,
  );
}

// ─── Capability decisions ───────────────────────────────────────────────────────────────────────

const ORG_CAPABILITY_NAMES: ReadonlySet<string> = new Set(ORG_CAPABILITIES);

/** Decides a console capability about the organization (not about one app), from the member's role. */
export function evaluateOrgCapability(orgRole: OrgRole | null, capability: OrgCapability): Decision {
  if (!ORG_CAPABILITY_NAMES.has(capability)) {
    return deny("unknown_capability", `Unknown organization capability ${quoted(String(capability))}.`);
  }
  if (orgRole === null) return NOT_ORG_MEMBER;
  if (!isOrgRole(orgRole)) throw new TypeError(`Unknown org role "${String(orgRole)}"`);
  if (!hasOrgCapability(orgRole, capability)) {
    return deny("capability_not_granted", `The ${orgRole} role may not ${CAPABILITY_LABELS[capability]}.`);
  }
  return ALLOWED_BY_LAYERS[LAYER_BIT.org_role] as Allowed;
}

/** Decides a console capability about one app (app settings), from the user's grants on it. */
export function evaluateAppCapability(grants: Grants, capability: AppCapability): Decision {
  const g = internal(grants);
  const index = APP_CAPABILITIES.indexOf(capability);
  if (index < 0) return deny("unknown_capability", `Unknown app capability ${quoted(String(capability))}.`);
  if (!g.hasAccess) return NO_APP_ACCESS;
  const layers = g.capabilityLayers[index] ?? 0;
  if (layers === 0) {
    return deny("capability_not_granted", `The access granted on this app does not include permission to ${CAPABILITY_LABELS[capability]}.`);
  }
  return ALLOWED_BY_LAYERS[layers] as Allowed;
}

// ─── Effective scopes and explanations ──────────────────────────────────────────────────────────

/** @internal grants ∩ credential scopes as a set; empty when the credential is not usable on this app. */
export function effectiveScopeSet(grants: Grants, credential: Credential | CompiledCredential, now: Date): ScopeSet {
  const g = internal(grants);
  const c = compileCredential(credential);
  if (credentialAndAccessDenial(g, c, now) !== null) return NO_SCOPES;
  return (g.scopes & c.operationScopes) as ScopeSet;
}

/**
 * The operation scopes a request with this credential may use on this app: grants ∩ credential scopes
 * (for a session, the grants). Empty when the credential is revoked, expired or bound to another app.
 */
export function effectiveScopes(grants: Grants, credential: Credential | CompiledCredential, now: Date): OperationScope[] {
  return scopeNames(effectiveScopeSet(grants, credential, now));
}

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
  const g = internal(grants);
  const capabilitiesOf = (layer: GrantLayer): AppCapability[] =>
    APP_CAPABILITIES.filter((_, index) => ((g.capabilityLayers[index] ?? 0) & LAYER_BIT[layer]) !== 0);
  const layers: LayerExplanation[] = [];
  if (g.facts.isOwner) {
    layers.push({ layer: "owner", source: "Owner of the app", scopes: scopeNames(g.ownerScopes), appCapabilities: capabilitiesOf("owner") });
  }
  if (g.facts.orgRole !== null) {
    layers.push({
      layer: "org_role",
      role: g.facts.orgRole,
      source: `Organization role: ${g.facts.orgRole}`,
      scopes: scopeNames(g.roleScopes),
      appCapabilities: capabilitiesOf("org_role"),
    });
  }
  for (const team of g.facts.teamGroups) {
    const group = resolvePermissionGroup(team.group);
    layers.push({
      layer: "team",
      teamId: team.teamId,
      group: group.name,
      source: `Team ${team.teamId} (${group.name})`,
      scopes: scopeNames(group.scopes),
      appCapabilities: hasScope(group.scopes, "Collaborators:Get") ? ["app.view_collaborators"] : [],
    });
  }
  if (g.facts.collaboratorScopes !== null) {
    const endpoints = g.collaboratorEndpoints.all ? ("all" as const) : ENDPOINTS.filter((_, index) => inMask(g.collaboratorEndpoints, index)).map((endpoint) => endpoint.name);
    layers.push({
      layer: "collaborator",
      source: endpoints === "all" ? "Collaborator" : `Collaborator (${endpoints.length} endpoint${endpoints.length === 1 ? "" : "s"})`,
      endpoints,
      scopes: scopeNames(g.collaboratorScopes),
      appCapabilities: capabilitiesOf("collaborator"),
    });
  }
  return {
    appId: g.appId,
    hasAccess: g.hasAccess,
    scopes: scopeNames(g.scopes),
    appCapabilities: appCapabilityNames(
      g.capabilityLayers.reduce((mask, layers, index) => (layers !== 0 ? mask | (1 << index) : mask), 0),
    ),
    layers,
  };
}

export type CollaboratorAction = "add" | "change" | "remove";

const COLLABORATOR_ACTION_NEEDS: Readonly<Record<CollaboratorAction, ScopeSet>> = Object.freeze({
  add: scopeSet("Collaborators:Add"),
  change: scopeSet("Collaborators:Add"),
  remove: scopeSet("Collaborators:Delete"),
});

/**
 * May the actor manage collaborators on this app at all? Either the matrix's "edit collaborators"
 * (owner, Admin, Organization Contributor), or a collaborator whose own collaborator scopes hold
 * Collaborators:Add (add, change) or Collaborators:Delete (remove) — "collaborators can also invite
 * other collaborators". Collaborator scopes reached through a team do not count: the matrix lets a
 * Team Contributor only view collaborators. Which scopes may be granted, and which collaborators
 * may be touched, is then decided by mayGrantScopes / mayManageCollaborator.
 */
export function evaluateCollaboratorManagement(grants: Grants, action: CollaboratorAction): Decision {
  const g = internal(grants);
  const editIndex = APP_CAPABILITIES.indexOf("app.edit_collaborators");
  const capabilityLayers = g.capabilityLayers[editIndex] ?? 0;
  if (capabilityLayers !== 0) return ALLOWED_BY_LAYERS[capabilityLayers] as Allowed;
  const needs = COLLABORATOR_ACTION_NEEDS[action];
  if ((g.collaboratorScopes & needs) === needs) return ALLOWED_BY_LAYERS[LAYER_BIT.collaborator] as Allowed;
  return deny(
    "capability_not_granted",
    `Only the app owner, Admins, Organization Contributors and collaborators granted ${scopeListText(needs)} can ${action} collaborators.`,
    (needs & ~g.collaboratorScopes) as ScopeSet,
  );
}
