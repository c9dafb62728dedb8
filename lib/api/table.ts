// The /v2 route table's entry type. Every API method is one entry: the HTTP method and path, the
// operation descriptor it runs, how the request becomes the descriptor's input, and how the
// descriptor's output becomes the response's resource fields. lib/api/dispatch.ts serves the
// table; the API reference is generated from it. No business rule lives in an entry.

import type { EndpointName } from "@/lib/authz";
import type { AccountOperation, AppOperation, OrgOperation } from "@/lib/operations/operation";

export const API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type ApiMethod = (typeof API_METHODS)[number];

/** What an entry's `input` sees of the request, after the envelope checks (user_app_id removed). */
export type RequestParts = {
  /** Path parameters named in the entry's path, e.g. `{ input_id: "dog-1" }`. */
  params: Record<string, string>;
  /** The query string (GET and DELETE parameters such as `page`, `per_page`). */
  query: URLSearchParams;
  /** The parsed JSON body (an empty object when there is none). */
  body: Record<string, unknown>;
  /** On an organization's route: the organization, as the path names it (for the answer's `user_id`). */
  org?: string;
};

type RouteFields<Output> = {
  method: ApiMethod;
  /** The descriptor's input; by default the path parameters with the query (GET) or the body (others). */
  input?: (request: RequestParts) => unknown;
  /**
   * The response's resource fields, e.g. `{ inputs: [...] }` (repeated fields present even when
   * empty); `request` for an answer cut from the output by the request's own fields (a page).
   */
  respond: (output: Output, request: RequestParts) => Record<string, unknown>;
  /** The repeated fields the method answers (e.g. `inputs`): present, empty, on errors too. */
  lists?: readonly string[];
  /** HTTP status of a success (200 by default). */
  successStatus?: number;
  /** For the API reference: one line on what the method does. */
  summary: string;
  /** For the API reference: a request body (POST, PATCH, DELETE) or query string (GET) example. */
  example?: string;
};

export type AppApiRoute<Input = unknown, Output = unknown> = RouteFields<Output> & {
  level: "app";
  /**
   * The path below an app, with `{param}` placeholders: `inputs/{input_id}` is served at
   * `/v2/users/{user_id}/apps/{app_id}/inputs/{input_id}` and, with an app key, `/v2/inputs/{input_id}`.
   * The empty path is the app itself.
   */
  path: string;
  /** Further short paths with an app key (e.g. `my_scopes`). */
  shortAliases?: readonly string[];
  operation: AppOperation<Input, Output>;
  /**
   * The API method, when the descriptor does not declare it as its rule (`authorize: { endpoint }`):
   * then the runner decides both the descriptor's rule and this endpoint for the credential.
   */
  endpoint?: EndpointName;
};

/** A method on the caller's own account (`/v2/users/{user_id}/<path>`, `user_id` being the caller or `me`). */
export type AccountApiRoute<Input = unknown, Output = unknown> = RouteFields<Output> & {
  level: "account";
  path: string;
  /** Further paths, e.g. the legacy `scopes` for ListScopes. */
  shortAliases?: readonly string[];
  operation: AccountOperation<Input, Output>;
  /** The account-level API method; the runner decides it for the credential (personal access tokens only). */
  endpoint: EndpointName;
};

/**
 * A method on what an organization owns outside its apps — its compute — at
 * `/v2/users/{user_id}/<path>`, `user_id` being the organization's ID. Personal access tokens only.
 */
export type OrgApiRoute<Input = unknown, Output = unknown> = RouteFields<Output> & {
  level: "org";
  path: string;
  operation: OrgOperation<Input, Output>;
  /** The org-level API method; the runner decides it for the credential, then the operation's own rule. */
  endpoint: EndpointName;
};

export type ApiRoute = AppApiRoute | AccountApiRoute | OrgApiRoute;

/**
 * Declares an entry; typed by the descriptor, stored erased in the table.
 * (A function, so that `respond` and `input` are checked against the descriptor's types.)
 */
export function appRoute<Input, Output>(route: Omit<AppApiRoute<Input, Output>, "level">): ApiRoute {
  return { ...route, level: "app" } as unknown as ApiRoute;
}

export function accountRoute<Input, Output>(route: Omit<AccountApiRoute<Input, Output>, "level">): ApiRoute {
  return { ...route, level: "account" } as unknown as ApiRoute;
}

export function orgRoute<Input, Output>(route: Omit<OrgApiRoute<Input, Output>, "level">): ApiRoute {
  return { ...route, level: "org" } as unknown as ApiRoute;
}

/** The API method an entry serves, as lib/authz names it. */
export function routeEndpoint(route: ApiRoute): EndpointName {
  if (route.level === "account" || route.level === "org") return route.endpoint;
  const rule = route.operation.authorize;
  if (typeof rule === "object" && "endpoint" in rule) return rule.endpoint;
  if (!route.endpoint) throw new TypeError(`the route ${route.method} ${route.path} names no API method`);
  return route.endpoint;
}

/** Where a route is served in full: below the app, or below the user (or organization). */
export function fullPath(route: ApiRoute): string {
  const below = route.level === "app" ? "users/{user_id}/apps/{app_id}" : "users/{user_id}";
  return route.path ? `${below}/${route.path}` : below;
}

/** Its short paths: an app route's own path (not the app itself) and the aliases (an org route has none). */
export function shortPaths(route: ApiRoute): string[] {
  if (route.level === "org") return [];
  return [...(route.level === "app" && route.path ? [route.path] : []), ...(route.shortAliases ?? [])];
}
