// The authorization matrix over HTTP: every kind of principal — the owner of a personal app, an
// organization's Admin, Organization Contributor and Organization User, a Team Contributor through
// each built-in permission group, a collaborator with and without an endpoint restriction, and an
// outsider — calls every method of the route table through every kind of credential: a personal
// access token with every scope, one with a subset of scopes and endpoints, an app key of the app,
// and an app key of another app. Each answer must be the one lib/authz decides from the facts set
// up here (for a refusal: the denying layer and the missing scopes), and each refused call must
// leave the data exactly as it was.
//
// The expected decision is computed from the declared facts (role, team group, collaborator grant,
// the key's scopes and endpoints) with lib/authz alone, never read back from the database. A method
// whose descriptor decides more than its endpoint (app settings, collaborators, keys) has that rule
// written below with the lib/authz functions it rests on, so a new route either is decided by its
// endpoint alone or fails the first test until its rule is added here.
//
// Every (principal, credential) pair works on an app of its own, so that the calls it is allowed
// to make — deleting the app last — act on data no other pair needs; and, in the organization, on
// compute of its own: a cluster with nodepools in Production and Development, and deployments of
// its app's model. The organization's compute methods are decided for the credential
// (evaluateOrgEndpoint), then on membership and the operation's rule: the role's capability, or the
// environment access the role and the principal's team give (evaluateEnvironmentView,
// evaluateDeployment) — a nodepool or deployment in an environment the caller has no access to
// answers 404.
//
// Then, for every method, every field of its request message (and of each resource its body
// carries) that the method does not read is sent holding a value other than its proto default, as
// Clarifai's clients would: each must be refused by name and change nothing, while the request with
// every field at its default succeeds.

import { eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { environments, organizations, permissionGroups } from "@/db/schema";
import { seedOrganization } from "@/db/seeds/teams-apps";
import { openTestDatabase } from "@/db/testing";
import {
  BUILT_IN_GROUP_NAMES,
  ENDPOINTS,
  SESSION,
  compileCredential,
  compileGrants,
  evaluateAccountEndpoint,
  evaluateAppAccess,
  evaluateAppCapability,
  evaluateCollaboratorManagement,
  evaluateEndpoint,
  evaluateDeployment,
  evaluateEnvironmentView,
  evaluateMembership,
  evaluateOperation,
  evaluateOrgCapability,
  evaluateOrgEndpoint,
  mayCreateKey,
  mayGrantScopes,
  mayManageCollaborator,
  parseScopes,
  type ActingCredential,
  type BuiltInGroupName,
  type CollaboratorTarget,
  type ComputeFacts,
  type Decision,
  type EndpointMethod,
  type EndpointName,
  type Grants,
  type OrgRole,
} from "@/lib/authz";
import { postAnnotations } from "@/lib/operations/annotations";
import { addCollaborator } from "@/lib/operations/collaborators";
import { createCluster, createNodepool, deployModel } from "@/lib/operations/compute";
import { postConcepts } from "@/lib/operations/concepts";
import { postInputs } from "@/lib/operations/inputs";
import { VERSION_ID } from "@/lib/operations/model-versions";
import { postModels } from "@/lib/operations/models";
import type { Operation } from "@/lib/operations/operation";
import { addTeamApps, addTeamMembers, createTeam } from "@/lib/operations/teams";
import { postWorkflows } from "@/lib/operations/workflows";
import { API_ROUTES } from "../routes";
import { fullPath, routeEndpoint, type ApiRoute } from "../table";
import { requestMessage, withoutDefaults } from "@/lib/operations/api-defaults";
import { ENUM_VALUES, MESSAGE_FIELDS } from "@/lib/operations/api-messages";
import { EVERY_SCOPE, call, clientDefaultQuery, dataDump, withClientDefaults, envelopeProblems, orgApp, personalApp, setUp, storedKey, verifiedUser, type Answer, type AppRef } from "./support";

let handle: DatabaseHandle;
const ORG = "acme";
const userIds: Record<string, string> = {};
const teamRefs = new Map<BuiltInGroupName, string>();
const groupIds = new Map<BuiltInGroupName, string>();
/** An app of the owner's that no pair works on: where the "app key of another app" is bound. */
let elsewhereRef = "";
/** The organization's environments, by name. */
const environmentIds: Record<string, string> = {};

const canonical = (method: EndpointMethod): EndpointName => `/clarifai.api.V2/${method}`;

// ─── Principals ────────────────────────────────────────────────────────────────────────────────

type CollaboratorGrant = { scopes: readonly string[]; endpoints: readonly EndpointName[] | "all" };

/**
 * One kind of caller, declared as the facts that make it what it is; the same declaration sets up
 * the database (through the console's operations) and gives lib/authz its AccessFacts.
 */
type Principal = {
  name: string;
  handle: string;
  /** Who owns the apps this principal is tested on: the owner's personal apps, or the organization's. */
  home: "owner" | "org";
  owner?: true;
  role?: OrgRole;
  team?: BuiltInGroupName;
  collaborator?: CollaboratorGrant;
};

// A collaborator grant naming the app-administration scopes, which must count for nothing.
const COLLABORATOR_SCOPES = [
  ...["Apps:Get", "Apps:Add", "Apps:Delete", "Inputs:Get", "Inputs:Add", "Inputs:Delete", "Concepts:Get", "Annotations:Get", "Annotations:Add"],
  ...["Collaborators:Get", "Collaborators:Add", "Collaborators:Delete", "Keys:Get", "Keys:Add", "Search", "Predict", "Models:Get", "Workflows:Get"],
];
const COLLABORATOR_ENDPOINTS = (
  ["GetApp", "PatchApp", "DeleteApp", "ListInputs", "PostInputs", "DeleteInputs", "PostSearches", "ListCollaborators", "PostCollaborators", "DeleteCollaborators", "ListAppKeys", "PostModelOutputs"] satisfies EndpointMethod[]
).map(canonical);

const groupSlug = (group: string) => group.toLowerCase().replace(/\s+/g, "-");

const PRINCIPALS: readonly Principal[] = [
  { name: "the owner", handle: "owner", home: "owner", owner: true },
  { name: "an Admin", handle: "ada", home: "org", role: "Admin" },
  { name: "an Organization Contributor", handle: "cora", home: "org", role: "Organization Contributor" },
  { name: "an Organization User", handle: "uma", home: "org", role: "Organization User" },
  ...BUILT_IN_GROUP_NAMES.map((group): Principal => ({ name: `a Team Contributor through ${group}`, handle: `tc-${groupSlug(group)}`, home: "org", role: "Team Contributor", team: group })),
  { name: "a collaborator on every endpoint", handle: "colin", home: "owner", collaborator: { scopes: COLLABORATOR_SCOPES, endpoints: "all" } },
  { name: "a collaborator restricted to some endpoints", handle: "rita", home: "org", collaborator: { scopes: COLLABORATOR_SCOPES, endpoints: COLLABORATOR_ENDPOINTS } },
  { name: "an outsider", handle: "otto", home: "org" },
];

/** The collaborator every app has, whom PatchCollaborators changes and DeleteCollaborators removes. */
const TARGET = { handle: "tara", scopes: ["Inputs:Get"], endpoints: [canonical("ListInputs")] };
/** The account PostCollaborators adds. */
const INVITEE = "ivy";

// ─── Credentials ───────────────────────────────────────────────────────────────────────────────

type CredentialKind = {
  name: string;
  /** Bound to: nothing (a personal access token), the pair's app, or another app. */
  bound: null | "app" | "elsewhere";
  scopes: readonly string[];
  endpoints: readonly EndpointName[] | "all";
};

// Reading most resources and adding to some, deleting nothing, administering no app: the credential
// layer refuses the rest wherever the grants would allow it.
const SUBSET_SCOPES = [
  ...["Apps:Get", "Inputs:Get", "Inputs:Add", "Concepts:Get", "Annotations:Get", "Annotations:Add", "Models:Get"],
  ...["Workflows:Get", "Search", "Predict", "Collaborators:Get", "Collaborators:Add", "Keys:Get", "Keys:Add"],
];
// Every endpoint but a few it has the scopes for; the introspection ones left out stay callable.
// Without ListInputs it may neither grant it nor manage a collaborator who may call it.
const LEFT_OUT = new Set((["ListInputs", "GetInput", "ListConcepts", "ListKeys", "MyScopes", "MyScopesUser"] satisfies EndpointMethod[]).map(canonical));
const SUBSET_ENDPOINTS = ENDPOINTS.map((endpoint) => endpoint.name).filter((name) => !LEFT_OUT.has(name));

const CREDENTIALS: readonly CredentialKind[] = [
  { name: "a personal access token with every scope", bound: null, scopes: EVERY_SCOPE, endpoints: "all" },
  { name: "a personal access token with a subset of scopes and endpoints", bound: null, scopes: SUBSET_SCOPES, endpoints: SUBSET_ENDPOINTS },
  { name: "an app key of the app", bound: "app", scopes: EVERY_SCOPE, endpoints: "all" },
  { name: "an app key of another app", bound: "elsewhere", scopes: EVERY_SCOPE, endpoints: "all" },
];

// ─── What each pair works on ───────────────────────────────────────────────────────────────────

/** The IDs of the data every pair's app holds; each deleting method has objects of its own. */
const DATA = {
  concept: "dog",
  input: "keep",
  inputsGone: ["gone-1", "gone-2"],
  annotation: "label",
  annotationsGone: ["label-gone-1", "label-gone-2"],
  model: "pets",
  modelsGone: ["model-gone-1", "model-gone-2"],
  workflow: "flow",
  workflowsGone: ["flow-gone-1", "flow-gone-2"],
} as const;

type Pair = {
  principal: Principal;
  credential: CredentialKind;
  app: AppRef;
  appRef: string;
  key: string;
  /** A personal access token of the principal's that GetKey reads and PatchKeys renames. */
  spareTokenId: string;
  /** An app key of the principal's on the pair's app, which DeleteKey revokes. */
  spareAppKeyId: string;
};

/** The pair's app's data, made by the app's owner or the organization's Admin. */
async function seedData(userId: string, app: AppRef): Promise<void> {
  const as = <Input, Output>(operation: Operation<Input, Output>, input: Record<string, unknown>) => setUp(handle.db, operation, userId, { ...app, ...input });
  const image = { image: { url: "https://example.com/dog.jpg" } };
  const labelled = { concepts: [{ id: DATA.concept, value: 1 }] };
  await as(postConcepts, { concepts: [{ id: DATA.concept, name: "Dog" }] });
  await as(postInputs, { inputs: [DATA.input, ...DATA.inputsGone].map((id) => ({ id, data: { ...image, ...labelled } })) });
  await as(postAnnotations, { annotations: [DATA.annotation, ...DATA.annotationsGone].map((id) => ({ id, input_id: DATA.input, data: labelled })) });
  await as(postModels, { models: [DATA.model, ...DATA.modelsGone].map((id) => ({ id, name: id, output_info: { data: { concepts: [{ id: DATA.concept }] } } })) });
  await as(postWorkflows, { workflows: [DATA.workflow, ...DATA.workflowsGone].map((id) => ({ id, nodes: [{ id: "classify", model: { id: DATA.model } }] })) });
}

let pairs = 0;

/** The pair's compute, by the pair's app ID (see seedCompute). */
const compute = (app: AppRef) => ({ cluster: `c-${app.app}`, goneCluster: `gone-c-${app.app}`, deployment: `dep-${app.app}`, goneDeployment: `gone-dep-${app.app}`, newDeployment: `new-dep-${app.app}` });

/**
 * In the organization, made by its Admin: the pair's cluster with a nodepool in Production
 * ("pool", where the pair's model is deployed), two in Development ("dev-pool", holding the
 * deployment DeleteDeployments removes, and "post-pool", where PostDeployments deploys), one that
 * DeleteNodepools removes, and a second cluster that DeleteComputeClusters removes.
 */
async function seedCompute(app: AppRef): Promise<void> {
  const names = compute(app);
  const as = <Input, Output>(operation: Operation<Input, Output>, input: Record<string, unknown>) => setUp(handle.db, operation, userIds.ada!, { org: ORG, ...input });
  for (const clusterId of [names.cluster, names.goneCluster]) await as(createCluster, { clusterId, name: clusterId, cloudProvider: "gcp", region: "us-central1" });
  for (const [nodepoolId, environment] of [
    ["pool", "Production"],
    ["dev-pool", "Development"],
    ["post-pool", "Development"],
    ["gone-pool", "Development"],
  ] as const) {
    await as(createNodepool, { clusterId: names.cluster, nodepoolId, environmentRef: environmentIds[environment], instanceType: "cpu-small", minNodes: 0, maxNodes: 2 });
  }
  const deploy = (deploymentId: string, nodepoolId: string) => as(deployModel, { deploymentId, clusterId: names.cluster, nodepoolId, appId: app.app, modelId: DATA.model, minReplicas: 0, maxReplicas: 1 });
  await deploy(names.deployment, "pool");
  await deploy(names.goneDeployment, "dev-pool");
}

/** The pair's own app with every fact its principal is declared with, its data, and the keys. */
async function setUpPair(principal: Principal, credential: CredentialKind): Promise<Pair> {
  const maker = principal.home === "owner" ? userIds.owner! : userIds.ada!;
  const app: AppRef = { owner: principal.home === "owner" ? "owner" : ORG, app: `matrix-${++pairs}` };
  const appRef = principal.home === "owner" ? await personalApp(handle.db, maker, app) : await orgApp(handle.db, maker, app);
  if (principal.team) {
    await setUp(handle.db, addTeamApps, userIds.ada!, { org: ORG, teamRef: teamRefs.get(principal.team), appIds: [appRef], permissionGroupId: groupIds.get(principal.team) });
  }
  const collaborate = (handleName: string, grant: CollaboratorGrant) =>
    setUp(handle.db, addCollaborator, maker, { ...app, email: `${handleName}@example.test`, scopes: grant.scopes, endpointScopes: grant.endpoints });
  if (principal.collaborator) await collaborate(principal.handle, principal.collaborator);
  await collaborate(TARGET.handle, TARGET);
  await seedData(maker, app);
  if (principal.home === "org") await seedCompute(app);
  const userId = userIds[principal.handle]!;
  const bound = credential.bound === "app" ? appRef : credential.bound === "elsewhere" ? elsewhereRef : null;
  const key = await storedKey(handle.db, userId, { appRef: bound, scopes: credential.scopes, endpointScopes: credential.endpoints });
  const spareToken = await storedKey(handle.db, userId, { appRef: null, scopes: ["Inputs:Get"] });
  const spareAppKey = await storedKey(handle.db, userId, { appRef, scopes: ["Inputs:Get"] });
  return { principal, credential, app, appRef, key: key.secret, spareTokenId: spareToken.id, spareAppKeyId: spareAppKey.id };
}

// ─── Requests ──────────────────────────────────────────────────────────────────────────────────

/** A route as this file names it: its path below the app, or its full path when it has none. */
const routeName = (route: ApiRoute) => `${route.method} ${route.level === "app" && route.path !== "" ? route.path : fullPath(route)}`;

const PREDICTION = { inputs: [{ data: { image: { url: "https://example.com/cat.jpg" } } }] };
const GRANTED = { scopes: TARGET.scopes, endpoints: TARGET.endpoints };
/** The app key PostKeys asks for (every endpoint: a credential restricted to some cannot give it). */
const KEY_REQUEST = { scopes: ["Inputs:Get"], endpoints: "all" as const };

/**
 * The body each method is sent with (null: none), well-formed and naming the pair's own data, so
 * that an allowed call succeeds; a route that takes a body and has none here fails the first test.
 */
const BODIES: Record<string, ((pair: Pair) => Record<string, unknown>) | null> = {
  "POST inputs": () => ({ inputs: [{ id: "new-input", data: { text: { raw: "a new text" } } }] }),
  "PATCH inputs": () => ({ inputs: [{ id: DATA.input, data: { metadata: { checked: true } } }], action: "merge" }),
  "DELETE inputs/{input_id}": null,
  "DELETE inputs": () => ({ ids: [DATA.inputsGone[1]] }),
  "POST concepts": () => ({ concepts: [{ id: "new-concept", name: "New concept" }] }),
  "PATCH concepts": () => ({ concepts: [{ id: DATA.concept, name: "Hound" }], action: "overwrite" }),
  "POST annotations": () => ({ annotations: [{ id: "new-label", input_id: DATA.input, data: { concepts: [{ id: DATA.concept, value: 0 }] } }] }),
  "PATCH annotations": () => ({ annotations: [{ id: DATA.annotation, input_id: DATA.input, data: { metadata: { by: "reviewer" } } }], action: "merge" }),
  "DELETE inputs/{input_id}/annotations/{annotation_id}": null,
  "DELETE annotations": () => ({ ids: [DATA.annotationsGone[1]] }),
  "POST searches": () => ({ query: { ands: [{ input: { data: { concepts: [{ id: DATA.concept, value: 1 }] } } }] } }),
  "POST annotations/searches": () => ({ searches: [{ query: { filters: [{ annotation: { data: { concepts: [{ id: DATA.concept, value: 1 }] } } }] } }] }),
  "POST models": () => ({ model: { id: "new-model", name: "New model" } }),
  "PATCH models": () => ({ models: [{ id: DATA.model, name: "Pet classifier" }], action: "overwrite" }),
  "DELETE models/{model_id}": null,
  "DELETE models": () => ({ ids: [DATA.modelsGone[1]] }),
  "POST models/{model_id}/outputs": () => PREDICTION,
  "POST models/{model_id}/versions/{version_id}/outputs": () => PREDICTION,
  "POST models/{model_id}/versions": () => ({}),
  "POST models/searches": () => ({ model_query: { name: DATA.model }, pagination: { page: 1, per_page: 20 } }),
  "DELETE models/{model_id}/versions/{version_id}": null,
  "POST models/{model_id}/versions/{version_id}/metrics": () => ({}),
  "POST concepts/searches": () => ({ concept_query: { name: "do*" } }),
  "POST workflows": () => ({ workflows: [{ id: "new-flow", nodes: [{ id: "classify", model: { id: DATA.model } }] }] }),
  "PATCH workflows": () => ({ workflows: [{ id: DATA.workflow, description: "Classifies pets" }], action: "overwrite" }),
  "DELETE workflows/{workflow_id}": null,
  "DELETE workflows": () => ({ ids: [DATA.workflowsGone[1]] }),
  "POST workflows/{workflow_id}/results": () => PREDICTION,
  "POST workflows/{workflow_id}/versions/{version_id}/results": () => PREDICTION,
  "POST users/{user_id}/apps": (pair) => ({ apps: [{ id: `made-${pair.app.app}`, name: "Made by the matrix" }] }),
  "PATCH users/{user_id}/apps/{app_id}": () => ({ app: { name: "Renamed", description: "Product photos", notes: "Read me", visibility: { gettable: 50 } }, action: "overwrite" }),
  "DELETE users/{user_id}/apps/{app_id}": null,
  "POST collaborators": () => ({ collaborators: [{ user: { email: `${INVITEE}@example.test` }, ...GRANTED }] }),
  "PATCH collaborators": () => ({ collaborators: [{ id: TARGET.handle, ...GRANTED }], action: "overwrite" }),
  "DELETE collaborators": () => ({ collaborator_ids: [TARGET.handle] }),
  "POST users/{user_id}/keys": (pair) => ({ keys: [{ description: "made by the matrix", scopes: KEY_REQUEST.scopes, apps: [{ id: pair.app.app, user_id: pair.app.owner }] }] }),
  "PATCH users/{user_id}/keys": (pair) => ({ keys: [{ id: pair.spareTokenId, description: "renamed by the matrix" }], action: "overwrite" }),
  "DELETE users/{user_id}/keys/{key_id}": null,
  "POST users/{user_id}/compute_clusters": (pair) => ({ compute_clusters: [{ id: `made-${pair.app.app}`, cloud_provider: { id: "aws" }, region: "us-east-1" }] }),
  "PATCH users/{user_id}/compute_clusters": (pair) => ({ compute_clusters: [{ id: compute(pair.app).cluster, name: "Renamed by the matrix" }], action: "overwrite" }),
  "DELETE users/{user_id}/compute_clusters": (pair) => ({ ids: [compute(pair.app).goneCluster] }),
  "POST users/{user_id}/compute_clusters/{compute_cluster_id}/nodepools": () => ({
    nodepools: [{ id: "new-pool", instance_types: [{ id: "cpu-small" }], min_instances: 0, max_instances: 1, environment: { name: "Development" } }],
  }),
  "PATCH users/{user_id}/compute_clusters/{compute_cluster_id}/nodepools": () => ({ nodepools: [{ id: "pool", min_instances: 0, max_instances: 3 }], action: "overwrite" }),
  "DELETE users/{user_id}/compute_clusters/{compute_cluster_id}/nodepools": () => ({ ids: ["gone-pool"] }),
  "POST users/{user_id}/deployments": (pair) => ({
    deployments: [
      { id: compute(pair.app).newDeployment, worker: { model: { id: DATA.model, app_id: pair.app.app } }, nodepools: [{ id: "post-pool", compute_cluster: { id: compute(pair.app).cluster } }], autoscale_config: { min_replicas: 0, max_replicas: 1 } },
    ],
  }),
  "PATCH users/{user_id}/deployments": (pair) => ({ deployments: [{ id: compute(pair.app).deployment, autoscale_config: { min_replicas: 0, max_replicas: 2 } }], action: "overwrite" }),
  "DELETE users/{user_id}/deployments": (pair) => ({ ids: [compute(pair.app).goneDeployment] }),
};

/** The path parameters: the kept data for reading and changing, each deleting method's own objects. */
function pathParams(route: ApiRoute, pair: Pair): Record<string, string> {
  const deleting = route.method === "DELETE";
  return {
    user_id: route.level === "app" ? pair.app.owner : route.level === "org" ? ORG : "me",
    app_id: pair.app.app,
    // DeleteAnnotation names the input its annotation labels.
    input_id: deleting && !route.path.includes("annotations") ? DATA.inputsGone[0] : DATA.input,
    annotation_id: DATA.annotationsGone[0],
    concept_id: DATA.concept,
    // DeleteModelVersion deletes the version of a model that stays (deleting a model removes its version).
    model_id: deleting && !route.path.includes("versions") ? DATA.modelsGone[0] : DATA.model,
    workflow_id: deleting ? DATA.workflowsGone[0] : DATA.workflow,
    version_id: VERSION_ID,
    key_id: deleting ? pair.spareAppKeyId : pair.spareTokenId,
    compute_cluster_id: compute(pair.app).cluster,
    nodepool_id: "pool",
    deployment_id: compute(pair.app).deployment,
  };
}

function pathOf(route: ApiRoute, pair: Pair): string {
  const params = pathParams(route, pair);
  return fullPath(route).replace(/\{(\w+)\}/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`${routeName(route)}: no value for {${name}}: add it to pathParams`);
    return encodeURIComponent(params[name]);
  });
}

