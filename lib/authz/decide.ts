// Decisions. Given compiled Grants and a CompiledCredential, every endpoint call, operation or
// console capability is decided by a few integer operations. Denials are values that name the layer
// that denied and the missing scopes; the shared ones are built once and frozen, so a decision
// allocates nothing on the common paths.
//
// Order of checks (the first failure is reported): credential live → app key bound to this app, or
// a token limited to chosen apps used on one of them →
// user has any access to the app → endpoint (or scope) known → endpoint in the credential's endpoint
// scopes → grants cover the needs (a collaborator grant restricted to some endpoints counts only on
// those) → credential covers the needs. An introspection endpoint open on apps (MyScopes) stops after
// "endpoint known": reaching the app with a live credential is all it takes.

import type { OperationScope } from "./catalog";
import {
  compileCredential,
  credentialLiveness,
  credentialProblem,
  CompiledCredential,
  type Credential,
} from "./credential";
import { ENDPOINT_COUNT, ENDPOINT_ENTRIES, ENDPOINT_ENTRY_BY_NAME, type EndpointEntry, type EndpointName } from "./endpoints";
import {
  CompiledGrants,
  GRANT_LAYERS,
  GRANT_WORDS,
  LAYER_BIT,
  capabilityLayers,
  checkGrants,
  grantingLayers,
  layerScopes,
  type GrantLayer,
  type Grants,
} from "./grants";
import { APP_CAPABILITIES, CAPABILITY_LABELS, hasOrgCapability, isOrgRole, ORG_CAPABILITIES, type AppCapability, type OrgCapability, type OrgRole } from "./roles";
import {
  NO_SCOPES,
  SCOPE_WORDS,
  intersectScopes,
  isScopeSet,
  isSubsetOf,
  parseScopes,
  scopeListText,
  scopeNames,
  scopeSet,
  scopeSetOfIndexes,
  subtractScopes,
  type ScopeSet,
} from "./scopeset";

// ─── Decisions ──────────────────────────────────────────────────────────────────────────────────

export type DenialReason =
  | "credential_revoked"
  | "credential_expired"
  | "credential_not_for_app"
  | "credential_kind"
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
  | "admin_only"
  | "last_admin"
  | "environment_none"
  | "environment_read_only"
  | "key_outlives_credential"
  | "address_unverified";

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

// One frozen Allowed per combination of layers: allowing never allocates.
const ALLOWED_BY_LAYERS: readonly Allowed[] = Array.from({ length: 16 }, (_, bits) =>
  Object.freeze({
    allowed: true as const,
    grantedBy: Object.freeze(GRANT_LAYERS.filter((layer) => (bits & LAYER_BIT[layer]) !== 0)),
  }),
);

/** The shared Allowed for a set of layer bits (0: no layer, for decisions that involve no grant). */
export function allowedBy(layers: number): Allowed {
  return ALLOWED_BY_LAYERS[layers] as Allowed;
}

export function deny(deniedBy: DenialReason, message: string, missing: ScopeSet = NO_SCOPES): Denied {
  return Object.freeze({ allowed: false as const, deniedBy, missing: Object.freeze(scopeNames(missing)), message });
}

function quoted(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}

const REVOKED = deny("credential_revoked", "This credential has been revoked.");
const EXPIRED = deny("credential_expired", "This credential has expired.");
const NOT_FOR_APP = deny("credential_not_for_app", "This app key belongs to another app.");
const TOKEN_NOT_FOR_APP = deny(
  "credential_not_for_app",
  "This personal access token is limited to other apps: use it on one of them, or create a token that reaches this app.",
);
const NO_APP_ACCESS = deny("no_app_access", "No access to this app.");
const NOT_ORG_MEMBER = deny("not_org_member", "Not a member of this organization.");

const CREDENTIAL_DENIALS = {
  credential_revoked: REVOKED,
  credential_expired: EXPIRED,
  credential_not_for_app: NOT_FOR_APP,
  token_not_for_app: TOKEN_NOT_FOR_APP,
} as const;

