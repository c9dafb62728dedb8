import { describe, expect, it } from "vitest";
import {
  BASIC_SCOPES,
  OPERATION_SCOPES,
  RESOURCES,
  SCOPE_DEPENDENCIES,
  SCOPE_LABELS,
  isOperationScope,
  withDependencies,
  withoutDependents,
} from "./catalog";

describe("operation scope catalog", () => {
  it("spells the scopes exactly as the seeds, DESIGN §3 and Clarifai's API do", () => {
    const expected = [
      ...["Annotations:Add", "Annotations:Get", "Annotations:Delete"],
      ...["Apps:Add", "Apps:Get", "Apps:Delete"],
      ...["Collaborators:Add", "Collaborators:Get", "Collaborators:Delete"],
      ...["Collectors:Add", "Collectors:Get", "Collectors:Delete"],
      ...["ComputeClusters:Add", "ComputeClusters:Get", "ComputeClusters:Delete"],
      ...["Concepts:Add", "Concepts:Get"],
      ...["Deployments:Add", "Deployments:Get", "Deployments:Delete"],
      ...["Inputs:Add", "Inputs:Get", "Inputs:Delete"],
      ...["Keys:Add", "Keys:Get", "Keys:Delete"],
      ...["Models:Add", "Models:Get", "Models:Delete", "Models:Train"],
      ...["Nodepools:Add", "Nodepools:Get", "Nodepools:Delete"],
      "Predict",
      "Search",
      ...["Tasks:Add", "Tasks:Get", "Tasks:Delete"],
      ...["Vocabs:Add", "Vocabs:Get", "Vocabs:Delete"],
      ...["Workflows:Add", "Workflows:Get", "Workflows:Delete"],
    ];
    expect([...OPERATION_SCOPES]).toEqual(expected);
    expect(isOperationScope("Models:Train")).toBe(true);
    expect(isOperationScope("Models:Patch")).toBe(false);
  });

  it("uses seed 003's labels where the seed has them", () => {
    expect(SCOPE_LABELS["Annotations:Add"]).toBe("Write Annotations");
    expect(SCOPE_LABELS["Inputs:Delete"]).toBe("Delete Inputs");
    expect(SCOPE_LABELS["Models:Train"]).toBe("Train a Custom Model");
    expect(SCOPE_LABELS.Predict).toBe("Predict on Public and Custom Models");
    expect(SCOPE_LABELS.Search).toBe("Search by Inputs and Concepts");
  });

  it("groups every scope under exactly one resource", () => {
    const grouped = RESOURCES.flatMap((resource) => resource.scopes);
    expect([...grouped].sort()).toEqual([...OPERATION_SCOPES].sort());
  });

  it("has the eleven basic scopes with the seed's descriptions, each its resource's scopes", () => {
    expect(BASIC_SCOPES.map((basic) => `${basic.name}: ${basic.description}`)).toEqual([
      "Annotation: Add and Remove Annotations on Inputs",
      "Collaborator: Add, Remove and Patch Collaborators",
      "Collector: Add, Remove and Patch Input Collectors",
      "Concept: Add, Remove and Patch Concept",
      "Input: Add and Remove Inputs to an App",
      "Model: Add, Remove and Train Custom Models",
      "Predict: Predict on Public and Custom Models",
      "Search: Search over Inputs an App",
      "Task: Add, Remove and Patch Scribe labeling Tasks",
      "Vocab: Add, Remove and Delete lists of Concepts",
      "Workflow: Add, Remove and Delete Workflows of Models",
    ]);
    for (const basic of BASIC_SCOPES) {
      expect(basic.scopes).toEqual(RESOURCES.find((resource) => resource.id === basic.name)?.scopes);
    }
    expect(BASIC_SCOPES.find((basic) => basic.name === "Model")?.scopes).toContain("Models:Train");
    // Keys and Apps are only under ADVANCED SCOPES, each in its own resource group.
    expect(BASIC_SCOPES.flatMap((basic) => basic.scopes).some((scope) => scope.startsWith("Keys:"))).toBe(false);
    expect(BASIC_SCOPES.flatMap((basic) => basic.scopes).some((scope) => scope.startsWith("Apps:"))).toBe(false);
    expect(RESOURCES.find((resource) => resource.id === "App")).toEqual({ id: "App", label: "Apps", scopes: ["Apps:Add", "Apps:Get", "Apps:Delete"] });
  });
});

describe("scope picker dependencies", () => {
  it("closes X:Delete ⇒ X:Add ⇒ X:Get for every resource that has them", () => {
    for (const resource of RESOURCES) {
      const [add, get, del] = ["Add", "Get", "Delete"].map((action) =>
        resource.scopes.find((scope: string) => scope.endsWith(`:${action}`)),
      );
      if (del !== undefined) expect(withDependencies([del])).toEqual([add, get, del].filter(Boolean).sort(byCatalog));
      if (add !== undefined && get !== undefined) expect(withDependencies([add])).toEqual([add, get].sort(byCatalog));
    }
  });

  it("closes Models:Train ⇒ Models:Get and Search ⇒ Inputs:Get, and leaves Predict alone", () => {
    expect(withDependencies(["Models:Train"])).toEqual(["Models:Get", "Models:Train"]);
    expect(withDependencies(["Search"])).toEqual(["Inputs:Get", "Search"]);
    expect(withDependencies(["Predict"])).toEqual(["Predict"]);
    expect(withDependencies(["Predict", "Search"])).toEqual(["Inputs:Get", "Predict", "Search"]);
  });

  it("is a closure: idempotent, and never points outside the catalog", () => {
    for (const scope of OPERATION_SCOPES) {
      const closed = withDependencies([scope]);
      expect(withDependencies(closed)).toEqual(closed);
      for (const dependency of SCOPE_DEPENDENCIES[scope]) expect(isOperationScope(dependency)).toBe(true);
    }
  });

  it("unticking a scope unticks what depends on it", () => {
    const all = [...OPERATION_SCOPES];
    const withoutInputsGet = withoutDependents(all, "Inputs:Get");
    expect(withoutInputsGet).not.toContain("Inputs:Get");
    expect(withoutInputsGet).not.toContain("Inputs:Add");
    expect(withoutInputsGet).not.toContain("Inputs:Delete");
    expect(withoutInputsGet).not.toContain("Search");
    expect(withoutInputsGet).toContain("Predict");
    expect(withoutDependents(["Models:Get", "Models:Train", "Predict"], "Models:Get")).toEqual(["Predict"]);
  });
});

function byCatalog(a: string | undefined, b: string | undefined): number {
  return OPERATION_SCOPES.indexOf(a as never) - OPERATION_SCOPES.indexOf(b as never);
}
