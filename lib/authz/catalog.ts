// The operation-scope catalog: names exactly as the Clarifai seeds and API spell them, their UI labels
// and grouping, the scope picker's dependency rule, and the eleven basic scopes (bundles). Pure data
// plus two small helpers for the picker; the bit representation lives in scopeset.ts.

export const OPERATION_SCOPES = [
  "Annotations:Add",
  "Annotations:Get",
  "Annotations:Delete",
  "Apps:Add",
  "Apps:Get",
  "Apps:Delete",
  "Collaborators:Add",
  "Collaborators:Get",
  "Collaborators:Delete",
  "Collectors:Add",
  "Collectors:Get",
  "Collectors:Delete",
  "ComputeClusters:Add",
  "ComputeClusters:Get",
  "ComputeClusters:Delete",
  "Concepts:Add",
  "Concepts:Get",
  "Deployments:Add",
  "Deployments:Get",
  "Deployments:Delete",
  "Inputs:Add",
  "Inputs:Get",
  "Inputs:Delete",
  "Keys:Add",
  "Keys:Get",
  "Keys:Delete",
  "Models:Add",
  "Models:Get",
  "Models:Delete",
  "Models:Train",
  "Nodepools:Add",
  "Nodepools:Get",
  "Nodepools:Delete",
  "Predict",
  "Search",
  "Tasks:Add",
  "Tasks:Get",
  "Tasks:Delete",
  "Vocabs:Add",
  "Vocabs:Get",
  "Vocabs:Delete",
  "Workflows:Add",
  "Workflows:Get",
  "Workflows:Delete",
] as const;

export type OperationScope = (typeof OPERATION_SCOPES)[number];

const OPERATION_SCOPE_NAMES: ReadonlySet<string> = new Set(OPERATION_SCOPES);

export function isOperationScope(name: string): name is OperationScope {
  return OPERATION_SCOPE_NAMES.has(name);
}

/**
 * The scopes of what an organization owns outside its apps: its compute (clusters, nodepools and
 * the deployments of its models), as Clarifai names them. Only org-level methods need them, and only
 * a personal access token carries them: no grant on an app gives them (an app key, a collaborator or
 * a team's permission group acts on one app), whatever a stored scope list says.
 */
export const ORGANIZATION_SCOPES = [
  "ComputeClusters:Add",
  "ComputeClusters:Get",
  "ComputeClusters:Delete",
  "Deployments:Add",
  "Deployments:Get",
  "Deployments:Delete",
  "Nodepools:Add",
  "Nodepools:Get",
  "Nodepools:Delete",
] as const satisfies readonly OperationScope[];

const ORGANIZATION_SCOPE_NAMES: ReadonlySet<string> = new Set(ORGANIZATION_SCOPES);

export function isOrganizationScope(scope: string): boolean {
  return ORGANIZATION_SCOPE_NAMES.has(scope);
}

/** The scopes a grant on an app can carry (collaborators, permission groups, app keys): every other one. */
export const APP_OPERATION_SCOPES: readonly OperationScope[] = Object.freeze(OPERATION_SCOPES.filter((scope) => !ORGANIZATION_SCOPE_NAMES.has(scope)));

/** Short label per scope, as the key/collaborator dialogs show it (seed 003's wording where it has one). */
export const SCOPE_LABELS: Readonly<Record<OperationScope, string>> = {
  "Annotations:Add": "Write Annotations",
  "Annotations:Get": "Read Annotations",
  "Annotations:Delete": "Delete Annotations",
  "Apps:Add": "Write Apps",
  "Apps:Get": "Read Apps",
  "Apps:Delete": "Delete Apps",
  "Collaborators:Add": "Add and Patch Collaborators",
  "Collaborators:Get": "Read Collaborators",
  "Collaborators:Delete": "Remove Collaborators",
  "Collectors:Add": "Write Input Collectors",
  "Collectors:Get": "Read Input Collectors",
  "Collectors:Delete": "Delete Input Collectors",
  "ComputeClusters:Add": "Create Compute Clusters",
  "ComputeClusters:Get": "Read Compute Clusters",
  "ComputeClusters:Delete": "Delete Compute Clusters",
  "Concepts:Add": "Write Concepts",
  "Concepts:Get": "Read Concepts",
  "Deployments:Add": "Deploy and Scale Models",
  "Deployments:Get": "Read Deployments",
  "Deployments:Delete": "Delete Deployments",
  "Inputs:Add": "Write Inputs",
  "Inputs:Get": "Read Inputs",
  "Inputs:Delete": "Delete Inputs",
  "Keys:Add": "Write API Keys",
  "Keys:Get": "Read API Keys",
  "Keys:Delete": "Delete API Keys",
  "Models:Add": "Write Models",
  "Models:Get": "Read Models",
  "Models:Delete": "Delete Models",
  "Models:Train": "Train a Custom Model",
  "Nodepools:Add": "Create and Edit Nodepools",
  "Nodepools:Get": "Read Nodepools",
  "Nodepools:Delete": "Delete Nodepools",
  Predict: "Predict on Public and Custom Models",
  Search: "Search by Inputs and Concepts",
  "Tasks:Add": "Write Labeling Tasks",
  "Tasks:Get": "Read Labeling Tasks",
  "Tasks:Delete": "Delete Labeling Tasks",
  "Vocabs:Add": "Write Vocabularies",
  "Vocabs:Get": "Read Vocabularies",
  "Vocabs:Delete": "Delete Vocabularies",
  "Workflows:Add": "Write Workflows",
  "Workflows:Get": "Read Workflows",
  "Workflows:Delete": "Delete Workflows",
};

