// Decisions on the caller's own account (keys, apps, collaborations, scopes): table-driven over the
// kinds of credential, then the no-escalation rule for keys a credential creates.

import { describe, expect, it } from "vitest";
import { ACCOUNT_ENDPOINTS, ENDPOINTS, ORG_ENDPOINTS, SESSION, evaluateAccountEndpoint, evaluateOrgEndpoint, credentialsSurviveAddressProof, mayCreateKey, type Credential } from "./index";
import type { OperationScope } from "./catalog";
import { ALL_SCOPES, NO_SCOPES, scopeSet } from "./scopeset";

const now = new Date("2026-03-01T12:00:00Z");
const earlier = new Date("2026-02-28T12:00:00Z");

const pat = (scopes: readonly OperationScope[], endpoints: "all" | readonly string[] = "all", life: { expiresAt?: Date; revokedAt?: Date } = {}): Credential => ({
  kind: "pat",
  operationScopes: scopeSet(...scopes),
  endpointScopes: endpoints,
  ...life,
});
const appKey: Credential = { kind: "app_key", appRef: "app-1", operationScopes: ALL_SCOPES, endpointScopes: "all" };

describe("evaluateOrgEndpoint (an organization's compute)", () => {
  it("a session, and a token carrying the method's scope, may call it; the role and environment are the operation's to decide", () => {
    for (const endpoint of ORG_ENDPOINTS) {
      expect(evaluateOrgEndpoint(SESSION, endpoint.name, { now }), endpoint.method).toEqual({ allowed: true, grantedBy: [] });
      expect(evaluateOrgEndpoint(pat(endpoint.needs), endpoint.method, { now }).allowed, endpoint.method).toBe(true);
    }
  });

  it("refuses app keys whatever they carry, and names what a token lacks or leaves out", () => {
    expect(evaluateOrgEndpoint(appKey, "ListNodepools", { now })).toMatchObject({ allowed: false, deniedBy: "credential_kind", missing: [] });
    expect(evaluateOrgEndpoint(pat(["ComputeClusters:Get"]), "ListNodepools", { now })).toMatchObject({ allowed: false, deniedBy: "credential_lacks_scopes", missing: ["Nodepools:Get"] });
    expect(evaluateOrgEndpoint(pat(["Deployments:Get", "Deployments:Add"], ["/clarifai.api.V2/ListDeployments"]), "PostDeployments", { now })).toMatchObject({ allowed: false, deniedBy: "endpoint_not_in_credential" });
    expect(evaluateOrgEndpoint(pat(["Nodepools:Get"], "all", { revokedAt: earlier }), "GetNodepool", { now })).toMatchObject({ allowed: false, deniedBy: "credential_revoked" });
  });

  it("decides organization methods only: app and account methods, and unknown names, are refused", () => {
    expect(evaluateOrgEndpoint(SESSION, "ListInputs", { now })).toMatchObject({ allowed: false, deniedBy: "unknown_endpoint" });
    expect(evaluateOrgEndpoint(SESSION, "ListKeys", { now })).toMatchObject({ allowed: false, deniedBy: "unknown_endpoint" });
    expect(evaluateOrgEndpoint(SESSION, "ListRunners", { now })).toMatchObject({ allowed: false, deniedBy: "unknown_endpoint" });
    expect(evaluateAccountEndpoint(SESSION, "ListComputeClusters", { now })).toMatchObject({ allowed: false, deniedBy: "unknown_endpoint", message: expect.stringContaining("organization's compute") });
  });
});

