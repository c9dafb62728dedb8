// The named scenarios of lib/authz/scenarios.ts, written to the database: the list queries
// ("apps this person reaches"), the request-time check (resolve the app, then decide) and "who has
// access" must give the scenario's answers, the same ones the evaluator's unit tests check.

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, collaborators, permissionGroups, teamApps, teamMembers, teams } from "@/db/schema";
import { seedOrganization, seedUser } from "@/db/seeds/teams-apps";
import { openTestDatabase } from "@/db/testing";
import { ENDPOINT_PREFIX, SESSION, evaluateEndpoint, scopeNames, parseScopes } from "@/lib/authz";
import { SCENARIOS, type Scenario } from "@/lib/authz/scenarios";
import { newId } from "@/lib/ids";
import { listAppAccess, reachableAppIds, resolveAppForUser } from "./access";
import { BUILT_IN_IDS } from "./testing/random-orgs";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

type Written = { userIds: Map<string, string>; appIds: Map<string, string>; urls: Map<string, { owner: string; app: string }> };

/** Writes one scenario, its handles prefixed so that scenarios share the database without clashing. */
async function write(scenario: Scenario, prefix: string): Promise<Written> {
  const db = handle.db;
  const userIds = new Map<string, string>();
  for (const user of scenario.users) userIds.set(user, await seedUser(db, `${prefix}-${user}`));
  const orgIds = new Map<string, string>();
  for (const [org, members] of Object.entries(scenario.orgs)) {
    orgIds.set(org, await seedOrganization(db, `${prefix}-${org}`, Object.entries(members).map(([user, role]) => ({ userId: userIds.get(user)!, role }))));
  }
  const appIds = new Map<string, string>();
  const urls = new Map<string, { owner: string; app: string }>();
  for (const app of scenario.apps) {
    const id = newId("app");
    const [owner, appId] = app.id.split("/") as [string, string];
    await db.insert(apps).values({ id, appId, name: app.id, ownerOrgId: "org" in app.owner ? orgIds.get(app.owner.org)! : null, ownerUserId: "user" in app.owner ? userIds.get(app.owner.user)! : null });
    appIds.set(app.id, id);
    urls.set(app.id, { owner: `${prefix}-${owner}`, app: appId });
  }
  for (const team of scenario.teams) {
    const id = newId("tea");
    const orgId = orgIds.get(team.org)!;
    let groupId: string;
    if (typeof team.group === "string") groupId = BUILT_IN_IDS[team.group]!;
    else {
      groupId = newId("grp");
      await db.insert(permissionGroups).values({ id: groupId, orgId, name: team.group.name, scopes: scopeNames(parseScopes(team.group.scopes).scopes) });
    }
    await db.insert(teams).values({ id, orgId, teamId: team.id, name: team.id, defaultPermissionGroupId: groupId });
    for (const member of team.members) await db.insert(teamMembers).values({ teamId: id, orgId, userId: userIds.get(member)! });
    for (const app of team.apps) await db.insert(teamApps).values({ teamId: id, orgId, appId: appIds.get(app)!, permissionGroupId: groupId });
  }
  for (const c of scenario.collaborators) {
    await db.insert(collaborators).values({ id: newId("col"), appId: appIds.get(c.app)!, userId: userIds.get(c.user)!, scopes: scopeNames(parseScopes(c.scopes).scopes), endpointScopes: c.endpoints ? [...c.endpoints] : null });
  }
  return { userIds, appIds, urls };
}

describe.each(SCENARIOS.map((scenario, index) => [scenario.name, scenario, index] as const))("scenario in the database: %s", (_name, scenario, index) => {
  let written: Written;
  beforeAll(async () => {
    written = await write(scenario, `sc${index}`);
  });

  it("list: the apps each person reaches", async () => {
    for (const [user, expected] of Object.entries(scenario.list)) {
      const reached = await reachableAppIds(handle.db, written.userIds.get(user)!);
      const names = scenario.apps.filter((app) => reached.includes(written.appIds.get(app.id)!)).map((app) => app.id);
      expect({ user, apps: names.sort() }).toEqual({ user, apps: [...expected] });
    }
  });

  it("can: the request-time check and who has access", async () => {
    for (const [user, app, endpoint, expected] of scenario.can) {
      const url = written.urls.get(app)!;
      const access = await resolveAppForUser(handle.db, written.userIds.get(user)!, url.owner, url.app);
      const byRequest = access !== null && evaluateEndpoint(access.grants, SESSION, endpoint, { now: new Date() }).allowed;
      const [row] = await handle.db.select().from(apps).where(eq(apps.id, written.appIds.get(app)!));
      const entry = (await listAppAccess(handle.db, row!, new Date())).find((e) => e.userId === written.userIds.get(user));
      const byList = entry?.callableEndpoints.includes(`${ENDPOINT_PREFIX}${endpoint}` as never) ?? false;
      expect({ user, app, endpoint, byRequest, byList }).toEqual({ user, app, endpoint, byRequest: expected, byList: expected });
    }
  });
});