/** UI grouping of the operation scopes (the ADVANCED SCOPES list), one group per resource. */
export const RESOURCES = [
  { id: "Annotation", label: "Annotations", scopes: ["Annotations:Add", "Annotations:Get", "Annotations:Delete"] },
  { id: "App", label: "Apps", scopes: ["Apps:Add", "Apps:Get", "Apps:Delete"] },
  { id: "Collaborator", label: "Collaborators", scopes: ["Collaborators:Add", "Collaborators:Get", "Collaborators:Delete"] },
  { id: "Collector", label: "Input Collectors", scopes: ["Collectors:Add", "Collectors:Get", "Collectors:Delete"] },
  { id: "ComputeCluster", label: "Compute Clusters", scopes: ["ComputeClusters:Add", "ComputeClusters:Get", "ComputeClusters:Delete"] },
  { id: "Concept", label: "Concepts", scopes: ["Concepts:Add", "Concepts:Get"] },
  { id: "Deployment", label: "Deployments", scopes: ["Deployments:Add", "Deployments:Get", "Deployments:Delete"] },
  { id: "Input", label: "Inputs", scopes: ["Inputs:Add", "Inputs:Get", "Inputs:Delete"] },
  { id: "Key", label: "API Keys", scopes: ["Keys:Add", "Keys:Get", "Keys:Delete"] },
  { id: "Model", label: "Models", scopes: ["Models:Add", "Models:Get", "Models:Delete", "Models:Train"] },
  { id: "Nodepool", label: "Nodepools", scopes: ["Nodepools:Add", "Nodepools:Get", "Nodepools:Delete"] },
  { id: "Predict", label: "Predict", scopes: ["Predict"] },
  { id: "Search", label: "Search", scopes: ["Search"] },
  { id: "Task", label: "Labeling Tasks", scopes: ["Tasks:Add", "Tasks:Get", "Tasks:Delete"] },
  { id: "Vocab", label: "Vocabularies", scopes: ["Vocabs:Add", "Vocabs:Get", "Vocabs:Delete"] },
  { id: "Workflow", label: "Workflows", scopes: ["Workflows:Add", "Workflows:Get", "Workflows:Delete"] },
] as const satisfies ReadonlyArray<{ id: string; label: string; scopes: readonly OperationScope[] }>;

export type Resource = (typeof RESOURCES)[number]["id"];

function resourceScopes(resource: Resource): readonly OperationScope[] {
  return RESOURCES.find((entry) => entry.id === resource)?.scopes ?? [];
}

/**
 * The collaborator dialog's BASIC SCOPES, with the seed's one-line descriptions (verbatim). Each is
 * every operation scope of its resource. Apps and API keys have no basic scope: Apps:* and Keys:*
 * are listed under ADVANCED SCOPES only. "Select All Scopes" is not a bundle: it picks every scope
 * the grant can carry and the granter holds, the advanced ones included (seed 000: "all scopes").
 */
export const BASIC_SCOPES = [
  { name: "Annotation", description: "Add and Remove Annotations on Inputs", scopes: resourceScopes("Annotation") },
  { name: "Collaborator", description: "Add, Remove and Patch Collaborators", scopes: resourceScopes("Collaborator") },
  { name: "Collector", description: "Add, Remove and Patch Input Collectors", scopes: resourceScopes("Collector") },
  { name: "Concept", description: "Add, Remove and Patch Concept", scopes: resourceScopes("Concept") },
  { name: "Input", description: "Add and Remove Inputs to an App", scopes: resourceScopes("Input") },
  { name: "Model", description: "Add, Remove and Train Custom Models", scopes: resourceScopes("Model") },
  { name: "Predict", description: "Predict on Public and Custom Models", scopes: resourceScopes("Predict") },
  { name: "Search", description: "Search over Inputs an App", scopes: resourceScopes("Search") },
  { name: "Task", description: "Add, Remove and Patch Scribe labeling Tasks", scopes: resourceScopes("Task") },
  { name: "Vocab", description: "Add, Remove and Delete lists of Concepts", scopes: resourceScopes("Vocab") },
  { name: "Workflow", description: "Add, Remove and Delete Workflows of Models", scopes: resourceScopes("Workflow") },
] as const satisfies ReadonlyArray<{ name: string; description: string; scopes: readonly OperationScope[] }>;