export interface EvaluationContext {
  /** The current time, passed in so that decisions stay pure. */
  readonly now: Date;
}

export interface EndpointRequest extends EvaluationContext {
  /** The request searches by image, crop or visual similarity (PostSearches then also needs Predict). */
  readonly visualQuery?: boolean;
}

/** Revoked or expired: the first check of every decision that involves a credential; null while live. */
export function livenessDenial(credential: CompiledCredential, now: Date): Denied | null {
  const problem = credentialLiveness(credential, now);
  return problem === null ? null : CREDENTIAL_DENIALS[problem];
}

/** An endpoint name outside the catalog (quoted, shortened). */
export function unknownEndpointDenial(endpoint: string): Denied {
  return deny("unknown_endpoint", `Unknown endpoint ${quoted(String(endpoint))}: only catalogued endpoints can be called.`);
}

/** The first three checks, shared by every decision that involves a credential; null when they pass. */
function credentialAndAccessDenial(grants: Grants, credential: CompiledCredential, now: Date): Denied | null {
  const problem = credentialProblem(credential, grants.appId, now);
  if (problem !== null) return CREDENTIAL_DENIALS[problem];
  if (!grants.hasAccess) return NO_APP_ACCESS;
  return null;
}

// ─── Endpoint decisions ─────────────────────────────────────────────────────────────────────────

// Denials for known endpoints are cached per endpoint (and, for scope denials, per side and kind of
// query). The missing set is always a subset of the endpoint's needs (at most a handful of scopes),
// so each cache holds only a few entries.
const endpointNotInCredential: (Denied | undefined)[] = new Array<Denied | undefined>(ENDPOINT_COUNT);
const endpointNotInGrant: (Denied | undefined)[] = new Array<Denied | undefined>(ENDPOINT_COUNT);
const scopeDenials: (Map<ScopeSet, Denied> | undefined)[] = new Array<Map<ScopeSet, Denied> | undefined>(ENDPOINT_COUNT * 4);

/** The credential's endpoint scopes leave this endpoint out. */
export function endpointNotInCredentialDenial(entry: EndpointEntry): Denied {
  return (endpointNotInCredential[entry.index] ??= deny(
    "endpoint_not_in_credential",
    `The credential's endpoint scopes do not include ${entry.endpoint.method}.`,
  ));
}

/** The grants (byGrant) or the credential lack `missing`, which a call to this endpoint needs. */
export function endpointScopeDenial(entry: EndpointEntry, byGrant: boolean, missing: ScopeSet, visualQuery: boolean): Denied {
  const slot = entry.index * 4 + (byGrant ? 2 : 0) + (visualQuery ? 1 : 0);
  let cache = scopeDenials[slot];
  if (cache === undefined) scopeDenials[slot] = cache = new Map();
  let denial = cache.get(missing);
  if (denial === undefined) {
    const call = `${entry.endpoint.method}${visualQuery ? " (visual search)" : ""}`;
    denial = byGrant
      ? deny("grant_lacks_scopes", `The access granted on this app lacks ${scopeListText(missing)}, which ${call} needs.`, missing)
      : deny("credential_lacks_scopes", `The credential lacks ${scopeListText(missing)}, which ${call} needs.`, missing);
    cache.set(missing, denial);
  }
  return denial;
}

// Denials of an endpoint call by grants or credential, by which of the call's needs are missing:
// bit k of the key stands for needIndexes[k] (an endpoint needs a few scopes, so a key is small).
// The evaluator finds them without building a set; they are the same objects endpointScopeDenial keeps.
const scopeDenialsByKey: (Denied | undefined)[][] = Array.from({ length: ENDPOINT_COUNT * 4 }, () => []);

/** Bit k set where the scope at indexes[k] is missing from the words at `base` of `words`. */
function missingKey(indexes: Int32Array, words: Int32Array, base: number): number {
  let key = 0;
  for (let k = 0; k < indexes.length; k++) {
    const index = indexes[k] as number;
    if ((((words[base + (index >> 5)] as number) >>> (index & 31)) & 1) === 0) key |= 1 << k;
  }
  return key;
}

