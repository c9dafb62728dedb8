// Reads about an app's collaborators: the list as a viewer sees it (with what lib/authz lets the
// viewer do to each) and an invitation as its link shows it. Changes are operations
// (lib/operations/collaborators.ts).

import type { DbOrTx } from "@/db/client";
import { findAppWithOwnerHandles } from "@/db/queries/apps";
import { findInvitationByTokenHash, listPendingInvitations } from "@/db/queries/collaborator-invitations";
import { listCollaborators } from "@/db/queries/collaborators";
import { GRANT_KIND_SCOPES, evaluateCollaboratorManagement, intersectScopes, mayGrantScopes, mayManageCollaborator, parseScopes, scopeNames, scopeSet } from "@/lib/authz";
import { sha256Hex } from "@/lib/secrets";
import type { AppAccess } from "./access";

export type CollaboratorInvitationView = { appName: string; appPath: string; email: string; scopes: string[]; status: string; voidReason: string | null; expired: boolean };

export async function describeCollaboratorInvitation(db: DbOrTx, token: string): Promise<CollaboratorInvitationView | null> {
  // The same bound as accepting the invitation (lib/operations/collaborators.ts): nothing longer is looked up.
  if (!token || token.length > 200) return null;
  const invitation = await findInvitationByTokenHash(db, { tokenHash: sha256Hex(token) });
  if (!invitation) return null;
  const app = await findAppWithOwnerHandles(db, { appRef: invitation.appId });
  if (!app) return null;
  return {
    appName: app.name,
    appPath: `/${app.userHandle ?? app.orgHandle}/${app.appId}`,
    email: invitation.email,
    scopes: invitation.scopes,
    status: invitation.status,
    voidReason: invitation.voidReason,
    expired: invitation.expiresAt.getTime() <= Date.now(),
  };
}

export type CollaboratorListing = {
  rows: {
    userId: string;
    name: string;
    handle: string;
    email: string;
    scopes: ReturnType<typeof scopeNames>;
    endpointScopes: string[] | null;
    addedBy: string | null;
    createdAt: string;
    mayChange: boolean;
    mayRemove: boolean;
  }[];
  /**
   * Pending invitations by email, for viewers who may add collaborators (empty for others), with
   * whether the viewer may re-send (grant all of it now) or rescind (cover all of it) each.
   */
  invitations: {
    id: string;
    email: string;
    scopes: ReturnType<typeof scopeNames>;
    endpointScopes: string[] | null;
    invitedBy: string | null;
    createdAt: string;
    expiresAt: string;
    expired: boolean;
    mayResend: boolean;
    mayRescind: boolean;
  }[];
  mayAdd: boolean;
  /** What a collaborator grant can carry (the picker shows only these). */
  offered: ReturnType<typeof scopeNames>;
  /** What the viewer may grant here (the picker disables the rest). */
  grantable: ReturnType<typeof scopeNames>;
};

/**
 * What a collaborator grant can carry (lib/authz: every operation scope of an app but app
 * administration, which is never counted from a collaboration — offering it would offer nothing).
 */
const COLLABORATOR_SCOPES = scopeSet(...GRANT_KIND_SCOPES.collaborator);

/** The app's collaborators as the viewer sees them, with what lib/authz lets the viewer do to each. */
export async function listCollaboratorsForViewer(db: DbOrTx, access: AppAccess, now = new Date()): Promise<CollaboratorListing> {
  const mayAdd = evaluateCollaboratorManagement(access.grants, "add").allowed;
  const [rows, pending] = await Promise.all([listCollaborators(db, { appRef: access.app.id }), mayAdd ? listPendingInvitations(db, { appRef: access.app.id }) : []]);
  const may = (action: "change" | "remove") => evaluateCollaboratorManagement(access.grants, action).allowed;
  return {
    mayAdd,
    offered: scopeNames(COLLABORATOR_SCOPES),
    grantable: scopeNames(intersectScopes(access.grants.scopes, COLLABORATOR_SCOPES)),
    invitations: pending.map((invitation) => {
      const grant = { scopes: parseScopes(invitation.scopes).scopes, endpoints: invitation.endpointScopes ?? ("all" as const) };
      return {
        id: invitation.id,
        email: invitation.email,
        scopes: scopeNames(grant.scopes),
        endpointScopes: invitation.endpointScopes,
        invitedBy: invitation.invitedBy,
        createdAt: invitation.createdAt.toISOString(),
        expiresAt: invitation.expiresAt.toISOString(),
        expired: invitation.expiresAt <= now,
        mayResend: mayGrantScopes(access.grants, grant.scopes, undefined, grant.endpoints).allowed,
        mayRescind: may("remove") && mayManageCollaborator(access.grants, grant, { action: "remove" }).allowed,
      };
    }),
    rows: rows.map((row) => {
      const endpoints = row.collaborator.endpointScopes ?? ("all" as const);
      const target = { scopes: parseScopes(row.collaborator.scopes).scopes, endpoints, isAppOwner: access.app.ownerUserId === row.collaborator.userId };
      return {
        userId: row.collaborator.userId,
        name: row.name,
        handle: row.handle,
        email: row.email,
        scopes: scopeNames(target.scopes),
        endpointScopes: row.collaborator.endpointScopes,
        addedBy: row.addedBy,
        createdAt: row.collaborator.createdAt.toISOString(),
        mayChange: may("change") && mayManageCollaborator(access.grants, target, { action: "change", scopes: target.scopes, endpoints }).allowed,
        mayRemove: may("remove") && mayManageCollaborator(access.grants, target, { action: "remove" }).allowed,
      };
    }),
  };
}
