import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { AuditLogPanel } from "@/components/audit-log/audit-log-view";
import { auditInput, auditSearch } from "@/lib/services/audit-log";
import { readAppAuditLog } from "@/lib/operations/audit-log";
import { runOperation } from "@/lib/operations/runner";
import { loadApp, type AppParams } from "../../load-app";

export const metadata: Metadata = { title: "Audit log" };

export default async function AppAuditLogPage({ params, searchParams }: { params: AppParams; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ownerId, appId } = await params;
  const { user, db, app, base } = await loadApp(ownerId, appId);
  const search = auditSearch(await searchParams);
  const result = await runOperation(readAppAuditLog, { userId: user.id }, { owner: app.ownerHandle, app: app.appId, ...auditInput(search) }, { db });
  if (!result.ok && result.code === "forbidden") forbidden();
  if (!result.ok && result.code !== "invalid_input") notFound();
  const path = `${base}/settings/audit-log`;
  const intro =
    result.ok && result.data.reach === "except_finance"
      ? "Every change made to this app, newest first. Its budget events are in the organization's audit log, for those who see its costs."
      : "Every change made to this app, newest first: who did it, to what, from where, and what changed.";
  return <AuditLogPanel path={path} exportPath={`${path}/export`} log={{ owner: app.ownerHandle, app: app.appId }} search={search} result={result} showApp={false} intro={intro} />;
}