// ─── What lib/authz decides ────────────────────────────────────────────────────────────────────

type Situation = { grants: Grants; credential: ReturnType<typeof compileCredential>; via: ActingCredential; now: Date; compute: ComputeFacts; appRef: string };

/** The first refusal of several decisions, each asked only once the ones before it allowed. */
function firstDenial(...decisions: Array<() => Decision>): Decision {
  let last: Decision | undefined;
  for (const decide of decisions) {
    last = decide();
    if (!last.allowed) return last;
  }
  return last!;
}

const onApp = (s: Situation, endpoint: EndpointMethod) => () => evaluateEndpoint(s.grants, s.credential, canonical(endpoint), { now: s.now });
const onAccount = (s: Situation, endpoint: EndpointMethod) => () => evaluateAccountEndpoint(s.credential, canonical(endpoint), { now: s.now });
const capability = (s: Situation, name: Parameters<typeof evaluateAppCapability>[1]) => () => evaluateAppCapability(s.grants, name);

const GRANTED_SCOPES = parseScopes(GRANTED.scopes).scopes;
const TARGET_NOW: CollaboratorTarget = { scopes: GRANTED_SCOPES, endpoints: GRANTED.endpoints, isAppOwner: false };
const NEW_KEY = { scopes: parseScopes(KEY_REQUEST.scopes).scopes, endpoints: KEY_REQUEST.endpoints, expiresAt: null };
// Every principal of the matrix has a verified address.
const VERIFIED = { addressVerified: true };

