// Serves every /v2 request from the route table: match the path (unknown: 404 / 11101; known but
// another method: 405 / 11103), read the key (cookies are ignored) and the body (JSON, at most
// 1 MB), then open the call in one statement — the credential, its rate limit, and the app the
// path names (or on the short paths the app key's own) with the caller's access — check
// `user_app_id` against the path, run the entry's operation through the one runner on that access
// and answer in the envelope. No business rule lives here: the runner and lib/authz decide.

import { getDb, type Database } from "@/db/client";
import { classifyDatabaseError } from "@/db/errors";
import { clientIp } from "@/lib/auth/client-ip";
import type { EndpointName } from "@/lib/authz";
import { runOperation } from "@/lib/operations/runner";
import type { AppAccess } from "@/lib/services/access";
import { auditRefusal, openApiCall, type ApiCall, type CallTarget } from "@/lib/services/api-calls";
import type { AuthenticatedCredential as ApiCaller } from "@/lib/services/credentials";
import { meterCall } from "@/lib/services/metering";
import { handleKey } from "@/lib/validation/common";
import { presentedKey, unknownKey } from "./authorize";
import { ApiReply, apiReply, failedCallReply, failureReply, toResponse } from "./envelope";
import type { ApiRequest } from "./request";
import { matchRoute, type RouteMatch } from "./paths";
import { readJsonBody } from "./request-body";
import { API_ROUTES } from "./routes";
import { routeEndpoint, type AccountApiRoute, type ApiRoute, type OrgApiRoute, type RequestParts } from "./table";
import { checkUserAppId } from "./user-app-id";
import { queryWithoutDefaults, requestMessage, withoutDefaults } from "@/lib/operations/api-defaults";

export type DispatchOptions = {
  /** Defaults to the process-wide database (tests pass their own). */
  db?: Database;
};

/** Answers one request to `/v2/<segments…>` as a web Response. */
export async function dispatch(request: ApiRequest, segments: readonly string[], options: DispatchOptions = {}): Promise<Response> {
  return toResponse(await dispatchReply(request, segments, options));
}

/** Answers one request to `/v2/<segments…>`: the production server's data plane writes the reply out itself. */
export async function dispatchReply(request: ApiRequest, segments: readonly string[], options: DispatchOptions = {}): Promise<ApiReply> {
  const matched = matchRoute(API_ROUTES, request.method, segments);
  if (matched.kind === "unknown_path") return apiReply("notFound", {}, "No API method is served at this path.");
  if (matched.kind === "invalid_path") return apiReply("badRequest", {}, matched.message);
  if (matched.kind === "method_not_allowed") {
    const allow = allowHeader(matched.allowed);
    if (request.method === "OPTIONS") return new ApiReply(204, { allow }, null);
    return apiReply("methodNotAllowed", {}, `${request.method} is not allowed on this path; it answers ${matched.allowed.join(", ")}.`, { headers: { allow } });
  }
  try {
    return await serveRouteReply(request, matched, options);
  } catch (error) {
    // Answered here, where the method is known: 503 + Retry-After while the database is away or
    // busy, 500 otherwise (next/navigation's own signals are not thrown on this path).
    return failedCallReply(error, { method: request.method, path: new URL(request.url).pathname, operation: routeEndpoint(matched.route) }, emptyLists(matched.route));
  }
}

/**
 * Opens the call, once more if the database could not be reached: the first statement of a call
 * is the one that meets a connection the database closed, and it is safe to repeat — it reads the
 * credential and the app and takes one call from the allowance, which a lost first attempt took
 * at most once more. Nothing else is repeated: a change may have committed before its answer was lost.
 */
async function openCallRetryingOnce(db: Database, secret: string, target: CallTarget): ReturnType<typeof openApiCall> {
  try {
    return await openApiCall(db, secret, target);
  } catch (error) {
    if (classifyDatabaseError(error) !== "unavailable") throw error;
    return openApiCall(db, secret, target);
  }
}

/** Serves a matched route: authenticate, then run its operation (tests call it with routes of their own). */
export async function serveRoute(request: ApiRequest, matched: RouteMatch, options: DispatchOptions = {}): Promise<Response> {
  return toResponse(await serveRouteReply(request, matched, options));
}

