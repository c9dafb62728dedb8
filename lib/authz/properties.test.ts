// Properties of the evaluator over random users, apps, credentials and calls (fast-check), and a
// differential test against a small reference evaluator written here with plain Sets, straight from
// the rules of DESIGN §3, sharing no logic with the bitset implementation.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { APP_OPERATION_SCOPES, OPERATION_SCOPES, ORGANIZATION_SCOPES, type OperationScope } from "./catalog";
import { compileCredential, credentialLiveness } from "./credential";
import { ENDPOINTS } from "./endpoints";
import {
  SESSION,
  callableEndpoints,
  compileGrants,
  effectiveScopes,
  evaluateAccountEndpoint,
  evaluateOrgEndpoint,
  evaluateEndpoint,
  evaluateOperation,
  explainAccess,
  mayCreateKey,
  type AccessFacts,
  type Credential,
  type Decision,
  type GrantLayer,
  type TeamGrant,
} from "./index";
import { mayGrantScopes } from "./grant";
import { BUILT_IN_GROUP_NAMES, type BuiltInGroupName, type PermissionGroupRef } from "./groups";
import { ORG_ROLES, type OrgRole } from "./roles";
import { ALL_SCOPES, APP_SCOPES, NO_SCOPES, ORGANIZATION_SCOPE_SET, parseScopes, scopeNames, scopeSet, scopeSetFromWords, unionScopes, type ScopeSet } from "./scopeset";

const NOW = new Date("2026-03-01T12:00:00Z");
const APPS = ["app-1", "app-2"] as const;
// The apps a token may be limited to: those above, and one no fact names.
const LIMIT_APPS = [...APPS, "app-3"] as const;

// ─── Arbitraries ──────────────────────────────────────────────────────────────────────────────────

// The reference reads the names a set was generated from, never the set itself: it shares no
// decoding with the bit set.
const generatedNames = new Map<ScopeSet, readonly string[]>();
function generated(set: ScopeSet, names: readonly string[]): ScopeSet {
  const known = generatedNames.get(set);
  // Equal sets are one object: whatever names made it, they are the same names.
  if (known !== undefined) expect(new Set(known)).toEqual(new Set(names));
  else generatedNames.set(set, names);
  return set;
}
function namesOf(set: ScopeSet): readonly string[] {
  const names = generatedNames.get(set);
  if (names === undefined) throw new Error("the reference reads only the sets it generated");
  return names;
}

// Every scope of the catalog (those past the first 32 words included), as names, as arbitrary words
// (any combination across every word; bits past the catalog are not scopes), and the named sets.
const SCOPE_WORDS = Math.ceil(OPERATION_SCOPES.length / 32);
const wordsArb = fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: SCOPE_WORDS, maxLength: SCOPE_WORDS + 1 });
const namesOfWords = (words: readonly number[]): string[] => OPERATION_SCOPES.filter((_, index) => (((words[Math.floor(index / 32)] ?? 0) >>> index % 32) & 1) === 1);
const scopeSetArb: fc.Arbitrary<ScopeSet> = fc.oneof(
  fc.subarray([...OPERATION_SCOPES]).map((scopes) => generated(scopeSet(...scopes), scopes)),
  fc.subarray(OPERATION_SCOPES.slice(32)).map((scopes) => generated(scopeSet(...scopes), scopes)),
  wordsArb.map((words) => generated(scopeSetFromWords(words), namesOfWords(words))),
  fc.constantFrom(
    generated(ALL_SCOPES, OPERATION_SCOPES),
    generated(scopeSet(), []),
    generated(APP_SCOPES, APP_OPERATION_SCOPES),
    generated(ORGANIZATION_SCOPE_SET, ORGANIZATION_SCOPES),
  ),
);

const groupArb: fc.Arbitrary<PermissionGroupRef> = fc.oneof(
  fc.constantFrom(...BUILT_IN_GROUP_NAMES),
  fc.record({ name: fc.constantFrom("Reviewers", "Ops"), scopes: scopeSetArb }),
);

const teamArb: fc.Arbitrary<TeamGrant> = fc.record({ teamId: fc.constantFrom("ml", "labeling", "review"), group: groupArb });

const KNOWN_ENDPOINT_NAMES = ENDPOINTS.flatMap((endpoint) => [endpoint.name, endpoint.method as string]);
const UNKNOWN_ENDPOINT_NAMES = ["ListDatasets", "/clarifai.api.V2/ListDatasets", "postsearches", "*", "all", "", "__proto__"];
const endpointNameArb = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...KNOWN_ENDPOINT_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_ENDPOINT_NAMES) },
  { weight: 1, arbitrary: fc.string() },
);
const endpointListArb = fc.oneof(fc.constant("all" as const), fc.array(endpointNameArb, { maxLength: 6 }));

const factsArb: fc.Arbitrary<AccessFacts> = fc.record({
  appId: fc.constantFrom(...APPS),
  isOwner: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  orgRole: fc.option(fc.constantFrom(...ORG_ROLES), { nil: null }),
  teamGroups: fc.array(teamArb, { maxLength: 3 }),
  collaboratorScopes: fc.option(scopeSetArb, { nil: null }),
  collaboratorEndpoints: endpointListArb,
});

