// Permission groups: the set of operation scopes a team holds on an app it was given. Four are built
// in (DESIGN §3, after Clarifai's team permission types); organizations may define their own as plain
// data { name, scopes }. A group only ever carries operation scopes: no group, not even Full Access,
// gives app administration (renaming, deleting, visibility, editing collaborators as an admin), so
// the administration scopes (Apps:Add, Apps:Delete) never count from a group. Every built-in group
// reads the app it was given (Apps:Get).

import type { EnvironmentPolicy } from "./environments";
import { APP_ADMINISTRATION_SCOPES } from "./roles";
import { APP_SCOPES, ORGANIZATION_SCOPE_SET, scopeSet, subtractScopes, unionScopes, type ScopeSet } from "./scopeset";

export interface PermissionGroup {
  readonly name: string;
  readonly scopes: ScopeSet;
  /** Access to the organization's compute environments (./environments.ts); absent: none. */
  readonly environments?: EnvironmentPolicy;
}

export interface BuiltInPermissionGroup extends PermissionGroup {
  readonly name: BuiltInGroupName;
  /** One line for the team dialogs. */
  readonly description: string;
}

export const BUILT_IN_GROUP_NAMES = ["Full Access", "Model Trainer", "Labeler Lead", "Labeler Worker"] as const;
export type BuiltInGroupName = (typeof BUILT_IN_GROUP_NAMES)[number];

/** A team's permission on an app: a built-in group by name, or a custom group. */
export type PermissionGroupRef = BuiltInGroupName | PermissionGroup;

const LABELER_WORKER_SCOPES = scopeSet("Apps:Get", "Tasks:Get", "Inputs:Get", "Concepts:Get", "Annotations:Add", "Annotations:Get");

export const BUILT_IN_GROUPS: Readonly<Record<BuiltInGroupName, BuiltInPermissionGroup>> = Object.freeze({
  "Full Access": Object.freeze({
    name: "Full Access",
    description: "Every operation on every resource of the app (but no app administration)",
    scopes: subtractScopes(APP_SCOPES, APP_ADMINISTRATION_SCOPES),
  }),
  "Model Trainer": Object.freeze({
    name: "Model Trainer",
    description: "Creates, trains and deletes models; reads workflows, inputs and concepts; predicts",
    scopes: scopeSet(
      "Apps:Get",
      "Models:Add",
      "Models:Get",
      "Models:Delete",
      "Models:Train",
      "Workflows:Get",
      "Inputs:Get",
      "Concepts:Get",
      "Predict",
    ),
  }),
  "Labeler Lead": Object.freeze({
    name: "Labeler Lead",
    description: "Labeler Worker, plus creating and deleting tasks, adding concepts and deleting annotations",
    scopes: unionScopes(
      LABELER_WORKER_SCOPES,
      scopeSet("Tasks:Add", "Tasks:Delete", "Concepts:Add", "Annotations:Delete"),
    ),
  }),
  "Labeler Worker": Object.freeze({
    name: "Labeler Worker",
    description: "Works on labeling tasks: reads tasks, inputs and concepts; reads and writes annotations",
    scopes: LABELER_WORKER_SCOPES,
  }),
});

export function isBuiltInGroupName(name: string): name is BuiltInGroupName {
  return Object.prototype.hasOwnProperty.call(BUILT_IN_GROUPS, name);
}

/** The group a reference stands for. Throws on a built-in name that does not exist (a programming error). */
export function resolvePermissionGroup(ref: PermissionGroupRef): PermissionGroup {
  if (typeof ref !== "string") return ref;
  if (!isBuiltInGroupName(ref)) throw new TypeError(`Unknown built-in permission group "${String(ref)}"`);
  return BUILT_IN_GROUPS[ref];
}

/** The scopes a team holding this group gets on the app: the group's, less app administration. */
export function groupScopesOnApp(group: PermissionGroup): ScopeSet {
  return subtractScopes(group.scopes, unionScopes(APP_ADMINISTRATION_SCOPES, ORGANIZATION_SCOPE_SET));
}
