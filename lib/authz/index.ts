// lib/authz — the scope-evaluation module: one pure, fast, explained decision for every permission.
// README.md next to this file documents the model, the role matrix, the groups and every endpoint.
//
// A user's grants on an app are the union of four layers: owner of a personal app (everything),
// org role (Admin / Organization Contributor: every scope; Organization User: every :Get, Search,
// Predict; others: none), each team holding the user and the app (its permission group: Full Access =
// every scope but app administration; Model Trainer = Apps:Get, Models:Add|Get|Delete|Train,
// Workflows:Get, Inputs:Get, Concepts:Get, Predict; Labeler Worker = Apps:Get, Tasks:Get, Inputs:Get,
// Concepts:Get, Annotations:Add|Get; Labeler Lead = Labeler Worker + Tasks:Add|Delete, Concepts:Add,
// Annotations:Delete; groups never administer the app: Apps:Add|Delete never count from a group or a
// collaborator grant), and collaborator scopes. A call is allowed iff the credential is live, an app
// key is on its own app (a token limited to chosen apps: on one of them), the endpoint is in the
// credential's endpoint scopes (MyScopes: any live credential), and every scope the call needs is
// in grants ∩ credential scopes. Calls on the caller's own account (keys, apps, collaborations,
// scopes) are decided from the credential alone, and never through an app key. Denials name the layer and the missing scopes.
//
//   const grants = compileGrants({ appId, isOwner, orgRole, teamGroups, collaboratorScopes }); // once per request
//   const credential = compileCredential(storedKey);                                            // once per request
//   const decision = evaluateEndpoint(grants, credential, "PostSearches", { now, visualQuery: true });
//   if (!decision.allowed) → 403 with decision.deniedBy, decision.missing, decision.message
//   evaluateAccountEndpoint(credential, "PostKeys", { now });                                   // account level
//   evaluateOrgEndpoint(credential, "PostNodepools", { now });                                  // an org's compute
//
// Pure TypeScript: no I/O, no clock (callers pass `now`), no imports outside this folder.

export {
  OPERATION_SCOPES,
  SCOPE_LABELS,
  RESOURCES,
  BASIC_SCOPES,
  SCOPE_DEPENDENCIES,
  ORGANIZATION_SCOPES,
  APP_OPERATION_SCOPES,
  isOperationScope,
  isOrganizationScope,
  withDependencies,
  withoutDependents,
  type OperationScope,
  type Resource,
  type BasicScopeName,
} from "./catalog";

export {
  NO_SCOPES,
  ALL_SCOPES,
  APP_SCOPES,
  ORGANIZATION_SCOPE_SET,
  scopeSet,
  parseScopes,
  scopeNames,
  hasScope,
  unionScopes,
  intersectScopes,
  subtractScopes,
  isSubsetOf,
  type ScopeSet,
  type ParsedScopes,
} from "./scopeset";

export {
  ENDPOINT_PREFIX,
  ENDPOINTS,
  ACCOUNT_ENDPOINTS,
  ORG_ENDPOINTS,
  isEndpointName,
  parseEndpoints,
  type Endpoint,
  type EndpointLevel,
  type EndpointName,
  type EndpointMethod,
  type ParsedEndpoints,
} from "./endpoints";

export {
  ENDPOINT_DESCRIPTIONS,
  GRANT_KIND_SCOPES,
  GRANT_KIND_SCOPE_NOTES,
  GRANT_KIND_ENDPOINT_LEVELS,
  PLAIN_ACTIONS,
  describeEndpoint,
  endpointsAllowedBy,
  checkEndpointRestriction,
  endpointRestrictionError,
  endpointRestrictionWarning,
  resolveExplainTarget,
  type GrantKind,
  type EndpointRestrictionCheck,
  type PlainAction,
  type ExplainTarget,
} from "./endpoint-restrictions";

export {
  ORG_ROLES,
  ORG_ROLE_DESCRIPTIONS,
  ORG_CAPABILITIES,
  APP_CAPABILITIES,
  CAPABILITY_LABELS,
  ROLE_PERMISSIONS,
  APP_ADMINISTRATION_SCOPES,
  isOrgRole,
  type OrgRole,
  type OrgCapability,
  type AppCapability,
  type Capability,
  type RolePermissions,
  type RoleAppScopes,
} from "./roles";

export {
  BUILT_IN_GROUPS,
  BUILT_IN_GROUP_NAMES,
  isBuiltInGroupName,
  type PermissionGroup,
  type BuiltInPermissionGroup,
  type BuiltInGroupName,
  type PermissionGroupRef,
} from "./groups";

export {
  GRANT_LAYERS,
  compileGrants,
  type AccessFacts,
  type TeamGrant,
  type Grants,
  type GrantLayer,
} from "./grants";

export {
  SESSION,
  compileCredential,
  credentialAppRefs,
  type Credential,
  type CredentialKind,
  type CompiledCredential,
} from "./credential";

export {
  evaluateEndpoint,
  callableEndpoints,
  evaluateOperation,
  evaluateAppCapability,
  evaluateOrgCapability,
  evaluateCollaboratorManagement,
  effectiveScopes,
  type EvaluationContext,
  type EndpointRequest,
  type OperationNeeds,
  type Decision,
  type Allowed,
  type Denied,
  type DenialReason,
  type CollaboratorAction,
} from "./decide";

export { credentialsSurviveAddressProof, evaluateAccountEndpoint, evaluateOrgEndpoint, mayCreateKey, type KeyHolder, type KeyRequest } from "./account";

export {
  ENVIRONMENT_ACCESS_LEVELS,
  ENVIRONMENT_ACCESS_LABELS,
  BUILT_IN_ENVIRONMENT_POLICIES,
  NO_ENVIRONMENT_ACCESS,
  isEnvironmentAccess,
  environmentPolicyOf,
  environmentAccess,
  levelIn,
  roleEnvironmentAccess,
  evaluateEnvironmentView,
  evaluateDeployment,
  type EnvironmentAccess,
  type EnvironmentPolicy,
  type ComputeFacts,
  type ComputeSeat,
} from "./environments";

export { explainAccess, type AccessExplanation, type LayerExplanation } from "./explain";

export {
  FINANCE_AUDIT_RESOURCES,
  APP_AUDIT_LOG_CAPABILITY,
  auditResourceOf,
  isFinanceAuditAction,
  auditLogReach,
  appAuditLogReach,
  evaluateAuditLogView,
  evaluateAppAuditLogView,
  mayReadAuditAction,
  type AuditLogReach,
  type FinanceAuditResource,
} from "./audit";

export {
  mayGrantScopes,
  mayManageCollaborator,
  canAssignRole,
  canGrantTeamSeats,
  type ActingCredential,
  type CollaboratorTarget,
  type CollaboratorChange,
  type GrantedEndpoints,
} from "./grant";

export {
  NOT_EXPLAINABLE_MESSAGE,
  evaluateExplainSubject,
  evaluateCredentialDetails,
  type ExplainSubject,
} from "./explainer";

export {
  ADMIN_ROLE,
  evaluateAdminRetention,
  evaluateAppAccess,
  evaluateMembership,
  evaluateLeaveApp,
  evaluateAppTransfer,
  evaluateInvitationAnswer,
  type InvitationAnswerFacts,
} from "./standing";
