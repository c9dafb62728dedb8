import { describe, expect, it } from "vitest";
import { APP_OPERATION_SCOPES, OPERATION_SCOPES } from "./catalog";
import {
  ENDPOINT_DESCRIPTIONS,
  GRANT_KIND_SCOPES,
  PLAIN_ACTIONS,
  checkEndpointRestriction,
  describeEndpoint,
  endpointRestrictionError,
  endpointRestrictionWarning,
  endpointsAllowedBy,
  resolveExplainTarget,
} from "./endpoint-restrictions";
import { ENDPOINTS } from "./endpoints";
import { compileGrants } from "./grants";
import { evaluateEndpoint } from "./decide";
import { SESSION } from "./credential";
import { scopeSet } from "./scopeset";

const methods = (endpoints: readonly { method: string }[]) => endpoints.map((endpoint) => endpoint.method);

describe("endpoint descriptions", () => {
  it("describe every endpoint in plain words, once, and nothing else", () => {
    expect(Object.keys(ENDPOINT_DESCRIPTIONS).sort()).toEqual(ENDPOINTS.map((endpoint) => endpoint.method).sort());
    for (const endpoint of ENDPOINTS) {
      const text = ENDPOINT_DESCRIPTIONS[endpoint.method];
      expect(text.length, endpoint.method).toBeGreaterThan(5);
      expect(text, endpoint.method).not.toContain("/clarifai.api.V2/");
      expect(text, endpoint.method).not.toMatch(/^(Post|Get|List|Patch|Delete)[A-Z]/);
    }
    expect(describeEndpoint("/clarifai.api.V2/PostInputs")).toBe(ENDPOINT_DESCRIPTIONS.PostInputs);
    expect(describeEndpoint("PostInputs")).toBe(ENDPOINT_DESCRIPTIONS.PostInputs);
    expect(describeEndpoint("postinputs")).toBeUndefined();
  });
});

describe("endpointsAllowedBy", () => {
  it("offers exactly the endpoints whose every needed scope is chosen", () => {
    const inputs = methods(endpointsAllowedBy(["Inputs:Get"], ["app"]));
    expect(inputs).toEqual(["GetInput", "GetInputCount", "ListInputs", "MyScopes"]);
    expect(inputs).not.toContain("PostInputs");
    expect(inputs).not.toContain("ListModelInputs");
    const more = methods(endpointsAllowedBy(["Inputs:Get", "Inputs:Add", "Models:Get"], ["app"]));
    expect(more).toContain("PostInputs");
    expect(more).toContain("ListModelInputs");
    expect(more).not.toContain("DeleteInputs");
    // Search needs Inputs:Get too: Search alone allows no search.
    expect(methods(endpointsAllowedBy(["Search"], ["app"]))).not.toContain("PostSearches");
    expect(methods(endpointsAllowedBy(["Search", "Inputs:Get"], ["app"]))).toContain("PostSearches");
  });

  it("keeps to the levels asked for", () => {
    const all = endpointsAllowedBy(OPERATION_SCOPES);
    expect(all).toHaveLength(ENDPOINTS.length);
    const app = endpointsAllowedBy(OPERATION_SCOPES, ["app"]);
    expect(app.every((endpoint) => endpoint.level === "app")).toBe(true);
    expect(methods(app)).not.toContain("PostKeys");
    expect(methods(endpointsAllowedBy(["Keys:Add", "Keys:Get"]))).toContain("PostKeys");
  });

  it("agrees with the evaluator: an offered endpoint is callable by a grant of exactly those scopes, another is not", () => {
    const scopes = ["Inputs:Get", "Inputs:Add", "Predict", "Concepts:Get"] as const;
    const grants = compileGrants({ appId: "app", isOwner: false, orgRole: null, teamGroups: [], collaboratorScopes: scopeSet(...scopes) });
    const offered = new Set(methods(endpointsAllowedBy(scopes, ["app"])));
    for (const endpoint of ENDPOINTS.filter((candidate) => candidate.level === "app")) {
      const decision = evaluateEndpoint(grants, SESSION, endpoint.name, { now: new Date(0) });
      expect({ method: endpoint.method, allowed: decision.allowed }).toEqual({ method: endpoint.method, allowed: offered.has(endpoint.method) });
    }
  });
});

