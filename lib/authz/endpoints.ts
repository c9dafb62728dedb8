// Endpoint scopes: every `/clarifai.api.V2/<Method>` the product knows, spelled as Clarifai's API
// names its methods, with the operation scopes a call needs and what it acts on. Seed 003 lists the
// Concept, Input, Model, Predict, Search and Workflow endpoints; the Annotation, App, Collaborator,
// Collector, Key, Task and Scope endpoints complete the API of DESIGN §5. An endpoint missing from
// this table is denied (fail closed), whatever the credential says.
//
// Most calls act on one app and are decided with the user's grants there (evaluateEndpoint). Some act
// on the caller's own account — Clarifai serves them to personal access tokens only — and are decided
// from the credential alone (evaluateAccountEndpoint): they are marked `level: "account"`. Others act
// on what an organization owns outside its apps — its compute clusters, nodepools and deployments —
// and are decided from the credential (evaluateOrgEndpoint) on top of the operation's own rule on the
// caller's role and environment access: they are marked `level: "org"`.

import type { OperationScope } from "./catalog";
import { scopeIndex, scopeSet, scopeWords, type ScopeSet } from "./scopeset";

export const ENDPOINT_PREFIX = "/clarifai.api.V2/";

/** What a call acts on: one app, the caller's own account, or an organization (its compute). */
export type EndpointLevel = "app" | "account" | "org";

type EndpointSpec = {
  readonly method: string;
  readonly group: string;
  readonly needs: readonly OperationScope[];
  /** Extra scopes when the request is a visual query (by image, crop or visual similarity). */
  readonly visualQueryNeeds?: readonly OperationScope[];
  /** Absent: "app". */
  readonly level?: EndpointLevel;
  /** Where any live credential may call it, whatever its endpoint scopes (absent: nowhere). */
  readonly openAt?: readonly EndpointLevel[];
};