export type BasicScopeName = (typeof BASIC_SCOPES)[number]["name"];

/**
 * What picking a scope also picks (direct dependencies), so that the picker never produces a useless
 * key: X:Delete ⇒ X:Add ⇒ X:Get (Clarifai's convention); Models:Train ⇒ Models:Get (training reads
 * the model it trains; it neither creates nor deletes models); Search ⇒ Inputs:Get (the one endpoint
 * using Search, PostSearches, returns inputs, so Search alone would unlock nothing). Predict stands
 * alone (PostModelOutputs needs nothing else). The evaluator never relies on this closure: a
 * credential holding Inputs:Delete without Inputs:Get still cannot call ListInputs.
 */
export const SCOPE_DEPENDENCIES: Readonly<Record<OperationScope, readonly OperationScope[]>> = {
  "Annotations:Add": ["Annotations:Get"],
  "Annotations:Get": [],
  "Annotations:Delete": ["Annotations:Add"],
  "Apps:Add": ["Apps:Get"],
  "Apps:Get": [],
  "Apps:Delete": ["Apps:Add"],
  "Collaborators:Add": ["Collaborators:Get"],
  "Collaborators:Get": [],
  "Collaborators:Delete": ["Collaborators:Add"],
  "Collectors:Add": ["Collectors:Get"],
  "Collectors:Get": [],
  "Collectors:Delete": ["Collectors:Add"],
  "ComputeClusters:Add": ["ComputeClusters:Get"],
  "ComputeClusters:Get": [],
  "ComputeClusters:Delete": ["ComputeClusters:Add"],
  "Concepts:Add": ["Concepts:Get"],
  "Concepts:Get": [],
  "Deployments:Add": ["Deployments:Get"],
  "Deployments:Get": [],
  "Deployments:Delete": ["Deployments:Add"],
  "Inputs:Add": ["Inputs:Get"],
  "Inputs:Get": [],
  "Inputs:Delete": ["Inputs:Add"],
  "Keys:Add": ["Keys:Get"],
  "Keys:Get": [],
  "Keys:Delete": ["Keys:Add"],
  "Models:Add": ["Models:Get"],
  "Models:Get": [],
  "Models:Delete": ["Models:Add"],
  "Models:Train": ["Models:Get"],
  "Nodepools:Add": ["Nodepools:Get"],
  "Nodepools:Get": [],
  "Nodepools:Delete": ["Nodepools:Add"],
  Predict: [],
  Search: ["Inputs:Get"],
  "Tasks:Add": ["Tasks:Get"],
  "Tasks:Get": [],
  "Tasks:Delete": ["Tasks:Add"],
  "Vocabs:Add": ["Vocabs:Get"],
  "Vocabs:Get": [],
  "Vocabs:Delete": ["Vocabs:Add"],
  "Workflows:Add": ["Workflows:Get"],
  "Workflows:Get": [],
  "Workflows:Delete": ["Workflows:Add"],
};

function inCatalogOrder(selected: ReadonlySet<OperationScope>): OperationScope[] {
  return OPERATION_SCOPES.filter((scope) => selected.has(scope));
}

/** The picker's closure: the given scopes plus everything they (transitively) depend on, in catalog order. */
export function withDependencies(scopes: Iterable<OperationScope>): OperationScope[] {
  const selected = new Set<OperationScope>();
  const pending = [...scopes];
  for (let scope = pending.pop(); scope !== undefined; scope = pending.pop()) {
    if (selected.has(scope)) continue;
    selected.add(scope);
    pending.push(...SCOPE_DEPENDENCIES[scope]);
  }
  return inCatalogOrder(selected);
}

/** The picker's inverse: unticking a scope also unticks every scope that (transitively) depends on it. */
export function withoutDependents(scopes: Iterable<OperationScope>, removed: OperationScope): OperationScope[] {
  const dropped = new Set<OperationScope>([removed]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const scope of OPERATION_SCOPES) {
      if (!dropped.has(scope) && SCOPE_DEPENDENCIES[scope].some((dependency) => dropped.has(dependency))) {
        dropped.add(scope);
        grew = true;
      }
    }
  }
  return inCatalogOrder(new Set([...scopes].filter((scope) => !dropped.has(scope))));
}