const dateArb = fc.oneof(
  fc.integer({ min: -3, max: 3 }).map((days) => new Date(NOW.getTime() + days * 86_400_000)),
  fc.constant(NOW),
  fc.constant(new Date(Number.NaN)),
);

const scopedFieldsArb = fc.record({
  operationScopes: scopeSetArb,
  endpointScopes: endpointListArb,
  expiresAt: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: dateArb }),
  revokedAt: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: dateArb }),
});

// A token for every app its owner reaches (null, mostly), or limited to some (possibly none).
const appLimitArb: fc.Arbitrary<readonly string[] | null> = fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.subarray([...LIMIT_APPS]) });

const credentialArb: fc.Arbitrary<Credential> = fc.oneof(
  fc.constant(SESSION),
  fc.tuple(scopedFieldsArb, appLimitArb).map(([fields, appRefs]): Credential => ({ kind: "pat", ...fields, appRefs })),
  fc.tuple(scopedFieldsArb, fc.constantFrom(...APPS)).map(([fields, appRef]): Credential => ({ kind: "app_key", appRef, ...fields })),
);

const liveCredentialArb: fc.Arbitrary<Credential> = credentialArb.map((credential) =>
  credential.kind === "session" ? credential : { ...credential, expiresAt: null, revokedAt: null },
);

const callArb = fc.record({ endpoint: endpointNameArb, visualQuery: fc.boolean() });

// ─── Reference evaluator (Sets, no bits) ────────────────────────────────────────────────────────────

// An organization's compute is no part of any app: no layer of a grant on an app carries its scopes.
const ORGANIZATION = new Set<string>(["ComputeClusters", "Nodepools", "Deployments"].flatMap((resource) => [`${resource}:Add`, `${resource}:Get`, `${resource}:Delete`]));
const CATALOG = new Set<string>(OPERATION_SCOPES);
const ALL = new Set<string>(OPERATION_SCOPES.filter((scope) => !ORGANIZATION.has(scope)));
// App administration comes from the owner and the org role only: never from a group or a collaborator.
const ADMINISTRATION = new Set<string>(["Apps:Add", "Apps:Delete"]);
const REFERENCE_GROUPS: Record<BuiltInGroupName, readonly string[]> = {
  "Full Access": [...ALL].filter((scope) => !ADMINISTRATION.has(scope)),
  "Model Trainer": ["Apps:Get", "Models:Add", "Models:Get", "Models:Delete", "Models:Train", "Workflows:Get", "Inputs:Get", "Concepts:Get", "Predict"],
  "Labeler Worker": ["Apps:Get", "Tasks:Get", "Inputs:Get", "Concepts:Get", "Annotations:Add", "Annotations:Get"],
  "Labeler Lead": [
    ...["Apps:Get", "Tasks:Get", "Inputs:Get", "Concepts:Get", "Annotations:Add", "Annotations:Get"],
    ...["Tasks:Add", "Tasks:Delete", "Concepts:Add", "Annotations:Delete"],
  ],
};
const withoutAdministration = (scopes: Iterable<string>): Set<string> => new Set([...scopes].filter((scope) => !ADMINISTRATION.has(scope) && !ORGANIZATION.has(scope)));

function referenceRoleScopes(role: OrgRole | null): Set<string> {
  if (role === "Admin" || role === "Organization Contributor") return new Set(ALL);
  if (role === "Organization User") return new Set([...ALL].filter((s) => s.endsWith(":Get") || s === "Search" || s === "Predict"));
  return new Set();
}

function referenceLayers(facts: AccessFacts): Map<GrantLayer, Set<string>> {
  const layers = new Map<GrantLayer, Set<string>>();
  if (facts.isOwner) layers.set("owner", new Set(ALL));
  const roleGivesSomething = facts.orgRole === "Admin" || facts.orgRole === "Organization Contributor" || facts.orgRole === "Organization User";
  if (roleGivesSomething || (facts.orgRole === "Team Contributor" && facts.teamGroups.length > 0)) {
    layers.set("org_role", referenceRoleScopes(facts.orgRole));
  }
  if (facts.teamGroups.length > 0) {
    const team = new Set<string>();
    for (const { group } of facts.teamGroups) {
      for (const scope of typeof group === "string" ? REFERENCE_GROUPS[group] : namesOf(group.scopes)) team.add(scope);
    }
    layers.set("team", withoutAdministration(team));
  }
  if (facts.collaboratorScopes !== null) layers.set("collaborator", withoutAdministration(namesOf(facts.collaboratorScopes)));
  return layers;
}

type ReferenceDecision = { allowed: true; grantedBy: GrantLayer[] } | { allowed: false; deniedBy: string; missing: string[] };

