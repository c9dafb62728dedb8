import { randomBytes } from "node:crypto";

// The Clarifai-shaped response envelope: every answer, success or error, is
// {"status": {"code", "description", "details"?, "req_id"}, ...resource}.

export const STATUS = {
  ok: { http: 200, code: 10000, description: "Ok" },
  missingKey: { http: 401, code: 11008, description: "Invalid request: missing or malformed Authorization header" },
  invalidKey: { http: 401, code: 11009, description: "API key or access token not found" },
  insufficientScopes: { http: 403, code: 11007, description: "Insufficient scopes" },
  appNotFound: { http: 404, code: 11101, description: "Resource does not exist" },
  notFound: { http: 404, code: 11101, description: "Resource does not exist" },
  badRequest: { http: 400, code: 11102, description: "Invalid request" },
  methodNotAllowed: { http: 405, code: 11103, description: "Method not allowed" },
  internal: { http: 500, code: 99009, description: "Internal error" },
} as const;

export type StatusName = keyof typeof STATUS;

function requestId(): string {
  return randomBytes(12).toString("hex");
}

export function apiResponse(status: StatusName, body: Record<string, unknown> = {}, details?: unknown, headers: Record<string, string> = {}): Response {
  const { http, code, description } = STATUS[status];
  const payload = { status: { code, description, ...(details === undefined ? {} : { details }), req_id: requestId() }, ...body };
  return Response.json(payload, { status: http, headers: { "cache-control": "no-store", ...headers } });
}
