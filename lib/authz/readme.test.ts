// README.md's tables are generated from the module's own data (roles, groups, endpoints), so the
// documentation cannot drift from the policy. Run with UPDATE_AUTHZ_README=1 to rewrite them.

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  APP_CAPABILITIES,
  BUILT_IN_GROUPS,
  BUILT_IN_GROUP_NAMES,
  CAPABILITY_LABELS,
  ENDPOINTS,
  OPERATION_SCOPES,
  APP_OPERATION_SCOPES,
  ORG_CAPABILITIES,
  ORG_ROLES,
  ORG_ROLE_DESCRIPTIONS,
  ROLE_PERMISSIONS,
  SESSION,
  compileGrants,
  evaluateAppCapability,
  evaluateEndpoint,
  explainAccess,
  type Endpoint,
  type RoleAppScopes,
} from "./index";

const README = fileURLToPath(new URL("./README.md", import.meta.url));
const code = (text: string): string => `\`${text}\``;
const now = new Date(0);

const SCOPES_CELL: Record<RoleAppScopes, string> = {
  all: "all",
  read_search_predict: "every `:Get`, Search, Predict",
  via_teams_only: "via teams only",
  none: "—",
};

function renderRoles(): string {
  const header = `| capability | ${ORG_ROLES.join(" | ")} |`;
  const divider = `| --- |${ORG_ROLES.map(() => " :---: |").join("")}`;
  const scopes = `| operation scopes on every org app | ${ORG_ROLES.map((role) => SCOPES_CELL[ROLE_PERMISSIONS[role].appScopes]).join(" | ")} |`;
  const orgRows = ORG_CAPABILITIES.map(
    (capability) =>
      `| ${code(capability)} (org): ${CAPABILITY_LABELS[capability]} | ${ORG_ROLES.map((role) =>
        ROLE_PERMISSIONS[role].orgCapabilities.includes(capability) ? "✓" : "",
      ).join(" | ")} |`,
  );
  const appRows = APP_CAPABILITIES.map(
    (capability) =>
      `| ${code(capability)} (app): ${CAPABILITY_LABELS[capability]} | ${ORG_ROLES.map((role) => {
        const permissions = ROLE_PERMISSIONS[role];
        if (permissions.appCapabilities.includes(capability)) return "✓";
        return permissions.teamAppCapabilities.includes(capability) ? "✓ (team apps)" : "";
      }).join(" | ")} |`,
  );
  const descriptions = ORG_ROLES.map((role) => `- **${role}** — ${ORG_ROLE_DESCRIPTIONS[role]}.`);
  return [header, divider, scopes, ...orgRows, ...appRows, "", ...descriptions].join("\n");
}

function needsText(endpoint: Endpoint): string {
  const needs = endpoint.needs.length === 0 ? "— (no operation scope)" : endpoint.needs.map(code).join(", ");
  const visual = endpoint.visualQueryNeeds.length === 0 ? "" : ` (+ ${endpoint.visualQueryNeeds.map(code).join(", ")} for a visual query)`;
  const caller = endpoint.level === "app" ? "credential reaching the app" : "personal access token";
  const open = endpoint.openAt.includes(endpoint.level) ? `; any live ${caller}, whatever its endpoint scopes` : "";
  return needs + visual + open;
}

function renderEndpoints(): string {
  const rows = ENDPOINTS.map((endpoint) => `| ${endpoint.group} | ${code(endpoint.name)} | ${endpoint.level} | ${needsText(endpoint)} |`);
  return ["| resource | endpoint | acts on | needs |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

// A team's group is about its app: what it may call there, not what its members do with their accounts.
const APP_ENDPOINTS = ENDPOINTS.filter((endpoint) => endpoint.level === "app");

function renderGroups(): string {
  return BUILT_IN_GROUP_NAMES.map((name) => {
    const group = BUILT_IN_GROUPS[name];
    const grants = compileGrants({ appId: "a", isOwner: false, orgRole: null, teamGroups: [{ teamId: "t", group: name }], collaboratorScopes: null });
    const scopes = explainAccess(grants).scopes;
    const callable = APP_ENDPOINTS.filter((endpoint) => evaluateEndpoint(grants, SESSION, endpoint.name, { now }).allowed);
    const visual = APP_ENDPOINTS.filter(
      (endpoint) => endpoint.visualQueryNeeds.length > 0 && evaluateEndpoint(grants, SESSION, endpoint.name, { now, visualQuery: true }).allowed,
    );
    const lacking = APP_OPERATION_SCOPES.filter((scope) => !scopes.includes(scope));
    const capabilities = APP_CAPABILITIES.filter((capability) => evaluateAppCapability(grants, capability).allowed);
    const calls =
      callable.length === APP_ENDPOINTS.length
        ? `every app endpoint (${APP_ENDPOINTS.length})`
        : `${callable.length} of ${APP_ENDPOINTS.length} app endpoints: ${callable.map((endpoint) => code(endpoint.method)).join(", ")}`;
    return [
      `### ${name}`,
      "",
      `${group.description}.`,
      "",
      `- **Operation scopes** (${scopes.length} of ${APP_OPERATION_SCOPES.length} app scopes): ${scopes.map(code).join(", ")}`,
      `- **Can call** ${calls}${visual.length > 0 ? `; visual search too (${visual.map((endpoint) => code(endpoint.method)).join(", ")} with Predict)` : ""}`,
      lacking.length === 0
        ? "- **Lacks** nothing: every operation scope."
        : `- **Lacks** ${lacking.map(code).join(", ")}: any other call is denied with ${code("grant_lacks_scopes")} naming them.`,
      `- **App capabilities**: ${capabilities.length === 0 ? "none" : `${capabilities.map(code).join(", ")} (from ${code("Collaborators:Get")}); no app administration`}`,
    ].join("\n");
  }).join("\n\n");
}

const BLOCKS: Record<string, () => string> = { roles: renderRoles, groups: renderGroups, endpoints: renderEndpoints };

function blockPattern(name: string): RegExp {
  return new RegExp(`(<!-- generated:${name}\\b[^>]*-->\\n)([\\s\\S]*?)(<!-- /generated:${name} -->)`);
}

describe("README.md", () => {
  let text = readFileSync(README, "utf8");

  it.each(Object.keys(BLOCKS))("documents the %s table exactly as the code decides it", (name) => {
    const pattern = blockPattern(name);
    const expected = `${(BLOCKS[name] as () => string)()}\n`;
    if (process.env.UPDATE_AUTHZ_README === "1") {
      text = text.replace(pattern, (_, open: string, __: string, close: string) => `${open}${expected}${close}`);
      writeFileSync(README, text);
    }
    const match = pattern.exec(readFileSync(README, "utf8"));
    expect(match, `README.md lacks the generated:${name} block`).not.toBeNull();
    expect(match?.[2]).toBe(expected);
  });

  it("names every scope, role, capability and group", () => {
    const readme = readFileSync(README, "utf8");
    for (const name of [...OPERATION_SCOPES, ...ORG_ROLES, ...ORG_CAPABILITIES, ...APP_CAPABILITIES, ...BUILT_IN_GROUP_NAMES]) {
      expect(readme, name).toContain(name);
    }
  });
});
