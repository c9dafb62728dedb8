import type { NextRequest } from "next/server";
import { auditExportResponse } from "@/lib/actions/audit-export";
import { exportAuditLog, type AuditExportOperation } from "@/lib/operations/audit-log";

/** The organization's audit log as CSV, with the page's filters. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ ownerId: string }> }) {
  const org = decodeURIComponent((await params).ownerId);
  return auditExportResponse(request, exportAuditLog as AuditExportOperation, { org }, org);
}
