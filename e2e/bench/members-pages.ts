// Members-page cases for `npm run bench:pages`: the members page of an organization with 10,000
// members (first page, a server-side search, a deep page), each with its twin in a 10-member
// organization (seen by the small-org Admin).
import { handles, memberships, organizations } from "@/db/schema";
import { seedMembers } from "@/db/seeds/members";
import { newId } from "@/lib/ids";
import type { PageBenchCase, PageBenchContext } from "./pages";

async function organizationWithMembers(context: PageBenchContext, handle: string, count: number, adminUserId: string): Promise<void> {
  const orgId = newId("org");
  await context.db.insert(handles).values({ key: handle, kind: "org" });
  await context.db.insert(organizations).values({ id: orgId, handle, handleKey: handle, name: `Bench ${handle}`, createdBy: adminUserId });
  await context.db.insert(memberships).values({ orgId, userId: adminUserId, role: "Admin" });
  // The Admin is one of the `count` members.
  await seedMembers(context.db, { orgId, count: count - 1, prefix: handle });
}

async function setup(context: PageBenchContext): Promise<void> {
  await organizationWithMembers(context, "bench-small", 10, context.smallAdminUserId);
  await organizationWithMembers(context, "bench-large", 10_000, context.adminUserId);
}

export const membersPageCases: PageBenchCase[] = [
  { name: "members page", path: "/bench-large/settings/members", twin: "/bench-small/settings/members", setup },
  { name: "members page, search", path: "/bench-large/settings/members?q=bench-large-9876%40", twin: "/bench-small/settings/members?q=bench-small-7%40" },
  { name: "members page, deep page", path: "/bench-large/settings/members?page=300", twin: "/bench-small/settings/members?page=1" },
];
