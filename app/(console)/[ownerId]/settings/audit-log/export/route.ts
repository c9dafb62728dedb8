import type { NextRequest } from "next/server";
import { auditExportResponse } from "@/lib/actions/audit-export";
import { exportAuditLog } from "@/lib/operations/audit-log";
import type { AuditExport } from "@/lib/operations/audit-log";
import type { Operation } from "@/lib/operations/operation";

/** The organization's audit log as CSV, with the page's filters. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ ownerId: string }> }) {
  const org = decodeURIComponent((await params).ownerId);
  return auditExportResponse(request, exportAuditLog as Operation<unknown, AuditExport>, { org }, org);
}
