// Random organizations for database property tests: a small model (users, orgs with roles and
// custom groups, apps, teams, collaborators with endpoint restrictions), written to the database by
// `materialize`, and the evaluator's answer computed from the model alone by `modelGrants`.

import fc from "fast-check";
import type { DbOrTx } from "@/db/client";
import { apps, collaborators, permissionGroups, teamApps, teamMembers, teams } from "@/db/schema";
import { seedOrganization, seedUser } from "@/db/seeds/teams-apps";
import { BUILT_IN_GROUP_NAMES, ENDPOINTS, ORG_ROLES, OPERATION_SCOPES, compileGrants, parseScopes, type OrgRole, type TeamGrant } from "@/lib/authz";
import { newId } from "@/lib/ids";

export const BUILT_IN_IDS: Record<string, string> = {
  "Full Access": "grp_full_access",
  "Model Trainer": "grp_model_trainer",
  "Labeler Lead": "grp_labeler_lead",
  "Labeler Worker": "grp_labeler_worker",
};

// ─── Random organizations ───────────────────────────────────────────────────────────────────────

export type Model = {
  users: number;
  orgs: Array<{ roles: Array<OrgRole | null>; customGroups: string[][] }>;
  apps: Array<{ owner: { kind: "user"; index: number } | { kind: "org"; index: number } }>;
  teams: Array<{ org: number; group: number; members: number[]; apps: number[] }>;
  collaborators: Array<{ app: number; user: number; scopes: string[]; endpoints: "all" | string[] }>;
};

const scopesArb = fc.subarray([...OPERATION_SCOPES], { maxLength: 6 });
/** Endpoint restrictions: none, or a few endpoints (usually some the scopes cover). */
export const endpointsArb: fc.Arbitrary<"all" | string[]> = fc.oneof(
  fc.constant("all" as const),
  fc.subarray(ENDPOINTS.map((endpoint) => endpoint.name as string), { maxLength: 6 }),
);

export const modelArb: fc.Arbitrary<Model> = fc.integer({ min: 1, max: 5 }).chain((userCount) =>
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
      collaborators: fc.array(fc.record({ app: fc.nat(), user: fc.nat(), scopes: scopesArb, endpoints: endpointsArb }), { maxLength: 5 }),
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
        .map((c) => ({ app: c.app % modelApps.length, user: c.user % userCount, scopes: c.scopes, endpoints: c.endpoints }))
        .filter((c) => (seen.has(`${c.app}/${c.user}`) ? false : (seen.add(`${c.app}/${c.user}`), true)));
      return { users: userCount, orgs, apps: modelApps, teams: modelTeams, collaborators: modelCollaborators };
    }),
);

let run = 0;


/** Writes the model to the database; returns the ids. Handles are unique per run. */
export async function materialize(db: DbOrTx, model: Model) {
  const prefix = `r${++run}`;
  const userIds: string[] = [];
  // Verified, as people holding tokens are.
  for (let u = 0; u < model.users; u++) userIds.push(await seedUser(db, `${prefix}-u${u}`, undefined, { verified: true }));
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
    await db.insert(collaborators).values({ id: newId("col"), appId: appIds[c.app]!, userId: userIds[c.user]!, scopes: c.scopes, endpointScopes: c.endpoints === "all" ? null : c.endpoints });
  }
  return { prefix, userIds, orgIds, appIds, teamIds };
}

/** The evaluator's answer, from the model alone (no database). */
export function modelGrants(model: Model, user: number, app: number, ids: { appIds: string[]; teamIds: string[] }) {
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
    collaboratorEndpoints: collaborator?.endpoints ?? "all",
  });
}

