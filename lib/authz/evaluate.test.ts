import { describe, expect, it } from "vitest";
import { withDependencies } from "./catalog";
import {
  SESSION,
  callableEndpoints,
  compileCredential,
  compileGrants,
  effectiveScopes,
  evaluateAppCapability,
  evaluateEndpoint,
  evaluateOperation,
  evaluateOrgCapability,
  explainAccess,
  type AccessFacts,
  type Credential,
} from "./index";
import { ALL_SCOPES, NO_SCOPES, parseScopes, scopeSet } from "./scopeset";

const now = new Date("2026-03-01T12:00:00Z");
const later = new Date("2026-03-02T12:00:00Z");
const earlier = new Date("2026-02-28T12:00:00Z");

const facts = (overrides: Partial<AccessFacts> = {}): AccessFacts => ({
  appId: "app-1",
  isOwner: false,
  orgRole: null,
  teamGroups: [],
  collaboratorScopes: null,
  ...overrides,
});
const owner = compileGrants(facts({ isOwner: true }));

describe("the seed's combined example (seed 003, Combining Scopes)", () => {
  // "By giving the combination of predict op-level but only search endpoint, you can create an app that
  // can perform searches, but not model predictions (like PostModelOutputs)." The key is made through the
  // scope picker from Predict and Search, which adds Inputs:Get (Search ⇒ Inputs:Get): PostSearches
  // returns inputs, so DESIGN §3 has it need Search + Inputs:Get.
  const key: Credential = {
    kind: "app_key",
    appRef: "app-1",
    operationScopes: scopeSet(...withDependencies(["Predict", "Search"])),
    endpointScopes: ["/clarifai.api.V2/PostSearches"],
  };

  it("can search by concept or text", () => {
    expect(evaluateEndpoint(owner, key, "/clarifai.api.V2/PostSearches", { now })).toEqual({ allowed: true, grantedBy: ["owner"] });
  });

  it("can search by image (which also needs Predict)", () => {
    expect(evaluateEndpoint(owner, key, "/clarifai.api.V2/PostSearches", { now, visualQuery: true })).toEqual({
      allowed: true,
      grantedBy: ["owner"],
    });
  });

  it("is denied PostModelOutputs although it holds Predict", () => {
    const decision = evaluateEndpoint(owner, key, "/clarifai.api.V2/PostModelOutputs", { now });
    expect(decision).toMatchObject({ allowed: false, deniedBy: "endpoint_not_in_credential", missing: [] });
    expect(decision.allowed || decision.message).toContain("PostModelOutputs");
  });

  it("a visual search with a key lacking Predict is denied for Predict only", () => {
    const noPredict = { ...key, operationScopes: scopeSet("Search", "Inputs:Get") };
    expect(evaluateEndpoint(owner, noPredict, "PostSearches", { now }).allowed).toBe(true);
    expect(evaluateEndpoint(owner, noPredict, "PostSearches", { now, visualQuery: true })).toMatchObject({
      allowed: false,
      deniedBy: "credential_lacks_scopes",
      missing: ["Predict"],
    });
  });

  it("the evaluator does not rely on the picker: a raw key with only Predict and Search lacks Inputs:Get", () => {
    const raw = { ...key, operationScopes: scopeSet("Predict", "Search") };
    expect(evaluateEndpoint(owner, raw, "PostSearches", { now })).toMatchObject({
      allowed: false,
      deniedBy: "credential_lacks_scopes",
      missing: ["Inputs:Get"],
    });
  });
});

