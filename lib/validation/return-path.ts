// Where to continue after signing up or verifying an address (an invitation link, say). It travels
// through query strings and emailed links, so it is untrusted: only a path on this site counts,
// never an address elsewhere — not "//host", not "/\host" (browsers read both as another host),
// not a scheme, not control characters that browsers strip before reading it.

const MAX_LENGTH = 500;
const BASE = "http://return-path.invalid";

/** The path if it is a same-site relative path; null otherwise. */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return null;
  if (!value.startsWith("/") || value.startsWith("//")) return null;
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  return url.origin === BASE ? value : null;
}

/** The path, or the console's home when it is missing or not a same-site path. */
export function returnPathOrHome(value: unknown): string {
  return safeReturnPath(value) ?? "/";
}
