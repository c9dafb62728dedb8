// Every action the audit log records (`resource.past_tense`, STYLE.md), with the name people read
// for it, and the names of the kinds of things an event is about. The code of an event is what is
// stored, filtered on and exported; the name is what the log shows. AuditInput's `action` is an
// AuditAction, so an event cannot be written under a code this table does not name.

export const AUDIT_ACTIONS = {
  "annotation.created": "Annotation created",
  "annotation.updated": "Annotation updated",
  "annotation.deleted": "Annotation deleted",
  "api.call_refused": "API call refused",
  "app.created": "App created",
  "app.details_updated": "App details updated",
  "app.renamed": "App ID changed",
  "app.visibility_changed": "App visibility changed",
  "app.transferred": "App transferred",
  "app.deleted": "App deleted",
  "budget.created": "Budget set",
  "budget.changed": "Budget changed",
  "budget.deleted": "Budget removed",
  "budget.threshold_crossed": "Budget threshold reached",
  "cluster.created": "Cluster created",
  "cluster.updated": "Cluster edited",
  "cluster.deleted": "Cluster deleted",
  "collaborator.added": "Collaborator added",
  "collaborator.invited": "Collaborator invited",
  "collaborator.scopes_changed": "Collaborator scopes changed",
  "collaborator.removed": "Collaborator removed",
  "collaborator.left": "Collaborator left the app",
  "collaborator_invitation.resent": "Collaborator invitation resent",
  "collaborator_invitation.rescinded": "Collaborator invitation rescinded",
  "collaborator_invitation.voided": "Collaborator invitation voided",
  "concept.created": "Concept created",
  "concept.renamed": "Concept renamed",
  "credential.created": "Credential created",
  "credential.renamed": "Credential renamed",
  "credential.scopes_changed": "Credential scopes changed",
  "credential.revealed": "Credential revealed",
  "credential.revoked": "Credential revoked",
  "demo.seeded": "Demo data created",
  "deployment.created": "Model deployed",
  "deployment.scaled": "Deployment scaled",
  "deployment.deleted": "Model undeployed",
  "environment.created": "Environment created",
  "environment.renamed": "Environment renamed",
  "environment.deleted": "Environment deleted",
  "input.created": "Input added",
  "input.updated": "Input updated",
  "input.deleted": "Input deleted",
  "invitation.created": "Member invited",
  "invitation.resent": "Invitation resent",
  "invitation.rescinded": "Invitation rescinded",
  "invitation.accepted": "Invitation accepted",
  "invitation.declined": "Invitation declined",
  "invitation.voided": "Invitation voided",
  "member.added": "Member added",
  "member.role_changed": "Member role changed",
  "member.removed": "Member removed",
  "member.left": "Member left the organization",
  "member.reinstated": "Removed member reinstated",
  "model.created": "Model created",
  "model.updated": "Model updated",
  "model.deleted": "Model deleted",
  "model_version.deleted": "Model version deleted",
  "nodepool.created": "Nodepool created",
  "nodepool.updated": "Nodepool scaled or edited",
  "nodepool.deleted": "Nodepool deleted",
  "organization.created": "Organization created",
  "permission_group.created": "Permission group created",
  "permission_group.updated": "Permission group changed",
  "permission_group.deleted": "Permission group deleted",
  "plan.updated": "Pricing plan changed",
  "statement.closed": "Statement closed",
  "team.created": "Team created",
  "team.renamed": "Team renamed",
  "team.deleted": "Team deleted",
  "team.member_added": "Team member added",
  "team.member_removed": "Team member removed",
  "team.app_added": "App added to team",
  "team.app_permission_changed": "Team's app permission changed",
  "team.app_removed": "App removed from team",
  "user.signed_up": "Account created",
  "user.email_verified": "Email address verified",
  "user.email_change_requested": "Email change requested",
  "user.email_change_cancelled": "Email change cancelled",
  "user.renamed": "Name changed",
  "user.password_changed": "Password changed",
  "user.password_reset_requested": "Password reset requested",
  "user.password_reset": "Password reset",
  "user.sessions_ended": "Signed out everywhere",
  "workflow.created": "Workflow created",
  "workflow.updated": "Workflow updated",
  "workflow.deleted": "Workflow deleted",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(code: string): code is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, code);
}

/** "member.role_changed" → "Member role changed"; a code this version does not know (written by another) is spelled out. */
export function auditActionName(code: string): string {
  return isAuditAction(code) ? AUDIT_ACTIONS[code] : spelledOut(code);
}

export const AUDIT_TARGET_TYPES: Readonly<Record<string, string>> = {
  annotation: "Annotation",
  app: "App",
  app_key: "App API key",
  budget: "Budget",
  cluster: "Cluster",
  concept: "Concept",
  credential: "Credential",
  deployment: "Deployment",
  email: "Email address",
  environment: "Environment",
  input: "Input",
  invitation: "Invitation",
  model: "Model",
  nodepool: "Nodepool",
  organization: "Organization",
  permission_group: "Permission group",
  personal_access_token: "Personal access token",
  plan: "Pricing plan",
  team: "Team",
  user: "User",
  workflow: "Workflow",
};

/** "permission_group" → "Permission group". */
export function auditTargetTypeName(type: string): string {
  return Object.hasOwn(AUDIT_TARGET_TYPES, type) ? AUDIT_TARGET_TYPES[type]! : spelledOut(type);
}

function spelledOut(code: string): string {
  const words = code.replace(/[._]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
