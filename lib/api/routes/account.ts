import { listCollaborations, listScopes, myScopesUser } from "@/lib/operations/api-account";
import { accountRoute } from "../table";

// What the caller's token may do at account level, the scope catalog, and where they collaborate.
export const accountRoutes = [
  accountRoute({
    method: "GET",
    path: "myscopes",
    operation: myScopesUser,
    endpoint: "/clarifai.api.V2/MyScopesUser",
    lists: ["scopes", "endpoints"],
    respond: (scopes) => scopes,
    summary:
      "The token's own operation scopes, and the account-level methods it may call now, with the organization compute methods it carries the scopes for (on an app, its scopes count within your grants there: MyScopes).",
  }),
  accountRoute({
    method: "GET",
    path: "scopes",
    shortAliases: ["scopes"],
    operation: listScopes,
    endpoint: "/clarifai.api.V2/ListScopes",
    lists: ["scope_deps", "endpoint_deps"],
    respond: (catalog) => catalog,
    summary:
      "The scopes a key of key_type (app_specific_key by default, or personal_access_token) can be given: each scope with the scopes picking it also picks, and each endpoint with the scopes a call needs.",
    example: "key_type=personal_access_token",
  }),
  accountRoute({
    method: "GET",
    path: "collaborations",
    operation: listCollaborations,
    endpoint: "/clarifai.api.V2/ListCollaborations",
    lists: ["collaborations"],
    respond: (collaborations) => ({ collaborations }),
    summary: "The apps you collaborate on, with the scopes and endpoints each grants you, newest first.",
    example: "page=1&per_page=20",
  }),
];
