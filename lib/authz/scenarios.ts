// Named scenarios, written once as facts (organizations, roles, teams, collaborators, personal
// apps) with the answers the product promises: which endpoints a person may call on an app ("can")
// and which apps they reach ("list"). The evaluator's unit tests, the database's list queries and
// "who has access" are all checked against this one table (scenarios.test.ts and
// lib/services/scenarios.db.test.ts). Plain data: no logic here.

import type { BuiltInGroupName } from "./groups";
import type { OrgRole } from "./roles";

export type ScenarioApp = { id: string; owner: { org: string } | { user: string } };

export type Scenario = {
  name: string;
  users: readonly string[];
  /** Organization → member → role. */
  orgs: Readonly<Record<string, Readonly<Record<string, OrgRole>>>>;
  /** Ids are "<owner>/<app>", as in the URL. */
  apps: readonly ScenarioApp[];
  teams: ReadonlyArray<{ org: string; id: string; members: readonly string[]; apps: readonly string[]; group: BuiltInGroupName }>;
  collaborators: ReadonlyArray<{ app: string; user: string; scopes: readonly string[]; endpoints?: readonly string[] }>;
  /** [person, app, endpoint method, may call it through a browser session]. */
  can: ReadonlyArray<readonly [string, string, string, boolean]>;
  /** Person → the apps they reach, sorted. */
  list: Readonly<Record<string, readonly string[]>>;
};

const acmeApps: ScenarioApp[] = [
  { id: "acme/vision", owner: { org: "acme" } },
  { id: "acme/secret", owner: { org: "acme" } },
];

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "roles on every app of the organization",
    users: ["ada", "bob", "fay", "ian"],
    orgs: { acme: { ada: "Admin", bob: "Organization User", fay: "Financial Manager", ian: "Infrastructure Manager" } },
    apps: acmeApps,
    teams: [],
    collaborators: [],
    can: [
      ["ada", "acme/vision", "PostModelOutputs", true],
      ["ada", "acme/secret", "DeleteInputs", true],
      ["bob", "acme/vision", "ListInputs", true],
      ["bob", "acme/vision", "PostModelOutputs", true],
      ["bob", "acme/vision", "PostInputs", false],
      ["fay", "acme/vision", "ListInputs", false],
      ["ian", "acme/vision", "ListInputs", false],
    ],
    list: { ada: ["acme/secret", "acme/vision"], bob: ["acme/secret", "acme/vision"], fay: [], ian: [] },
  },
  {
    name: "a Team Contributor reaches only the team's apps, with the team's group",
    users: ["ada", "tom"],
    orgs: { acme: { ada: "Admin", tom: "Team Contributor" } },
    apps: acmeApps,
    teams: [{ org: "acme", id: "labelers", members: ["tom"], apps: ["acme/vision"], group: "Labeler Worker" }],
    collaborators: [],
    can: [
      ["tom", "acme/vision", "PostAnnotations", true],
      ["tom", "acme/vision", "ListInputs", true],
      ["tom", "acme/vision", "DeleteAnnotations", false],
      ["tom", "acme/vision", "PostModelOutputs", false],
      ["tom", "acme/secret", "ListInputs", false],
    ],
    list: { ada: ["acme/secret", "acme/vision"], tom: ["acme/vision"] },
  },
  {
    name: "a Financial Manager on a team gets the team's group, nothing more",
    users: ["ada", "fay"],
    orgs: { acme: { ada: "Admin", fay: "Financial Manager" } },
    apps: acmeApps,
    teams: [{ org: "acme", id: "trainers", members: ["fay"], apps: ["acme/secret"], group: "Model Trainer" }],
    collaborators: [],
    can: [
      ["fay", "acme/secret", "PostModels", true],
      ["fay", "acme/secret", "PostInputs", false],
      ["fay", "acme/vision", "ListInputs", false],
    ],
    list: { ada: ["acme/secret", "acme/vision"], fay: ["acme/secret"] },
  },
  {
    name: "a collaborator restricted to some endpoints calls only those",
    users: ["ada", "cole"],
    orgs: { acme: { ada: "Admin" } },
    apps: acmeApps,
    teams: [],
    collaborators: [{ app: "acme/vision", user: "cole", scopes: ["Inputs:Get", "Predict", "Models:Get"], endpoints: ["/clarifai.api.V2/ListInputs"] }],
    can: [
      ["cole", "acme/vision", "ListInputs", true],
      ["cole", "acme/vision", "GetInput", false],
      ["cole", "acme/vision", "PostModelOutputs", false],
      ["cole", "acme/secret", "ListInputs", false],
    ],
    list: { ada: ["acme/secret", "acme/vision"], cole: ["acme/vision"] },
  },
  {
    name: "a personal app: its owner does everything, a collaborator what was granted, others nothing",
    users: ["pat", "cole", "ada"],
    orgs: { acme: { ada: "Admin" } },
    apps: [{ id: "pat/notes", owner: { user: "pat" } }],
    teams: [],
    collaborators: [{ app: "pat/notes", user: "cole", scopes: ["Inputs:Get", "Inputs:Add"] }],
    can: [
      ["pat", "pat/notes", "DeleteInputs", true],
      ["cole", "pat/notes", "PostInputs", true],
      ["cole", "pat/notes", "DeleteInputs", false],
      ["ada", "pat/notes", "ListInputs", false],
    ],
    list: { pat: ["pat/notes"], cole: ["pat/notes"], ada: [] },
  },
  {
    name: "layers add up: an Organization User on a Full Access team may write",
    users: ["bob"],
    orgs: { acme: { bob: "Organization User" } },
    apps: acmeApps,
    teams: [{ org: "acme", id: "core", members: ["bob"], apps: ["acme/vision"], group: "Full Access" }],
    collaborators: [],
    can: [
      ["bob", "acme/vision", "PostInputs", true],
      ["bob", "acme/secret", "PostInputs", false],
      ["bob", "acme/secret", "ListInputs", true],
    ],
    list: { bob: ["acme/secret", "acme/vision"] },
  },
];
