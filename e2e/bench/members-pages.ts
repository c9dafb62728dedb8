// Members-page cases for `npm run bench:pages`: the same page with 10 and with 10,000 members,
// and a server-side search and a deep page in the large organization.
import { handles, memberships, organizations } from "@/db/schema";
import { seedMembers } from "@/db/seeds/members";
import { newId } from "@/lib/ids";
import type { PageBenchCase, PageBenchContext } from "./pages";

async function organizationWithMembers(context: PageBenchContext, handle: string, count: number): Promise<void> {
  const orgId = newId("org");
  await context.db.insert(handles).values({ key: handle, kind: "org" });
  await context.db.insert(organizations).values({ id: orgId, handle, handleKey: handle, name: `Bench ${handle}`, createdBy: context.adminUserId });
  await context.db.insert(memberships).values({ orgId, userId: context.adminUserId, role: "Admin" });
  // The Admin is one of the `count` members.
  await seedMembers(context.db, { orgId, count: count - 1, prefix: handle });
}

export const membersPageCases: PageBenchCase[] = [
  {
    name: "members page, 10 members",
    path: "/bench-small/settings/members",
    setup: (context) => organizationWithMembers(context, "bench-small", 10),
  },
  {
    name: "members page, 10,000 members",
    path: "/bench-large/settings/members",
    setup: (context) => organizationWithMembers(context, "bench-large", 10_000),
  },
  { name: "members page, 10,000 members, search", path: "/bench-large/settings/members?q=bench-large-9876%40" },
  { name: "members page, 10,000 members, page 300", path: "/bench-large/settings/members?page=300" },
];
