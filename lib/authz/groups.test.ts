// Table-driven from DESIGN §3's built-in permission groups: every group × every operation scope,
// decided for a Team Contributor who reaches the app only through a team holding that group.

import { describe, expect, it } from "vitest";
import { APP_OPERATION_SCOPES } from "./catalog";
import { SESSION, compileGrants, evaluateAppCapability, evaluateOperation, explainAccess } from "./index";
import { BUILT_IN_GROUPS, BUILT_IN_GROUP_NAMES, resolvePermissionGroup, type PermissionGroupRef } from "./groups";
import { APP_CAPABILITIES } from "./roles";
import { isSubsetOf, parseScopes, scopeNames } from "./scopeset";

// Full Access = every operation scope but app administration (Apps:Add, Apps:Delete). Model Trainer =
// Models:*, Workflows:Get, Inputs:Get, Concepts:Get, Predict. Labeler Worker = Tasks:Get, Inputs:Get,
// Concepts:Get, Annotations:Add|Get. Labeler Lead = Labeler Worker + Tasks:Add|Delete, Concepts:Add,
// Annotations:Delete. Every group reads the app it was given (Apps:Get).
const GROUP_TABLE = `
| scope                | Full Access | Model Trainer | Labeler Lead | Labeler Worker |
| Annotations:Add      | ✓ |   | ✓ | ✓ |
| Annotations:Get      | ✓ |   | ✓ | ✓ |
| Annotations:Delete   | ✓ |   | ✓ |   |
| Apps:Add             |   |   |   |   |
| Apps:Get             | ✓ | ✓ | ✓ | ✓ |
| Apps:Delete          |   |   |   |   |
| Collaborators:Add    | ✓ |   |   |   |
| Collaborators:Get    | ✓ |   |   |   |
| Collaborators:Delete | ✓ |   |   |   |
| Collectors:Add       | ✓ |   |   |   |
| Collectors:Get       | ✓ |   |   |   |
| Collectors:Delete    | ✓ |   |   |   |
| Concepts:Add         | ✓ |   | ✓ |   |
| Concepts:Get         | ✓ | ✓ | ✓ | ✓ |
| Inputs:Add           | ✓ |   |   |   |
| Inputs:Get           | ✓ | ✓ | ✓ | ✓ |
| Inputs:Delete        | ✓ |   |   |   |
| Keys:Add             | ✓ |   |   |   |
| Keys:Get             | ✓ |   |   |   |
| Keys:Delete          | ✓ |   |   |   |
| Models:Add           | ✓ | ✓ |   |   |
| Models:Get           | ✓ | ✓ |   |   |
| Models:Delete        | ✓ | ✓ |   |   |
| Models:Train         | ✓ | ✓ |   |   |
| Predict              | ✓ | ✓ |   |   |
| Search               | ✓ |   |   |   |
| Tasks:Add            | ✓ |   | ✓ |   |
| Tasks:Get            | ✓ |   | ✓ | ✓ |
| Tasks:Delete         | ✓ |   | ✓ |   |
| Vocabs:Add           | ✓ |   |   |   |
| Vocabs:Get           | ✓ |   |   |   |
| Vocabs:Delete        | ✓ |   |   |   |
| Workflows:Add        | ✓ |   |   |   |
| Workflows:Get        | ✓ | ✓ |   |   |
| Workflows:Delete     | ✓ |   |   |   |
`;

const lines = GROUP_TABLE.trim().split("\n").map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
const header = lines[0]?.slice(1) ?? [];
const cases = lines.slice(1).flatMap((cells) =>
  header.map((group, column) => ({ scope: cells[0] ?? "", group, expected: cells[column + 1] === "✓" })),
);

const now = new Date("2026-01-01T00:00:00Z");
const viaTeam = (group: PermissionGroupRef) =>
  compileGrants({ appId: "org-app", isOwner: false, orgRole: "Team Contributor", teamGroups: [{ teamId: "t", group }], collaboratorScopes: null });