describe("evaluateAccountEndpoint", () => {
  it("a session is the person: every account method", () => {
    for (const endpoint of ACCOUNT_ENDPOINTS) expect(evaluateAccountEndpoint(SESSION, endpoint.name, { now }), endpoint.method).toEqual({ allowed: true, grantedBy: [] });
  });

  it("refuses app-specific keys, whatever they carry", () => {
    for (const endpoint of ACCOUNT_ENDPOINTS) {
      expect(evaluateAccountEndpoint(appKey, endpoint.method, { now })).toEqual({
        allowed: false,
        deniedBy: "credential_kind",
        missing: [],
        message: "This method needs a personal access token; app-specific keys act on their app only.",
      });
    }
  });

  it.each([
    ["PostKeys", pat(["Keys:Get"]), { deniedBy: "credential_lacks_scopes", missing: ["Keys:Add"], message: "The credential lacks Keys:Add, which PostKeys needs." }],
    ["PostKeys", pat(["Keys:Add", "Keys:Get"]), { allowed: true }],
    ["ListKeys", pat(["Keys:Get"]), { allowed: true }],
    ["GetKey", pat([]), { deniedBy: "credential_lacks_scopes", missing: ["Keys:Get"] }],
    ["PatchKeys", pat(["Keys:Add"]), { allowed: true }],
    ["DeleteKey", pat(["Keys:Add", "Keys:Get"]), { deniedBy: "credential_lacks_scopes", missing: ["Keys:Delete"] }],
    ["ListApps", pat(["Apps:Get"]), { allowed: true }],
    ["PostApps", pat(["Apps:Get"]), { deniedBy: "credential_lacks_scopes", missing: ["Apps:Add"] }],
    ["ListCollaborations", pat(["Apps:Get"]), { allowed: true }],
    ["ListKeys", pat(["Keys:Get"], ["ListApps"]), { deniedBy: "endpoint_not_in_credential", missing: [] }],
    // Introspection: any live PAT, whatever its endpoint scopes and operation scopes.
    ["MyScopesUser", pat([], ["ListApps"]), { allowed: true }],
    ["ListScopes", pat([], []), { allowed: true }],
  ] as const)("%s through a PAT", (endpoint, credential, expected) => {
    expect(evaluateAccountEndpoint(credential, endpoint, { now })).toMatchObject(expected);
  });

  it("checks the credential live first, then its kind", () => {
    expect(evaluateAccountEndpoint(pat([], "all", { revokedAt: earlier }), "ListScopes", { now })).toMatchObject({ deniedBy: "credential_revoked" });
    expect(evaluateAccountEndpoint(pat([], "all", { expiresAt: now }), "MyScopesUser", { now })).toMatchObject({ deniedBy: "credential_expired" });
    expect(evaluateAccountEndpoint({ ...appKey, revokedAt: earlier }, "ListKeys", { now })).toMatchObject({ deniedBy: "credential_revoked" });
  });

  it("refuses unknown endpoints and those acting on an app", () => {
    expect(evaluateAccountEndpoint(SESSION, "ListDatasets", { now })).toMatchObject({ deniedBy: "unknown_endpoint" });
    for (const endpoint of ["ListInputs", "GetApp", "DeleteApp", "ListAppKeys", "MyScopes"]) {
      expect(evaluateAccountEndpoint(SESSION, endpoint, { now }), endpoint).toMatchObject({
        allowed: false,
        deniedBy: "unknown_endpoint",
        message: `${endpoint} acts on one app, not on the account: call it on that app.`,
      });
    }
  });

  it("account-level endpoints are exactly those ACCOUNT_ENDPOINTS lists", () => {
    for (const endpoint of ENDPOINTS) {
      expect(evaluateAccountEndpoint(SESSION, endpoint.name, { now }).allowed, endpoint.method).toBe(ACCOUNT_ENDPOINTS.includes(endpoint));
    }
  });
});

const VERIFIED = { addressVerified: true };