describe("collaborator scopes ∩ credential scopes (seed 003)", () => {
  const collaborator = compileGrants(facts({ collaboratorScopes: scopeSet("Inputs:Get", "Inputs:Add", "Predict") }));
  const pat: Credential = { kind: "pat", operationScopes: scopeSet("Inputs:Get", "Search", "Predict"), endpointScopes: "all" };

  it("allows what both hold", () => {
    expect(evaluateEndpoint(collaborator, pat, "ListInputs", { now })).toEqual({ allowed: true, grantedBy: ["collaborator"] });
    expect(effectiveScopes(collaborator, pat, now)).toEqual(["Inputs:Get", "Predict"]);
  });

  it("denies what the invitation lacks, naming the grants", () => {
    expect(evaluateEndpoint(collaborator, pat, "PostSearches", { now })).toMatchObject({
      allowed: false,
      deniedBy: "grant_lacks_scopes",
      missing: ["Search"],
      message: "The access granted on this app lacks Search, which PostSearches needs.",
    });
  });

  it("denies what the token lacks, naming the credential", () => {
    expect(evaluateEndpoint(collaborator, pat, "PostInputs", { now })).toMatchObject({
      allowed: false,
      deniedBy: "credential_lacks_scopes",
      missing: ["Inputs:Add"],
      message: "The credential lacks Inputs:Add, which PostInputs needs.",
    });
  });

  it("a session carries every scope: it gets exactly the grants", () => {
    expect(effectiveScopes(collaborator, SESSION, now)).toEqual(["Inputs:Add", "Inputs:Get", "Predict"]);
    expect(evaluateEndpoint(collaborator, SESSION, "PostInputs", { now }).allowed).toBe(true);
  });
});

describe("order of checks: the first failing layer is reported", () => {
  const stranger = compileGrants(facts());
  const key = (overrides: Partial<Extract<Credential, { kind: "app_key" }>> = {}): Credential => ({
    kind: "app_key",
    appRef: "app-1",
    operationScopes: scopeSet("Inputs:Get"),
    endpointScopes: ["ListInputs"],
    ...overrides,
  });

  it("credential live: revoked before expired, before everything else", () => {
    const dead = key({ revokedAt: earlier, expiresAt: earlier, appRef: "other" });
    expect(evaluateEndpoint(stranger, dead, "Nope", { now })).toMatchObject({ deniedBy: "credential_revoked" });
    expect(evaluateEndpoint(stranger, key({ expiresAt: earlier, appRef: "other" }), "Nope", { now })).toMatchObject({
      deniedBy: "credential_expired",
    });
  });

  it("then the app key's app, then access to the app", () => {
    expect(evaluateEndpoint(stranger, key({ appRef: "other" }), "Nope", { now })).toMatchObject({ deniedBy: "credential_not_for_app" });
    expect(evaluateEndpoint(stranger, key(), "Nope", { now })).toMatchObject({ deniedBy: "no_app_access" });
  });

  it("a token limited to chosen apps: refused on any other app, before access to it is asked, and decided as any token on its own", () => {
    const limited = (appRefs: readonly string[] | null): Credential => ({ kind: "pat", operationScopes: scopeSet("Inputs:Get"), endpointScopes: "all", appRefs });
    expect(evaluateEndpoint(stranger, limited(["other"]), "Nope", { now })).toMatchObject({
      deniedBy: "credential_not_for_app",
      message: expect.stringContaining("limited to other apps"),
    });
    expect(evaluateEndpoint(owner, limited([]), "ListInputs", { now })).toMatchObject({ deniedBy: "credential_not_for_app" });
    expect(evaluateEndpoint(owner, limited(["other", "app-1"]), "ListInputs", { now }).allowed).toBe(true);
    expect(evaluateEndpoint(owner, limited(null), "ListInputs", { now }).allowed).toBe(true);
    expect(evaluateEndpoint(stranger, limited(["app-1"]), "ListInputs", { now })).toMatchObject({ deniedBy: "no_app_access" });
    // Every other decision on the app asks the same.
    expect(evaluateOperation(owner, limited(["other"]), "Inputs:Get", { now })).toMatchObject({ deniedBy: "credential_not_for_app" });
    expect(effectiveScopes(owner, limited(["other"]), now)).toEqual([]);
    expect(callableEndpoints(owner, limited(["other"]), now)).toEqual([]);
    expect(evaluateEndpoint(owner, limited(["other"]), "MyScopes", { now })).toMatchObject({ deniedBy: "credential_not_for_app" });
  });

  it("then a known endpoint, then the credential's endpoint scopes", () => {
    expect(evaluateEndpoint(owner, key({ operationScopes: NO_SCOPES }), "ListDatasets", { now })).toMatchObject({
      deniedBy: "unknown_endpoint",
      missing: [],
    });
    expect(evaluateEndpoint(owner, key({ operationScopes: NO_SCOPES }), "DeleteInputs", { now })).toMatchObject({
      deniedBy: "endpoint_not_in_credential",
    });
  });

  it("then the grants, then the credential's operation scopes", () => {
    const reader = compileGrants(facts({ collaboratorScopes: scopeSet("Concepts:Get") }));
    expect(evaluateEndpoint(reader, key({ operationScopes: NO_SCOPES }), "ListInputs", { now })).toMatchObject({
      deniedBy: "grant_lacks_scopes",
      missing: ["Inputs:Get"],
    });
    expect(evaluateEndpoint(owner, key({ operationScopes: NO_SCOPES }), "ListInputs", { now })).toMatchObject({
      deniedBy: "credential_lacks_scopes",
      missing: ["Inputs:Get"],
    });
  });
});

