import { describe, expect, it } from "vitest";
import { ORG_ROLES, compileGrants, evaluateCollaboratorManagement, scopeSet, type AccessFacts, type CollaboratorAction, type OrgRole } from "./index";

const base: AccessFacts = { appId: "app_1", isOwner: false, orgRole: null, teamGroups: [], collaboratorScopes: null };
const actions: CollaboratorAction[] = ["add", "change", "remove"];

describe("who may manage collaborators", () => {
  it("lets the owner manage collaborators", () => {
    for (const action of actions) expect(evaluateCollaboratorManagement(compileGrants({ ...base, isOwner: true }), action).allowed).toBe(true);
  });

  const matrix: Record<OrgRole, boolean> = {
    Admin: true,
    "Organization Contributor": true,
    "Financial Manager": false,
    "Organization User": false,
    "Team Contributor": false,
    "Infrastructure Manager": false,
  };
  it.each(ORG_ROLES.map((role) => [role, matrix[role]] as const))("org role %s → edit collaborators: %s", (role, expected) => {
    for (const action of actions) expect(evaluateCollaboratorManagement(compileGrants({ ...base, orgRole: role }), action).allowed).toBe(expected);
  });

  it("does not let a Team Contributor manage collaborators through a Full Access team", () => {
    const grants = compileGrants({ ...base, orgRole: "Team Contributor", teamGroups: [{ teamId: "t", group: "Full Access" }] });
    const decision = evaluateCollaboratorManagement(grants, "add");
    expect(decision).toMatchObject({ allowed: false, deniedBy: "capability_not_granted", missing: ["Collaborators:Add"] });
  });

  it("lets a collaborator holding the Collaborator scopes invite and change, and remove only with Delete", () => {
    const inviter = compileGrants({ ...base, collaboratorScopes: scopeSet("Collaborators:Add", "Collaborators:Get", "Inputs:Get") });
    expect(evaluateCollaboratorManagement(inviter, "add").allowed).toBe(true);
    expect(evaluateCollaboratorManagement(inviter, "change").allowed).toBe(true);
    expect(evaluateCollaboratorManagement(inviter, "remove")).toMatchObject({ allowed: false, missing: ["Collaborators:Delete"] });
    const plain = compileGrants({ ...base, collaboratorScopes: scopeSet("Inputs:Get") });
    for (const action of actions) expect(evaluateCollaboratorManagement(plain, action).allowed).toBe(false);
  });
});
