import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, auditEvents, permissionGroups, teamApps, teamMembers, teams } from "@/db/schema";
import { seedOrganization, seedTeamsAndApps, seedUser } from "@/db/seeds/teams-apps";
import { openTestDatabase } from "@/db/testing";
import type { OrgRole } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { reachableAppIds } from "./access";
import {
  addTeamApps,
  addTeamMembers,
  createTeam,
  deleteTeam,
  removeTeamApp,
  removeTeamMember,
  renameTeam,
  setTeamAppPermission,
} from "@/lib/operations/teams";
import type { OrgOperation } from "@/lib/operations/operation";
import { runOperation } from "@/lib/operations/runner";
import {
  findTeam,
  listTeamApps,
  listTeamMembers,
  listTeams,
  listTeamsForApp,
  searchAppsToAdd,
  searchMembersToAdd,
  searchTeamsToAddToApp,
} from "@/db/queries/teams";

let handle: DatabaseHandle;
const users: Record<string, string> = {};
let orgId: string;
let foreignOrgId: string;
let orgApp: string;
let secondApp: string;
let foreignApp: string;
let personalApp: string;
let foreignGroup: string;

const ROLES: Record<string, OrgRole> = {
  admin: "Admin",
  finance: "Financial Manager",
  contributor: "Organization Contributor",
  user: "Organization User",
  teamContributor: "Team Contributor",
  infra: "Infrastructure Manager",
};

type Actor = { userId: string; org: string };

/** A person acting in tm-acme (the outsider belongs to tm-globex only). */
function actor(name: keyof typeof ROLES | "outsider"): Actor {
  return { userId: users[name]!, org: "tm-acme" };
}

function run<Input, Output>(operation: OrgOperation<Input, Output>, who: Actor, input: Record<string, unknown>) {
  return runOperation(operation, { userId: who.userId }, { org: who.org, ...input }, { db: handle.db });
}

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of [...Object.keys(ROLES), "outsider"]) users[name] = await seedUser(handle.db, `tm-${name}`, `Person ${name}`);
  orgId = await seedOrganization(handle.db, "tm-acme", Object.entries(ROLES).map(([name, role]) => ({ userId: users[name]!, role })));
  foreignOrgId = await seedOrganization(handle.db, "tm-globex", [{ userId: users.outsider!, role: "Admin" }]);
  orgApp = newId("app");
  secondApp = newId("app");
  foreignApp = newId("app");
  personalApp = newId("app");
  await handle.db.insert(apps).values([
    { id: orgApp, ownerOrgId: orgId, appId: "vision", name: "Vision" },
    { id: secondApp, ownerOrgId: orgId, appId: "speech", name: "Speech" },
    { id: foreignApp, ownerOrgId: foreignOrgId, appId: "theirs", name: "Theirs" },
    { id: personalApp, ownerUserId: users.admin!, appId: "mine", name: "Mine" },
  ]);
  foreignGroup = newId("grp");
  await handle.db.insert(permissionGroups).values({ id: foreignGroup, orgId: foreignOrgId, name: "Foreign", scopes: ["Predict"] });
});
afterAll(async () => {
  await handle?.close();
});

async function snapshot() {
  const [t] = await handle.db.select({ n: count() }).from(teams);
  const [m] = await handle.db.select({ n: count() }).from(teamMembers);
  const [a] = await handle.db.select({ n: count() }).from(teamApps);
  const [e] = await handle.db.select({ n: count() }).from(auditEvents);
  return { teams: t!.n, members: m!.n, apps: a!.n, audit: e!.n };
}

