import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { hasPendingInvitation } from "@/db/queries/collaborator-invitations";
import { findUserByEmail } from "@/db/queries/accounts";
import { listCredentialsForApp } from "@/db/queries/credentials";
import {
  ENDPOINTS,
  SESSION,
  compileGrants,
  evaluateCredentialDetails,
  evaluateEndpoint,
  evaluateExplainSubject,
  explainAccess,
  isEndpointName,
  type Credential,
  type Decision,
  type LayerExplanation,
} from "@/lib/authz";
import { fail, ok, type Result } from "@/lib/result";
import { emailSchema } from "@/lib/validation/common";
import { invalidInput } from "@/lib/validation/form";
import { loadAccessFacts, resolveAppForUser } from "./access";
import { credentialStatus, storedCredential } from "./credentials";

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
  /** For a pending invitation the name is the address: whether an account uses it is not told. */
  user: { name: string; email: string };
  hasAccess: boolean;
  /** Pending invitation to this app for the address, not accepted yet. */
  invited: boolean;
  layers: LayerExplanation[];
  endpoint: { name: string; needs: string[] };
  decisions: CredentialDecision[];
  /** Why the person's tokens are not listed (null when they are). */
  credentialsHidden: string | null;
};

const SESSION_ROW: CredentialDecision["credential"] = { kind: "session", name: "Browser session", hint: null, scopes: "all", endpointScopes: "all", status: "active" };

function asView(decision: Decision): CredentialDecision["decision"] {
  return decision.allowed ? { allowed: true, grantedBy: decision.grantedBy } : { allowed: false, deniedBy: decision.deniedBy, missing: decision.missing, message: decision.message };
}

/**
 * "Why can't X do Y?" on one app. Anyone may ask about themself; about others only viewers who may
 * see who has access, and only about people shown there or invited (lib/authz decides both). An
 * address outside that gets the same refusal whether or not an account uses it.
 */
export async function explainEndpointAccess(db: DbOrTx, viewer: { userId: string }, raw: unknown, now = new Date()): Promise<Result<ExplainedAccess>> {
  const parsed = explainInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  const access = await resolveAppForUser(db, viewer.userId, input.ownerHandle, input.appId);
  if (!access) return fail("not_found", "App not found.");
  const { app } = access;
  const endpoint = ENDPOINTS.find((candidate) => candidate.name === input.endpoint || candidate.method === input.endpoint)!;
  const needs = [...endpoint.needs, ...(input.visualQuery ? endpoint.visualQueryNeeds : [])];

  const person = await findUserByEmail(db, { email: input.email });
  const isViewer = person?.id === viewer.userId;
  const grants = person ? compileGrants(await loadAccessFacts(db, person.id, app)) : null;
  const invited = grants?.hasAccess ? false : await hasPendingInvitation(db, { appRef: app.id, email: input.email, now });
  const subject = evaluateExplainSubject(access.grants, { isViewer, appearsOnApp: grants?.hasAccess === true || invited });
  if (!subject.allowed) return fail("forbidden", subject.message, { email: [subject.message] });

  if (!grants?.hasAccess && !isViewer) {
    // Invited, not accepted: answered from the invitation alone, telling nothing about any account.
    const noAccess = evaluateEndpoint(compileGrants({ appId: app.id, isOwner: false, orgRole: null, teamGroups: [], collaboratorScopes: null }), SESSION, endpoint.name, { now, visualQuery: input.visualQuery });
    return ok({ user: { name: input.email, email: input.email }, hasAccess: false, invited: true, layers: [], endpoint: { name: endpoint.name, needs }, decisions: [{ credential: SESSION_ROW, decision: asView(noAccess) }], credentialsHidden: null });
  }
  const subjectGrants = grants!;
  const decide = (credential: Credential) => asView(evaluateEndpoint(subjectGrants, credential, endpoint.name, { now, visualQuery: input.visualQuery }));
  const decisions: CredentialDecision[] = [{ credential: SESSION_ROW, decision: decide(SESSION) }];
  const details = evaluateCredentialDetails(access.orgRole, { isViewer });
  if (details.allowed) {
    const rows = await listCredentialsForApp(db, { userId: person!.id, appRef: app.id });
    for (const row of rows) {
      const status = credentialStatus(row, now);
      if (status !== "active") continue;
      const credential = storedCredential({ ...row, appRef: row.appId });
      decisions.push({ credential: { kind: row.kind, name: row.name, hint: row.hint, scopes: row.scopes, endpointScopes: row.endpointScopes ?? "all", status }, decision: decide(credential) });
    }
  }
  return ok({
    user: { name: person!.name, email: person!.email },
    hasAccess: subjectGrants.hasAccess,
    invited: false,
    layers: [...explainAccess(subjectGrants).layers],
    endpoint: { name: endpoint.name, needs },
    decisions,
    credentialsHidden: details.allowed ? null : details.message,
  });
}
