// Decisions that rest on who the actor is rather than on scopes: belonging to an organization,
// leaving an app one collaborates on, moving one's personal app into an organization, answering an
// invitation. The identity facts (is the owner, the address matches, the address is verified) are
// read by the caller and given here; the rule is decided here only.

import { evaluateOrgCapability, type Decision } from "./decide";
import type { Grants } from "./grants";
import type { OrgRole } from "./roles";

function refuse(deniedBy: "not_org_member" | "capability_not_granted", message: string): Decision {
  return Object.freeze({ allowed: false as const, deniedBy, missing: Object.freeze([]), message });
}

const ALLOWED: Decision = Object.freeze({ allowed: true as const, grantedBy: Object.freeze([]) });

/** The role that administers an organization: its creator gets it, and one member always keeps it. */
export const ADMIN_ROLE: OrgRole = "Admin";

/**
 * Does a change of one member's role (to `nextRole`; null: they leave or are removed) keep an Admin
 * in the organization? `admins` is the count read under the organization's lock.
 */
export function evaluateAdminRetention(change: { readonly currentRole: OrgRole; readonly nextRole: OrgRole | null; readonly admins: number; readonly leaving?: boolean }): Decision {
  if (change.currentRole !== ADMIN_ROLE || change.nextRole === ADMIN_ROLE || change.admins > 1) return ALLOWED;
  return Object.freeze({
    allowed: false as const,
    deniedBy: "last_admin" as const,
    missing: Object.freeze([]),
    message: change.leaving
      ? "You are the last Admin: make another member an Admin before leaving."
      : "An organization must keep at least one Admin. Make another member an Admin first.",
  });
}

/** Any member may read the organization (its members, teams, apps they reach) and may leave it. */
export function evaluateMembership(role: OrgRole | null): Decision {
  return role === null ? refuse("not_org_member", "Not a member of this organization.") : ALLOWED;
}

/** Any access to the app at all (some layer applies): enough to read what concerns oneself there. */
export function evaluateAppAccess(grants: Grants): Decision {
  return grants.hasAccess ? ALLOWED : Object.freeze({ allowed: false as const, deniedBy: "no_app_access" as const, missing: Object.freeze([]), message: "No access to this app." });
}

/** Leaving an app is for its collaborators (the owner cannot leave their own app; members leave the org instead). */
export function evaluateLeaveApp(grants: Grants): Decision {
  return grants.facts.collaboratorScopes !== null && !grants.facts.isOwner
    ? ALLOWED
    : refuse("capability_not_granted", "Only a collaborator can leave an app.");
}

/**
 * Moving a personal app into an organization: only its owner, and only into an organization where
 * they may create apps.
 */
export function evaluateAppTransfer(source: Grants, targetOrgRole: OrgRole | null): Decision {
  if (!source.facts.isOwner) return refuse("capability_not_granted", "Only the owner of a personal app can transfer it into an organization.");
  return evaluateOrgCapability(targetOrgRole, "app.create");
}

/** The facts about an invitation's address and the person answering it. */
export interface InvitationAnswerFacts {
  /** The signed-in account's email is the invited address. */
  readonly addressMatches: boolean;
  /** The answer comes through the emailed link, which proves control of the address. */
  readonly throughLink: boolean;
  /** The account's address is verified. */
  readonly addressVerified: boolean;
}

/**
 * May this account answer the invitation? Only for the invited address, and — in the console,
 * without the link — only once that address is verified: grants addressed by email reach only
 * verified addresses.
 */
export function evaluateInvitationAnswer(facts: InvitationAnswerFacts): Decision {
  if (!facts.addressMatches) return refuse("capability_not_granted", "This invitation was sent to a different email address. Sign in with that address to answer it.");
  if (!facts.throughLink && !facts.addressVerified) {
    return refuse("capability_not_granted", "Verify your email address before answering invitations here, or use the link in the invitation email.");
  }
  return ALLOWED;
}