describe("credential liveness", () => {
  const pat = (expiresAt: Date | null, revokedAt: Date | null = null): Credential => ({
    kind: "pat",
    operationScopes: ALL_SCOPES,
    endpointScopes: "all",
    expiresAt,
    revokedAt,
  });

  it("expires at the instant of expiresAt", () => {
    expect(evaluateEndpoint(owner, pat(new Date(now.getTime() + 1)), "ListInputs", { now }).allowed).toBe(true);
    expect(evaluateEndpoint(owner, pat(new Date(now.getTime())), "ListInputs", { now })).toMatchObject({ deniedBy: "credential_expired" });
    expect(evaluateEndpoint(owner, pat(null), "ListInputs", { now }).allowed).toBe(true);
  });

  it("any revocation time counts, even a future one (clock skew between instances)", () => {
    expect(evaluateEndpoint(owner, pat(null, later), "ListInputs", { now })).toMatchObject({ deniedBy: "credential_revoked" });
  });

  it("fails closed on invalid dates", () => {
    expect(evaluateEndpoint(owner, pat(new Date(Number.NaN)), "ListInputs", { now })).toMatchObject({ deniedBy: "credential_expired" });
    expect(evaluateEndpoint(owner, pat(later), "ListInputs", { now: new Date(Number.NaN) })).toMatchObject({
      deniedBy: "credential_expired",
    });
  });

  it("a dead credential has no effective scopes", () => {
    expect(effectiveScopes(owner, pat(earlier), now)).toEqual([]);
    expect(effectiveScopes(owner, pat(null, earlier), now)).toEqual([]);
  });
});

describe("endpoint names and endpoint scopes", () => {
  it("accepts canonical names and bare methods, in the call and in the credential", () => {
    const key: Credential = { kind: "pat", operationScopes: ALL_SCOPES, endpointScopes: ["ListInputs", "/clarifai.api.V2/GetInput"] };
    for (const endpoint of ["ListInputs", "/clarifai.api.V2/ListInputs", "GetInput", "/clarifai.api.V2/GetInput"]) {
      expect(evaluateEndpoint(owner, key, endpoint, { now }).allowed, endpoint).toBe(true);
    }
    expect(evaluateEndpoint(owner, key, "DeleteInputs", { now }).allowed).toBe(false);
  });

  it("ignores unknown names in a credential's endpoint scopes (they allow nothing)", () => {
    const key: Credential = { kind: "pat", operationScopes: ALL_SCOPES, endpointScopes: ["ListDatasets", "*", "all"] };
    expect(evaluateEndpoint(owner, key, "ListInputs", { now })).toMatchObject({ deniedBy: "endpoint_not_in_credential" });
  });

  it("quotes and truncates an unknown endpoint name in the message", () => {
    const decision = evaluateEndpoint(owner, SESSION, `Evil"${"x".repeat(500)}`, { now });
    expect(decision).toMatchObject({ allowed: false, deniedBy: "unknown_endpoint" });
    expect(decision.allowed || decision.message.length).toBeLessThan(200);
  });

  it("introspection endpoints need no operation scope but still an endpoint scope", () => {
    const none: Credential = { kind: "pat", operationScopes: NO_SCOPES, endpointScopes: ["MyScopes"] };
    expect(evaluateEndpoint(owner, none, "MyScopes", { now })).toEqual({ allowed: true, grantedBy: ["owner"] });
    expect(evaluateEndpoint(owner, none, "ListScopes", { now })).toMatchObject({ deniedBy: "endpoint_not_in_credential" });
    expect(evaluateEndpoint(compileGrants(facts()), none, "MyScopes", { now })).toMatchObject({ deniedBy: "no_app_access" });
  });
});