const ENDPOINT_SPECS = [
  { method: "ListAnnotations", group: "Annotation", needs: ["Annotations:Get"] },
  { method: "GetAnnotation", group: "Annotation", needs: ["Annotations:Get"] },
  { method: "PostAnnotations", group: "Annotation", needs: ["Annotations:Add"] },
  { method: "PatchAnnotations", group: "Annotation", needs: ["Annotations:Add"] },
  { method: "DeleteAnnotation", group: "Annotation", needs: ["Annotations:Delete"] },
  { method: "DeleteAnnotations", group: "Annotation", needs: ["Annotations:Delete"] },

  { method: "GetApp", group: "App", needs: ["Apps:Get"] },
  // The caller's own apps, and creating one for the account (creating it in an organization also
  // needs the app.create capability there, an org decision).
  { method: "ListApps", group: "App", needs: ["Apps:Get"], level: "account" },
  { method: "PostApps", group: "App", needs: ["Apps:Add"], level: "account" },
  { method: "PatchApp", group: "App", needs: ["Apps:Add"] },
  // Served on the user's path, but changes each app it names: decided on each of them.
  { method: "PatchApps", group: "App", needs: ["Apps:Add"] },
  { method: "DeleteApp", group: "App", needs: ["Apps:Delete"] },

  { method: "ListCollaborators", group: "Collaborator", needs: ["Collaborators:Get"] },
  { method: "PostCollaborators", group: "Collaborator", needs: ["Collaborators:Add"] },
  { method: "PatchCollaborators", group: "Collaborator", needs: ["Collaborators:Add"] },
  { method: "DeleteCollaborators", group: "Collaborator", needs: ["Collaborators:Delete"] },
  // The apps the caller collaborates on: a list of apps, so it needs what ListApps needs.
  { method: "ListCollaborations", group: "Collaborator", needs: ["Apps:Get"], level: "account" },

  { method: "ListCollectors", group: "Collector", needs: ["Collectors:Get"] },
  { method: "GetCollector", group: "Collector", needs: ["Collectors:Get"] },
  { method: "PostCollectors", group: "Collector", needs: ["Collectors:Add"] },
  { method: "PatchCollectors", group: "Collector", needs: ["Collectors:Add"] },
  { method: "DeleteCollectors", group: "Collector", needs: ["Collectors:Delete"] },

  // An organization's compute (Clarifai's Compute Orchestration methods, on /v2/users/{org}/…).
  { method: "ListComputeClusters", group: "ComputeCluster", needs: ["ComputeClusters:Get"], level: "org" },
  { method: "GetComputeCluster", group: "ComputeCluster", needs: ["ComputeClusters:Get"], level: "org" },
  { method: "PostComputeClusters", group: "ComputeCluster", needs: ["ComputeClusters:Add"], level: "org" },
  { method: "PatchComputeClusters", group: "ComputeCluster", needs: ["ComputeClusters:Add"], level: "org" },
  { method: "DeleteComputeClusters", group: "ComputeCluster", needs: ["ComputeClusters:Delete"], level: "org" },

  { method: "GetConcept", group: "Concept", needs: ["Concepts:Get"] },
  { method: "GetConceptCounts", group: "Concept", needs: ["Concepts:Get"] },
  { method: "ListConcepts", group: "Concept", needs: ["Concepts:Get"] },
  { method: "PatchConcepts", group: "Concept", needs: ["Concepts:Add"] },
  { method: "PostConcepts", group: "Concept", needs: ["Concepts:Add"] },
  { method: "PostConceptsSearches", group: "Concept", needs: ["Concepts:Get"] },

  { method: "ListDeployments", group: "Deployment", needs: ["Deployments:Get"], level: "org" },
  { method: "GetDeployment", group: "Deployment", needs: ["Deployments:Get"], level: "org" },
  { method: "PostDeployments", group: "Deployment", needs: ["Deployments:Add"], level: "org" },
  { method: "PatchDeployments", group: "Deployment", needs: ["Deployments:Add"], level: "org" },
  { method: "DeleteDeployments", group: "Deployment", needs: ["Deployments:Delete"], level: "org" },

  { method: "DeleteInput", group: "Input", needs: ["Inputs:Delete"] },
  { method: "DeleteInputs", group: "Input", needs: ["Inputs:Delete"] },
  { method: "GetInput", group: "Input", needs: ["Inputs:Get"] },
  { method: "GetInputCount", group: "Input", needs: ["Inputs:Get"] },
  { method: "ListInputs", group: "Input", needs: ["Inputs:Get"] },
  { method: "ListModelInputs", group: "Input", needs: ["Inputs:Get", "Models:Get"] },
  { method: "PatchInputs", group: "Input", needs: ["Inputs:Add"] },
  { method: "PostInputs", group: "Input", needs: ["Inputs:Add"] },

  // The caller's own keys (personal access tokens and app keys), then the keys of one app.
  { method: "ListKeys", group: "Key", needs: ["Keys:Get"], level: "account" },
  { method: "GetKey", group: "Key", needs: ["Keys:Get"], level: "account" },
  { method: "PostKeys", group: "Key", needs: ["Keys:Add"], level: "account" },
  { method: "PatchKeys", group: "Key", needs: ["Keys:Add"], level: "account" },
  { method: "DeleteKey", group: "Key", needs: ["Keys:Delete"], level: "account" },
  { method: "ListAppKeys", group: "Key", needs: ["Keys:Get"] },

  { method: "DeleteModel", group: "Model", needs: ["Models:Delete"] },
  { method: "DeleteModelVersion", group: "Model", needs: ["Models:Delete"] },
  { method: "DeleteModels", group: "Model", needs: ["Models:Delete"] },
  { method: "GetModel", group: "Model", needs: ["Models:Get"] },
  { method: "GetModelOutputInfo", group: "Model", needs: ["Models:Get"] },
  { method: "GetModelVersion", group: "Model", needs: ["Models:Get"] },
  { method: "GetModelVersionMetrics", group: "Model", needs: ["Models:Get"] },
  { method: "ListModelVersions", group: "Model", needs: ["Models:Get"] },
  { method: "ListModels", group: "Model", needs: ["Models:Get"] },
  { method: "PatchModels", group: "Model", needs: ["Models:Add"] },
  // Evaluating a version runs a training-side job, so it needs the same scope as training one.
  { method: "PostModelVersionMetrics", group: "Model", needs: ["Models:Train"] },
  { method: "PostModelVersions", group: "Model", needs: ["Models:Train"] },
  { method: "PostModels", group: "Model", needs: ["Models:Add"] },
  { method: "PostModelsSearches", group: "Model", needs: ["Models:Get"] },

  { method: "ListNodepools", group: "Nodepool", needs: ["Nodepools:Get"], level: "org" },
  { method: "GetNodepool", group: "Nodepool", needs: ["Nodepools:Get"], level: "org" },
  { method: "PostNodepools", group: "Nodepool", needs: ["Nodepools:Add"], level: "org" },
  { method: "PatchNodepools", group: "Nodepool", needs: ["Nodepools:Add"], level: "org" },
  { method: "DeleteNodepools", group: "Nodepool", needs: ["Nodepools:Delete"], level: "org" },

  { method: "PostModelOutputs", group: "Predict", needs: ["Predict"] },
  { method: "PostWorkflowResults", group: "Predict", needs: ["Predict", "Workflows:Get"] },

  // Search by image, crop or visual similarity first predicts on the query (seed 003, "Combining Scopes").
  { method: "PostSearches", group: "Search", needs: ["Search", "Inputs:Get"], visualQueryNeeds: ["Predict"] },
  { method: "PostAnnotationsSearches", group: "Search", needs: ["Search", "Annotations:Get", "Inputs:Get"], visualQueryNeeds: ["Predict"] },

  // Introspection: no operation scope. MyScopes and MyScopesUser tell a credential what it may do,
  // so any live one may ask wherever it reaches. ListScopes describes the catalog: any live PAT may
  // read it at account level, while on an app it still needs its endpoint scope.
  { method: "ListScopes", group: "Scope", needs: [], level: "account", openAt: ["account"] },
  { method: "MyScopes", group: "Scope", needs: [], openAt: ["app"] },
  { method: "MyScopesUser", group: "Scope", needs: [], level: "account", openAt: ["app", "account"] },

  { method: "ListTasks", group: "Task", needs: ["Tasks:Get"] },
  { method: "GetTask", group: "Task", needs: ["Tasks:Get"] },
  { method: "PostTasks", group: "Task", needs: ["Tasks:Add"] },
  { method: "PatchTasks", group: "Task", needs: ["Tasks:Add"] },
  { method: "DeleteTasks", group: "Task", needs: ["Tasks:Delete"] },

  { method: "DeleteWorkflow", group: "Workflow", needs: ["Workflows:Delete"] },
  { method: "DeleteWorkflows", group: "Workflow", needs: ["Workflows:Delete"] },
  { method: "GetWorkflow", group: "Workflow", needs: ["Workflows:Get"] },
  { method: "ListWorkflows", group: "Workflow", needs: ["Workflows:Get"] },
  { method: "PatchWorkflows", group: "Workflow", needs: ["Workflows:Add"] },
  { method: "PostWorkflows", group: "Workflow", needs: ["Workflows:Add"] },
] as const satisfies readonly EndpointSpec[];

