import { cache } from "react";
import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/principal";
import { viewCostLines, viewCosts, viewStatement } from "@/lib/operations/finance";
import { runOperation } from "@/lib/operations/runner";
import type { Result } from "@/lib/result";
import { findOrganizationForMember } from "@/db/queries/organizations";

/** A read's data, or the page's answer to its refusal: 403 for a role without finance.view, 404 otherwise. */
function answered<T>(result: Result<T>): T {
  if (result.ok) return result.data;
  if (result.code === "forbidden") forbidden();
  notFound();
}

/** The organization of a costs page: 404 for outsiders (lib/authz decides the rest, in the operation). */
const loadOrg = cache(async (ownerId: string) => {
  const user = await requireUser();
  const db = await getDb();
  const org = await findOrganizationForMember(db, { userId: user.id, handle: decodeURIComponent(ownerId) });
  if (!org) notFound();
  return { user, db, org, base: `/${encodeURIComponent(org.handle)}/settings/costs` };
});

export const loadCosts = cache(async (ownerId: string, page?: string) => {
  const { user, db, org, base } = await loadOrg(ownerId);
  const view = answered(await runOperation(viewCosts, { userId: user.id }, { org: org.handle, page }, { db }));
  return { org, view, base };
});

export const loadCostLines = cache(async (ownerId: string, page?: string) => {
  const { user, db, org, base } = await loadOrg(ownerId);
  const view = answered(await runOperation(viewCostLines, { userId: user.id }, { org: org.handle, page }, { db }));
  return { org, view, base };
});

export const loadStatement = cache(async (ownerId: string, month: string) => {
  const { user, db, org, base } = await loadOrg(ownerId);
  const view = answered(await runOperation(viewStatement, { userId: user.id }, { org: org.handle, month }, { db }));
  return { org, view, base };
});
