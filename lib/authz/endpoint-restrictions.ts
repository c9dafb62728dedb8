// Endpoint restrictions of a grant (a collaborator, a key): which endpoints a choice of operation
// scopes allows, with a plain description of each endpoint, and the rule that keeps a restriction
// from contradicting its scopes. An endpoint whose scopes are not all chosen would be listed and
// still denied on every call, so it is an error; a chosen scope that no listed endpoint uses grants
// nothing through the API, which is worth a warning but not a refusal (the console still counts it).
//
// Also: which operation scopes each kind of grant can carry (one source for every picker and its
// count), and the plain actions the access explainer takes ("add inputs" → PostInputs).

import { APP_OPERATION_SCOPES, OPERATION_SCOPES, SCOPE_LABELS, type OperationScope } from "./catalog";
import { ENDPOINTS, findEndpoint, type Endpoint, type EndpointLevel, type EndpointMethod, type EndpointName } from "./endpoints";

/** One line per endpoint, in plain words: what a call does (the endpoint pickers show it next to Clarifai's method name). */
export const ENDPOINT_DESCRIPTIONS: Readonly<Record<EndpointMethod, string>> = {
  ListAnnotations: "List the annotations of the app's inputs",
  GetAnnotation: "Read one annotation",
  PostAnnotations: "Add annotations to inputs",
  PatchAnnotations: "Change annotations",
  DeleteAnnotation: "Delete one annotation",
  DeleteAnnotations: "Delete several annotations",

  GetApp: "Read the app's details",
  ListApps: "List your apps",
  PostApps: "Create apps in your account",
  PatchApp: "Change the app's name, description and settings",
  PatchApps: "Change several apps at once",
  DeleteApp: "Delete the app",

  ListCollaborators: "See who collaborates on the app",
  PostCollaborators: "Add collaborators to the app",
  PatchCollaborators: "Change a collaborator's scopes and endpoints",
  DeleteCollaborators: "Remove collaborators from the app",
  ListCollaborations: "List the apps you collaborate on",

  ListCollectors: "List the app's input collectors",
  GetCollector: "Read one input collector",
  PostCollectors: "Create input collectors",
  PatchCollectors: "Change input collectors",
  DeleteCollectors: "Delete input collectors",

  ListComputeClusters: "List the organization's compute clusters",
  GetComputeCluster: "Read one compute cluster",
  PostComputeClusters: "Create compute clusters",
  PatchComputeClusters: "Change compute clusters",
  DeleteComputeClusters: "Delete compute clusters",

  GetConcept: "Read one concept",
  GetConceptCounts: "Count the inputs labelled with each concept",
  ListConcepts: "List the app's concepts",
  PatchConcepts: "Rename or change concepts",
  PostConcepts: "Create concepts",
  PostConceptsSearches: "Search concepts by name",

  ListDeployments: "List the organization's model deployments",
  GetDeployment: "Read one deployment",
  PostDeployments: "Deploy models to a nodepool",
  PatchDeployments: "Change or scale deployments",
  DeleteDeployments: "Delete deployments",

  DeleteInput: "Delete one input",
  DeleteInputs: "Delete several inputs",
  GetInput: "Read one input",
  GetInputCount: "Count the app's inputs",
  ListInputs: "List the app's inputs",
  ListModelInputs: "List the inputs a model was trained on",
  PatchInputs: "Change inputs (metadata, concepts)",
  PostInputs: "Add inputs (images, text, video) to the app",

  ListKeys: "List your API keys and tokens",
  GetKey: "Read one of your keys",
  PostKeys: "Create API keys and tokens",
  PatchKeys: "Change your keys",
  DeleteKey: "Delete one of your keys",
  ListAppKeys: "List the app's API keys",

  DeleteModel: "Delete one model",
  DeleteModelVersion: "Delete one version of a model",
  DeleteModels: "Delete several models",
  GetModel: "Read one model",
  GetModelOutputInfo: "Read what a model outputs (its concepts)",
  GetModelVersion: "Read one version of a model",
  GetModelVersionMetrics: "Read a model version's evaluation metrics",
  ListModelVersions: "List a model's versions",
  ListModels: "List the app's models",
  PatchModels: "Change models",
  PostModelVersionMetrics: "Evaluate a model version",
  PostModelVersions: "Train a new version of a model",
  PostModels: "Create models",
  PostModelsSearches: "Search models by name",

  ListNodepools: "List the organization's nodepools",
  GetNodepool: "Read one nodepool",
  PostNodepools: "Create nodepools",
  PatchNodepools: "Change nodepools",
  DeleteNodepools: "Delete nodepools",

  PostModelOutputs: "Predict with a model",
  PostWorkflowResults: "Run a workflow on inputs",

  PostSearches: "Search the app's inputs",
  PostAnnotationsSearches: "Search the app's annotations",

  ListScopes: "List every scope and endpoint there is",
  MyScopes: "See what this key may do on the app",
  MyScopesUser: "See what this token may do",

  ListTasks: "List labeling tasks",
  GetTask: "Read one labeling task",
  PostTasks: "Create labeling tasks",
  PatchTasks: "Change labeling tasks",
  DeleteTasks: "Delete labeling tasks",

  DeleteWorkflow: "Delete one workflow",
  DeleteWorkflows: "Delete several workflows",
  GetWorkflow: "Read one workflow",
  ListWorkflows: "List the app's workflows",
  PatchWorkflows: "Change workflows",
  PostWorkflows: "Create workflows",
};

