// What the caller's account may do and where it collaborates, over /v2 at account level
// (MyScopesUser, ListScopes, ListCollaborations; the runner serves them to personal access tokens
// only). Scope and endpoint data come from lib/authz's catalog, so the answers never drift from
// what is decided.

import { z } from "zod";
import { listCollaborationsOf } from "@/db/queries/collaborations";
import {
  ACCOUNT_ENDPOINTS,
  APP_OPERATION_SCOPES,
  ENDPOINTS,
  OPERATION_SCOPES,
  ORG_ENDPOINTS,
  SCOPE_DEPENDENCIES,
  SESSION,
  compileCredential,
  credentialAppRefs,
  evaluateAccountEndpoint,
  evaluateOrgEndpoint,
  scopeNames,
} from "@/lib/authz";
import { ok } from "@/lib/result";
import { apiInput, pageWindow, paging, says } from "./api-input";
import { endpointList, presentApp, type ApiApp, type KeyType } from "./api-shapes";
import { defineAccountOperation } from "./operation";

/**
 * The credential's own operation scopes, and the account methods it may call now — with the
 * organization compute methods it may call (where the caller's role and environment access then
 * decide further).
 */
export const myScopesUser = defineAccountOperation({
  name: "scopes.mine_on_account",
  input: apiInput({}),
  readOnly: true,
  async run({ principal }) {
    const now = new Date();
    const credential = principal.credential ?? SESSION;
    return ok({
      scopes: scopeNames(compileCredential(credential).operationScopes),
      endpoints: [
        ...ACCOUNT_ENDPOINTS.filter((endpoint) => evaluateAccountEndpoint(credential, endpoint.name, { now }).allowed),
        ...ORG_ENDPOINTS.filter((endpoint) => evaluateOrgEndpoint(credential, endpoint.name, { now }).allowed),
      ].map((endpoint) => endpoint.name),
    });
  },
});

/**
 * The scope catalog for a key of the given type: each operation scope with the scopes picking it
 * also picks, and each endpoint such a key can be given with the scopes a call needs (an app key
 * acts on its app only, so it is offered the app endpoints and scopes: none of an organization's compute).
 */
export const listScopes = defineAccountOperation({
  name: "scopes.catalog",
  input: apiInput({
    key_type: z.enum(["personal_access_token", "app_specific_key"] satisfies KeyType[], { error: says('must be "personal_access_token" or "app_specific_key".') }).default("app_specific_key"),
  }),
  readOnly: true,
  async run(_context, { key_type }) {
    const endpoints = key_type === "app_specific_key" ? ENDPOINTS.filter((endpoint) => endpoint.level === "app") : ENDPOINTS;
    return ok({
      scope_deps: (key_type === "app_specific_key" ? APP_OPERATION_SCOPES : OPERATION_SCOPES).map((scope) => ({ scope, depending_scopes: [...SCOPE_DEPENDENCIES[scope]] })),
      endpoint_deps: endpoints.map((endpoint) => ({ endpoint: endpoint.name, depending_scopes: [...endpoint.needs] })),
    });
  },
});

export type ApiCollaboration = { app: ApiApp; app_owner: { id: string }; scopes: string[]; endpoints: string[]; created_at: string };

/** The apps the caller collaborates on, with what each collaboration grants, newest first. */
export const listCollaborations = defineAccountOperation({
  name: "collaborations.list_mine",
  input: apiInput(paging, { template_only: "template apps are not supported." }),
  readOnly: true,
  async run({ tx, principal }, input) {
    // A token limited to chosen apps lists the collaborations on those only.
    const rows = await listCollaborationsOf(tx, { userId: principal.userId, ...pageWindow(input), onlyApps: credentialAppRefs(principal.credential ?? SESSION) });
    return ok(
      rows.map(
        (row): ApiCollaboration => ({
          app: presentApp(row.app),
          app_owner: { id: row.app.ownerHandle },
          scopes: row.scopes,
          endpoints: endpointList(row.endpointScopes),
          created_at: row.createdAt.toISOString(),
        }),
      ),
    );
  },
});
