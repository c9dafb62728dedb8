import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { apiResponse } from "./envelope";

// Every /v2 route handler is built by apiRoute, so that every answer is the envelope: a method
// the path does not serve is 405 / 11103 (not Next's empty 405), and an unexpected exception is
// logged and answered 500 / 99009. Bad input is refused before it can reach that: path
// parameters go through parseAppPath.

export const API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type ApiMethod = (typeof API_METHODS)[number];

export type RouteContext<Params> = { params: Promise<Params> };
export type RouteHandler<Params> = (request: Request, context: RouteContext<Params>) => Promise<Response>;

function guarded<Params>(handler: RouteHandler<Params>): RouteHandler<Params> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      unstable_rethrow(error);
      console.error(`[api] ${request.method} ${new URL(request.url).pathname} failed`, error);
      return apiResponse("internal", {}, "The server failed while answering this request. Try again later.");
    }
  };
}

export type ApiRoute<Params> = Record<ApiMethod | "OPTIONS", RouteHandler<Params>>;

/**
 * The exports of one route file: the given methods, guarded; a 405 envelope for the others; and
 * OPTIONS naming only the methods served (HEAD is answered by GET, as Next.js does).
 */
export function apiRoute<Params>(handlers: Partial<Record<ApiMethod, RouteHandler<Params>>>): ApiRoute<Params> {
  const served = API_METHODS.filter((method) => handlers[method]);
  const allow = [...served, ...(handlers.GET ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const notAllowed: RouteHandler<Params> = async (request) =>
    apiResponse("methodNotAllowed", {}, `${request.method} is not allowed on this path; it answers ${served.join(", ")}.`, { allow });
  const route = (method: ApiMethod) => {
    const handler = handlers[method];
    return handler ? guarded(handler) : notAllowed;
  };
  return {
    GET: route("GET"),
    POST: route("POST"),
    PUT: route("PUT"),
    PATCH: route("PATCH"),
    DELETE: route("DELETE"),
    OPTIONS: async () => new Response(null, { status: 204, headers: { allow } }),
  };
}

/** Answers every method on a path that names no API method. */
export async function unknownApiPath(): Promise<Response> {
  return apiResponse("notFound", {}, "No API method is served at this path.");
}

// Next.js has already percent-decoded route parameters once; they are used as they are.
const pathId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
const appPathSchema = z.object({ userId: pathId, appId: pathId });

/** The (owner, app) a `/v2/users/{user_id}/apps/{app_id}/…` path names, or a 400 envelope. */
export function parseAppPath(params: { userId: string; appId: string }): { ownerHandle: string; appId: string } | Response {
  const parsed = appPathSchema.safeParse(params);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => (issue.path[0] === "userId" ? "user_id" : "app_id")))];
    return apiResponse("badRequest", {}, `The ${fields.join(" and ")} in the path ${fields.length > 1 ? "are not valid IDs" : "is not a valid ID"}: use letters, digits, '-' and '_'.`);
  }
  return { ownerHandle: parsed.data.userId, appId: parsed.data.appId };
}