function endpointScopeDenialByKey(entry: EndpointEntry, byGrant: boolean, visualQuery: boolean, words: Int32Array, base: number): Denied {
  const indexes = visualQuery ? entry.visualQueryNeedIndexes : entry.needIndexes;
  const key = missingKey(indexes, words, base);
  const denials = scopeDenialsByKey[entry.index * 4 + (byGrant ? 2 : 0) + (visualQuery ? 1 : 0)] as (Denied | undefined)[];
  return (denials[key] ??= endpointScopeDenial(entry, byGrant, scopeSetOfIndexes(indexes.filter((_, k) => ((key >>> k) & 1) === 1)), visualQuery));
}

// The hot path reads the compiled grants, credential and endpoint entry directly: every name it uses
// from another module is bound once here.
const ENTRIES = ENDPOINT_ENTRIES;
// findEndpoint's own table: a call to a function of another module costs more than the lookup.
const ENTRY_BY_NAME = ENDPOINT_ENTRY_BY_NAME;
const GrantsClass = CompiledGrants;
const CredentialClass = CompiledCredential;
const compile = compileCredential;
const OFF_COLLABORATION = GRANT_WORDS.offCollaboration * SCOPE_WORDS;
const OWNER = GRANT_WORDS.owner * SCOPE_WORDS;
const ROLE = GRANT_WORDS.role * SCOPE_WORDS;
const TEAM = GRANT_WORDS.team * SCOPE_WORDS;
const COLLABORATOR = GRANT_WORDS.collaborator * SCOPE_WORDS;
const LAYER_OWNER = LAYER_BIT.owner;
const LAYER_ROLE = LAYER_BIT.org_role;
const LAYER_TEAM = LAYER_BIT.team;
const COLLABORATOR_BIT = LAYER_BIT.collaborator;

/**
 * Decides one API call on an app. `endpoint` is a canonical endpoint name
 * ("/clarifai.api.V2/PostSearches") or its bare method ("PostSearches"); anything else is denied as
 * unknown. (Calls on the caller's own account are evaluateAccountEndpoint's.)
 *
 * Allocates nothing once the denials it returns have been met: the needs are tested word by word
 * (only the words the call needs) against the words of the compiled grants and credential.
 */
export function evaluateEndpoint(
  grants: Grants,
  credential: Credential | CompiledCredential,
  endpoint: string,
  request: EndpointRequest,
): Decision {
  if (!(grants instanceof GrantsClass)) return checkedGrantsDenial(grants);
  const c = credential instanceof CredentialClass ? credential : compile(credential);
  if (c.revoked) return REVOKED;
  // Written so that an invalid date (NaN) on either side counts as expired (fail closed).
  if (c.expiresAtMs !== Infinity && !(request.now.getTime() < c.expiresAtMs)) return EXPIRED;
  if (c.appRef !== null && c.appRef !== grants.appId) return NOT_FOR_APP;
  if (c.limitedTo !== null && !c.limitedTo.has(grants.appId)) return TOKEN_NOT_FOR_APP;
  if (!grants.hasAccess) return NO_APP_ACCESS;

  const entry = ENTRY_BY_NAME.get(endpoint);
  if (entry === undefined) return unknownEndpointDenial(endpoint);
  return decideAtEndpoint(grants, c, entry, request.visualQuery === true);
}

