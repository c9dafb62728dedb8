// What an API operation costs depends on its category: every endpoint of lib/authz belongs to
// exactly one (the Record below fails to compile when an endpoint is added without one, and
// categories.test.ts checks the table against the endpoint list).

import { ENDPOINTS, ENDPOINT_PREFIX, type EndpointMethod } from "@/lib/authz/endpoints";

export const OPERATION_CATEGORIES = ["predict", "train", "search", "input_writes", "other_writes", "reads"] as const;
export type OperationCategory = (typeof OPERATION_CATEGORIES)[number];

/** Every line of a statement is one of the operation categories or compute (node-hours). */
export type SpendCategory = OperationCategory | "compute";
export const SPEND_CATEGORIES: readonly SpendCategory[] = [...OPERATION_CATEGORIES, "compute"];

export const CATEGORY_LABELS: Readonly<Record<SpendCategory, string>> = {
  predict: "Predictions",
  train: "Training",
  search: "Searches",
  input_writes: "Input writes",
  other_writes: "Other writes",
  reads: "Reads",
  compute: "Compute (node-hours)",
};

export function isOperationCategory(name: string): name is OperationCategory {
  return (OPERATION_CATEGORIES as readonly string[]).includes(name);
}

export const ENDPOINT_CATEGORIES: Readonly<Record<EndpointMethod, OperationCategory>> = {
  ListAnnotations: "reads",
  GetAnnotation: "reads",
  PostAnnotations: "other_writes",
  PatchAnnotations: "other_writes",
  DeleteAnnotation: "other_writes",
  DeleteAnnotations: "other_writes",

  GetApp: "reads",
  ListApps: "reads",
  PostApps: "other_writes",
  PatchApp: "other_writes",
  PatchApps: "other_writes",
  DeleteApp: "other_writes",

  ListCollaborators: "reads",
  PostCollaborators: "other_writes",
  PatchCollaborators: "other_writes",
  DeleteCollaborators: "other_writes",
  ListCollaborations: "reads",

  ListCollectors: "reads",
  GetCollector: "reads",
  PostCollectors: "other_writes",
  PatchCollectors: "other_writes",
  DeleteCollectors: "other_writes",

  GetConcept: "reads",
  GetConceptCounts: "reads",
  ListConcepts: "reads",
  PatchConcepts: "other_writes",
  PostConcepts: "other_writes",
  PostConceptsSearches: "search",

  DeleteInput: "input_writes",
  DeleteInputs: "input_writes",
  GetInput: "reads",
  GetInputCount: "reads",
  ListInputs: "reads",
  ListModelInputs: "reads",
  PatchInputs: "input_writes",
  PostInputs: "input_writes",

  ListKeys: "reads",
  GetKey: "reads",
  PostKeys: "other_writes",
  PatchKeys: "other_writes",
  DeleteKey: "other_writes",
  ListAppKeys: "reads",

  DeleteModel: "other_writes",
  DeleteModelVersion: "other_writes",
  DeleteModels: "other_writes",
  GetModel: "reads",
  GetModelOutputInfo: "reads",
  GetModelVersion: "reads",
  GetModelVersionMetrics: "reads",
  ListModelVersions: "reads",
  ListModels: "reads",
  PatchModels: "other_writes",
  PostModelVersionMetrics: "train",
  PostModelVersions: "train",
  PostModels: "other_writes",
  PostModelsSearches: "search",

  PostModelOutputs: "predict",
  PostWorkflowResults: "predict",

  PostSearches: "search",
  PostAnnotationsSearches: "search",

  ListScopes: "reads",
  MyScopes: "reads",
  MyScopesUser: "reads",

  ListTasks: "reads",
  GetTask: "reads",
  PostTasks: "other_writes",
  PatchTasks: "other_writes",
  DeleteTasks: "other_writes",

  DeleteWorkflow: "other_writes",
  DeleteWorkflows: "other_writes",
  GetWorkflow: "reads",
  ListWorkflows: "reads",
  PatchWorkflows: "other_writes",
  PostWorkflows: "other_writes",

  ListComputeClusters: "reads",
  GetComputeCluster: "reads",
  PostComputeClusters: "other_writes",
  PatchComputeClusters: "other_writes",
  DeleteComputeClusters: "other_writes",
  ListNodepools: "reads",
  GetNodepool: "reads",
  PostNodepools: "other_writes",
  PatchNodepools: "other_writes",
  DeleteNodepools: "other_writes",
  ListDeployments: "reads",
  GetDeployment: "reads",
  PostDeployments: "other_writes",
  PatchDeployments: "other_writes",
  DeleteDeployments: "other_writes",
};

/**
 * (endpoint name as metered, category) for every endpoint: the SQL that prices usage joins on it.
 * A metered name outside this list (an endpoint since removed) is priced as a read.
 */
export function endpointCategoryRows(): { endpoint: string; category: OperationCategory }[] {
  return ENDPOINTS.map((endpoint) => ({ endpoint: endpoint.name, category: ENDPOINT_CATEGORIES[endpoint.name.slice(ENDPOINT_PREFIX.length) as EndpointMethod] }));
}
