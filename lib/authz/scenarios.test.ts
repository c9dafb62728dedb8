// The evaluator against the named scenarios (./scenarios.ts): each person's facts on each app are
// derived from the scenario's plain data, then every "can", "list" and "calls" answer is checked.

import { describe, expect, it } from "vitest";
import {
  SESSION,
  compileGrants,
  evaluateAccountEndpoint,
  evaluateDeployment,
  evaluateEndpoint,
  evaluateEnvironmentView,
  parseScopes,
  type AccessFacts,
  type ComputeFacts,
  type Credential,
  type PermissionGroupRef,
} from "./index";
import { SCENARIOS, type Scenario, type ScenarioCredential, type ScenarioGroup } from "./scenarios";

const NOW = new Date("2026-06-01T00:00:00Z");

function scenarioFacts(scenario: Scenario, user: string, appId: string): AccessFacts {
  const app = scenario.apps.find((candidate) => candidate.id === appId)!;
  const org = "org" in app.owner ? app.owner.org : null;
  const collaborator = scenario.collaborators.find((c) => c.app === appId && c.user === user);
  return {
    appId,
    isOwner: "user" in app.owner && app.owner.user === user,
    orgRole: org ? (scenario.orgs[org]?.[user] ?? null) : null,
    teamGroups: scenario.teams.filter((team) => team.org === org && team.members.includes(user) && team.apps.includes(appId)).map((team) => ({ teamId: team.id, group: scenarioGroupRef(team.group) })),
    collaboratorScopes: collaborator ? parseScopes(collaborator.scopes).scopes : null,
    collaboratorEndpoints: collaborator?.endpoints ?? "all",
  };
}

/** A team's group as lib/authz takes it: a built-in by name, or a custom group's data. */
function scenarioGroupRef(group: Scenario["teams"][number]["group"]): PermissionGroupRef {
  if (typeof group === "string") return group;
  const custom: ScenarioGroup = group;
  return { name: custom.name, scopes: parseScopes(custom.scopes).scopes, environments: { all: custom.environments.all, overrides: custom.environments.overrides ?? {} } };
}

/** One person's compute facts in the scenario's organization: their role and every team seat. */
function computeFacts(scenario: Scenario, org: string, user: string): ComputeFacts {
  return {
    orgRole: scenario.orgs[org]?.[user] ?? null,
    seats: scenario.teams
      .filter((team) => team.org === org && team.members.includes(user))
      .flatMap((team) => team.apps.map((appId) => ({ teamId: team.id, appId, group: scenarioGroupRef(team.group) }))),
  };
}

function scenarioCredential(credential: ScenarioCredential): Credential {
  if (credential.kind === "session") return SESSION;
  const fields = { operationScopes: parseScopes(credential.scopes).scopes, endpointScopes: credential.endpoints ?? ("all" as const) };
  return credential.kind === "pat" ? { kind: "pat", ...fields, appRefs: credential.apps ?? null } : { kind: "app_key", appRef: credential.app, ...fields };
}

describe.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))("scenario: %s", (_name, scenario) => {
  it("can", () => {
    for (const [user, app, endpoint, expected] of scenario.can) {
      const decision = evaluateEndpoint(compileGrants(scenarioFacts(scenario, user, app)), SESSION, endpoint, { now: NOW });
      expect({ user, app, endpoint, allowed: decision.allowed }).toEqual({ user, app, endpoint, allowed: expected });
    }
  });

  const calls = scenario.calls;
  if (calls !== undefined) it("calls", () => {
    for (const call of calls) {
      const credential = scenarioCredential(call.credential);
      const decision =
        call.app === null
          ? evaluateAccountEndpoint(credential, call.endpoint, { now: NOW })
          : evaluateEndpoint(compileGrants(scenarioFacts(scenario, call.user, call.app)), credential, call.endpoint, { now: NOW });
      const answer = decision.allowed ? { allowed: true } : { allowed: false, deniedBy: decision.deniedBy, missing: [...decision.missing] };
      expect({ ...call, answer }).toEqual({ ...call, answer: call.expected.allowed ? call.expected : { missing: [], ...call.expected } });
    }
  });

  const compute = scenario.compute;
  if (compute !== undefined) it("compute", () => {
    for (const [user, app, environment, what, expected] of compute.can) {
      const facts = computeFacts(scenario, compute.org, user);
      const decision = what === "view" ? evaluateEnvironmentView(facts, environment) : evaluateDeployment(facts, app!, environment, environment);
      expect({ user, app, environment, what, allowed: decision.allowed }).toEqual({ user, app, environment, what, allowed: expected });
    }
  });

  it("list", () => {
    for (const [user, expected] of Object.entries(scenario.list)) {
      const reached = scenario.apps.filter((app) => compileGrants(scenarioFacts(scenario, user, app.id)).hasAccess).map((app) => app.id);
      expect({ user, apps: reached.sort() }).toEqual({ user, apps: [...expected] });
    }
  });
});
