import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { handles, memberships, users } from "@/db/schema";
import type { OrgRole } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { hashPassword } from "@/lib/services/accounts";

// Bulk members for benchmarks and pagination tests: verified users `<prefix>-<n>` with emails
// `<prefix>-<n>@members.example`, all sharing one password hash, inserted in batches.

export type SeedMembersOptions = {
  orgId: string;
  count: number;
  /** Handle and email prefix; must keep handles unique across calls. */
  prefix?: string;
  role?: OrgRole;
  password?: string;
  batchSize?: number;
};

export async function seedMembers(db: Database, options: SeedMembersOptions): Promise<{ count: number; prefix: string }> {
  const prefix = (options.prefix ?? `member-${options.orgId.slice(-6)}`).toLowerCase();
  const batchSize = options.batchSize ?? 1000;
  const passwordHash = await hashPassword(options.password ?? "bench-password-1");
  const role: OrgRole = options.role ?? "Organization User";
  const now = new Date();
  for (let start = 0; start < options.count; start += batchSize) {
    const end = Math.min(options.count, start + batchSize);
    const batch = Array.from({ length: end - start }, (_, i) => {
      const n = start + i + 1;
      const handle = `${prefix}-${n}`;
      return { id: newId("usr"), handle, name: `Member ${n} ${prefix}`, email: `${handle}@members.example` };
    });
    await db.transaction(async (tx) => {
      await tx.insert(handles).values(batch.map((user) => ({ key: user.handle, kind: "user" as const })));
      await tx.insert(users).values(batch.map((user) => ({ ...user, handleKey: user.handle, emailVerifiedAt: now, passwordHash })));
      await tx.insert(memberships).values(batch.map((user) => ({ orgId: options.orgId, userId: user.id, role })));
    });
  }
  // Fresh planner statistics, as autovacuum would gather after a bulk load (PGlite runs none).
  await db.execute(sql`analyze users, memberships, handles`);
  return { count: options.count, prefix };
}
