// Three surfaces answer "may this person call this endpoint here?": the API (a request with a
// token), the access explainer, and the "who has access" list. On random organizations (roles,
// teams, custom groups, collaborators restricted to endpoints, tokens with random scopes) they must
// give the same answer for every person, app and endpoint — and no collaborator an actor adds may
// call anything the actor cannot.

import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, collaborators, users } from "@/db/schema";
import { seedUser } from "@/db/seeds/teams-apps";
import { openTestDatabase, propertyRuns } from "@/db/testing";
import { callAsEndpoint } from "@/lib/api/testing";
import { ENDPOINTS, OPERATION_SCOPES, endpointsAllowedBy, type EndpointName } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { listAppAccess } from "./access";
import { addCollaborator, explainAccess } from "@/lib/operations/collaborators";
import { runAs } from "@/lib/operations/testing";
import { createPersonalAccessToken } from "@/lib/operations/credentials";
import { endpointsArb, materialize, modelArb, type Model } from "./testing/random-orgs";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const ENDPOINT_NAMES = ENDPOINTS.map((endpoint) => endpoint.name);
const endpointSampleArb = fc.subarray(ENDPOINT_NAMES, { minLength: 1, maxLength: 5 });
const tokenArb = fc.record({ scopes: fc.subarray([...OPERATION_SCOPES], { minLength: 1, maxLength: 8 }), endpoints: endpointsArb });

async function apiAllows(secret: string, target: { ownerHandle: string; appId: string }, endpoint: EndpointName): Promise<boolean> {
  // The API's path for a call to `endpoint`: the runner decides the endpoint for the credential
  // (the operation served, MyScopes, adds no rule of its own beyond access to the app).
  const response = await callAsEndpoint(handle.db, secret, { owner: target.ownerHandle, app: target.appId }, endpoint);
  return response.status === 200;
}

async function token(userId: string, name: string, scopes: readonly string[], endpoints: "all" | readonly string[]): Promise<string> {
  const created = await runAs(handle.db, createPersonalAccessToken, userId, { name, scopes, endpointScopes: endpoints === "all" || endpoints.length === 0 ? undefined : endpoints });
  if (!created.ok) throw new Error(`token setup: ${created.message}`);
  return created.data.secret;
}

function ownerHandleOf(model: Model, app: number, prefix: string): string {
  const owner = model.apps[app]!.owner;
  return `${prefix}-${owner.kind === "user" ? "u" : "o"}${owner.index}`;
}

describe("API = explainer = who has access, on random organizations", () => {
  it("agree for every person, app and sampled endpoint, through full and restricted tokens", async () => {
    await fc.assert(
      fc.asyncProperty(modelArb, endpointSampleArb, fc.array(tokenArb, { minLength: 5, maxLength: 5 }), async (model, sample, tokenSpecs) => {
        const ids = await materialize(handle.db, model);
        const full: string[] = [];
        const restricted: string[] = [];
        for (const [user, userId] of ids.userIds.entries()) {
          full.push(await token(userId, "full", OPERATION_SCOPES, "all"));
          const spec = tokenSpecs[user]!;
          restricted.push(await token(userId, "restricted", spec.scopes, spec.endpoints));
        }
        for (let app = 0; app < model.apps.length; app++) {
          const [row] = await handle.db.select().from(apps).where(eq(apps.id, ids.appIds[app]!));
          const target = { ownerHandle: ownerHandleOf(model, app, ids.prefix), appId: row!.appId };
          const listed = new Map((await listAppAccess(handle.db, row!, new Date())).map((entry) => [entry.userId, entry]));
          for (const [user, userId] of ids.userIds.entries()) {
            const [person] = await handle.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
            for (const endpoint of sample) {
              const byApi = await apiAllows(full[user]!, target, endpoint);
              const byList = listed.get(userId)?.callableEndpoints.includes(endpoint) ?? false;
              const explained = await runAs(handle.db, explainAccess, userId, { owner: target.ownerHandle, app: target.appId, email: person!.email, endpoint });
              const bySession = explained.ok ? explained.data.decisions[0]!.decision.allowed : false;
              const byFullToken = explained.ok ? explained.data.decisions.find((d) => d.credential.name === "full")!.decision.allowed : false;
              expect({ endpoint, byApi, byList, bySession, byFullToken }).toEqual({ endpoint, byApi, byList: byApi, bySession: byApi, byFullToken: byApi });

              const restrictedByApi = await apiAllows(restricted[user]!, target, endpoint);
              const restrictedExplained = explained.ok ? explained.data.decisions.find((d) => d.credential.name === "restricted")!.decision.allowed : false;
              expect({ endpoint, restricted: restrictedExplained }).toEqual({ endpoint, restricted: restrictedByApi });
              if (restrictedByApi) expect(byApi).toBe(true);
            }
          }
        }
      }),
      { numRuns: propertyRuns(30) },
    );
  }, 300_000);
});

