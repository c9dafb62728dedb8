import { and, eq, or } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { credentials, users } from "@/db/schema";
import {
  ENDPOINTS,
  SESSION,
  compileGrants,
  evaluateAppCapability,
  evaluateEndpoint,
  explainAccess,
  isEndpointName,
  parseScopes,
  type Credential,
  type LayerExplanation,
} from "@/lib/authz";
import { fail, ok, type Result } from "@/lib/result";
import { emailSchema } from "@/lib/validation/common";
import { invalidInput } from "@/lib/validation/form";
import { loadAccessFacts, resolveAppForUser } from "./access";
import { credentialStatus } from "./credentials";

// "Why can't X do Y?": each layer's contribution for one person on one app, and lib/authz's
// decision for one endpoint through each of their credentials — the decision the API would make.

export const explainInput = z.object({
  ownerHandle: z.string().min(1).max(64),
  appId: z.string().min(1).max(64),
  email: emailSchema,
  endpoint: z.string().refine((value) => isEndpointName(value), "Choose an endpoint from the list."),
  visualQuery: z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean()).default(false),
});

export type CredentialDecision = {
  credential: { kind: "session" | "pat" | "app_key"; name: string; hint: string | null; scopes: string[] | "all"; endpointScopes: string[] | "all"; status: string };
  decision: { allowed: true; grantedBy: readonly string[] } | { allowed: false; deniedBy: string; missing: readonly string[]; message: string };
};

export type ExplainedAccess = {
  user: { name: string; email: string };
  hasAccess: boolean;
  layers: LayerExplanation[];
  endpoint: { name: string; needs: string[] };
  decisions: CredentialDecision[];
};

export async function explainEndpointAccess(db: Database, viewer: { userId: string }, raw: unknown, now = new Date()): Promise<Result<ExplainedAccess>> {
  const parsed = explainInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  const access = await resolveAppForUser(db, viewer.userId, input.ownerHandle, input.appId);
  if (!access) return fail("not_found", "App not found.");
  const { app } = access;
  const [person] = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.email, input.email));
  // Anyone may ask about their own access; asking about others is for those who may see the
  // app's collaborators. Both refusals look alike so the explainer reveals no accounts.
  if (person?.id !== viewer.userId && !evaluateAppCapability(access.grants, "app.view_collaborators").allowed) {
    return fail("forbidden", "You can only explain your own access on this app.", { email: ["You can only explain your own access on this app."] });
  }
  if (!person) return fail("not_found", "Please correct the highlighted fields.", { email: ["No account uses this email."] });
  const grants = compileGrants(await loadAccessFacts(db, person.id, app));
  const endpoint = ENDPOINTS.find((candidate) => candidate.name === input.endpoint || candidate.method === input.endpoint)!;
  const decide = (credential: Credential): CredentialDecision["decision"] => {
    const decision = evaluateEndpoint(grants, credential, endpoint.name, { now, visualQuery: input.visualQuery });
    return decision.allowed ? { allowed: true, grantedBy: decision.grantedBy } : { allowed: false, deniedBy: decision.deniedBy, missing: decision.missing, message: decision.message };
  };
  const decisions: CredentialDecision[] = [
    { credential: { kind: "session", name: "Browser session", hint: null, scopes: "all", endpointScopes: "all", status: "active" }, decision: decide(SESSION) },
  ];
  const rows = await db
    .select()
    .from(credentials)
    .where(and(eq(credentials.userId, person.id), or(eq(credentials.kind, "pat"), eq(credentials.appId, app.id))));
  for (const row of rows) {
    const status = credentialStatus(row, now);
    if (status !== "active") continue;
    const base = { operationScopes: parseScopes(row.scopes).scopes, endpointScopes: row.endpointScopes ?? ("all" as const), expiresAt: row.expiresAt, revokedAt: row.revokedAt };
    const credential: Credential = row.kind === "app_key" ? { kind: "app_key", appRef: row.appId!, ...base } : { kind: "pat", ...base };
    decisions.push({ credential: { kind: row.kind, name: row.name, hint: row.hint, scopes: row.scopes, endpointScopes: row.endpointScopes ?? "all", status }, decision: decide(credential) });
  }
  return ok({
    user: { name: person.name, email: person.email },
    hasAccess: grants.hasAccess,
    layers: [...explainAccess(grants).layers],
    endpoint: { name: endpoint.name, needs: [...endpoint.needs, ...(input.visualQuery ? endpoint.visualQueryNeeds : [])] },
    decisions,
  });
}
