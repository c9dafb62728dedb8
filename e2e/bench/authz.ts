// `npm run bench:authz`: endpoint decisions per second on realistic inputs, beside a peer and a limit,
// all in one run so that the ratios hold on a busy machine. Targets: ≥ 20,000,000 decisions/s, ≥ 4×
// node-casbin's CachedEnforcer on the same decisions, and ≤ 10 µs per request to compile the grants
// and the credential and build the MyScopes answer. Exits non-zero below a target, or when the peer
// and we disagree on any decision of the mix.
//
// Inputs: a Team Contributor in three teams (Model Trainer, Labeler Lead, a custom group) who is also
// a collaborator on the app, calling through a PAT that carries most scopes and every endpoint, over a
// rotation of 32 endpoints (allowed and denied calls, visual searches). Every scope past the first 32
// of the catalog is in the grants and the PAT, and every one of them that some endpoint needs is
// needed in the mix (no endpoint needs a Vocabs scope).
//
// The peer: node-casbin, given the same facts as policy (each layer a role holding its scopes in the
// app's domain, the PAT holding its scopes and endpoints) and one request per decision: a call is
// allowed by the line that lets the user reach the app through an endpoint of the key, and denied by
// a line per scope the endpoint needs that the user or the key lacks. `enforceSync` evaluates the
// model; `CachedEnforcer` memoises each request tuple (so it answers from a Map after the warm-up).
// It checks no expiry, revocation or app binding: it is given less to do than we are.
// The limit: `needs & ~effective` over an Int32Array per call, the bare bit test with nothing decided.

import { CachedEnforcer, Enforcer, StringAdapter, newEnforcerWithClass, newModelFromString } from "casbin";
import {
  ENDPOINTS,
  OPERATION_SCOPES,
  callableEndpoints,
  compileCredential,
  compileGrants,
  effectiveScopes,
  evaluateEndpoint,
  explainAccess,
  parseScopes,
  scopeNames,
  type AccessFacts,
  type CompiledCredential,
  type Credential,
  type EndpointRequest,
  type Grants,
} from "../../lib/authz";

// Bound once, as a bundle binds them: run under tsx, a call through the package's index goes through
// a chain of export getters (about 100 ns here), which would measure the module loader, not us.
const authz = { callableEndpoints, compileCredential, compileGrants, effectiveScopes, evaluateEndpoint, parseScopes } as const;
const evaluate = authz.evaluateEndpoint;

const ENDPOINT_ROTATION: readonly { method: string; visual?: true }[] = [
  { method: "ListModels" },
  { method: "PostModelOutputs" },
  { method: "PostSearches" },
  { method: "ListInputs" },
  { method: "PostAnnotations" },
  { method: "DeleteInputs" }, // denied: no layer grants Inputs:Delete
  { method: "PostModelVersions" },
  { method: "ListConcepts" },
  { method: "PostTasks" },
  { method: "DeleteModels" }, // denied: the PAT carries no Models:Delete
  { method: "PostWorkflowResults" },
  { method: "GetWorkflow" },
  { method: "ListCollaborators" },
  { method: "PostKeys" }, // denied: no layer grants Keys:Add
  { method: "PostSearches", visual: true },
  { method: "MyScopes" },
  { method: "ListTasks" },
  { method: "DeleteTasks" }, // denied: the PAT carries no Tasks:Delete
  { method: "PostWorkflows" },
  { method: "DeleteWorkflows" },
  { method: "DeleteNodepools" }, // denied: no grant on an app carries an organization scope
  { method: "PostAnnotationsSearches", visual: true },
  { method: "ListModelInputs" },
  { method: "GetApp" },
  { method: "PatchApp" }, // denied: a team's group never administers the app
  { method: "GetTask" },
  { method: "PatchWorkflows" },
  { method: "PostConcepts" },
  { method: "ListWorkflows" },
  { method: "PatchTasks" },
  { method: "PostAnnotationsSearches" },
  { method: "PostWorkflowResults", visual: true },
];
const SLOTS = ENDPOINT_ROTATION.length; // a power of two: slot = i & (SLOTS - 1)
// The names as the runner passes them: the catalog's own strings (descriptors name endpoints with literals,
// which the engine interns), not copies built at run time, which a Map lookup would compare character by character.
const endpointNames = ENDPOINT_ROTATION.map((call) => {
  const endpoint = ENDPOINTS.find((candidate) => candidate.method === call.method);
  if (endpoint === undefined) throw new Error(`No endpoint ${call.method} in the catalog`);
  return endpoint.name;
});

