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

export type Failure = { ok: false; code: ErrorCode; message: string; fieldErrors?: FieldErrors; details?: unknown };
export type Success<T> = { ok: true; data: T };
export type Result<T> = Success<T> | Failure;

export function ok<T>(data: T): Success<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, fieldErrors?: FieldErrors, details?: unknown): Failure {
  return { ok: false, code, message, ...(fieldErrors ? { fieldErrors } : {}), ...(details === undefined ? {} : { details }) };
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
