import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { currentUser } from "@/lib/auth/principal";
import type { AuditExport } from "@/lib/operations/audit-log";
import type { Operation } from "@/lib/operations/operation";
import { runOperation } from "@/lib/operations/runner";
import type { ErrorCode } from "@/lib/result";
import { auditCsvStream, auditExportFileName, auditInput, auditSearch } from "@/lib/services/audit-log";

// The route adapter of the audit log's CSV export: the session's user is the principal, the
// runner authorizes and resolves the filters, then the events stream out batch by batch.

const STATUS: Partial<Record<ErrorCode, number>> = { invalid_input: 400, unauthenticated: 401, forbidden: 403, not_found: 404 };

function plain(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

export async function auditExportResponse(request: NextRequest, operation: Operation<unknown, AuditExport>, tenant: Record<string, string>, owner: string): Promise<Response> {
  const user = await currentUser();
  if (!user) return plain(401, "Your session has ended. Sign in again to continue.");
  const db = await getDb();
  const input = auditInput(auditSearch(Object.fromEntries(request.nextUrl.searchParams)));
  const result = await runOperation(operation, { userId: user.id }, { ...tenant, ...input }, { db });
  if (!result.ok) {
    const details = Object.values(result.fieldErrors ?? {}).flat();
    return plain(STATUS[result.code] ?? 500, [result.message, ...details].join(" "));
  }
  return new Response(auditCsvStream(db, result.data), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${auditExportFileName(owner, new Date())}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
