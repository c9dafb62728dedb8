// Reads about an app's collaborators: the list as a viewer sees it (with what lib/authz lets the
// viewer do to each) and an invitation as its link shows it. Changes are operations
// (lib/operations/collaborators.ts).

import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { apps, collaboratorInvitations, collaborators, organizations, users } from "@/db/schema";
import { evaluateCollaboratorManagement, mayManageCollaborator, parseScopes, scopeNames } from "@/lib/authz";
import { sha256Hex } from "@/lib/secrets";
import type { AppAccess } from "./access";

export type CollaboratorInvitationView = { appName: string; appPath: string; email: string; scopes: string[]; status: string; voidReason: string | null; expired: boolean };

async function invitationByToken(db: DbOrTx, token: string) {
  if (!token || token.length > 200) return null;
  const [row] = await db.select().from(collaboratorInvitations).where(eq(collaboratorInvitations.tokenHash, sha256Hex(token)));
  return row ?? null;
}

export async function describeCollaboratorInvitation(db: DbOrTx, token: string): Promise<CollaboratorInvitationView | null> {
  const invitation = await invitationByToken(db, token);
  if (!invitation) return null;
  const [app] = await db
    .select({ name: apps.name, appId: apps.appId, userHandle: users.handle, orgHandle: organizations.handle })
    .from(apps)
    .leftJoin(users, eq(users.id, apps.ownerUserId))
    .leftJoin(organizations, eq(organizations.id, apps.ownerOrgId))
    .where(eq(apps.id, invitation.appId));
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
  mayAdd: boolean;
  /** What the viewer may grant here (the picker disables the rest). */
  grantable: ReturnType<typeof scopeNames>;
};

/** The app's collaborators as the viewer sees them, with what lib/authz lets the viewer do to each. */
export async function listCollaboratorsForViewer(db: DbOrTx, access: AppAccess): Promise<CollaboratorListing> {
  const addedBy = alias(users, "added_by_user");
  const rows = await db
    .select({ collaborator: collaborators, name: users.name, handle: users.handle, email: users.email, addedBy: addedBy.handle })
    .from(collaborators)
    .innerJoin(users, eq(users.id, collaborators.userId))
    .leftJoin(addedBy, eq(addedBy.id, collaborators.addedBy))
    .where(eq(collaborators.appId, access.app.id))
    .orderBy(asc(users.name));
  const may = (action: "change" | "remove") => evaluateCollaboratorManagement(access.grants, action).allowed;
  return {
    mayAdd: evaluateCollaboratorManagement(access.grants, "add").allowed,
    grantable: scopeNames(access.grants.scopes),
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
