import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, auditEvents, teamApps, teamMembers, teams } from "@/db/schema";
import { seedOrganization, seedTeamsAndApps, seedUser } from "@/db/seeds/teams-apps";
import { openTestDatabase } from "@/db/testing";
import type { OrgRole } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { listReachableApps, resolveAppForUser } from "./access";
import { createOrgApp, createPersonalApp, deleteApp, setAppVisibility, transferApp, updateAppDetails, updateAppIdentity } from "@/lib/operations/apps";
import type { Operation } from "@/lib/operations/operation";
import { runOperation } from "@/lib/operations/runner";

function run<Input, Output>(operation: Operation<Input, Output>, actor: { userId: string }, input: Record<string, unknown>) {
  return runOperation(operation, actor, input, { db: handle.db });
}

/** The shared org app, as every app operation names its tenant. */
const vision = { owner: "ap-org", app: "vision" };

let handle: DatabaseHandle;
const users: Record<string, string> = {};
let orgId: string;
let appRef: string;

const ROLES: Record<string, OrgRole> = {
  admin: "Admin",
  finance: "Financial Manager",
  contributor: "Organization Contributor",
  user: "Organization User",
  teamContributor: "Team Contributor",
  infra: "Infrastructure Manager",
};

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of [...Object.keys(ROLES), "lonelyTeamContributor", "outsider"]) users[name] = await seedUser(handle.db, `ap-${name}`, `Person ${name}`);
  orgId = await seedOrganization(handle.db, "ap-org", [
    ...Object.entries(ROLES).map(([name, role]) => ({ userId: users[name]!, role })),
    { userId: users.lonelyTeamContributor!, role: "Team Contributor" as const },
  ]);
  appRef = newId("app");
  await handle.db.insert(apps).values({ id: appRef, ownerOrgId: orgId, appId: "vision", name: "Vision", description: "original", notes: "original notes" });
  const team = newId("tea");
  await handle.db.insert(teams).values({ id: team, orgId, teamId: "crew", name: "Crew", defaultPermissionGroupId: "grp_full_access" });
  await handle.db.insert(teamMembers).values({ teamId: team, orgId, userId: users.teamContributor! });
  await handle.db.insert(teamApps).values({ teamId: team, orgId, appId: appRef, permissionGroupId: "grp_full_access" });
});
afterAll(async () => {
  await handle?.close();
});

async function appState() {
  const [row] = await handle.db.select().from(apps).where(eq(apps.id, appRef));
  const [all] = await handle.db.select({ n: count() }).from(apps);
  const [audit] = await handle.db.select({ n: count() }).from(auditEvents);
  return { row, apps: all!.n, audit: audit!.n };
}

type Outcome = "ok" | "forbidden" | "not_found";

// The matrix (DESIGN §3) for one org app, per role: details = description/notes, identity = app ID,
// visibility, delete. The Team Contributor is on a team holding the app; the lonely one is not.
const MATRIX: Record<string, { details: Outcome; identity: Outcome; visibility: Outcome; remove: Outcome; create: Outcome }> = {
  admin: { details: "ok", identity: "ok", visibility: "ok", remove: "ok", create: "ok" },
  contributor: { details: "ok", identity: "ok", visibility: "ok", remove: "ok", create: "ok" },
  user: { details: "forbidden", identity: "forbidden", visibility: "forbidden", remove: "forbidden", create: "forbidden" },
  teamContributor: { details: "ok", identity: "forbidden", visibility: "forbidden", remove: "forbidden", create: "forbidden" },
  lonelyTeamContributor: { details: "not_found", identity: "not_found", visibility: "not_found", remove: "not_found", create: "forbidden" },
  finance: { details: "not_found", identity: "not_found", visibility: "not_found", remove: "not_found", create: "forbidden" },
  infra: { details: "not_found", identity: "not_found", visibility: "not_found", remove: "not_found", create: "forbidden" },
  outsider: { details: "not_found", identity: "not_found", visibility: "not_found", remove: "not_found", create: "not_found" },
};

