// Operations on an app's collaborators: adding (or inviting by email), changing, removing, leaving,
// accepting an invitation, and explaining someone's access. lib/authz decides every grant (only
// what the actor holds, endpoints included; only collaborators the actor covers; through a token
// or key, only what it carries too); the runner reads the actor's grants inside the transaction,
// after locking the app and their own grants' rows.

import { z } from "zod";
import type { Transaction } from "@/db/client";
import { findUser, findUserByEmail, findUserByHandle, verifyCurrentEmail, type UserRow } from "@/db/queries/accounts";
import { appExists } from "@/db/queries/apps";
import {
  insertInvitation,
  lockInvitationByTokenHash,
  lockPendingInvitation,
  renewPendingInvitation,
  rescindPendingInvitation,
  rescindPendingInvitations,
  respondToInvitation,
  type CollaboratorInvitationRow,
} from "@/db/queries/collaborator-invitations";
import {
  deleteCollaborator,
  insertCollaborator,
  isCollaborator,
  lockCollaboratorByHandle,
  updateCollaboratorScopes,
} from "@/db/queries/collaborators";
import {
  checkEndpointRestriction,
  endpointRestrictionError,
  evaluateAppAccess,
  evaluateCollaboratorManagement,
  evaluateLeaveApp,
  mayGrantScopes,
  mayManageCollaborator,
  parseScopes,
  scopeNames,
  type ActingCredential,
  type Decision,
  type Grants,
  type ScopeSet,
} from "@/lib/authz";
import { appUrl, invitationTtlMs } from "@/lib/config";
import { collaboratorAddedMail, collaboratorInvitationMail } from "@/lib/mail/templates/collaborators";
import { fail, ok, type Result } from "@/lib/result";
import { randomSecret, sha256Hex } from "@/lib/secrets";
import { lockedAppAccess, resolveAppByIdForUser, type AppRecord } from "@/lib/services/access";
import { createCollaborationToken, revokeCollaborationToken, syncCollaborationToken } from "@/lib/services/collaboration-tokens";
import { explainEndpointAccess, explainQuestionInput } from "@/lib/services/explain";
import { notify } from "@/lib/services/notifications";
import { emailSchema, handleKey } from "@/lib/validation/common";
import { endpointScopesField, operationScopesField } from "@/lib/validation/scopes";
import { actingCredential } from "./acting-credential";
import { deniedFailure } from "./failures";
import { defineAccountOperation, defineAppOperation, type OperationContext } from "./operation";

type Grant = { scopes: ScopeSet; endpoints: "all" | string[] };
type StoredGrant = { scopes: string[]; endpointScopes: string[] | null };

const ALREADY_COLLABORATOR = "This person is already a collaborator on this app.";
const NO_ACCOUNT = "No account uses this email. You can send an invitation to sign up instead.";
/** What the dialog tells whoever added an address whose account has not verified it. */
export const INVITED_UNTIL_VERIFIED = "Invitation sent. It takes effect when they accept it from that address.";
const alreadyCollaborator = fail("conflict", "Please correct the highlighted fields.", { email: [ALREADY_COLLABORATOR] });

const grantFields = { scopes: operationScopesField, endpointScopes: endpointScopesField };

/**
 * An endpoint restriction must not contradict its scopes (lib/authz): an endpoint whose scopes are
 * not all granted would be listed and denied on every call, so the grant is refused. (A scope no
 * listed endpoint uses is only warned about, in the dialog.)
 */
function consistentGrant(input: { scopes: string[]; endpointScopes: "all" | string[] }, ctx: z.RefinementCtx): void {
  const message = endpointRestrictionError(checkEndpointRestriction(input.scopes, input.endpointScopes));
  if (message) ctx.addIssue({ code: "custom", message, path: ["endpointScopes"] });
}

function requested(input: { scopes: string[]; endpointScopes: "all" | string[] }): Grant {
  return { scopes: parseScopes(input.scopes).scopes, endpoints: input.endpointScopes };
}

