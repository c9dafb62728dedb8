// Table-driven from the permission matrix of DESIGN §3 (copied verbatim below): every org role × every
// capability row, and every org role × every operation scope.

import { describe, expect, it } from "vitest";
import { APP_OPERATION_SCOPES, OPERATION_SCOPES, type OperationScope } from "./catalog";
import { SESSION, compileGrants, evaluateAppCapability, evaluateOperation, evaluateOrgCapability } from "./index";
import {
  APP_CAPABILITIES,
  ORG_CAPABILITIES,
  ORG_ROLES,
  ORG_ROLE_DESCRIPTIONS,
  type AppCapability,
  type Capability,
  type OrgCapability,
  type OrgRole,
} from "./roles";

const MATRIX = `
| capability | Admin | Fin. Mgr | Org Contributor | Team Contributor | Org User | Infra Mgr |
| --- | --- | --- | --- | --- | --- | --- |
| operation scopes on all org apps | all | — | all | via teams only | every \`:Get\`, Search, Predict | — |
| create apps, change app visibility | ✓ | | ✓ | | | |
| edit app ID, delete app, edit collaborators, edit base workflow | ✓ | | ✓ | | | |
| edit app description/notes, create & delete models/workflows | ✓ | | ✓ | ✓ (team apps) | | |
| view collaborators | ✓ | | ✓ | ✓ (team apps) | ✓ | |
| invite / modify / remove members, pending invitations | ✓ | | | | | |
| create / edit / delete teams, add members and apps to teams | ✓ | | ✓ | | | |
| create / edit / delete clusters and nodepools | ✓ | | | | | ✓ |
| deploy and view models in clusters | ✓ | | ✓ | | | ✓ |
| view clusters and nodepools | ✓ | | ✓ | | ✓ | ✓ |
| view financial data (costs, budgets) | ✓ | ✓ | | | | |
`;

const COLUMNS: readonly OrgRole[] = [
  "Admin",
  "Financial Manager",
  "Organization Contributor",
  "Team Contributor",
  "Organization User",
  "Infrastructure Manager",
];

/** Which capability names each matrix row stands for. */
const ROW_CAPABILITIES: Readonly<Record<string, readonly Capability[]>> = {
  "create apps, change app visibility": ["app.create", "app.change_visibility"],
  "edit app ID, delete app, edit collaborators, edit base workflow": [
    "app.edit_id",
    "app.delete",
    "app.edit_collaborators",
    "app.edit_base_workflow",
  ],
  "edit app description/notes, create & delete models/workflows": ["app.edit_description", "app.manage_models_workflows"],
  "view collaborators": ["app.view_collaborators"],
  "invite / modify / remove members, pending invitations": ["members.manage"],
  "create / edit / delete teams, add members and apps to teams": ["teams.manage"],
  "create / edit / delete clusters and nodepools": ["clusters.manage"],
  "deploy and view models in clusters": ["clusters.deploy"],
  "view clusters and nodepools": ["clusters.view"],
  "view financial data (costs, budgets)": ["finance.view"],
};

/** Capabilities the DESIGN matrix has no row for, with the only roles holding them. */
const BEYOND_THE_MATRIX: Readonly<Record<string, readonly OrgRole[]>> = {
  // The compute issue: "Admins add, rename, delete" environments.
  "environments.manage": ["Admin"],
  // The finance issue: plans and budgets are "editable by Admins"; "Admins see every event" of the
  // audit log (Financial Managers read its finance events through finance.view).
  "finance.manage": ["Admin"],
  "audit.view": ["Admin"],
  // Issue #27: those who run the clusters see the node-hours of every nodepool by month (amounts
  // stay finance.view's).
  "clusters.usage": ["Admin", "Infrastructure Manager"],
};

const rows = MATRIX.trim()
  .split("\n")
  .slice(2)
  .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
const scopeRow = rows.find((cells) => cells[0] === "operation scopes on all org apps");
const capabilityRows = rows.filter((cells) => cells !== scopeRow);

type Mark = "yes" | "team apps" | "no";
function mark(cell: string | undefined): Mark {
  if (cell === "✓") return "yes";
  if (cell === "✓ (team apps)") return "team apps";
  if (cell === "") return "no";
  throw new Error(`unexpected matrix cell "${cell}"`);
}

const capabilityCases = capabilityRows.flatMap((cells) => {
  const row = cells[0] ?? "";
  const capabilities = ROW_CAPABILITIES[row];
  if (capabilities === undefined) throw new Error(`unmapped matrix row "${row}"`);
  return capabilities.flatMap((capability) =>
    COLUMNS.map((role, column) => ({ row, capability, role, expected: mark(cells[column + 1]) })),
  );
});

const isAppCapability = (capability: Capability): capability is AppCapability =>
  (APP_CAPABILITIES as readonly string[]).includes(capability);

const orgApp = (role: OrgRole | null, viaTeam: boolean) =>
  compileGrants({
    appId: "org-app",
    isOwner: false,
    orgRole: role,
    // Labeler Worker holds no Collaborators scope, so the team adds no capability of its own.
    teamGroups: viaTeam ? [{ teamId: "labeling", group: "Labeler Worker" }] : [],
    collaboratorScopes: null,
  });

