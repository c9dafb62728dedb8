import { describe, expect, it } from "vitest";
import { ORGANIZATION_SCOPES } from "./catalog";
import { ACCOUNT_ENDPOINTS, ENDPOINTS, ENDPOINT_PREFIX, ORG_ENDPOINTS, findEndpoint, parseEndpoints } from "./endpoints";
import { scopeNames } from "./scopeset";

// Seed 003, "Endpoint level scopes", verbatim.
const SEED_003_ENDPOINTS = `
/clarifai.api.V2/GetConcept /clarifai.api.V2/GetConceptCounts /clarifai.api.V2/ListConcepts
/clarifai.api.V2/PatchConcepts /clarifai.api.V2/PostConcepts /clarifai.api.V2/PostConceptsSearches
/clarifai.api.V2/DeleteInput /clarifai.api.V2/DeleteInputs /clarifai.api.V2/GetInput /clarifai.api.V2/GetInputCount
/clarifai.api.V2/ListInputs /clarifai.api.V2/ListModelInputs /clarifai.api.V2/PatchInputs /clarifai.api.V2/PostInputs
/clarifai.api.V2/DeleteModel /clarifai.api.V2/DeleteModelVersion /clarifai.api.V2/DeleteModels /clarifai.api.V2/GetModel
/clarifai.api.V2/GetModelOutputInfo /clarifai.api.V2/GetModelVersion /clarifai.api.V2/GetModelVersionMetrics
/clarifai.api.V2/ListModelVersions /clarifai.api.V2/ListModels /clarifai.api.V2/PatchModels
/clarifai.api.V2/PostModelVersionMetrics /clarifai.api.V2/PostModelVersions /clarifai.api.V2/PostModels
/clarifai.api.V2/PostModelsSearches /clarifai.api.V2/PostModelOutputs /clarifai.api.V2/PostWorkflowResults
/clarifai.api.V2/PostSearches /clarifai.api.V2/DeleteWorkflow /clarifai.api.V2/DeleteWorkflows
/clarifai.api.V2/GetWorkflow /clarifai.api.V2/ListWorkflows /clarifai.api.V2/PatchWorkflows /clarifai.api.V2/PostWorkflows
`
  .trim()
  .split(/\s+/);

const ADDED = [
  "ListCollaborators", "PostCollaborators", "PatchCollaborators", "DeleteCollaborators", "ListCollaborations",
  "ListKeys", "PostKeys", "PatchKeys", "DeleteKey", "GetKey", "ListAppKeys",
  "ListAnnotations", "GetAnnotation", "PostAnnotations", "PatchAnnotations", "DeleteAnnotation", "DeleteAnnotations",
  "GetApp", "ListApps", "PostApps", "PatchApps", "PatchApp", "DeleteApp",
  "ListScopes", "MyScopes", "MyScopesUser",
];

function needsOf(name: string, visualQuery = false): string[] {
  const entry = findEndpoint(name);
  if (entry === undefined) throw new Error(`missing ${name}`);
  return scopeNames(visualQuery ? entry.visualQueryNeeds : entry.needs);
}

