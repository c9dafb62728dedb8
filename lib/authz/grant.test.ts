import { describe, expect, it } from "vitest";
import { compileGrants, type AccessFacts, type Credential } from "./index";
import { canAssignRole, canGrantTeamSeats, mayGrantScopes, mayManageCollaborator } from "./grant";
import { ORG_ROLES } from "./roles";
import { OPERATION_SCOPES, ORGANIZATION_SCOPES } from "./catalog";
import { ALL_SCOPES, APP_SCOPES, NO_SCOPES, scopeSet } from "./scopeset";

const now = new Date("2026-03-01T12:00:00Z");
const facts = (overrides: Partial<AccessFacts> = {}): AccessFacts => ({
  appId: "app-1",
  isOwner: false,
  orgRole: null,
  teamGroups: [],
  collaboratorScopes: null,
  ...overrides,
});

const owner = compileGrants(facts({ isOwner: true }));
const admin = compileGrants(facts({ orgRole: "Admin" }));
// A collaborator who may invite others (seed 000: "Collaborators can also invite other collaborators").
const inviter = compileGrants(facts({ collaboratorScopes: scopeSet("Collaborators:Add", "Collaborators:Get", "Inputs:Get", "Inputs:Add", "Predict") }));

describe("mayGrantScopes: only what one holds on the app", () => {
  it("allows a subset of the actor's scopes", () => {
    expect(mayGrantScopes(inviter, scopeSet("Inputs:Get", "Predict"))).toEqual({ allowed: true, grantedBy: ["collaborator"] });
    expect(mayGrantScopes(owner, APP_SCOPES).allowed).toBe(true);
    expect(mayGrantScopes(admin, APP_SCOPES).allowed).toBe(true);
    // An organization's compute is no part of the app: nobody grants it there.
    expect(mayGrantScopes(owner, ALL_SCOPES)).toMatchObject({ allowed: false, missing: [...ORGANIZATION_SCOPES].sort((a, b) => OPERATION_SCOPES.indexOf(a) - OPERATION_SCOPES.indexOf(b)) });
  });

  it("denies more, listing exactly the scopes the actor lacks", () => {
    expect(mayGrantScopes(inviter, scopeSet("Inputs:Get", "Inputs:Delete", "Models:Train"))).toMatchObject({
      allowed: false,
      deniedBy: "grant_lacks_scopes",
      missing: ["Inputs:Delete", "Models:Train"],
      message: "Cannot grant Inputs:Delete and Models:Train: only scopes held on this app can be granted.",
    });
  });

  it("through a token, is bounded by the token's scopes too", () => {
    const pat: Credential = { kind: "pat", operationScopes: scopeSet("Collaborators:Add", "Inputs:Get"), endpointScopes: "all" };
    expect(mayGrantScopes(owner, scopeSet("Inputs:Get"), { credential: pat, now }).allowed).toBe(true);
    expect(mayGrantScopes(owner, scopeSet("Inputs:Get", "Predict"), { credential: pat, now })).toMatchObject({
      deniedBy: "credential_lacks_scopes",
      missing: ["Predict"],
    });
    const revoked = { ...pat, revokedAt: now };
    expect(mayGrantScopes(owner, NO_SCOPES, { credential: revoked, now })).toMatchObject({ deniedBy: "credential_revoked" });
  });

  it("needs access to the app", () => {
    expect(mayGrantScopes(compileGrants(facts()), NO_SCOPES)).toMatchObject({ deniedBy: "no_app_access" });
  });

  it("lets a team's permission be set only by someone holding the group's scopes", () => {
    const contributor = compileGrants(facts({ orgRole: "Organization Contributor" }));
    const orgUser = compileGrants(facts({ orgRole: "Organization User" }));
    const trainer = scopeSet("Models:Add", "Models:Get", "Models:Delete", "Models:Train", "Workflows:Get", "Inputs:Get", "Concepts:Get", "Predict");
    expect(mayGrantScopes(contributor, trainer).allowed).toBe(true);
    expect(mayGrantScopes(orgUser, trainer)).toMatchObject({ missing: ["Models:Add", "Models:Delete", "Models:Train"] });
  });
});