// The rows a request reads (scopes as stored: names), turned into facts as the services do.
const APP_ID = "app_7Hq2kR9x";
const REVIEWERS_ROW = ["Annotations:Get", "Inputs:Get", "Concepts:Get", "Search", "Tasks:Get", "Vocabs:Get"];
const COLLABORATOR_ROW = ["Workflows:Add", "Workflows:Get", "Workflows:Delete", "Predict", "Collaborators:Get", "Vocabs:Add", "Vocabs:Delete"];
const PAT_ROW = OPERATION_SCOPES.filter((scope) => !["Annotations:Delete", "Inputs:Delete", "Models:Delete", "Tasks:Delete", "Keys:Delete"].includes(scope));

function factsFromRows(): AccessFacts {
  return {
    appId: APP_ID,
    isOwner: false,
    orgRole: "Team Contributor",
    teamGroups: [
      { teamId: "vision-ml", group: "Model Trainer" },
      { teamId: "labeling", group: "Labeler Lead" },
      { teamId: "review", group: { name: "Reviewers", scopes: authz.parseScopes(REVIEWERS_ROW).scopes } },
    ],
    collaboratorScopes: authz.parseScopes(COLLABORATOR_ROW).scopes,
    collaboratorEndpoints: "all",
  };
}

function patFromRow(): Credential {
  return { kind: "pat", operationScopes: authz.parseScopes(PAT_ROW).scopes, endpointScopes: "all", expiresAt: new Date("2099-01-01T00:00:00Z"), revokedAt: null };
}

const grants = compileGrants(factsFromRows());
const credential = compileCredential(patFromRow());

const now = new Date("2026-01-01T12:00:00Z");
const requests: EndpointRequest[] = ENDPOINT_ROTATION.map((call) => (call.visual ? { now, visualQuery: true } : { now }));
const ours = endpointNames.map((name, slot) => evaluate(grants, credential, name, requests[slot] as EndpointRequest).allowed);

// ─── The peer ───────────────────────────────────────────────────────────────────────────────────

const CASBIN_MODEL = `
[request_definition]
r = user, key, app, endpoint, visual

[policy_definition]
p = kind, sub, obj, eft

[role_definition]
g = _, _, _
g2 = _, _
g3 = _, _

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = (p.kind == "call" && g(r.user, "access", r.app) && (g3(r.key, r.endpoint) || g3(r.key, "all"))) || ((p.kind == "need" || (p.kind == "visual" && r.visual == "yes")) && r.endpoint == p.sub && !(g(r.user, p.obj, r.app) && g2(r.key, p.obj)))
`;

/** The same facts as casbin policy: each layer a role in the app's domain, the PAT's scopes and endpoints, each endpoint's needs. */
function casbinPolicy(user: string, key: string): string {
  const lines = ["p, call, *, *, allow"];
  for (const endpoint of ENDPOINTS) {
    for (const scope of endpoint.needs) lines.push(`p, need, ${endpoint.method}, ${scope}, deny`);
    for (const scope of endpoint.visualQueryNeeds) lines.push(`p, visual, ${endpoint.method}, ${scope}, deny`);
  }
  explainAccess(grants).layers.forEach((layer, index) => {
    const holder = `layer-${index}`;
    lines.push(`g, ${user}, ${holder}, ${APP_ID}`);
    // A Team Contributor's role reaches the app only with a team, which the team layers say.
    if (layer.layer !== "org_role") lines.push(`g, ${holder}, access, ${APP_ID}`);
    for (const scope of layer.scopes) lines.push(`g, ${holder}, ${scope}, ${APP_ID}`);
  });
  for (const scope of PAT_ROW) lines.push(`g2, ${key}, ${scope}`);
  lines.push(`g3, ${key}, all`);
  return lines.join("\n");
}

async function casbinEnforcers(): Promise<{ plain: Enforcer; cached: CachedEnforcer }> {
  const policy = casbinPolicy("alice", "pat");
  const plain = await newEnforcerWithClass(Enforcer, newModelFromString(CASBIN_MODEL), new StringAdapter(policy));
  const cached = await newEnforcerWithClass(CachedEnforcer, newModelFromString(CASBIN_MODEL), new StringAdapter(policy));
  return { plain, cached };
}

const casbinRequests = ENDPOINT_ROTATION.map((call) => ["alice", "pat", APP_ID, call.method, call.visual ? "yes" : "no"] as const);

