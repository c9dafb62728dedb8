// Decisions at account level (and, with evaluateOrgEndpoint, for the credential at organization level): the API methods that act on the caller's own account rather than on
// one app — their keys, their apps, their collaborations, their scopes (Clarifai serves them to
// personal access tokens only; endpoints marked `level: "account"`). No app grant is involved: the
// credential alone decides, and a browser session, being the person, may call all of them. Also the
// no-escalation rule for the keys a credential creates for its owner.
//
// Order of checks (the first failure is reported): credential live → not an app key → endpoint known
// and account-level → not creating an app through a token limited to chosen apps → endpoint in the credential's endpoint scopes (except those open at account
// level: MyScopesUser, ListScopes) → the credential's operation scopes hold what the call needs.

import { compileCredential, credentialAllowsEndpoint, credentialLimitedToApps, type CompiledCredential, type Credential } from "./credential";
import {
  allowedBy,
  deny,
  endpointNotInCredentialDenial,
  endpointScopeDenial,
  livenessDenial,
  unknownEndpointDenial,
  type Decision,
  type Denied,
  type EvaluationContext,
} from "./decide";
import { ENDPOINT_COUNT, ENDPOINTS, findEndpoint, type Endpoint, type EndpointEntry } from "./endpoints";
import type { ActingCredential, GrantedEndpoints } from "./grant";
import { NO_SCOPES, isScopeSet, scopeListText, scopeNames, subtractScopes, type ScopeSet } from "./scopeset";

const NOT_A_PAT = deny("credential_kind", "This method needs a personal access token; app-specific keys act on their app only.");
const NOT_A_PAT_FOR_ORG = deny(
  "credential_kind",
  "This method acts on an organization's compute, which only a personal access token reaches: an app-specific key belongs to one app.",
);
// A token limited to chosen apps reaches nothing beyond them: not a new app, not an organization's compute.
const LIMITED_TOKEN_CREATES_NO_APP = deny(
  "credential_not_for_app",
  "This personal access token is limited to chosen apps, so it cannot create apps: use a token that reaches all your apps.",
);
const LIMITED_TOKEN_FOR_ORG = deny(
  "credential_not_for_app",
  "This personal access token is limited to chosen apps, and an organization's compute is no app: use a token that reaches all your apps.",
);
// Methods on the account that act beyond any app the token may be limited to.
const BEYOND_CHOSEN_APPS: ReadonlySet<string> = new Set(["PostApps"]);
// No grant layer is involved at account level.
const ALLOWED = allowedBy(0);

const actsOnAnApp: (Denied | undefined)[] = new Array<Denied | undefined>(ENDPOINT_COUNT);

function appEndpointDenial(entry: EndpointEntry): Denied {
  const where = entry.endpoint.level === "org" ? "on an organization's compute" : "on one app";
  const call = entry.endpoint.level === "org" ? "call it on that organization" : "call it on that app";
  return (actsOnAnApp[entry.index] ??= deny("unknown_endpoint", `${entry.endpoint.method} acts ${where}, not on the account: ${call}.`));
}

const notOnOrg: (Denied | undefined)[] = new Array<Denied | undefined>(ENDPOINT_COUNT);

function notOrgEndpointDenial(entry: EndpointEntry): Denied {
  return (notOnOrg[entry.index] ??= deny("unknown_endpoint", `${entry.endpoint.method} does not act on an organization's compute.`));
}

/** Live, and not an app key (which acts on its own app only); null when the credential may act for its owner. */
function accountCredentialDenial(credential: CompiledCredential, now: Date): Denied | null {
  return livenessDenial(credential, now) ?? (credential.kind === "app_key" ? NOT_A_PAT : null);
}

/**
 * Decides one API call that acts on the caller's own account. `endpoint` is a canonical endpoint name
 * or its bare method; an endpoint that acts on an app is decided with evaluateEndpoint instead, and
 * denied here.
 */
export function evaluateAccountEndpoint(credential: Credential | CompiledCredential, endpoint: string, context: EvaluationContext): Decision {
  const c = compileCredential(credential);
  const early = accountCredentialDenial(c, context.now);
  if (early !== null) return early;
  const entry = findEndpoint(endpoint);
  if (entry === undefined) return unknownEndpointDenial(endpoint);
  if (entry.endpoint.level !== "account") return appEndpointDenial(entry);
  if (credentialLimitedToApps(c) && BEYOND_CHOSEN_APPS.has(entry.endpoint.method)) return LIMITED_TOKEN_CREATES_NO_APP;
  if (!entry.openOnAccount && !credentialAllowsEndpoint(c, entry.index)) return endpointNotInCredentialDenial(entry);
  const lacked = subtractScopes(entry.needs, c.operationScopes);
  if (lacked !== NO_SCOPES) return endpointScopeDenial(entry, false, lacked, false);
  return ALLOWED;
}

/**
 * Decides one API call on an organization's compute (endpoints marked `level: "org"`) for the
 * credential: live, a personal access token (an app key belongs to one app and is refused whatever
 * its scopes), the endpoint in its endpoint scopes, and its operation scopes holding what the call
 * needs. Whether the caller may do it in that organization — their role, and their access to the
 * environment of the nodepool or deployment named — is the operation's own decision, made on top
 * of this one; a browser session passes here as the person.
 */
