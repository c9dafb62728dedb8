import { and, asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { apps, collaboratorInvitations, collaborators, organizations, users } from "@/db/schema";
import {
  evaluateCollaboratorManagement,
  mayGrantScopes,
  mayManageCollaborator,
  parseScopes,
  scopeNames,
  type Decision,
  type ScopeSet,
} from "@/lib/authz";
import { appUrl, invitationTtlMs } from "@/lib/config";
import { newId } from "@/lib/ids";
import { enqueueEmail } from "@/lib/mail/outbox";
import { fail, ok, type Failure, type Result } from "@/lib/result";
import { randomSecret, sha256Hex } from "@/lib/secrets";
import { emailSchema, handleKey } from "@/lib/validation/common";
import { invalidInput } from "@/lib/validation/form";
import { endpointScopesField, operationScopesField } from "@/lib/validation/scopes";
import { lockedAppAccess, resolveAppByIdForUser, resolveAppForUser, type AppAccess } from "./access";
import { escapeHtml } from "./accounts";
import { recordAudit } from "./audit";
import { createCollaborationToken, revokeCollaborationToken, syncCollaborationToken } from "./collaboration-tokens";
import { notify } from "./notifications";
import { isUniqueViolation, runInTransaction } from "./transaction";

// App collaborators: adding, changing, removing and leaving, with the no-escalation rules of
// lib/authz (grant only what you hold; manage only collaborators whose scopes you cover).

const appRef = { ownerHandle: z.string().min(1).max(64), appId: z.string().min(1).max(64) };

export const addCollaboratorInput = z.object({ ...appRef, email: emailSchema, scopes: operationScopesField, endpointScopes: endpointScopesField });
// Collaborators are named by their user handle, as in the URLs and the API.
export const changeCollaboratorInput = z.object({ ...appRef, user: z.string().min(1).max(64), scopes: operationScopesField, endpointScopes: endpointScopesField });
export const removeCollaboratorInput = z.object({ ...appRef, user: z.string().min(1).max(64) });

const NOT_FOUND = "App not found.";

function denied(decision: Decision, field = "scopes"): Failure {
  if (decision.allowed) throw new Error("denied() called with an allowed decision");
  return fail("forbidden", decision.message, decision.missing.length ? { [field]: [decision.message] } : undefined, { deniedBy: decision.deniedBy, missing: decision.missing });
}

function storedEndpoints(value: "all" | string[]): string[] | null {
  return value === "all" ? null : value;
}

/**
 * Resolves the app for the actor and reads their grants inside the transaction, after locking the
 * app and the rows their access rests on: a demotion committed first is seen.
 */
async function lockedAccess(tx: DbOrTx, actorId: string, ref: { ownerHandle: string; appId: string }): Promise<AppAccess | null> {
  const found = await resolveAppForUser(tx, actorId, ref.ownerHandle, ref.appId);
  return found ? lockedAppAccess(tx, actorId, found.app.id) : null;
}

/** Checks the actor may add a collaborator with exactly this grant here; the access on success. */
function authorizeNewCollaboration(access: AppAccess, requested: Grant): Failure | null {
  const may = evaluateCollaboratorManagement(access.grants, "add");
  if (!may.allowed) return denied(may, "_form");
  const grantable = mayGrantScopes(access.grants, requested.scopes, undefined, requested.endpoints);
  return grantable.allowed ? null : denied(grantable, grantable.deniedBy === "endpoint_not_in_grant" ? "endpointScopes" : "scopes");
}

type Grant = { scopes: ScopeSet; endpoints: "all" | string[] };

function requestedGrant(input: { scopes: string[]; endpointScopes: "all" | string[] }): Grant {
  return { scopes: parseScopes(input.scopes).scopes, endpoints: input.endpointScopes };
}

function storedGrant(row: { scopes: string[]; endpointScopes: string[] | null }): Grant {
  return { scopes: parseScopes(row.scopes).scopes, endpoints: row.endpointScopes ?? "all" };
}

export type AddCollaboratorOutcome =
  | { status: "added"; userId: string; name: string; email: string }
  | { status: "invited"; email: string; message: string };

/** What the dialog tells whoever added an address whose account has not verified it. */
export const INVITED_UNTIL_VERIFIED = "Invitation sent. It takes effect when they accept it from that address.";
const ALREADY_COLLABORATOR = "This person is already a collaborator on this app.";
const NO_ACCOUNT = "No account uses this email. You can send an invitation to sign up instead.";

/**
 * Adds the account using this email as a collaborator. An email with no account is answered with
 * `not_found` and `details.canInvite`, so the dialog can offer a sign-up invitation instead. An
 * account that has not verified its address gets nothing yet: whoever registered it may not own
 * the address, so the grant waits as an invitation mailed to it (status "invited") and the account
 * is told nothing about the app.
 */
export async function addCollaborator(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<AddCollaboratorOutcome>> {
  const parsed = addCollaboratorInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  const requested = requestedGrant(input);
  try {
    return await runInTransaction<AddCollaboratorOutcome>(db, async (tx) => {
      const access = await lockedAccess(tx, actor.userId, input);
      if (!access) return fail("not_found", NOT_FOUND);
      const refused = authorizeNewCollaboration(access, requested);
      if (refused) return refused;
      const [invitee] = await tx.select({ id: users.id, name: users.name, email: users.email, emailVerifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.email, input.email));
      if (!invitee) return fail("not_found", "Please correct the highlighted fields.", { email: [NO_ACCOUNT] }, { canInvite: true });
      if (access.app.ownerUserId === invitee.id) return fail("conflict", "Please correct the highlighted fields.", { email: ["This person owns the app and already has full access."] });
      const [already] = await tx.select({ id: collaborators.id }).from(collaborators).where(and(eq(collaborators.appId, access.app.id), eq(collaborators.userId, invitee.id)));
      if (already) return fail("conflict", "Please correct the highlighted fields.", { email: [ALREADY_COLLABORATOR] });
      const scopes = scopeNames(requested.scopes);
      const endpointScopes = storedEndpoints(input.endpointScopes);
      if (invitee.emailVerifiedAt === null) {
        await createCollaboratorInvitation(tx, actor, access, { email: invitee.email, scopes, endpointScopes }, context);
        return ok({ status: "invited" as const, email: invitee.email, message: INVITED_UNTIL_VERIFIED });
      }
      await grantCollaboration(tx, access.app, { userId: invitee.id, email: invitee.email }, { scopes, endpointScopes }, { actorUserId: actor.userId, ip: context.ip ?? null });
      return ok({ status: "added" as const, userId: invitee.id, name: invitee.name, email: invitee.email });
    });
  } catch (error) {
    if (isUniqueViolation(error, "collaborators_app_user_unique")) return fail("conflict", "Please correct the highlighted fields.", { email: [ALREADY_COLLABORATOR] });
    throw error;
  }
}

type CollaborationGrant = { scopes: string[]; endpointScopes: string[] | null };
type AppSummary = AppAccess["app"];

/** Writes a collaboration with its token, audit event, notification and mail (the caller has authorized it). */
async function grantCollaboration(
  tx: DbOrTx,
  app: AppSummary,
  invitee: { userId: string; email: string },
  grant: CollaborationGrant,
  context: { actorUserId: string; ip: string | null; viaInvitation?: string; addedBy?: string | null },
): Promise<void> {
  await tx.insert(collaborators).values({ id: newId("col"), appId: app.id, userId: invitee.userId, scopes: grant.scopes, endpointScopes: grant.endpointScopes, addedBy: context.addedBy === undefined ? context.actorUserId : context.addedBy });
  await recordAudit(tx, {
    actorUserId: context.actorUserId,
    orgId: app.ownerOrgId,
    appId: app.id,
    action: "collaborator.added",
    targetType: "user",
    targetId: invitee.userId,
    after: { scopes: grant.scopes, endpointScopes: grant.endpointScopes ?? "all", ...(context.viaInvitation ? { viaInvitation: context.viaInvitation } : {}) },
    ip: context.ip,
  });
  const path = `${app.ownerHandle}/${app.appId}`;
  await notify(tx, invitee.userId, {
    kind: "collaborator.added",
    title: `You can now collaborate on ${app.name}`,
    body: `${path} is in your shared apps. Its access token is in Security & access tokens.`,
    data: { appId: app.id },
  });
  await createCollaborationToken(tx, { userId: invitee.userId, app }, grant, { actorUserId: context.actorUserId, ip: context.ip });
  if (context.viaInvitation) return; // they accepted in the console: no mail needed
  const link = `${appUrl()}/${encodeURIComponent(app.ownerHandle)}/${encodeURIComponent(app.appId)}`;
  const tokens = `${appUrl()}/settings/security`;
  await enqueueEmail(tx, {
    to: invitee.email,
    subject: `You were added as a collaborator on ${app.name}`,
    text: `You can now work on ${path}:\n\n${link}\n\nYour scopes: ${grant.scopes.join(", ")}.\n\nAn access token for this app, with these scopes, is waiting in your security settings; reveal it there when you need it:\n\n${tokens}\n`,
    html: `<p>You can now work on <a href="${link}">${escapeHtml(path)}</a>.</p><p>Your scopes: ${escapeHtml(grant.scopes.join(", "))}.</p><p>An access token for this app, with these scopes, is waiting in your <a href="${tokens}">security settings</a>; reveal it there when you need it.</p>`,
  });
}

async function currentCollaborator(db: DbOrTx, appId: string, userHandle: string) {
  const [row] = await db
    .select({ collaborator: collaborators })
    .from(collaborators)
    .innerJoin(users, eq(users.id, collaborators.userId))
    .where(and(eq(collaborators.appId, appId), eq(users.handleKey, handleKey(userHandle))))
    .for("update");
  return row?.collaborator ?? null;
}

/** Changes a collaborator's scopes and endpoints: the actor must cover both the old and the new grant. Their token follows. */
export async function changeCollaborator(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<{ scopes: string[] }>> {
  const parsed = changeCollaboratorInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  const requested = requestedGrant(input);
  return runInTransaction(db, async (tx) => {
    const access = await lockedAccess(tx, actor.userId, input);
    if (!access) return fail("not_found", NOT_FOUND);
    const may = evaluateCollaboratorManagement(access.grants, "change");
    if (!may.allowed) return denied(may, "_form");
    const target = await currentCollaborator(tx, access.app.id, input.user);
    if (!target) return fail("not_found", "This person is not a collaborator on this app.");
    const current = storedGrant(target);
    const decision = mayManageCollaborator(
      access.grants,
      { scopes: current.scopes, endpoints: current.endpoints, isAppOwner: access.app.ownerUserId === target.userId },
      { action: "change", scopes: requested.scopes, endpoints: requested.endpoints },
    );
    if (!decision.allowed) return denied(decision, decision.deniedBy === "endpoint_not_in_grant" ? "endpointScopes" : "scopes");
    const scopes = scopeNames(requested.scopes);
    const endpointScopes = storedEndpoints(input.endpointScopes);
    await tx.update(collaborators).set({ scopes, endpointScopes }).where(and(eq(collaborators.appId, access.app.id), eq(collaborators.userId, target.userId)));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      orgId: access.app.ownerOrgId,
      appId: access.app.id,
      action: "collaborator.scopes_changed",
      targetType: "user",
      targetId: target.userId,
      before: { scopes: target.scopes, endpointScopes: target.endpointScopes ?? "all" },
      after: { scopes, endpointScopes: endpointScopes ?? "all" },
      ip: context.ip ?? null,
    });
    await syncCollaborationToken(tx, { userId: target.userId, app: access.app }, { scopes, endpointScopes }, { actorUserId: actor.userId, ip: context.ip ?? null });
    return ok({ scopes });
  });
}

/**
 * Removes a collaborator (or, when the actor removes themself, leaves the app). Access ends on
 * the next request, for their sessions and tokens alike: grants are read per request, and the
 * collaboration's own token is revoked with it.
 */
export async function removeCollaborator(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<{ userId: string }>> {
  const parsed = removeCollaboratorInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  return runInTransaction(db, async (tx) => {
    const access = await lockedAccess(tx, actor.userId, input);
    if (!access) return fail("not_found", NOT_FOUND);
    const target = await currentCollaborator(tx, access.app.id, input.user);
    const leaving = target?.userId === actor.userId;
    if (!leaving) {
      const may = evaluateCollaboratorManagement(access.grants, "remove");
      if (!may.allowed) return denied(may, "_form");
    }
    if (!target) return fail("not_found", "This person is not a collaborator on this app.");
    if (!leaving) {
      const current = storedGrant(target);
      const decision = mayManageCollaborator(access.grants, { scopes: current.scopes, endpoints: current.endpoints, isAppOwner: access.app.ownerUserId === target.userId }, { action: "remove" });
      if (!decision.allowed) return denied(decision, "_form");
    }
    await tx.delete(collaborators).where(and(eq(collaborators.appId, access.app.id), eq(collaborators.userId, target.userId)));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      orgId: access.app.ownerOrgId,
      appId: access.app.id,
      action: leaving ? "collaborator.left" : "collaborator.removed",
      targetType: "user",
      targetId: target.userId,
      before: { scopes: target.scopes, endpointScopes: target.endpointScopes ?? "all" },
      ip: context.ip ?? null,
    });
    await revokeCollaborationToken(tx, { userId: target.userId, app: access.app }, { actorUserId: actor.userId, ip: context.ip ?? null });
    return ok({ userId: target.userId });
  });
}

