import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { annotations, collaborators, concepts, credentials, inputs, organizations, teamApps, teamMembers, teams, users } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { listPendingInvitations } from "@/lib/operations/invitations";
import { runAs } from "@/lib/operations/testing";
import { resolveAppForUser } from "@/lib/services/access";
import { appDataOverview } from "@/lib/services/apps";
import { listCollaboratorsForViewer } from "@/lib/services/collaborators";
import { DEMO_ORG, seedDemoData } from "../seed-demo";
import { seedDemoCollaboration } from "./demo-collaboration";

// The demo's teams, collaborators and app data, as the demo people reach them — and what the
// personas are kept clear of, since the end-to-end suite shows the role matrix with them.

let handle: DatabaseHandle;

async function userId(email: string): Promise<string> {
  const [user] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`no demo user ${email}`);
  return user.id;
}

async function reach(email: string, owner: string, app: string) {
  return resolveAppForUser(handle.db, await userId(email), owner, app);
}

async function counts() {
  const db = handle.db;
  const n = async (table: typeof teams | typeof teamMembers | typeof teamApps | typeof collaborators | typeof inputs | typeof concepts | typeof annotations | typeof credentials | typeof users) =>
    (await db.select({ n: count() }).from(table))[0]!.n;
  return {
    users: await n(users),
    teams: await n(teams),
    seats: await n(teamMembers),
    teamApps: await n(teamApps),
    collaborators: await n(collaborators),
    tokens: await n(credentials),
    inputs: await n(inputs),
    concepts: await n(concepts),
    annotations: await n(annotations),
  };
}

beforeAll(async () => {
  handle = await openTestDatabase();
  expect(await seedDemoData(handle.db)).toBe(true);
});

afterAll(async () => {
  await handle?.close();
});

describe("the demo's teams and collaborators", () => {
  it("gives demo-org two teams, each with members and apps", async () => {
    const rows = await handle.db.select({ teamId: teams.teamId, id: teams.id }).from(teams);
    expect(rows.map((team) => team.teamId).sort()).toEqual(["labeling-team", "ml-engineers"]);
    for (const team of rows) {
      expect((await handle.db.select().from(teamMembers).where(eq(teamMembers.teamId, team.id))).length).toBeGreaterThan(0);
      expect((await handle.db.select().from(teamApps).where(eq(teamApps.teamId, team.id))).length).toBeGreaterThan(0);
    }
    // A team member reaches their team's apps through the team, and no other app of the org.
    const labeler = await reach("labeler@demo.example", DEMO_ORG.handle, "labeling");
    expect(labeler?.grants.facts.teamGroups.map((team) => team.group)).toEqual(["Labeler Lead"]);
    expect(await reach("labeler@demo.example", DEMO_ORG.handle, "product-search")).toBeNull();
  });

  it("keeps the personas' demonstrations intact: the Team Contributor persona has no team, product-search no team and no collaborator", async () => {
    const theo = await userId("team-contributor@demo.example");
    expect(await handle.db.select().from(teamMembers).where(eq(teamMembers.userId, theo))).toEqual([]);
    for (const app of ["product-search", "moderation", "labeling"]) expect(await reach("team-contributor@demo.example", DEMO_ORG.handle, app)).toBeNull();
    const productSearch = await reach("admin@demo.example", DEMO_ORG.handle, "product-search");
    expect(await handle.db.select().from(teamApps).where(eq(teamApps.appId, productSearch!.app.id))).toEqual([]);
    expect((await listCollaboratorsForViewer(handle.db, productSearch!)).rows).toEqual([]);
  });

  it("shares moderation and the admin's sandbox with an outside collaborator, who holds the collaboration's token", async () => {
    const partner = await userId("partner@demo.example");
    expect((await reach("partner@demo.example", DEMO_ORG.handle, "moderation"))?.grants.facts.collaboratorScopes).not.toBeNull();
    expect(await reach("partner@demo.example", "demo-admin", "sandbox")).not.toBeNull();
    expect(await reach("partner@demo.example", DEMO_ORG.handle, "labeling")).toBeNull();
    const tokens = await handle.db.select({ name: credentials.name }).from(credentials).where(eq(credentials.userId, partner));
    expect(tokens.map((token) => token.name).sort()).toEqual(["Collaboration: demo-admin/sandbox", "Collaboration: demo-org/moderation"]);
  });

  it("has a pending invitation of each kind for the Admin to resend or rescind", async () => {
    const admin = await userId("admin@demo.example");
    const pending = await runAs(handle.db, listPendingInvitations, admin, { org: DEMO_ORG.handle });
    expect(pending.ok && pending.data.map((invitation) => [invitation.email, invitation.role])).toEqual([["newcomer@partner.example", "Organization User"]]);
    const moderation = await reach("admin@demo.example", DEMO_ORG.handle, "moderation");
    const listing = await listCollaboratorsForViewer(handle.db, moderation!);
    expect(listing.rows.map((row) => row.email)).toEqual(["partner@demo.example"]);
    expect(listing.invitations.map((invitation) => [invitation.email, invitation.mayResend, invitation.mayRescind])).toEqual([["reviewer@partner.example", true, true]]);
  });

  it("gives the new demo people the demo password and verified addresses", async () => {
    const [labeler] = await handle.db.select({ passwordHash: users.passwordHash, verified: users.emailVerifiedAt }).from(users).where(eq(users.email, "labeler@demo.example"));
    const [admin] = await handle.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.email, "admin@demo.example"));
    expect(labeler?.passwordHash).toBe(admin?.passwordHash);
    expect(labeler?.verified).not.toBeNull();
  });
});

describe("the demo's app data", () => {
  it("fills every org app with inputs and concepts, shown on the app page to whoever may list them", async () => {
    for (const app of ["product-search", "moderation", "labeling"]) {
      const access = await reach("user@demo.example", DEMO_ORG.handle, app);
      const overview = await appDataOverview(handle.db, access!);
      expect(overview.inputs?.count, app).toBeGreaterThan(0);
      expect(overview.inputs?.items.length, app).toBeGreaterThan(0);
      expect(overview.concepts?.count, app).toBeGreaterThan(0);
    }
    const labeling = await appDataOverview(handle.db, (await reach("labeler@demo.example", DEMO_ORG.handle, "labeling"))!);
    expect(labeling.annotations?.count).toBe(3);
    // The outside collaborator on moderation holds no Models:Get: the models are left out for them.
    const partnerView = await appDataOverview(handle.db, (await reach("partner@demo.example", DEMO_ORG.handle, "moderation"))!);
    expect(partnerView.inputs?.count).toBe(4);
    expect(partnerView.models).toBeNull();
  });
});

describe("seeding again", () => {
  it("changes nothing", async () => {
    const before = await counts();
    const [org] = await handle.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.handle, DEMO_ORG.handle));
    const adminId = await userId("admin@demo.example");
    const [admin] = await handle.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, adminId));
    await handle.db.transaction((tx) => seedDemoCollaboration(tx, { orgId: org!.id, adminId, passwordHash: admin!.passwordHash }));
    expect(await counts()).toEqual(before);
    expect(await seedDemoData(handle.db)).toBe(false);
  });
});
