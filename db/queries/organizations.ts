// Organizations as their members see them. The lists start from the user (the tenant is found
// here, through the membership); everything else names the organization.
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { handles, memberships, organizations } from "@/db/schema";
import type { OrgRole } from "@/lib/authz";
import { handleKey } from "@/lib/validation/common";

export type OrganizationSummary = { id: string; handle: string; name: string; role: OrgRole };

/** The organizations the user belongs to, with their role in each. */
export async function listMyOrganizations(db: DbOrTx, { userId }: { userId: string }): Promise<OrganizationSummary[]> {
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
export async function findOrganizationForMember(db: DbOrTx, { userId, handle }: { userId: string; handle: string }): Promise<OrganizationOverview | null> {
  const [row] = await db
    .select({ id: organizations.id, handle: organizations.handle, name: organizations.name, role: memberships.role, createdAt: organizations.createdAt, memberCount: organizations.memberCount })
    .from(organizations)
    .innerJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.userId, userId)))
    .where(eq(organizations.handleKey, handleKey(handle)));
  return row ?? null;
}

/** The organization's display name; null when it does not exist. */
export async function getOrganizationName(db: DbOrTx, { orgId }: { orgId: string }): Promise<string | null> {
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
  return org?.name ?? null;
}

/** Claims the handle and creates the organization with `adminUserId` as its first member, in `role`. */
export async function insertOrganization(
  tx: DbOrTx,
  org: { id: string; handle: string; handleKey: string; name: string; adminUserId: string; role: OrgRole },
): Promise<void> {
  await tx.insert(handles).values({ key: org.handleKey, kind: "org" });
  await tx.insert(organizations).values({ id: org.id, handle: org.handle, handleKey: org.handleKey, name: org.name, createdBy: org.adminUserId });
  await tx.insert(memberships).values({ orgId: org.id, userId: org.adminUserId, role: org.role });
}