describe("teams", () => {
  let teamRef: string;

  it("an Organization Contributor creates a team, audited", async () => {
    const result = await run(createTeam, actor("contributor"), { teamId: "Labelers", name: "Labelers", permissionGroupId: "grp_labeler_worker" });
    expect(result).toMatchObject({ ok: true, data: { teamId: "Labelers" } });
    teamRef = result.ok ? result.data.id : "";
    expect(await findTeam(handle.db, { orgId, teamId: "labelers" })).toMatchObject({ name: "Labelers", defaultPermission: "Labeler Worker", memberCount: 0 });
    expect(await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "team.created"))).toHaveLength(1);
  });

  it("refuses bad input with a clear message and changes nothing", async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ teamId: "LABELERS", name: "Dup", permissionGroupId: "grp_full_access" }, "teamId", /already exists/],
      [{ teamId: "has space", name: "Bad", permissionGroupId: "grp_full_access" }, "teamId", /letters, digits/],
      [{ teamId: "émoji✓", name: "Bad", permissionGroupId: "grp_full_access" }, "teamId", /letters, digits/],
      [{ teamId: "", name: "Empty id", permissionGroupId: "grp_full_access" }, "teamId", /required/],
      [{ teamId: "ok-id", name: "   ", permissionGroupId: "grp_full_access" }, "name", /required/],
      [{ teamId: "ok-id", name: "Ok", permissionGroupId: "grp_nope" }, "permissionGroupId", /does not exist/],
      [{ teamId: "ok-id", name: "Ok", permissionGroupId: foreignGroup }, "permissionGroupId", /does not exist/],
      [{ teamId: "ok-id", name: "Ok" }, "permissionGroupId", /permission group/],
    ];
    for (const [input, field, message] of cases) {
      const before = await snapshot();
      const result = await run(createTeam, actor("admin"), input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.fieldErrors?.[field]?.join(" "), JSON.stringify(input)).toMatch(message);
      expect(await snapshot()).toEqual(before);
    }
  });

  it("refuses every team change to roles that may not manage teams, changing nothing", async () => {
    for (const name of ["user", "teamContributor", "finance", "infra", "outsider"] as const) {
      const before = await snapshot();
      const who = actor(name);
      const results = [
        await run(createTeam, who, { teamId: `x-${name}`, name: "X", permissionGroupId: "grp_full_access" }),
        await run(renameTeam, who, { teamRef, name: "Renamed" }),
        await run(addTeamMembers, who, { teamRef, userIds: [users[name]!] }),
        await run(addTeamApps, who, { teamRef, appIds: [orgApp], permissionGroupId: "grp_full_access" }),
        await run(deleteTeam, who, { teamRef }),
      ];
      // An outsider is told the organization does not exist, never that a role is missing.
      const code = name === "outsider" ? "not_found" : "forbidden";
      for (const result of results) expect(result, name).toMatchObject({ ok: false, code });
      expect(await snapshot()).toEqual(before);
    }
  });

  it("adds only org members: a non-member is refused by the service and by the schema", async () => {
    const before = await snapshot();
    const refused = await run(addTeamMembers, actor("admin"), { teamRef, userIds: [users.teamContributor!, users.outsider!] });
    expect(refused).toMatchObject({ ok: false, code: "invalid_input", message: "Only members of this organization can be added to its teams." });
    expect(await snapshot()).toEqual(before);
    await expect(handle.db.insert(teamMembers).values({ teamId: teamRef, orgId, userId: users.outsider! })).rejects.toThrow();

    expect((await searchMembersToAdd(handle.db, { orgId, teamRef, q: "person" })).map((m) => m.handle)).not.toContain("tm-outsider");
    const added = await run(addTeamMembers, actor("admin"), { teamRef, userIds: [users.teamContributor!, users.user!] });
    expect(added).toEqual({ ok: true, data: { added: 2 } });
    expect((await searchMembersToAdd(handle.db, { orgId, teamRef, q: "" })).map((m) => m.handle)).not.toContain("tm-teamContributor");
    expect((await listTeamMembers(handle.db, { orgId, teamRef, q: "teamcontrib" })).rows.map((r) => r.handle)).toEqual(["tm-teamContributor"]);
  });

  it("adds only the org's own apps: a foreign or personal app is refused by the service and by the schema", async () => {
    for (const app of [foreignApp, personalApp]) {
      const before = await snapshot();
      const refused = await run(addTeamApps, actor("admin"), { teamRef, appIds: [orgApp, app], permissionGroupId: "grp_full_access" });
      expect(refused).toMatchObject({ ok: false, code: "invalid_input", message: "Only apps owned by this organization can be added to its teams." });
      expect(await snapshot()).toEqual(before);
      await expect(handle.db.insert(teamApps).values({ teamId: teamRef, orgId, appId: app, permissionGroupId: "grp_full_access" })).rejects.toThrow();
    }
    expect((await searchAppsToAdd(handle.db, { orgId, teamRef, q: "" })).map((a) => a.appId)).toEqual(["speech", "vision"]);
    const unknownGroup = await run(addTeamApps, actor("admin"), { teamRef, appIds: [orgApp], permissionGroupId: foreignGroup });
    expect(unknownGroup).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await run(addTeamApps, actor("contributor"), { teamRef, appIds: [orgApp], permissionGroupId: "grp_full_access" })).toEqual({ ok: true, data: { added: 1 } });
    expect(await reachableAppIds(handle.db, users.teamContributor!)).toEqual([orgApp]);
    expect((await listTeamApps(handle.db, { orgId, teamRef })).rows).toMatchObject([{ appId: "vision", permission: "Full Access" }]);
    expect(await listTeamsForApp(handle.db, { orgId, appRef: orgApp })).toMatchObject([{ teamId: "Labelers", permission: "Full Access", memberCount: 2 }]);
    expect((await searchTeamsToAddToApp(handle.db, { orgId, appRef: orgApp, q: "" })).map((t) => t.teamId)).toEqual([]);
    expect((await searchTeamsToAddToApp(handle.db, { orgId, appRef: secondApp, q: "label" })).map((t) => t.teamId)).toEqual(["Labelers"]);
    expect(await searchTeamsToAddToApp(handle.db, { orgId: foreignOrgId, appRef: secondApp, q: "" })).toEqual([]);
  });

  it("changes a team's permission on an app, including to a custom group of the org", async () => {
    const custom = newId("grp");
    await handle.db.insert(permissionGroups).values({ id: custom, orgId, name: "Predictors", scopes: ["Predict"] });
    expect(await run(setTeamAppPermission, actor("admin"), { teamRef, appId: orgApp, permissionGroupId: custom })).toEqual({ ok: true, data: { permission: "Predictors" } });
    const before = await snapshot();
    expect(await run(setTeamAppPermission, actor("admin"), { teamRef, appId: orgApp, permissionGroupId: foreignGroup })).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await run(setTeamAppPermission, actor("admin"), { teamRef, appId: secondApp, permissionGroupId: custom })).toMatchObject({ ok: false, code: "not_found" });
    expect(await snapshot()).toEqual(before);
  });

  it("keeps tenants apart: another org's admin cannot touch this org's team", async () => {
    const other: Actor = { userId: users.outsider!, org: "tm-globex" };
    const before = await snapshot();
    expect(await run(renameTeam, other, { teamRef, name: "Stolen" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await run(deleteTeam, other, { teamRef })).toMatchObject({ ok: false, code: "not_found" });
    expect(await run(removeTeamMember, other, { teamRef, userId: users.user! })).toMatchObject({ ok: false, code: "not_found" });
    expect(await snapshot()).toEqual(before);
  });

  it("renames, removes members and apps, and deletes a team (seats and apps go with it)", async () => {
    expect(await run(renameTeam, actor("admin"), { teamRef, name: "Label crew" })).toEqual({ ok: true, data: { id: teamRef, name: "Label crew" } });
    expect(await run(renameTeam, actor("admin"), { teamRef, name: "" })).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await run(removeTeamMember, actor("admin"), { teamRef, userId: users.user! })).toEqual({ ok: true, data: { removed: true } });
    expect(await run(removeTeamMember, actor("admin"), { teamRef, userId: users.user! })).toMatchObject({ ok: false, code: "not_found" });
    expect(await run(removeTeamApp, actor("admin"), { teamRef, appId: orgApp })).toEqual({ ok: true, data: { removed: true } });
    expect(await reachableAppIds(handle.db, users.teamContributor!)).toEqual([]);
    await run(addTeamApps, actor("admin"), { teamRef, appIds: [orgApp], permissionGroupId: "grp_model_trainer" });
    expect(await run(deleteTeam, actor("admin"), { teamRef })).toEqual({ ok: true, data: { id: teamRef } });
    expect(await handle.db.select().from(teamMembers).where(eq(teamMembers.teamId, teamRef))).toEqual([]);
    expect(await handle.db.select().from(teamApps).where(eq(teamApps.teamId, teamRef))).toEqual([]);
    expect(await reachableAppIds(handle.db, users.teamContributor!)).toEqual([]);
  });

  it("lists 1,000 teams paginated and searchable", async () => {
    const bulkOrg = await seedOrganization(handle.db, "tm-bulk", [{ userId: users.admin!, role: "Admin" }]);
    await seedTeamsAndApps(handle.db, { orgId: bulkOrg, teams: 1000, apps: 50 });
    const first = await listTeams(handle.db, { orgId: bulkOrg, page: 1, pageSize: 20 });
    expect(first.total).toBe(1000);
    expect(first.rows).toHaveLength(20);
    expect(first.rows[0]).toMatchObject({ teamId: "team-0001", appCount: 3 });
    const last = await listTeams(handle.db, { orgId: bulkOrg, page: 50, pageSize: 20 });
    expect(last.rows.at(-1)?.teamId).toBe("team-1000");
    const found = await listTeams(handle.db, { orgId: bulkOrg, q: "team-099" });
    expect(found.rows.map((r) => r.teamId)).toEqual(Array.from({ length: 10 }, (_, i) => `team-099${i}`));
    expect((await listTeams(handle.db, { orgId: bulkOrg, q: "100%_" })).total).toBe(0);
  });
});