export type EndpointMethod = (typeof ENDPOINT_SPECS)[number]["method"];
/** The canonical name of an endpoint scope, e.g. "/clarifai.api.V2/PostSearches". */
export type EndpointName = `${typeof ENDPOINT_PREFIX}${EndpointMethod}`;

export interface Endpoint {
  readonly name: EndpointName;
  readonly method: EndpointMethod;
  /** UI grouping (the key dialog's endpoint list), by resource. */
  readonly group: string;
  /** What the call acts on: one app (evaluateEndpoint) or the caller's own account (evaluateAccountEndpoint). */
  readonly level: EndpointLevel;
  /** Operation scopes every call needs. */
  readonly needs: readonly OperationScope[];
  /** Operation scopes a visual query (by image, crop or visual similarity) needs on top of `needs`. */
  readonly visualQueryNeeds: readonly OperationScope[];
  /** Where any live credential may call it, whatever its endpoint scopes: introspection. */
  readonly openAt: readonly EndpointLevel[];
}

/** Every endpoint scope, grouped by resource. */
export const ENDPOINTS: readonly Endpoint[] = Object.freeze(
  ENDPOINT_SPECS.map((spec: EndpointSpec) =>
    Object.freeze({
      name: `${ENDPOINT_PREFIX}${spec.method}` as EndpointName,
      method: spec.method as EndpointMethod,
      group: spec.group,
      level: spec.level ?? "app",
      needs: Object.freeze([...spec.needs]),
      visualQueryNeeds: Object.freeze([...(spec.visualQueryNeeds ?? [])]),
      openAt: Object.freeze([...(spec.openAt ?? [])]),
    }),
  ),
);

/** The endpoints that act on the caller's own account, decided by evaluateAccountEndpoint. */
export const ACCOUNT_ENDPOINTS: readonly Endpoint[] = Object.freeze(ENDPOINTS.filter((endpoint) => endpoint.level === "account"));

