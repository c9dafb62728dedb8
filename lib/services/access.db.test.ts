import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, collaborators, memberships, permissionGroups, teamApps, teamMembers, teams } from "@/db/schema";
import { seedOrganization, seedUser } from "@/db/seeds/teams-apps";
import { openTestDatabase } from "@/db/testing";
import { BUILT_IN_GROUP_NAMES, ORG_ROLES, OPERATION_SCOPES, compileGrants, parseScopes, scopeNames, type OrgRole, type TeamGrant } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { listAppAccess, listReachableApps, loadAccessFacts, reachableAppIds, resolveAppForUser } from "./access";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const BUILT_IN_IDS: Record<string, string> = {
  "Full Access": "grp_full_access",
  "Model Trainer": "grp_model_trainer",
  "Labeler Lead": "grp_labeler_lead",
  "Labeler Worker": "grp_labeler_worker",
};

// ─── Random organizations ───────────────────────────────────────────────────────────────────────

type Model = {
  users: number;
  orgs: Array<{ roles: Array<OrgRole | null>; customGroups: string[][] }>;
  apps: Array<{ owner: { kind: "user"; index: number } | { kind: "org"; index: number } }>;
  teams: Array<{ org: number; group: number; members: number[]; apps: number[] }>;
  collaborators: Array<{ app: number; user: number; scopes: string[] }>;
};

const scopesArb = fc.subarray([...OPERATION_SCOPES], { maxLength: 6 });