// ─── Invitations: to emails with no account, or whose account has not verified them ────────

/** Records a pending invitation (replacing an earlier one) and queues its mail; the caller has authorized it. */
async function createCollaboratorInvitation(
  tx: DbOrTx,
  actor: { userId: string },
  access: AppAccess,
  grant: { email: string } & CollaborationGrant,
  context: { ip?: string | null },
): Promise<void> {
  const token = randomSecret();
  await tx
    .update(collaboratorInvitations)
    .set({ status: "rescinded", respondedAt: new Date() })
    .where(and(eq(collaboratorInvitations.appId, access.app.id), eq(collaboratorInvitations.email, grant.email), eq(collaboratorInvitations.status, "pending")));
  const id = newId("inv");
  await tx.insert(collaboratorInvitations).values({
    id,
    appId: access.app.id,
    email: grant.email,
    scopes: grant.scopes,
    endpointScopes: grant.endpointScopes,
    invitedBy: actor.userId,
    tokenHash: sha256Hex(token),
    expiresAt: new Date(Date.now() + invitationTtlMs()),
  });
  await recordAudit(tx, {
    actorUserId: actor.userId,
    orgId: access.app.ownerOrgId,
    appId: access.app.id,
    action: "collaborator.invited",
    targetType: "email",
    targetId: grant.email,
    after: { scopes: grant.scopes, endpointScopes: grant.endpointScopes ?? "all" },
    ip: context.ip ?? null,
  });
  const path = `${access.app.ownerHandle}/${access.app.appId}`;
  const link = `${appUrl()}/collaborate/${encodeURIComponent(token)}`;
  await enqueueEmail(tx, {
    to: grant.email,
    subject: `You are invited to collaborate on ${access.app.name}`,
    text: `You are invited to collaborate on ${path}.\n\nSign in (or sign up) with this email address, then open this link to accept:\n\n${link}\n`,
    html: `<p>You are invited to collaborate on ${escapeHtml(path)}.</p><p>Sign in (or sign up) with this email address, then <a href="${link}">accept the invitation</a>.</p>`,
  });
}

