const API_PREFIX = /^\/(?:api\/)?v2(?=[/?]|$)/;

/** Is this path (or request target, query included) one of the API's: `/v2…`, or the `/api/v2…` it is rewritten to? */
export function isApiPath(path: string): boolean {
  return API_PREFIX.test(path);
}

/**
 * The segments of an API path after /v2 (or /api/v2), percent-decoded (the path must decode: see
 * ./preflight.ts); null for a path that is not the API's, or one with an empty segment (a trailing or
 * doubled slash), which Next.js normalizes first and is left to it.
 */
export function apiSegments(pathname: string): string[] | null {
  const prefix = API_PREFIX.exec(pathname);
  if (prefix === null) return null;
  const rest = pathname.slice(prefix[0].length);
  if (rest === "") return [];
  const segments = rest.slice(1).split("/");
  if (segments.some((segment) => segment === "")) return null;
  return segments.map((segment) => decodeURIComponent(segment));
}
