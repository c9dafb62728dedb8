import { getDb } from "@/db/client";
import { currentUser } from "@/lib/auth/principal";
import { exportMembers } from "@/lib/operations/members";
import { runOperation } from "@/lib/operations/runner";
import { membersCsv, membersExportFileName } from "@/lib/services/members";

const STATUS = { unauthenticated: 401, forbidden: 403, not_found: 404, invalid_input: 400 } as const;

function plain(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/** The organization's members as CSV, for those who manage members (the operation decides). */
export async function GET(_request: Request, { params }: { params: Promise<{ ownerId: string }> }) {
  const user = await currentUser();
  if (!user) return plain(401, "Your session has ended. Sign in again to continue.");
  const org = decodeURIComponent((await params).ownerId);
  const result = await runOperation(exportMembers, { userId: user.id }, { org }, { db: await getDb() });
  if (!result.ok) {
    const message = result.code === "forbidden" ? "Only Admins can export the members list." : result.message;
    return plain(STATUS[result.code as keyof typeof STATUS] ?? 500, message);
  }
  return new Response(membersCsv(result.data), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${membersExportFileName(org, new Date())}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
