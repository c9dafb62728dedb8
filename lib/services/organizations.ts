import { and, asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { handles, memberships, organizations, users } from "@/db/schema";
import type { OrgRole } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { fail, ok, type Result } from "@/lib/result";
import { displayNameSchema, handleKey, handleSchema } from "@/lib/validation/common";
import { invalidInput } from "@/lib/validation/form";
import { recordAudit } from "./audit";
import { isUniqueViolation, runInTransaction } from "./transaction";

export const createOrganizationInput = z.object({
  handle: handleSchema,
  name: displayNameSchema,
});

export type OrganizationSummary = { id: string; handle: string; name: string; role: OrgRole };

const TAKEN = "This ID is already taken by a user or an organization.";

/** Creates an organization with its creator as the first Admin, audited in the same transaction. */
export async function createOrganization(
  db: Database,
  actor: { userId: string },
  raw: unknown,
  context: { ip?: string | null } = {},
): Promise<Result<OrganizationSummary>> {
  const parsed = createOrganizationInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { handle, name } = parsed.data;
  const key = handleKey(handle);
  const [taken] = await db.select({ key: handles.key }).from(handles).where(eq(handles.key, key));
  if (taken) return fail("conflict", "Please correct the highlighted fields.", { handle: [TAKEN] });
  const orgId = newId("org");
  try {
    return await runInTransaction(db, async (tx) => {
      const [creator] = await tx.select({ id: users.id }).from(users).where(eq(users.id, actor.userId));
      if (!creator) return fail("unauthenticated", "Your account no longer exists.");
      await tx.insert(handles).values({ key, kind: "org" });
      await tx.insert(organizations).values({ id: orgId, handle, handleKey: key, name, createdBy: actor.userId });
      await tx.insert(memberships).values({ orgId, userId: actor.userId, role: "Admin" });
      await recordAudit(tx, {
        actorUserId: actor.userId,
        orgId,
        action: "organization.created",
        targetType: "organization",
        targetId: orgId,
        after: { handle, name, admin: actor.userId },
        ip: context.ip ?? null,
      });
      return ok({ id: orgId, handle, name, role: "Admin" as const });
    });
  } catch (error) {
    if (isUniqueViolation(error, "handles_pkey")) return fail("conflict", "Please correct the highlighted fields.", { handle: [TAKEN] });
    throw error;
  }
}

/** The organizations the user belongs to, with their role in each. */
export async function listMyOrganizations(db: Database, userId: string): Promise<OrganizationSummary[]> {
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
    .select({ id: organizations.id, handle: organizations.handle, name: organizations.name, role: memberships.role, createdAt: organizations.createdAt })
    .from(organizations)
    .innerJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.userId, userId)))
    .where(eq(organizations.handleKey, handleKey(handle)));
  if (!row) return null;
  const [members] = await db.select({ n: count() }).from(memberships).where(eq(memberships.orgId, row.id));
  return { ...row, memberCount: members?.n ?? 0 };
}
