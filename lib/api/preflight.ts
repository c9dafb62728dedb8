// What the API answers before its route table is consulted, on every path a request can take to it
// (the console's own server in production, Next.js's proxy under `next dev`): a method no route
// could serve, and a path segment that is not validly percent-encoded.
import { apiReply, type ApiReply } from "./envelope";

const ROUTE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]);

function decodes(pathname: string): boolean {
  if (!pathname.includes("%")) return true;
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** The refusal of a request the API cannot route at all, or null when its route table decides. */
export function apiPreflightRefusal(method: string, pathname: string): ApiReply | null {
  if (!ROUTE_METHODS.has(method)) return apiReply("methodNotAllowed", {}, `${method} is not an API method.`);
  if (!decodes(pathname)) return apiReply("badRequest", {}, "The path is not validly percent-encoded.");
  return null;
}
