// Matching a /v2 path against the route table. An app route is served at its full path,
// `users/{user_id}/apps/{app_id}/<path>`, and at its short path `<path>` (and aliases) for app keys;
// an account route at `users/{user_id}/<path>` (and its aliases).
// Path parameters are IDs: letters, digits, '-' and '_' (and `me` for the user).

import { fullPath, shortPaths, type ApiRoute } from "./table";

export type RouteMatch = { kind: "match"; route: ApiRoute; form: "full" | "short"; params: Record<string, string> };
export type MatchResult =
  | RouteMatch
  | { kind: "unknown_path" }
  | { kind: "invalid_path"; message: string }
  | { kind: "method_not_allowed"; allowed: string[] };

type Pattern = { route: ApiRoute; form: "full" | "short"; segments: string[] };

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

const patternsByTable = new WeakMap<readonly ApiRoute[], Pattern[]>();

function patternsOf(routes: readonly ApiRoute[]): Pattern[] {
  let patterns = patternsByTable.get(routes);
  if (!patterns) {
    patterns = routes.flatMap((route) => [
      { route, form: "full" as const, segments: fullPath(route).split("/") },
      ...shortPaths(route).map((path) => ({ route, form: "short" as const, segments: path.split("/") })),
    ]);
    patternsByTable.set(routes, patterns);
  }
  return patterns;
}

function bind(pattern: string[], segments: readonly string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i]!;
    if (part.startsWith("{")) params[part.slice(1, -1)] = segments[i]!;
    else if (part !== segments[i]) return null;
  }
  return params;
}

/** The route serving `method` at `segments` (the path after /v2/), or why there is none. */
export function matchRoute(routes: readonly ApiRoute[], method: string, segments: readonly string[]): MatchResult {
  const candidates = patternsOf(routes)
    .map((pattern) => ({ pattern, params: bind(pattern.segments, segments) }))
    .filter((candidate): candidate is { pattern: Pattern; params: Record<string, string> } => candidate.params !== null);
  if (candidates.length === 0) return { kind: "unknown_path" };
  // HEAD is answered as GET, without a body (the platform drops it).
  const wanted = method === "HEAD" ? "GET" : method;
  // A path written out wins over one with a parameter there: `inputs/status` is GetInputCount, not the input "status".
  const literals = (pattern: Pattern) => pattern.segments.filter((segment) => !segment.startsWith("{")).length;
  const found = candidates.filter((candidate) => candidate.pattern.route.method === wanted).sort((a, b) => literals(b.pattern) - literals(a.pattern))[0];
  if (!found) return { kind: "method_not_allowed", allowed: [...new Set(candidates.map((candidate) => candidate.pattern.route.method))] };
  for (const [name, value] of Object.entries(found.params)) {
    if (!ID.test(value)) return { kind: "invalid_path", message: `The ${name} in the path is not a valid ID: use letters, digits, '-', '_' and '.'.` };
  }
  return { kind: "match", route: found.pattern.route, form: found.pattern.form, params: found.params };
}