describe("grantedBy names the layers holding what was needed", () => {
  const grants = compileGrants(
    facts({
      orgRole: "Organization User",
      teamGroups: [{ teamId: "ml", group: "Model Trainer" }],
      collaboratorScopes: scopeSet("Inputs:Add", "Inputs:Get"),
    }),
  );

  it("one or several layers", () => {
    expect(evaluateEndpoint(grants, SESSION, "PostModels", { now })).toEqual({ allowed: true, grantedBy: ["team"] });
    expect(evaluateEndpoint(grants, SESSION, "PostInputs", { now })).toEqual({ allowed: true, grantedBy: ["collaborator"] });
    expect(evaluateEndpoint(grants, SESSION, "ListInputs", { now })).toEqual({
      allowed: true,
      grantedBy: ["org_role", "team", "collaborator"],
    });
  });

  it("for a call needing no scope: every layer giving access", () => {
    expect(evaluateEndpoint(grants, SESSION, "MyScopes", { now })).toEqual({ allowed: true, grantedBy: ["org_role", "team", "collaborator"] });
  });
});

describe("operations", () => {
  const grants = compileGrants(facts({ collaboratorScopes: scopeSet("Inputs:Get", "Search") }));

  it("take one scope, several, or a ScopeSet", () => {
    expect(evaluateOperation(grants, SESSION, "Search", { now }).allowed).toBe(true);
    expect(evaluateOperation(grants, SESSION, ["Search", "Inputs:Get"], { now }).allowed).toBe(true);
    expect(evaluateOperation(grants, SESSION, scopeSet("Search", "Predict"), { now })).toMatchObject({
      allowed: false,
      deniedBy: "grant_lacks_scopes",
      missing: ["Predict"],
      message: "The access granted on this app lacks Predict.",
    });
  });

  it("deny unknown scopes, whatever else is held", () => {
    expect(evaluateOperation(owner, SESSION, "Datasets:Delete" as never, { now })).toMatchObject({ allowed: false, deniedBy: "unknown_scope" });
    expect(evaluateOperation(owner, SESSION, ["Predict", "predict"] as never, { now })).toMatchObject({ deniedBy: "unknown_scope" });
    expect(evaluateOperation(owner, SESSION, 2 ** 50 as never, { now })).toMatchObject({ deniedBy: "unknown_scope" });
  });
});

describe("capabilities", () => {
  it("decide org capabilities from the role alone", () => {
    expect(evaluateOrgCapability("Financial Manager", "finance.view")).toEqual({ allowed: true, grantedBy: ["org_role"] });
    expect(evaluateOrgCapability("Organization User", "finance.view")).toMatchObject({
      allowed: false,
      deniedBy: "capability_not_granted",
      message: "The Organization User role may not view financial data (costs, budgets).",
    });
    expect(evaluateOrgCapability("Admin", "app.delete" as never)).toMatchObject({ deniedBy: "unknown_capability" });
  });

  it("decide app capabilities from the grants on that app", () => {
    const collaborator = compileGrants(facts({ collaboratorScopes: ALL_SCOPES }));
    expect(evaluateAppCapability(collaborator, "app.delete")).toMatchObject({ allowed: false, deniedBy: "capability_not_granted" });
    expect(evaluateAppCapability(collaborator, "app.view_collaborators")).toEqual({ allowed: true, grantedBy: ["collaborator"] });
    expect(evaluateAppCapability(collaborator, "members.manage" as never)).toMatchObject({ deniedBy: "unknown_capability" });
    expect(evaluateAppCapability(compileGrants(facts()), "app.view_collaborators")).toMatchObject({ deniedBy: "no_app_access" });
  });
});

