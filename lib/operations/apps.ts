// Operations on apps: creating one (for oneself or for an organization) and its general settings.
import { and, eq, isNull, sql } from "drizzle-orm";
import { apps, users } from "@/db/schema";
import { evaluateAppTransfer } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { fail, ok } from "@/lib/result";
import { createAppInput, deleteAppInput, setAppVisibilityInput, transferAppInput, updateAppDetailsInput, updateAppIdentityInput } from "@/lib/services/apps";
import { findOrganizationForMember } from "@/lib/services/organizations";
import { TENANT_NOT_FOUND, deniedFailure } from "./failures";
import { defineAccountOperation, defineAppOperation, defineOrgOperation, type AppTenant } from "./operation";

const APP_ID_TAKEN = "This owner already has an app with this ID.";
const APP_ID_TAKEN_FAILURE = fail("conflict", "Please correct the highlighted fields.", { appId: [APP_ID_TAKEN] });
const appIdConflicts = { apps_user_app_unique: APP_ID_TAKEN_FAILURE, apps_org_app_unique: APP_ID_TAKEN_FAILURE };
/** Changes that move or remove the app do not revalidate: re-rendering the current page would answer 404 at the old URL; their forms navigate instead. */
const movesTheApp = () => [];
const everyPage = () => [{ path: "/", type: "layout" as const }];

function appIdClash(owner: { ownerUserId: string | null; ownerOrgId: string | null }, appId: string, exceptId?: string) {
  return and(
    owner.ownerUserId ? eq(apps.ownerUserId, owner.ownerUserId) : eq(apps.ownerOrgId, owner.ownerOrgId!),
    sql`lower(${apps.appId}) = lower(${appId})`,
    exceptId ? sql`${apps.id} <> ${exceptId}` : undefined,
  );
}

function ownedRow({ app }: AppTenant) {
  return and(eq(apps.id, app.id), app.ownerOrgId ? eq(apps.ownerOrgId, app.ownerOrgId) : eq(apps.ownerUserId, app.ownerUserId!));
}

const newAppInput = createAppInput;

/** An app owned by the organization named in `org`. */
export const createOrgApp = defineOrgOperation({
  name: "apps.create_in_org",
  input: newAppInput,
  authorize: { capability: "app.create" },
  conflicts: appIdConflicts,
  revalidate: everyPage,
  async run({ tx, principal, tenant, audit }, { appId, name, description }) {
    const [clash] = await tx.select({ id: apps.id }).from(apps).where(appIdClash({ ownerUserId: null, ownerOrgId: tenant.orgId }, appId));
    if (clash) return APP_ID_TAKEN_FAILURE;
    const id = newId("app");
    await tx.insert(apps).values({ id, ownerUserId: null, ownerOrgId: tenant.orgId, appId, name, description, createdBy: principal.userId });
    audit({ appId: id, action: "app.created", targetType: "app", targetId: id, after: { appId, name, owner: tenant.orgId } });
    return ok({ id, appId, ownerHandle: tenant.handle });
  },
});

/** A personal app of the actor. */
export const createPersonalApp = defineAccountOperation({
  name: "apps.create_personal",
  input: newAppInput,
  conflicts: appIdConflicts,
  revalidate: everyPage,
  async run({ tx, principal, audit }, { appId, name, description }) {
    const [clash] = await tx.select({ id: apps.id }).from(apps).where(appIdClash({ ownerUserId: principal.userId, ownerOrgId: null }, appId));
    if (clash) return APP_ID_TAKEN_FAILURE;
    const id = newId("app");
    await tx.insert(apps).values({ id, ownerUserId: principal.userId, ownerOrgId: null, appId, name, description, createdBy: principal.userId });
    audit({ appId: id, action: "app.created", targetType: "app", targetId: id, after: { appId, name, owner: principal.userId } });
    const [owner] = await tx.select({ handle: users.handle }).from(users).where(eq(users.id, principal.userId));
    return ok({ id, appId, ownerHandle: owner?.handle ?? "" });
  },
});

