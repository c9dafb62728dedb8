// lib/api/README.md's reference is generated from the route table, so it lists exactly the methods
// the server answers, with the scopes lib/authz requires for each. Run with UPDATE_API_README=1 to
// rewrite it after changing the table.

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { referenceGroups, type ReferenceEntry } from "./reference";
import { API_ROUTES } from "./routes";
import { fullPath, type ApiRoute } from "./table";

const README = fileURLToPath(new URL("./README.md", import.meta.url));
const BEGIN = "<!-- generated:reference (lib/api/reference.test.ts checks this block; UPDATE_API_README=1 rewrites it) -->";
const END = "<!-- /generated:reference -->";

function needs(entry: ReferenceEntry): string {
  if (entry.needs === null) return "— (not in the catalog: always refused)";
  const scopes = entry.needs.length ? entry.needs.map((scope) => `\`${scope}\``).join(", ") : "none";
  return entry.visualQueryNeeds.length ? `${scopes}; a visual query also ${entry.visualQueryNeeds.map((scope) => `\`${scope}\``).join(", ")}` : scopes;
}

function curl(route: ApiRoute): string {
  const path = `/v2/${fullPath(route).replace(/\{(\w+)\}/g, (_, name: string) => `$${name.toUpperCase()}`)}`;
  const query = route.method === "GET" && route.example ? `?${route.example}` : "";
  const body = route.method !== "GET" && route.example ? ` \\\n  -H 'Content-Type: application/json' -d '${route.example}'` : "";
  return `curl -X ${route.method} "$CONSOLE${path}${query}" -H "Authorization: Key $KEY"${body}`;
}

export function renderReference(routes: readonly ApiRoute[]): string {
  const sections = referenceGroups(routes).map(({ group, entries }) => {
    const rows = entries.map((entry) => {
      const short = entry.shortPaths.map((path) => `\`/v2/${path}\``).join(", ") || "—";
      return `| ${entry.method} | \`${entry.route.method} /v2/${entry.path}\` | ${short} | ${needs(entry)} | ${entry.route.summary} |`;
    });
    const examples = entries.map((entry) => `# ${entry.method}\n${curl(entry.route)}`).join("\n\n");
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