/**
 * The methods whose descriptors decide more than their endpoint, by endpoint: each rule in the
 * order the descriptor asks it (its own rule, then the endpoint as the API method, then what its
 * run asks of the credential in use), written with the lib/authz functions it rests on.
 */
const RULES: Partial<Record<EndpointName, (s: Situation) => Decision>> = {
  // Any access to the app; the endpoint is open to every live credential reaching it.
  "/clarifai.api.V2/MyScopes": (s) => firstDenial(() => evaluateAppAccess(s.grants), onApp(s, "MyScopes")),
  // Each setting the body changes under the capability of its settings page: name, description and notes, visibility.
  "/clarifai.api.V2/PatchApp": (s) => firstDenial(capability(s, "app.edit_id"), capability(s, "app.edit_description"), capability(s, "app.change_visibility"), onApp(s, "PatchApp")),
  "/clarifai.api.V2/DeleteApp": (s) => firstDenial(capability(s, "app.delete"), onApp(s, "DeleteApp")),
  // Adding: managing collaborators at all, granting only what is held (then also through the credential).
  "/clarifai.api.V2/PostCollaborators": (s) =>
    firstDenial(
      () => evaluateCollaboratorManagement(s.grants, "add"),
      () => mayGrantScopes(s.grants, GRANTED_SCOPES, undefined, GRANTED.endpoints),
      onApp(s, "PostCollaborators"),
      () => mayGrantScopes(s.grants, GRANTED_SCOPES, s.via, GRANTED.endpoints),
    ),
  "/clarifai.api.V2/PatchCollaborators": (s) =>
    firstDenial(
      () => evaluateCollaboratorManagement(s.grants, "change"),
      onApp(s, "PatchCollaborators"),
      () => mayManageCollaborator(s.grants, TARGET_NOW, { action: "change", scopes: GRANTED_SCOPES, endpoints: GRANTED.endpoints }, s.via),
    ),
  // Removing someone else (leaving is the collaborator's own): managing collaborators, covering the one removed.
  "/clarifai.api.V2/DeleteCollaborators": (s) =>
    firstDenial(
      () => evaluateAppAccess(s.grants),
      onApp(s, "DeleteCollaborators"),
      () => evaluateCollaboratorManagement(s.grants, "remove"),
      () => mayManageCollaborator(s.grants, TARGET_NOW, { action: "remove" }, s.via),
    ),
  // The console's list of the app's keys: Keys:Get held on the app, and the endpoint for the credential.
  "/clarifai.api.V2/ListAppKeys": (s) => firstDenial(() => evaluateOperation(s.grants, SESSION, "Keys:Get", { now: s.now }), onApp(s, "ListAppKeys")),
  // An app key on the pair's app: the account method, then the app's Create API key rule (Keys:Add,
  // only what is held there), then nothing beyond the creating token, on the app too.
  "/clarifai.api.V2/PostKeys": (s) =>
    firstDenial(
      onAccount(s, "PostKeys"),
      () => evaluateAppAccess(s.grants),
      () => evaluateOperation(s.grants, SESSION, "Keys:Add", { now: s.now }),
      () => mayGrantScopes(s.grants, NEW_KEY.scopes, undefined, NEW_KEY.endpoints),
      () => mayCreateKey(s.via, VERIFIED, NEW_KEY),
      () => mayGrantScopes(s.grants, NEW_KEY.scopes, s.via, NEW_KEY.endpoints),
    ),
  // Revoking an app key of the pair's app: the account method, then Keys:Delete held on that app.
  "/clarifai.api.V2/DeleteKey": (s) => firstDenial(onAccount(s, "DeleteKey"), () => evaluateAppAccess(s.grants), () => evaluateOperation(s.grants, SESSION, "Keys:Delete", { now: s.now })),
};

// ─── An organization's compute ──────────────────────────────────────────────────────────────────

const production = () => environmentIds.Production!;
const development = () => environmentIds.Development!;
const seesEnvironment = (s: Situation, environment: () => string) => () => evaluateEnvironmentView(s.compute, environment());
const deploys = (s: Situation, environment: () => string) => () => evaluateDeployment(s.compute, s.appRef, environment());
const managesInfrastructure = (s: Situation) => () => evaluateOrgCapability(s.compute.orgRole, "clusters.manage");
/** The Compute section opens (viewCompute, viewCluster): an environment seen, or a role that manages clusters. */
const opensCompute = (s: Situation) => () => {
  const manages = managesInfrastructure(s)();
  if (manages.allowed) return manages;
  const seen = [production(), development()].map((environment) => evaluateEnvironmentView(s.compute, environment));
  return seen.find((decision) => decision.allowed) ?? seen[0]!;
};

/**
 * The operation's own rule of each compute method, after the credential and membership: what the
 * console's descriptor asks lib/authz, on the pair's compute (its deployments are in Production
 * ("pool"), PostDeployments deploys in Development, DeleteDeployments removes one in Development).
 */
const COMPUTE_RULES: Record<string, (s: Situation) => Array<() => Decision>> = {
  "/clarifai.api.V2/ListComputeClusters": (s) => [opensCompute(s)],
  "/clarifai.api.V2/GetComputeCluster": (s) => [opensCompute(s)],
  "/clarifai.api.V2/ListNodepools": (s) => [opensCompute(s)],
  "/clarifai.api.V2/ListDeployments": (s) => [opensCompute(s)],
  "/clarifai.api.V2/GetNodepool": (s) => [seesEnvironment(s, production)],
  "/clarifai.api.V2/GetDeployment": (s) => [seesEnvironment(s, production)],
  "/clarifai.api.V2/PostComputeClusters": (s) => [managesInfrastructure(s)],
  "/clarifai.api.V2/PatchComputeClusters": (s) => [managesInfrastructure(s)],
  "/clarifai.api.V2/DeleteComputeClusters": (s) => [managesInfrastructure(s)],
  "/clarifai.api.V2/PostNodepools": (s) => [managesInfrastructure(s)],
  "/clarifai.api.V2/PatchNodepools": (s) => [managesInfrastructure(s)],
  "/clarifai.api.V2/DeleteNodepools": (s) => [managesInfrastructure(s)],
  "/clarifai.api.V2/PostDeployments": (s) => [seesEnvironment(s, development), deploys(s, development)],
  "/clarifai.api.V2/PatchDeployments": (s) => [seesEnvironment(s, production), deploys(s, production)],
  "/clarifai.api.V2/DeleteDeployments": (s) => [seesEnvironment(s, development), deploys(s, development)],
};