function stored(row: StoredGrant): Grant {
  return { scopes: parseScopes(row.scopes).scopes, endpoints: row.endpointScopes ?? "all" };
}

function storedEndpoints(value: "all" | string[]): string[] | null {
  return value === "all" ? null : value;
}

/** The first refusal of several lib/authz decisions, each asked only if the previous allowed. */
function firstDenial(...decisions: Array<() => Decision>): Decision {
  let last: Decision | undefined;
  for (const decide of decisions) {
    last = decide();
    if (!last.allowed) return last;
  }
  return last!;
}

/** May add a collaborator at all, and may grant exactly this (scopes and endpoints) through `via` (omitted: a session). */
function mayAdd(grants: Grants, grant: Grant, via?: ActingCredential): Decision {
  return firstDenial(
    () => evaluateCollaboratorManagement(grants, "add"),
    () => mayGrantScopes(grants, grant.scopes, via, grant.endpoints),
  );
}

type Sink = Pick<OperationContext<unknown>, "tx" | "audit" | "mail">;

/** Writes a collaboration with its token, audit event, notification and (unless accepted by link) mail. */
async function grantCollaboration(sink: Sink, app: AppRecord, invitee: { userId: string; email: string }, grant: StoredGrant, via: { invitationId?: string; addedBy: string | null }): Promise<void> {
  const { tx } = sink;
  await insertCollaborator(tx, { appRef: app.id, userId: invitee.userId, scopes: grant.scopes, endpointScopes: grant.endpointScopes, addedBy: via.addedBy });
  sink.audit({
    orgId: app.ownerOrgId,
    appId: app.id,
    action: "collaborator.added",
    targetType: "user",
    targetId: invitee.userId,
    after: { scopes: grant.scopes, endpointScopes: grant.endpointScopes ?? "all", ...(via.invitationId ? { viaInvitation: via.invitationId } : {}) },
  });
  await notify(tx, invitee.userId, {
    kind: "collaborator.added",
    title: `You can now collaborate on ${app.name}`,
    body: `${app.ownerHandle}/${app.appId} is in your shared apps. Its access token is in Security & access tokens.`,
    data: { appId: app.id },
  });
  await createCollaborationToken(sink, { userId: invitee.userId, app }, grant);
  if (!via.invitationId) sink.mail(collaboratorAddedMail(invitee.email, app, grant, appUrl()));
}

/** The link an invitation's mail carries: the token is in it and nowhere else (only its hash is stored). */
function collaborationLink(token: string): string {
  return `${appUrl()}/collaborate/${encodeURIComponent(token)}`;
}

/** Records a pending invitation (replacing an earlier one to the same address) and its mail. */
async function inviteByEmail(sink: Sink, inviter: string, app: AppRecord, email: string, grant: StoredGrant): Promise<void> {
  const { tx } = sink;
  const token = randomSecret();
  await rescindPendingInvitations(tx, { appRef: app.id, email, at: new Date() });
  await insertInvitation(tx, {
    appRef: app.id,
    email,
    scopes: grant.scopes,
    endpointScopes: grant.endpointScopes,
    invitedBy: inviter,
    tokenHash: sha256Hex(token),
    expiresAt: new Date(Date.now() + invitationTtlMs()),
  });
  sink.audit({ action: "collaborator.invited", targetType: "email", targetId: email, after: { scopes: grant.scopes, endpointScopes: grant.endpointScopes ?? "all" } });
  sink.mail(collaboratorInvitationMail(email, app, collaborationLink(token), grant));
}

// Collaborators are named by their user handle, as in the URLs and the API, or (the API) by their address.
const collaboratorHandle = z.string().min(1).max(64);

/** Whom a request names: an address, a user ID, or both (then they must be the same account). */
const someone = { email: emailSchema.optional(), user: collaboratorHandle.optional() };
const NAMES_SOMEONE = { error: "Name the person by email or by user ID.", path: ["email"] };
const namesSomeone = (input: { email?: string; user?: string }) => input.email !== undefined || input.user !== undefined;