/** The checks of evaluateEndpoint after the credential, the access and the endpoint's name passed. */
function decideAtEndpoint(grants: CompiledGrants, c: CompiledCredential, entry: EndpointEntry, visualQuery: boolean): Decision {
  const index = entry.index;
  // The collaborator layer counts here unless its grant is restricted to other endpoints.
  const mask = grants.collaboratorEndpoints;
  const collaboratorCounts = mask.all || mask.allowed[index] === 1;
  // MyScopes tells the credential what it may do here: every layer giving access counts, whatever
  // the endpoint scopes of the credential or of a collaborator grant.
  if (entry.openOnApp) return ALLOWED_BY_LAYERS[grants.accessLayers] as Allowed;
  if (!c.allEndpoints && c.endpoints[index] !== 1) return endpointNotInCredentialDenial(entry);

  const needs = visualQuery ? entry.visualQueryNeedWords : entry.needWords;
  const held = grants.words;
  const carried = c.operationWords;
  // Where the collaborator counts, the grants here are all the grants; elsewhere every other layer's.
  const base = collaboratorCounts ? 0 : OFF_COLLABORATION;
  // No layer reaches this endpoint: only a collaborator grant restricted to other endpoints gives access.
  const reached = collaboratorCounts || (grants.accessLayers & ~COLLABORATOR_BIT) !== 0;
  let lackedHere = 0;
  let lackedByAll = 0;
  let lackedByCredential = 0;
  let owner = 0;
  let role = 0;
  let team = 0;
  let collaborator = 0;
  for (let k = 0; k < needs.length; k += 2) {
    const word = needs[k] as number;
    const need = needs[k + 1] as number;
    lackedHere |= need & ~(held[base + word] as number);
    lackedByAll |= need & ~(held[word] as number);
    lackedByCredential |= need & ~(carried[word] as number);
    owner |= need & (held[OWNER + word] as number);
    role |= need & (held[ROLE + word] as number);
    team |= need & (held[TEAM + word] as number);
    collaborator |= need & (held[COLLABORATOR + word] as number);
  }
  // The collaborator grant would cover the call (all the grants together hold what it needs) but is
  // restricted to other endpoints.
  if ((lackedHere !== 0 || !reached) && lackedByAll === 0) {
    return (endpointNotInGrant[index] ??= deny("endpoint_not_in_grant", `The collaborator grant's endpoint scopes do not include ${entry.endpoint.method}.`));
  }
  if (lackedHere !== 0) return endpointScopeDenialByKey(entry, true, visualQuery, held, base);
  if (lackedByCredential !== 0) return endpointScopeDenialByKey(entry, false, visualQuery, carried, 0);
  const layers =
    needs.length === 0
      ? grants.accessLayers
      : (owner !== 0 ? LAYER_OWNER : 0) | (role !== 0 ? LAYER_ROLE : 0) | (team !== 0 ? LAYER_TEAM : 0) | (collaborator !== 0 ? COLLABORATOR_BIT : 0);
  return ALLOWED_BY_LAYERS[collaboratorCounts ? layers : layers & ~COLLABORATOR_BIT] as Allowed;
}

/**
 * The endpoints (canonical names, in catalog order) that evaluateEndpoint allows this credential to
 * call on this app now, without a visual query: what MyScopes lists. The credential is compiled once.
 */
export function callableEndpoints(grants: Grants, credential: Credential | CompiledCredential, now: Date): EndpointName[] {
  if (!(grants instanceof GrantsClass)) return checkedGrantsDenial(grants);
  const c = compile(credential);
  // The first checks do not depend on the endpoint: when they fail, evaluateEndpoint denies them all.
  if (credentialAndAccessDenial(grants, c, now) !== null) return [];
  const names: EndpointName[] = [];
  for (const entry of ENTRIES) if (decideAtEndpoint(grants, c, entry, false).allowed) names.push(entry.endpoint.name);
  return names;
}

/** Grants not made by compileGrants: the TypeError every reader of grants throws. */
function checkedGrantsDenial(grants: Grants): never {
  checkGrants(grants);
  throw new TypeError("Grants must come from compileGrants()");
}

// ─── Operation decisions ────────────────────────────────────────────────────────────────────────

/** Scopes an operation needs: one scope, several, or a ScopeSet. */
export type OperationNeeds = OperationScope | readonly OperationScope[] | ScopeSet;