/** Compute methods naming one nodepool or deployment: where the caller has no access, it does not exist for them. */
const HIDING = new Set<string>(["GetNodepool", "GetDeployment", "PostDeployments", "PatchDeployments", "DeleteDeployments"].map((method) => canonical(method as EndpointMethod)));

function decide(route: ApiRoute, s: Situation): Decision {
  const endpoint = routeEndpoint(route);
  if (route.level === "org") {
    const rule = COMPUTE_RULES[endpoint];
    if (!rule) throw new Error(`${endpoint}: an organization's method needs its rule in COMPUTE_RULES`);
    return firstDenial(() => evaluateOrgEndpoint(s.credential, endpoint, { now: s.now }), () => evaluateMembership(s.compute.orgRole), ...rule(s));
  }
  const rule = RULES[endpoint];
  if (rule) return rule(s);
  return route.level === "app" ? evaluateEndpoint(s.grants, s.credential, endpoint, { now: s.now }) : evaluateAccountEndpoint(s.credential, endpoint, { now: s.now });
}

/** What an allowed call answers: this server runs no models, so predicting and training say so. */
const ALLOWED_ANSWERS: Partial<Record<EndpointName, Expected>> = {
  "/clarifai.api.V2/PostModelOutputs": { http: 501, code: 10020 },
  "/clarifai.api.V2/PostModelVersions": { http: 501, code: 10020 },
  "/clarifai.api.V2/PostModelVersionMetrics": { http: 501, code: 10020 },
  "/clarifai.api.V2/PostWorkflowResults": { http: 501, code: 10020 },
};

type Expected = { http: number; code: number; deniedBy?: string; missing?: readonly string[] };

/**
 * The answer a decision is: allowed, the method's success; refused, 403 / 11007 naming the layer
 * and the missing scopes — unless the caller has no access to the app at all, who is told only
 * that it does not exist (404 / 11101), whichever layer lib/authz reports first (an app key of
 * another app included), so that the answer never tells an outsider the app is there.
 */
function expectedAnswer(route: ApiRoute, decision: Decision, grants: Grants): Expected {
  if (decision.allowed) return ALLOWED_ANSWERS[routeEndpoint(route)] ?? { http: route.successStatus ?? 200, code: 10000 };
  if (decision.deniedBy === "no_app_access" || (route.level === "app" && !grants.hasAccess)) return { http: 404, code: 11101 };
  if (route.level === "org" && (decision.deniedBy === "not_org_member" || (decision.deniedBy === "environment_none" && HIDING.has(routeEndpoint(route))))) return { http: 404, code: 11101 };
  return { http: 403, code: 11007, deniedBy: decision.deniedBy, missing: decision.missing };
}

function grantsOf(principal: Principal, appRef: string): Grants {
  return compileGrants({
    appId: appRef,
    isOwner: principal.owner === true,
    orgRole: principal.role ?? null,
    teamGroups: principal.team ? [{ teamId: groupSlug(principal.team), group: principal.team }] : [],
    collaboratorScopes: principal.collaborator ? parseScopes(principal.collaborator.scopes).scopes : null,
    collaboratorEndpoints: principal.collaborator?.endpoints ?? "all",
  });
}

function situationOf(pair: Pair): Situation {
  const { credential } = pair;
  const scopes = parseScopes(credential.scopes).scopes;
  const compiled = compileCredential(
    credential.bound === null
      ? { kind: "pat", operationScopes: scopes, endpointScopes: credential.endpoints }
      : { kind: "app_key", appRef: credential.bound === "app" ? pair.appRef : elsewhereRef, operationScopes: scopes, endpointScopes: credential.endpoints },
  );
  const now = new Date();
  const { principal } = pair;
  // The principal's standing in the organization (the owner's and collaborators' pairs are outside it).
  const computeFacts: ComputeFacts = {
    orgRole: principal.home === "org" ? (principal.role ?? null) : null,
    seats: principal.team ? [{ teamId: groupSlug(principal.team), appId: pair.appRef, group: principal.team }] : [],
  };
  return { grants: grantsOf(principal, pair.appRef), credential: compiled, via: { credential: compiled, now }, now, compute: computeFacts, appRef: pair.appRef };
}

// ─── Running a pair ────────────────────────────────────────────────────────────────────────────

type Planned = { route: ApiRoute; name: string; path: string; body: Record<string, unknown> | undefined; allowed: boolean; expected: Expected };

/**
 * The request as Clarifai's clients send it: the body (or, for GET, the query string) with every
 * other field of the method's request message at its proto default.
 */