export function evaluateOrgEndpoint(credential: Credential | CompiledCredential, endpoint: string, context: EvaluationContext): Decision {
  const c = compileCredential(credential);
  const liveness = livenessDenial(c, context.now);
  if (liveness !== null) return liveness;
  if (c.kind === "app_key") return NOT_A_PAT_FOR_ORG;
  if (credentialLimitedToApps(c)) return LIMITED_TOKEN_FOR_ORG;
  const entry = findEndpoint(endpoint);
  if (entry === undefined) return unknownEndpointDenial(endpoint);
  if (entry.endpoint.level !== "org") return notOrgEndpointDenial(entry);
  if (!credentialAllowsEndpoint(c, entry.index)) return endpointNotInCredentialDenial(entry);
  const lacked = subtractScopes(entry.needs, c.operationScopes);
  if (lacked !== NO_SCOPES) return endpointScopeDenial(entry, false, lacked, false);
  return ALLOWED;
}

/** The first endpoint a key restricted to `endpoints` could call that the credential's endpoint scopes leave out. */
function endpointBeyondCredential(credential: CompiledCredential, endpoints: GrantedEndpoints): Endpoint | null {
  const listed = endpoints === "all" ? null : new Set(endpoints.map((name) => findEndpoint(name)?.index));
  for (let index = 0; index < ENDPOINT_COUNT; index++) {
    if ((listed === null || listed.has(index)) && !credentialAllowsEndpoint(credential, index)) return ENDPOINTS[index] as Endpoint;
  }
  return null;
}

/** The key being created, or a key's new scopes and endpoints. */
export interface KeyRequest {
  readonly scopes: ScopeSet;
  /** "all", or endpoint names (unknown names allow nothing). */
  readonly endpoints: GrantedEndpoints;
  /** When the key stops working; null: never. */
  readonly expiresAt: Date | null;
  /**
   * The apps the key will act on (app ids): an app key's one app, a limited token's apps; null or
   * absent: every app its owner reaches (a token for all apps).
   */
  readonly apps?: readonly string[] | null;
}

/** The person a key is made for, as read in the transaction that makes it. */
export interface KeyHolder {
  /** Their address is verified: they proved control of it (a link, a reset). */
  readonly addressVerified: boolean;
}

const UNVERIFIED_HOLDER = deny(
  "address_unverified",
  "Verify your email address before creating tokens or keys: open the link we sent you, or ask for a new one.",
);

const ALL_APPS_BEYOND_CREDENTIAL = deny(
  "credential_not_for_app",
  "Cannot give a key access to all your apps: the token in use is limited to chosen apps. Limit the key to some of them.",
);
const APP_BEYOND_CREDENTIAL = deny(
  "credential_not_for_app",
  "Cannot give a key access to an app the token in use is not limited to: choose among its apps.",
);

function outlivesCredential(expiresAtMs: number): Denied {
  return deny(
    "key_outlives_credential",
    `Cannot give a key a longer life than the credential in use, which expires at ${new Date(expiresAtMs).toISOString()}: set an expiry no later than that.`,
  );
}

/**
 * No escalation when a credential creates or changes a key for its owner (PostKeys, PatchKeys): the
 * key may carry only operation scopes the acting credential carries, only endpoints it may call (a
 * token restricted to some endpoints makes keys restricted to some of those), and it may not outlive
 * it (a key made by a token that expires must expire no later; a missing expiry is "never"), and
 * a token limited to chosen apps makes keys for some of those apps only (never one for all apps). A
 * session may give any key: it is the person, and every key is intersected with its owner's grants
 * at each call anyway. An app key never creates keys. Only a holder whose address is verified gets
 * keys at all: an account squatting someone else's address must not hold credentials that outlive
 * the real owner's proof of control (see credentialsSurviveAddressProof). A key bound to an app must
 * also pass mayGrantScopes with the owner's grants on that app and the same `via`. Whether the call
 * itself is allowed (Keys:Add) is evaluateAccountEndpoint's question.
 */
export function mayCreateKey(via: ActingCredential, holder: KeyHolder, key: KeyRequest): Decision {
  if (!isScopeSet(key.scopes)) throw new TypeError("KeyRequest.scopes must be a ScopeSet");
  const c = compileCredential(via.credential);
  const early = accountCredentialDenial(c, via.now);
  if (early !== null) return early;
  if (holder.addressVerified !== true) return UNVERIFIED_HOLDER;
  const lacked = subtractScopes(key.scopes, c.operationScopes);
  if (lacked !== NO_SCOPES) {
    const pronoun = scopeNames(lacked).length === 1 ? "it" : "them";
    return deny("credential_lacks_scopes", `Cannot give a key ${scopeListText(lacked)}: the credential in use does not carry ${pronoun}.`, lacked);
  }
  const beyond = endpointBeyondCredential(c, key.endpoints);
  if (beyond !== null) {
    return deny(
      "endpoint_not_in_credential",
      `Cannot give a key access to ${beyond.method}: the credential in use may not call it. Restrict the key's endpoints to those it may call.`,
    );
  }
  if (credentialLimitedToApps(c)) {
    const apps = key.apps ?? null;
    if (apps === null) return ALL_APPS_BEYOND_CREDENTIAL;
    if (apps.some((app) => !c.limitedTo!.has(app))) return APP_BEYOND_CREDENTIAL;
  }
  // Written so that an invalid date on the key's side counts as outliving (fail closed).
  const keyExpiresAtMs = key.expiresAt === null ? Infinity : key.expiresAt.getTime();
  if (c.expiresAtMs !== Infinity && !(keyExpiresAtMs <= c.expiresAtMs)) return outlivesCredential(c.expiresAtMs);
  return ALLOWED;
}

/**
 * Whether the credentials an account already holds survive a proof of control of its address
 * (a reset link followed, a verification link opened). While the address was unverified, whoever
 * made those credentials may not be the person who controls the address — someone may have signed
 * up with another person's address — so they end with the proof. Once verified, a later proof is the
 * same party's and ends nothing.
 */
export function credentialsSurviveAddressProof(account: { readonly addressWasVerified: boolean }): boolean {
  return account.addressWasVerified === true;
}
