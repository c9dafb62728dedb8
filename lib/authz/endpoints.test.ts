import { describe, expect, it } from "vitest";
import { ENDPOINTS, ENDPOINT_PREFIX, findEndpoint, parseEndpoints } from "./endpoints";
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
  "ListCollaborators", "PostCollaborators", "PatchCollaborators", "DeleteCollaborators",
  "ListKeys", "PostKeys", "PatchKeys", "DeleteKeys", "GetKey",
  "ListAnnotations", "GetAnnotation", "PostAnnotations", "PatchAnnotations", "DeleteAnnotation", "DeleteAnnotations",
  "ListScopes", "MyScopes",
];

function needsOf(name: string, visualQuery = false): string[] {
  const entry = findEndpoint(name);
  if (entry === undefined) throw new Error(`missing ${name}`);
  return scopeNames(visualQuery ? entry.visualQueryNeeds : entry.needs);
}

describe("endpoint table", () => {
  it("has every endpoint of seed 003 and the collaborator, key, annotation and scope endpoints", () => {
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
    expect(needsOf("DeleteKeys")).toEqual(["Keys:Delete"]);
    expect(needsOf("PostAnnotations")).toEqual(["Annotations:Add"]);
    expect(needsOf("DeleteAnnotation")).toEqual(["Annotations:Delete"]);
    expect(needsOf("ListScopes")).toEqual([]);
    expect(needsOf("MyScopes")).toEqual([]);
  });

  it("only PostSearches depends on the request (visual query)", () => {
    for (const endpoint of ENDPOINTS) {
      expect(endpoint.visualQueryNeeds.length > 0, endpoint.name).toBe(endpoint.method === "PostSearches");
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
    expect(parseEndpoints(["PostSearches", "/clarifai.api.V2/PostSearches", "GetApp", "/clarifai.api.V2/ListInputs"])).toEqual({
      endpoints: ["/clarifai.api.V2/PostSearches", "/clarifai.api.V2/ListInputs"],
      unknown: ["GetApp"],
    });
  });
});
