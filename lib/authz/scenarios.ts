// Named scenarios, written once as facts (organizations, roles, teams, collaborators, personal
// apps) with the answers the product promises: which endpoints a person may call on an app ("can"),
// which apps they reach ("list"), and what calls through a token or key get ("calls", on an app or
// on the person's own account). The evaluator's unit tests, the database's list queries and "who has
// access" are all checked against this one table (scenarios.test.ts and
// lib/services/scenarios.db.test.ts). Plain data: no logic here.

import type { EnvironmentAccess } from "./environments";
import type { BuiltInGroupName } from "./groups";
import type { OrgRole } from "./roles";

export type ScenarioApp = { id: string; owner: { org: string } | { user: string } };

/** A credential by its stored fields: scope and endpoint names as a key form would send them. */
export type ScenarioCredential =
  | { kind: "session" }
  | { kind: "pat"; scopes: readonly string[]; endpoints?: readonly string[]; /** Limited to these apps; absent: every app. */ apps?: readonly string[] }
  | { kind: "app_key"; app: string; scopes: readonly string[]; endpoints?: readonly string[] };

/** A call through a credential: on an app, or on the person's own account (app: null). */
export type ScenarioCall = {
  user: string;
  credential: ScenarioCredential;
  app: string | null;
  endpoint: string;
  expected: { allowed: true } | { allowed: false; deniedBy: string; missing?: readonly string[] };
};

/** A custom permission group: its scopes, and its access to environments (overrides by environment name). */
export type ScenarioGroup = { name: string; scopes: readonly string[]; environments: { all: EnvironmentAccess; overrides?: Readonly<Record<string, EnvironmentAccess>> } };

/** [person, app (null: the organization's nodepools), environment, what, allowed]: "view" sees the environment's nodepools and deployments, "deploy" deploys, scales and undeploys the app's models there. */
export type ComputeExpectation = readonly [string, string | null, string, "view" | "deploy", boolean];

export type Scenario = {
  name: string;
  users: readonly string[];
  /** Organization → member → role. */
  orgs: Readonly<Record<string, Readonly<Record<string, OrgRole>>>>;
  /** Ids are "<owner>/<app>", as in the URL. */
  apps: readonly ScenarioApp[];
  teams: ReadonlyArray<{ org: string; id: string; members: readonly string[]; apps: readonly string[]; group: BuiltInGroupName | ScenarioGroup }>;
  collaborators: ReadonlyArray<{ app: string; user: string; scopes: readonly string[]; endpoints?: readonly string[] }>;
  /** [person, app, endpoint method, may call it through a browser session]. */
  can: ReadonlyArray<readonly [string, string, string, boolean]>;
  /** Person → the apps they reach, sorted. */
  list: Readonly<Record<string, readonly string[]>>;
  calls?: readonly ScenarioCall[];
  /** Compute environments of the scenario's one organization, and what each person may do in them. */
  compute?: { org: string; environments: readonly string[]; can: readonly ComputeExpectation[] };
};