/** The plain description of an endpoint (canonical or bare name); undefined when it is unknown. */
export function describeEndpoint(name: string): string | undefined {
  const entry = findEndpoint(name);
  return entry ? ENDPOINT_DESCRIPTIONS[entry.endpoint.method] : undefined;
}

/** The kinds of grant a scope picker chooses for. */
export type GrantKind = "collaborator" | "permission_group" | "app_key" | "personal_access_token";

const APP_ADMINISTRATION: readonly OperationScope[] = ["Apps:Add", "Apps:Delete"];

/**
 * The operation scopes each kind of grant can carry — every picker offers these and counts against
 * them, so one kind shows the same count in every dialog. A collaborator and a permission group act
 * on one app without administering it (Apps:Add|Delete never count from them); an app key acts on its
 * app (administration included, when its creator holds it); a personal access token also reaches
 * an organization's compute.
 */
export const GRANT_KIND_SCOPES: Readonly<Record<GrantKind, readonly OperationScope[]>> = Object.freeze({
  collaborator: Object.freeze(APP_OPERATION_SCOPES.filter((scope) => !APP_ADMINISTRATION.includes(scope))),
  permission_group: Object.freeze(APP_OPERATION_SCOPES.filter((scope) => !APP_ADMINISTRATION.includes(scope))),
  app_key: APP_OPERATION_SCOPES,
  personal_access_token: Object.freeze([...OPERATION_SCOPES]),
});

/** Why a kind of grant offers fewer scopes than the catalog holds (shown under the picker's count). */
export const GRANT_KIND_SCOPE_NOTES: Readonly<Record<GrantKind, string>> = Object.freeze({
  collaborator: `A collaborator can hold ${GRANT_KIND_SCOPES.collaborator.length} of the ${OPERATION_SCOPES.length} scopes: not app administration (Write Apps, Delete Apps) nor an organization's compute.`,
  permission_group: `A permission group can hold ${GRANT_KIND_SCOPES.permission_group.length} of the ${OPERATION_SCOPES.length} scopes: not app administration (Write Apps, Delete Apps) nor an organization's compute.`,
  app_key: `An app key can hold ${GRANT_KIND_SCOPES.app_key.length} of the ${OPERATION_SCOPES.length} scopes: not an organization's compute, which is no part of an app.`,
  personal_access_token: `A personal access token can hold all ${OPERATION_SCOPES.length} scopes.`,
});

