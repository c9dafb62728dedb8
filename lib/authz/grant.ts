// No escalation: whoever grants scopes (inviting or editing a collaborator, creating a key, setting a
// team's permission) grants only what they hold on that app; collaborators are managed only by those
// who hold every scope the collaborator has; only an Admin assigns (or takes away) Admin.
//
// These checks answer "may the actor grant this?"; whether the actor may perform the surrounding
// action at all (e.g. PostCollaborators, teams.manage) is a separate evaluate* call.

import type { OperationScope } from "./catalog";
import { compileCredential, credentialAllowsEndpoint, SESSION, type CompiledCredential, type Credential } from "./credential";
import { decideScopes, effectiveScopeSet, evaluateOrgCapability, type Decision } from "./decide";
import { ENDPOINT_COUNT, ENDPOINTS, findEndpoint, type Endpoint } from "./endpoints";
import { scopesAtEndpoint, type Grants } from "./grants";
import { APP_ADMINISTRATION_SCOPES, type OrgRole } from "./roles";
import { NO_SCOPES, intersectScopes, isSubsetOf, scopeListText, scopeNames, scopeSet, subtractScopes, type ScopeSet } from "./scopeset";

/** The credential the actor acts through; omitted: a browser session (the actor's full grants). */
export interface ActingCredential {
  readonly credential: Credential | CompiledCredential;
  readonly now: Date;
}

function denied(deniedBy: "collaborator_not_covered" | "target_is_owner" | "admin_only", message: string, missing: readonly OperationScope[] = []): Decision {
  return Object.freeze({ allowed: false as const, deniedBy, missing: Object.freeze([...missing]), message });
}

const SESSION_NOW: ActingCredential = Object.freeze({ credential: SESSION, now: new Date(0) });

/** Endpoint scopes of a grant: "all", or a list of endpoint names (unknown names allow nothing). */
export type GrantedEndpoints = "all" | readonly string[];

/**
 * The first endpoint the grant (`requested` on `endpoints`) would let its holder call that the actor
 * cannot call on this app through `via`; null when there is none. A holder can call an endpoint when
 * its list includes it and the requested scopes cover what it needs (a visual search included).
 * Introspection open on apps (MyScopes) is never beyond: anyone reaching the app may call it.
 */
function endpointBeyondActor(actor: Grants, requested: ScopeSet, endpoints: GrantedEndpoints, via: CompiledCredential): Endpoint | null {
  // A grant never administers the app, so app-administration scopes in it open no endpoint.
  const opening = subtractScopes(requested, APP_ADMINISTRATION_SCOPES);
  const listed = endpoints === "all" ? null : new Set(endpoints.map((name) => findEndpoint(name)?.index));
  for (let index = 0; index < ENDPOINT_COUNT; index++) {
    const entry = findEndpoint(ENDPOINTS[index]!.name)!;
    if ((listed !== null && !listed.has(index)) || entry.openOnApp) continue;
    const granted = credentialAllowsEndpoint(via, index) ? scopesAtEndpoint(actor, index) : null;
    for (const needs of [entry.needs, entry.visualQueryNeeds]) {
      if (!isSubsetOf(needs, opening)) continue;
      if (granted === null || !isSubsetOf(needs, intersectScopes(granted, via.operationScopes))) return entry.endpoint;
    }
  }
  return null;
}

/**
 * May the actor grant `requested` on `endpoints` of this app? Allowed iff every requested scope is in
 * what the actor holds there (grants ∩ the acting credential's scopes), and every endpoint the grant
 * would open is one the actor may call (an actor whose own grant or credential is limited to some
 * endpoints cannot open others). Omitting `endpoints` asks for every endpoint.
 */
export function mayGrantScopes(actor: Grants, requested: ScopeSet, via: ActingCredential = SESSION_NOW, endpoints: GrantedEndpoints = "all"): Decision {
  const scopes = decideScopes(actor, via.credential, requested, via.now, (lacking, missing) =>
    lacking === "grant"
      ? `Cannot grant ${scopeListText(missing)}: only scopes held on this app can be granted.`
      : `Cannot grant ${scopeListText(missing)}: the credential in use does not carry ${scopeNames(missing).length === 1 ? "it" : "them"}.`,
  );
  if (!scopes.allowed) return scopes;
  const beyond = endpointBeyondActor(actor, requested, endpoints, compileCredential(via.credential));
  if (beyond !== null) {
    return Object.freeze({
      allowed: false as const,
      deniedBy: "endpoint_not_in_grant" as const,
      missing: Object.freeze([]),
      message: `Cannot grant access to ${beyond.method}: it is not an endpoint the actor may call on this app. Restrict the endpoints to those you may call.`,
    });
  }
  return scopes;
}

