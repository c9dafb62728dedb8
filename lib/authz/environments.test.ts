import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BUILT_IN_ENVIRONMENT_POLICIES,
  ENVIRONMENT_ACCESS_LEVELS,
  environmentAccess,
  environmentPolicyOf,
  evaluateDeployment,
  evaluateEnvironmentView,
  levelIn,
  roleEnvironmentAccess,
  type ComputeFacts,
  type EnvironmentAccess,
  type EnvironmentPolicy,
} from "./environments";
import { BUILT_IN_GROUP_NAMES, type PermissionGroupRef } from "./groups";
import { ORG_ROLES, type OrgRole } from "./roles";
import { scopeSet } from "./scopeset";

const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
const APPS = ["app-1", "app-2"] as const;
const RANK: Record<EnvironmentAccess, number> = { none: 0, read_only: 1, full: 2 };

describe("environment policies", () => {
  it("give an environment its override, and every other one the level for all", () => {
    const developer: EnvironmentPolicy = { all: "full", overrides: { prod: "read_only", staging: "none" } };
    expect(ENVIRONMENTS.map((environment) => levelIn(developer, environment))).toEqual(["full", "none", "read_only"]);
    // An override named like an Object property is an environment id like any other.
    expect(levelIn({ all: "none", overrides: {} }, "constructor")).toBe("none");
  });

  it("are none for a custom group that says nothing about environments, and fixed for the built-in groups", () => {
    expect(environmentPolicyOf({ name: "Scopes only", scopes: scopeSet("Models:Get") })).toEqual({ all: "none", overrides: {} });
    expect(BUILT_IN_GROUP_NAMES.map((name) => [name, environmentPolicyOf(name).all])).toEqual([
      ["Full Access", "full"],
      ["Model Trainer", "full"],
      ["Labeler Lead", "none"],
      ["Labeler Worker", "none"],
    ]);
    expect(() => environmentPolicyOf("Root" as PermissionGroupRef)).toThrow(TypeError);
  });

  it("follow the role matrix: Admin, Organization Contributor and Infrastructure Manager full, Organization User read-only", () => {
    expect(Object.fromEntries(ORG_ROLES.map((role) => [role, roleEnvironmentAccess(role)]))).toEqual({
      Admin: "full",
      "Financial Manager": "none",
      "Organization Contributor": "full",
      "Organization User": "read_only",
      "Team Contributor": "none",
      "Infrastructure Manager": "full",
    });
    expect(() => roleEnvironmentAccess("Owner" as OrgRole)).toThrow(TypeError);
  });

  it("say why a deployment is refused", () => {
    const developer: PermissionGroupRef = { name: "Developer", scopes: scopeSet("Models:Get"), environments: { all: "full", overrides: { prod: "read_only", staging: "none" } } };
    const facts: ComputeFacts = { orgRole: "Team Contributor", seats: [{ teamId: "devs", appId: "app-1", group: developer }] };
    expect(evaluateDeployment(facts, "app-1", "dev", "Development")).toMatchObject({ allowed: true, grantedBy: ["team"] });
    expect(evaluateDeployment(facts, "app-1", "prod", "Production")).toMatchObject({ allowed: false, deniedBy: "environment_read_only", message: expect.stringContaining("Production") });
    expect(evaluateDeployment(facts, "app-1", "staging", "Staging")).toMatchObject({ allowed: false, deniedBy: "environment_none" });
    expect(evaluateDeployment(facts, "app-2", "dev", "Development")).toMatchObject({ allowed: false, deniedBy: "capability_not_granted" });
    expect(evaluateDeployment({ orgRole: null, seats: facts.seats }, "app-1", "dev")).toMatchObject({ allowed: false, deniedBy: "not_org_member" });
    expect(evaluateDeployment({ orgRole: "Admin", seats: [] }, "app-2", "prod")).toMatchObject({ allowed: true, grantedBy: ["org_role"] });
  });
});

// ─── Properties ──────────────────────────────────────────────────────────────────────────────────

const levelArb = fc.constantFrom(...ENVIRONMENT_ACCESS_LEVELS);
const policyArb: fc.Arbitrary<EnvironmentPolicy> = fc.record({
  all: levelArb,
  overrides: fc.dictionary(fc.constantFrom(...ENVIRONMENTS), levelArb, { maxKeys: 3 }),
});
const groupArb: fc.Arbitrary<PermissionGroupRef> = fc.oneof(
  fc.constantFrom(...BUILT_IN_GROUP_NAMES),
  fc.record({ name: fc.constant("custom"), scopes: fc.constant(scopeSet("Models:Get")), environments: fc.option(policyArb, { nil: undefined }) }),
);
const seatArb = fc.record({ teamId: fc.constantFrom("t1", "t2", "t3"), appId: fc.constantFrom(...APPS), group: groupArb });
const factsArb: fc.Arbitrary<ComputeFacts> = fc.record({
  orgRole: fc.option(fc.constantFrom(...ORG_ROLES), { nil: null }),
  seats: fc.array(seatArb, { maxLength: 4 }),
});

describe("environment access properties", () => {
  it("whoever may deploy an app's models in an environment sees that environment (the list and the check agree)", () => {
    fc.assert(
      fc.property(factsArb, fc.constantFrom(...ENVIRONMENTS), fc.constantFrom(...APPS), (facts, environment, app) => {
        if (evaluateDeployment(facts, app, environment).allowed) expect(evaluateEnvironmentView(facts, environment).allowed).toBe(true);
        // An environment is seen exactly where some app's models (or the role) give read-only access or more.
        const seen = evaluateEnvironmentView(facts, environment).allowed;
        const throughSomething = facts.orgRole !== null && (roleEnvironmentAccess(facts.orgRole) !== "none" || APPS.some((each) => environmentAccess(facts, environment, each) !== "none"));
        expect(seen).toBe(throughSomething);
      }),
    );
  });

  it("the level for an app's models is the highest its role and the seats on that app give, never more than the environment's", () => {
    fc.assert(
      fc.property(factsArb, fc.constantFrom(...ENVIRONMENTS), fc.constantFrom(...APPS), (facts, environment, app) => {
        const level = environmentAccess(facts, environment, app);
        expect(RANK[level]).toBeLessThanOrEqual(RANK[environmentAccess(facts, environment)]);
        if (facts.orgRole === null) {
          expect(level).toBe("none");
          return;
        }
        const fromSeats = facts.seats.filter((seat) => seat.appId === app).map((seat) => RANK[levelIn(environmentPolicyOf(seat.group), environment)]);
        expect(RANK[level]).toBe(Math.max(RANK[roleEnvironmentAccess(facts.orgRole)], ...fromSeats));
      }),
    );
  });

  it("one more seat never takes access away", () => {
    fc.assert(
      fc.property(factsArb, seatArb, fc.constantFrom(...ENVIRONMENTS), fc.constantFrom(...APPS), (facts, seat, environment, app) => {
        const more = { ...facts, seats: [...facts.seats, seat] };
        expect(RANK[environmentAccess(more, environment, app)]).toBeGreaterThanOrEqual(RANK[environmentAccess(facts, environment, app)]);
        if (evaluateDeployment(facts, app, environment).allowed) expect(evaluateDeployment(more, app, environment).allowed).toBe(true);
      }),
    );
  });

  it("built-in policies are frozen", () => {
    expect(Object.isFrozen(BUILT_IN_ENVIRONMENT_POLICIES["Full Access"])).toBe(true);
  });
});