/** The endpoint levels a kind of grant's endpoint restriction can name. */
export const GRANT_KIND_ENDPOINT_LEVELS: Readonly<Record<GrantKind, readonly EndpointLevel[]>> = Object.freeze({
  collaborator: ["app"],
  permission_group: ["app"],
  app_key: ["app"],
  personal_access_token: ["app", "account", "org"],
});

/**
 * The endpoints a choice of operation scopes allows: those whose every needed scope is chosen (an
 * endpoint that needs none, like MyScopes, is always allowed), limited to the given levels, in the
 * catalog's order. What an endpoint picker offers.
 */
export function endpointsAllowedBy(scopes: Iterable<string>, levels: readonly EndpointLevel[] = ["app", "account", "org"]): Endpoint[] {
  const chosen = new Set(scopes);
  return ENDPOINTS.filter((endpoint) => levels.includes(endpoint.level) && endpoint.needs.every((scope) => chosen.has(scope)));
}

export interface EndpointRestrictionCheck {
  /** Listed endpoints that need a scope the grant does not choose: refused (every call would be denied). */
  readonly outside: readonly { readonly endpoint: EndpointName; readonly missing: readonly OperationScope[] }[];
  /** Chosen scopes that no listed endpoint uses: a warning (they grant nothing through the API). */
  readonly unused: readonly OperationScope[];
  /** Names that are not endpoints at all. */
  readonly unknown: readonly string[];
}

/**
 * Checks an endpoint restriction against the operation scopes it comes with. "all" endpoints
 * contradict nothing. A scope counts as used when a listed endpoint needs it, also for a visual query.
 */
export function checkEndpointRestriction(scopes: Iterable<string>, endpoints: "all" | Iterable<string>): EndpointRestrictionCheck {
  if (endpoints === "all") return { outside: [], unused: [], unknown: [] };
  const chosen = new Set(scopes);
  const outside: { endpoint: EndpointName; missing: OperationScope[] }[] = [];
  const unknown: string[] = [];
  const used = new Set<string>();
  const seen = new Set<string>();
  for (const name of endpoints) {
    const entry = findEndpoint(name);
    if (!entry) {
      unknown.push(name);
      continue;
    }
    const { endpoint } = entry;
    if (seen.has(endpoint.name)) continue;
    seen.add(endpoint.name);
    const missing = endpoint.needs.filter((scope) => !chosen.has(scope));
    if (missing.length > 0) outside.push({ endpoint: endpoint.name, missing });
    for (const scope of [...endpoint.needs, ...endpoint.visualQueryNeeds]) used.add(scope);
  }
  const unused = OPERATION_SCOPES.filter((scope) => chosen.has(scope) && !used.has(scope));
  return { outside, unused, unknown };
}

/** The refusal of a restriction that names endpoints its scopes do not allow; null when there is none. */
export function endpointRestrictionError(check: EndpointRestrictionCheck): string | null {
  if (check.outside.length === 0) return null;
  const shown = check.outside.slice(0, 3).map(({ endpoint, missing }) => `${endpoint.slice(endpoint.lastIndexOf("/") + 1)} needs ${missing.join(" + ")}`);
  const more = check.outside.length > 3 ? ` and ${check.outside.length - 3} more` : "";
  return `These endpoints need scopes that are not chosen, so every call to them would be denied: ${shown.join("; ")}${more}. Choose those scopes or leave the endpoints out.`;
}

/** The warning about chosen scopes no listed endpoint uses; null when every scope is used. */
export function endpointRestrictionWarning(check: EndpointRestrictionCheck): string | null {
  if (check.unused.length === 0) return null;
  const names = check.unused.map((scope) => `${scope} (${SCOPE_LABELS[scope]})`);
  return `No chosen endpoint uses ${names.join(", ")}: through the API ${check.unused.length === 1 ? "this scope grants" : "these scopes grant"} nothing. Add an endpoint that needs ${check.unused.length === 1 ? "it" : "them"} or remove ${check.unused.length === 1 ? "it" : "them"}.`;
}