const REFERENCE_ENDPOINTS = new Map<string, { needs: Set<string>; visual: Set<string>; name: string; open: boolean }>();
for (const endpoint of ENDPOINTS) {
  const entry = {
    name: endpoint.name,
    needs: new Set<string>(endpoint.needs),
    visual: new Set<string>(endpoint.visualQueryNeeds),
    open: endpoint.openAt.includes("app"),
  };
  REFERENCE_ENDPOINTS.set(endpoint.name, entry);
  REFERENCE_ENDPOINTS.set(endpoint.method, entry);
}

const inCatalogOrder = (scopes: Iterable<string>): string[] => {
  const set = new Set(scopes);
  return OPERATION_SCOPES.filter((scope) => set.has(scope));
};

function referenceDecide(facts: AccessFacts, credential: Credential, endpoint: string, now: Date, visualQuery: boolean): ReferenceDecision {
  if (credential.kind !== "session") {
    if (credential.revokedAt != null) return { allowed: false, deniedBy: "credential_revoked", missing: [] };
    if (credential.expiresAt != null && !(now.getTime() < credential.expiresAt.getTime())) {
      return { allowed: false, deniedBy: "credential_expired", missing: [] };
    }
    if (credential.kind === "app_key" && credential.appRef !== facts.appId) {
      return { allowed: false, deniedBy: "credential_not_for_app", missing: [] };
    }
    if (credential.kind === "pat" && credential.appRefs != null && !credential.appRefs.includes(facts.appId)) {
      return { allowed: false, deniedBy: "credential_not_for_app", missing: [] };
    }
  }
  const layers = referenceLayers(facts);
  if (layers.size === 0) return { allowed: false, deniedBy: "no_app_access", missing: [] };
  const entry = REFERENCE_ENDPOINTS.get(endpoint);
  if (entry === undefined) return { allowed: false, deniedBy: "unknown_endpoint", missing: [] };
  // MyScopes and MyScopesUser: a live credential reaching the app is enough, through every layer.
  if (entry.open) return { allowed: true, grantedBy: (["owner", "org_role", "team", "collaborator"] as const).filter((layer) => layers.has(layer)) };
  if (credential.kind !== "session" && credential.endpointScopes !== "all") {
    const listed = credential.endpointScopes.map((name) => REFERENCE_ENDPOINTS.get(name)?.name);
    if (!listed.includes(entry.name)) return { allowed: false, deniedBy: "endpoint_not_in_credential", missing: [] };
  }
  const needs = new Set([...entry.needs, ...(visualQuery ? entry.visual : [])]);
  const granted = new Set([...layers.values()].flatMap((scopes) => [...scopes]));
  // A collaborator grant restricted to some endpoints counts only on those.
  const restricted = facts.collaboratorEndpoints !== undefined && facts.collaboratorEndpoints !== "all";
  if (restricted && !(facts.collaboratorEndpoints as readonly string[]).some((name) => REFERENCE_ENDPOINTS.get(name)?.name === entry.name)) {
    layers.delete("collaborator");
  }
  const grantedHere = new Set([...layers.values()].flatMap((scopes) => [...scopes]));
  const lackedHere = [...needs].filter((scope) => !grantedHere.has(scope));
  if ((lackedHere.length > 0 || layers.size === 0) && [...needs].every((scope) => granted.has(scope))) {
    return { allowed: false, deniedBy: "endpoint_not_in_grant", missing: [] };
  }
  if (lackedHere.length > 0) return { allowed: false, deniedBy: "grant_lacks_scopes", missing: inCatalogOrder(lackedHere) };
  const carried = credential.kind === "session" ? CATALOG : new Set(namesOf(credential.operationScopes));
  const lackedByCredential = [...needs].filter((scope) => !carried.has(scope));
  if (lackedByCredential.length > 0) return { allowed: false, deniedBy: "credential_lacks_scopes", missing: inCatalogOrder(lackedByCredential) };
  const grantedBy = (["owner", "org_role", "team", "collaborator"] as const).filter((layer) => {
    const scopes = layers.get(layer);
    return scopes !== undefined && (needs.size === 0 || [...needs].some((scope) => scopes.has(scope)));
  });
  return { allowed: true, grantedBy };
}

const comparable = (decision: Decision): ReferenceDecision =>
  decision.allowed
    ? { allowed: true, grantedBy: [...decision.grantedBy] }
    : { allowed: false, deniedBy: decision.deniedBy, missing: [...decision.missing] };

// ─── Properties ─────────────────────────────────────────────────────────────────────────────────────

/** The credential may act on the app at all: an app key on its own, a limited token on one of its apps. */
const reachesApp = (credential: Credential, appId: string): boolean =>
  credential.kind === "session" ||
  (credential.kind === "app_key" ? credential.appRef === appId : credential.appRefs == null || credential.appRefs.includes(appId));

const isSubset = (a: readonly string[], b: readonly string[]): boolean => a.every((item) => b.includes(item));
const carriedBy = (credential: Credential): string[] =>
  credential.kind === "session" ? [...OPERATION_SCOPES] : [...namesOf(credential.operationScopes)];

