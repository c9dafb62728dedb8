import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, memberships, teamApps, teamMembers, teams } from "@/db/schema";
import { seedOrganization, seedUser } from "@/db/seeds/teams-apps";
import { openTestDatabase, propertyRuns } from "@/db/testing";
import { compileGrants, scopeNames } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { listAppAccess, listReachableApps, loadAccessFacts, reachableAppIds, resolveAppForUser } from "./access";
import { materialize, modelArb, modelGrants } from "./testing/random-orgs";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("check/list consistency on random organizations", () => {
  it("the SQL list of reachable apps equals filtering every app with the evaluator, and the loader reads the model's facts", async () => {
    await fc.assert(
      fc.asyncProperty(modelArb, async (model) => {
        const ids = await materialize(handle.db, model);
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
          // One organization's list (a shortcut for roles that reach every org app) is the same filter.
          for (const [o] of model.orgs.entries()) {
            const orgApps = model.apps.flatMap((a, index) => (a.owner.kind === "org" && a.owner.index === o ? [ids.appIds[index]!] : []));
            const inOrg = await listReachableApps(handle.db, userId, { orgId: ids.orgIds[o]!, pageSize: 100 });
            expect(inOrg.rows.map((r) => r.id).sort()).toEqual(expected.filter((id) => orgApps.includes(id)).sort());
            expect(inOrg.total).toBe(inOrg.rows.length);
          }
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
      { numRuns: propertyRuns(50) },
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
