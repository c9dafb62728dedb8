import { cache } from "react";
import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/principal";
import { viewCompute, viewNodeHours } from "@/lib/operations/compute";
import { runOperation } from "@/lib/operations/runner";
import type { Result } from "@/lib/result";
import { findOrganizationForMember } from "@/db/queries/organizations";

/**
 * The organization's compute as the reader sees it, once per request (the layout and the page both
 * ask): 404 for outsiders, 403 for members to whom viewCompute gives no compute at all.
 */
export const loadCompute = cache(async (ownerId: string) => {
  const user = await requireUser();
  const org = await findOrganizationForMember(await getDb(), { userId: user.id, handle: decodeURIComponent(ownerId) });
  if (!org) notFound();
  const view = answered(await runOperation(viewCompute, { userId: user.id }, { org: org.handle }));
  return { user, org, view, base: `/${encodeURIComponent(org.handle)}/compute` };
});

/** Node-hours by nodepool and month: 403 for roles without clusters.usage (lib/authz decides, in the operation). */
export const loadNodeHours = cache(async (ownerId: string) => {
  const { user, org, base } = await loadCompute(ownerId);
  const view = answered(await runOperation(viewNodeHours, { userId: user.id }, { org: org.handle }));
  return { org, view, base };
});

/** A read's data, or the page's answer to its refusal (403 for forbidden, 404 otherwise). */
export function answered<T>(result: Result<T>): T {
  if (result.ok) return result.data;
  if (result.code === "forbidden") forbidden();
  notFound();
}