describe("properties", () => {
  it("differential: the evaluator agrees with the Set-based reference on every decision", () => {
    fc.assert(
      fc.property(factsArb, credentialArb, callArb, dateArb, (facts, credential, call, now) => {
        const actual = evaluateEndpoint(compileGrants(facts), credential, call.endpoint, { now, visualQuery: call.visualQuery });
        expect(comparable(actual)).toEqual(referenceDecide(facts, credential, call.endpoint, now, call.visualQuery));
      }),
      { numRuns: 5000 },
    );
  });

  it("compiling the same facts again reuses the grants, and a change of any fact is compiled afresh", () => {
    const change = fc.oneof(
      fc.constant((facts: AccessFacts): AccessFacts => ({ ...facts, isOwner: !facts.isOwner })),
      fc.constant((facts: AccessFacts): AccessFacts => ({ ...facts, teamGroups: facts.teamGroups.slice(1) })),
      teamArb.map((team) => (facts: AccessFacts): AccessFacts => ({ ...facts, teamGroups: [...facts.teamGroups, team] })),
      fc.option(scopeSetArb, { nil: null }).map((scopes) => (facts: AccessFacts): AccessFacts => ({ ...facts, collaboratorScopes: scopes })),
      endpointListArb.map((endpoints) => (facts: AccessFacts): AccessFacts => ({ ...facts, collaboratorEndpoints: endpoints })),
      fc.option(fc.constantFrom(...ORG_ROLES), { nil: null }).map((orgRole) => (facts: AccessFacts): AccessFacts => ({ ...facts, orgRole })),
      fc.constantFrom(...APPS).map((appId) => (facts: AccessFacts): AccessFacts => ({ ...facts, appId })),
    );
    fc.assert(
      fc.property(factsArb, change, credentialArb, callArb, (facts, changeOf, credential, call) => {
        const grants = compileGrants(facts);
        const copy: AccessFacts = { ...facts, teamGroups: facts.teamGroups.map((team) => ({ ...team })) };
        expect(compileGrants(copy)).toBe(grants);
        // The very next compile of changed facts decides by the changed facts.
        const changed = changeOf(facts);
        const request = { now: NOW, visualQuery: call.visualQuery };
        expect(comparable(evaluateEndpoint(compileGrants(changed), credential, call.endpoint, request))).toEqual(
          referenceDecide(changed, credential, call.endpoint, NOW, call.visualQuery),
        );
        expect(comparable(evaluateEndpoint(compileGrants(facts), credential, call.endpoint, request))).toEqual(
          referenceDecide(facts, credential, call.endpoint, NOW, call.visualQuery),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("callableEndpoints lists exactly the endpoints evaluateEndpoint allows", () => {
    fc.assert(
      fc.property(factsArb, credentialArb, dateArb, (facts, credential, now) => {
        const grants = compileGrants(facts);
        expect(callableEndpoints(grants, credential, now)).toEqual(ENDPOINTS.filter((endpoint) => evaluateEndpoint(grants, credential, endpoint.name, { now }).allowed).map((endpoint) => endpoint.name));
      }),
      { numRuns: 1000 },
    );
  });

  it("effective scopes ⊆ credential scopes, and ⊆ grants", () => {
    fc.assert(
      fc.property(factsArb, credentialArb, dateArb, (facts, credential, now) => {
        const grants = compileGrants(facts);
        const effective = effectiveScopes(grants, credential, now);
        expect(isSubset(effective, carriedBy(credential))).toBe(true);
        expect(isSubset(effective, explainAccess(grants).scopes)).toBe(true);
      }),
    );
  });

  it("an allowed call needs nothing outside the effective scopes", () => {
    fc.assert(
      fc.property(factsArb, credentialArb, callArb, (facts, credential, call) => {
        const grants = compileGrants(facts);
        const decision = evaluateEndpoint(grants, credential, call.endpoint, { now: NOW, visualQuery: call.visualQuery });
        if (!decision.allowed) return;
        const entry = ENDPOINTS.find((endpoint) => endpoint.name === call.endpoint || endpoint.method === call.endpoint);
        const needs = [...(entry?.needs ?? []), ...(call.visualQuery ? (entry?.visualQueryNeeds ?? []) : [])];
        expect(isSubset(needs, effectiveScopes(grants, credential, NOW))).toBe(true);
      }),
    );
  });

  it("a session equals the grants", () => {
    fc.assert(
      fc.property(factsArb, fc.subarray([...OPERATION_SCOPES]), (facts, needs) => {
        const grants = compileGrants(facts);
        const held = explainAccess(grants).scopes;
        expect(effectiveScopes(grants, SESSION, NOW)).toEqual(grants.hasAccess ? held : []);
        expect(evaluateOperation(grants, SESSION, needs, { now: NOW }).allowed).toBe(grants.hasAccess && isSubset(needs, held));
      }),
    );
  });

  it("adding a grant never removes access", () => {
    const addition = fc.oneof(
      fc.constant((facts: AccessFacts): AccessFacts => ({ ...facts, isOwner: true })),
      teamArb.map((team) => (facts: AccessFacts): AccessFacts => ({ ...facts, teamGroups: [...facts.teamGroups, team] })),
      scopeSetArb.map((extra) => (facts: AccessFacts): AccessFacts => ({
        ...facts,
        collaboratorScopes: unionScopes(facts.collaboratorScopes ?? NO_SCOPES, extra),
      })),
      fc.constantFrom(...ORG_ROLES).map((role) => (facts: AccessFacts): AccessFacts => (facts.orgRole === null ? { ...facts, orgRole: role } : facts)),
    );
    fc.assert(
      fc.property(factsArb, fc.array(addition, { minLength: 1, maxLength: 3 }), credentialArb, callArb, (facts, additions, credential, call) => {
        const more = additions.reduce((current, add) => add(current), facts);
        const request = { now: NOW, visualQuery: call.visualQuery };
        const before = evaluateEndpoint(compileGrants(facts), credential, call.endpoint, request);
        const after = evaluateEndpoint(compileGrants(more), credential, call.endpoint, request);
        if (before.allowed) expect(after.allowed).toBe(true);
        expect(isSubset(effectiveScopes(compileGrants(facts), credential, NOW), effectiveScopes(compileGrants(more), credential, NOW))).toBe(true);
      }),
    );
  });

  it("unknown scopes and unknown endpoints are denied", () => {
    const unknownName = fc.oneof(fc.string(), fc.constantFrom("Datasets:Get", "inputs:get", "Predict ", "All", "*")).filter((name) => !(OPERATION_SCOPES as readonly string[]).includes(name));
    const unknownEndpoint = fc.oneof(fc.string(), fc.constantFrom(...UNKNOWN_ENDPOINT_NAMES)).filter((name) => !KNOWN_ENDPOINT_NAMES.includes(name));
    fc.assert(
      fc.property(factsArb, liveCredentialArb, unknownName, unknownEndpoint, fc.subarray([...OPERATION_SCOPES]), (facts, credential, name, endpoint, known) => {
        const grants = compileGrants(facts);
        expect(evaluateEndpoint(grants, credential, endpoint, { now: NOW }).allowed).toBe(false);
        expect(evaluateOperation(grants, credential, [...known, name] as OperationScope[], { now: NOW }).allowed).toBe(false);
        const parsed = parseScopes([...known, name]);
        expect(parsed.unknown).toEqual([name]);
        expect(scopeNames(parsed.scopes)).toEqual(scopeNames(scopeSet(...known)));
      }),
    );
  });

  it("an app key never works on another app", () => {
    fc.assert(
      fc.property(factsArb, scopedFieldsArb, callArb, fc.subarray([...OPERATION_SCOPES]), (facts, fields, call, needs) => {
        const key: Credential = { kind: "app_key", appRef: facts.appId === "app-1" ? "app-2" : "app-1", ...fields };
        const grants = compileGrants({ ...facts, isOwner: true });
        expect(evaluateEndpoint(grants, key, call.endpoint, { now: NOW, visualQuery: call.visualQuery }).allowed).toBe(false);
        expect(evaluateOperation(grants, key, needs, { now: NOW }).allowed).toBe(false);
        expect(effectiveScopes(grants, key, NOW)).toEqual([]);
        expect(mayGrantScopes(grants, scopeSet(...needs), { credential: key, now: NOW }).allowed).toBe(false);
      }),
    );
  });

  it("a token limited to chosen apps never works on another app, whatever its scopes and the grants there", () => {
    fc.assert(
      fc.property(factsArb, scopedFieldsArb, fc.subarray([...LIMIT_APPS]), callArb, fc.subarray([...OPERATION_SCOPES]), (facts, fields, limit, call, needs) => {
        const token: Credential = { kind: "pat", ...fields, appRefs: limit.filter((app) => app !== facts.appId) };
        const grants = compileGrants({ ...facts, isOwner: true });
        expect(evaluateEndpoint(grants, token, call.endpoint, { now: NOW, visualQuery: call.visualQuery }).allowed).toBe(false);
        expect(evaluateOperation(grants, token, needs, { now: NOW }).allowed).toBe(false);
        expect(effectiveScopes(grants, token, NOW)).toEqual([]);
        expect(callableEndpoints(grants, token, NOW)).toEqual([]);
        expect(mayGrantScopes(grants, scopeSet(...needs), { credential: token, now: NOW }).allowed).toBe(false);
        // On an app of its list, the limit is no limit: the same token for all apps decides the same.
        const listed: Credential = { kind: "pat", ...fields, appRefs: [...limit, facts.appId] };
        const unlimited: Credential = { kind: "pat", ...fields, appRefs: null };
        expect(comparable(evaluateEndpoint(grants, listed, call.endpoint, { now: NOW, visualQuery: call.visualQuery }))).toEqual(
          comparable(evaluateEndpoint(grants, unlimited, call.endpoint, { now: NOW, visualQuery: call.visualQuery })),
        );
      }),
    );
  });

  it("a revoked or expired credential never works", () => {
    const deadFields = fc.oneof(
      scopedFieldsArb.chain((fields) => dateArb.map((revokedAt) => ({ ...fields, revokedAt }))),
      scopedFieldsArb.chain((fields) =>
        fc.integer({ min: 0, max: 10 * 86_400_000 }).map((ago) => ({ ...fields, expiresAt: new Date(NOW.getTime() - ago) })),
      ),
    );
    fc.assert(
      fc.property(factsArb, deadFields, fc.boolean(), callArb, fc.subarray([...OPERATION_SCOPES]), (facts, fields, isKey, call, needs) => {
        const credential: Credential = isKey ? { kind: "app_key", appRef: facts.appId, ...fields } : { kind: "pat", ...fields };
        const grants = compileGrants({ ...facts, isOwner: true });
        const decision = evaluateEndpoint(grants, credential, call.endpoint, { now: NOW, visualQuery: call.visualQuery });
        expect(decision.allowed).toBe(false);
        expect(decision.allowed || ["credential_revoked", "credential_expired"].includes(decision.deniedBy)).toBe(true);
        expect(evaluateOperation(grants, credential, needs, { now: NOW }).allowed).toBe(false);
        expect(effectiveScopes(grants, credential, NOW)).toEqual([]);
      }),
    );
  });

  it("no escalation: one may grant exactly what one holds, endpoints included, and missing is the difference", () => {
    fc.assert(
      fc.property(factsArb, liveCredentialArb, scopeSetArb, endpointListArb, (facts, credential, requested, endpoints) => {
        const grants = compileGrants(facts);
        const held = effectiveScopes(grants, credential, NOW);
        const wanted = scopeNames(requested);
        const decision = mayGrantScopes(grants, requested, { credential, now: NOW }, endpoints);
        if (!grants.hasAccess || !reachesApp(credential, facts.appId)) {
          expect(decision.allowed).toBe(false);
          return;
        }
        // Every call the grant alone would allow, the actor may make through this credential.
        const holder = compileGrants({ appId: facts.appId, isOwner: false, orgRole: null, teamGroups: [], collaboratorScopes: requested, collaboratorEndpoints: endpoints });
        const opensNothingBeyond = ENDPOINTS.every((endpoint) =>
          [false, true].every(
            (visualQuery) =>
              !evaluateEndpoint(holder, SESSION, endpoint.name, { now: NOW, visualQuery }).allowed ||
              evaluateEndpoint(grants, credential, endpoint.name, { now: NOW, visualQuery }).allowed,
          ),
        );
        expect(decision.allowed).toBe(isSubset(wanted, held) && opensNothingBeyond);
        if (!decision.allowed && decision.deniedBy !== "endpoint_not_in_grant") {
          // The first lacking layer is reported; together the layers lack exactly wanted − held.
          expect(isSubset([...decision.missing], wanted)).toBe(true);
          expect(decision.missing.some((scope) => !held.includes(scope))).toBe(true);
        }
      }),
      {
        // Found by this property: an app-administration scope in a grant opens no endpoint, so
        // granting it on PatchApp goes beyond nothing even through a key limited to no endpoints.
        examples: [
          [
            { appId: "app-1", isOwner: true, orgRole: null, teamGroups: [], collaboratorScopes: null, collaboratorEndpoints: [] },
            { kind: "pat", operationScopes: scopeSetFromWords([-1, 7]), endpointScopes: [], expiresAt: null, revokedAt: null },
            scopeSetFromWords([-28539121, 0]),
            ["/clarifai.api.V2/PatchApp"],
          ] as [AccessFacts, Credential, ScopeSet, string[]],
        ],
      },
    );
  });
});

// ─── Introspection and account-level decisions ────────────────────────────────────────────────────

const isLive = (credential: Credential, now: Date): boolean =>
  credential.kind === "session" ||
  (credential.revokedAt == null && (credential.expiresAt == null || now.getTime() < credential.expiresAt.getTime()));

/** The endpoints a credential may call at account level, straight from the rules (no shared code). */
function referenceAccountDecision(credential: Credential, endpoint: string, now: Date): ReferenceDecision {
  if (credential.kind !== "session") {
    if (credential.revokedAt != null) return { allowed: false, deniedBy: "credential_revoked", missing: [] };
    if (!isLive(credential, now)) return { allowed: false, deniedBy: "credential_expired", missing: [] };
    if (credential.kind === "app_key") return { allowed: false, deniedBy: "credential_kind", missing: [] };
  }
  const entry = ENDPOINTS.find((candidate) => candidate.name === endpoint || candidate.method === endpoint);
  if (entry === undefined || entry.level !== "account") return { allowed: false, deniedBy: "unknown_endpoint", missing: [] };
  if (credential.kind === "session") return { allowed: true, grantedBy: [] };
  // Creating an app reaches beyond the apps a limited token was given.
  if (credential.appRefs != null && entry.method === "PostApps") return { allowed: false, deniedBy: "credential_not_for_app", missing: [] };
  const open = entry.method === "MyScopesUser" || entry.method === "ListScopes";
  const listed = credential.endpointScopes === "all" || credential.endpointScopes.some((name) => REFERENCE_ENDPOINTS.get(name)?.name === entry.name);
  if (!open && !listed) return { allowed: false, deniedBy: "endpoint_not_in_credential", missing: [] };
  const carried = namesOf(credential.operationScopes);
  const lacking = entry.needs.filter((scope) => !carried.includes(scope));
  if (lacking.length > 0) return { allowed: false, deniedBy: "credential_lacks_scopes", missing: inCatalogOrder(lacking) };
  return { allowed: true, grantedBy: [] };
}

/** The compute methods a credential may call on an organization, straight from the rules (no shared code). */
function referenceOrgDecision(credential: Credential, endpoint: string, now: Date): ReferenceDecision {
  if (credential.kind !== "session") {
    if (credential.revokedAt != null) return { allowed: false, deniedBy: "credential_revoked", missing: [] };
    if (!isLive(credential, now)) return { allowed: false, deniedBy: "credential_expired", missing: [] };
    if (credential.kind === "app_key") return { allowed: false, deniedBy: "credential_kind", missing: [] };
    // An organization's compute is no app: a token limited to chosen apps does not reach it.
    if (credential.appRefs != null) return { allowed: false, deniedBy: "credential_not_for_app", missing: [] };
  }
  const entry = ENDPOINTS.find((candidate) => candidate.name === endpoint || candidate.method === endpoint);
  if (entry === undefined || entry.level !== "org") return { allowed: false, deniedBy: "unknown_endpoint", missing: [] };
  if (credential.kind === "session") return { allowed: true, grantedBy: [] };
  const listed = credential.endpointScopes === "all" || credential.endpointScopes.some((name) => REFERENCE_ENDPOINTS.get(name)?.name === entry.name);
  if (!listed) return { allowed: false, deniedBy: "endpoint_not_in_credential", missing: [] };
  const carried = namesOf(credential.operationScopes);
  const lacking = entry.needs.filter((scope) => !carried.includes(scope));
  if (lacking.length > 0) return { allowed: false, deniedBy: "credential_lacks_scopes", missing: inCatalogOrder(lacking) };
  return { allowed: true, grantedBy: [] };
}

describe("properties of introspection and account-level decisions", () => {
  it("MyScopes and MyScopesUser are allowed iff the credential is live and reaches the app", () => {
    fc.assert(
      fc.property(factsArb, credentialArb, dateArb, fc.constantFrom("MyScopes", "/clarifai.api.V2/MyScopes", "MyScopesUser"), (facts, credential, now, endpoint) => {
        const grants = compileGrants(facts);
        const reaches = grants.hasAccess && reachesApp(credential, facts.appId);
        expect(evaluateEndpoint(grants, credential, endpoint, { now }).allowed).toBe(isLive(credential, now) && reaches);
      }),
      { numRuns: 2000 },
    );
  });

  it("differential: account decisions agree with the reference", () => {
    fc.assert(
      fc.property(credentialArb, endpointNameArb, dateArb, (credential, endpoint, now) => {
        expect(comparable(evaluateAccountEndpoint(credential, endpoint, { now }))).toEqual(referenceAccountDecision(credential, endpoint, now));
      }),
      { numRuns: 3000 },
    );
  });

  it("differential: organization-level decisions agree with the reference", () => {
    fc.assert(
      fc.property(credentialArb, endpointNameArb, dateArb, (credential, endpoint, now) => {
        expect(comparable(evaluateOrgEndpoint(credential, endpoint, { now }))).toEqual(referenceOrgDecision(credential, endpoint, now));
      }),
      { numRuns: 3000 },
    );
  });

  it("an organization-level decision never allows an app key, and no grant on an app carries an organization scope", () => {
    fc.assert(
      fc.property(scopedFieldsArb, fc.constantFrom(...APPS), endpointNameArb, dateArb, factsArb, (fields, appRef, endpoint, now, facts) => {
        expect(evaluateOrgEndpoint({ kind: "app_key", appRef, ...fields }, endpoint, { now }).allowed).toBe(false);
        expect(scopeNames(compileGrants(facts).scopes).some((scope) => ORGANIZATION.has(scope))).toBe(false);
      }),
    );
  });

  it("an account-level decision never allows an app key", () => {
    fc.assert(
      fc.property(scopedFieldsArb, fc.constantFrom(...APPS), endpointNameArb, dateArb, scopeSetArb, endpointListArb, (fields, appRef, endpoint, now, scopes, endpoints) => {
        const key: Credential = { kind: "app_key", appRef, ...fields };
        expect(evaluateAccountEndpoint(key, endpoint, { now }).allowed).toBe(false);
        expect(mayCreateKey({ credential: key, now }, { addressVerified: true }, { scopes, endpoints, expiresAt: null }).allowed).toBe(false);
      }),
    );
  });

  it("no escalation: a key a credential may create calls nothing its creator cannot, on the account or on any app", () => {
    fc.assert(
      fc.property(liveCredentialArb, scopeSetArb, endpointListArb, appLimitArb, factsArb, (creator, scopes, endpoints, apps, facts) => {
        if (!mayCreateKey({ credential: creator, now: NOW }, { addressVerified: true }, { scopes, endpoints, expiresAt: null, apps }).allowed) return;
        const key: Credential = { kind: "pat", operationScopes: scopes, endpointScopes: endpoints, appRefs: apps };
        const grants = compileGrants(facts);
        for (const endpoint of ENDPOINTS) {
          if (evaluateAccountEndpoint(key, endpoint.name, { now: NOW }).allowed) {
            expect(evaluateAccountEndpoint(creator, endpoint.name, { now: NOW }).allowed, endpoint.method).toBe(true);
          }
          for (const visualQuery of [false, true]) {
            if (evaluateEndpoint(grants, key, endpoint.name, { now: NOW, visualQuery }).allowed) {
              expect(evaluateEndpoint(grants, creator, endpoint.name, { now: NOW, visualQuery }).allowed, endpoint.method).toBe(true);
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("keys made by keys", () => {
  const HOUR = 3_600_000;
  const expiryArb = fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 5, arbitrary: fc.integer({ min: -2 * HOUR, max: 800 * 24 * HOUR }).map((offset) => new Date(NOW.getTime() + offset)) },
    { weight: 1, arbitrary: fc.constant(new Date(Number.NaN)) },
  );
  const stepArb = fc.record({ scopes: scopeSetArb, endpoints: endpointListArb, expiresAt: expiryArb, apps: appLimitArb, laterBy: fc.integer({ min: 0, max: 48 * HOUR }) });
  const rootArb: fc.Arbitrary<Credential> = fc.oneof(
    fc.constant(SESSION),
    fc.record({ operationScopes: scopeSetArb, endpointScopes: endpointListArb, expiresAt: expiryArb, appRefs: appLimitArb }).map((fields): Credential => ({ kind: "pat", ...fields })),
  );
  const lifeOf = (credential: Credential) => compileCredential(credential);
  const liveAt = (credential: Credential, at: Date) => credentialLiveness(lifeOf(credential), at) === null;

  /** Everything `key` may do, `creator` may do too: every endpoint on the account, on an organization and on every app, at every instant the key lives. */
  function expectWithin(key: Credential, creator: Credential, facts: AccessFacts, instants: readonly Date[]) {
    const everyApp = LIMIT_APPS.map((appId) => compileGrants({ ...facts, appId }));
    for (const at of instants) {
      if (!liveAt(key, at)) continue;
      expect(liveAt(creator, at), `the key lives at ${at.toISOString()}, its maker not`).toBe(true);
      for (const endpoint of ENDPOINTS) {
        if (evaluateAccountEndpoint(key, endpoint.name, { now: at }).allowed) {
          expect(evaluateAccountEndpoint(creator, endpoint.name, { now: at }).allowed, endpoint.method).toBe(true);
        }
        if (evaluateOrgEndpoint(key, endpoint.name, { now: at }).allowed) {
          expect(evaluateOrgEndpoint(creator, endpoint.name, { now: at }).allowed, endpoint.method).toBe(true);
        }
        for (const grants of everyApp) {
          for (const visualQuery of [false, true]) {
            if (evaluateEndpoint(grants, key, endpoint.name, { now: at, visualQuery }).allowed) {
              expect(evaluateEndpoint(grants, creator, endpoint.name, { now: at, visualQuery }).allowed, `${endpoint.method} on ${grants.appId}`).toBe(true);
            }
          }
        }
      }
    }
  }

  it("a credential made by a credential never exceeds it in scopes, endpoints, apps or lifetime, along any chain", () => {
    fc.assert(
      fc.property(rootArb, fc.array(stepArb, { minLength: 1, maxLength: 5 }), factsArb, (root, steps, facts) => {
        const chain: Credential[] = [root];
        let now = NOW;
        for (const step of steps) {
          now = new Date(now.getTime() + step.laterBy);
          const maker = chain[chain.length - 1]!;
          if (!mayCreateKey({ credential: maker, now }, { addressVerified: true }, step).allowed) continue;
          chain.push({ kind: "pat", operationScopes: step.scopes, endpointScopes: step.endpoints, expiresAt: step.expiresAt, appRefs: step.apps });
        }
        // The instants where lives end, on either side of each end, and the times keys were made.
        const ends = chain.flatMap((credential) => (credential.kind === "session" || !credential.expiresAt ? [] : [credential.expiresAt.getTime()]));
        const instants = [NOW.getTime(), now.getTime(), ...ends.flatMap((end) => [end - 1, end, end + 1])].filter(Number.isFinite).map((ms) => new Date(ms));
        for (let index = 1; index < chain.length; index++) {
          expectWithin(chain[index]!, chain[index - 1]!, facts, instants);
          expectWithin(chain[index]!, root, facts, instants);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("an unverified holder gets no key from any credential", () => {
    fc.assert(
      fc.property(rootArb, stepArb, (maker, step) => {
        expect(mayCreateKey({ credential: maker, now: NOW }, { addressVerified: false }, step).allowed).toBe(false);
      }),
    );
  });
});
