import type { NextRequest } from "next/server";
import { auditExportResponse } from "@/lib/actions/audit-export";
import { exportAppAuditLog, type AuditExportOperation } from "@/lib/operations/audit-log";

/** One app's own audit log as CSV, with the page's filters. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ ownerId: string; appId: string }> }) {
  const { ownerId, appId } = await params;
  const [owner, app] = [decodeURIComponent(ownerId), decodeURIComponent(appId)];
  return auditExportResponse(request, exportAppAuditLog as AuditExportOperation, { owner, app }, `${owner}-${app}`);
}