/** The account a request names, or why none: an address and a user ID that are two accounts name no one. */
async function namedAccount(tx: Transaction, input: { email?: string; user?: string }): Promise<UserRow | { problem: string }> {
  const byEmail = input.email === undefined ? undefined : await findUserByEmail(tx, { email: input.email });
  const byHandle = input.user === undefined ? undefined : await findUserByHandle(tx, { handleKey: handleKey(input.user) });
  if (byEmail === null || byHandle === null) return { problem: byEmail === null ? NO_ACCOUNT : "No account has this user ID." };
  if (byEmail && byHandle && byEmail.id !== byHandle.id) return { problem: "The email and the user ID name two different accounts." };
  return (byEmail ?? byHandle)!;
}

export type AddCollaboratorOutcome =
  | { status: "added"; userId: string; handle: string; name: string; email: string; grant: StoredGrant }
  | { status: "invited"; email: string; message: string };

/**
 * Adds the account using this email as a collaborator. An email with no account is answered with
 * `not_found` and `details.canInvite`, so the dialog can offer a sign-up invitation instead. An
 * account that has not verified its address gets nothing yet: whoever registered it may not own
 * the address, so the grant waits as an invitation mailed to it (status "invited") and the account
 * is told nothing about the app.
 */
export const addCollaborator = defineAppOperation({
  name: "collaborators.add",
  input: z.object({ ...someone, ...grantFields }).refine(namesSomeone, NAMES_SOMEONE).superRefine(consistentGrant),
  authorize: ({ grants }, input) => mayAdd(grants, requested(input)),
  conflicts: { collaborators_app_user_unique: alreadyCollaborator },
  async run(context, input): Promise<Result<AddCollaboratorOutcome>> {
    const { tx, tenant, principal } = context;
    const { app } = tenant;
    // `authorize` decided with the actor's grants; a token or key granting it must carry it too.
    const carried = mayAdd(context.authority.grants, requested(input), actingCredential(principal));
    if (!carried.allowed) return deniedFailure(carried, "app");
    const invitee = await namedAccount(tx, input);
    if ("problem" in invitee) return fail("not_found", "Please correct the highlighted fields.", { email: [invitee.problem] }, { canInvite: invitee.problem === NO_ACCOUNT });
    if (app.ownerUserId === invitee.id) return fail("conflict", "Please correct the highlighted fields.", { email: ["This person owns the app and already has full access."] });
    if (await isCollaborator(tx, { appRef: app.id, userId: invitee.id })) return alreadyCollaborator;
    const grant = { scopes: scopeNames(parseScopes(input.scopes).scopes), endpointScopes: storedEndpoints(input.endpointScopes) };
    if (invitee.emailVerifiedAt === null) {
      await inviteByEmail(context, principal.userId, app, invitee.email, grant);
      return ok({ status: "invited" as const, email: invitee.email, message: INVITED_UNTIL_VERIFIED });
    }
    await grantCollaboration(context, app, { userId: invitee.id, email: invitee.email }, grant, { addedBy: principal.userId });
    return ok({ status: "added" as const, userId: invitee.id, handle: invitee.handle, name: invitee.name, email: invitee.email, grant });
  },
});

/** Sends an invitation that becomes a collaboration when accepted from that address. */
export const inviteCollaborator = defineAppOperation({
  name: "collaborators.invite",
  input: z.object({ email: emailSchema, ...grantFields }).superRefine(consistentGrant),
  authorize: ({ grants }, input) => mayAdd(grants, requested(input)),
  async run(context, input) {
    const existing = await findUserByEmail(context.tx, { email: input.email });
    if (existing?.emailVerifiedAt) return fail("conflict", "Please correct the highlighted fields.", { email: ["This email already has an account: add them directly."] });
    await inviteByEmail(context, context.principal.userId, context.tenant.app, input.email, { scopes: scopeNames(parseScopes(input.scopes).scopes), endpointScopes: storedEndpoints(input.endpointScopes) });
    return ok({ email: input.email });
  },
});

