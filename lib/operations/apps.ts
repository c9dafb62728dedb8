// Operations on apps: creating one (for oneself or for an organization) and its general settings.
import { findUser } from "@/db/queries/accounts";
import { insertApp, isAppIdTaken, movePersonalAppToOrg, removeApp, updateApp, type OwnedApp } from "@/db/queries/apps";
import { evaluateAppTransfer } from "@/lib/authz";
import { fail, ok } from "@/lib/result";
import { createAppInput, deleteAppInput, setAppVisibilityInput, transferAppInput, updateAppDetailsInput, updateAppIdentityInput } from "@/lib/services/apps";
import { findOrganizationForMember } from "@/db/queries/organizations";
import { TENANT_NOT_FOUND, deniedFailure } from "./failures";
import { defineAccountOperation, defineAppOperation, defineOrgOperation, type AppTenant } from "./operation";

const APP_ID_TAKEN = "This owner already has an app with this ID.";
const APP_ID_TAKEN_FAILURE = fail("conflict", "Please correct the highlighted fields.", { appId: [APP_ID_TAKEN] });
const appIdConflicts = { apps_user_app_unique: APP_ID_TAKEN_FAILURE, apps_org_app_unique: APP_ID_TAKEN_FAILURE };
/** Changes that move or remove the app do not revalidate: re-rendering the current page would answer 404 at the old URL; their forms navigate instead. */
const movesTheApp = () => [];
const everyPage = () => [{ path: "/", type: "layout" as const }];

/** The tenant's app as the queries name it: changes only reach it while its owner is the one resolved. */
function owned({ app }: AppTenant): OwnedApp {
  return { appRef: app.id, ownerUserId: app.ownerUserId, ownerOrgId: app.ownerOrgId };
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
    const owner = { ownerUserId: null, ownerOrgId: tenant.orgId };
    if (await isAppIdTaken(tx, { ...owner, appId })) return APP_ID_TAKEN_FAILURE;
    const id = await insertApp(tx, { ...owner, appId, name, description, createdBy: principal.userId });
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
    const owner = { ownerUserId: principal.userId, ownerOrgId: null };
    if (await isAppIdTaken(tx, { ...owner, appId })) return APP_ID_TAKEN_FAILURE;
    const id = await insertApp(tx, { ...owner, appId, name, description, createdBy: principal.userId });
    audit({ appId: id, action: "app.created", targetType: "app", targetId: id, after: { appId, name, owner: principal.userId } });
    const user = await findUser(tx, { userId: principal.userId });
    return ok({ id, appId, ownerHandle: user?.handle ?? "" });
  },
});

export const updateAppDetails = defineAppOperation({
  name: "apps.update_details",
  input: updateAppDetailsInput,
  authorize: { capability: "app.edit_description" },
  revalidate: everyPage,
  async run({ tx, tenant, audit }, { description, notes }) {
    const { app } = tenant;
    await updateApp(tx, { ...owned(tenant), changes: { description, notes } });
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
    if (await isAppIdTaken(tx, { ownerUserId: app.ownerUserId, ownerOrgId: app.ownerOrgId, appId, exceptAppRef: app.id })) return APP_ID_TAKEN_FAILURE;
    await updateApp(tx, { ...owned(tenant), changes: { appId, name } });
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
    await updateApp(tx, { ...owned(tenant), changes: { visibility } });
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
    await removeApp(tx, owned(tenant));
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
    const org = await findOrganizationForMember(tx, { userId: principal.userId, handle: target });
    if (!org && authority.grants.facts.isOwner) return fail("invalid_input", "Please correct the highlighted fields.", { org: ["Choose one of your organizations."] });
    const may = evaluateAppTransfer(authority.grants, org?.role ?? null);
    if (!may.allowed) return deniedFailure(may);
    if (!org) return fail("not_found", TENANT_NOT_FOUND.org); // a non-member is refused above
    if (await isAppIdTaken(tx, { ownerUserId: null, ownerOrgId: org.id, appId: app.appId })) return fail("conflict", `${org.name} already has an app with the ID ${app.appId}. Change this app's ID first.`, { org: [APP_ID_TAKEN] });
    await movePersonalAppToOrg(tx, { appRef: app.id, ownerUserId: principal.userId, orgId: org.id });
    audit({ orgId: org.id, action: "app.transferred", targetType: "app", targetId: app.id, before: { ownerUserId: principal.userId }, after: { ownerOrgId: org.id } });
    return ok({ ownerHandle: org.handle, appId: app.appId });
  },
});