async function serveRouteReply(request: ApiRequest, matched: RouteMatch, options: DispatchOptions): Promise<ApiReply> {
  const { route } = matched;
  const empty = emptyLists(route);
  const secret = presentedKey(request, empty);
  if (secret instanceof ApiReply) return secret;
  const db = options.db ?? (await getDb());
  // The body is read before the database is (its bytes are on their way anyway); its faults are
  // answered only after the key is known, as if read after it.
  const body = request.method === "GET" || request.method === "HEAD" ? {} : await readJsonBody(request);
  const opened = await openCallRetryingOnce(db, secret, callTarget(matched));
  if (!opened.ok) return unknownKey(empty);
  const { caller, admission, access } = opened.data;
  const endpoint = routeEndpoint(route);
  const call: ApiCall = { credentialId: caller.id, userId: caller.userId, endpoint, path: new URL(request.url).pathname, app: null, ip: clientIp(request.headers) };
  const { headers } = admission;
  if (!admission.allowed) {
    await auditRefusal(db, call, { status: 429, code: 11005 });
    return apiReply("tooManyRequests", empty, "This key made too many requests; wait until the window in RateLimit-Reset has passed.", { headers });
  }
  if (body instanceof ApiReply) return body.withHeaders(headers);
  const prepared: Prepared = { body, query: new URL(request.url).searchParams, empty, headers, endpoint, serving: options.db === undefined, call };
  if (route.level === "account") return serveAccount(request, matched, route, caller, db, prepared);
  if (route.level === "org") return serveOrg(request, matched, route, caller, db, prepared);
  return serveApp(request, matched, caller, access, db, prepared);
}

/** The app a request's path names, for the statement that opens the call. */
function callTarget(matched: RouteMatch): CallTarget {
  if (matched.route.level !== "app") return null;
  if (matched.form !== "full") return "key_app";
  const { user_id: owner, app_id: app } = matched.params;
  return owner === "me" ? { ownersOwnApp: app! } : { ownerHandleKey: handleKey(owner!), appId: app! };
}

type Prepared = {
  body: Record<string, unknown>;
  query: URLSearchParams;
  empty: Record<string, unknown[]>;
  headers: Record<string, string>;
  endpoint: EndpointName;
  serving: boolean;
  call: ApiCall;
};

/** A method on the caller's own account: the path's user must be the caller (or `me`). */
async function serveAccount(request: ApiRequest, matched: RouteMatch, route: AccountApiRoute, caller: ApiCaller, db: Database, prepared: Prepared): Promise<ApiReply> {
  const { body, query, empty, headers, endpoint, serving, call } = prepared;
  const named = matched.params.user_id;
  if (named !== undefined && named !== "me" && handleKey(named) !== handleKey(caller.handle)) {
    await auditRefusal(db, call, { status: 404, code: 11101 });
    return apiReply("notFound", empty, "This key acts for its own user only: use your user ID or me in the path.", { headers });
  }
  const checked = checkUserAppId(body, query, { owner: caller.handle }, caller.handle);
  if (checked instanceof ApiReply) return checked.withHeaders(headers);
  const { user_id: _user, ...params } = matched.params;
  const parts = clientRequest(endpoint, { params, query: withoutUserAppId(query), body: checked.body });
  if (parts instanceof ApiReply) return parts.withHeaders(headers);
  const input = route.input ? route.input(parts) : defaultInput(request.method, parts);
  if (typeof input !== "object" || input === null || Array.isArray(input)) return apiReply("badRequest", empty, "The request body must be a JSON object.", { headers });
  let allowed = false;
  const result = await runOperation(route.operation, { userId: caller.userId, credential: caller.credential }, input, {
    db,
    ip: call.ip,
    endpoint,
    serving,
    onAuthorized: () => {
      allowed = true;
    },
  });
  // A refusal after the account-level decision (a step on an app the key may not act in) is a refusal too.
  const refusedCall = !result.ok && result.code === "forbidden";
  if (allowed && !refusedCall) meterCall(db, { appRef: null, credentialId: call.credentialId, endpoint });
  if (result.ok) return apiReply("ok", { ...empty, ...route.respond(result.data, parts) }, "", { http: route.successStatus, headers });
  const refused = failureReply(result, empty, headers);
  if (refusedCall) {
    const details = (result.details ?? {}) as { deniedBy?: string; missing?: readonly string[] };
    await auditRefusal(db, call, { status: refused.status, code: 11007, deniedBy: details.deniedBy, missing: details.missing });
  }
  return refused;
}

