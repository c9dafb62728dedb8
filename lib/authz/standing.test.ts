import { describe, expect, it } from "vitest";
import { compileGrants, type AccessFacts } from "./index";
import { evaluateAdminRetention, evaluateAppTransfer, evaluateInvitationAnswer, evaluateLeaveApp, evaluateMembership } from "./standing";
import { scopeSet } from "./scopeset";

const facts = (overrides: Partial<AccessFacts> = {}): AccessFacts => ({ appId: "app-1", isOwner: false, orgRole: null, teamGroups: [], collaboratorScopes: null, ...overrides });

describe("decisions about who the actor is", () => {
  it("membership: any role, never an outsider", () => {
    expect(evaluateMembership("Financial Manager").allowed).toBe(true);
    expect(evaluateMembership(null)).toMatchObject({ allowed: false, deniedBy: "not_org_member" });
  });

  it("leaving an app is for collaborators, not its owner", () => {
    expect(evaluateLeaveApp(compileGrants(facts({ collaboratorScopes: scopeSet("Inputs:Get") }))).allowed).toBe(true);
    expect(evaluateLeaveApp(compileGrants(facts({ isOwner: true, collaboratorScopes: scopeSet("Inputs:Get") }))).allowed).toBe(false);
    expect(evaluateLeaveApp(compileGrants(facts({ orgRole: "Admin" }))).allowed).toBe(false);
  });

  it("transferring a personal app: its owner, into an organization where they may create apps", () => {
    const owner = compileGrants(facts({ isOwner: true }));
    expect(evaluateAppTransfer(owner, "Organization Contributor").allowed).toBe(true);
    expect(evaluateAppTransfer(owner, "Organization User")).toMatchObject({ allowed: false, deniedBy: "capability_not_granted" });
    expect(evaluateAppTransfer(owner, null)).toMatchObject({ allowed: false, deniedBy: "not_org_member" });
    expect(evaluateAppTransfer(compileGrants(facts({ collaboratorScopes: scopeSet("Inputs:Get") })), "Admin")).toMatchObject({ allowed: false, deniedBy: "capability_not_granted" });
  });

  it("answering an invitation: the invited address, verified unless the emailed link is used", () => {
    expect(evaluateInvitationAnswer({ addressMatches: true, throughLink: true, addressVerified: false }).allowed).toBe(true);
    expect(evaluateInvitationAnswer({ addressMatches: true, throughLink: false, addressVerified: true }).allowed).toBe(true);
    expect(evaluateInvitationAnswer({ addressMatches: true, throughLink: false, addressVerified: false }).allowed).toBe(false);
    expect(evaluateInvitationAnswer({ addressMatches: false, throughLink: true, addressVerified: true }).allowed).toBe(false);
  });
});

describe("an organization keeps an Admin", () => {
  it("refuses only the change that would leave none", () => {
    expect(evaluateAdminRetention({ currentRole: "Admin", nextRole: "Organization User", admins: 1 })).toMatchObject({ allowed: false, deniedBy: "last_admin" });
    expect(evaluateAdminRetention({ currentRole: "Admin", nextRole: null, admins: 1, leaving: true })).toMatchObject({ allowed: false, message: expect.stringContaining("before leaving") });
    expect(evaluateAdminRetention({ currentRole: "Admin", nextRole: null, admins: 2 }).allowed).toBe(true);
    expect(evaluateAdminRetention({ currentRole: "Organization User", nextRole: null, admins: 1 }).allowed).toBe(true);
    expect(evaluateAdminRetention({ currentRole: "Admin", nextRole: "Admin", admins: 1 }).allowed).toBe(true);
  });
});