describe("checkEndpointRestriction", () => {
  it("refuses an endpoint outside the chosen scopes, naming what it lacks", () => {
    const check = checkEndpointRestriction(["Inputs:Get"], ["/clarifai.api.V2/ListInputs", "PostInputs"]);
    expect(check.outside).toEqual([{ endpoint: "/clarifai.api.V2/PostInputs", missing: ["Inputs:Add"] }]);
    expect(endpointRestrictionError(check)).toContain("PostInputs needs Inputs:Add");
    expect(endpointRestrictionError(checkEndpointRestriction(["Inputs:Get", "Inputs:Add"], ["ListInputs", "PostInputs"]))).toBeNull();
  });

  it("warns about a chosen scope no listed endpoint uses (Inputs:Add without PostInputs or PatchInputs)", () => {
    const check = checkEndpointRestriction(["Inputs:Get", "Inputs:Add"], ["ListInputs"]);
    expect(check.outside).toEqual([]);
    expect(check.unused).toEqual(["Inputs:Add"]);
    expect(endpointRestrictionWarning(check)).toContain("Inputs:Add");
    expect(checkEndpointRestriction(["Inputs:Get", "Inputs:Add"], ["ListInputs", "PatchInputs"]).unused).toEqual([]);
    // Predict is used by a visual search.
    expect(checkEndpointRestriction(["Search", "Inputs:Get", "Predict"], ["PostSearches"]).unused).toEqual([]);
  });

  it("finds nothing to say about all endpoints, and reports unknown names", () => {
    expect(checkEndpointRestriction(["Inputs:Get", "Models:Train"], "all")).toEqual({ outside: [], unused: [], unknown: [] });
    expect(checkEndpointRestriction(["Inputs:Get"], ["Nope", "ListInputs"]).unknown).toEqual(["Nope"]);
  });
});

describe("the scopes of each kind of grant", () => {
  it("are one list per kind: collaborators and groups the same, app keys every app scope, tokens all", () => {
    expect(GRANT_KIND_SCOPES.collaborator).toEqual(GRANT_KIND_SCOPES.permission_group);
    expect(GRANT_KIND_SCOPES.collaborator).not.toContain("Apps:Add");
    expect(GRANT_KIND_SCOPES.collaborator).not.toContain("Apps:Delete");
    expect(GRANT_KIND_SCOPES.collaborator).toContain("Apps:Get");
    expect(GRANT_KIND_SCOPES.collaborator).toHaveLength(APP_OPERATION_SCOPES.length - 2);
    expect(GRANT_KIND_SCOPES.app_key).toEqual(APP_OPERATION_SCOPES);
    expect(GRANT_KIND_SCOPES.personal_access_token).toEqual(OPERATION_SCOPES);
  });

  it("leave out of a collaborator only what lib/authz never counts from one", () => {
    const everything = compileGrants({ appId: "app", isOwner: false, orgRole: null, teamGroups: [], collaboratorScopes: scopeSet(...OPERATION_SCOPES) });
    const offered = compileGrants({ appId: "app", isOwner: false, orgRole: null, teamGroups: [], collaboratorScopes: scopeSet(...GRANT_KIND_SCOPES.collaborator) });
    expect(offered.scopes).toEqual(everything.scopes);
  });
});

describe("plain actions", () => {
  it("name known endpoints, with distinct labels", () => {
    expect(new Set(PLAIN_ACTIONS.map((action) => action.label)).size).toBe(PLAIN_ACTIONS.length);
    for (const action of PLAIN_ACTIONS) expect(action.endpoints.length).toBeGreaterThan(0);
  });

  it("resolve an action, an endpoint, or nothing", () => {
    expect(resolveExplainTarget("Add inputs")).toEqual({ action: "add inputs", endpoints: ["/clarifai.api.V2/PostInputs"], visualQuery: false });
    expect(resolveExplainTarget(" predict ")?.endpoints).toEqual(["/clarifai.api.V2/PostModelOutputs"]);
    expect(resolveExplainTarget("manage collaborators")?.endpoints).toEqual([
      "/clarifai.api.V2/PostCollaborators",
      "/clarifai.api.V2/PatchCollaborators",
      "/clarifai.api.V2/DeleteCollaborators",
    ]);
    expect(resolveExplainTarget("search by image")).toMatchObject({ visualQuery: true });
    expect(resolveExplainTarget("PostInputs")).toEqual({ action: null, endpoints: ["/clarifai.api.V2/PostInputs"], visualQuery: false });
    expect(resolveExplainTarget("/clarifai.api.V2/ListInputs")?.endpoints).toEqual(["/clarifai.api.V2/ListInputs"]);
    expect(resolveExplainTarget("fly to the moon")).toBeUndefined();
    expect(resolveExplainTarget("")).toBeUndefined();
  });
});
