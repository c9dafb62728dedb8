// Access changes apply to the very next request: a key that was just answered is refused right
// after an Admin demotes its owner, takes them off the team holding the app, changes the team's
// permission, removes them from the organization, removes or narrows their collaboration, or the
// key is revoked. Each change is made by the console's own operations; nothing is cached between
// requests, so no waiting is needed (or done).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { memberships } from "@/db/schema";
import { seedOrganization } from "@/db/seeds/teams-apps";
import { openTestDatabase } from "@/db/testing";
import { issueToken } from "@/lib/credentials/token";
import { revokeAppKey } from "@/lib/operations/app-keys";
import { addCollaborator, changeCollaborator, removeCollaborator } from "@/lib/operations/collaborators";
import { revokePersonalAccessToken } from "@/lib/operations/credentials";
import { changeMemberRole, removeMember } from "@/lib/operations/members";
import type { Operation } from "@/lib/operations/operation";
import { addTeamApps, addTeamMembers, createTeam, removeTeamApp, removeTeamMember, setTeamAppPermission } from "@/lib/operations/teams";
import { appKey, appPath, call, dataDump, expectRefusal, orgApp, personalToken, seedAppData, setUp, verifiedUser, type Answer, type AppRef } from "./support";

let handle: DatabaseHandle;
let adaId = "";
let orgId = "";
let appRef = "";
const org = "acme";
const vision: AppRef = { owner: org, app: "vision" };

const READ = ["Inputs:Get"];
const READ_WRITE = ["Inputs:Get", "Inputs:Add"];

/** Runs one of the console's operations as the organization's Admin. */
function asAdmin<Input, Output>(operation: Operation<Input, Output>, input: Record<string, unknown>): Promise<Output> {
  return setUp(handle.db, operation, adaId, input);
}

function listInputs(key: string): Promise<Answer> {
  return call(handle.db, "GET", appPath(vision, "inputs"), { key });
}

let added = 0;
/** A request that adds one input (each a new ID, so only authorization can refuse it). */
function addInput(key: string): Promise<Answer> {
  return call(handle.db, "POST", appPath(vision, "inputs"), { key, body: { inputs: [{ id: `added-${++added}`, data: { text: { raw: "hello" } } }] } });
}

/** The request after a change: must be refused, and must change nothing. */
async function refused(request: () => Promise<Answer>): Promise<Answer> {
  const before = await dataDump(handle.db);
  const answer = await request();
  expect(await dataDump(handle.db)).toBe(before);
  return answer;
}

/** Fails unless the key is answered now (the state before the change). */
async function expectServed(request: Promise<Answer>): Promise<void> {
  const answer = await request;
  expect({ http: answer.status, details: answer.json.status.details }).toEqual({ http: 200, details: "" });
}

function expectNoAccess(answer: Answer): void {
  expectRefusal(answer, 404, 11101);
  expect(answer.json.inputs).toEqual([]);
}

/** A member of the organization with this role. */
async function member(handleName: string, role: "Organization Contributor" | "Organization User" | "Team Contributor"): Promise<string> {
  const id = await verifiedUser(handle.db, handleName);
  // Seeded directly: joining through an invitation is not what these tests are about.
  await handle.db.insert(memberships).values({ orgId, userId: id, role });
  return id;
}

/** A team of the organization holding the app with `group`, with `userId` on it; returns its internal id. */
async function teamHoldingApp(teamId: string, userId: string, group = "grp_full_access"): Promise<string> {
  const team = await asAdmin(createTeam, { org, teamId, name: teamId, permissionGroupId: group });
  await asAdmin(addTeamMembers, { org, teamRef: team.id, userIds: [userId] });
  await asAdmin(addTeamApps, { org, teamRef: team.id, appIds: [appRef], permissionGroupId: group });
  return team.id;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  adaId = await verifiedUser(handle.db, "ada");
  orgId = await seedOrganization(handle.db, org, [{ userId: adaId, role: "Admin" }]);
  appRef = await orgApp(handle.db, adaId, vision);
  await seedAppData(handle.db, adaId, vision);
});
afterAll(async () => {
  await handle?.close();
});

describe("a role change", () => {
  it("demoted from Organization Contributor to Organization User: the next write is refused at the grant layer, reads go on", async () => {
    const otto = await member("otto", "Organization Contributor");
    const { secret } = await personalToken(handle.db, otto, READ_WRITE);
    await expectServed(addInput(secret));
    await asAdmin(changeMemberRole, { org, userId: otto, role: "Organization User" });
    const answer = await refused(() => addInput(secret));
    expectRefusal(answer, 403, 11007);
    expect(answer.json.status).toMatchObject({ denied_by: "grant_lacks_scopes", missing_scopes: ["Inputs:Add"] });
    await expectServed(listInputs(secret));
  });

  it("demoted to Financial Manager, who has no access to the organization's apps: the next request finds no app", async () => {
    const uma = await member("uma", "Organization User");
    const { secret } = await personalToken(handle.db, uma, READ);
    await expectServed(listInputs(secret));
    await asAdmin(changeMemberRole, { org, userId: uma, role: "Financial Manager" });
    expectNoAccess(await refused(() => listInputs(secret)));
  });

  it("removed from the organization: the next request finds no app, on the full path and on an app key's short path", async () => {
    const remy = await member("remy", "Organization Contributor");
    const token = (await personalToken(handle.db, remy, READ)).secret;
    const key = (await appKey(handle.db, remy, vision, READ)).secret;
    await expectServed(listInputs(token));
    await expectServed(call(handle.db, "GET", "inputs", { key }));
    await asAdmin(removeMember, { org, userId: remy });
    expectNoAccess(await refused(() => listInputs(token)));
    expectNoAccess(await refused(() => call(handle.db, "GET", "inputs", { key })));
    expectNoAccess(await refused(() => call(handle.db, "GET", appPath(vision, "inputs"), { key })));
  });
});