function asClientSends(route: ApiRoute, path: string, body: Record<string, unknown> | undefined): { path: string; body: Record<string, unknown> | undefined } {
  const message = requestMessage(routeEndpoint(route).split("/").pop()!);
  if (!message) throw new Error(`${routeName(route)}: its request message is not in the message table`);
  const pathFields = [...fullPath(route).matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  if (route.method === "GET") return { path: `${path}?${clientDefaultQuery(message, pathFields)}`, body };
  return { path, body: withClientDefaults(message, body ?? {}) };
}

/**
 * The order allowed calls run in: reads, then other changes, then deletions, the app's last — so
 * that each finds what it acts on.
 */
function stage(route: ApiRoute): number {
  if (route.method === "DELETE") return route.level === "app" && route.path === "" ? 3 : 2;
  return route.operation.readOnly ? 0 : 1;
}

/** Layers the whole matrix refused by, to check that it reaches each one. */
const layersSeen = new Set<string>();
let callsMade = 0;

function plan(pair: Pair): Planned[] {
  const situation = situationOf(pair);
  return API_ROUTES.map((route) => {
    const body = BODIES[routeName(route)];
    const decision = decide(route, situation);
    const expected = expectedAnswer(route, decision, situation.grants);
    if (expected.deniedBy) layersSeen.add(expected.deniedBy);
    if (expected.http === 404) layersSeen.add("not found");
    const sent = asClientSends(route, pathOf(route, pair), body ? body(pair) : undefined);
    return { route, name: `${routeName(route)} (${routeEndpoint(route).split("/").pop()})`, ...sent, allowed: decision.allowed, expected };
  });
}

/** What differs between the answer and the expected one (null when nothing does). */
function disagreement(answer: Answer, expected: Expected): string | null {
  const { code, details, denied_by: deniedBy, missing_scopes: missing } = answer.json.status;
  const seen: Expected = { http: answer.status, code, ...(answer.status === 403 ? { deniedBy: deniedBy ?? undefined, missing: missing ?? [] } : {}) };
  if (JSON.stringify(seen) === JSON.stringify(expected)) return null;
  return `expected ${JSON.stringify(expected)}, answered ${JSON.stringify(seen)} (${details.slice(0, 200)})`;
}

async function send(pair: Pair, item: Planned, problems: string[]): Promise<void> {
  callsMade += 1;
  try {
    const answer = await call(handle.db, item.route.method, item.path, { key: pair.key, body: item.body });
    for (const problem of envelopeProblems(answer)) problems.push(`${item.name}: ${problem}`);
    const wrong = disagreement(answer, item.expected);
    if (wrong) problems.push(`${item.name}: ${wrong}`);
  } catch (error) {
    problems.push(`${item.name}: ${String(error instanceof Error ? error.message : error).split("\n").slice(0, 3).join(" ").slice(0, 400)}`);
  }
}

/**
 * Sends every method for the pair: first those lib/authz refuses, each compared with the data
 * before it, then those it allows, in an order where each finds what it acts on. Returns what
 * went wrong, naming the method.
 */
async function runPair(pair: Pair): Promise<string[]> {
  const planned = plan(pair);
  const problems: string[] = [];
  const refused = planned.filter((item) => !item.allowed);
  let before = await dataDump(handle.db);
  for (const item of refused) {
    await send(pair, item, problems);
    const after = await dataDump(handle.db);
    if (after !== before) problems.push(`${item.name}: refused, yet changed the data`);
    before = after;
  }
  const allowed = planned.filter((item) => item.allowed).sort((a, b) => stage(a.route) - stage(b.route));
  for (const item of allowed) await send(pair, item, problems);
  return problems;
}

// ─── The matrix ────────────────────────────────────────────────────────────────────────────────

// Thousands of requests, a few dozen per key: the per-minute allowance is not under test here.
const previousLimit = process.env.API_RATE_LIMIT_PER_MINUTE;

beforeAll(async () => {
  process.env.API_RATE_LIMIT_PER_MINUTE = "1000000";
  handle = await openTestDatabase();
  for (const name of [...PRINCIPALS.map((principal) => principal.handle), TARGET.handle, INVITEE]) userIds[name] = await verifiedUser(handle.db, name);
  const members = PRINCIPALS.filter((principal) => principal.role).map((principal) => ({ userId: userIds[principal.handle]!, role: principal.role! }));
  await seedOrganization(handle.db, ORG, members);
  for (const row of await handle.db.select({ id: permissionGroups.id, builtin: permissionGroups.builtin }).from(permissionGroups).where(isNotNull(permissionGroups.builtin))) {
    groupIds.set(row.builtin as BuiltInGroupName, row.id);
  }
  for (const principal of PRINCIPALS.filter((candidate) => candidate.team)) {
    const group = principal.team!;
    const team = await setUp(handle.db, createTeam, userIds.ada!, { org: ORG, teamId: groupSlug(group), name: group, permissionGroupId: groupIds.get(group) });
    await setUp(handle.db, addTeamMembers, userIds.ada!, { org: ORG, teamRef: team.id, userIds: [userIds[principal.handle]] });
    teamRefs.set(group, team.id);
  }
  elsewhereRef = await personalApp(handle.db, userIds.owner!, { owner: "owner", app: "elsewhere" });
  const [org] = await handle.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.handle, ORG));
  for (const row of await handle.db.select().from(environments).where(eq(environments.orgId, org!.id))) environmentIds[row.name] = row.id;
});
afterAll(async () => {
  if (previousLimit === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
  else process.env.API_RATE_LIMIT_PER_MINUTE = previousLimit;
  await handle?.close();
});

describe("the authorization matrix", () => {
  it("has a body for every method that takes one, and a rule for every app method its endpoint alone does not decide", () => {
    expect(API_ROUTES.filter((route) => route.method !== "GET" && !(routeName(route) in BODIES)).map(routeName)).toEqual([]);
    const decidedByMore = API_ROUTES.filter((route) => {
      const rule = route.operation.authorize;
      return route.level === "app" && !(typeof rule === "object" && "endpoint" in rule);
    });
    expect(decidedByMore.map(routeEndpoint).filter((endpoint) => !RULES[endpoint])).toEqual([]);
    // Every method on an organization's compute has its rule (the role's capability, environment access).
    expect(API_ROUTES.filter((route) => route.level === "org" && !COMPUTE_RULES[routeEndpoint(route)]).map(routeName)).toEqual([]);
  });

  for (const principal of PRINCIPALS) {
    describe(principal.name, () => {
      for (const credential of CREDENTIALS) {
        it(`through ${credential.name}: every method answers what lib/authz decides, and a refused one changes nothing`, async () => {
          const pair = await setUpPair(principal, credential);
          expect(await runPair(pair)).toEqual([]);
        });
      }
    });
  }

  it("reaches every layer that refuses an API call", () => {
    expect(callsMade).toBe(PRINCIPALS.length * CREDENTIALS.length * API_ROUTES.length);
    const layers = [
      ...["not found", "credential_not_for_app", "credential_kind", "endpoint_not_in_credential", "endpoint_not_in_grant"],
      ...["grant_lacks_scopes", "credential_lacks_scopes", "capability_not_granted", "collaborator_not_covered"],
      ...["environment_none", "environment_read_only"],
    ];
    expect(layers.filter((layer) => !layersSeen.has(layer))).toEqual([]);
  });
});

// ─── Every field of every request message ──────────────────────────────────────────────────────

/**
 * The fields of each method's request message that it reads (the path's own fields and
 * `user_app_id` aside: the path decides those, and one that contradicts it is refused). Every other
 * field is accepted only at its proto default: each is sent below holding another value, and must
 * be refused by name, changing nothing. A method the route table serves and this table lacks fails.
 */
const HONOURED: Record<string, readonly string[]> = {
  // Reading one resource, deleting one: the path says it all.
  ...Object.fromEntries(
    [
      ...["GetApp", "GetConcept", "GetInput", "GetInputCount", "GetKey", "GetModel", "GetModelVersion", "GetModelVersionMetrics", "GetWorkflow"],
      ...["GetComputeCluster", "GetNodepool", "GetDeployment", "MyScopes", "MyScopesUser"],
      ...["DeleteApp", "DeleteAnnotation", "DeleteInput", "DeleteKey", "DeleteModel", "DeleteModelVersion", "DeleteWorkflow"],
    ].map((method) => [method, []]),
  ),
  GetModelOutputInfo: ["version_id"],
  // Lists: a page of them, some filtered.
  ...Object.fromEntries(
    [
      ...["GetConceptCounts", "ListAppKeys", "ListCollaborations", "ListCollaborators", "ListComputeClusters", "ListConcepts", "ListInputs"],
      ...["ListModelVersions", "ListModels", "ListNodepools", "ListWorkflows"],
    ].map((method) => [method, ["page", "per_page"]]),
  ),
  ListAnnotations: ["ids", "input_ids", "page", "per_page"],
  ListApps: ["page", "per_page", "search"],
  ListDeployments: ["compute_cluster_id", "nodepool_id", "page", "per_page"],
  ListKeys: ["not_expired", "page", "per_page"],
  ListModelInputs: ["page", "per_page", "version_id"],
  ListScopes: ["key_type"],
  // Deleting several, by ID.
  ...Object.fromEntries(["DeleteAnnotations", "DeleteComputeClusters", "DeleteDeployments", "DeleteInputs", "DeleteModels", "DeleteNodepools", "DeleteWorkflows"].map((method) => [method, ["ids"]])),
  DeleteCollaborators: ["collaborator_ids", "user_emails"],
  // Adding and patching: the resources, and how a patch applies.
  PostAnnotations: ["annotations"],
  PostApps: ["apps"],
  PostCollaborators: ["collaborators"],
  PostComputeClusters: ["compute_clusters"],
  PostConcepts: ["concepts"],
  PostDeployments: ["deployments"],
  PostInputs: ["inputs"],
  PostKeys: ["keys"],
  PostModels: ["model", "models"],
  PostNodepools: ["nodepools"],
  PostWorkflows: ["workflows"],
  PatchAnnotations: ["action", "annotations"],
  PatchApp: ["action", "app"],
  PatchCollaborators: ["action", "collaborators"],
  PatchComputeClusters: ["action", "compute_clusters"],
  PatchConcepts: ["action", "concepts"],
  PatchDeployments: ["action", "deployments"],
  PatchInputs: ["action", "inputs"],
  PatchKeys: ["action", "keys"],
  PatchModels: ["action", "models"],
  PatchNodepools: ["action", "nodepools"],
  PatchWorkflows: ["action", "workflows"],
  // Searches.
  PostAnnotationsSearches: ["pagination", "searches"],
  PostConceptsSearches: ["concept_query", "pagination"],
  PostModelsSearches: ["model_query", "pagination"],
  PostSearches: ["pagination", "query", "searches"],
  // Running a model: the request is checked in form and answered that nothing runs here (lib/operations/predictions.ts).
  PostModelOutputs: ["inputs", "model", "runner_selector", "use_predict_cache", "version_id"],
  PostModelVersionMetrics: ["eval_info", "test_search"],
  PostModelVersions: ["description", "model_versions"],
  PostWorkflowResults: ["inputs", "output_config", "version_id"],
};

/**
 * For each resource a method's body carries (`PostConcepts.concepts`), the fields of it the method
 * reads beyond those its body above already sets; "form only" where nothing is run. Every other
 * field of the resource, holding a value, must be refused by its path (`concepts[0].language`).
 */
const HONOURED_WITHIN: Record<string, readonly string[] | "form only"> = {
  // The app or organization a resource names (checked against the path), whom a collaborator is, optional settings.
  "PatchApp.app": ["id", "user_id"],
  "PatchCollaborators.collaborators": ["user"],
  "PostApps.apps": ["description", "user_id"],
  "PostComputeClusters.compute_clusters": ["description", "user_id"],
  "PatchComputeClusters.compute_clusters": ["description", "user_id"],
  "PostNodepools.nodepools": ["description", "min_instances"],
  "PatchNodepools.nodepools": ["description", "min_instances"],
  "PostDeployments.deployments": ["user_id"],
  "PatchDeployments.deployments": ["user_id"],
  "PostKeys.keys": ["endpoints", "expires_at", "type"],
  "PostModels.model": ["description", "model_type_id", "notes", "output_info"],
  "PatchModels.models": ["description"],
  "PostModelsSearches.model_query": ["model_type_id"],
  // Filters, and ranks (a visual search: answered that nothing runs here).
  "PostSearches.query": ["filters", "ranks"],
  "PostWorkflows.workflows": ["description"],
  "PatchWorkflows.workflows": ["nodes"],
  // Nothing runs: the inputs to predict are checked in form only (lib/operations/predictions.ts).
  "PostModelOutputs.inputs": "form only",
  "PostWorkflowResults.inputs": "form only",
};

/** Fields the server sets itself: a client echoing one back is not refused (lib/operations/api-defaults.ts). */
const SET_BY_SERVER = new Set(["created_at", "modified_at", "deleted_at"]);

/** A value of a field of this table type that is not its proto default (for a message: one field of it set). */
function nonDefault(type: string): unknown {
  const repeated = type.replace(/=1$/, "").endsWith("[]");
  const base = type.replace(/=1$/, "").replace(/\[\]$/, "");
  const one = ((): unknown => {
    if (type.endsWith("=1")) return 0.5;
    if (base.startsWith("enum:")) return ENUM_VALUES[base.slice(5)]![1];
    if (base.startsWith("message:")) {
      const [field, inner] = messageField(base.slice(8));
      return { [field]: nonDefault(inner) };
    }
    const values: Record<string, unknown> = {
      string: "x",
      bytes: "eA==",
      int: 2,
      int64: "2",
      float: 0.5,
      bool: true,
      timestamp: "2024-01-02T03:04:05Z",
      duration: "2s",
      wrapper: true,
      value: "x",
      struct: { x: 1 },
      opaque: { x: 1 },
      map: { x: "y" },
      fieldmask: "x",
    };
    if (!Object.hasOwn(values, base)) throw new Error(`no value other than the default for the type ${base}`);
    return values[base];
  })();
  return repeated ? [one] : one;
}

/** The field of a message a non-default value sets: a scalar one, `id` or `name` when it has them. */
function messageField(message: string): [string, string] {
  const fields = Object.entries(MESSAGE_FIELDS[message] ?? {});
  // Not a timestamp the server sets: that one is dropped whatever it holds.
  const scalar = fields.filter(([name, type]) => !type.startsWith("message:") && !SET_BY_SERVER.has(name));
  const chosen = scalar.find(([name]) => name === "id") ?? scalar.find(([name]) => name === "name") ?? scalar.find(([, type]) => type === "string") ?? scalar[0] ?? fields[0];
  if (!chosen) throw new Error(`${message} has no field to set`);
  return chosen;
}

/** The query-string parameters a GET request carries a non-default value in: `field=…`, or `field.inner=…` for a message. */
function queryParams(field: string, type: string): Array<[string, string]> {
  const base = type.replace(/=1$/, "").replace(/\[\]$/, "");
  if (base.startsWith("message:")) {
    const [inner, innerType] = messageField(base.slice(8));
    return queryParams(`${field}.${inner}`, innerType);
  }
  const value = nonDefault(base);
  return [[field, typeof value === "object" ? JSON.stringify(value) : String(value)]];
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/**
 * An answer's details refusing the field at `path` as one this server does not support; over GET
 * a message's field can only be sent by its path within (`visibility.gettable`), which is named.
 */
const refusesField = (path: string, within = false) => new RegExp(`(^|\\s)${escaped(path)}${within ? "(\\.[\\w.]+)?" : ""} is not supported by this server`);
/** An answer's details refusing `field` itself as unsupported or unknown. */
const refusesExactly = (field: string) => new RegExp(`(^|\\s)${escaped(field)} is not (supported by this server|a field of this request)`);

type FieldProbe = { item: Planned; field: string; path: string; body: Record<string, unknown> | undefined };

/** The request `item` with `field` holding a value other than its default: in the query string for GET, in the body otherwise. */
function probe(item: Planned, field: string, type: string): FieldProbe {
  if (item.route.method === "GET") {
    const extra = new URLSearchParams(queryParams(field, type)).toString();
    return { item, field, path: `${item.path}${item.path.includes("?") ? "&" : "?"}${extra}`, body: item.body };
  }
  return { item, field, path: item.path, body: { ...(item.body ?? {}), [field]: nonDefault(type) } };
}

/** The fields of the item's request message beyond the path's and user_app_id, honoured or not. */
function messageFields(item: Planned): Array<{ field: string; type: string; honoured: boolean }> {
  const method = routeEndpoint(item.route).split("/").pop()!;
  const message = requestMessage(method)!;
  const pathFields = new Set([...fullPath(item.route).matchAll(/\{(\w+)\}/g)].map((match) => match[1]!));
  const honoured = new Set(HONOURED[method] ?? []);
  return Object.entries(MESSAGE_FIELDS[message]!)
    .filter(([field, type]) => field !== "user_app_id" && !pathFields.has(field) && !(SET_BY_SERVER.has(field) && type === "timestamp"))
    .map(([field, type]) => ({ field, type, honoured: honoured.has(field) }));
}

/**
 * The resources a method's body carries (`concepts[0]` of PostConcepts, `app` of PatchApp): for
 * each field the method reads that holds a message in the body it is sent, every other field of
 * that message, set in a copy of the body, with the path a refusal names.
 */
function withinProbes(item: Planned): Array<{ key: string; field: string; path: string; body: Record<string, unknown>; honoured: boolean }> {
  if (item.route.method === "GET" || !item.body) return [];
  const method = routeEndpoint(item.route).split("/").pop()!;
  const fields = MESSAGE_FIELDS[requestMessage(method)!]!;
  return (HONOURED[method] ?? []).flatMap((outer) => {
    const type = fields[outer]!.replace(/\[\]$/, "");
    const sent = item.body![outer];
    const listed = Array.isArray(sent);
    const resource = listed ? (sent as unknown[])[0] : sent;
    if (!type.startsWith("message:") || typeof resource !== "object" || resource === null || Array.isArray(resource)) return [];
    const key = `${method}.${outer}`;
    const within = HONOURED_WITHIN[key];
    const at = listed ? `${outer}[0]` : outer;
    // The fields the body sets: the others hold their defaults, as the client sends them.
    const given = withoutDefaults(type.slice(8), resource as Record<string, unknown>);
    return Object.entries(MESSAGE_FIELDS[type.slice(8)]!)
      .filter(([field, inner]) => !Object.hasOwn(given, field) && inner !== "empty" && !(SET_BY_SERVER.has(field) && inner === "timestamp"))
      .map(([field, inner]) => {
        const changed = { ...(resource as Record<string, unknown>), [field]: nonDefault(inner) };
        const body = { ...item.body!, [outer]: listed ? [changed, ...(sent as unknown[]).slice(1)] : changed };
        return { key, field, path: `${at}.${field}`, body, honoured: within === "form only" || (within ?? []).includes(field) };
      });
  });
}

describe("requests as Clarifai's clients send them, every field of every request message", () => {
  const served = [...new Set(API_ROUTES.map((route) => routeEndpoint(route).split("/").pop()!))];

  it("has the fields each served method reads, each a field of its request message", () => {
    expect(served.filter((method) => !Object.hasOwn(HONOURED, method))).toEqual([]);
    expect(Object.keys(HONOURED).filter((method) => !served.includes(method))).toEqual([]);
    const strangers = Object.entries(HONOURED).flatMap(([method, fields]) => fields.filter((field) => !Object.hasOwn(MESSAGE_FIELDS[requestMessage(method)!]!, field)).map((field) => `${method}.${field}`));
    expect(strangers).toEqual([]);
    // Each resource named within is one a method reads, and each field named a field of its message.
    const unknownWithin = Object.entries(HONOURED_WITHIN).flatMap(([key, fields]) => {
      const [method, outer] = key.split(".") as [string, string];
      const type = MESSAGE_FIELDS[requestMessage(method) ?? ""]?.[outer]?.replace(/\[\]$/, "");
      if (!HONOURED[method]?.includes(outer) || !type?.startsWith("message:")) return [key];
      return fields === "form only" ? [] : fields.filter((field) => !Object.hasOwn(MESSAGE_FIELDS[type.slice(8)]!, field)).map((field) => `${key}.${field}`);
    });
    expect(unknownWithin).toEqual([]);
  });

  describe("through an Admin's token with every scope, which every method allows", () => {
    let pair: Pair;
    let planned: Planned[] = [];
    let refusals = 0;
    const probed = new Set<ApiRoute>();
    beforeAll(async () => {
      pair = await setUpPair(PRINCIPALS.find((principal) => principal.role === "Admin")!, CREDENTIALS[0]!);
      planned = plan(pair);
    });

    for (const route of API_ROUTES) {
      it(`${routeName(route)}: each field it does not read, holding a value other than its default, is refused by name and changes nothing`, async () => {
        const item = planned.find((candidate) => candidate.route === route)!;
        expect(item.allowed).toBe(true);
        const probes = [
          ...messageFields(item)
            .filter((candidate) => !candidate.honoured)
            .map(({ field, type }) => ({ named: field, within: item.route.method === "GET", ...probe(item, field, type) })),
          ...withinProbes(item)
            .filter((candidate) => !candidate.honoured)
            .map((sent) => ({ named: sent.path, within: false, path: item.path, body: sent.body })),
        ];
        probed.add(route);
        const problems: string[] = [];
        let before = await dataDump(handle.db);
        for (const sent of probes) {
          refusals += 1;
          const answer = await call(handle.db, item.route.method, sent.path, { key: pair.key, body: sent.body });
          for (const problem of envelopeProblems(answer)) problems.push(`${sent.named}: ${problem}`);
          const { code, details } = answer.json.status;
          if (answer.status !== 400 || code !== 11102 || !refusesField(sent.named, sent.within).test(details)) problems.push(`${sent.named}: answered ${answer.status} / ${code} (${details.slice(0, 200)}), not a refusal naming it`);
          const after = await dataDump(handle.db);
          if (after !== before) problems.push(`${sent.named}: refused, yet changed the data`);
          before = after;
        }
        expect(problems).toEqual([]);
      });
    }

    it("answers every method's request with every field at its default", async () => {
      // Most methods read a few of their message's fields, and a few of each resource's: hundreds were refused above.
      if (probed.size === API_ROUTES.length) expect(refusals).toBeGreaterThan(300);
      // Each succeeds (or, for a method that would run a model, says this server runs none), in an
      // order where each finds what it acts on.
      const problems: string[] = [];
      for (const item of [...planned].sort((a, b) => stage(a.route) - stage(b.route))) {
        const answer = await call(handle.db, item.route.method, item.path, { key: pair.key, body: item.body });
        for (const problem of envelopeProblems(answer)) problems.push(`${item.name}: ${problem}`);
        const wrong = disagreement(answer, item.expected);
        if (wrong) problems.push(`${item.name}: ${wrong}`);
      }
      expect(problems).toEqual([]);
    });
  });

  it("honours the fields the table says each method reads: one holding a value is never refused as unsupported or unknown", async () => {
    // A pair of its own: these values may change its data (or delete its app), and are not checked beyond that.
    const pair = await setUpPair(PRINCIPALS.find((principal) => principal.role === "Admin")!, CREDENTIALS[0]!);
    const problems: string[] = [];
    for (const item of plan(pair).sort((a, b) => stage(a.route) - stage(b.route))) {
      for (const { field, type } of messageFields(item).filter((candidate) => candidate.honoured)) {
        const sent = probe(item, field, type);
        const answer = await call(handle.db, item.route.method, sent.path, { key: pair.key, body: sent.body });
        for (const problem of envelopeProblems(answer)) problems.push(`${item.name} with ${field}: ${problem}`);
        if (refusesExactly(field).test(answer.json.status.details)) problems.push(`${item.name} with ${field}: refused as not read (${answer.json.status.details.slice(0, 200)})`);
      }
      for (const sent of withinProbes(item).filter((candidate) => candidate.honoured)) {
        const answer = await call(handle.db, item.route.method, item.path, { key: pair.key, body: sent.body });
        for (const problem of envelopeProblems(answer)) problems.push(`${item.name} with ${sent.path}: ${problem}`);
        if (refusesExactly(sent.path).test(answer.json.status.details)) problems.push(`${item.name} with ${sent.path}: refused as not read (${answer.json.status.details.slice(0, 200)})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("sends in every field a value other than its default, which the server does not drop as one", () => {
    const dropped = Object.entries(MESSAGE_FIELDS).flatMap(([message, fields]) =>
      Object.entries(fields)
        .filter(([field, type]) => type !== "empty" && !(SET_BY_SERVER.has(field) && type === "timestamp"))
        .filter(([field, type]) => {
          const value = nonDefault(type);
          return JSON.stringify(withoutDefaults(message, { [field]: value })) !== JSON.stringify({ [field]: value });
        })
        .map(([field]) => `${message}.${field}`),
    );
    expect(dropped).toEqual([]);
  });
});
