import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { hasPendingInvitation } from "@/db/queries/collaborator-invitations";
import { findUserByEmail, findUserByHandle } from "@/db/queries/accounts";
import { listCredentialsForApp } from "@/db/queries/credentials";
import {
  ENDPOINTS,
  ENDPOINT_DESCRIPTIONS,
  SESSION,
  compileGrants,
  evaluateAppCapability,
  evaluateCredentialDetails,
  evaluateEndpoint,
  evaluateExplainSubject,
  explainAccess,
  resolveExplainTarget,
  type Credential,
  type Decision,
  type LayerExplanation,
} from "@/lib/authz";
import { fail, ok, type Result } from "@/lib/result";
import { emailSchema, handleKey } from "@/lib/validation/common";
import { invalidInput } from "@/lib/validation/form";
import { loadAccessFacts, resolveAppForUser } from "./access";
import { credentialStatus, storedCredential } from "./credentials";

// "Why can't X do Y?": each layer's contribution for one person on one app, and lib/authz's
// decision for one endpoint through each of their credentials — the decision the API would make.

const CHOOSE = "Choose an action (such as “add inputs”, “predict” or “manage collaborators”) or an endpoint from the list.";

/**
 * What to explain: `what` — a plain action or an endpoint, as the explainer's one field takes it —
 * or `endpoint` (an endpoint's name, as the API and earlier clients send it). lib/authz resolves both.
 */
const explainFields = z.object({
  ownerHandle: z.string().min(1).max(64),
  appId: z.string().min(1).max(64),
  /** The person by address, or (`user`) by user ID, as the "Explain" links of the app's lists name them. */
  email: emailSchema.optional(),
  user: z.string().min(1).max(64).optional(),
  what: z.string().max(100).optional(),
  endpoint: z.string().max(100).optional(),
  visualQuery: z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean()).default(false),
});

function namesTarget(input: { email?: string; user?: string; what?: string; endpoint?: string }, ctx: z.RefinementCtx): void {
  if (input.email === undefined && input.user === undefined) ctx.addIssue({ code: "custom", message: "Enter the person's email.", path: ["email"] });
  const text = input.what?.trim() ? input.what : input.endpoint;
  if (text === undefined || resolveExplainTarget(text) === undefined) ctx.addIssue({ code: "custom", message: CHOOSE, path: [input.what !== undefined ? "what" : "endpoint"] });
}

export const explainInput = explainFields.superRefine(namesTarget);

/** The question without the app (the app operation's tenant names it). */
export const explainQuestionInput = explainFields.omit({ ownerHandle: true, appId: true }).superRefine(namesTarget);

/** A page that changes a grant, and what to do there. */
export type GrantLink = { label: string; href: string };

export type CredentialDecision = {
  credential: { kind: "session" | "pat" | "app_key"; name: string; hint: string | null; scopes: string[] | "all"; endpointScopes: string[] | "all"; status: string };
  decision: { allowed: true; grantedBy: readonly string[] } | { allowed: false; deniedBy: string; missing: readonly string[]; message: string };
  /** For a denial: the grant to change so the call would be allowed (null when no page changes it). */
  change: GrantLink | null;
};

/** One endpoint the question asks about, with the decision through each credential. */
export type EndpointCheck = {
  endpoint: { name: string; method: string; description: string; needs: string[] };
  decisions: CredentialDecision[];
};

/** A layer of the person's access with the page that changes it. */
export type ExplainedLayer = LayerExplanation & { change: GrantLink | null };