/** Sends an invitation that becomes a collaboration when accepted from that address. */
export async function inviteCollaboratorByEmail(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<{ email: string }>> {
  const parsed = addCollaboratorInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  const requested = requestedGrant(input);
  return runInTransaction(db, async (tx) => {
    const access = await lockedAccess(tx, actor.userId, input);
    if (!access) return fail("not_found", NOT_FOUND);
    const refused = authorizeNewCollaboration(access, requested);
    if (refused) return refused;
    const [existing] = await tx.select({ id: users.id, emailVerifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.email, input.email));
    if (existing?.emailVerifiedAt) return fail("conflict", "Please correct the highlighted fields.", { email: ["This email already has an account: add them directly."] });
    await createCollaboratorInvitation(tx, actor, access, { email: input.email, scopes: scopeNames(requested.scopes), endpointScopes: storedEndpoints(input.endpointScopes) }, context);
    return ok({ email: input.email });
  });
}

export type CollaboratorInvitationView = { appName: string; appPath: string; email: string; scopes: string[]; status: string; voidReason: string | null; expired: boolean };

async function invitationByToken(db: DbOrTx, token: string, lock = false) {
  if (!token || token.length > 200) return null;
  const query = db.select().from(collaboratorInvitations).where(eq(collaboratorInvitations.tokenHash, sha256Hex(token)));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

/**
 * Why the inviter can no longer grant what the invitation offers, read inside the accepting
 * transaction under locks; null when they still can. Authority counts when the grant takes effect.
 */
async function inviterNoLongerGrants(tx: DbOrTx, invitation: typeof collaboratorInvitations.$inferSelect): Promise<string | null> {
  const inviterAccess = invitation.invitedBy ? await lockedAppAccess(tx, invitation.invitedBy, invitation.appId) : null;
  if (!inviterAccess) return "The person who invited you no longer has access to this app.";
  if (!evaluateCollaboratorManagement(inviterAccess.grants, "add").allowed) return "The person who invited you may no longer add collaborators to this app.";
  const grant = storedGrant(invitation);
  const decision = mayGrantScopes(inviterAccess.grants, grant.scopes, undefined, grant.endpoints);
  if (!decision.allowed) return `The person who invited you no longer holds what the invitation offers (${decision.message}).`;
  return null;
}

export type AcceptedCollaboration = { appId: string; ownerHandle: string; appName: string };

/**
 * Accepts a collaboration invitation through its emailed link: the signed-in account's email must
 * be the invited one (holding the link proves control of it, so the address counts as verified
 * from now on), the invitation pending and unexpired, and — checked in the same transaction — the
 * inviter must still be able to grant it. If not, the invitation is void and says why.
 */
export async function acceptCollaboratorInvitation(db: Database, actor: { userId: string }, token: string, context: { ip?: string | null } = {}): Promise<Result<AcceptedCollaboration>> {
  const ip = context.ip ?? null;
  let outcome: Result<AcceptedCollaboration | { voided: string }>;
  try {
    outcome = await runInTransaction<AcceptedCollaboration | { voided: string }>(db, async (tx) => {
      const invitation = await invitationByToken(tx, token, true);
      if (!invitation) return fail("not_found", "This invitation link is not valid.");
      const [user] = await tx.select({ id: users.id, email: users.email, emailVerifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, actor.userId));
      if (!user || user.email !== invitation.email) return fail("forbidden", "This invitation was sent to a different email address. Sign in with that address to accept it.");
      if (invitation.status === "void") return fail("conflict", `This invitation is void. ${invitation.voidReason ?? ""}`.trim());
      if (invitation.status !== "pending") return fail("conflict", `This invitation was already ${invitation.status}.`);
      if (invitation.expiresAt.getTime() <= Date.now()) return fail("conflict", "This invitation has expired. Ask for a new one.");
      if (user.emailVerifiedAt === null) {
        await tx.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
        await recordAudit(tx, { actorUserId: user.id, action: "user.email_verified", targetType: "user", targetId: user.id, after: { email: user.email, via: "collaboration_invitation" }, ip });
      }
      const reason = await inviterNoLongerGrants(tx, invitation);
      if (reason) {
        await tx.update(collaboratorInvitations).set({ status: "void", voidReason: reason, respondedAt: new Date() }).where(eq(collaboratorInvitations.id, invitation.id));
        await recordAudit(tx, { actorUserId: user.id, appId: invitation.appId, action: "collaborator_invitation.voided", targetType: "invitation", targetId: invitation.id, before: { status: "pending" }, after: { status: "void", reason }, ip });
        return ok({ voided: reason });
      }
      await tx.update(collaboratorInvitations).set({ status: "accepted", respondedAt: new Date() }).where(eq(collaboratorInvitations.id, invitation.id));
      const [app] = await tx.select({ id: apps.id }).from(apps).where(eq(apps.id, invitation.appId));
      const access = app ? await resolveAppByIdForUser(tx, invitation.invitedBy!, app.id) : null;
      if (!access) return fail("not_found", "This app no longer exists.");
      await grantCollaboration(tx, access.app, { userId: user.id, email: user.email }, { scopes: invitation.scopes, endpointScopes: invitation.endpointScopes }, { actorUserId: user.id, ip, viaInvitation: invitation.id, addedBy: invitation.invitedBy });
      return ok({ appId: access.app.appId, ownerHandle: access.app.ownerHandle, appName: access.app.name });
    });
  } catch (error) {
    if (isUniqueViolation(error, "collaborators_app_user_unique")) return fail("conflict", "You are already a collaborator on this app.");
    throw error;
  }
  if (!outcome.ok) return outcome;
  if ("voided" in outcome.data) return fail("conflict", `This invitation is void. ${outcome.data.voided} Ask for a new invitation.`, undefined, { status: "void" });
  return ok(outcome.data);
}

export async function describeCollaboratorInvitation(db: DbOrTx, token: string): Promise<CollaboratorInvitationView | null> {
  const invitation = await invitationByToken(db, token);
  if (!invitation) return null;
  const [app] = await db
    .select({ name: apps.name, appId: apps.appId, userHandle: users.handle, orgHandle: organizations.handle })
    .from(apps)
    .leftJoin(users, eq(users.id, apps.ownerUserId))
    .leftJoin(organizations, eq(organizations.id, apps.ownerOrgId))
    .where(eq(apps.id, invitation.appId));
  if (!app) return null;
  return {
    appName: app.name,
    appPath: `/${app.userHandle ?? app.orgHandle}/${app.appId}`,
    email: invitation.email,
    scopes: invitation.scopes,
    status: invitation.status,
    voidReason: invitation.voidReason,
    expired: invitation.expiresAt.getTime() <= Date.now(),
  };
}

export type CollaboratorListing = {
  rows: {
    userId: string;
    name: string;
    handle: string;
    email: string;
    scopes: ReturnType<typeof scopeNames>;
    endpointScopes: string[] | null;
    addedBy: string | null;
    createdAt: string;
    mayChange: boolean;
    mayRemove: boolean;
  }[];
  mayAdd: boolean;
  /** What the viewer may grant here (the picker disables the rest). */
  grantable: ReturnType<typeof scopeNames>;
};

/** The app's collaborators as the viewer sees them, with what lib/authz lets the viewer do to each. */
export async function listCollaboratorsForViewer(db: DbOrTx, access: AppAccess): Promise<CollaboratorListing> {
  const addedBy = alias(users, "added_by_user");
  const rows = await db
    .select({ collaborator: collaborators, name: users.name, handle: users.handle, email: users.email, addedBy: addedBy.handle })
    .from(collaborators)
    .innerJoin(users, eq(users.id, collaborators.userId))
    .leftJoin(addedBy, eq(addedBy.id, collaborators.addedBy))
    .where(eq(collaborators.appId, access.app.id))
    .orderBy(asc(users.name));
  const may = (action: "change" | "remove") => evaluateCollaboratorManagement(access.grants, action).allowed;
  return {
    mayAdd: evaluateCollaboratorManagement(access.grants, "add").allowed,
    grantable: scopeNames(access.grants.scopes),
    rows: rows.map((row) => {
      const target = { scopes: parseScopes(row.collaborator.scopes).scopes, isAppOwner: access.app.ownerUserId === row.collaborator.userId };
      return {
        userId: row.collaborator.userId,
        name: row.name,
        handle: row.handle,
        email: row.email,
        scopes: scopeNames(target.scopes),
        endpointScopes: row.collaborator.endpointScopes,
        addedBy: row.addedBy,
        createdAt: row.collaborator.createdAt.toISOString(),
        mayChange: may("change") && mayManageCollaborator(access.grants, target, { action: "change", scopes: target.scopes }).allowed,
        mayRemove: may("remove") && mayManageCollaborator(access.grants, target, { action: "remove" }).allowed,
      };
    }),
  };
}