/**
 * A method on an organization's compute: the path's user is the organization (the caller must be a
 * member: others are told it does not exist). The token is decided for the method first, then the
 * operation's own rule on the caller's role and environment access, as in the console.
 */
async function serveOrg(request: ApiRequest, matched: RouteMatch, route: OrgApiRoute, caller: ApiCaller, db: Database, prepared: Prepared): Promise<ApiReply> {
  const { body, query, empty, headers, endpoint, serving, call } = prepared;
  const org = matched.params.user_id!;
  const checked = checkUserAppId(body, query, { owner: org }, caller.handle);
  if (checked instanceof ApiReply) return checked.withHeaders(headers);
  const { user_id: _user, ...params } = matched.params;
  const parts = clientRequest(endpoint, { params, query: withoutUserAppId(query), body: checked.body, org });
  if (parts instanceof ApiReply) return parts.withHeaders(headers);
  const input = route.input ? route.input(parts) : defaultInput(request.method, { params, query: parts.query, body: parts.body });
  if (typeof input !== "object" || input === null || Array.isArray(input)) return apiReply("badRequest", empty, "The request body must be a JSON object.", { headers });
  // The operation is told its organization under this name; a request's own would be overridden unseen.
  if (Object.hasOwn(input, "org")) return apiReply("badRequest", empty, "org is not a field of this request.", { headers });
  let authorized = false;
  const result = await runOperation(route.operation, { userId: caller.userId, credential: caller.credential }, { ...input, org }, {
    db,
    ip: call.ip,
    endpoint,
    serving,
    onAuthorized: () => {
      authorized = true;
    },
  });
  // Refused: the token, membership of the organization, or the operation's rule (a role that may not
  // build clusters, Read-only access to the environment). A nodepool hidden from the caller answers
  // not found after an allowed call, and is metered like any answer.
  const refusedCall = !result.ok && (result.code === "forbidden" || (!authorized && result.code === "not_found"));
  if (authorized && !refusedCall) meterCall(db, { appRef: null, credentialId: call.credentialId, endpoint });
  if (result.ok) return apiReply("ok", { ...empty, ...route.respond(result.data, parts) }, "", { http: route.successStatus, headers });
  const refused = failureReply(result, empty, headers);
  if (refusedCall) {
    const details = (result.details ?? {}) as { deniedBy?: string; missing?: readonly string[] };
    await auditRefusal(db, call, { status: refused.status, code: result.code === "forbidden" ? 11007 : 11101, deniedBy: details.deniedBy, missing: details.missing });
  }
  return refused;
}

