// The one result shape every server action and service returns: expected failures are values,
// not exceptions, so forms can show them and tests can assert on them.

export type ErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "internal";

export type FieldErrors = Record<string, string[]>;

/**
 * Why, more precisely than `code`, for surfaces with finer answers: the API maps a reason onto
 * Clarifai's own status code (lib/api/envelope.ts); the console shows the message.
 */
export type FailureReason =
  | "input_not_found"
  | "concept_not_found"
  | "annotation_not_found"
  | "model_not_found"
  | "workflow_not_found"
  | "duplicate_id"
  | "duplicate_concept"
  | "no_model_runtime";

export type Failure = { ok: false; code: ErrorCode; message: string; fieldErrors?: FieldErrors; details?: unknown; reason?: FailureReason };
export type Success<T> = { ok: true; data: T };
export type Result<T> = Success<T> | Failure;

export function ok<T>(data: T): Success<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, fieldErrors?: FieldErrors, details?: unknown): Failure {
  return { ok: false, code, message, ...(fieldErrors ? { fieldErrors } : {}), ...(details === undefined ? {} : { details }) };
}

/** A failure with a precise reason (see FailureReason). */
export function failBecause(reason: FailureReason, code: ErrorCode, message: string): Failure {
  return { ok: false, code, message, reason };
}

/**
 * Thrown inside a transaction to roll it back while still returning an expected failure to the
 * caller (see `runInTransaction`).
 */
export class FailureSignal extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
    this.name = "FailureSignal";
  }
}