describe("mayCreateKey: a key never exceeds the credential creating it", () => {
  const creator = pat(["Keys:Add", "Keys:Get", "Inputs:Get", "Predict"], ["PostKeys", "ListInputs", "PostModelOutputs"]);
  const via = { credential: creator, now };

  it("allows scopes and endpoints within the creator's", () => {
    expect(mayCreateKey(via, VERIFIED, { scopes: scopeSet("Inputs:Get"), endpoints: ["ListInputs"], expiresAt: null })).toEqual({ allowed: true, grantedBy: [] });
    expect(mayCreateKey(via, VERIFIED, { scopes: NO_SCOPES, endpoints: [], expiresAt: null }).allowed).toBe(true);
  });

  it("refuses scopes the creator does not carry, listing them", () => {
    expect(mayCreateKey(via, VERIFIED, { scopes: scopeSet("Inputs:Get", "Inputs:Add", "Keys:Delete"), endpoints: ["ListInputs"], expiresAt: null })).toEqual({
      allowed: false,
      deniedBy: "credential_lacks_scopes",
      missing: ["Inputs:Add", "Keys:Delete"],
      message: "Cannot give a key Inputs:Add and Keys:Delete: the credential in use does not carry them.",
    });
  });

  it("refuses endpoints the creator may not call, including every endpoint", () => {
    expect(mayCreateKey(via, VERIFIED, { scopes: scopeSet("Inputs:Get"), endpoints: ["ListInputs", "GetInput"], expiresAt: null })).toMatchObject({
      deniedBy: "endpoint_not_in_credential",
      message: expect.stringContaining("GetInput"),
    });
    expect(mayCreateKey(via, VERIFIED, { scopes: scopeSet("Inputs:Get"), endpoints: "all", expiresAt: null })).toMatchObject({ deniedBy: "endpoint_not_in_credential" });
    // Unknown names allow nothing, so they open nothing either.
    expect(mayCreateKey(via, VERIFIED, { scopes: NO_SCOPES, endpoints: ["ListDatasets"], expiresAt: null }).allowed).toBe(true);
  });

  it("lets a session or an unrestricted PAT give any key it carries", () => {
    expect(mayCreateKey({ credential: SESSION, now }, VERIFIED, { scopes: ALL_SCOPES, endpoints: "all", expiresAt: null }).allowed).toBe(true);
    expect(mayCreateKey({ credential: pat(["Apps:Get", "Keys:Add"]), now }, VERIFIED, { scopes: scopeSet("Apps:Get"), endpoints: "all", expiresAt: null }).allowed).toBe(true);
  });

  it("never lets an app key or a dead credential create keys", () => {
    expect(mayCreateKey({ credential: appKey, now }, VERIFIED, { scopes: NO_SCOPES, endpoints: [], expiresAt: null })).toMatchObject({ deniedBy: "credential_kind" });
    expect(mayCreateKey({ credential: pat(["Keys:Add"], "all", { expiresAt: earlier }), now }, VERIFIED, { scopes: NO_SCOPES, endpoints: [], expiresAt: null })).toMatchObject({
      deniedBy: "credential_expired",
    });
  });

  it("refuses a key that would outlive the token making it: a later or missing expiry", () => {
    const inAnHour = new Date(now.getTime() + 3_600_000);
    const shortLived = { credential: pat(["Keys:Add", "Inputs:Get"], "all", { expiresAt: inAnHour }), now };
    const request = { scopes: scopeSet("Inputs:Get"), endpoints: "all" as const };
    expect(mayCreateKey(shortLived, VERIFIED, { ...request, expiresAt: null })).toEqual({
      allowed: false,
      deniedBy: "key_outlives_credential",
      missing: [],
      message: "Cannot give a key a longer life than the credential in use, which expires at 2026-03-01T13:00:00.000Z: set an expiry no later than that.",
    });
    expect(mayCreateKey(shortLived, VERIFIED, { ...request, expiresAt: new Date(inAnHour.getTime() + 1) })).toMatchObject({ deniedBy: "key_outlives_credential" });
    expect(mayCreateKey(shortLived, VERIFIED, { ...request, expiresAt: new Date(Number.NaN) })).toMatchObject({ deniedBy: "key_outlives_credential" });
    expect(mayCreateKey(shortLived, VERIFIED, { ...request, expiresAt: inAnHour }).allowed).toBe(true);
    expect(mayCreateKey(shortLived, VERIFIED, { ...request, expiresAt: new Date(now.getTime() + 60_000) }).allowed).toBe(true);
    // A session, or a token that never expires, may give any life.
    expect(mayCreateKey({ credential: SESSION, now }, VERIFIED, { ...request, expiresAt: null }).allowed).toBe(true);
    expect(mayCreateKey({ credential: pat(["Inputs:Get"]), now }, VERIFIED, { ...request, expiresAt: null }).allowed).toBe(true);
  });

  it("gives keys only to a holder whose address is verified, whatever creates them", () => {
    const request = { scopes: NO_SCOPES, endpoints: [], expiresAt: null };
    const unverified = { addressVerified: false };
    expect(mayCreateKey({ credential: SESSION, now }, unverified, request)).toMatchObject({ allowed: false, deniedBy: "address_unverified", missing: [] });
    expect(mayCreateKey(via, unverified, request)).toMatchObject({ deniedBy: "address_unverified" });
    expect(mayCreateKey({ credential: SESSION, now }, {} as never, request)).toMatchObject({ deniedBy: "address_unverified" });
  });

  it("throws on a scope set not made by the module", () => {
    expect(() => mayCreateKey(via, VERIFIED, { scopes: 0.5 as never, endpoints: [], expiresAt: null })).toThrow(TypeError);
  });
});