describe("teams", () => {
  it("a Team Contributor taken off the team holding the app: the next request finds no app", async () => {
    const tess = await member("tess", "Team Contributor");
    const team = await teamHoldingApp("ml", tess);
    const { secret } = await personalToken(handle.db, tess, READ);
    await expectServed(listInputs(secret));
    await asAdmin(removeTeamMember, { org, teamRef: team, userId: tess });
    expectNoAccess(await refused(() => listInputs(secret)));
  });

  it("the app taken from the team: the next request of its Team Contributor finds no app", async () => {
    const tom = await member("tom", "Team Contributor");
    const team = await teamHoldingApp("ops", tom);
    const { secret } = await personalToken(handle.db, tom, READ);
    await expectServed(listInputs(secret));
    await asAdmin(removeTeamApp, { org, teamRef: team, appId: appRef });
    expectNoAccess(await refused(() => listInputs(secret)));
  });

  it("the team's permission on the app lowered to Labeler Worker: the next write is refused at the grant layer", async () => {
    const lee = await member("lee", "Team Contributor");
    const team = await teamHoldingApp("labels", lee);
    const { secret } = await personalToken(handle.db, lee, READ_WRITE);
    await expectServed(addInput(secret));
    await asAdmin(setTeamAppPermission, { org, teamRef: team, appId: appRef, permissionGroupId: "grp_labeler_worker" });
    const answer = await refused(() => addInput(secret));
    expectRefusal(answer, 403, 11007);
    expect(answer.json.status).toMatchObject({ denied_by: "grant_lacks_scopes", missing_scopes: ["Inputs:Add"] });
  });
});

describe("collaborators", () => {
  async function collaborator(handleName: string, scopes: string[]): Promise<string> {
    const id = await verifiedUser(handle.db, handleName);
    await asAdmin(addCollaborator, { ...vision, email: `${handleName}@example.test`, scopes });
    return id;
  }

  it("removed: the next request finds no app", async () => {
    const cole = await collaborator("cole", READ);
    const { secret } = await personalToken(handle.db, cole, READ);
    await expectServed(listInputs(secret));
    await asAdmin(removeCollaborator, { ...vision, user: "cole" });
    expectNoAccess(await refused(() => listInputs(secret)));
  });

  it("their grant narrowed to concepts: the next request for inputs is refused at the grant layer", async () => {
    const cara = await collaborator("cara", ["Inputs:Get", "Concepts:Get"]);
    const { secret } = await personalToken(handle.db, cara, ["Inputs:Get", "Concepts:Get"]);
    await expectServed(listInputs(secret));
    await asAdmin(changeCollaborator, { ...vision, user: "cara", scopes: ["Concepts:Get"] });
    const answer = await refused(() => listInputs(secret));
    expectRefusal(answer, 403, 11007);
    expect(answer.json.status).toMatchObject({ denied_by: "grant_lacks_scopes", missing_scopes: ["Inputs:Get"] });
    await expectServed(call(handle.db, "GET", appPath(vision, "concepts"), { key: secret }));
  });
});

describe("revocation", () => {
  /** The answer to an unknown key, which a revoked one must equal (request IDs aside). */
  async function unknownKeyStatus(): Promise<Record<string, unknown>> {
    const { req_id: _id, ...status } = (await listInputs(issueToken("pat").secret)).json.status;
    return status;
  }

  it("a revoked personal access token: the next request is 401 / 11009, the answer to an unknown key", async () => {
    const { secret, id } = await personalToken(handle.db, adaId, READ);
    await expectServed(listInputs(secret));
    await setUp(handle.db, revokePersonalAccessToken, adaId, { id });
    const answer = await refused(() => listInputs(secret));
    expectRefusal(answer, 401, 11009);
    const { req_id: _id, ...status } = answer.json.status;
    expect(status).toEqual(await unknownKeyStatus());
  });

  it("a revoked app key: the next request is 401 / 11009, on the short path too", async () => {
    const { secret, id } = await appKey(handle.db, adaId, vision, READ);
    await expectServed(call(handle.db, "GET", "inputs", { key: secret }));
    await asAdmin(revokeAppKey, { ...vision, id });
    expectRefusal(await refused(() => call(handle.db, "GET", "inputs", { key: secret })), 401, 11009);
    expectRefusal(await refused(() => listInputs(secret)), 401, 11009);
  });
});
