// Who may ask "why can't X do Y?" about whom, and who may see a person's credentials in the answer.
// The explainer must not become a directory: about anyone but oneself it answers only viewers who
// may see the app's "who has access" list, and only about people that list (or a pending invitation
// the viewer can see) already shows. Everyone else gets one answer, whether an account exists or not.

import { evaluateAppCapability, type Decision } from "./decide";
import type { Grants } from "./grants";
import type { OrgRole } from "./roles";

/** The person asked about, as the viewer may know them. */
export interface ExplainSubject {
  /** The viewer asks about themself. */
  readonly isViewer: boolean;
  /** The person appears on the app's "who has access" list or among its pending invitations. */
  readonly appearsOnApp: boolean;
}

export const NOT_EXPLAINABLE_MESSAGE =
  "No one with this email appears among the people with access to this app or its pending invitations that you may see.";

function refuse(message: string): Decision {
  return Object.freeze({ allowed: false as const, deniedBy: "capability_not_granted" as const, missing: Object.freeze([]), message });
}

const SELF: Decision = Object.freeze({ allowed: true as const, grantedBy: Object.freeze([]) });

/**
 * May the viewer (with these grants on the app) see an explanation of the subject's access? Always
 * about themself; about others only with the right to see the app's collaborators and only for
 * people already shown there. The refusal for an unlisted person does not depend on whether an
 * account uses the address.
 */
export function evaluateExplainSubject(viewer: Grants, subject: ExplainSubject): Decision {
  if (subject.isViewer) return SELF;
  const sees = evaluateAppCapability(viewer, "app.view_collaborators");
  if (!sees.allowed) return refuse("You can only explain your own access on this app.");
  if (!subject.appearsOnApp) return refuse(NOT_EXPLAINABLE_MESSAGE);
  return sees;
}

/** May the viewer see the names, hints and scopes of the subject's credentials? Their owner and Admins only. */
export function evaluateCredentialDetails(viewerOrgRole: OrgRole | null, subject: { readonly isViewer: boolean }): Decision {
  if (subject.isViewer || viewerOrgRole === "Admin") return SELF;
  return refuse("Token details are shown only to their owner and to Admins.");
}