describe("explainAccess", () => {
  it("says which layer gives which scopes and capabilities", () => {
    const grants = compileGrants(
      facts({
        orgRole: "Team Contributor",
        teamGroups: [
          { teamId: "ml", group: "Model Trainer" },
          { teamId: "labeling", group: "Labeler Worker" },
        ],
        collaboratorScopes: scopeSet("Search"),
      }),
    );
    const explanation = explainAccess(grants);
    expect(explanation.hasAccess).toBe(true);
    expect(explanation.appCapabilities).toEqual(["app.edit_description", "app.manage_models_workflows", "app.view_collaborators"]);
    expect(explanation.layers.map((layer) => [layer.source, layer.scopes.length, layer.appCapabilities])).toEqual([
      ["Organization role: Team Contributor", 0, ["app.edit_description", "app.manage_models_workflows", "app.view_collaborators"]],
      ["Team ml (Model Trainer)", 9, []],
      ["Team labeling (Labeler Worker)", 6, []],
      ["Collaborator", 1, []],
    ]);
    expect(explanation.scopes).toContain("Search");
    expect(explanation.scopes).toContain("Annotations:Add");
  });

  it("shows a member whose role gives nothing on the app as such", () => {
    const explanation = explainAccess(compileGrants(facts({ orgRole: "Financial Manager" })));
    expect(explanation).toEqual({
      appId: "app-1",
      hasAccess: false,
      scopes: [],
      appCapabilities: [],
      layers: [{ layer: "org_role", role: "Financial Manager", source: "Organization role: Financial Manager", scopes: [], appCapabilities: [] }],
    });
  });
});

describe("inputs are validated and outputs are immutable", () => {
  it("compileGrants refuses malformed facts", () => {
    expect(() => compileGrants(facts({ appId: "" }))).toThrow(TypeError);
    expect(() => compileGrants(facts({ orgRole: "Owner" as never }))).toThrow(TypeError);
    expect(() => compileGrants(facts({ collaboratorScopes: 0.5 as never }))).toThrow(TypeError);
    expect(() => compileGrants(facts({ teamGroups: [{ teamId: "t", group: { name: "x", scopes: "all" as never } }] }))).toThrow(TypeError);
  });

  it("compileCredential refuses malformed credentials", () => {
    expect(() => compileCredential({ kind: "oauth" } as never)).toThrow(TypeError);
    expect(() => compileCredential({ kind: "pat", operationScopes: -0.5, endpointScopes: "all" } as never)).toThrow(TypeError);
    expect(() => compileCredential({ kind: "pat", operationScopes: ALL_SCOPES, endpointScopes: "ListInputs" } as never)).toThrow(TypeError);
    expect(() => compileCredential({ kind: "app_key", appRef: "", operationScopes: ALL_SCOPES, endpointScopes: "all" })).toThrow(TypeError);
  });

  it("Grants must come from compileGrants", () => {
    expect(() => evaluateEndpoint({ appId: "app-1", hasAccess: true, scopes: ALL_SCOPES } as never, SESSION, "ListInputs", { now })).toThrow(TypeError);
  });

  it("decisions and grants are frozen", () => {
    const denied = evaluateEndpoint(compileGrants(facts({ collaboratorScopes: NO_SCOPES })), SESSION, "ListInputs", { now });
    const allowed = evaluateEndpoint(owner, SESSION, "ListInputs", { now });
    expect(Object.isFrozen(denied)).toBe(true);
    expect(Object.isFrozen(allowed)).toBe(true);
    expect(Object.isFrozen(allowed.allowed && allowed.grantedBy)).toBe(true);
    expect(Object.isFrozen(owner)).toBe(true);
    expect(Object.isFrozen(owner.facts.teamGroups)).toBe(true);
  });

  it("compiled credentials give the same decisions as plain ones", () => {
    const plain: Credential = { kind: "pat", operationScopes: parseScopes(["Inputs:Get"]).scopes, endpointScopes: ["ListInputs"] };
    const compiled = compileCredential(plain);
    expect(compileCredential(compiled)).toBe(compiled);
    for (const endpoint of ["ListInputs", "PostInputs", "GetInput"]) {
      expect(evaluateEndpoint(owner, compiled, endpoint, { now })).toEqual(evaluateEndpoint(owner, plain, endpoint, { now }));
    }
  });
});