export type ExplainedAccess = {
  /** For a pending invitation the name is the address: whether an account uses it is not told. */
  user: { name: string; email: string };
  hasAccess: boolean;
  /** Pending invitation to this app for the address, not accepted yet. */
  invited: boolean;
  layers: ExplainedLayer[];
  /** The plain action asked about (null when an endpoint was). */
  action: string | null;
  /** Every endpoint the action calls (one for an endpoint), each decided through each credential. */
  checks: EndpointCheck[];
  /** The first check's endpoint and decisions (what an endpoint question answers). */
  endpoint: { name: string; needs: string[] };
  decisions: CredentialDecision[];
  /** When no layer gives access: how to give some (null otherwise, or when the viewer cannot). */
  grantAccess: GrantLink | null;
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
  const target = resolveExplainTarget(input.what?.trim() ? input.what : input.endpoint!)!;
  const visualQuery = input.visualQuery || target.visualQuery;
  const access = await resolveAppForUser(db, viewer.userId, input.ownerHandle, input.appId);
  if (!access) return fail("not_found", "App not found.");
  const { app } = access;
  const endpoints = target.endpoints.map((name) => ENDPOINTS.find((candidate) => candidate.name === name)!);
  const described = (endpoint: (typeof endpoints)[number]) => ({
    name: endpoint.name,
    method: endpoint.method,
    description: ENDPOINT_DESCRIPTIONS[endpoint.method],
    needs: [...endpoint.needs, ...(visualQuery ? endpoint.visualQueryNeeds : [])],
  });
  const appBase = `/${encodeURIComponent(app.ownerHandle)}/${encodeURIComponent(app.appId)}`;
  const collaboratorsPage = `${appBase}/settings/collaborators`;

  // By user ID, a person is found only to be checked like one named by address: the refusal for
  // someone not shown is the same whether or not the ID (or the address) is anyone's.
  const person = input.email !== undefined ? await findUserByEmail(db, { email: input.email }) : await findUserByHandle(db, { handleKey: handleKey(input.user!) });
  const isViewer = person?.id === viewer.userId;
  const grants = person ? compileGrants(await loadAccessFacts(db, person.id, app)) : null;
  const invited = grants?.hasAccess || input.email === undefined ? false : await hasPendingInvitation(db, { appRef: app.id, email: input.email, now });
  const subject = evaluateExplainSubject(access.grants, { isViewer, appearsOnApp: grants?.hasAccess === true || invited });
  if (!subject.allowed) return fail("forbidden", subject.message, { email: [subject.message] });
  const seesCollaborators = evaluateAppCapability(access.grants, "app.view_collaborators").allowed;

  if (!grants?.hasAccess && !isViewer) {
    // Invited, not accepted: answered from the invitation alone, telling nothing about any account.
    const nobody = compileGrants({ appId: app.id, isOwner: false, orgRole: null, teamGroups: [], collaboratorScopes: null });
    const pendingLink: GrantLink = { label: "See the pending invitation", href: collaboratorsPage };
    const checks = endpoints.map((endpoint) => ({
      endpoint: described(endpoint),
      decisions: [{ credential: SESSION_ROW, decision: asView(evaluateEndpoint(nobody, SESSION, endpoint.name, { now, visualQuery })), change: pendingLink }],
    }));
    return ok({
      user: { name: input.email!, email: input.email! },
      hasAccess: false,
      invited: true,
      layers: [],
      action: target.action,
      checks,
      endpoint: { name: checks[0]!.endpoint.name, needs: checks[0]!.endpoint.needs },
      decisions: checks[0]!.decisions,
      grantAccess: null,
      credentialsHidden: null,
    });
  }
  const subjectGrants = grants!;
  const layers = explainAccess(subjectGrants).layers.map((layer): ExplainedLayer => ({ ...layer, change: layerLink(layer, app, appBase, person!.handle) }));
  const collaboratorLayer = layers.find((layer) => layer.layer === "collaborator");
  const details = evaluateCredentialDetails(access.orgRole, { isViewer });
  const credentials: { view: CredentialDecision["credential"]; credential: Credential }[] = [{ view: SESSION_ROW, credential: SESSION }];
  if (details.allowed) {
    const rows = await listCredentialsForApp(db, { userId: person!.id, appRef: app.id });
    for (const row of rows) {
      const status = credentialStatus(row, now);
      if (status !== "active") continue;
      const credential = storedCredential({ ...row, appRef: row.appId });
      credentials.push({ view: { kind: row.kind, name: row.name, hint: row.hint, scopes: row.scopes, endpointScopes: row.endpointScopes ?? "all", status }, credential });
    }
  }
  // Where to change a denial: the credential's own page for what the credential limits, the
  // collaboration for its endpoint list, else the layers that could give the missing scopes.
  const grantLayerLink = (): GrantLink | null =>
    collaboratorLayer?.change ?? layers.find((layer) => layer.change !== null)?.change ?? (seesCollaborators ? { label: "Add them as a collaborator", href: collaboratorsPage } : null);
  const changeFor = (view: CredentialDecision["credential"], decision: CredentialDecision["decision"]): GrantLink | null => {
    if (decision.allowed) return null;
    switch (decision.deniedBy) {
      case "endpoint_not_in_grant":
        return collaboratorLayer?.change ?? null;
      case "credential_lacks_scopes":
      case "endpoint_not_in_credential":
      case "credential_expired":
      case "credential_revoked":
      case "credential_not_for_app":
        if (view.kind === "app_key") return { label: `Change the app keys (${view.name})`, href: `${appBase}/settings/keys` };
        return isViewer && view.kind === "pat" ? { label: `Change your tokens (${view.name})`, href: "/settings/security" } : null;
      default:
        return grantLayerLink();
    }
  };
  const checks = endpoints.map((endpoint) => ({
    endpoint: described(endpoint),
    decisions: credentials.map(({ view, credential }) => {
      const decision = asView(evaluateEndpoint(subjectGrants, credential, endpoint.name, { now, visualQuery }));
      return { credential: view, decision, change: changeFor(view, decision) };
    }),
  }));
  return ok({
    user: { name: person!.name, email: person!.email },
    hasAccess: subjectGrants.hasAccess,
    invited: false,
    layers,
    action: target.action,
    checks,
    endpoint: { name: checks[0]!.endpoint.name, needs: checks[0]!.endpoint.needs },
    decisions: checks[0]!.decisions,
    grantAccess: layers.length === 0 && seesCollaborators ? { label: "Add them as a collaborator", href: collaboratorsPage } : null,
    credentialsHidden: details.allowed ? null : details.message,
  });
}

/** The page that changes one layer of a person's access. */
function layerLink(layer: LayerExplanation, app: { ownerHandle: string }, appBase: string, handle: string): GrantLink | null {
  const org = `/${encodeURIComponent(app.ownerHandle)}`;
  switch (layer.layer) {
    case "owner":
      return { label: "Transfer the app", href: `${appBase}/settings` };
    case "org_role":
      return { label: `Change ${handle}'s organization role`, href: `${org}/settings/members?q=${encodeURIComponent(handle)}` };
    case "team":
      return { label: `Change team ${layer.teamId}'s permission on this app`, href: `${org}/settings/teams/${encodeURIComponent(layer.teamId)}?tab=apps` };
    case "collaborator":
      return { label: "Edit this collaborator's scopes and endpoints", href: `${appBase}/settings/collaborators?edit=${encodeURIComponent(handle)}` };
  }
}
