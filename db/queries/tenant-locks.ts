// The locks the operation runner takes before it reads an actor's authority, so that a change of
// that authority committed first is seen and one attempted later waits for the operation.

import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, organizations } from "@/db/schema";
import type { OrgRole } from "@/lib/authz";

/** Locks the organization row for update; false when the organization is gone. */
export async function lockOrganization(tx: DbOrTx, { orgId }: { orgId: string }): Promise<boolean> {
  const [locked] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId)).for("update");
  return locked !== undefined;
}

/** The user's role in the organization, share-locked (null: not a member). */
export async function shareLockMembership(tx: DbOrTx, { orgId, userId }: { orgId: string; userId: string }): Promise<OrgRole | null> {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .for("share");
  return row?.role ?? null;
}
