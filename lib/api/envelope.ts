import { randomFillSync } from "node:crypto";
import { classifyDatabaseError, describeErrorSafely } from "@/db/errors";
import type { Failure, FailureReason } from "@/lib/result";

// The Clarifai-shaped response envelope: every answer, success or error, is
// {"status": {"code", "description", "details", "req_id"}, ...resource fields}. `details` is always
// a string (Clarifai's clients type-check it); structured extras such as `denied_by` and
// `missing_scopes` are further keys of `status`, which those clients ignore. Codes and
// descriptions are Clarifai's own (status_code.proto and its documentation).

export const STATUS = {
  ok: { http: 200, code: 10000, description: "Ok" },
  /** No Authorization header, or one that is not `Key <secret>`. */
  missingKey: { http: 401, code: 11102, description: "Invalid request" },
  malformedKey: { http: 401, code: 11008, description: "Invalid API key or Invalid API key/application pair" },
  /** Unknown, revoked and expired keys get this one answer alike. */
  keyNotFound: { http: 401, code: 11009, description: "API key not found" },
  insufficientScopes: { http: 403, code: 11007, description: "API key has insufficient scopes" },
  notFound: { http: 404, code: 11101, description: "Resource does not exist" },
  inputNotFound: { http: 404, code: 30102, description: "Input does not exist" },
  modelNotFound: { http: 404, code: 21200, description: "Model does not exist" },
  badRequestFormat: { http: 400, code: 11100, description: "Bad request format" },
  badRequest: { http: 400, code: 11102, description: "Invalid request" },
  duplicateConcept: { http: 400, code: 40003, description: "Invalid request" },
  duplicateId: { http: 409, code: 40010, description: "Object has a duplicate ID; another object with same ID already exist." },
  methodNotAllowed: { http: 405, code: 11103, description: "Method not allowed" },
  tooManyRequests: { http: 429, code: 11005, description: "Making too many requests" },
  /** An allowed call this server cannot carry out: it runs no models. */
  noModelRuntime: { http: 501, code: 10020, description: "Failure" },
  internal: { http: 500, code: 99009, description: "Internal error" },
  /** The database is away (a restart, a failover) or a statement ran out of time: try again shortly (Retry-After). Clarifai's INTERNAL_DATABASE_ISSUE. */
  unavailable: { http: 503, code: 98006, description: "Internal database issue" },
} as const;

export type StatusName = keyof typeof STATUS;

/** A new request id, for an answer's `req_id` (and the log line of a failed call, so the two can be matched). */
// Drawn a page at a time: a request id needs to be unique, not secret, and each call for random
// bytes costs far more than taking twelve of them from a page.
const ID_BYTES = 12;
const idPage = Buffer.alloc(ID_BYTES * 512);
let idOffset = idPage.length;

export function newRequestId(): string {
  if (idOffset === idPage.length) {
    randomFillSync(idPage);
    idOffset = 0;
  }
  idOffset += ID_BYTES;
  return idPage.toString("hex", idOffset - ID_BYTES, idOffset);
}

export type EnvelopeOptions = {
  /** Further keys of `status` (`denied_by`, `missing_scopes`, `fields` …). */
  extras?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** The HTTP status of a success, when not 200. */
  http?: number;
  /** The answer's `req_id`, when the server already logged it; a new one otherwise. */
  requestId?: string;
};

/**
 * An answer of the API as data: its HTTP status, headers and envelope. The dispatcher builds these;
 * an adapter writes one out (toResponse for a web Response, or straight to Node's response), so no
 * web Response is built on the way.
 */
export class ApiReply {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    /** The envelope; null: no body (a 204). */
    readonly payload: Readonly<Record<string, unknown>> | null,
  ) {}

  /** The same answer with these headers added. */
  withHeaders(headers: Record<string, string>): ApiReply {
    return new ApiReply(this.status, { ...this.headers, ...headers }, this.payload);
  }
}