describe("app settings follow the permission matrix", () => {
  for (const [name, expected] of Object.entries(MATRIX)) {
    it(`${name}: refused changes leave the app untouched`, async () => {
      const actor = { userId: users[name]! };
      const attempts: Array<[Outcome, () => Promise<{ ok: boolean; code?: string }>]> = [
        [expected.create, () => run(createOrgApp, actor, { org: "ap-org", appId: `new-${name}`, name: "New" })],
        [expected.details, () => run(updateAppDetails, actor, { ...vision, description: `by ${name}`, notes: `notes by ${name}` })],
        [expected.visibility, () => run(setAppVisibility, actor, { ...vision, visibility: "public" })],
        [expected.identity, () => run(updateAppIdentity, actor, { ...vision, appId: `renamed-${name}`, name: "Renamed" })],
      ];
      for (const [outcome, attempt] of attempts) {
        const before = await appState();
        const result = await attempt();
        if (outcome === "ok") {
          expect(result.ok, name).toBe(true);
        } else {
          expect(result, name).toMatchObject({ ok: false, code: outcome });
          expect(await appState()).toEqual(before);
        }
      }
      // Undo what was allowed, so every role starts from the same app.
      await handle.db.update(apps).set({ appId: "vision", name: "Vision", visibility: "private", description: "original", notes: "original notes" }).where(eq(apps.id, appRef));
      await handle.db.delete(apps).where(eq(apps.appId, `new-${name}`));

      const before = await appState();
      const removal = await run(deleteApp, actor, { ...vision, confirm: "vision" });
      if (expected.remove === "ok") {
        expect(removal.ok).toBe(true);
        await handle.db.insert(apps).values(before.row!);
        await handle.db.insert(teamApps).values({ teamId: (await handle.db.select().from(teams).where(eq(teams.teamId, "crew")))[0]!.id, orgId, appId: appRef, permissionGroupId: "grp_full_access" });
      } else {
        expect(removal).toMatchObject({ ok: false, code: expected.remove });
        expect(await appState()).toEqual(before);
      }
    });
  }

  it("Organization User sees every org app; Financial and Infrastructure Managers see none", async () => {
    expect((await listReachableApps(handle.db, users.user!, { kind: "org" })).rows.map((a) => a.appId)).toEqual(["vision"]);
    expect((await listReachableApps(handle.db, users.finance!)).total).toBe(0);
    expect((await listReachableApps(handle.db, users.infra!)).total).toBe(0);
    expect(await resolveAppForUser(handle.db, users.finance!, "ap-org", "vision")).toBeNull();
  });
});

describe("creating, deleting and transferring apps", () => {
  it("refuses bad app IDs with clear messages and creates nothing", async () => {
    const actor = { userId: users.admin! };
    expect(await run(createPersonalApp, actor, { appId: "sandbox", name: "Sandbox" })).toMatchObject({ ok: true, data: { ownerHandle: "ap-admin" } });
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ appId: "SANDBOX", name: "Dup" }, /already has an app/],
      [{ appId: "settings", name: "Reserved" }, /reserved/],
      [{ appId: "has space", name: "Bad" }, /letters, digits/],
      [{ appId: "", name: "Empty" }, /required/],
      [{ org: "ap-org", appId: "VISION", name: "Dup in org" }, /already has an app/],
    ];
    for (const [input, message] of cases) {
      const before = await appState();
      const result = await run("org" in input ? createOrgApp : createPersonalApp, actor, input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.fieldErrors?.appId?.join(" ")).toMatch(message);
      expect(await appState()).toEqual(before);
    }
    const emptyName = await run(createPersonalApp, actor, { appId: "named", name: " " });
    expect(emptyName).toMatchObject({ ok: false, fieldErrors: { name: ["Name is required."] } });
  });

  it("deletes only after the app ID is typed", async () => {
    const created = await run(createOrgApp, { userId: users.contributor! }, { org: "ap-org", appId: "doomed", name: "Doomed" });
    if (!created.ok) throw new Error("setup failed");
    const before = await appState();
    const doomed = { owner: "ap-org", app: "doomed" };
    expect(await run(deleteApp, { userId: users.contributor! }, { ...doomed, confirm: "nope" })).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await appState()).toEqual(before);
    expect(await run(deleteApp, { userId: users.contributor! }, { ...doomed, confirm: "doomed" })).toMatchObject({ ok: true });
    expect(await handle.db.select().from(apps).where(eq(apps.id, created.data.id))).toEqual([]);
  });

  it("transfers a personal app into an organization where the owner may create apps", async () => {
    const mine = await run(createPersonalApp, { userId: users.user! }, { appId: "side-project", name: "Side project" });
    if (!mine.ok) throw new Error("setup failed");
    const before = await appState();
    // Organization Users may not create apps in the org, so they may not move one in either.
    const sideProject = { owner: "ap-user", app: "side-project" };
    expect(await run(transferApp, { userId: users.user! }, { ...sideProject, org: "ap-org" })).toMatchObject({ ok: false, code: "forbidden" });
    // Someone else cannot move it.
    expect(await run(transferApp, { userId: users.admin! }, { ...sideProject, org: "ap-org" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await appState()).toEqual(before);

    const admins = await run(createPersonalApp, { userId: users.admin! }, { appId: "to-move", name: "To move" });
    if (!admins.ok) throw new Error("setup failed");
    expect(await run(transferApp, { userId: users.admin! }, { owner: "ap-admin", app: "to-move", org: "ap-org" })).toEqual({ ok: true, data: { ownerHandle: "ap-org", appId: "to-move" } });
    expect(await resolveAppForUser(handle.db, users.user!, "ap-org", "to-move")).not.toBeNull();
    expect(await resolveAppForUser(handle.db, users.admin!, "ap-admin", "to-move")).toBeNull();
  });

  it("lists 5,000 org apps paginated and searchable", async () => {
    const bulkOrg = await seedOrganization(handle.db, "ap-bulk", [{ userId: users.admin!, role: "Admin" }]);
    await seedTeamsAndApps(handle.db, { orgId: bulkOrg, teams: 10, apps: 5000 });
    const page = await listReachableApps(handle.db, users.admin!, { kind: "org", orgId: bulkOrg, page: 3, pageSize: 20 });
    expect(page.total).toBe(5000);
    expect(page.rows.map((a) => a.appId)[0]).toBe("app-0041");
    const found = await listReachableApps(handle.db, users.admin!, { orgId: bulkOrg, q: "app-499" });
    expect(found.total).toBe(10);
  });
});