describe("endpoint table", () => {
  it("has every endpoint of seed 003 and the collaborator, key, annotation, app and scope endpoints", () => {
    expect(SEED_003_ENDPOINTS).toHaveLength(37);
    const names = new Set(ENDPOINTS.map((endpoint) => endpoint.name));
    for (const name of SEED_003_ENDPOINTS) expect(names.has(name as never), name).toBe(true);
    for (const method of ADDED) expect(names.has(`${ENDPOINT_PREFIX}${method}` as never), method).toBe(true);
    expect(names.size).toBe(ENDPOINTS.length);
  });

  it("declares the needs DESIGN §3 gives as examples", () => {
    expect(needsOf("ListInputs")).toEqual(["Inputs:Get"]);
    expect(needsOf("PostInputs")).toEqual(["Inputs:Add"]);
    expect(needsOf("PatchInputs")).toEqual(["Inputs:Add"]);
    expect(needsOf("DeleteInputs")).toEqual(["Inputs:Delete"]);
    expect(needsOf("PostConcepts")).toEqual(["Concepts:Add"]);
    expect(needsOf("PatchConcepts")).toEqual(["Concepts:Add"]);
    expect(needsOf("PostModelVersions")).toEqual(["Models:Train"]);
    expect(needsOf("PostModelOutputs")).toEqual(["Predict"]);
    expect(needsOf("PostWorkflowResults")).toEqual(["Predict", "Workflows:Get"]);
    expect(needsOf("PostSearches")).toEqual(["Inputs:Get", "Search"]);
    expect(needsOf("PostSearches", true)).toEqual(["Inputs:Get", "Predict", "Search"]);
  });

  it("declares collaborator, key and annotation needs per resource, and none for scope introspection", () => {
    expect(needsOf("ListCollaborators")).toEqual(["Collaborators:Get"]);
    expect(needsOf("PostCollaborators")).toEqual(["Collaborators:Add"]);
    expect(needsOf("PatchCollaborators")).toEqual(["Collaborators:Add"]);
    expect(needsOf("DeleteCollaborators")).toEqual(["Collaborators:Delete"]);
    expect(needsOf("GetKey")).toEqual(["Keys:Get"]);
    expect(needsOf("PostKeys")).toEqual(["Keys:Add"]);
    expect(needsOf("DeleteKey")).toEqual(["Keys:Delete"]);
    expect(needsOf("PostAnnotations")).toEqual(["Annotations:Add"]);
    expect(needsOf("DeleteAnnotation")).toEqual(["Annotations:Delete"]);
    expect(needsOf("ListScopes")).toEqual([]);
    expect(needsOf("MyScopes")).toEqual([]);
  });

  it("declares app and per-app key needs, never asking Apps:Get of an endpoint that existed before it", () => {
    expect(needsOf("GetApp")).toEqual(["Apps:Get"]);
    expect(needsOf("ListApps")).toEqual(["Apps:Get"]);
    expect(needsOf("PostApps")).toEqual(["Apps:Add"]);
    expect(needsOf("PatchApp")).toEqual(["Apps:Add"]);
    expect(needsOf("PatchApps")).toEqual(["Apps:Add"]);
    expect(needsOf("DeleteApp")).toEqual(["Apps:Delete"]);
    expect(needsOf("ListAppKeys")).toEqual(["Keys:Get"]);
    expect(needsOf("ListCollaborations")).toEqual(["Apps:Get"]);
    expect(needsOf("MyScopesUser")).toEqual([]);
    const APP_ENDPOINTS = ["GetApp", "ListApps", "PostApps", "PatchApps", "PatchApp", "DeleteApp", "ListCollaborations"];
    for (const endpoint of ENDPOINTS) {
      if (!APP_ENDPOINTS.includes(endpoint.method)) expect([...endpoint.needs, ...endpoint.visualQueryNeeds].some((scope) => scope.startsWith("Apps:")), endpoint.method).toBe(false);
    }
  });

  it("marks the methods acting on the caller's own account, and the introspection open to any live credential", () => {
    expect(ACCOUNT_ENDPOINTS.map((endpoint) => endpoint.method).sort()).toEqual(
      ["ListKeys", "GetKey", "PostKeys", "PatchKeys", "DeleteKey", "MyScopesUser", "ListScopes", "ListCollaborations", "ListApps", "PostApps"].sort(),
    );
    const compute = /^(List|Get|Post|Patch|Delete)(ComputeClusters?|Nodepools?|Deployments?)$/;
    for (const endpoint of ENDPOINTS) expect(endpoint.level, endpoint.method).toBe(ACCOUNT_ENDPOINTS.includes(endpoint) ? "account" : compute.test(endpoint.method) ? "org" : "app");
    expect(ORG_ENDPOINTS.map((endpoint) => endpoint.method)).toHaveLength(15);
    for (const endpoint of ORG_ENDPOINTS) expect(endpoint.needs.every((scope) => ORGANIZATION_SCOPES.includes(scope as never)), endpoint.method).toBe(true);
    const open = ENDPOINTS.filter((endpoint) => endpoint.openAt.length > 0).map((endpoint) => [endpoint.method, endpoint.openAt]);
    expect(open).toEqual([
      ["ListScopes", ["account"]],
      ["MyScopes", ["app"]],
      ["MyScopesUser", ["app", "account"]],
    ]);
  });

  it("only the two searches depend on the request (visual query)", () => {
    for (const endpoint of ENDPOINTS) {
      expect(endpoint.visualQueryNeeds.length > 0, endpoint.name).toBe(endpoint.method === "PostSearches" || endpoint.method === "PostAnnotationsSearches");
    }
  });

  it("every endpoint except introspection needs at least one scope", () => {
    for (const endpoint of ENDPOINTS) {
      expect(endpoint.needs.length === 0, endpoint.name).toBe(endpoint.group === "Scope");
    }
  });

  it("finds by canonical name or bare method, and nothing else", () => {
    expect(findEndpoint("/clarifai.api.V2/PostSearches")).toBe(findEndpoint("PostSearches"));
    for (const name of ["postsearches", "/clarifai.api.V2/postSearches", "/clarifai.api.V1/PostSearches", "", "PostSearches "]) {
      expect(findEndpoint(name), name).toBeUndefined();
    }
    expect(findEndpoint("toString")).toBeUndefined();
    expect(findEndpoint("__proto__")).toBeUndefined();
  });

  it("parses endpoint scopes into canonical names and reports unknown ones", () => {
    expect(parseEndpoints(["PostSearches", "/clarifai.api.V2/PostSearches", "ListDatasets", "/clarifai.api.V2/ListInputs"])).toEqual({
      endpoints: ["/clarifai.api.V2/PostSearches", "/clarifai.api.V2/ListInputs"],
      unknown: ["ListDatasets"],
    });
  });
});