// ─── Pending invitations: re-sending and rescinding ─────────────────────────────────────────

const INVITATION_NO_LONGER_PENDING = "This invitation is no longer pending.";
const invitationRef = z.object({ invitationId: z.string().trim().min(1, "Missing identifier.").max(64, "Identifier is too long.") });

/**
 * Sends a pending invitation again with a new link (the old one stops working) and a new expiry.
 * Re-sending offers the grant again, so the actor must be able to grant all of it now — as when
 * inviting. The invitation keeps its sender, whose authority is what accepting re-checks.
 */
export const resendCollaboratorInvitation = defineAppOperation({
  name: "collaborators.resend_invitation",
  input: invitationRef,
  authorize: ({ grants }) => evaluateCollaboratorManagement(grants, "add"),
  async run(context, input) {
    const { tx, tenant, principal, audit } = context;
    const key = { appRef: tenant.app.id, invitationId: input.invitationId };
    const invitation = await lockPendingInvitation(tx, key);
    if (!invitation) return fail("not_found", INVITATION_NO_LONGER_PENDING);
    const may = mayAdd(context.authority.grants, stored(invitation), actingCredential(principal));
    if (!may.allowed) return deniedFailure(may, "app");
    const token = randomSecret();
    const expiresAt = new Date(Date.now() + invitationTtlMs());
    if (!(await renewPendingInvitation(tx, { ...key, tokenHash: sha256Hex(token), expiresAt }))) return fail("not_found", INVITATION_NO_LONGER_PENDING);
    audit({ action: "collaborator_invitation.resent", targetType: "invitation", targetId: invitation.id, before: { expiresAt: invitation.expiresAt.toISOString() }, after: { email: invitation.email, expiresAt: expiresAt.toISOString() } });
    context.mail(collaboratorInvitationMail(invitation.email, tenant.app, collaborationLink(token), invitation));
    return ok({ invitationId: invitation.id, email: invitation.email, expiresAt: expiresAt.toISOString() });
  },
});

/**
 * Withdraws a pending invitation; its link stops working at once. Like removing a collaborator:
 * Collaborators:Delete, and only an invitation whose scopes and endpoints the actor covers.
 */
export const rescindCollaboratorInvitation = defineAppOperation({
  name: "collaborators.rescind_invitation",
  input: invitationRef,
  authorize: ({ grants }) => evaluateCollaboratorManagement(grants, "remove"),
  async run(context, input) {
    const { tx, tenant, principal, audit } = context;
    const key = { appRef: tenant.app.id, invitationId: input.invitationId };
    const invitation = await lockPendingInvitation(tx, key);
    if (!invitation) return fail("not_found", INVITATION_NO_LONGER_PENDING);
    const may = mayManageCollaborator(context.authority.grants, stored(invitation), { action: "remove" }, actingCredential(principal));
    if (!may.allowed) return deniedFailure(may, "app");
    if (!(await rescindPendingInvitation(tx, { ...key, at: new Date() }))) return fail("not_found", INVITATION_NO_LONGER_PENDING);
    audit({ action: "collaborator_invitation.rescinded", targetType: "invitation", targetId: invitation.id, before: { email: invitation.email, status: "pending" }, after: { status: "rescinded" } });
    return ok({ invitationId: invitation.id, email: invitation.email });
  },
});

const NOT_A_COLLABORATOR = "This person is not a collaborator on this app.";

/** The collaborator a request names (by user ID, or by address), locked; null when there is none. */
async function lockNamedCollaborator(tx: Transaction, appRef: string, input: { email?: string; user?: string }) {
  const account = input.email === undefined ? null : await namedAccount(tx, input);
  if (account && "problem" in account) return null;
  const handle = account?.handle ?? input.user!;
  return lockCollaboratorByHandle(tx, { appRef, userHandleKey: handleKey(handle) });
}

