import { count } from "drizzle-orm";
import type { Database } from "./client";
import { apps, handles, memberships, organizations, users } from "./schema";
import type { OrgRole } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { hashPassword } from "@/lib/services/accounts";
import { recordAudit } from "@/db/queries/audit";
import { DEMO_PEOPLE, seedDemoCollaboration } from "./seeds/demo-collaboration";
import { seedDemoCompute } from "./seeds/demo-compute";
import { seedDemoFinance } from "./seeds/demo-finance";

// Demo data for a first look: one organization with a user in every org role and a few apps, its
// compute, and teams, collaborators and app data (db/seeds). Created only when the database has
// no users, and never when DEMO_DATA=off. Instances starting together call it one at a time
// (DatabaseHandle.exclusively), so the count below sees what an earlier one created.

export const DEMO_PASSWORD = "demo-password-2026";
export const DEMO_ORG = { handle: "demo-org", name: "Demo Organization" };
export const DEMO_USERS: ReadonlyArray<{ handle: string; name: string; email: string; role: OrgRole }> = [
  { handle: "demo-admin", name: "Ada Admin", email: "admin@demo.example", role: "Admin" },
  { handle: "demo-finance", name: "Fiona Finance", email: "finance@demo.example", role: "Financial Manager" },
  { handle: "demo-contributor", name: "Cole Contributor", email: "contributor@demo.example", role: "Organization Contributor" },
  { handle: "demo-user", name: "Uma User", email: "user@demo.example", role: "Organization User" },
  { handle: "demo-team-contributor", name: "Theo Teams", email: "team-contributor@demo.example", role: "Team Contributor" },
  { handle: "demo-infra", name: "Ivan Infra", email: "infra@demo.example", role: "Infrastructure Manager" },
];
const DEMO_APPS = [
  { appId: "product-search", name: "Product search", description: "Visual search over the product catalogue." },
  { appId: "moderation", name: "Content moderation", description: "Flags unsafe images before publication." },
  { appId: "labeling", name: "Labeling workspace", description: "Annotation tasks for the labeling team." },
];

export async function seedDemoData(db: Database): Promise<boolean> {
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const orgId = newId("org");
    const adminId = newId("usr");
    const now = new Date();
    const userIds: string[] = [];
    for (const demoUser of DEMO_USERS) {
      const id = demoUser.role === "Admin" ? adminId : newId("usr");
      userIds.push(id);
      await tx.insert(handles).values({ key: demoUser.handle, kind: "user" });
      await tx.insert(users).values({ id, handle: demoUser.handle, handleKey: demoUser.handle, name: demoUser.name, email: demoUser.email, emailVerifiedAt: now, passwordHash });
    }
    await tx.insert(handles).values({ key: DEMO_ORG.handle, kind: "org" });
    await tx.insert(organizations).values({ id: orgId, handle: DEMO_ORG.handle, handleKey: DEMO_ORG.handle, name: DEMO_ORG.name, createdBy: adminId });
    await tx.insert(memberships).values(DEMO_USERS.map((demoUser, i) => ({ orgId, userId: userIds[i]!, role: demoUser.role })));
    for (const app of DEMO_APPS) {
      await tx.insert(apps).values({ id: newId("app"), ownerOrgId: orgId, appId: app.appId, name: app.name, description: app.description, createdBy: adminId });
    }
    await tx.insert(apps).values({ id: newId("app"), ownerUserId: adminId, appId: "sandbox", name: "Sandbox", description: "Ada's personal experiments.", createdBy: adminId });
    await seedDemoCompute(tx, { orgId, createdBy: adminId });
    await seedDemoCollaboration(tx, { orgId, adminId, passwordHash, now });
    await seedDemoFinance(tx, { orgId, adminId, now });
    await recordAudit(tx, { actorUserId: null, orgId, action: "demo.seeded", targetType: "organization", targetId: orgId, after: { users: DEMO_USERS.map((u) => u.handle) } });
  });
  return true;
}

export function demoBanner(baseUrl: string): string {
  const lines = [...DEMO_USERS.map((u) => `  ${u.role.padEnd(26)} ${u.email}`), ...DEMO_PEOPLE.map((p) => `  ${(p.role ?? "Collaborator").padEnd(26)} ${p.email} (${p.note})`)];
  return [
    "",
    `Demo data created: organization "${DEMO_ORG.name}" (${baseUrl}/${DEMO_ORG.handle}).`,
    `Sign in at ${baseUrl}/sign-in with password "${DEMO_PASSWORD}" as:`,
    ...lines,
    "Set DEMO_DATA=off to start with an empty console.",
    "",
  ].join("\n");
}