/** ConfigCat's example group: read-only in Production, no access to Staging, full everywhere else. */
const DEVELOPER: ScenarioGroup = {
  name: "Developer",
  scopes: ["Apps:Get", "Models:Get", "Models:Add", "Inputs:Get", "Predict"],
  environments: { all: "full", overrides: { Production: "read_only", Staging: "none" } },
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
      // The app itself: the Admin administers it, the Organization User reads it.
      ["ada", "acme/vision", "GetApp", true],
      ["ada", "acme/vision", "PatchApp", true],
      ["ada", "acme/vision", "DeleteApp", true],
      ["bob", "acme/vision", "GetApp", true],
      ["bob", "acme/vision", "PatchApp", false],
      ["bob", "acme/vision", "DeleteApp", false],
      ["fay", "acme/vision", "GetApp", false],
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
      ["pat", "pat/notes", "GetApp", true],
      ["pat", "pat/notes", "PatchApp", true],
      ["pat", "pat/notes", "DeleteApp", true],
      // The grant names no Apps scope.
      ["cole", "pat/notes", "GetApp", false],
    ],
    list: { pat: ["pat/notes"], cole: ["pat/notes"], ada: [] },
  },
  {
    name: "the app itself: only the owner, Admins and Organization Contributors edit or delete it; whoever reads it may get it",
    users: ["ada", "carl", "bob", "tom", "cole"],
    orgs: { acme: { ada: "Admin", carl: "Organization Contributor", bob: "Organization User", tom: "Team Contributor" } },
    apps: acmeApps,
    teams: [{ org: "acme", id: "core", members: ["tom"], apps: ["acme/vision"], group: "Full Access" }],
    // A grant naming app administration still does not administer the app.
    collaborators: [{ app: "acme/vision", user: "cole", scopes: ["Apps:Get", "Apps:Add", "Apps:Delete", "Inputs:Get"] }],
    can: [
      ["ada", "acme/secret", "DeleteApp", true],
      ["carl", "acme/vision", "PatchApps", true],
      ["carl", "acme/vision", "DeleteApp", true],
      ["bob", "acme/secret", "GetApp", true],
      ["bob", "acme/secret", "PatchApps", false],
      ["tom", "acme/vision", "GetApp", true],
      ["tom", "acme/vision", "PatchApp", false],
      ["tom", "acme/vision", "DeleteApp", false],
      ["tom", "acme/secret", "GetApp", false],
      ["cole", "acme/vision", "GetApp", true],
      ["cole", "acme/vision", "PatchApp", false],
      ["cole", "acme/vision", "DeleteApp", false],
    ],
    list: { ada: ["acme/secret", "acme/vision"], carl: ["acme/secret", "acme/vision"], bob: ["acme/secret", "acme/vision"], tom: ["acme/vision"], cole: ["acme/vision"] },
  },
  {
    name: "calls through tokens and keys: MyScopes answers any live key, account methods need a personal access token",
    users: ["pat", "ada", "bob"],
    orgs: { acme: { ada: "Admin", bob: "Organization User" } },
    apps: [{ id: "pat/notes", owner: { user: "pat" } }, ...acmeApps],
    teams: [],
    collaborators: [],
    can: [
      ["pat", "pat/notes", "MyScopes", true],
      ["ada", "pat/notes", "MyScopes", false],
    ],
    list: { pat: ["pat/notes"], ada: ["acme/secret", "acme/vision"], bob: ["acme/secret", "acme/vision"] },
    calls: [
      // MyScopes tells a key what it may do, whatever its endpoint scopes; other calls keep them.
      { user: "pat", credential: { kind: "app_key", app: "pat/notes", scopes: ["Inputs:Get"], endpoints: ["ListInputs"] }, app: "pat/notes", endpoint: "MyScopes", expected: { allowed: true } },
      { user: "pat", credential: { kind: "app_key", app: "pat/notes", scopes: ["Inputs:Get"], endpoints: ["ListInputs"] }, app: "pat/notes", endpoint: "ListInputs", expected: { allowed: true } },
      { user: "pat", credential: { kind: "app_key", app: "pat/notes", scopes: ["Inputs:Get"], endpoints: ["ListInputs"] }, app: "pat/notes", endpoint: "GetInput", expected: { allowed: false, deniedBy: "endpoint_not_in_credential", missing: [] } },
      { user: "pat", credential: { kind: "pat", scopes: [], endpoints: ["ListInputs"] }, app: "pat/notes", endpoint: "MyScopes", expected: { allowed: true } },
      { user: "ada", credential: { kind: "pat", scopes: [], endpoints: ["ListInputs"] }, app: "pat/notes", endpoint: "MyScopes", expected: { allowed: false, deniedBy: "no_app_access", missing: [] } },
      // An app key acts on its app only.
      { user: "pat", credential: { kind: "app_key", app: "pat/notes", scopes: ["Keys:Get", "Keys:Add"] }, app: null, endpoint: "ListKeys", expected: { allowed: false, deniedBy: "credential_kind", missing: [] } },
      { user: "pat", credential: { kind: "app_key", app: "pat/notes", scopes: [] }, app: null, endpoint: "MyScopesUser", expected: { allowed: false, deniedBy: "credential_kind", missing: [] } },
      // A personal access token on its owner's account: its own scopes and endpoints decide.
      { user: "pat", credential: { kind: "pat", scopes: ["Keys:Get"] }, app: null, endpoint: "PostKeys", expected: { allowed: false, deniedBy: "credential_lacks_scopes", missing: ["Keys:Add"] } },
      { user: "pat", credential: { kind: "pat", scopes: ["Keys:Get"] }, app: null, endpoint: "ListKeys", expected: { allowed: true } },
      { user: "pat", credential: { kind: "pat", scopes: ["Keys:Add", "Keys:Get"], endpoints: ["ListKeys"] }, app: null, endpoint: "PostKeys", expected: { allowed: false, deniedBy: "endpoint_not_in_credential", missing: [] } },
      { user: "pat", credential: { kind: "pat", scopes: [], endpoints: ["ListKeys"] }, app: null, endpoint: "MyScopesUser", expected: { allowed: true } },
      { user: "pat", credential: { kind: "pat", scopes: [], endpoints: ["ListKeys"] }, app: null, endpoint: "ListScopes", expected: { allowed: true } },
      { user: "pat", credential: { kind: "pat", scopes: ["Apps:Get"] }, app: null, endpoint: "PostApps", expected: { allowed: false, deniedBy: "credential_lacks_scopes", missing: ["Apps:Add"] } },
      { user: "pat", credential: { kind: "session" }, app: null, endpoint: "PostApps", expected: { allowed: true } },
      // Apps:* through tokens: the token's scopes within the person's grants.
      { user: "pat", credential: { kind: "pat", scopes: ["Apps:Get", "Apps:Add", "Apps:Delete"] }, app: "pat/notes", endpoint: "DeleteApp", expected: { allowed: true } },
      { user: "ada", credential: { kind: "pat", scopes: ["Apps:Get"] }, app: "acme/vision", endpoint: "GetApp", expected: { allowed: true } },
      { user: "ada", credential: { kind: "pat", scopes: ["Apps:Get"] }, app: "acme/vision", endpoint: "DeleteApp", expected: { allowed: false, deniedBy: "credential_lacks_scopes", missing: ["Apps:Delete"] } },
      { user: "bob", credential: { kind: "pat", scopes: ["Apps:Get", "Apps:Add", "Apps:Delete"] }, app: "acme/vision", endpoint: "GetApp", expected: { allowed: true } },
      { user: "bob", credential: { kind: "pat", scopes: ["Apps:Get", "Apps:Add", "Apps:Delete"] }, app: "acme/vision", endpoint: "PatchApp", expected: { allowed: false, deniedBy: "grant_lacks_scopes", missing: ["Apps:Add"] } },
      // A token limited to chosen apps: its apps as any token, nothing elsewhere (GitHub's fine-grained tokens pick repositories).
      { user: "ada", credential: { kind: "pat", scopes: ["Inputs:Get"], apps: ["acme/vision"] }, app: "acme/vision", endpoint: "ListInputs", expected: { allowed: true } },
      { user: "ada", credential: { kind: "pat", scopes: ["Inputs:Get"], apps: ["acme/vision"] }, app: "acme/secret", endpoint: "ListInputs", expected: { allowed: false, deniedBy: "credential_not_for_app", missing: [] } },
      { user: "ada", credential: { kind: "pat", scopes: ["Inputs:Get"], apps: ["acme/vision"] }, app: "acme/secret", endpoint: "MyScopes", expected: { allowed: false, deniedBy: "credential_not_for_app", missing: [] } },
      { user: "ada", credential: { kind: "pat", scopes: ["Apps:Add"], apps: ["acme/vision"] }, app: null, endpoint: "PostApps", expected: { allowed: false, deniedBy: "credential_not_for_app", missing: [] } },
      { user: "ada", credential: { kind: "pat", scopes: ["Keys:Get"], apps: ["acme/vision"] }, app: null, endpoint: "ListKeys", expected: { allowed: true } },
    ],
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
  {
    name: "compute: roles follow the matrix in every environment",
    users: ["ada", "fay", "oc", "ou", "tc", "ian"],
    orgs: { acme: { ada: "Admin", fay: "Financial Manager", oc: "Organization Contributor", ou: "Organization User", tc: "Team Contributor", ian: "Infrastructure Manager" } },
    apps: acmeApps,
    teams: [],
    collaborators: [],
    can: [["ian", "acme/vision", "ListModels", false]],
    list: { ada: ["acme/secret", "acme/vision"], fay: [], oc: ["acme/secret", "acme/vision"], ou: ["acme/secret", "acme/vision"], tc: [], ian: [] },
    compute: {
      org: "acme",
      environments: ["Development", "Production"],
      can: [
        ["ada", "acme/vision", "Production", "deploy", true],
        ["ian", "acme/vision", "Production", "deploy", true],
        ["oc", "acme/vision", "Production", "deploy", true],
        ["oc", null, "Production", "view", true],
        ["ou", null, "Production", "view", true],
        ["ou", "acme/vision", "Production", "deploy", false],
        ["fay", null, "Production", "view", false],
        ["fay", "acme/vision", "Development", "deploy", false],
        ["tc", null, "Development", "view", false],
        ["tc", "acme/vision", "Development", "deploy", false],
      ],
    },
  },
  {
    name: "compute: ConfigCat's Developer group — read-only Production, no Staging, full elsewhere",
    users: ["tom", "una", "lea"],
    orgs: { acme: { tom: "Team Contributor", una: "Organization User", lea: "Team Contributor" } },
    apps: acmeApps,
    teams: [
      { org: "acme", id: "developers", members: ["tom", "una"], apps: ["acme/vision"], group: DEVELOPER },
      { org: "acme", id: "labelers", members: ["lea"], apps: ["acme/vision"], group: "Labeler Worker" },
    ],
    collaborators: [],
    can: [
      ["tom", "acme/vision", "ListModels", true],
      ["tom", "acme/secret", "ListModels", false],
    ],
    list: { tom: ["acme/vision"], una: ["acme/secret", "acme/vision"], lea: ["acme/vision"] },
    compute: {
      org: "acme",
      environments: ["Development", "Production", "Staging"],
      can: [
        ["tom", "acme/vision", "Development", "deploy", true],
        ["tom", "acme/vision", "Production", "deploy", false],
        ["tom", null, "Production", "view", true],
        ["tom", null, "Staging", "view", false],
        ["tom", "acme/vision", "Staging", "deploy", false],
        // The group holds one app: another app's models are not theirs to deploy.
        ["tom", "acme/secret", "Development", "deploy", false],
        // A role's read-only access and a team's full access add up, per app.
        ["una", "acme/vision", "Development", "deploy", true],
        ["una", "acme/secret", "Development", "deploy", false],
        ["una", null, "Staging", "view", true],
        // Labeling groups have nothing to do with compute.
        ["lea", null, "Development", "view", false],
        ["lea", "acme/vision", "Development", "deploy", false],
      ],
    },
  },
];