describe("a collaborator grant restricted to some endpoints", () => {
  const listOnly = compileGrants(facts({ collaboratorScopes: scopeSet("Inputs:Get", "Predict", "Models:Get"), collaboratorEndpoints: ["/clarifai.api.V2/ListInputs"] }));

  it("counts only on the listed endpoints", () => {
    expect(evaluateEndpoint(listOnly, SESSION, "ListInputs", { now })).toEqual({ allowed: true, grantedBy: ["collaborator"] });
    expect(evaluateEndpoint(listOnly, SESSION, "PostModelOutputs", { now })).toMatchObject({ allowed: false, deniedBy: "endpoint_not_in_grant", missing: [] });
    expect(evaluateEndpoint(listOnly, SESSION, "GetInput", { now })).toMatchObject({ allowed: false, deniedBy: "endpoint_not_in_grant" });
  });

  it("leaves the other layers whole: a team seat still reaches every endpoint with its own scopes", () => {
    const both = compileGrants(facts({ orgRole: "Team Contributor", teamGroups: [{ teamId: "t", group: "Model Trainer" }], collaboratorScopes: scopeSet("Inputs:Add"), collaboratorEndpoints: ["ListInputs"] }));
    expect(evaluateEndpoint(both, SESSION, "PostModelOutputs", { now })).toMatchObject({ allowed: true, grantedBy: ["team"] });
    expect(evaluateEndpoint(both, SESSION, "PostInputs", { now })).toMatchObject({ deniedBy: "endpoint_not_in_grant" });
  });

  it("is shown by the explanation", () => {
    expect(explainAccess(listOnly).layers).toEqual([
      expect.objectContaining({ layer: "collaborator", endpoints: ["/clarifai.api.V2/ListInputs"], source: "Collaborator (1 endpoint)" }),
    ]);
  });
});

describe("MyScopes answers any live credential reaching the app", () => {
  const restricted = (kind: "pat" | "app_key", life: { expiresAt?: Date; revokedAt?: Date } = {}): Credential =>
    kind === "pat"
      ? { kind, operationScopes: NO_SCOPES, endpointScopes: ["ListInputs"], ...life }
      : { kind, appRef: "app-1", operationScopes: NO_SCOPES, endpointScopes: ["ListInputs"], ...life };

  it("whatever the credential's endpoint scopes say, MyScopesUser too", () => {
    for (const kind of ["pat", "app_key"] as const) {
      for (const endpoint of ["MyScopes", "/clarifai.api.V2/MyScopes", "MyScopesUser"]) {
        expect(evaluateEndpoint(owner, restricted(kind), endpoint, { now }), `${kind} ${endpoint}`).toEqual({ allowed: true, grantedBy: ["owner"] });
      }
      expect(evaluateEndpoint(owner, restricted(kind), "GetInput", { now })).toMatchObject({ deniedBy: "endpoint_not_in_credential" });
    }
  });

  it("whatever a collaborator grant's endpoint scopes say: reaching the app is enough", () => {
    const listOnly = compileGrants(facts({ collaboratorScopes: scopeSet("Inputs:Get"), collaboratorEndpoints: ["ListInputs"] }));
    expect(evaluateEndpoint(listOnly, SESSION, "MyScopes", { now })).toEqual({ allowed: true, grantedBy: ["collaborator"] });
    expect(evaluateEndpoint(listOnly, SESSION, "GetInput", { now })).toMatchObject({ deniedBy: "endpoint_not_in_grant" });
  });

  it("but never for a dead credential, a key of another app, or without access to the app", () => {
    expect(evaluateEndpoint(owner, restricted("pat", { revokedAt: earlier }), "MyScopes", { now })).toMatchObject({ deniedBy: "credential_revoked" });
    expect(evaluateEndpoint(owner, restricted("app_key", { expiresAt: earlier }), "MyScopes", { now })).toMatchObject({ deniedBy: "credential_expired" });
    expect(evaluateEndpoint(owner, { ...restricted("app_key"), appRef: "app-2" } as Credential, "MyScopes", { now })).toMatchObject({ deniedBy: "credential_not_for_app" });
    expect(evaluateEndpoint(compileGrants(facts()), restricted("pat"), "MyScopes", { now })).toMatchObject({ deniedBy: "no_app_access" });
  });

  it("ListScopes keeps needing its endpoint scope on an app", () => {
    expect(evaluateEndpoint(owner, restricted("pat"), "ListScopes", { now })).toMatchObject({ deniedBy: "endpoint_not_in_credential" });
  });
});

