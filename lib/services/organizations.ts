import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { memberships, organizations } from "@/db/schema";
import type { OrgRole } from "@/lib/authz";
import { displayNameSchema, handleKey, handleSchema } from "@/lib/validation/common";

export const createOrganizationInput = z.object({
  handle: handleSchema,
  name: displayNameSchema,
});

export type OrganizationSummary = { id: string; handle: string; name: string; role: OrgRole };

/** The organizations the user belongs to, with their role in each. */
export async function listMyOrganizations(db: DbOrTx, userId: string): Promise<OrganizationSummary[]> {
  return db
    .select({ id: organizations.id, handle: organizations.handle, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(sql`lower(${organizations.name})`));
}

export type OrganizationOverview = OrganizationSummary & { memberCount: number; createdAt: Date };

/**
 * An organization as seen by one of its members; null for outsiders, so pages answer 404 and
 * do not reveal that the organization exists.
 */
export async function findOrganizationForMember(db: DbOrTx, userId: string, handle: string): Promise<OrganizationOverview | null> {
  const [row] = await db
    .select({ id: organizations.id, handle: organizations.handle, name: organizations.name, role: memberships.role, createdAt: organizations.createdAt, memberCount: organizations.memberCount })
    .from(organizations)
    .innerJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.userId, userId)))
    .where(eq(organizations.handleKey, handleKey(handle)));
  return row ?? null;
}
