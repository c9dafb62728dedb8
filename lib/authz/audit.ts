// Who reads which events of the audit log. An Admin (audit.view) reads every event of the
// organization; a Financial Manager (finance.view without audit.view) reads only its finance
// events: the actions of the pricing plan, budgets and statements (`plan.*`, `budget.*`,
// `statement.*`). An app's own log (its settings) is for those who administer the app. The
// database filters by the same set (db/queries/audit-log.ts builds its SQL from
// FINANCE_AUDIT_RESOURCES), so the rule is written once.

import { evaluateAppCapability, type Decision } from "./decide";
import type { Grants } from "./grants";
import { hasOrgCapability, type AppCapability, type OrgRole } from "./roles";

/** The resources whose actions are finance events (an action is `resource.past_tense`). */
export const FINANCE_AUDIT_RESOURCES = ["plan", "budget", "statement"] as const;

export type FinanceAuditResource = (typeof FINANCE_AUDIT_RESOURCES)[number];

/** The resource an action is about: the part before its first dot (`member.role_changed` → `member`). */
export function auditResourceOf(action: string): string {
  const dot = action.indexOf(".");
  return dot < 0 ? action : action.slice(0, dot);
}

const FINANCE_RESOURCES: ReadonlySet<string> = new Set(FINANCE_AUDIT_RESOURCES);

export function isFinanceAuditAction(action: string): boolean {
  return FINANCE_RESOURCES.has(auditResourceOf(action));
}

/**
 * Which events of a log one reads: every event, only the finance events (a Financial Manager in
 * the organization's log), or all but the finance events (an app's administrators who may not
 * view the organization's financial data).
 */
export type AuditLogReach = "all" | "finance" | "except_finance";

/** The reach of a role in its organization's audit log; null: it reads none of it. */
export function auditLogReach(role: OrgRole | null): AuditLogReach | null {
  if (hasOrgCapability(role, "audit.view")) return "all";
  if (hasOrgCapability(role, "finance.view")) return "finance";
  return null;
}

function refuse(deniedBy: "not_org_member" | "capability_not_granted", message: string): Decision {
  return Object.freeze({ allowed: false as const, deniedBy, missing: Object.freeze([]), message });
}

const ALLOWED: Decision = Object.freeze({ allowed: true as const, grantedBy: Object.freeze([]) });

/** May this role open the organization's audit log at all (what it then sees: auditLogReach)? */
export function evaluateAuditLogView(role: OrgRole | null): Decision {
  if (role === null) return refuse("not_org_member", "Not a member of this organization.");
  if (auditLogReach(role) === null) {
    return refuse(
      "capability_not_granted",
      `The ${role} role may not read the audit log: Admins read every event, Financial Managers the pricing plan, budget and statement events.`,
    );
  }
  return ALLOWED;
}

/** May a reader with this reach read an event with this action? */
export function mayReadAuditAction(reach: AuditLogReach | null, action: string): boolean {
  if (reach === null) return false;
  return reach === "all" || (reach === "finance") === isFinanceAuditAction(action);
}

/**
 * The capability that opens an app's own audit log. Those who administer the app — its owner,
 * Admins and Organization Contributors of the owning organization: the matrix row "edit app ID,
 * delete app, edit collaborators, edit base workflow", whose capabilities only the owner and
 * org-role layers give. Of that row, editing collaborators is the one about who may do what on the
 * app, which is most of what its log records. Team Contributors (who only edit descriptions and
 * models of their teams' apps) and collaborators (whatever their scopes) do not read it.
 */
export const APP_AUDIT_LOG_CAPABILITY: AppCapability = "app.edit_collaborators";

/** May the holder of these grants read the app's own audit log? */
export function evaluateAppAuditLogView(grants: Grants): Decision {
  const decision = evaluateAppCapability(grants, APP_AUDIT_LOG_CAPABILITY);
  if (decision.allowed || decision.deniedBy !== "capability_not_granted") return decision;
  return refuse("capability_not_granted", "Only those who administer this app — its owner, Admins and Organization Contributors — may read its audit log.");
}

/**
 * The reach of these grants in the app's own log; null: they do not read it. Its finance events
 * (an app's budget) are for those who may view the organization's financial data, as everywhere.
 */
export function appAuditLogReach(grants: Grants): AuditLogReach | null {
  if (!evaluateAppAuditLogView(grants).allowed) return null;
  return grants.facts.isOwner || hasOrgCapability(grants.facts.orgRole, "finance.view") ? "all" : "except_finance";
}