/** The endpoints that act on an organization's compute, decided by evaluateOrgEndpoint. */
export const ORG_ENDPOINTS: readonly Endpoint[] = Object.freeze(ENDPOINTS.filter((endpoint) => endpoint.level === "org"));

/** The compiled form the evaluator uses: a dense index (for credential endpoint sets) and bitmasks. */
export interface EndpointEntry {
  readonly index: number;
  readonly endpoint: Endpoint;
  readonly needs: ScopeSet;
  readonly visualQueryNeeds: ScopeSet;
  /** `needs` as the words that are not zero: pairs (word index, word), so a check costs what the call needs, not what the catalog holds. */
  readonly needWords: Int32Array;
  readonly visualQueryNeedWords: Int32Array;
  /** The catalog positions of `needs` (at most a few): bit k of a denial's key is needIndexes[k]. */
  readonly needIndexes: Int32Array;
  readonly visualQueryNeedIndexes: Int32Array;
  /** Any live credential reaching the app may call it (endpoint.openAt has "app"). */
  readonly openOnApp: boolean;
  /** Any live personal access token may call it at account level (endpoint.openAt has "account"). */
  readonly openOnAccount: boolean;
}

export const ENDPOINT_COUNT = ENDPOINTS.length;

/** The words of a set that are not zero, as pairs (word index, word). */
function nonZeroWords(set: ScopeSet): Int32Array {
  const pairs: number[] = [];
  scopeWords(set).forEach((word, index) => {
    if (word !== 0) pairs.push(index, word);
  });
  return Int32Array.from(pairs);
}

function indexesOf(scopes: readonly OperationScope[]): Int32Array {
  return Int32Array.from(new Set(scopes.map(scopeIndex))).sort();
}

/** Every entry by canonical name and by bare method (findEndpoint's table; the evaluator reads it directly). */
export const ENDPOINT_ENTRY_BY_NAME: ReadonlyMap<string, EndpointEntry> = (() => {
  const entries = new Map<string, EndpointEntry>();
  ENDPOINTS.forEach((endpoint, index) => {
    const needs = scopeSet(...endpoint.needs);
    const visualQueryNeeds = scopeSet(...endpoint.needs, ...endpoint.visualQueryNeeds);
    const entry: EndpointEntry = Object.freeze({
      index,
      endpoint,
      needs,
      visualQueryNeeds,
      needWords: nonZeroWords(needs),
      visualQueryNeedWords: nonZeroWords(visualQueryNeeds),
      needIndexes: indexesOf(endpoint.needs),
      visualQueryNeedIndexes: indexesOf([...endpoint.needs, ...endpoint.visualQueryNeeds]),
      openOnApp: endpoint.openAt.includes("app"),
      openOnAccount: endpoint.openAt.includes("account"),
    });
    entries.set(endpoint.name, entry);
    entries.set(endpoint.method, entry);
  });
  return entries;
})();

/** Every entry, in the order of ENDPOINTS. */
export const ENDPOINT_ENTRIES: readonly EndpointEntry[] = Object.freeze(ENDPOINTS.map((endpoint) => ENDPOINT_ENTRY_BY_NAME.get(endpoint.name) as EndpointEntry));

/**
 * Looks an endpoint up by its canonical name ("/clarifai.api.V2/PostSearches") or by its bare method
 * name ("PostSearches"); anything else, including other spellings, is unknown.
 */
export function findEndpoint(name: string): EndpointEntry | undefined {
  return ENDPOINT_ENTRY_BY_NAME.get(name);
}

export function isEndpointName(name: string): boolean {
  return ENDPOINT_ENTRY_BY_NAME.has(name);
}

export type ParsedEndpoints = { readonly endpoints: readonly EndpointName[]; readonly unknown: readonly string[] };

/**
 * Reads endpoint scopes from untrusted input (a key form, a database row) into canonical names,
 * without duplicates; names outside the table are reported in `unknown` and never allowed.
 */
export function parseEndpoints(names: Iterable<string>): ParsedEndpoints {
  const endpoints = new Set<EndpointName>();
  const unknown: string[] = [];
  for (const name of names) {
    const entry = ENDPOINT_ENTRY_BY_NAME.get(name);
    if (entry === undefined) unknown.push(name);
    else endpoints.add(entry.endpoint.name);
  }
  return { endpoints: [...endpoints], unknown };
}