describe("credentialsSurviveAddressProof", () => {
  it("ends the credentials of an account whose address was unverified, and only those", () => {
    expect(credentialsSurviveAddressProof({ addressWasVerified: false })).toBe(false);
    expect(credentialsSurviveAddressProof({ addressWasVerified: true })).toBe(true);
  });
});

describe("a token limited to chosen apps", () => {
  const limited = (apps: readonly string[], scopes: readonly OperationScope[] = ["Keys:Add", "Keys:Get", "Apps:Add", "Apps:Get", "Nodepools:Get"]): Credential => ({
    kind: "pat",
    operationScopes: scopeSet(...scopes),
    endpointScopes: "all",
    appRefs: apps,
  });
  const verified = { addressVerified: true };
  const key = { scopes: scopeSet("Keys:Get"), endpoints: "all" as const, expiresAt: null };

  it("keeps the account methods its scopes allow, but creates no app and reaches no organization's compute", () => {
    expect(evaluateAccountEndpoint(limited(["app-1"]), "ListKeys", { now })).toEqual({ allowed: true, grantedBy: [] });
    expect(evaluateAccountEndpoint(limited(["app-1"]), "ListApps", { now }).allowed).toBe(true);
    expect(evaluateAccountEndpoint(limited(["app-1"]), "PostApps", { now })).toMatchObject({ allowed: false, deniedBy: "credential_not_for_app", message: expect.stringContaining("cannot create apps") });
    expect(evaluateAccountEndpoint(limited([]), "PostApps", { now })).toMatchObject({ allowed: false, deniedBy: "credential_not_for_app" });
    expect(evaluateOrgEndpoint(limited(["app-1"]), "ListNodepools", { now })).toMatchObject({ allowed: false, deniedBy: "credential_not_for_app" });
    // The same token for all apps: both allowed.
    expect(evaluateAccountEndpoint(pat(["Apps:Add"]), "PostApps", { now }).allowed).toBe(true);
    expect(evaluateOrgEndpoint(pat(["Nodepools:Get"]), "ListNodepools", { now }).allowed).toBe(true);
  });

  it("makes keys for some of its apps only: never one for all apps, nor for an app outside its list", () => {
    const via = { credential: limited(["app-1", "app-2"]), now };
    expect(mayCreateKey(via, verified, { ...key, apps: ["app-1"] }).allowed).toBe(true);
    expect(mayCreateKey(via, verified, { ...key, apps: ["app-2", "app-1"] }).allowed).toBe(true);
    expect(mayCreateKey(via, verified, { ...key, apps: ["app-1", "app-3"] })).toMatchObject({ allowed: false, deniedBy: "credential_not_for_app" });
    expect(mayCreateKey(via, verified, { ...key, apps: null })).toMatchObject({ allowed: false, deniedBy: "credential_not_for_app", message: expect.stringContaining("all your apps") });
    expect(mayCreateKey(via, verified, key)).toMatchObject({ allowed: false, deniedBy: "credential_not_for_app" });
    // A token for all apps, or a session, gives any apps.
    expect(mayCreateKey({ credential: pat(["Keys:Get"]), now }, verified, { ...key, apps: ["app-3"] }).allowed).toBe(true);
    expect(mayCreateKey({ credential: SESSION, now }, verified, { ...key, apps: null }).allowed).toBe(true);
  });

  it("throws on a malformed list of apps", () => {
    expect(() => evaluateAccountEndpoint({ ...limited([]), appRefs: "app-1" } as unknown as Credential, "ListKeys", { now })).toThrow(TypeError);
  });
});