/** Changes a collaborator's scopes and endpoints: the actor must cover both the old and the new grant. Their token follows. */
export const changeCollaborator = defineAppOperation({
  name: "collaborators.change",
  input: z.object({ ...someone, ...grantFields }).refine(namesSomeone, NAMES_SOMEONE).superRefine(consistentGrant),
  authorize: ({ grants }) => evaluateCollaboratorManagement(grants, "change"),
  async run(context, input) {
    const { tx, tenant, audit } = context;
    const { app } = tenant;
    const target = await lockNamedCollaborator(tx, app.id, input);
    if (!target) return fail("not_found", NOT_A_COLLABORATOR);
    const { grants } = context.authority;
    const current = stored(target);
    const wanted = requested(input);
    const decision = mayManageCollaborator(grants, { ...current, isAppOwner: app.ownerUserId === target.userId }, { action: "change", ...wanted }, actingCredential(context.principal));
    if (!decision.allowed) return deniedFailure(decision, "app");
    const scopes = scopeNames(wanted.scopes);
    const endpointScopes = storedEndpoints(input.endpointScopes);
    await updateCollaboratorScopes(tx, { appRef: app.id, userId: target.userId, scopes, endpointScopes });
    audit({
      action: "collaborator.scopes_changed",
      targetType: "user",
      targetId: target.userId,
      before: { scopes: target.scopes, endpointScopes: target.endpointScopes ?? "all" },
      after: { scopes, endpointScopes: endpointScopes ?? "all" },
    });
    await syncCollaborationToken(context, { userId: target.userId, app }, { scopes, endpointScopes });
    return ok({ scopes, endpointScopes });
  },
});

/**
 * Removes a collaborator, or — when the handle is the actor's own — leaves the app. Access ends on
 * the next request, for their sessions and tokens alike: grants are read per request, and the
 * collaboration's own token is revoked with it.
 */
export const removeCollaborator = defineAppOperation({
  name: "collaborators.remove",
  input: z.object(someone).refine(namesSomeone, NAMES_SOMEONE),
  authorize: ({ grants }) => evaluateAppAccess(grants),
  async run(context, input) {
    const { tx, tenant, principal, audit } = context;
    const { app } = tenant;
    const target = await lockNamedCollaborator(tx, app.id, input);
    const leaving = target?.userId === principal.userId;
    if (leaving) {
      const may = evaluateLeaveApp(context.authority.grants);
      if (!may.allowed) return deniedFailure(may, "app");
    } else {
      const { grants } = context.authority;
      const may = evaluateCollaboratorManagement(grants, "remove");
      if (!may.allowed) return deniedFailure(may, "app");
      if (!target) return fail("not_found", NOT_A_COLLABORATOR);
      const decision = mayManageCollaborator(grants, { ...stored(target), isAppOwner: app.ownerUserId === target.userId }, { action: "remove" }, actingCredential(principal));
      if (!decision.allowed) return deniedFailure(decision, "app");
    }
    if (!target) return fail("not_found", NOT_A_COLLABORATOR);
    await deleteCollaborator(tx, { appRef: app.id, userId: target.userId });
    audit({ action: leaving ? "collaborator.left" : "collaborator.removed", targetType: "user", targetId: target.userId, before: { scopes: target.scopes, endpointScopes: target.endpointScopes ?? "all" } });
    await revokeCollaborationToken(context, { userId: target.userId, app });
    return ok({ userId: target.userId });
  },
  // Leaving moves the app out of the actor's reach: its pages would answer 404.
  revalidate: () => [{ path: "/", type: "layout" }],
});

/** "Why can't X do Y?" on this app (see lib/services/explain.ts for who may ask about whom). */
export const explainAccess = defineAppOperation({
  name: "access.explain",
  input: explainQuestionInput,
  authorize: ({ grants }) => evaluateAppAccess(grants),
  readOnly: true,
  run: ({ tx, principal, tenant }, input) => explainEndpointAccess(tx, { userId: principal.userId }, { ...input, ownerHandle: tenant.app.ownerHandle, appId: tenant.app.appId }),
});

