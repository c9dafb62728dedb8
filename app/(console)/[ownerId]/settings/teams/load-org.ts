import { cache } from "react";
import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { evaluateOrgCapability } from "@/lib/authz";
import { requireUser } from "@/lib/auth/principal";
import { findOrganizationForMember } from "@/db/queries/organizations";

/**
 * The organization of a team/permission-group settings page: 404 for outsiders, 403 for members
 * whose role may not manage teams (lib/authz decides).
 */
export const loadTeamsOrg = cache(async (ownerId: string) => {
  const user = await requireUser();
  const db = await getDb();
  const org = await findOrganizationForMember(db, { userId: user.id, handle: decodeURIComponent(ownerId) });
  if (!org) notFound();
  if (!evaluateOrgCapability(org.role, "teams.manage").allowed) forbidden();
  return { user, db, org, base: `/${encodeURIComponent(org.handle)}/settings` };
});