describe("built-in permission groups × operation scopes", () => {
  it("covers every scope and every built-in group", () => {
    expect(header).toEqual([...BUILT_IN_GROUP_NAMES]);
    expect(lines.slice(1).map((cells) => cells[0])).toEqual([...APP_OPERATION_SCOPES]);
  });

  it.each(cases)("$group × $scope: $expected", ({ scope, group, expected }) => {
    const decision = evaluateOperation(viaTeam(group as PermissionGroupRef), SESSION, scope as never, { now });
    expect(decision.allowed).toBe(expected);
    if (decision.allowed) expect(decision.grantedBy).toEqual(["team"]);
    else expect(decision).toMatchObject({ deniedBy: "grant_lacks_scopes", missing: [scope] });
  });
});

describe("built-in permission groups", () => {
  it("Labeler Lead includes everything a Labeler Worker has", () => {
    expect(isSubsetOf(BUILT_IN_GROUPS["Labeler Worker"].scopes, BUILT_IN_GROUPS["Labeler Lead"].scopes)).toBe(true);
  });

  it("no group gives app administration, not even Full Access", () => {
    const administration = APP_CAPABILITIES.filter((capability) => capability !== "app.view_collaborators");
    for (const name of BUILT_IN_GROUP_NAMES) {
      for (const capability of administration) {
        expect(evaluateAppCapability(viaTeam(name), capability).allowed, `${name} ${capability}`).toBe(
          // A Team Contributor's own role gives these two on team apps; the group adds nothing.
          capability === "app.edit_description" || capability === "app.manage_models_workflows",
        );
      }
      const financeManagerInTeam = compileGrants({ appId: "a", isOwner: false, orgRole: "Financial Manager", teamGroups: [{ teamId: "t", group: name }], collaboratorScopes: null });
      for (const capability of administration) expect(evaluateAppCapability(financeManagerInTeam, capability).allowed).toBe(false);
    }
  });

  it("a custom group naming Apps:Add or Apps:Delete still gives no app administration", () => {
    const admins = { name: "Would-be admins", scopes: parseScopes(["Apps:Add", "Apps:Get", "Apps:Delete", "Inputs:Get"]).scopes };
    const grants = viaTeam(admins);
    expect(evaluateOperation(grants, SESSION, "Apps:Get", { now }).allowed).toBe(true);
    expect(evaluateOperation(grants, SESSION, ["Apps:Add", "Apps:Delete"], { now })).toMatchObject({ deniedBy: "grant_lacks_scopes", missing: ["Apps:Add", "Apps:Delete"] });
    expect(explainAccess(grants).layers).toContainEqual(expect.objectContaining({ layer: "team", scopes: ["Apps:Get", "Inputs:Get"] }));
  });

  it("a group holding Collaborators:Get lets its members see the collaborators (as ListCollaborators does)", () => {
    const member = compileGrants({ appId: "a", isOwner: false, orgRole: "Financial Manager", teamGroups: [{ teamId: "t", group: "Full Access" }], collaboratorScopes: null });
    expect(evaluateAppCapability(member, "app.view_collaborators")).toEqual({ allowed: true, grantedBy: ["team"] });
  });

  it("custom groups are data { name, scopes }", () => {
    const reviewers = { name: "Reviewers", scopes: parseScopes(["Annotations:Get", "Inputs:Get", "Search"]).scopes };
    const grants = viaTeam(reviewers);
    expect(evaluateOperation(grants, SESSION, "Search", { now }).allowed).toBe(true);
    expect(evaluateOperation(grants, SESSION, "Annotations:Add", { now }).allowed).toBe(false);
    expect(explainAccess(grants).layers).toContainEqual(
      expect.objectContaining({ layer: "team", teamId: "t", group: "Reviewers", scopes: ["Annotations:Get", "Inputs:Get", "Search"] }),
    );
  });

  it("resolves built-in names and refuses unknown ones", () => {
    expect(resolvePermissionGroup("Model Trainer")).toBe(BUILT_IN_GROUPS["Model Trainer"]);
    expect(() => resolvePermissionGroup("Super User" as never)).toThrow(TypeError);
    expect(() => viaTeam("toString" as never)).toThrow(TypeError);
    expect(scopeNames(BUILT_IN_GROUPS["Full Access"].scopes)).toEqual(APP_OPERATION_SCOPES.filter((scope) => scope !== "Apps:Add" && scope !== "Apps:Delete"));
  });
});