describe("mayManageCollaborator", () => {
  const worker = { scopes: scopeSet("Inputs:Get", "Predict") };
  const trainer = { scopes: scopeSet("Inputs:Get", "Models:Train") };

  it("lets a collaborator with Collaborators:Add change one whose scopes they cover, within their own", () => {
    expect(mayManageCollaborator(inviter, worker, { action: "change", scopes: scopeSet("Inputs:Get", "Inputs:Add") }).allowed).toBe(true);
    expect(mayManageCollaborator(inviter, worker, { action: "change", scopes: scopeSet("Search") })).toMatchObject({
      deniedBy: "grant_lacks_scopes",
      missing: ["Search"],
    });
  });

  it("refuses a collaborator holding scopes the actor does not hold", () => {
    expect(mayManageCollaborator(inviter, trainer, { action: "change", scopes: scopeSet("Inputs:Get") })).toMatchObject({
      allowed: false,
      deniedBy: "collaborator_not_covered",
      missing: ["Models:Train"],
    });
  });

  it("removing needs Collaborators:Delete", () => {
    expect(mayManageCollaborator(inviter, worker, { action: "remove" })).toMatchObject({
      deniedBy: "grant_lacks_scopes",
      missing: ["Collaborators:Delete"],
    });
    const remover = compileGrants(facts({ collaboratorScopes: scopeSet("Collaborators:Delete", "Inputs:Get", "Predict") }));
    expect(mayManageCollaborator(remover, worker, { action: "remove" }).allowed).toBe(true);
    expect(mayManageCollaborator(remover, trainer, { action: "remove" })).toMatchObject({ deniedBy: "collaborator_not_covered" });
  });

  it("owners and Admins manage every collaborator; nobody manages the owner as a collaborator", () => {
    const everything = { scopes: APP_SCOPES };
    for (const actor of [owner, admin, compileGrants(facts({ orgRole: "Organization Contributor" }))]) {
      expect(mayManageCollaborator(actor, everything, { action: "remove" }).allowed).toBe(true);
      expect(mayManageCollaborator(actor, everything, { action: "change", scopes: NO_SCOPES }).allowed).toBe(true);
    }
    for (const actor of [owner, admin, inviter]) {
      expect(mayManageCollaborator(actor, { scopes: ALL_SCOPES, isAppOwner: true }, { action: "remove" })).toMatchObject({
        deniedBy: "target_is_owner",
      });
    }
  });

  it("through a token, covers only with the token's scopes", () => {
    const pat: Credential = { kind: "pat", operationScopes: scopeSet("Collaborators:Delete", "Inputs:Get"), endpointScopes: "all" };
    expect(mayManageCollaborator(owner, worker, { action: "remove" }, { credential: pat, now })).toMatchObject({
      deniedBy: "collaborator_not_covered",
      missing: ["Predict"],
    });
  });
});

describe("canAssignRole", () => {
  it("only members who manage members assign roles, and only Admins assign Admin", () => {
    for (const actor of ORG_ROLES) {
      for (const target of ORG_ROLES) {
        const decision = canAssignRole(actor, target);
        expect(decision.allowed, `${actor} → ${target}`).toBe(actor === "Admin");
      }
    }
    expect(canAssignRole("Organization Contributor", "Admin")).toMatchObject({ deniedBy: "capability_not_granted" });
    expect(canAssignRole(null, "Organization User")).toMatchObject({ deniedBy: "not_org_member" });
    expect(canAssignRole("Admin", "Admin")).toEqual({ allowed: true, grantedBy: ["org_role"] });
    expect(canAssignRole("Admin", "Team Contributor", "Admin").allowed).toBe(true);
  });
});

describe("canGrantTeamSeats", () => {
  it("needs both managing members and managing teams: Admins only", () => {
    for (const actor of ORG_ROLES) expect(canGrantTeamSeats(actor).allowed, actor).toBe(actor === "Admin");
    // An Organization Contributor manages teams but not members; nobody else manages either.
    expect(canGrantTeamSeats("Organization Contributor")).toMatchObject({ deniedBy: "capability_not_granted" });
    expect(canGrantTeamSeats(null)).toMatchObject({ deniedBy: "not_org_member" });
  });
});

describe("granting within one's endpoints", () => {
  const restrictedInviter = compileGrants(
    facts({ collaboratorScopes: scopeSet("Collaborators:Add", "Inputs:Get", "Predict", "Models:Get"), collaboratorEndpoints: ["ListInputs", "GetInput"] }),
  );

  it("a collaborator restricted to some endpoints cannot open others", () => {
    expect(mayGrantScopes(restrictedInviter, scopeSet("Inputs:Get"), undefined, ["ListInputs"]).allowed).toBe(true);
    expect(mayGrantScopes(restrictedInviter, scopeSet("Inputs:Get"), undefined, ["ListInputs", "GetInput"]).allowed).toBe(true);
    expect(mayGrantScopes(restrictedInviter, scopeSet("Inputs:Get"))).toMatchObject({ allowed: false, deniedBy: "endpoint_not_in_grant" });
    expect(mayGrantScopes(restrictedInviter, scopeSet("Predict", "Models:Get"), undefined, ["PostModelOutputs"])).toMatchObject({ deniedBy: "endpoint_not_in_grant" });
  });

  it("listing an endpoint whose scopes are not granted opens nothing, so it is allowed", () => {
    expect(mayGrantScopes(restrictedInviter, scopeSet("Inputs:Get"), undefined, ["ListInputs", "PostModelOutputs"]).allowed).toBe(true);
  });

  it("managing a collaborator needs reaching every endpoint they may call", () => {
    const everywhere = { scopes: scopeSet("Inputs:Get") };
    expect(mayManageCollaborator(restrictedInviter, everywhere, { action: "change", scopes: scopeSet("Inputs:Get"), endpoints: ["ListInputs"] })).toMatchObject({ deniedBy: "collaborator_not_covered" });
    expect(mayManageCollaborator(restrictedInviter, { scopes: scopeSet("Inputs:Get"), endpoints: ["GetInput"] }, { action: "change", scopes: scopeSet("Inputs:Get"), endpoints: ["ListInputs"] }).allowed).toBe(true);
  });
});
