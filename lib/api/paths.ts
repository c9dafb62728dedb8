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

type Pattern = {
  route: ApiRoute;
  form: "full" | "short";
  segments: string[];
  /** Per segment: the parameter's name, or null where the segment is written out. */
  names: (string | null)[];
  /** How many segments are written out (a path written out wins over one with a parameter there). */
  literals: number;
};

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

// The patterns of a table by their number of segments: a path is compared only with those as long.
const patternsByTable = new WeakMap<readonly ApiRoute[], Map<number, Pattern[]>>();

function pattern(route: ApiRoute, form: "full" | "short", path: string): Pattern {
  const segments = path.split("/");
  const names = segments.map((segment) => (segment.startsWith("{") ? segment.slice(1, -1) : null));
  return { route, form, segments, names, literals: names.filter((name) => name === null).length };
}

function patternsOf(routes: readonly ApiRoute[], length: number): readonly Pattern[] {
  let byLength = patternsByTable.get(routes);
  if (!byLength) {
    byLength = new Map();
    for (const route of routes) {
      for (const built of [pattern(route, "full", fullPath(route)), ...shortPaths(route).map((path) => pattern(route, "short", path))]) {
        const list = byLength.get(built.segments.length);
        if (list) list.push(built);
        else byLength.set(built.segments.length, [built]);
      }
    }
    patternsByTable.set(routes, byLength);
  }
  return byLength.get(length) ?? [];
}

/** Whether the segments written out in `pattern` are those of the path. */
function fits(pattern: Pattern, segments: readonly string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    if (pattern.names[i] === null && pattern.segments[i] !== segments[i]) return false;
  }
  return true;
}

function bind(pattern: Pattern, segments: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  pattern.names.forEach((name, i) => {
    if (name !== null) params[name] = segments[i]!;
  });
  return params;
}

/** The route serving `method` at `segments` (the path after /v2/), or why there is none. */
export function matchRoute(routes: readonly ApiRoute[], method: string, segments: readonly string[]): MatchResult {
  const candidates = patternsOf(routes, segments.length).filter((candidate) => fits(candidate, segments));
  if (candidates.length === 0) return { kind: "unknown_path" };
  // HEAD is answered as GET, without a body (the platform drops it).
  const wanted = method === "HEAD" ? "GET" : method;
  // A path written out wins over one with a parameter there: `inputs/status` is GetInputCount, not the input "status".
  let found: Pattern | undefined;
  for (const candidate of candidates) {
    if (candidate.route.method === wanted && (found === undefined || candidate.literals > found.literals)) found = candidate;
  }
  if (!found) return { kind: "method_not_allowed", allowed: [...new Set(candidates.map((candidate) => candidate.route.method))] };
  const params = bind(found, segments);
  for (const [name, value] of Object.entries(params)) {
    if (!ID.test(value)) return { kind: "invalid_path", message: `The ${name} in the path is not a valid ID: use letters, digits, '-', '_' and '.'.` };
  }
  return { kind: "match", route: found.route, form: found.form, params };
}