describe("the app itself: Apps:* follow app administration", () => {
  const on = (overrides: Partial<AccessFacts>) => compileGrants(facts(overrides));
  const decide = (grants: ReturnType<typeof on>, endpoint: string) => evaluateEndpoint(grants, SESSION, endpoint, { now });

  it("the owner, Admins and Organization Contributors read, edit and delete the app", () => {
    for (const grants of [owner, on({ orgRole: "Admin" }), on({ orgRole: "Organization Contributor" })]) {
      for (const endpoint of ["GetApp", "PatchApp", "PatchApps", "DeleteApp"]) expect(decide(grants, endpoint).allowed, endpoint).toBe(true);
    }
  });

  it("an Organization User and every built-in group read it, and neither edits nor deletes it", () => {
    const readers = [on({ orgRole: "Organization User" }), ...(["Full Access", "Model Trainer", "Labeler Lead", "Labeler Worker"] as const).map((group) => on({ orgRole: "Team Contributor", teamGroups: [{ teamId: "t", group }] }))];
    for (const grants of readers) {
      expect(decide(grants, "GetApp").allowed).toBe(true);
      expect(decide(grants, "PatchApp")).toMatchObject({ deniedBy: "grant_lacks_scopes", missing: ["Apps:Add"] });
      expect(decide(grants, "DeleteApp")).toMatchObject({ deniedBy: "grant_lacks_scopes", missing: ["Apps:Delete"] });
    }
  });

  it("a collaborator grant reads the app only where it names Apps:Get, and never administers it", () => {
    expect(decide(on({ collaboratorScopes: scopeSet("Inputs:Get") }), "GetApp")).toMatchObject({ deniedBy: "grant_lacks_scopes", missing: ["Apps:Get"] });
    const named = on({ collaboratorScopes: scopeSet("Apps:Get", "Apps:Add", "Apps:Delete") });
    expect(decide(named, "GetApp")).toEqual({ allowed: true, grantedBy: ["collaborator"] });
    expect(decide(named, "DeleteApp")).toMatchObject({ deniedBy: "grant_lacks_scopes", missing: ["Apps:Delete"] });
    expect(explainAccess(named).scopes).toEqual(["Apps:Get"]);
  });

  it("through a token, the token must carry the Apps scope too", () => {
    const reader: Credential = { kind: "pat", operationScopes: scopeSet("Apps:Get"), endpointScopes: "all" };
    expect(evaluateEndpoint(owner, reader, "GetApp", { now }).allowed).toBe(true);
    expect(evaluateEndpoint(owner, reader, "DeleteApp", { now })).toMatchObject({ deniedBy: "credential_lacks_scopes", missing: ["Apps:Delete"] });
  });
});