// ─── Loops ──────────────────────────────────────────────────────────────────────────────────────

function decisionsLoop(iterations: number): number {
  let allowed = 0;
  for (let i = 0; i < iterations; i++) {
    const slot = i & (SLOTS - 1);
    if (evaluate(grants, credential, endpointNames[slot] as string, requests[slot] as EndpointRequest).allowed) allowed++;
  }
  return allowed;
}

function enforceSyncLoop(enforcer: Enforcer): (iterations: number) => number {
  return (iterations) => {
    let allowed = 0;
    for (let i = 0; i < iterations; i++) {
      if (enforcer.enforceSync(...(casbinRequests[i & (SLOTS - 1)] as readonly string[]))) allowed++;
    }
    return allowed;
  };
}

function cachedLoop(enforcer: CachedEnforcer): (iterations: number) => Promise<number> {
  return async (iterations) => {
    let allowed = 0;
    for (let i = 0; i < iterations; i++) {
      if (await enforcer.enforce(...(casbinRequests[i & (SLOTS - 1)] as readonly string[]))) allowed++;
    }
    return allowed;
  };
}

// The limit: each slot's needs as words, against grants ∩ credential as words.
const WORDS = Math.ceil(OPERATION_SCOPES.length / 32);
const wordsOf = (names: readonly string[]): number[] => {
  const words = new Array<number>(WORDS).fill(0);
  for (const name of names) {
    const index = (OPERATION_SCOPES as readonly string[]).indexOf(name);
    words[index >> 5] = (words[index >> 5] as number) | (1 << (index & 31));
  }
  return words;
};
const effectiveWords = Int32Array.from(wordsOf(effectiveScopes(grants, credential, now)));
const needWords = Int32Array.from(
  ENDPOINT_ROTATION.flatMap((call) => {
    const endpoint = ENDPOINTS.find((candidate) => candidate.method === call.method);
    return wordsOf([...(endpoint?.needs ?? []), ...(call.visual ? (endpoint?.visualQueryNeeds ?? []) : [])]);
  }),
);

function bitTestLoop(iterations: number): number {
  let allowed = 0;
  for (let i = 0; i < iterations; i++) {
    const base = (i & (SLOTS - 1)) * WORDS;
    let lacking = 0;
    for (let w = 0; w < WORDS; w++) lacking |= (needWords[base + w] as number) & ~(effectiveWords[w] as number);
    if (lacking === 0) allowed++;
  }
  return allowed;
}

/** What MyScopes answers (lib/operations/scopes.ts): the effective scopes and the endpoints the credential may call. */
function myScopesBody(perRequest: Grants, perRequestCredential: CompiledCredential): number {
  return authz.effectiveScopes(perRequest, perRequestCredential, now).length + authz.callableEndpoints(perRequest, perRequestCredential, now).length;
}

/** One request: facts and credential read from rows, compiled, and the MyScopes answer built. */
function perRequestLoop(iterations: number): number {
  let answered = 0;
  for (let i = 0; i < iterations; i++) {
    const perRequest = authz.compileGrants(factsFromRows());
    const perRequestCredential = authz.compileCredential(patFromRow());
    answered += myScopesBody(perRequest, perRequestCredential);
  }
  return answered;
}

// ─── Measuring ──────────────────────────────────────────────────────────────────────────────────

type Loop = (iterations: number) => number | Promise<number>;
type Measured = { rate: number; check: number };

/**
 * Median rates, in operations per second, of loops timed in turns (round after round, each loop once
 * per round, after a warm-up), so that a busy machine slows them alike and their ratios hold.
 */
async function measureInTurns(loops: readonly { loop: Loop; iterations: number }[], rounds = 7): Promise<Measured[]> {
  const checks: number[] = [];
  for (const { loop, iterations } of loops) checks.push(await loop(iterations)); // warm-up: let the JIT optimise the loops
  const rates: number[][] = loops.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, { loop, iterations }] of loops.entries()) {
      const start = process.hrtime.bigint();
      checks[index] = (checks[index] as number) + (await loop(iterations));
      rates[index]?.push(iterations / (Number(process.hrtime.bigint() - start) / 1e9));
    }
  }
  return rates.map((samples, index) => {
    samples.sort((a, b) => a - b);
    return { rate: samples[Math.floor(samples.length / 2)] ?? 0, check: checks[index] as number };
  });
}