/** The collaborator being changed or removed. */
export interface CollaboratorTarget {
  readonly scopes: ScopeSet;
  /** The collaborator's endpoint scopes; absent: every endpoint. */
  readonly endpoints?: GrantedEndpoints;
  /** The target owns the app: an owner's access is never managed as a collaborator's. */
  readonly isAppOwner?: boolean;
}

export type CollaboratorChange =
  | { readonly action: "remove" }
  | { readonly action: "change"; readonly scopes: ScopeSet; /** absent: every endpoint */ readonly endpoints?: GrantedEndpoints };

const COLLABORATORS_ADD = scopeSet("Collaborators:Add");
const COLLABORATORS_DELETE = scopeSet("Collaborators:Delete");

/**
 * May the actor change (to `change.scopes`) or remove this collaborator? Needs Collaborators:Add
 * (change) or Collaborators:Delete (remove), holding every scope the collaborator has now, and for a
 * change holding every new scope too. Owners, Admins and Organization Contributors hold every scope,
 * so with a session they may manage any collaborator (the matrix's "edit collaborators").
 */
export function mayManageCollaborator(
  actor: Grants,
  collaborator: CollaboratorTarget,
  change: CollaboratorChange,
  via: ActingCredential = SESSION_NOW,
): Decision {
  if (collaborator.isAppOwner === true) {
    return denied("target_is_owner", "The app owner's access cannot be changed or removed by a collaborator.");
  }
  const needed = change.action === "remove" ? COLLABORATORS_DELETE : COLLABORATORS_ADD;
  const verb = change.action === "remove" ? "remove" : "change";
  const permitted = decideScopes(actor, via.credential, needed, via.now, (lacking, missing) =>
    lacking === "grant"
      ? `Cannot ${verb} collaborators without ${scopeListText(missing)} on this app.`
      : `Cannot ${verb} collaborators: the credential in use lacks ${scopeListText(missing)}.`,
  );
  if (!permitted.allowed) return permitted;

  const held = effectiveScopeSet(actor, compileCredential(via.credential), via.now);
  const uncovered = subtractScopes(collaborator.scopes, held);
  if (uncovered !== NO_SCOPES) {
    return denied(
      "collaborator_not_covered",
      `Cannot ${verb} a collaborator holding ${scopeListText(uncovered)}, which the actor does not hold on this app.`,
      scopeNames(uncovered),
    );
  }
  const compiled = compileCredential(via.credential);
  const beyond = endpointBeyondActor(actor, collaborator.scopes, collaborator.endpoints ?? "all", compiled);
  if (beyond !== null) {
    return denied("collaborator_not_covered", `Cannot ${verb} a collaborator who may call ${beyond.method}, which the actor may not call on this app.`);
  }
  return change.action === "change" ? mayGrantScopes(actor, change.scopes, via, change.endpoints ?? "all") : permitted;
}

/**
 * May a member with `actorRole` give `targetRole` to someone (inviting, or changing a role whose
 * current value is `currentRole`)? Needs members.manage; only an Admin assigns Admin or changes an
 * Admin's role. (Keeping at least one Admin is the database's invariant, not this check's.)
 */
export function canAssignRole(actorRole: OrgRole | null, targetRole: OrgRole, currentRole: OrgRole | null = null): Decision {
  const manages = evaluateOrgCapability(actorRole, "members.manage");
  if (!manages.allowed) return manages;
  if (actorRole !== "Admin" && (targetRole === "Admin" || currentRole === "Admin")) {
    return denied("admin_only", "Only an Admin can make someone an Admin or change an Admin's role.");
  }
  return manages;
}

/**
 * May a member with `actorRole` seat someone on the organization's teams as part of making them a
 * member (an invitation's teams, reinstating a removed member's seats)? Needs members.manage, which
 * adds the member, and teams.manage, which adds members to teams. Decided again when the seats are
 * granted: an invitation's teams count only if its sender still may.
 */
export function canGrantTeamSeats(actorRole: OrgRole | null): Decision {
  const manages = evaluateOrgCapability(actorRole, "members.manage");
  if (!manages.allowed) return manages;
  return evaluateOrgCapability(actorRole, "teams.manage");
}
