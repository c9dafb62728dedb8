// What a database error means for the request that met it, read from its code alone. Errors of the
// query builder carry the whole statement and its parameters (a token's lookup hash, an address, a
// mail body) in their message, so logs name an error by its class and code, never by its message.

/** The database cannot be reached right now: it is restarting, failing over, or refusing connections. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  // postgres.js
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  // SQLSTATE: the server shut the session (admin_shutdown, crash_shutdown), cannot take it yet
  // (cannot_connect_now: starting up or shutting down), or has no room (too_many_connections).
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/** A statement ran out of time (statement_timeout: query_canceled) or of patience for a lock (lock_timeout). */
const TIMEOUT_CODES = new Set(["57014", "55P03"]);

export type DatabaseFailure = "unavailable" | "timeout" | "other";

/** The error, then what it wraps (the query builder wraps the driver's error in `cause`). */
function chain(error: unknown): object[] {
  const links: object[] = [];
  let current = error;
  while (current && typeof current === "object" && links.length < 5 && !links.includes(current)) {
    links.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return links;
}

/** The first code along the error's chain: a SQLSTATE, a driver code or a system error code. */
export function databaseErrorCode(error: unknown): string | null {
  for (const link of chain(error)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === "string" && code) return code;
  }
  return null;
}

export function classifyDatabaseError(error: unknown): DatabaseFailure {
  const code = databaseErrorCode(error);
  if (code === null) return "other";
  if (CONNECTION_CODES.has(code) || code.startsWith("08")) return "unavailable";
  if (TIMEOUT_CODES.has(code)) return "timeout";
  return "other";
}

/** Whether the request may be answered "try again shortly" (503) rather than "failed" (500). */
export function isTransientDatabaseError(error: unknown): boolean {
  return classifyDatabaseError(error) !== "other";
}

/** Whether the error came from a statement (and so may carry it and its parameters). */
function fromStatement(error: unknown): boolean {
  return chain(error).some((link) => "query" in link || "params" in link || "parameters" in link || databaseErrorCode(link) !== null);
}

/**
 * An error as a log line may show it: for an error of a statement, its class and code only — not
 * the statement, its parameters or the server's message (which may quote a value); for any other
 * error (a bug), its class and message, and with `stack` its stack.
 */
export function describeErrorSafely(error: unknown, { stack = false }: { stack?: boolean } = {}): string {
  if (!fromStatement(error)) return error instanceof Error ? ((stack && error.stack) || `${error.name}: ${error.message}`) : String(error);
  const names = chain(error)
    .map((link) => (link instanceof Error ? link.name : "object"))
    .join(" < ");
  const code = databaseErrorCode(error);
  return `${names}${code ? ` (code ${code})` : ""}`;
}