const format = (rate: number): string => Math.round(rate).toLocaleString("en-US");
const times = (ratio: number): string => `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
const TARGET = 20_000_000;
const TARGET_OVER_CACHED = 4;
const TARGET_PER_REQUEST_MICROSECONDS = 10;

async function main(): Promise<void> {
  const { plain, cached } = await casbinEnforcers();
  const disagreements = casbinRequests.filter((request, slot) => plain.enforceSync(...request) !== ours[slot] || (ours[slot] as boolean) !== (bitTestLoopAt(slot) === 1));
  const highScopes = OPERATION_SCOPES.slice(32);
  const neededHigh = new Set(ENDPOINT_ROTATION.flatMap((call) => {
    const endpoint = ENDPOINTS.find((candidate) => candidate.method === call.method);
    return [...(endpoint?.needs ?? []), ...(call.visual ? (endpoint?.visualQueryNeeds ?? []) : [])];
  }).filter((scope) => highScopes.includes(scope as never)));
  const heldHigh = highScopes.filter((scope) => scopeNames(grants.scopes).includes(scope) && PAT_ROW.includes(scope));

  const [decisions, cachedRate, bitTest, perRequest] = (await measureInTurns([
    { loop: decisionsLoop, iterations: 4_000_000 },
    { loop: cachedLoop(cached), iterations: 1_000_000 },
    { loop: bitTestLoop, iterations: 20_000_000 },
    { loop: perRequestLoop, iterations: 20_000 },
  ])) as [Measured, Measured, Measured, Measured];
  // Slow enough to time on its own: a few rounds, no turns.
  const [enforceSync] = (await measureInTurns([{ loop: enforceSyncLoop(plain), iterations: 10_000 }], 3)) as [Measured];
  const microseconds = 1e6 / perRequest.rate;

  console.log(`authz endpoint decisions: ${format(decisions.rate)}/s (${(1e9 / decisions.rate).toFixed(1)} ns each; target ≥ ${format(TARGET)}/s and ≥ ${TARGET_OVER_CACHED}× CachedEnforcer)`);
  console.log(`node-casbin CachedEnforcer.enforce: ${format(cachedRate.rate)}/s (ours: ${times(decisions.rate / cachedRate.rate)})`);
  console.log(`node-casbin Enforcer.enforceSync: ${format(enforceSync.rate)}/s (ours: ${times(decisions.rate / enforceSync.rate)})`);
  console.log(`bit-test limit (needs & ~effective, Int32Array): ${format(bitTest.rate)}/s (ours: ${((100 * decisions.rate) / bitTest.rate).toFixed(0)}% of it)`);
  console.log(
    `per request, compileGrants + compileCredential + MyScopes body: ${microseconds.toFixed(1)} µs (${format(perRequest.rate)}/s; target ≤ ${TARGET_PER_REQUEST_MICROSECONDS} µs)`,
  );
  console.log(
    `(mix: ${ours.filter(Boolean).length}/${SLOTS} calls allowed; scopes past the first 32 held by grants and PAT: ${heldHigh.length}/${highScopes.length}, needed: ${neededHigh.size}; casbin disagrees on ${disagreements.length}; checksum ${decisions.check + bitTest.check + cachedRate.check + enforceSync.check + perRequest.check}; casbin ${casbinVersion()}; node ${process.version})`,
  );
  const failures = [
    decisions.rate < TARGET ? `${format(decisions.rate)}/s < ${format(TARGET)}/s` : null,
    decisions.rate < TARGET_OVER_CACHED * cachedRate.rate ? `${times(decisions.rate / cachedRate.rate)} CachedEnforcer < ${TARGET_OVER_CACHED}×` : null,
    microseconds > TARGET_PER_REQUEST_MICROSECONDS ? `${microseconds.toFixed(1)} µs per request > ${TARGET_PER_REQUEST_MICROSECONDS} µs` : null,
    disagreements.length > 0 ? `casbin or the bit test disagrees with us on ${disagreements.length} calls of the mix` : null,
  ].filter((failure) => failure !== null);
  for (const failure of failures) console.error(`below target: ${failure}`);
  if (failures.length > 0) process.exitCode = 1;
}

function bitTestLoopAt(slot: number): number {
  let lacking = 0;
  for (let w = 0; w < WORDS; w++) lacking |= (needWords[slot * WORDS + w] as number) & ~(effectiveWords[w] as number);
  return lacking === 0 ? 1 : 0;
}

function casbinVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("casbin/package.json") as { version: string }).version;
}

void main();
