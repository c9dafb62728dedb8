import { describe, expect, it } from "vitest";
import { scopeSet } from "./scopeset";
import {
  ORG_ROLES,
  appAuditLogReach,
  auditLogReach,
  auditResourceOf,
  compileGrants,
  evaluateAppAuditLogView,
  evaluateAuditLogView,
  isFinanceAuditAction,
  mayReadAuditAction,
  type OrgRole,
} from "./index";

// The table: Admins read every event, Financial Managers the plan, budget and statement
// events, every other role none of the organization's log.
const EXPECTED_REACH: Record<OrgRole, "all" | "finance" | null> = {
  Admin: "all",
  "Financial Manager": "finance",
  "Organization Contributor": null,
  "Organization User": null,
  "Team Contributor": null,
  "Infrastructure Manager": null,
};

describe("audit log reach", () => {
  it.each(ORG_ROLES)("%s", (role) => {
    expect(auditLogReach(role)).toBe(EXPECTED_REACH[role]);
    const decision = evaluateAuditLogView(role);
    expect(decision.allowed).toBe(EXPECTED_REACH[role] !== null);
    if (!decision.allowed) {
      expect(decision.deniedBy).toBe("capability_not_granted");
      expect(decision.message).toContain(role);
    }
  });

  it("refuses outsiders as non-members", () => {
    expect(auditLogReach(null)).toBeNull();
    expect(evaluateAuditLogView(null)).toMatchObject({ allowed: false, deniedBy: "not_org_member" });
  });
});

describe("finance events", () => {
  it.each([
    ["plan.updated", true],
    ["budget.created", true],
    ["budget.alert_sent", true],
    ["statement.closed", true],
    ["member.role_changed", false],
    ["planner.updated", false],
    ["budgets.created", false],
    ["app.plan_changed", false],
    ["plan", true],
    ["", false],
  ])("%s → %s", (action, finance) => {
    expect(isFinanceAuditAction(action)).toBe(finance);
  });

  it("names the resource before the first dot", () => {
    expect(auditResourceOf("collaborator_invitation.voided")).toBe("collaborator_invitation");
    expect(auditResourceOf("a.b.c")).toBe("a");
    expect(auditResourceOf("demo")).toBe("demo");
  });

  it("lets each reach read exactly its actions", () => {
    expect(mayReadAuditAction("all", "member.removed")).toBe(true);
    expect(mayReadAuditAction("all", "budget.created")).toBe(true);
    expect(mayReadAuditAction("finance", "budget.created")).toBe(true);
    expect(mayReadAuditAction("finance", "member.removed")).toBe(false);
    expect(mayReadAuditAction(null, "budget.created")).toBe(false);
    expect(mayReadAuditAction("except_finance", "member.removed")).toBe(true);
    expect(mayReadAuditAction("except_finance", "budget.created")).toBe(false);
  });
});

describe("an app's own audit log", () => {
  const grants = (facts: Partial<Parameters<typeof compileGrants>[0]>) =>
    compileGrants({ appId: "app", isOwner: false, orgRole: null, teamGroups: [], collaboratorScopes: null, ...facts });

  it("opens to those who administer the app", () => {
    expect(evaluateAppAuditLogView(grants({ isOwner: true })).allowed).toBe(true);
    expect(evaluateAppAuditLogView(grants({ orgRole: "Admin" })).allowed).toBe(true);
    expect(evaluateAppAuditLogView(grants({ orgRole: "Organization Contributor" })).allowed).toBe(true);
  });

  it("stays closed to those who only use or contribute to it", () => {
    for (const facts of [
      { orgRole: "Organization User" as const },
      { orgRole: "Team Contributor" as const, teamGroups: [{ teamId: "t", group: "Full Access" as const }] },
      { collaboratorScopes: scopeSet("Collaborators:Add", "Collaborators:Get", "Collaborators:Delete", "Inputs:Get") },
    ]) {
      const decision = evaluateAppAuditLogView(grants(facts));
      expect(decision).toMatchObject({ allowed: false, deniedBy: "capability_not_granted" });
      if (!decision.allowed) expect(decision.message).toMatch(/administer this app/);
    }
  });

  it("shows finance events about the app only to those who view the organization's financial data", () => {
    expect(appAuditLogReach(grants({ isOwner: true }))).toBe("all");
    expect(appAuditLogReach(grants({ orgRole: "Admin" }))).toBe("all");
    expect(appAuditLogReach(grants({ orgRole: "Organization Contributor" }))).toBe("except_finance");
    expect(appAuditLogReach(grants({ orgRole: "Organization User" }))).toBeNull();
    expect(appAuditLogReach(grants({ orgRole: "Financial Manager" }))).toBeNull();
  });

  it("answers no access for people the app does not reach", () => {
    expect(evaluateAppAuditLogView(grants({ orgRole: "Financial Manager" }))).toMatchObject({ allowed: false, deniedBy: "no_app_access" });
  });
});
