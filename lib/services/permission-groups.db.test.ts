import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, permissionGroups, teams } from "@/db/schema";
import { seedOrganization, seedUser } from "@/db/seeds/teams-apps";
import { openTestDatabase } from "@/db/testing";
import { BUILT_IN_GROUPS, scopeNames } from "@/lib/authz";
import { createPermissionGroup, deletePermissionGroup, updatePermissionGroup } from "@/lib/operations/permission-groups";
import type { OrgOperation } from "@/lib/operations/operation";
import { runOperation } from "@/lib/operations/runner";
import { teamsUsingGroup } from "@/db/queries/permission-groups";
import { listPermissionGroups, type OrgActor } from "./permission-groups";
import { addTeamApps, createTeam } from "@/lib/operations/teams";
import { apps } from "@/db/schema";
import { newId } from "@/lib/ids";

type Member = OrgActor & { org: string };
let handle: DatabaseHandle;
let admin: Member;
let contributor: Member;
let orgUser: Member;
let otherAdmin: Member;

/** Runs an operation as `who`, in the organization `who` was seeded into. */
function run<Input, Output>(operation: OrgOperation<Input, Output>, who: Member, input: Record<string, unknown>) {
  return runOperation(operation, { userId: who.userId }, { org: who.org, ...input }, { db: handle.db });
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const a = await seedUser(handle.db, "pg-admin");
  const c = await seedUser(handle.db, "pg-contributor");
  const u = await seedUser(handle.db, "pg-user");
  const orgId = await seedOrganization(handle.db, "pg-org", [
    { userId: a, role: "Admin" },
    { userId: c, role: "Organization Contributor" },
    { userId: u, role: "Organization User" },
  ]);
  const otherOrg = await seedOrganization(handle.db, "pg-other", [{ userId: u, role: "Admin" }]);
  admin = { userId: a, orgId, role: "Admin", org: "pg-org" };
  contributor = { userId: c, orgId, role: "Organization Contributor", org: "pg-org" };
  orgUser = { userId: u, orgId, role: "Organization User", org: "pg-org" };
  otherAdmin = { userId: u, orgId: otherOrg, role: "Admin", org: "pg-other" };
});
afterAll(async () => {
  await handle?.close();
});

async function snapshot() {
  const [g] = await handle.db.select({ n: count() }).from(permissionGroups);
  const [t] = await handle.db.select({ n: count() }).from(teams);
  const [e] = await handle.db.select({ n: count() }).from(auditEvents);
  const rows = await handle.db.select({ id: permissionGroups.id, name: permissionGroups.name, scopes: permissionGroups.scopes }).from(permissionGroups);
  return { groups: g!.n, teams: t!.n, audit: e!.n, rows: rows.sort((x, y) => x.id.localeCompare(y.id)) };
}

