import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { AuditLogPanel } from "@/components/audit-log/audit-log-view";
import { auditInput, auditSearch } from "@/lib/services/audit-log";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/principal";
import { readAuditLog } from "@/lib/operations/audit-log";
import { runOperation } from "@/lib/operations/runner";
import { findOrganizationForMember } from "@/db/queries/organizations";

export const metadata: Metadata = { title: "Audit log" };

type Props = { params: Promise<{ ownerId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditLogPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const db = await getDb();
  const org = await findOrganizationForMember(db, { userId: user.id, handle: decodeURIComponent((await params).ownerId) });
  if (!org) notFound();
  const search = auditSearch(await searchParams);
  const result = await runOperation(readAuditLog, { userId: user.id }, { org: org.handle, ...auditInput(search) }, { db });
  // Bad filters are answered on the page itself; a refusal is the page's 403, an outsider's 404.
  if (!result.ok && result.code === "forbidden") forbidden();
  if (!result.ok && result.code !== "invalid_input") notFound();
  const path = `/${encodeURIComponent(org.handle)}/settings/audit-log`;
  const intro =
    result.ok && result.data.reach === "finance"
      ? `The pricing plan, budget and statement events of ${org.name}, newest first. As ${org.role} you see these finance events only.`
      : `Every change made in ${org.name}, newest first: who did it, to what, from where, and what changed.`;
  return <AuditLogPanel path={path} exportPath={`${path}/export`} log={{ org: org.handle }} search={search} result={result} showApp intro={intro} />;
}
