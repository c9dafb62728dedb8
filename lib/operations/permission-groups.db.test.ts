import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { listEnvironments } from "@/db/queries/compute";
import { apps, auditEvents, permissionGroups, teamApps, teamMembers, teams } from "@/db/schema";
import { seedOrganization, seedUser } from "@/db/seeds/teams-apps";
import { openTestDatabase } from "@/db/testing";
import { BUILT_IN_ENVIRONMENT_POLICIES } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { listPermissionGroups } from "@/lib/services/permission-groups";
import { createEnvironment, viewCompute } from "./compute";
import { createPermissionGroup, updatePermissionGroup } from "./permission-groups";
import type { Operation } from "./operation";
import { runAs } from "./testing";

// A custom permission group's environment access (ConfigCat's dialog: one level for all
// environments, overrides per environment) is created, edited, listed — and decided on: a team
// seat with the group gives exactly those levels in the Compute section.

let handle: DatabaseHandle;
let admin = "";
let orgUser = "";
let member = "";
let orgId = "";
let otherAdmin = "";
const env: Record<string, string> = {};
let foreignEnvironment = "";

const ORG = "envs-org";
function run<Input, Output>(userId: string, operation: Operation<Input, Output>, input: Record<string, unknown>) {
  return runAs(handle.db, operation, userId, { org: ORG, ...input });
}

beforeAll(async () => {
  handle = await openTestDatabase();
  admin = await seedUser(handle.db, "envs-admin");
  orgUser = await seedUser(handle.db, "envs-user");
  member = await seedUser(handle.db, "envs-member");
  otherAdmin = await seedUser(handle.db, "envs-other");
  orgId = await seedOrganization(handle.db, ORG, [
    { userId: admin, role: "Admin" },
    { userId: orgUser, role: "Organization User" },
    { userId: member, role: "Team Contributor" },
  ]);
  const otherOrg = await seedOrganization(handle.db, "envs-elsewhere", [{ userId: otherAdmin, role: "Admin" }]);
  const staging = await run(admin, createEnvironment, { name: "Staging" });
  if (!staging.ok) throw new Error(staging.message);
  for (const row of await listEnvironments(handle.db, { orgId })) env[row.name] = row.id;
  foreignEnvironment = (await listEnvironments(handle.db, { orgId: otherOrg }))[0]!.id;
});

afterAll(async () => {
  await handle?.close();
});

async function groupRows() {
  const rows = await handle.db.select({ id: permissionGroups.id, name: permissionGroups.name, scopes: permissionGroups.scopes, environments: permissionGroups.environments }).from(permissionGroups);
  const [audits] = await Promise.all([handle.db.select({ id: auditEvents.id }).from(auditEvents)]);
  return JSON.stringify([rows.sort((a, b) => a.id.localeCompare(b.id)), audits.length]);
}

const developer = () => ({ all: "full", overrides: { [env.Production!]: "read_only", [env.Staging!]: "none" } });

