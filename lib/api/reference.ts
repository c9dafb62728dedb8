// The API reference, read from the route table: every method the server answers, its paths and the
// operation scopes lib/authz requires for it, grouped by resource. The console's API reference page
// and the generated block of lib/api/README.md are both made from it.

import { ENDPOINTS, type OperationScope } from "@/lib/authz";
import { fullPath, routeEndpoint, shortPaths, type ApiRoute } from "./table";

export type ReferenceEntry = {
  route: ApiRoute;
  /** Clarifai's method name, e.g. `ListInputs`. */
  method: string;
  /** The full path below /v2, with `{param}` placeholders. */
  path: string;
  /** Paths an app key may use instead (below /v2). */
  shortPaths: string[];
  /** The scopes the method needs; null when the endpoint is not catalogued (always refused). */
  needs: readonly OperationScope[] | null;
  /** What a visual query needs on top (PostSearches). */
  visualQueryNeeds: readonly OperationScope[];
};

export type ReferenceGroup = { group: string; entries: ReferenceEntry[] };

function groupOf(route: ApiRoute): string {
  const resource = route.path.split("/")[0];
  if (route.level === "app") return resource || "app";
  return `${route.level === "org" ? "organization" : "account"}: ${resource}`;
}

export function referenceGroups(routes: readonly ApiRoute[]): ReferenceGroup[] {
  const groups = new Map<string, ReferenceEntry[]>();
  for (const route of routes) {
    const endpoint = ENDPOINTS.find((entry) => entry.name === routeEndpoint(route));
    const entry: ReferenceEntry = {
      route,
      method: routeEndpoint(route).split("/").pop() ?? "",
      path: fullPath(route),
      shortPaths: shortPaths(route),
      needs: endpoint ? endpoint.needs : null,
      visualQueryNeeds: endpoint ? endpoint.visualQueryNeeds : [],
    };
    const group = groupOf(route);
    groups.set(group, [...(groups.get(group) ?? []), entry]);
  }
  return [...groups].map(([group, entries]) => ({ group, entries }));
}
