// Permission groups of an organization: the four built-ins (global rows whose scopes lib/authz owns)
// and the org's own { name, operation scopes }. Teams reference them on every app they hold.

import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { operationScopesField } from "@/lib/validation/scopes";
import type { Database, DbOrTx } from "@/db/client";
import { permissionGroups, teamApps, teams } from "@/db/schema";
import {
  BUILT_IN_GROUPS,
  BUILT_IN_GROUP_NAMES,
  evaluateOrgCapability,
  isBuiltInGroupName,
  parseScopes,
  scopeNames,
  type OperationScope,
  type OrgRole,
} from "@/lib/authz";
import { newId } from "@/lib/ids";
import { fail, ok, type Result } from "@/lib/result";
import { displayNameSchema } from "@/lib/validation/common";
import { invalidInput } from "@/lib/validation/form";
import { recordAudit } from "./audit";
import { findOrganizationForMember } from "./organizations";
import { isUniqueViolation, runInTransaction } from "./transaction";

export type PermissionGroupSummary = {
  id: string;
  name: string;
  builtin: boolean;
  description: string;
  scopes: OperationScope[];
};

export type OrgActor = { userId: string; orgId: string; role: OrgRole | null };

const orgField = z.object({ org: z.string().trim().min(1).max(64) });

/**
 * The acting member of the organization named (by handle) in an action's input. The tenant comes
 * from the membership row, never from ids in the request; outsiders get not_found.
 */
export async function resolveOrgActor(db: Database, userId: string, input: unknown): Promise<Result<OrgActor & { handle: string }>> {
  const parsed = orgField.safeParse(input);
  if (!parsed.success) return fail("invalid_input", "Missing organization.");
  const org = await findOrganizationForMember(db, userId, parsed.data.org);
  if (!org) return fail("not_found", "This organization does not exist or you are not a member.");
  return ok({ userId, orgId: org.id, role: org.role, handle: org.handle });
}

const BUILT_IN_ORDER = new Map<string, number>(BUILT_IN_GROUP_NAMES.map((name, index) => [name, index]));

function summarize(row: { id: string; builtin: string | null; name: string; scopes: string[] }): PermissionGroupSummary {
  if (row.builtin !== null && isBuiltInGroupName(row.builtin)) {
    const group = BUILT_IN_GROUPS[row.builtin];
    return { id: row.id, name: group.name, builtin: true, description: group.description, scopes: scopeNames(group.scopes) };
  }
  return { id: row.id, name: row.name, builtin: false, description: "", scopes: scopeNames(parseScopes(row.scopes).scopes) };
}

/** Built-in groups first (in their fixed order), then the org's own by name. */
export async function listPermissionGroups(db: DbOrTx, orgId: string): Promise<PermissionGroupSummary[]> {
  const rows = await db
    .select({ id: permissionGroups.id, builtin: permissionGroups.builtin, name: permissionGroups.name, scopes: permissionGroups.scopes })
    .from(permissionGroups)
    .where(or(isNull(permissionGroups.orgId), eq(permissionGroups.orgId, orgId)))
    .orderBy(asc(sql`lower(${permissionGroups.name})`));
  const summaries = rows.map(summarize);
  return [
    ...summaries.filter((g) => g.builtin).sort((a, b) => (BUILT_IN_ORDER.get(a.name) ?? 0) - (BUILT_IN_ORDER.get(b.name) ?? 0)),
    ...summaries.filter((g) => !g.builtin),
  ];
}

/** A group usable by this org's teams (a built-in or the org's own); null for anything else. */
export async function findUsableGroup(db: DbOrTx, orgId: string, groupId: string) {
  const [row] = await db
    .select({ id: permissionGroups.id, builtin: permissionGroups.builtin, name: permissionGroups.name, scopes: permissionGroups.scopes })
    .from(permissionGroups)
    .where(and(eq(permissionGroups.id, groupId), or(isNull(permissionGroups.orgId), eq(permissionGroups.orgId, orgId))));
  return row ?? null;
}

export const UNKNOWN_GROUP = "Choose a permission group from the list: this one does not exist in the organization.";

const scopesField = operationScopesField;

export const createPermissionGroupInput = z.object({
  name: displayNameSchema.refine((name) => !BUILT_IN_GROUP_NAMES.some((b) => b.toLowerCase() === name.toLowerCase()), "This is the name of a built-in group; choose another."),
  scopes: scopesField,
});

export const updatePermissionGroupInput = createPermissionGroupInput.extend({ groupId: z.string().min(1).max(100) });
export const deletePermissionGroupInput = z.object({ groupId: z.string().min(1).max(100) });

const NAME_TAKEN = "A permission group with this name already exists in the organization.";

