// The apps a user collaborates on (their collaborator rows, across apps), for the API's
// ListCollaborations. Within one user; nothing here decides.

import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apps, collaborators, organizations, users } from "@/db/schema";

export type CollaborationRow = {
  app: { appId: string; name: string; description: string; notes: string; visibility: "private" | "public"; ownerHandle: string; createdAt: Date };
  scopes: string[];
  endpointScopes: string[] | null;
  createdAt: Date;
};

/** A page of the user's collaborations, newest first. */
export async function listCollaborationsOf(
  db: DbOrTx,
  { userId, limit, offset, onlyApps = null }: { userId: string; limit: number; offset: number; /** Only these apps (ids); null: all. */ onlyApps?: readonly string[] | null },
): Promise<CollaborationRow[]> {
  return db
    .select({
      app: {
        appId: apps.appId,
        name: apps.name,
        description: apps.description,
        notes: apps.notes,
        visibility: apps.visibility,
        ownerHandle: sql<string>`coalesce(${users.handle}, ${organizations.handle})`,
        createdAt: apps.createdAt,
      },
      scopes: collaborators.scopes,
      endpointScopes: collaborators.endpointScopes,
      createdAt: collaborators.createdAt,
    })
    .from(collaborators)
    .innerJoin(apps, eq(apps.id, collaborators.appId))
    .leftJoin(users, eq(users.id, apps.ownerUserId))
    .leftJoin(organizations, eq(organizations.id, apps.ownerOrgId))
    .where(and(eq(collaborators.userId, userId), onlyApps === null ? undefined : inArray(collaborators.appId, onlyApps.length > 0 ? [...onlyApps] : [""])))
    .orderBy(desc(collaborators.createdAt), desc(collaborators.id))
    .limit(limit)
    .offset(offset);
}