describe("permission matrix: capabilities", () => {
  it("maps every row and every capability name exactly once", () => {
    const mapped = [...Object.values(ROW_CAPABILITIES).flat(), ...Object.keys(BEYOND_THE_MATRIX)];
    expect([...mapped].sort()).toEqual([...ORG_CAPABILITIES, ...APP_CAPABILITIES].sort());
    expect(capabilityRows.map((cells) => cells[0]).sort()).toEqual(Object.keys(ROW_CAPABILITIES).sort());
  });

  it.each(Object.entries(BEYOND_THE_MATRIX))("%s is held by %j only", (capability, holders) => {
    for (const role of ORG_ROLES) expect(evaluateOrgCapability(role, capability as OrgCapability).allowed).toBe(holders.includes(role));
  });

  it.each(capabilityCases)("$role × $capability ($row): $expected", ({ role, capability, expected }) => {
    if (isAppCapability(capability)) {
      const onOtherApp = evaluateAppCapability(orgApp(role, false), capability);
      const onTeamApp = evaluateAppCapability(orgApp(role, true), capability);
      expect(onOtherApp.allowed).toBe(expected === "yes");
      expect(onTeamApp.allowed).toBe(expected !== "no");
      if (!onTeamApp.allowed) expect(onTeamApp.deniedBy).toBe("capability_not_granted");
      if (onOtherApp.allowed) expect(onOtherApp.grantedBy).toEqual(["org_role"]);
    } else {
      expect(expected).not.toBe("team apps");
      const decision = evaluateOrgCapability(role, capability as OrgCapability);
      expect(decision.allowed).toBe(expected === "yes");
      if (!decision.allowed) {
        expect(decision.deniedBy).toBe("capability_not_granted");
        expect(decision.message).toContain(role);
      }
    }
  });

  it("a non-member has no org capability and no access to org apps", () => {
    for (const capability of ORG_CAPABILITIES) expect(evaluateOrgCapability(null, capability)).toMatchObject({ allowed: false, deniedBy: "not_org_member" });
    for (const capability of APP_CAPABILITIES) expect(evaluateAppCapability(orgApp(null, false), capability)).toMatchObject({ allowed: false, deniedBy: "no_app_access" });
  });

  it("the owner of a personal app holds every app capability", () => {
    const owner = compileGrants({ appId: "mine", isOwner: true, orgRole: null, teamGroups: [], collaboratorScopes: null });
    for (const capability of APP_CAPABILITIES) expect(evaluateAppCapability(owner, capability)).toEqual({ allowed: true, grantedBy: ["owner"] });
  });

  it("every role has a one-line description", () => {
    for (const role of ORG_ROLES) expect(ORG_ROLE_DESCRIPTIONS[role]).toMatch(/^\S.{10,100}$/);
  });
});

describe("permission matrix: operation scopes on org apps", () => {
  const expectedScopes = (cell: string | undefined): ((scope: OperationScope) => boolean) => {
    switch (cell) {
      case "all":
        return () => true;
      case "—":
      case "via teams only":
        return () => false;
      case "every `:Get`, Search, Predict":
        return (scope) => scope.endsWith(":Get") || scope === "Search" || scope === "Predict";
      default:
        throw new Error(`unexpected scope cell "${cell}"`);
    }
  };
  const now = new Date("2026-01-01T00:00:00Z");
  const scopeCases = COLUMNS.flatMap((role, column) => {
    const expects = expectedScopes(scopeRow?.[column + 1]);
    return APP_OPERATION_SCOPES.map((scope) => ({ role, scope, expected: expects(scope) }));
  });

  it.each(scopeCases)("$role × $scope: $expected", ({ role, scope, expected }) => {
    const decision = evaluateOperation(orgApp(role, false), SESSION, scope, { now });
    expect(decision.allowed).toBe(expected);
    if (decision.allowed) expect(decision.grantedBy).toEqual(["org_role"]);
  });

  it("a Team Contributor holds exactly the scopes of their teams' groups on a team app", () => {
    const grants = compileGrants({
      appId: "org-app",
      isOwner: false,
      orgRole: "Team Contributor",
      teamGroups: [{ teamId: "ml", group: "Model Trainer" }],
      collaboratorScopes: null,
    });
    const trainer = ["Apps:Get", "Models:Add", "Models:Get", "Models:Delete", "Models:Train", "Workflows:Get", "Inputs:Get", "Concepts:Get", "Predict"];
    for (const scope of OPERATION_SCOPES) {
      const decision = evaluateOperation(grants, SESSION, scope, { now });
      expect(decision.allowed, scope).toBe(trainer.includes(scope));
      if (decision.allowed) expect(decision.grantedBy).toEqual(["team"]);
    }
  });

  it("Financial and Infrastructure Managers have no access to org apps by role alone", () => {
    for (const role of ["Financial Manager", "Infrastructure Manager", "Team Contributor"] as const) {
      expect(evaluateOperation(orgApp(role, false), SESSION, [], { now })).toMatchObject({ allowed: false, deniedBy: "no_app_access" });
    }
  });
});