describe("no grant exceeds what the actor holds, endpoints included", () => {
  it("a collaborator added by anyone may call only endpoints the actor may call", async () => {
    let probes = 0;
    let granted = 0;
    await fc.assert(
      fc.asyncProperty(modelArb, fc.nat(), fc.nat(), tokenArb, endpointsArb, fc.boolean(), endpointSampleArb, async (model, actorPick, appPick, grant, actorEndpoints, viaCollaboration, sample) => {
        const ids = await materialize(handle.db, model);
        const app = appPick % model.apps.length;
        const [row] = await handle.db.select().from(apps).where(eq(apps.id, ids.appIds[app]!));
        // Half the time the actor is a collaborator who may add others, holding the requested scopes
        // on some endpoints only: then the endpoints decide.
        let actor = ids.userIds[actorPick % ids.userIds.length]!;
        if (viaCollaboration) {
          actor = await seedUser(handle.db, `actor-${++probes}`, undefined, { verified: true });
          const scopes = [...new Set([...grant.scopes, "Collaborators:Add"])];
          await handle.db.insert(collaborators).values({ id: newId("col"), appId: row!.id, userId: actor, scopes, endpointScopes: actorEndpoints === "all" ? null : actorEndpoints });
        }
        const target = { ownerHandle: ownerHandleOf(model, app, ids.prefix), appId: row!.appId };
        const probeHandle = `probe-${++probes}`;
        const probe = await seedUser(handle.db, probeHandle, undefined, { verified: true });
        // A restriction may name only endpoints its scopes allow (lib/authz refuses others): keep those.
        const allowed = new Set(endpointsAllowedBy(grant.scopes).map((endpoint) => endpoint.name));
        const endpoints = grant.endpoints === "all" ? [] : grant.endpoints.filter((endpoint) => allowed.has(endpoint as EndpointName));
        const added = await runAs(handle.db, addCollaborator, actor, { owner: target.ownerHandle, app: target.appId, email: `${probeHandle}@example.test`, scopes: grant.scopes, endpointScopes: endpoints.length === 0 ? undefined : endpoints });
        if (!added.ok) return;
        granted++;
        // Over every endpoint, as "who has access" decides it…
        const entries = new Map((await listAppAccess(handle.db, row!, new Date())).map((entry) => [entry.userId, entry.callableEndpoints]));
        const beyond = (entries.get(probe) ?? []).filter((endpoint) => !(entries.get(actor) ?? []).includes(endpoint));
        expect(beyond).toEqual([]);
        // …and on a sample, as the API decides it.
        const actorToken = await token(actor, "actor", OPERATION_SCOPES, "all");
        const probeToken = await token(probe, "probe", OPERATION_SCOPES, "all");
        for (const endpoint of sample) {
          if (await apiAllows(probeToken, target, endpoint)) expect({ endpoint, actor: await apiAllows(actorToken, target, endpoint) }).toEqual({ endpoint, actor: true });
        }
      }),
      { numRuns: propertyRuns(80) },
    );
    // The property is vacuous unless some grants went through.
    expect(granted).toBeGreaterThan(0);
  }, 300_000);
});