describe("permission groups", () => {
  let groupId = "";

  it("lists the four built-ins (scopes from lib/authz) before the org's own", async () => {
    const groups = await listPermissionGroups(handle.db, admin.orgId);
    expect(groups.map((g) => [g.name, g.builtin])).toEqual([
      ["Full Access", true],
      ["Model Trainer", true],
      ["Labeler Lead", true],
      ["Labeler Worker", true],
    ]);
    expect(groups[1]!.scopes).toEqual(scopeNames(BUILT_IN_GROUPS["Model Trainer"].scopes));
  });

  it("an Organization Contributor defines a group with operation scopes", async () => {
    const result = await run(createPermissionGroup, contributor, { name: "Reviewers", scopes: ["Predict", "Annotations:Get"] });
    expect(result).toMatchObject({ ok: true, data: { name: "Reviewers", builtin: false, scopes: ["Annotations:Get", "Predict"] } });
    groupId = result.ok ? result.data.id : "";
    expect((await listPermissionGroups(handle.db, admin.orgId)).map((g) => g.name)).toContain("Reviewers");
    expect((await listPermissionGroups(handle.db, otherAdmin.orgId)).map((g) => g.name)).not.toContain("Reviewers");
  });

  it("refuses bad input and other roles, changing nothing", async () => {
    const cases: Array<[Member, Record<string, unknown>, string]> = [
      [admin, { name: "reviewers", scopes: ["Predict"] }, "conflict"],
      [admin, { name: "full access", scopes: ["Predict"] }, "invalid_input"],
      [admin, { name: "", scopes: ["Predict"] }, "invalid_input"],
      [admin, { name: "Nothing", scopes: [] }, "invalid_input"],
      [admin, { name: "Unknown", scopes: ["Predict", "Models:Fly"] }, "invalid_input"],
      [orgUser, { name: "Sneaky", scopes: ["Predict"] }, "forbidden"],
    ];
    for (const [who, input, code] of cases) {
      const before = await snapshot();
      expect(await run(createPermissionGroup, who, input), JSON.stringify(input)).toMatchObject({ ok: false, code });
      expect(await snapshot()).toEqual(before);
    }
    const before = await snapshot();
    expect(await run(updatePermissionGroup, orgUser, { groupId, name: "Hijack", scopes: ["Predict"] })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await run(updatePermissionGroup, otherAdmin, { groupId, name: "Hijack", scopes: ["Predict"] })).toMatchObject({ ok: false, code: "not_found" });
    expect(await run(updatePermissionGroup, admin, { groupId: "grp_full_access", name: "Mine now", scopes: ["Predict"] })).toMatchObject({ ok: false, code: "not_found" });
    expect(await run(deletePermissionGroup, admin, { groupId: "grp_full_access" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await run(deletePermissionGroup, otherAdmin, { groupId })).toMatchObject({ ok: false, code: "not_found" });
    expect(await snapshot()).toEqual(before);
  });

  it("updates a custom group", async () => {
    expect(await run(updatePermissionGroup, admin, { groupId, name: "Reviewers", scopes: ["Predict", "Search", "Inputs:Get"] })).toMatchObject({
      ok: true,
      data: { scopes: ["Inputs:Get", "Predict", "Search"] },
    });
  });

  it("refuses deleting a group in use and names the teams using it", async () => {
    const asDefault = await run(createTeam, admin, { teamId: "qa", name: "QA", permissionGroupId: groupId });
    const onApp = await run(createTeam, admin, { teamId: "ops", name: "Ops", permissionGroupId: "grp_full_access" });
    if (!asDefault.ok || !onApp.ok) throw new Error("setup failed");
    const app = newId("app");
    await handle.db.insert(apps).values({ id: app, ownerOrgId: admin.orgId, appId: "ranker", name: "Ranker" });
    expect(await run(addTeamApps, admin, { teamRef: onApp.data.id, appIds: [app], permissionGroupId: groupId })).toMatchObject({ ok: true });
    expect(await teamsUsingGroup(handle.db, { orgId: admin.orgId, groupId })).toEqual(["ops", "qa"]);

    const before = await snapshot();
    const refused = await run(deletePermissionGroup, admin, { groupId });
    expect(refused).toMatchObject({ ok: false, code: "conflict", details: { teams: ["ops", "qa"] } });
    if (!refused.ok) expect(refused.message).toBe("“Reviewers” is used by teams ops, qa. Give those teams another permission first.");
    expect(await snapshot()).toEqual(before);
  });

  it("deletes an unused custom group, audited", async () => {
    const spare = await run(createPermissionGroup, admin, { name: "Spare", scopes: ["Predict"] });
    if (!spare.ok) throw new Error("setup failed");
    expect(await run(deletePermissionGroup, admin, { groupId: spare.data.id })).toEqual({ ok: true, data: { id: spare.data.id } });
    expect((await listPermissionGroups(handle.db, admin.orgId)).map((g) => g.name)).not.toContain("Spare");
  });
});