function needsToScopeSet(needs: OperationNeeds): ScopeSet | string {
  if (isScopeSet(needs)) return needs;
  if (typeof needs !== "string" && !Array.isArray(needs)) return String(needs);
  const parsed = parseScopes(typeof needs === "string" ? [needs] : needs);
  return parsed.unknown.length > 0 ? String(parsed.unknown[0]) : parsed.scopes;
}

/**
 * Decides whether grants ∩ credential hold every scope in `needs`, with the checks and denials of
 * evaluateOperation; `describe` phrases the two scope denials (which side lacks what), so that
 * operation decisions and the no-escalation checks (grant.ts) share one decision.
 */
export function decideScopes(
  grants: Grants,
  credential: Credential | CompiledCredential,
  needs: OperationNeeds,
  now: Date,
  describe: (lacking: "grant" | "credential", missing: ScopeSet) => string,
): Decision {
  checkGrants(grants);
  const c = compileCredential(credential);
  const early = credentialAndAccessDenial(grants, c, now);
  if (early !== null) return early;
  const set = needsToScopeSet(needs);
  if (typeof set === "string") return deny("unknown_scope", `Unknown operation scope ${quoted(set)}.`);
  const lackedByGrants = subtractScopes(set, grants.scopes);
  if (lackedByGrants !== NO_SCOPES) return deny("grant_lacks_scopes", describe("grant", lackedByGrants), lackedByGrants);
  const lackedByCredential = subtractScopes(set, c.operationScopes);
  if (lackedByCredential !== NO_SCOPES) {
    return deny("credential_lacks_scopes", describe("credential", lackedByCredential), lackedByCredential);
  }
  return allowedBy(grantingLayers(grants, set));
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
  return allowedBy(LAYER_BIT.org_role);
}

/** Decides a console capability about one app (app settings), from the user's grants on it. */
export function evaluateAppCapability(grants: Grants, capability: AppCapability): Decision {
  checkGrants(grants);
  if (APP_CAPABILITIES.indexOf(capability) < 0) return deny("unknown_capability", `Unknown app capability ${quoted(String(capability))}.`);
  if (!grants.hasAccess) return NO_APP_ACCESS;
  const layers = capabilityLayers(grants, capability);
  if (layers === 0) {
    return deny("capability_not_granted", `The access granted on this app does not include permission to ${CAPABILITY_LABELS[capability]}.`);
  }
  return allowedBy(layers);
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
  const editors = capabilityLayers(grants, "app.edit_collaborators");
  if (editors !== 0) return allowedBy(editors);
  const needs = COLLABORATOR_ACTION_NEEDS[action];
  const collaboratorScopes = layerScopes(grants, "collaborator");
  if (isSubsetOf(needs, collaboratorScopes)) return allowedBy(LAYER_BIT.collaborator);
  return deny(
    "capability_not_granted",
    `Only the app owner, Admins, Organization Contributors and collaborators granted ${scopeListText(needs)} can ${action} collaborators.`,
    subtractScopes(needs, collaboratorScopes),
  );
}

// ─── Effective scopes ───────────────────────────────────────────────────────────────────────────

/**
 * grants ∩ credential scopes as a ScopeSet (what effectiveScopes lists, and what the no-escalation
 * checks compare with); empty when the credential is not usable on this app.
 */
export function effectiveScopeSet(grants: Grants, credential: Credential | CompiledCredential, now: Date): ScopeSet {
  checkGrants(grants);
  const c = compileCredential(credential);
  if (credentialAndAccessDenial(grants, c, now) !== null) return NO_SCOPES;
  return intersectScopes(grants.scopes, c.operationScopes);
}

/**
 * The operation scopes a request with this credential may use on this app: grants ∩ credential scopes
 * (for a session, the grants). Empty when the credential is revoked, expired or bound to another app.
 */
export function effectiveScopes(grants: Grants, credential: Credential | CompiledCredential, now: Date): OperationScope[] {
  return scopeNames(effectiveScopeSet(grants, credential, now));
}
