import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, collaboratorInvitations, collaborators, credentials, memberships, permissionGroups, teamMembers, teams, users } from "@/db/schema";
import { seedOrganization, seedUser } from "@/db/seeds/teams-apps";
import { onPostgres, openTestDatabase } from "@/db/testing";
import { newId } from "@/lib/ids";
import { createAppKey } from "./app-keys";
import { addCollaborator } from "./collaborators";
import type { Operation } from "./operation";
import { createPermissionGroup } from "./permission-groups";
import { runOperation } from "./runner";
import { addTeamMembers, createTeam } from "./teams";

// Authority is read inside the operation's transaction, after a shared lock on the actor's
// membership: a demotion that commits first is always seen, however late the request read the
// organization. Only PostgreSQL has concurrent sessions; PGlite runs one transaction at a time.

let handle: DatabaseHandle;
let counter = 0;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

type Round = { org: string; orgId: string; demoted: string; other: string; teamRef: string; appRef: string };

async function round(): Promise<Round> {
  const n = ++counter;
  const admin = await seedUser(handle.db, `race-admin-${n}`);
  const demoted = await seedUser(handle.db, `race-demoted-${n}`);
  const other = await seedUser(handle.db, `race-other-${n}`);
  const org = `race-org-${n}`;
  const orgId = await seedOrganization(handle.db, org, [
    { userId: admin, role: "Admin" },
    { userId: demoted, role: "Admin" },
    { userId: other, role: "Organization User" },
  ]);
  const team = await runOperation(createTeam, { userId: admin }, { org, teamId: "base", name: "Base", permissionGroupId: "grp_full_access" }, { db: handle.db });
  if (!team.ok) throw new Error("setup");
  const appRef = newId("app");
  await handle.db.insert(apps).values({ id: appRef, ownerOrgId: orgId, appId: "race-app", name: "Race app" });
  await handle.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, other));
  return { org, orgId, demoted, other, teamRef: team.data.id, appRef };
}

/** Demotes `userId` in a transaction held open until `change` has had time to reach the database. */
async function demoteWhile<T>(orgId: string, userId: string, change: () => Promise<T>): Promise<T> {
  let locked!: () => void;
  let release!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const demotion = handle.db.transaction(async (tx) => {
    await tx.update(memberships).set({ role: "Organization User" }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
    locked();
    await released;
  });
  await isLocked;
  const pending = change();
  await new Promise((resolve) => setTimeout(resolve, 150));
  release();
  await demotion;
  return pending;
}

/** Runs as the member being demoted, on the round's organization (and, for app operations, its app). */
function as<Input, Output>(operation: Operation<Input, Output>, r: Round, input: Record<string, unknown>) {
  const tenant = operation.tenant === "app" ? { owner: r.org, app: "race-app" } : { org: r.org };
  return runOperation(operation, { userId: r.demoted }, { ...tenant, ...input }, { db: handle.db });
}

async function rowsOf(table: typeof collaborators | typeof collaboratorInvitations | typeof credentials, appRef: string): Promise<number> {
  return (await handle.db.select({ n: count() }).from(table).where(eq(table.appId, appRef)))[0]!.n;
}

const CHANGES: Array<{ name: string; attempt: (r: Round) => Promise<unknown>; changed: (r: Round) => Promise<number> }> = [
  {
    name: "create a team",
    attempt: (r) => as(createTeam, r, { teamId: "late", name: "Late", permissionGroupId: "grp_full_access" }),
    changed: async (r) => (await handle.db.select({ n: count() }).from(teams).where(and(eq(teams.orgId, r.orgId), eq(teams.teamId, "late"))))[0]!.n,
  },
  {
    name: "add a team member",
    attempt: (r) => as(addTeamMembers, r, { teamRef: r.teamRef, userIds: [r.other] }),
    changed: async (r) => (await handle.db.select({ n: count() }).from(teamMembers).where(eq(teamMembers.teamId, r.teamRef)))[0]!.n,
  },
  {
    name: "define a permission group",
    attempt: (r) => as(createPermissionGroup, r, { name: "Late group", scopes: ["Predict"] }),
    changed: async (r) => (await handle.db.select({ n: count() }).from(permissionGroups).where(eq(permissionGroups.orgId, r.orgId)))[0]!.n,
  },
  {
    name: "add a collaborator",
    attempt: (r) => as(addCollaborator, r, { email: `race-other-${r.org.split("-").at(-1)}@example.test`, scopes: ["Inputs:Get"] }),
    changed: async (r) => (await rowsOf(collaborators, r.appRef)) + (await rowsOf(collaboratorInvitations, r.appRef)),
  },
  {
    name: "create an app key",
    attempt: (r) => as(createAppKey, r, { name: "late", scopes: ["Inputs:Get"] }),
    changed: (r) => rowsOf(credentials, r.appRef),
  },
];

describe("authority read inside the transaction (PostgreSQL)", () => {
  for (const change of CHANGES) {
    it.runIf(onPostgres)(`an Admin demoted while they ${change.name} is refused once the demotion commits (repeated 15 times)`, async () => {
      for (let i = 0; i < 15; i++) {
        const r = await round();
        const result = await demoteWhile(r.orgId, r.demoted, () => change.attempt(r));
        expect(result).toMatchObject({ ok: false, code: "forbidden" });
        expect(await change.changed(r)).toBe(0);
      }
    });
  }

});