// ─── Accepting an invitation (the invitee's own account) ────────────────────────────────────

/**
 * Why the inviter can no longer grant what the invitation offers, read inside the accepting
 * transaction under locks; null when they still can. Authority counts when the grant takes effect.
 */
async function inviterNoLongerGrants(tx: Transaction, invitation: CollaboratorInvitationRow): Promise<string | null> {
  const inviter = invitation.invitedBy ? await lockedAppAccess(tx, invitation.invitedBy, invitation.appId) : null;
  if (!inviter) return "The person who invited you no longer has access to this app.";
  const decision = mayAdd(inviter.grants, stored(invitation));
  if (decision.allowed) return null;
  return decision.deniedBy === "capability_not_granted"
    ? "The person who invited you may no longer add collaborators to this app."
    : `The person who invited you no longer holds what the invitation offers (${decision.message}).`;
}

export type AcceptedCollaboration = { appId: string; ownerHandle: string; appName: string } | { voided: string };

/**
 * Accepts a collaboration invitation through its emailed link: the signed-in account's email must
 * be the invited one (holding the link proves control of it, so the address counts as verified
 * from now on), the invitation pending and unexpired, and — checked in the same transaction — the
 * inviter must still be able to grant it. If not, the invitation is void, says why, and the void
 * state is kept (the outcome is `{ voided }`; the action reports it as a conflict).
 */
export const acceptCollaboratorInvitation = defineAccountOperation({
  name: "collaborators.accept_invitation",
  input: z.object({ token: z.string().min(1, "This invitation link is not valid.").max(200, "This invitation link is not valid.") }),
  conflicts: { collaborators_app_user_unique: fail("conflict", "You are already a collaborator on this app.") },
  async run(context, input): Promise<Result<AcceptedCollaboration>> {
    const { tx, principal, audit } = context;
    const invitation = await lockInvitationByTokenHash(tx, { tokenHash: sha256Hex(input.token) });
    if (!invitation) return fail("not_found", "This invitation link is not valid.");
    const user = await findUser(tx, { userId: principal.userId });
    if (!user || user.email !== invitation.email) return fail("forbidden", "This invitation was sent to a different email address. Sign in with that address to accept it.");
    if (invitation.status === "void") return fail("conflict", `This invitation is void. ${invitation.voidReason ?? ""}`.trim());
    if (invitation.status !== "pending") return fail("conflict", `This invitation was already ${invitation.status}.`);
    if (invitation.expiresAt.getTime() <= Date.now()) return fail("conflict", "This invitation has expired. Ask for a new one.");
    if (user.emailVerifiedAt === null) {
      await verifyCurrentEmail(tx, { userId: user.id, now: new Date() });
      audit({ action: "user.email_verified", targetType: "user", targetId: user.id, after: { email: user.email, via: "collaboration_invitation" } });
    }
    const reason = await inviterNoLongerGrants(tx, invitation);
    if (reason) {
      await respondToInvitation(tx, { appRef: invitation.appId, invitationId: invitation.id, status: "void", voidReason: reason, at: new Date() });
      audit({ appId: invitation.appId, action: "collaborator_invitation.voided", targetType: "invitation", targetId: invitation.id, before: { status: "pending" }, after: { status: "void", reason } });
      return ok({ voided: reason });
    }
    await respondToInvitation(tx, { appRef: invitation.appId, invitationId: invitation.id, status: "accepted", at: new Date() });
    const exists = await appExists(tx, { appRef: invitation.appId });
    const access = exists ? await resolveAppByIdForUser(tx, invitation.invitedBy!, invitation.appId) : null;
    if (!access) return fail("not_found", "This app no longer exists.");
    await grantCollaboration(context, access.app, { userId: user.id, email: user.email }, invitation, { invitationId: invitation.id, addedBy: invitation.invitedBy });
    return ok({ appId: access.app.appId, ownerHandle: access.app.ownerHandle, appName: access.app.name });
  },
});