const modelArb: fc.Arbitrary<Model> = fc.integer({ min: 1, max: 5 }).chain((userCount) =>
  fc
    .record({
      orgs: fc.array(
        fc.record({
          roles: fc.array(fc.option(fc.constantFrom(...ORG_ROLES), { nil: null }), { minLength: userCount, maxLength: userCount }),
          customGroups: fc.array(scopesArb, { maxLength: 2 }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
      appOwners: fc.array(fc.record({ isOrg: fc.boolean(), index: fc.nat() }), { minLength: 1, maxLength: 6 }),
      teams: fc.array(fc.record({ org: fc.nat(), group: fc.nat(), members: fc.array(fc.nat(), { maxLength: 4 }), apps: fc.array(fc.nat(), { maxLength: 4 }) }), { maxLength: 4 }),
      collaborators: fc.array(fc.record({ app: fc.nat(), user: fc.nat(), scopes: scopesArb }), { maxLength: 5 }),
    })
    .map(({ orgs, appOwners, teams: rawTeams, collaborators: rawCollaborators }) => {
      const modelApps = appOwners.map((owner) =>
        owner.isOrg ? { owner: { kind: "org" as const, index: owner.index % orgs.length } } : { owner: { kind: "user" as const, index: owner.index % userCount } },
      );
      const modelTeams = rawTeams.map((team) => {
        const org = team.org % orgs.length;
        const orgMembers = orgs[org]!.roles.flatMap((role, user) => (role ? [user] : []));
        const orgApps = modelApps.flatMap((app, index) => (app.owner.kind === "org" && app.owner.index === org ? [index] : []));
        const groupCount = BUILT_IN_GROUP_NAMES.length + orgs[org]!.customGroups.length;
        return {
          org,
          group: team.group % groupCount,
          members: orgMembers.length ? [...new Set(team.members.map((m) => orgMembers[m % orgMembers.length]!))] : [],
          apps: orgApps.length ? [...new Set(team.apps.map((a) => orgApps[a % orgApps.length]!))] : [],
        };
      });
      const seen = new Set<string>();
      const modelCollaborators = rawCollaborators
        .map((c) => ({ app: c.app % modelApps.length, user: c.user % userCount, scopes: c.scopes }))
        .filter((c) => (seen.has(`${c.app}/${c.user}`) ? false : (seen.add(`${c.app}/${c.user}`), true)));
      return { users: userCount, orgs, apps: modelApps, teams: modelTeams, collaborators: modelCollaborators };
    }),
);

let run = 0;

/** Writes the model to the database; returns the ids. Handles are unique per run. */
async function materialize(model: Model) {
  const db = handle.db;
  const prefix = `r${++run}`;
  const userIds: string[] = [];
  for (let u = 0; u < model.users; u++) userIds.push(await seedUser(db, `${prefix}-u${u}`));
  const orgIds: string[] = [];
  const groupIds: string[][] = [];
  for (const [o, org] of model.orgs.entries()) {
    const members = org.roles.flatMap((role, u) => (role ? [{ userId: userIds[u]!, role }] : []));
    const orgId = await seedOrganization(db, `${prefix}-o${o}`, members);
    orgIds.push(orgId);
    const ids = BUILT_IN_GROUP_NAMES.map((name) => BUILT_IN_IDS[name]!);
    for (const [g, scopes] of org.customGroups.entries()) {
      const id = newId("grp");
      await db.insert(permissionGroups).values({ id, orgId, name: `custom ${g}`, scopes });
      ids.push(id);
    }
    groupIds.push(ids);
  }
  const appIds: string[] = [];
  for (const [a, app] of model.apps.entries()) {
    const id = newId("app");
    await db.insert(apps).values({
      id,
      appId: `app-${a}`,
      name: `App ${a}`,
      ownerUserId: app.owner.kind === "user" ? userIds[app.owner.index]! : null,
      ownerOrgId: app.owner.kind === "org" ? orgIds[app.owner.index]! : null,
    });
    appIds.push(id);
  }
  const teamIds: string[] = [];
  for (const [t, team] of model.teams.entries()) {
    const id = newId("tea");
    const orgId = orgIds[team.org]!;
    await db.insert(teams).values({ id, orgId, teamId: `team-${t}`, name: `Team ${t}`, defaultPermissionGroupId: "grp_full_access" });
    for (const member of team.members) await db.insert(teamMembers).values({ teamId: id, orgId, userId: userIds[member]! });
    for (const app of team.apps) await db.insert(teamApps).values({ teamId: id, orgId, appId: appIds[app]!, permissionGroupId: groupIds[team.org]![team.group]! });
    teamIds.push(id);
  }
  for (const c of model.collaborators) {
    await db.insert(collaborators).values({ id: newId("col"), appId: appIds[c.app]!, userId: userIds[c.user]!, scopes: c.scopes });
  }
  return { prefix, userIds, appIds, teamIds };
}

/** The evaluator's answer, from the model alone (no database). */
function modelGrants(model: Model, user: number, app: number, ids: { appIds: string[]; teamIds: string[] }) {
  const owner = model.apps[app]!.owner;
  const orgRole = owner.kind === "org" ? (model.orgs[owner.index]!.roles[user] ?? null) : null;
  const teamGroups: TeamGrant[] = model.teams.flatMap((team, t) => {
    if (owner.kind !== "org" || team.org !== owner.index || !team.members.includes(user) || !team.apps.includes(app)) return [];
    const custom = model.orgs[team.org]!.customGroups;
    const group =
      team.group < BUILT_IN_GROUP_NAMES.length
        ? BUILT_IN_GROUP_NAMES[team.group]!
        : { name: `custom ${team.group - BUILT_IN_GROUP_NAMES.length}`, scopes: parseScopes(custom[team.group - BUILT_IN_GROUP_NAMES.length]!).scopes };
    return [{ teamId: `team-${t}`, group }];
  });
  const collaborator = model.collaborators.find((c) => c.app === app && c.user === user);
  return compileGrants({
    appId: ids.appIds[app]!,
    isOwner: owner.kind === "user" && owner.index === user,
    orgRole,
    teamGroups,
    collaboratorScopes: collaborator ? parseScopes(collaborator.scopes).scopes : null,
  });
}

describe("check/list consistency on random organizations", () => {
  it("the SQL list of reachable apps equals filtering every app with the evaluator, and the loader reads the model's facts", async () => {
    await fc.assert(
      fc.asyncProperty(modelArb, async (model) => {
        const ids = await materialize(model);
        for (let user = 0; user < model.users; user++) {
          const userId = ids.userIds[user]!;
          const expected: string[] = [];
          for (let app = 0; app < model.apps.length; app++) {
            const fromModel = modelGrants(model, user, app, ids);
            const [row] = await handle.db.select().from(apps).where(eq(apps.id, ids.appIds[app]!));
            const fromDb = compileGrants(await loadAccessFacts(handle.db, userId, row!));
            expect(fromDb.hasAccess).toBe(fromModel.hasAccess);
            expect(scopeNames(fromDb.scopes)).toEqual(scopeNames(fromModel.scopes));
            const owner = model.apps[app]!.owner;
            const ownerHandle = `${ids.prefix}-${owner.kind === "user" ? "u" : "o"}${owner.index}`;
            const resolved = await resolveAppForUser(handle.db, userId, ownerHandle, row!.appId);
            expect(resolved !== null).toBe(fromModel.hasAccess);
            if (fromModel.hasAccess) expected.push(ids.appIds[app]!);
          }
          expect(await reachableAppIds(handle.db, userId)).toEqual([...expected].sort());
          const listed = await listReachableApps(handle.db, userId, { pageSize: 100 });
          expect(listed.rows.map((r) => r.id).sort()).toEqual([...expected].sort());
          expect(listed.total).toBe(expected.length);
          // own ∪ org ∪ shared partitions the reachable apps.
          const parts = await Promise.all((["own", "org", "shared"] as const).map((kind) => listReachableApps(handle.db, userId, { kind, pageSize: 100 })));
          expect(parts.flatMap((p) => p.rows.map((r) => r.id)).sort()).toEqual([...expected].sort());
        }
        // "Who has access" lists exactly the users the evaluator admits, with their scopes.
        for (let app = 0; app < model.apps.length; app++) {
          const [row] = await handle.db.select().from(apps).where(eq(apps.id, ids.appIds[app]!));
          const entries = await listAppAccess(handle.db, row!, new Date());
          const admitted = ids.userIds.filter((_, user) => modelGrants(model, user, app, ids).hasAccess);
          expect(entries.map((e) => e.userId).sort()).toEqual([...admitted].sort());
          for (const entry of entries) {
            const user = ids.userIds.indexOf(entry.userId);
            expect(entry.effectiveScopes).toEqual(scopeNames(modelGrants(model, user, app, ids).scopes));
          }
        }
      }),
      { numRuns: 50 },
    );
  }, 180_000);
});

describe("seats follow memberships", () => {
  it("removing a user from the org removes their team seats and their access at once", async () => {
    const db = handle.db;
    const lead = await seedUser(db, "seat-lead");
    const worker = await seedUser(db, "seat-worker");
    const orgId = await seedOrganization(db, "seat-org", [
      { userId: lead, role: "Admin" },
      { userId: worker, role: "Team Contributor" },
    ]);
    const appRef = newId("app");
    const other = newId("app");
    await db.insert(apps).values([
      { id: appRef, ownerOrgId: orgId, appId: "reached", name: "Reached" },
      { id: other, ownerOrgId: orgId, appId: "unreached", name: "Unreached" },
    ]);
    const teamRef = newId("tea");
    await db.insert(teams).values({ id: teamRef, orgId, teamId: "crew", name: "Crew", defaultPermissionGroupId: "grp_full_access" });
    await db.insert(teamMembers).values({ teamId: teamRef, orgId, userId: worker });
    await db.insert(teamApps).values({ teamId: teamRef, orgId, appId: appRef, permissionGroupId: "grp_full_access" });

    expect(await reachableAppIds(db, worker)).toEqual([appRef]);
    expect(await resolveAppForUser(db, worker, "seat-org", "reached")).not.toBeNull();
    expect(await resolveAppForUser(db, worker, "seat-org", "unreached")).toBeNull();

    await db.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, worker)));

    expect(await db.select().from(teamMembers).where(eq(teamMembers.userId, worker))).toEqual([]);
    expect(await reachableAppIds(db, worker)).toEqual([]);
    expect(await resolveAppForUser(db, worker, "seat-org", "reached")).toBeNull();
    const [row] = await db.select().from(apps).where(eq(apps.id, appRef));
    expect((await listAppAccess(db, row!, new Date())).map((e) => e.userId)).toEqual([lead]);
  });

  it("the schema refuses a seat for a non-member and a foreign organization's app on a team", async () => {
    const db = handle.db;
    const member = await seedUser(db, "fk-member");
    const outsider = await seedUser(db, "fk-outsider");
    const orgId = await seedOrganization(db, "fk-org", [{ userId: member, role: "Admin" }]);
    const foreignOrg = await seedOrganization(db, "fk-foreign", [{ userId: outsider, role: "Admin" }]);
    const foreignApp = newId("app");
    await db.insert(apps).values({ id: foreignApp, ownerOrgId: foreignOrg, appId: "theirs", name: "Theirs" });
    const personalApp = newId("app");
    await db.insert(apps).values({ id: personalApp, ownerUserId: member, appId: "mine", name: "Mine" });
    const teamRef = newId("tea");
    await db.insert(teams).values({ id: teamRef, orgId, teamId: "fk-team", name: "FK", defaultPermissionGroupId: "grp_full_access" });

    await expect(db.insert(teamMembers).values({ teamId: teamRef, orgId, userId: outsider })).rejects.toThrow();
    await expect(db.insert(teamApps).values({ teamId: teamRef, orgId, appId: foreignApp, permissionGroupId: "grp_full_access" })).rejects.toThrow();
    // Claiming the other org in the row does not help: the team belongs to this org.
    await expect(db.insert(teamApps).values({ teamId: teamRef, orgId: foreignOrg, appId: foreignApp, permissionGroupId: "grp_full_access" })).rejects.toThrow();
    await expect(db.insert(teamApps).values({ teamId: teamRef, orgId, appId: personalApp, permissionGroupId: "grp_full_access" })).rejects.toThrow();
    expect(await db.select().from(teamMembers).where(eq(teamMembers.teamId, teamRef))).toEqual([]);
    expect(await db.select().from(teamApps).where(eq(teamApps.teamId, teamRef))).toEqual([]);
  });
});