export function apiReply(status: StatusName, body: Record<string, unknown> = {}, details = "", options: EnvelopeOptions = {}): ApiReply {
  const { http, code, description } = STATUS[status];
  const payload = { status: { code, description, details, req_id: options.requestId ?? newRequestId(), ...options.extras }, ...body };
  return new ApiReply(options.http ?? http, { "content-type": "application/json", "cache-control": "no-store", ...options.headers }, payload);
}

/** The answer as a web Response (the route handler under `next dev`, and tests). */
export function toResponse(reply: ApiReply): Response {
  return new Response(reply.payload === null ? null : JSON.stringify(reply.payload), { status: reply.status, headers: reply.headers });
}

export function apiResponse(status: StatusName, body: Record<string, unknown> = {}, details = "", options: EnvelopeOptions = {}): Response {
  return toResponse(apiReply(status, body, details, options));
}

const REASON_STATUS: Record<FailureReason, StatusName> = {
  input_not_found: "inputNotFound",
  concept_not_found: "notFound",
  annotation_not_found: "notFound",
  model_not_found: "modelNotFound",
  workflow_not_found: "notFound",
  duplicate_id: "duplicateId",
  duplicate_concept: "duplicateConcept",
  no_model_runtime: "noModelRuntime",
};

/** What was wrong with each field, in one line (a form shows them beside the fields; an API client reads `details`). */
function fieldMessages(fields: Record<string, string[]>): string {
  return Object.entries(fields)
    .flatMap(([field, messages]) => messages.map((message) => (field === "_form" || message.includes(field) ? message : `${field}: ${message}`)))
    .join(" ");
}

/** An operation's failure as the envelope answers it; `empty` are the repeated fields the method answers, present even on errors. */
export function failureReply(failure: Failure, empty: Record<string, unknown> = {}, headers: Record<string, string> = {}): ApiReply {
  if (failure.reason) return apiReply(REASON_STATUS[failure.reason], empty, failure.message, { headers });
  switch (failure.code) {
    case "not_found":
      return apiReply("notFound", empty, failure.message, { headers });
    case "forbidden": {
      const details = (failure.details ?? {}) as { deniedBy?: string; missing?: readonly string[] };
      return apiReply("insufficientScopes", empty, failure.message, { headers, extras: { denied_by: details.deniedBy ?? null, missing_scopes: details.missing ?? [] } });
    }
    case "invalid_input":
    case "conflict":
      return apiReply("badRequest", empty, failure.fieldErrors ? fieldMessages(failure.fieldErrors) : failure.message, { headers, extras: failure.fieldErrors ? { fields: failure.fieldErrors } : {} });
    case "unauthenticated":
      return apiReply("keyNotFound", empty, failure.message, { headers });
    case "rate_limited":
      return apiReply("tooManyRequests", empty, failure.message, { headers });
    default:
      return apiReply("internal", empty, failure.message, { headers });
  }
}

/** Seconds a client is asked to wait (Retry-After) when the database is away or too busy to answer in time. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * The answer to a call that failed unexpectedly: 503 with Retry-After when the database is away or
 * a statement ran out of time (statement_timeout, lock_timeout), 500 otherwise. The failure is
 * logged with the operation, the error's code and the answer's req_id — never the statement or
 * its parameters (which may hold the credential's lookup hash).
 */
export function failedCallReply(error: unknown, call: { method: string; path: string; operation: string }, empty: Record<string, unknown> = {}): ApiReply {
  const requestId = newRequestId();
  const failure = classifyDatabaseError(error);
  console.error(`[api] ${call.method} ${call.path} (${call.operation}) failed, req_id ${requestId}: ${describeErrorSafely(error, { stack: true })}`);
  if (failure === "other") return apiReply("internal", empty, "The server failed while answering this request. Try again later.", { requestId });
  const details = failure === "timeout" ? "The database did not answer in time. Try again shortly." : "The database cannot be reached right now. Try again shortly.";
  return apiReply("unavailable", empty, details, { requestId, headers: { "retry-after": String(RETRY_AFTER_SECONDS) } });
}

export function failedCallResponse(error: unknown, call: { method: string; path: string; operation: string }, empty: Record<string, unknown> = {}): Response {
  return toResponse(failedCallReply(error, call, empty));
}
