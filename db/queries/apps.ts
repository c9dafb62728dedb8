// App rows as their settings change them. Every statement names the owner (a user or an
// organization) and, for an existing app, its internal id (`appRef`, apps.id) with that owner, so a
// change never reaches another owner's app. lib/operations/apps.ts decides who may change what.

import { and, count, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { annotations, apps, concepts, inputs, models, organizations, users, workflows } from "@/db/schema";
import { newId } from "@/lib/ids";

/** Who owns an app: exactly one of the two is set. */
export type AppOwner = { ownerUserId: string | null; ownerOrgId: string | null };
/** An existing app and the owner it must still have. */
export type OwnedApp = AppOwner & { appRef: string };
/** The fields the app settings change. */
export type AppChanges = Partial<Pick<typeof apps.$inferInsert, "appId" | "name" | "description" | "notes" | "visibility">>;

function ownedBy(owner: AppOwner) {
  return owner.ownerUserId ? eq(apps.ownerUserId, owner.ownerUserId) : eq(apps.ownerOrgId, owner.ownerOrgId!);
}

function ownedApp({ appRef, ...owner }: OwnedApp) {
  return and(eq(apps.id, appRef), ownedBy(owner));
}

/**
 * Whether the owner has an app whose ID equals `appId` ignoring case (other than `exceptAppRef`).
 * The unique indexes compare exactly, so this check is what refuses IDs differing only in case.
 */
export async function isAppIdTaken(db: DbOrTx, { appId, exceptAppRef, ...owner }: AppOwner & { appId: string; exceptAppRef?: string }): Promise<boolean> {
  const [clash] = await db
    .select({ id: apps.id })
    .from(apps)
    .where(and(ownedBy(owner), sql`lower(${apps.appId}) = lower(${appId})`, exceptAppRef ? sql`${apps.id} <> ${exceptAppRef}` : undefined));
  return clash !== undefined;
}

/** Adds an app; returns its internal id. */
export async function insertApp(
  db: DbOrTx,
  { ownerUserId, ownerOrgId, appId, name, description, createdBy }: AppOwner & { appId: string; name: string; description: string; createdBy: string },
): Promise<string> {
  const id = newId("app");
  await db.insert(apps).values({ id, ownerUserId, ownerOrgId, appId, name, description, createdBy });
  return id;
}

export async function updateApp(db: DbOrTx, { changes, ...app }: OwnedApp & { changes: AppChanges }): Promise<void> {
  await db.update(apps).set(changes).where(ownedApp(app));
}

export async function removeApp(db: DbOrTx, app: OwnedApp): Promise<void> {
  await db.delete(apps).where(ownedApp(app));
}

/** Hands a personal app of `ownerUserId` to an organization. */
export async function movePersonalAppToOrg(db: DbOrTx, { appRef, ownerUserId, orgId }: { appRef: string; ownerUserId: string; orgId: string }): Promise<void> {
  await db
    .update(apps)
    .set({ ownerUserId: null, ownerOrgId: orgId })
    .where(and(eq(apps.id, appRef), eq(apps.ownerUserId, ownerUserId), isNull(apps.ownerOrgId)));
}

export async function appExists(db: DbOrTx, { appRef }: { appRef: string }): Promise<boolean> {
  const [row] = await db.select({ id: apps.id }).from(apps).where(eq(apps.id, appRef));
  return row !== undefined;
}

/** The app's name and ID with its owner's handle (one of the two is set), for its URL. */
export async function findAppWithOwnerHandles(
  db: DbOrTx,
  { appRef }: { appRef: string },
): Promise<{ name: string; appId: string; userHandle: string | null; orgHandle: string | null } | null> {
  const [row] = await db
    .select({ name: apps.name, appId: apps.appId, userHandle: users.handle, orgHandle: organizations.handle })
    .from(apps)
    .leftJoin(users, eq(users.id, apps.ownerUserId))
    .leftJoin(organizations, eq(organizations.id, apps.ownerOrgId))
    .where(eq(apps.id, appRef));
  return row ?? null;
}

export type AppDataCounts = { inputs: number; concepts: number; annotations: number; models: number; workflows: number };

/** How many inputs, concepts, annotations, models and workflows the app holds. */
export async function countAppData(db: DbOrTx, { appRef }: { appRef: string }): Promise<AppDataCounts> {
  const one = async (rows: Promise<{ n: number }[]>) => (await rows)[0]?.n ?? 0;
  return {
    inputs: await one(db.select({ n: count() }).from(inputs).where(eq(inputs.appRef, appRef))),
    concepts: await one(db.select({ n: count() }).from(concepts).where(eq(concepts.appRef, appRef))),
    annotations: await one(db.select({ n: count() }).from(annotations).where(eq(annotations.appRef, appRef))),
    models: await one(db.select({ n: count() }).from(models).where(eq(models.appRef, appRef))),
    workflows: await one(db.select({ n: count() }).from(workflows).where(eq(workflows.appRef, appRef))),
  };
}
