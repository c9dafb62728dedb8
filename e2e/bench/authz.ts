// `npm run bench:authz`: endpoint decisions per second on realistic inputs, next to a baseline of the
// same loop doing one Set lookup. Target: ≥ 2,000,000 decisions/s on one core.
//
// Inputs: a Team Contributor in three teams (Model Trainer, Labeler Lead, a custom group) who is also
// a collaborator on the app, calling through a PAT that carries most scopes and every endpoint, over a
// rotation of 16 endpoints (a mix of allowed and denied calls, one visual search).

import {
  compileCredential,
  compileGrants,
  evaluateEndpoint,
  parseScopes,
  scopeSet,
  subtractScopes,
  ALL_SCOPES,
  type Credential,
  type EndpointRequest,
} from "../../lib/authz";

const ENDPOINT_ROTATION = [
  "/clarifai.api.V2/ListModels",
  "/clarifai.api.V2/PostModelOutputs",
  "/clarifai.api.V2/PostSearches",
  "/clarifai.api.V2/ListInputs",
  "/clarifai.api.V2/PostAnnotations",
  "/clarifai.api.V2/DeleteInputs", // denied: no layer grants Inputs:Delete
  "/clarifai.api.V2/PostModelVersions",
  "/clarifai.api.V2/ListConcepts",
  "/clarifai.api.V2/PostTasks",
  "/clarifai.api.V2/DeleteModels", // denied: the PAT carries no delete scope
  "/clarifai.api.V2/PostWorkflowResults",
  "/clarifai.api.V2/GetWorkflow",
  "/clarifai.api.V2/ListCollaborators",
  "/clarifai.api.V2/PostKeys", // denied: no layer grants Keys:Add
  "/clarifai.api.V2/PostSearches", // visual search (see requestFor)
  "/clarifai.api.V2/MyScopes",
] as const;

const reviewers = parseScopes(["Annotations:Get", "Inputs:Get", "Concepts:Get", "Search"]);
const grants = compileGrants({
  appId: "app_7Hq2kR9x",
  isOwner: false,
  orgRole: "Team Contributor",
  teamGroups: [
    { teamId: "vision-ml", group: "Model Trainer" },
    { teamId: "labeling", group: "Labeler Lead" },
    { teamId: "review", group: { name: "Reviewers", scopes: reviewers.scopes } },
  ],
  collaboratorScopes: scopeSet("Workflows:Add", "Workflows:Get", "Predict", "Collaborators:Get"),
});
const storedPat: Credential = {
  kind: "pat",
  operationScopes: subtractScopes(
    ALL_SCOPES,
    scopeSet("Annotations:Delete", "Inputs:Delete", "Models:Delete", "Workflows:Delete", "Tasks:Delete", "Keys:Delete"),
  ),
  endpointScopes: "all",
  expiresAt: new Date("2099-01-01T00:00:00Z"),
  revokedAt: null,
};
const credential = compileCredential(storedPat);

const now = new Date("2026-01-01T12:00:00Z");
const plain: EndpointRequest = { now };
const visual: EndpointRequest = { now, visualQuery: true };
const requestFor = (index: number): EndpointRequest => (index === 14 ? visual : plain);
const requests = ENDPOINT_ROTATION.map((_, index) => requestFor(index));
const allowedNames = new Set<string>(ENDPOINT_ROTATION.filter((name, index) => evaluateEndpoint(grants, credential, name, requestFor(index)).allowed));

function decisionsLoop(iterations: number): number {
  let allowed = 0;
  for (let i = 0; i < iterations; i++) {
    const slot = i & 15;
    if (evaluateEndpoint(grants, credential, ENDPOINT_ROTATION[slot] as string, requests[slot] as EndpointRequest).allowed) allowed++;
  }
  return allowed;
}

function baselineLoop(iterations: number): number {
  let allowed = 0;
  for (let i = 0; i < iterations; i++) {
    if (allowedNames.has(ENDPOINT_ROTATION[i & 15] as string)) allowed++;
  }
  return allowed;
}

function compileLoop(iterations: number): number {
  let access = 0;
  for (let i = 0; i < iterations; i++) {
    const perRequest = compileGrants({
      appId: "app_7Hq2kR9x",
      isOwner: false,
      orgRole: "Team Contributor",
      teamGroups: [
        { teamId: "vision-ml", group: "Model Trainer" },
        { teamId: "labeling", group: "Labeler Lead" },
        { teamId: "review", group: { name: "Reviewers", scopes: reviewers.scopes } },
      ],
      collaboratorScopes: scopeSet("Workflows:Add", "Workflows:Get", "Predict", "Collaborators:Get"),
    });
    if (compileCredential(storedPat).operationScopes !== 0 && perRequest.hasAccess) access++;
  }
  return access;
}

/** Median rate over several timed rounds, after a warm-up, in operations per second. */
function measure(loop: (iterations: number) => number, iterations: number, rounds = 5): { rate: number; check: number } {
  let check = loop(Math.min(iterations, 1_000_000)); // warm-up: let the JIT optimise the loop
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    check += loop(iterations);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(iterations / seconds);
  }
  rates.sort((a, b) => a - b);
  return { rate: rates[Math.floor(rates.length / 2)] ?? 0, check };
}

const format = (rate: number): string => Math.round(rate).toLocaleString("en-US");
const TARGET = 2_000_000;

const decisions = measure(decisionsLoop, 5_000_000);
const baseline = measure(baselineLoop, 5_000_000);
const compiles = measure(compileLoop, 200_000);

console.log(`authz endpoint decisions: ${format(decisions.rate)}/s (${(1e9 / decisions.rate).toFixed(1)} ns each; target ≥ ${format(TARGET)}/s)`);
console.log(`baseline Set lookup loop: ${format(baseline.rate)}/s`);
console.log(`per-request compileGrants + compileCredential: ${format(compiles.rate)}/s`);
console.log(
  `(mix: ${allowedNames.size}/16 endpoints allowed; checksum ${decisions.check + baseline.check + compiles.check}; node ${process.version})`,
);
if (decisions.rate < TARGET) {
  console.error(`below target: ${format(decisions.rate)}/s < ${format(TARGET)}/s`);
  process.exitCode = 1;
}
