import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { currentUser } from "@/lib/auth/principal";
import { auditExportReader, type AuditExportOperation } from "@/lib/operations/audit-log";
import type { ErrorCode } from "@/lib/result";
import { auditExportFileName, auditInput, auditSearch, openAuditCsvExport } from "@/lib/services/audit-log";

// The route adapter of the audit log's CSV export: the session's user is the principal; the events
// stream out batch by batch, each batch authorized by the runner and read through the descriptor.

const STATUS: Partial<Record<ErrorCode, number>> = { invalid_input: 400, unauthenticated: 401, forbidden: 403, not_found: 404 };

function plain(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

export async function auditExportResponse(request: NextRequest, operation: AuditExportOperation, tenant: Record<string, string>, owner: string): Promise<Response> {
  const user = await currentUser();
  if (!user) return plain(401, "Your session has ended. Sign in again to continue.");
  const input = auditInput(auditSearch(Object.fromEntries(request.nextUrl.searchParams)));
  const opened = await openAuditCsvExport(auditExportReader(operation, { userId: user.id }, { ...tenant, ...input }, await getDb()));
  if (!opened.ok) {
    const details = Object.values(opened.fieldErrors ?? {}).flat();
    return plain(STATUS[opened.code] ?? 500, [opened.message, ...details].join(" "));
  }
  return new Response(opened.data, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${auditExportFileName(owner, new Date())}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
