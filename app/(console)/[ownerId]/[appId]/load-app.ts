import { cache } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/principal";
import { resolveAppForUser } from "@/lib/services/access";

export type AppParams = Promise<{ ownerId: string; appId: string }>;

/**
 * The app named by the URL with the viewer's grants, read once per request. Apps that do not exist
 * and apps the viewer cannot reach both answer 404, so the URL reveals nothing.
 */
export const loadApp = cache(async (ownerId: string, appId: string) => {
  const user = await requireUser();
  const db = await getDb();
  const access = await resolveAppForUser(db, user.id, decodeURIComponent(ownerId), decodeURIComponent(appId));
  if (!access) notFound();
  const base = `/${encodeURIComponent(access.app.ownerHandle)}/${encodeURIComponent(access.app.appId)}`;
  return { user, db, ...access, base };
});