// ─── The explainer's plain actions ──────────────────────────────────────────────────────────

export interface PlainAction {
  /** What a person would type: "add inputs". */
  readonly label: string;
  /** The endpoints the action calls; the explainer decides each. */
  readonly endpoints: readonly EndpointMethod[];
  /** The action is a search by image, crop or visual similarity (needs Predict too). */
  readonly visualQuery?: boolean;
}

/** Plain actions the access explainer takes besides an endpoint name, each with the endpoints it calls. */
export const PLAIN_ACTIONS: readonly PlainAction[] = Object.freeze([
  { label: "see the app", endpoints: ["GetApp"] },
  { label: "change the app's settings", endpoints: ["PatchApp"] },
  { label: "delete the app", endpoints: ["DeleteApp"] },
  { label: "see inputs", endpoints: ["ListInputs", "GetInput"] },
  { label: "add inputs", endpoints: ["PostInputs"] },
  { label: "change inputs", endpoints: ["PatchInputs"] },
  { label: "delete inputs", endpoints: ["DeleteInputs"] },
  { label: "predict", endpoints: ["PostModelOutputs"] },
  { label: "run a workflow", endpoints: ["PostWorkflowResults"] },
  { label: "search inputs", endpoints: ["PostSearches"] },
  { label: "search by image", endpoints: ["PostSearches"], visualQuery: true },
  { label: "see concepts", endpoints: ["ListConcepts", "GetConcept"] },
  { label: "add concepts", endpoints: ["PostConcepts", "PatchConcepts"] },
  { label: "see models", endpoints: ["ListModels", "GetModel"] },
  { label: "create models", endpoints: ["PostModels", "PatchModels"] },
  { label: "train a model", endpoints: ["PostModelVersions"] },
  { label: "delete models", endpoints: ["DeleteModels"] },
  { label: "see workflows", endpoints: ["ListWorkflows", "GetWorkflow"] },
  { label: "create workflows", endpoints: ["PostWorkflows", "PatchWorkflows"] },
  { label: "delete workflows", endpoints: ["DeleteWorkflows"] },
  { label: "see annotations", endpoints: ["ListAnnotations"] },
  { label: "annotate inputs", endpoints: ["PostAnnotations", "PatchAnnotations"] },
  { label: "delete annotations", endpoints: ["DeleteAnnotations"] },
  { label: "see labeling tasks", endpoints: ["ListTasks"] },
  { label: "manage labeling tasks", endpoints: ["PostTasks", "PatchTasks", "DeleteTasks"] },
  { label: "see input collectors", endpoints: ["ListCollectors"] },
  { label: "manage input collectors", endpoints: ["PostCollectors", "PatchCollectors", "DeleteCollectors"] },
  { label: "see collaborators", endpoints: ["ListCollaborators"] },
  { label: "manage collaborators", endpoints: ["PostCollaborators", "PatchCollaborators", "DeleteCollaborators"] },
  { label: "see the app's API keys", endpoints: ["ListAppKeys"] },
] satisfies PlainAction[]);

export type ExplainTarget = { readonly action: string | null; readonly endpoints: readonly EndpointName[]; readonly visualQuery: boolean };

function normalized(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, " ").replace(/[’]/g, "'");
}

/**
 * What the explainer's one field names: a plain action (by its label, any case) or an endpoint (its
 * method or canonical name, as spelled). Undefined for anything else.
 */
export function resolveExplainTarget(text: string): ExplainTarget | undefined {
  const wanted = normalized(text);
  const action = PLAIN_ACTIONS.find((candidate) => candidate.label === wanted);
  if (action) {
    return { action: action.label, endpoints: action.endpoints.map((method) => findEndpoint(method)!.endpoint.name), visualQuery: action.visualQuery === true };
  }
  const entry = findEndpoint(text.trim());
  return entry ? { action: null, endpoints: [entry.endpoint.name], visualQuery: false } : undefined;
}
