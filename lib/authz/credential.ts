// Credentials: who is calling and how (a browser session, a personal access token, an app key),
// compiled once per request into a CompiledCredential. Its lookup fields are read only here: other
// modules ask credentialLiveness, credentialProblem and credentialAllowsEndpoint.

import { endpointMask } from "./grants";
import { ALL_SCOPES, isScopeSet, scopeWords, type ScopeSet } from "./scopeset";

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
  | ({
      readonly kind: "pat";
      /**
       * The apps the token is limited to (each compared with AccessFacts.appId); null or absent: every
       * app its owner reaches. An empty list reaches no app.
       */
      readonly appRefs?: readonly string[] | null;
    } & ScopedCredentialFields)
  | ({ readonly kind: "app_key"; /** The app this key belongs to (compared with AccessFacts.appId). */ readonly appRef: string } & ScopedCredentialFields);

export type CredentialKind = Credential["kind"];

/** A credential prepared for fast decisions. Make one with compileCredential (once per request). */
export class CompiledCredential {
  /** @internal The words of operationScopes (shared with the set: read only). */
  readonly operationWords: Int32Array;
  /** @internal */
  constructor(
    readonly kind: CredentialKind,
    /** @internal */ readonly appRef: string | null,
    readonly operationScopes: ScopeSet,
    /** @internal */ readonly allEndpoints: boolean,
    /** @internal 1 at the index of each allowed endpoint. */ readonly endpoints: Uint8Array,
    /** @internal */ readonly expiresAtMs: number,
    /** @internal */ readonly revoked: boolean,
    /** @internal A token limited to chosen apps: those apps; null: no such limit (an app key has appRef instead). */
    readonly limitedTo: ReadonlySet<string> | null = null,
  ) {
    this.operationWords = scopeWords(operationScopes);
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
  const appRefs = credential.kind === "pat" ? credential.appRefs : null;
  if (appRefs !== null && appRefs !== undefined && (!Array.isArray(appRefs) || appRefs.some((ref) => typeof ref !== "string"))) {
    throw new TypeError("A token's appRefs must be a list of app ids, or null");
  }
  return new CompiledCredential(
    credential.kind,
    credential.kind === "app_key" ? credential.appRef : null,
    credential.operationScopes,
    endpoints.all,
    endpoints.allowed,
    timeOrNever(credential.expiresAt),
    credential.revokedAt !== null && credential.revokedAt !== undefined,
    appRefs === null || appRefs === undefined ? null : new Set(appRefs),
  );
}

/** Why the credential cannot be used at all at `now` (revoked, then expired); null while it is live. */
export function credentialLiveness(credential: CompiledCredential, now: Date): "credential_revoked" | "credential_expired" | null {
  if (credential.revoked) return "credential_revoked";
  // A credential with an expiry is expired unless `now` is before it; written so that an invalid
  // date (NaN) on either side counts as expired (fail closed). Without an expiry, `now` is not read.
  if (credential.expiresAtMs !== Infinity && !(now.getTime() < credential.expiresAtMs)) return "credential_expired";
  return null;
}

/**
 * Why the credential cannot be used on the app `appId` at `now`, checked in this order: revoked,
 * expired, an app key of another app or a token limited to other apps; null when it can. (Whether
 * the user may use the app at all is the grants' question, asked after this one.)
 */
export function credentialProblem(
  credential: CompiledCredential,
  appId: string,
  now: Date,
): "credential_revoked" | "credential_expired" | "credential_not_for_app" | "token_not_for_app" | null {
  const liveness = credentialLiveness(credential, now);
  if (liveness !== null) return liveness;
  if (credential.appRef !== null && credential.appRef !== appId) return "credential_not_for_app";
  if (credential.limitedTo !== null && !credential.limitedTo.has(appId)) return "token_not_for_app";
  return null;
}

/**
 * The apps a credential may act on, as list queries filter by them: an app key's app, a limited
 * token's apps; null: every app its owner reaches (a session, a token for all apps). Sorted.
 */
export function credentialAppRefs(credential: Credential | CompiledCredential): readonly string[] | null {
  const c = compileCredential(credential);
  if (c.appRef !== null) return [c.appRef];
  return c.limitedTo === null ? null : [...c.limitedTo].sort();
}

/** The token is limited to chosen apps (an app key, bound to one, is not "limited" in this sense). */
export function credentialLimitedToApps(credential: CompiledCredential): boolean {
  return credential.limitedTo !== null;
}

/** The credential's endpoint scopes include the endpoint at `index` (its position in ENDPOINTS). */
export function credentialAllowsEndpoint(credential: CompiledCredential, index: number): boolean {
  return credential.allEndpoints || credential.endpoints[index] === 1;
}
