// Apps: created by a user for themselves or for an organization, and their general settings. Every
// change is authorized by lib/authz on the actor's grants, read inside the same transaction.

import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Transaction } from "@/db/client";
import { apps, users } from "@/db/schema";
import { evaluateAppCapability, evaluateOrgCapability, type AppCapability } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { fail, ok, type Result } from "@/lib/result";
import { RESERVED_HANDLES, displayNameSchema } from "@/lib/validation/common";
import { invalidInput } from "@/lib/validation/form";
import { findOrganizationForMember } from "./organizations";
import { resolveAppByIdForUser, type AppAccess } from "./access";
import { recordAudit } from "./audit";
import { isUniqueViolation, runInTransaction } from "./transaction";

// App IDs are URL segments under the owner (/{owner}/{app}); words that name console routes there
// ("settings", …) are refused, like handles.
export const appIdSchema = z
  .string({ error: "App ID is required." })
  .trim()
  .min(1, "App ID is required.")
  .max(64, "App ID must be at most 64 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "Use letters, digits, '-' and '_' only, starting with a letter or digit.")
  .refine((value) => !RESERVED_HANDLES.has(value.toLowerCase()), "This app ID is reserved by the console; choose another.");

const descriptionSchema = z.string().trim().max(2000, "Description must be at most 2,000 characters.");
const notesSchema = z.string().trim().max(10000, "Notes must be at most 10,000 characters.");
const appRef = z.string({ error: "Missing app." }).min(1, "Missing app.").max(100);

export const createAppInput = z.object({
  /** Handle of the organization to own the app; empty: a personal app. */
  owner: z.string().trim().max(64).optional().default(""),
  appId: appIdSchema,
  name: z.string({ error: "Name is required." }).pipe(displayNameSchema),
  description: descriptionSchema.optional().default(""),
});
export const updateAppDetailsInput = z.object({ appRef, description: descriptionSchema, notes: notesSchema });
export const updateAppIdentityInput = z.object({ appRef, appId: appIdSchema, name: z.string({ error: "Name is required." }).pipe(displayNameSchema) });
export const setAppVisibilityInput = z.object({ appRef, visibility: z.enum(["private", "public"], { error: "Choose private or public." }) });
export const deleteAppInput = z.object({ appRef, confirm: z.string().trim() });
export const transferAppInput = z.object({ appRef, org: z.string({ error: "Choose an organization." }).trim().min(1, "Choose an organization.").max(64) });

type Actor = { userId: string };
type Context = { ip?: string | null };

const APP_ID_TAKEN = "This owner already has an app with this ID.";
const NOT_FOUND = "This app does not exist or you do not have access to it.";

function appIdClash(ownerUserId: string | null, ownerOrgId: string | null, appId: string, exceptId?: string) {
  return and(
    ownerUserId ? eq(apps.ownerUserId, ownerUserId) : eq(apps.ownerOrgId, ownerOrgId!),
    sql`lower(${apps.appId}) = lower(${appId})`,
    exceptId ? sql`${apps.id} <> ${exceptId}` : undefined,
  );
}

function isAppIdViolation(error: unknown): boolean {
  return isUniqueViolation(error, "apps_user_app_unique") || isUniqueViolation(error, "apps_org_app_unique");
}

export async function createApp(db: Database, actor: Actor, raw: unknown, context: Context = {}): Promise<Result<{ id: string; appId: string; ownerHandle: string }>> {
  const parsed = createAppInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { owner, appId, name, description } = parsed.data;
  let ownerOrgId: string | null = null;
  let ownerHandle: string | null = null;
  if (owner) {
    const org = await findOrganizationForMember(db, actor.userId, owner);
    if (!org) return fail("not_found", "This organization does not exist or you are not a member.");
    const decision = evaluateOrgCapability(org.role, "app.create");
    if (!decision.allowed) return fail("forbidden", decision.message);
    ownerOrgId = org.id;
    ownerHandle = org.handle;
  }
  const id = newId("app");
  try {
    return await runInTransaction(db, async (tx) => {
      const ownerUserId = ownerOrgId ? null : actor.userId;
      const [clash] = await tx.select({ id: apps.id }).from(apps).where(appIdClash(ownerUserId, ownerOrgId, appId));
      if (clash) return fail("conflict", "Please correct the highlighted fields.", { appId: [APP_ID_TAKEN] });
      await tx.insert(apps).values({ id, ownerUserId, ownerOrgId, appId, name, description, createdBy: actor.userId });
      await recordAudit(tx, { actorUserId: actor.userId, orgId: ownerOrgId, appId: id, action: "app.created", targetType: "app", targetId: id, after: { appId, name, owner: ownerOrgId ?? actor.userId }, ip: context.ip ?? null });
      const handle = ownerHandle ?? (await ownerHandleOf(tx, actor.userId));
      return ok({ id, appId, ownerHandle: handle });
    });
  } catch (error) {
    if (isAppIdViolation(error)) return fail("conflict", "Please correct the highlighted fields.", { appId: [APP_ID_TAKEN] });
    throw error;
  }
}

async function ownerHandleOf(tx: Transaction, userId: string): Promise<string> {
  const [row] = await tx.select({ handle: users.handle }).from(users).where(eq(users.id, userId));
  return row?.handle ?? "";
}

/**
 * Locks the app row, re-reads the actor's grants inside the transaction and asks lib/authz for the
 * capability. Outsiders get not_found (the app is not revealed); members lacking it get forbidden.
 */
async function authorizeOnApp(tx: Transaction, actor: Actor, ref: string, capability: AppCapability): Promise<Result<AppAccess>> {
  const [locked] = await tx.select({ id: apps.id }).from(apps).where(eq(apps.id, ref)).for("update");
  if (!locked) return fail("not_found", NOT_FOUND);
  const access = await resolveAppByIdForUser(tx, actor.userId, ref);
  if (!access) return fail("not_found", NOT_FOUND);
  const decision = evaluateAppCapability(access.grants, capability);
  if (!decision.allowed) return fail("forbidden", decision.message);
  return ok(access);
}

function ownerFilter(app: AppAccess["app"]) {
  return and(eq(apps.id, app.id), app.ownerOrgId ? eq(apps.ownerOrgId, app.ownerOrgId) : eq(apps.ownerUserId, app.ownerUserId!));
}

export async function updateAppDetails(db: Database, actor: Actor, raw: unknown, context: Context = {}): Promise<Result<{ description: string; notes: string }>> {
  const parsed = updateAppDetailsInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { description, notes } = parsed.data;
  return runInTransaction(db, async (tx) => {
    const access = await authorizeOnApp(tx, actor, parsed.data.appRef, "app.edit_description");
    if (!access.ok) return access;
    const { app } = access.data;
    await tx.update(apps).set({ description, notes }).where(ownerFilter(app));
    await recordAudit(tx, { actorUserId: actor.userId, orgId: app.ownerOrgId, appId: app.id, action: "app.details_updated", targetType: "app", targetId: app.id, before: { description: app.description, notes: app.notes }, after: { description, notes }, ip: context.ip ?? null });
    return ok({ description, notes });
  });
}

export async function updateAppIdentity(db: Database, actor: Actor, raw: unknown, context: Context = {}): Promise<Result<{ appId: string; name: string; ownerHandle: string }>> {
  const parsed = updateAppIdentityInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { appId, name } = parsed.data;
  try {
    return await runInTransaction(db, async (tx) => {
      const access = await authorizeOnApp(tx, actor, parsed.data.appRef, "app.edit_id");
      if (!access.ok) return access;
      const { app } = access.data;
      const [clash] = await tx.select({ id: apps.id }).from(apps).where(appIdClash(app.ownerUserId, app.ownerOrgId, appId, app.id));
      if (clash) return fail("conflict", "Please correct the highlighted fields.", { appId: [APP_ID_TAKEN] });
      await tx.update(apps).set({ appId, name }).where(ownerFilter(app));
      await recordAudit(tx, { actorUserId: actor.userId, orgId: app.ownerOrgId, appId: app.id, action: "app.renamed", targetType: "app", targetId: app.id, before: { appId: app.appId, name: app.name }, after: { appId, name }, ip: context.ip ?? null });
      return ok({ appId, name, ownerHandle: app.ownerHandle });
    });
  } catch (error) {
    if (isAppIdViolation(error)) return fail("conflict", "Please correct the highlighted fields.", { appId: [APP_ID_TAKEN] });
    throw error;
  }
}

export async function setAppVisibility(db: Database, actor: Actor, raw: unknown, context: Context = {}): Promise<Result<{ visibility: "private" | "public" }>> {
  const parsed = setAppVisibilityInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { visibility } = parsed.data;
  return runInTransaction(db, async (tx) => {
    const access = await authorizeOnApp(tx, actor, parsed.data.appRef, "app.change_visibility");
    if (!access.ok) return access;
    const { app } = access.data;
    await tx.update(apps).set({ visibility }).where(ownerFilter(app));
    await recordAudit(tx, { actorUserId: actor.userId, orgId: app.ownerOrgId, appId: app.id, action: "app.visibility_changed", targetType: "app", targetId: app.id, before: { visibility: app.visibility }, after: { visibility }, ip: context.ip ?? null });
    return ok({ visibility });
  });
}

export async function deleteApp(db: Database, actor: Actor, raw: unknown, context: Context = {}): Promise<Result<{ ownerHandle: string; ownerIsOrg: boolean }>> {
  const parsed = deleteAppInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  return runInTransaction(db, async (tx) => {
    const access = await authorizeOnApp(tx, actor, parsed.data.appRef, "app.delete");
    if (!access.ok) return access;
    const { app } = access.data;
    if (parsed.data.confirm !== app.appId) {
      return fail("invalid_input", "Type the app ID exactly to confirm.", { confirm: [`Type ${app.appId} to confirm.`] });
    }
    await tx.delete(apps).where(ownerFilter(app));
    await recordAudit(tx, { actorUserId: actor.userId, orgId: app.ownerOrgId, appId: app.id, action: "app.deleted", targetType: "app", targetId: app.id, before: { appId: app.appId, name: app.name }, ip: context.ip ?? null });
    return ok({ ownerHandle: app.ownerHandle, ownerIsOrg: app.ownerOrgId !== null });
  });
}

/**
 * Moves a personal app into an organization: the actor must own the app (its only holder of every
 * app capability) and be allowed to create apps in the target organization.
 */
export async function transferApp(db: Database, actor: Actor, raw: unknown, context: Context = {}): Promise<Result<{ ownerHandle: string; appId: string }>> {
  const parsed = transferAppInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const org = await findOrganizationForMember(db, actor.userId, parsed.data.org);
  if (!org) return fail("invalid_input", "Please correct the highlighted fields.", { org: ["Choose one of your organizations."] });
  const mayCreate = evaluateOrgCapability(org.role, "app.create");
  if (!mayCreate.allowed) return fail("forbidden", mayCreate.message);
  try {
    return await runInTransaction(db, async (tx) => {
      const access = await authorizeOnApp(tx, actor, parsed.data.appRef, "app.delete");
      if (!access.ok) return access;
      const { app } = access.data;
      if (app.ownerUserId !== actor.userId) return fail("forbidden", "Only the owner of a personal app can transfer it into an organization.");
      const [clash] = await tx.select({ id: apps.id }).from(apps).where(appIdClash(null, org.id, app.appId));
      if (clash) return fail("conflict", `${org.name} already has an app with the ID ${app.appId}. Change this app's ID first.`, { org: [APP_ID_TAKEN] });
      await tx
        .update(apps)
        .set({ ownerUserId: null, ownerOrgId: org.id })
        .where(and(eq(apps.id, app.id), eq(apps.ownerUserId, actor.userId), isNull(apps.ownerOrgId)));
      await recordAudit(tx, { actorUserId: actor.userId, orgId: org.id, appId: app.id, action: "app.transferred", targetType: "app", targetId: app.id, before: { ownerUserId: actor.userId }, after: { ownerOrgId: org.id }, ip: context.ip ?? null });
      return ok({ ownerHandle: org.handle, appId: app.appId });
    });
  } catch (error) {
    if (isAppIdViolation(error)) return fail("conflict", `${org.name} already has an app with this ID. Change this app's ID first.`, { org: [APP_ID_TAKEN] });
    throw error;
  }
}
