import { getDb } from "@/db/client";
import { currentUser } from "@/lib/auth/principal";
import { viewStatement } from "@/lib/operations/finance";
import { runOperation } from "@/lib/operations/runner";
import { statementCsv } from "@/lib/services/costs";

const STATUS = { unauthenticated: 401, forbidden: 403, not_found: 404, invalid_input: 404 } as const;

/** A closed month's statement as CSV, for Admins and Financial Managers (the operation decides). */
export async function GET(_request: Request, { params }: { params: Promise<{ ownerId: string; month: string }> }) {
  const { ownerId, month } = await params;
  const user = await currentUser();
  if (!user) return new Response("Sign in to download statements.\n", { status: 401, headers: { "content-type": "text/plain; charset=utf-8" } });
  const org = decodeURIComponent(ownerId);
  const result = await runOperation(viewStatement, { userId: user.id }, { org, month }, { db: await getDb() });
  if (!result.ok) {
    const status = STATUS[result.code as keyof typeof STATUS] ?? 500;
    const message = result.code === "forbidden" ? "Your role in this organization does not include its financial data. Ask an Admin if you need it." : result.message;
    return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const { statement, lines } = result.data;
  return new Response(statementCsv(statement, lines), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="statement-${org.replace(/[^A-Za-z0-9_-]/g, "_")}-${month.replace(/[^0-9-]/g, "")}.csv"`,
      "cache-control": "private, no-store",
    },
  });
}
