import type { NextRequest } from "next/server";
import { auditExportResponse } from "@/lib/actions/audit-export";
import { exportAppAuditLog } from "@/lib/operations/audit-log";
import type { AuditExport } from "@/lib/operations/audit-log";
import type { Operation } from "@/lib/operations/operation";

/** One app's own audit log as CSV, with the page's filters. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ ownerId: string; appId: string }> }) {
  const { ownerId, appId } = await params;
  const [owner, app] = [decodeURIComponent(ownerId), decodeURIComponent(appId)];
  return auditExportResponse(request, exportAppAuditLog as Operation<unknown, AuditExport>, { owner, app }, `${owner}-${app}`);
}