/** A method on an app: the one the path names, or on the short paths the app key's own. */
async function serveApp(request: ApiRequest, matched: RouteMatch, caller: ApiCaller, access: AppAccess | null, db: Database, prepared: Prepared): Promise<ApiReply> {
  const { route } = matched;
  const { body, query, empty, headers, endpoint, serving, call } = prepared;
  let tenant: { owner: string; app: string };
  if (matched.form === "full") {
    const owner = matched.params.user_id === "me" ? caller.handle : matched.params.user_id!;
    tenant = { owner, app: matched.params.app_id! };
  } else {
    if (caller.kind !== "app_key" || !caller.appId) {
      return apiReply("badRequest", empty, "This path needs an app-specific API key. With a personal access token, use /v2/users/{user_id}/apps/{app_id}/….", { headers });
    }
    if (!access) {
      await auditRefusal(db, call, { status: 404, code: 11101 });
      return apiReply("notFound", empty, "The app of this key does not exist, or the key's owner no longer has access to it.", { headers });
    }
    tenant = { owner: access.app.ownerHandle, app: access.app.appId };
  }
  const named = checkUserAppId(body, query, tenant, caller.handle);
  if (named instanceof ApiReply) return named.withHeaders(headers);

  const { user_id: _user, app_id: _app, ...params } = matched.params;
  const parts = clientRequest(endpoint, { params, query: withoutUserAppId(query), body: named.body });
  if (parts instanceof ApiReply) return parts.withHeaders(headers);
  const input = route.input ? route.input(parts) : defaultInput(request.method, parts);
  if (typeof input !== "object" || input === null || Array.isArray(input)) return apiReply("badRequest", empty, "The request body must be a JSON object.", { headers });
  // The operation is told its app under these names; a request's own would be overridden unseen.
  const taken = Object.keys(tenant).find((field) => Object.hasOwn(input, field));
  if (taken) return apiReply("badRequest", empty, `${taken} is not a field of this request.`, { headers });

  const rule = route.operation.authorize;
  const result = await runOperation(route.operation, { userId: caller.userId, credential: caller.credential }, { ...input, ...tenant }, {
    db,
    ip: call.ip,
    // A descriptor that is this API method decides it itself; others are decided as this endpoint too.
    endpoint: typeof rule === "object" && "endpoint" in rule ? undefined : endpoint,
    serving,
    appAccess: access,
    onAuthorized: (authorized) => {
      if (authorized.kind === "app") call.app = authorized.app;
    },
  });
  // Refused: no access to the app, the scopes, or a rule of the method beyond them (a grant beyond
  // the caller's own, say). Who tried what is audited; everything else the caller was allowed is metered.
  const refusedCall = !result.ok && (result.code === "forbidden" || (!call.app && result.code === "not_found"));
  if (call.app && !refusedCall) meterCall(db, { appRef: call.app.id, credentialId: call.credentialId, endpoint: call.endpoint });
  if (result.ok) return apiReply("ok", { ...empty, ...route.respond(result.data, parts) }, "", { http: route.successStatus, headers });
  const refused = failureReply(result, empty, headers);
  if (refusedCall) {
    const details = (result.details ?? {}) as { deniedBy?: string; missing?: readonly string[] };
    await auditRefusal(db, call, { status: refused.status, code: result.code === "forbidden" ? 11007 : 11101, deniedBy: details.deniedBy, missing: details.missing });
  }
  return refused;
}

/**
 * The request as the method reads it: the fields a Clarifai client sends at their proto default
 * dropped (lib/operations/api-defaults.ts), and the path's own fields, which clients repeat in the
 * body, accepted when they agree with the path and refused when they contradict it.
 */
function clientRequest(endpoint: EndpointName, parts: RequestParts): RequestParts | ApiReply {
  const message = requestMessage(endpoint.split("/").pop()!);
  const body = message ? withoutDefaults(message, parts.body) : { ...parts.body };
  const query = message ? queryWithoutDefaults(message, parts.query) : parts.query;
  for (const [name, value] of Object.entries(parts.params)) {
    for (const given of [body[name], ...query.getAll(name)]) {
      if (given !== undefined && given !== value) return apiReply("badRequest", {}, `${name} "${String(given)}" contradicts the path, which names "${value}".`);
    }
    delete body[name];
    query.delete(name);
  }
  return { ...parts, body, query };
}

/** The methods a path answers, as the Allow header lists them (HEAD with GET, and OPTIONS). */
function allowHeader(methods: readonly string[]): string {
  return [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
}

function defaultInput(method: string, parts: RequestParts): Record<string, unknown> {
  if (method === "GET") return { ...queryObject(parts.query), ...parts.params };
  return { ...parts.body, ...parts.params };
}

/** Query parameters as an object; a parameter given more than once becomes a list. */
function queryObject(query: URLSearchParams): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    object[key] = values.length > 1 ? values : values[0]!;
  }
  return object;
}

function withoutUserAppId(query: URLSearchParams): URLSearchParams {
  const rest = new URLSearchParams();
  for (const [key, value] of query) if (!key.startsWith("user_app_id")) rest.append(key, value);
  return rest;
}

function emptyLists(route: ApiRoute): Record<string, unknown[]> {
  return Object.fromEntries((route.lists ?? []).map((field) => [field, []]));
}