describe("environment access of permission groups", () => {
  let groupId = "";

  it("built-in groups show their fixed levels", async () => {
    const groups = await listPermissionGroups(handle.db, orgId);
    expect(groups.filter((group) => group.builtin).map((group) => [group.name, group.environments])).toEqual(Object.entries(BUILT_IN_ENVIRONMENT_POLICIES).map(([name, policy]) => [name, policy]));
  });

  it("a custom group is created with a level for all environments and overrides, listed and audited", async () => {
    const created = await run(admin, createPermissionGroup, { name: "Developer", scopes: ["Models:Get", "Models:Add"], environments: developer() });
    expect(created).toMatchObject({ ok: true, data: { name: "Developer", environments: developer() } });
    groupId = created.ok ? created.data.id : "";
    const listed = (await listPermissionGroups(handle.db, orgId)).find((group) => group.id === groupId);
    expect(listed?.environments).toEqual(developer());
    const [audit] = await handle.db.select({ after: auditEvents.after }).from(auditEvents).where(eq(auditEvents.targetId, groupId));
    expect(audit?.after).toMatchObject({ environments: developer() });
  });

  it("a group created without environment access gets none", async () => {
    const created = await run(admin, createPermissionGroup, { name: "Readers", scopes: ["Inputs:Get"] });
    expect(created).toMatchObject({ ok: true, data: { environments: { all: "none", overrides: {} } } });
    const listed = (await listPermissionGroups(handle.db, orgId)).find((group) => group.name === "Readers");
    expect(listed?.environments).toEqual({ all: "none", overrides: {} });
  });

  it("the stored levels are the ones decided: a team seat with the group gives exactly them", async () => {
    const appRef = newId("app");
    await handle.db.insert(apps).values({ id: appRef, ownerOrgId: orgId, appId: "detector", name: "Detector" });
    const teamRef = newId("tea");
    await handle.db.insert(teams).values({ id: teamRef, orgId, teamId: "devs", name: "Devs", defaultPermissionGroupId: groupId });
    await handle.db.insert(teamMembers).values({ teamId: teamRef, orgId, userId: member });
    await handle.db.insert(teamApps).values({ teamId: teamRef, orgId, appId: appRef, permissionGroupId: groupId });
    const levels = async () => {
      const seen = await run(member, viewCompute, {});
      return seen.ok ? Object.fromEntries(seen.data.environments.map((environment) => [environment.name, environment.access])) : seen.code;
    };
    expect(await levels()).toEqual({ Development: "full", Production: "read_only" });

    // Editing the group changes what the seat gives on the next request.
    const edited = await run(admin, updatePermissionGroup, { groupId, name: "Developer", scopes: ["Models:Get"], environments: { all: "read_only", overrides: { [env.Staging!]: "full" } } });
    expect(edited.ok).toBe(true);
    expect(await levels()).toEqual({ Development: "read_only", Production: "read_only", Staging: "full" });
    const none = await run(admin, updatePermissionGroup, { groupId, name: "Developer", scopes: ["Models:Get"], environments: { all: "none", overrides: {} } });
    expect(none.ok).toBe(true);
    expect(await levels()).toBe("forbidden");
  });

  it("an edit without environment access keeps the group's levels", async () => {
    expect((await run(admin, updatePermissionGroup, { groupId, name: "Developer", scopes: ["Models:Get"], environments: developer() })).ok).toBe(true);
    const renamed = await run(admin, updatePermissionGroup, { groupId, name: "Developers", scopes: ["Models:Get", "Predict"] });
    expect(renamed).toMatchObject({ ok: true, data: { environments: developer() } });
    const listed = (await listPermissionGroups(handle.db, orgId)).find((group) => group.id === groupId);
    expect(listed).toMatchObject({ name: "Developers", environments: developer() });
  });

  it.each([
    ["an unknown level", () => ({ all: "admin", overrides: {} })],
    ["an unknown level in an override", () => ({ all: "full", overrides: { [env.Production!]: "write" } })],
    ["another organization's environment", () => ({ all: "none", overrides: { [foreignEnvironment]: "full" } })],
    ["an environment that does not exist", () => ({ all: "none", overrides: { env_nothing: "full" } })],
  ])("refuses %s, changing nothing", async (_label, environments) => {
    const before = await groupRows();
    const created = await run(admin, createPermissionGroup, { name: "Broken", scopes: ["Predict"], environments: environments() });
    expect(created).toMatchObject({ ok: false, code: "invalid_input" });
    if (!created.ok) expect(created.fieldErrors?.environments?.length).toBeGreaterThan(0);
    const edited = await run(admin, updatePermissionGroup, { groupId, name: "Developers", scopes: ["Predict"], environments: environments() });
    expect(edited).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await groupRows()).toBe(before);
  });

  it("only those who manage teams set environment access", async () => {
    const before = await groupRows();
    expect(await run(orgUser, createPermissionGroup, { name: "Sneaky", scopes: ["Predict"], environments: { all: "full", overrides: {} } })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await run(orgUser, updatePermissionGroup, { groupId, name: "Developers", scopes: ["Predict"], environments: { all: "full", overrides: {} } })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await runAs(handle.db, updatePermissionGroup, otherAdmin, { org: "envs-elsewhere", groupId, name: "Mine", scopes: ["Predict"], environments: { all: "full", overrides: {} } })).toMatchObject({ ok: false, code: "not_found" });
    expect(await groupRows()).toBe(before);
  });
});
