// lib/api/README.md's reference is generated from the route table, so it lists exactly the methods
// the server answers, with the scopes lib/authz requires for each. Run with UPDATE_API_README=1 to
// rewrite it after changing the table.

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "@/lib/authz";
import { API_ROUTES } from "./routes";
import { fullPath, routeEndpoint, shortPaths, type ApiRoute } from "./table";

const README = fileURLToPath(new URL("./README.md", import.meta.url));
const BEGIN = "<!-- generated:reference (lib/api/reference.test.ts checks this block; UPDATE_API_README=1 rewrites it) -->";
const END = "<!-- /generated:reference -->";

function needs(route: ApiRoute): string {
  const endpoint = ENDPOINTS.find((entry) => entry.name === routeEndpoint(route));
  if (!endpoint) return "— (not in the catalog: always refused)";
  const scopes = endpoint.needs.length ? endpoint.needs.map((scope) => `\`${scope}\``).join(", ") : "none";
  return endpoint.visualQueryNeeds.length ? `${scopes}; a visual query also ${endpoint.visualQueryNeeds.map((scope) => `\`${scope}\``).join(", ")}` : scopes;
}

function curl(route: ApiRoute): string {
  const path = `/v2/${fullPath(route).replace(/\{(\w+)\}/g, (_, name: string) => `$${name.toUpperCase()}`)}`;
  const query = route.method === "GET" && route.example ? `?${route.example}` : "";
  const body = route.method !== "GET" && route.example ? ` \\\n  -H 'Content-Type: application/json' -d '${route.example}'` : "";
  return `curl -X ${route.method} "$CONSOLE${path}${query}" -H "Authorization: Key $KEY"${body}`;
}

export function renderReference(routes: readonly ApiRoute[]): string {
  const groups = new Map<string, ApiRoute[]>();
  for (const route of routes) {
    const group = route.level === "app" ? route.path.split("/")[0] || "app" : `${route.level === "org" ? "organization" : "account"}: ${route.path.split("/")[0]}`;
    groups.set(group, [...(groups.get(group) ?? []), route]);
  }
  const sections = [...groups].map(([group, members]) => {
    const rows = members.map((route) => {
      const method = routeEndpoint(route).split("/").pop();
      const short = shortPaths(route).map((path) => `\`/v2/${path}\``).join(", ") || "—";
      return `| ${method} | \`${route.method} /v2/${fullPath(route)}\` | ${short} | ${needs(route)} | ${route.summary} |`;
    });
    const examples = members.map((route) => `# ${routeEndpoint(route).split("/").pop()}\n${curl(route)}`).join("\n\n");
    return [`### ${group}`, "", "| method | path | short path | operation scopes | what it does |", "| --- | --- | --- | --- | --- |", ...rows, "", "```sh", examples, "```"].join("\n");
  });
  return [BEGIN, "", ...sections.flatMap((section) => [section, ""]), END].join("\n");
}

describe("lib/api/README.md", () => {
  it("lists every route of the table with the scopes lib/authz requires", () => {
    const text = readFileSync(README, "utf8");
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start, "the README has the generated block").toBeGreaterThanOrEqual(0);
    const current = text.slice(start, end + END.length);
    const expected = renderReference(API_ROUTES);
    if (process.env.UPDATE_API_README === "1" && current !== expected) {
      writeFileSync(README, text.slice(0, start) + expected + text.slice(end + END.length));
      return;
    }
    expect(current).toBe(expected);
  });
});