export const updateAppDetails = defineAppOperation({
  name: "apps.update_details",
  input: updateAppDetailsInput,
  authorize: { capability: "app.edit_description" },
  revalidate: everyPage,
  async run({ tx, tenant, audit }, { description, notes }) {
    const { app } = tenant;
    await tx.update(apps).set({ description, notes }).where(ownedRow(tenant));
    audit({ action: "app.details_updated", targetType: "app", targetId: app.id, before: { description: app.description, notes: app.notes }, after: { description, notes } });
    return ok({ description, notes });
  },
});

export const updateAppIdentity = defineAppOperation({
  name: "apps.update_identity",
  input: updateAppIdentityInput,
  authorize: { capability: "app.edit_id" },
  conflicts: appIdConflicts,
  revalidate: movesTheApp,
  async run({ tx, tenant, audit }, { appId, name }) {
    const { app } = tenant;
    const [clash] = await tx.select({ id: apps.id }).from(apps).where(appIdClash(app, appId, app.id));
    if (clash) return APP_ID_TAKEN_FAILURE;
    await tx.update(apps).set({ appId, name }).where(ownedRow(tenant));
    audit({ action: "app.renamed", targetType: "app", targetId: app.id, before: { appId: app.appId, name: app.name }, after: { appId, name } });
    return ok({ appId, name, ownerHandle: app.ownerHandle });
  },
});

export const setAppVisibility = defineAppOperation({
  name: "apps.set_visibility",
  input: setAppVisibilityInput,
  authorize: { capability: "app.change_visibility" },
  revalidate: everyPage,
  async run({ tx, tenant, audit }, { visibility }) {
    const { app } = tenant;
    await tx.update(apps).set({ visibility }).where(ownedRow(tenant));
    audit({ action: "app.visibility_changed", targetType: "app", targetId: app.id, before: { visibility: app.visibility }, after: { visibility } });
    return ok({ visibility });
  },
});

export const deleteApp = defineAppOperation({
  name: "apps.delete",
  input: deleteAppInput,
  authorize: { capability: "app.delete" },
  revalidate: movesTheApp,
  async run({ tx, tenant, audit }, { confirm }) {
    const { app } = tenant;
    if (confirm !== app.appId) return fail("invalid_input", "Type the app ID exactly to confirm.", { confirm: [`Type ${app.appId} to confirm.`] });
    await tx.delete(apps).where(ownedRow(tenant));
    audit({ action: "app.deleted", targetType: "app", targetId: app.id, before: { appId: app.appId, name: app.name } });
    return ok({ ownerHandle: app.ownerHandle, ownerIsOrg: app.ownerOrgId !== null });
  },
});

/**
 * Moves a personal app into an organization: the actor must own the app (its only holder of every
 * app capability, `app.delete` included) and be allowed to create apps in the target organization.
 */
export const transferApp = defineAppOperation({
  name: "apps.transfer",
  input: transferAppInput,
  authorize: { capability: "app.delete" },
  revalidate: movesTheApp,
  conflicts: {
    apps_org_app_unique: fail("conflict", "The organization already has an app with this ID. Change this app's ID first.", { org: [APP_ID_TAKEN] }),
  },
  async run({ tx, principal, tenant, authority, audit }, { org: target }) {
    const { app } = tenant;
    const org = await findOrganizationForMember(tx, principal.userId, target);
    if (!org && authority.grants.facts.isOwner) return fail("invalid_input", "Please correct the highlighted fields.", { org: ["Choose one of your organizations."] });
    const may = evaluateAppTransfer(authority.grants, org?.role ?? null);
    if (!may.allowed) return deniedFailure(may);
    if (!org) return fail("not_found", TENANT_NOT_FOUND.org); // a non-member is refused above
    const [clash] = await tx.select({ id: apps.id }).from(apps).where(appIdClash({ ownerUserId: null, ownerOrgId: org.id }, app.appId));
    if (clash) return fail("conflict", `${org.name} already has an app with the ID ${app.appId}. Change this app's ID first.`, { org: [APP_ID_TAKEN] });
    await tx.update(apps).set({ ownerUserId: null, ownerOrgId: org.id }).where(and(eq(apps.id, app.id), eq(apps.ownerUserId, principal.userId), isNull(apps.ownerOrgId)));
    audit({ orgId: org.id, action: "app.transferred", targetType: "app", targetId: app.id, before: { ownerUserId: principal.userId }, after: { ownerOrgId: org.id } });
    return ok({ ownerHandle: org.handle, appId: app.appId });
  },
});