function authorize(actor: OrgActor): Result<null> {
  const decision = evaluateOrgCapability(actor.role, "teams.manage");
  return decision.allowed ? ok(null) : fail("forbidden", decision.message);
}

export async function createPermissionGroup(db: Database, actor: OrgActor, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<PermissionGroupSummary>> {
  const allowed = authorize(actor);
  if (!allowed.ok) return allowed;
  const parsed = createPermissionGroupInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const id = newId("grp");
  try {
    return await runInTransaction(db, async (tx) => {
      await tx.insert(permissionGroups).values({ id, orgId: actor.orgId, name: parsed.data.name, scopes: parsed.data.scopes, createdBy: actor.userId });
      await recordAudit(tx, {
        actorUserId: actor.userId,
        orgId: actor.orgId,
        action: "permission_group.created",
        targetType: "permission_group",
        targetId: id,
        after: parsed.data,
        ip: context.ip ?? null,
      });
      return ok({ id, name: parsed.data.name, builtin: false, description: "", scopes: parsed.data.scopes });
    });
  } catch (error) {
    if (isUniqueViolation(error, "permission_groups_org_name_unique")) return fail("conflict", "Please correct the highlighted fields.", { name: [NAME_TAKEN] });
    throw error;
  }
}

export async function updatePermissionGroup(db: Database, actor: OrgActor, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<PermissionGroupSummary>> {
  const allowed = authorize(actor);
  if (!allowed.ok) return allowed;
  const parsed = updatePermissionGroupInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { groupId, name, scopes } = parsed.data;
  try {
    return await runInTransaction(db, async (tx) => {
      const [before] = await tx
        .select({ name: permissionGroups.name, scopes: permissionGroups.scopes })
        .from(permissionGroups)
        .where(and(eq(permissionGroups.id, groupId), eq(permissionGroups.orgId, actor.orgId)))
        .for("update");
      if (!before) return fail("not_found", "This permission group does not exist or is built in (built-in groups cannot be changed).");
      await tx.update(permissionGroups).set({ name, scopes }).where(and(eq(permissionGroups.id, groupId), eq(permissionGroups.orgId, actor.orgId)));
      await recordAudit(tx, { actorUserId: actor.userId, orgId: actor.orgId, action: "permission_group.updated", targetType: "permission_group", targetId: groupId, before, after: { name, scopes }, ip: context.ip ?? null });
      return ok({ id: groupId, name, builtin: false, description: "", scopes });
    });
  } catch (error) {
    if (isUniqueViolation(error, "permission_groups_org_name_unique")) return fail("conflict", "Please correct the highlighted fields.", { name: [NAME_TAKEN] });
    throw error;
  }
}

/** Teams (team IDs) that use the group, as default permission or on an app. */
export async function teamsUsingGroup(db: DbOrTx, orgId: string, groupId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ teamId: teams.teamId })
    .from(teams)
    .where(
      and(
        eq(teams.orgId, orgId),
        or(
          eq(teams.defaultPermissionGroupId, groupId),
          sql`exists (select 1 from ${teamApps} where ${teamApps.teamId} = ${teams.id} and ${teamApps.orgId} = ${orgId} and ${teamApps.permissionGroupId} = ${groupId})`,
        ),
      ),
    )
    .orderBy(asc(teams.teamId));
  return rows.map((row) => row.teamId);
}

export async function deletePermissionGroup(db: Database, actor: OrgActor, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<{ id: string }>> {
  const allowed = authorize(actor);
  if (!allowed.ok) return allowed;
  const parsed = deletePermissionGroupInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { groupId } = parsed.data;
  return runInTransaction(db, async (tx) => {
    const [group] = await tx
      .select({ name: permissionGroups.name, scopes: permissionGroups.scopes })
      .from(permissionGroups)
      .where(and(eq(permissionGroups.id, groupId), eq(permissionGroups.orgId, actor.orgId)))
      .for("update");
    if (!group) return fail("not_found", "This permission group does not exist or is built in (built-in groups cannot be deleted).");
    const using = await teamsUsingGroup(tx, actor.orgId, groupId);
    if (using.length > 0) {
      const shown = using.slice(0, 10).join(", ");
      const more = using.length > 10 ? ` and ${using.length - 10} more` : "";
      return fail("conflict", `“${group.name}” is used by ${using.length === 1 ? "team" : "teams"} ${shown}${more}. Give those teams another permission first.`, undefined, { teams: using });
    }
    await tx.delete(permissionGroups).where(and(eq(permissionGroups.id, groupId), eq(permissionGroups.orgId, actor.orgId)));
    await recordAudit(tx, { actorUserId: actor.userId, orgId: actor.orgId, action: "permission_group.deleted", targetType: "permission_group", targetId: groupId, before: group, ip: context.ip ?? null });
    return ok({ id: groupId });
  });
}
