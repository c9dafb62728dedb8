import { and, asc, eq, gt } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { apps, collaborationTokenOffers, collaboratorInvitations, collaborators, credentials, organizations, users } from "@/db/schema";
import {
  OPERATION_SCOPES,
  evaluateCollaboratorManagement,
  mayGrantScopes,
  mayManageCollaborator,
  parseScopes,
  scopeNames,
  type Decision,
} from "@/lib/authz";
import { appUrl, invitationTtlMs } from "@/lib/config";
import { issueToken } from "@/lib/credentials/token";
import { newId } from "@/lib/ids";
import { enqueueEmail } from "@/lib/mail/outbox";
import { fail, ok, type Failure, type Result } from "@/lib/result";
import { randomSecret, sha256Hex } from "@/lib/secrets";
import { emailSchema, handleKey } from "@/lib/validation/common";
import { invalidInput } from "@/lib/validation/form";
import { endpointScopesField, operationScopesField } from "@/lib/validation/scopes";
import { resolveAppByIdForUser, resolveAppForUser, type AppAccess } from "./access";
import { escapeHtml } from "./accounts";
import { recordAudit } from "./audit";
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

async function loadApp(db: DbOrTx, actorId: string, ref: { ownerHandle: string; appId: string }): Promise<AppAccess | null> {
  return resolveAppForUser(db, actorId, ref.ownerHandle, ref.appId);
}

async function offerTokenIfNone(tx: DbOrTx, userId: string, appId: string): Promise<void> {
  const [existing] = await tx.select({ id: credentials.id }).from(credentials).where(and(eq(credentials.userId, userId), eq(credentials.kind, "pat"))).limit(1);
  if (existing) return;
  await tx.insert(collaborationTokenOffers).values({ userId, appId }).onConflictDoNothing();
}

/** Validates an invitation to collaborate and checks the actor may grant exactly these scopes here. */
async function authorizeNewCollaboration(db: Database, actor: { userId: string }, raw: unknown) {
  const parsed = addCollaboratorInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  const access = await loadApp(db, actor.userId, input);
  if (!access) return fail("not_found", NOT_FOUND);
  const may = evaluateCollaboratorManagement(access.grants, "add");
  if (!may.allowed) return denied(may, "_form");
  const requested = parseScopes(input.scopes).scopes;
  const grantable = mayGrantScopes(access.grants, requested);
  if (!grantable.allowed) return denied(grantable);
  return { input, access, requested };
}

export type AddCollaboratorOutcome = { userId: string; name: string; email: string };

/**
 * Adds a registered user as a collaborator. An email with no account is answered with
 * `not_found` and `details.canInvite`, so the dialog can offer a sign-up invitation instead.
 */
export async function addCollaborator(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<AddCollaboratorOutcome>> {
  const authorized = await authorizeNewCollaboration(db, actor, raw);
  if ("ok" in authorized) return authorized;
  const { input, access, requested } = authorized;

  const [invitee] = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.email, input.email));
  if (!invitee) {
    return fail("not_found", "Please correct the highlighted fields.", { email: ["No account uses this email. You can send an invitation to sign up instead."] }, { canInvite: true });
  }
  if (access.app.ownerUserId === invitee.id) return fail("conflict", "Please correct the highlighted fields.", { email: ["This person owns the app and already has full access."] });

  const scopes = scopeNames(requested);
  const endpointScopes = storedEndpoints(input.endpointScopes);
  try {
    return await runInTransaction(db, async (tx) => {
      await tx.insert(collaborators).values({ id: newId("col"), appId: access.app.id, userId: invitee.id, scopes, endpointScopes, addedBy: actor.userId });
      await recordAudit(tx, {
        actorUserId: actor.userId,
        orgId: access.app.ownerOrgId,
        appId: access.app.id,
        action: "collaborator.added",
        targetType: "user",
        targetId: invitee.id,
        after: { scopes, endpointScopes: endpointScopes ?? "all" },
        ip: context.ip ?? null,
      });
      await notify(tx, invitee.id, {
        kind: "collaborator.added",
        title: `You can now collaborate on ${access.app.name}`,
        body: `${access.app.ownerHandle}/${access.app.appId} is in your shared apps.`,
        data: { appId: access.app.id },
      });
      await offerTokenIfNone(tx, invitee.id, access.app.id);
      const link = `${appUrl()}/${encodeURIComponent(access.app.ownerHandle)}/${encodeURIComponent(access.app.appId)}`;
      await enqueueEmail(tx, {
        to: invitee.email,
        subject: `You were added as a collaborator on ${access.app.name}`,
        text: `You can now work on ${access.app.ownerHandle}/${access.app.appId}:\n\n${link}\n\nYour scopes: ${scopes.join(", ")}.\n`,
        html: `<p>You can now work on <a href="${link}">${escapeHtml(`${access.app.ownerHandle}/${access.app.appId}`)}</a>.</p><p>Your scopes: ${escapeHtml(scopes.join(", "))}.</p>`,
      });
      return ok({ userId: invitee.id, name: invitee.name, email: invitee.email });
    });
  } catch (error) {
    if (isUniqueViolation(error, "collaborators_app_user_unique")) return fail("conflict", "Please correct the highlighted fields.", { email: ["This person is already a collaborator on this app."] });
    throw error;
  }
}

async function currentCollaborator(db: DbOrTx, appId: string, userHandle: string) {
  const [row] = await db
    .select({ collaborator: collaborators })
    .from(collaborators)
    .innerJoin(users, eq(users.id, collaborators.userId))
    .where(and(eq(collaborators.appId, appId), eq(users.handleKey, handleKey(userHandle))));
  return row?.collaborator ?? null;
}

/** Changes a collaborator's scopes: the actor must cover both the old and the new scopes. */
export async function changeCollaborator(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<{ scopes: string[] }>> {
  const parsed = changeCollaboratorInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  const access = await loadApp(db, actor.userId, input);
  if (!access) return fail("not_found", NOT_FOUND);
  const may = evaluateCollaboratorManagement(access.grants, "change");
  if (!may.allowed) return denied(may, "_form");
  const requested = parseScopes(input.scopes).scopes;
  return runInTransaction(db, async (tx) => {
    const target = await currentCollaborator(tx, access.app.id, input.user);
    if (!target) return fail("not_found", "This person is not a collaborator on this app.");
    const decision = mayManageCollaborator(access.grants, { scopes: parseScopes(target.scopes).scopes, isAppOwner: access.app.ownerUserId === target.userId }, { action: "change", scopes: requested });
    if (!decision.allowed) return denied(decision);
    const scopes = scopeNames(requested);
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
    return ok({ scopes });
  });
}

/**
 * Removes a collaborator (or, when the actor removes themself, leaves the app). Access ends on
 * the next request, for their sessions and tokens alike: grants are read per request.
 */
export async function removeCollaborator(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<{ userId: string }>> {
  const parsed = removeCollaboratorInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  const access = await loadApp(db, actor.userId, input);
  if (!access) return fail("not_found", NOT_FOUND);
  return runInTransaction(db, async (tx) => {
    const target = await currentCollaborator(tx, access.app.id, input.user);
    const leaving = target?.userId === actor.userId;
    if (!leaving) {
      const may = evaluateCollaboratorManagement(access.grants, "remove");
      if (!may.allowed) return denied(may, "_form");
    }
    if (!target) return fail("not_found", "This person is not a collaborator on this app.");
    if (!leaving) {
      const decision = mayManageCollaborator(access.grants, { scopes: parseScopes(target.scopes).scopes, isAppOwner: access.app.ownerUserId === target.userId }, { action: "remove" });
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
    return ok({ userId: target.userId });
  });
}

// ─── Sign-up invitations for emails with no account ─────────────────────────────────────────

/** Sends a sign-up invitation that becomes a collaboration when accepted by that address. */
export async function inviteCollaboratorByEmail(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<{ email: string }>> {
  const authorized = await authorizeNewCollaboration(db, actor, raw);
  if ("ok" in authorized) return authorized;
  const { input, access, requested } = authorized;
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
  if (existing) return fail("conflict", "Please correct the highlighted fields.", { email: ["This email already has an account: add them directly."] });
  const token = randomSecret();
  const scopes = scopeNames(requested);
  const endpointScopes = storedEndpoints(input.endpointScopes);
  return runInTransaction(db, async (tx) => {
    // Re-inviting replaces the pending invitation.
    await tx
      .update(collaboratorInvitations)
      .set({ status: "rescinded", respondedAt: new Date() })
      .where(and(eq(collaboratorInvitations.appId, access.app.id), eq(collaboratorInvitations.email, input.email), eq(collaboratorInvitations.status, "pending")));
    const id = newId("inv");
    await tx.insert(collaboratorInvitations).values({
      id,
      appId: access.app.id,
      email: input.email,
      scopes,
      endpointScopes,
      invitedBy: actor.userId,
      tokenHash: sha256Hex(token),
      expiresAt: new Date(Date.now() + invitationTtlMs()),
    });
    await recordAudit(tx, { actorUserId: actor.userId, orgId: access.app.ownerOrgId, appId: access.app.id, action: "collaborator.invited", targetType: "email", targetId: input.email, after: { scopes, endpointScopes: endpointScopes ?? "all" }, ip: context.ip ?? null });
    const link = `${appUrl()}/collaborate/${encodeURIComponent(token)}`;
    await enqueueEmail(tx, {
      to: input.email,
      subject: `You are invited to collaborate on ${access.app.name}`,
      text: `You are invited to collaborate on ${access.app.ownerHandle}/${access.app.appId}.\n\nSign up with this email address, then open this link to accept:\n\n${link}\n`,
      html: `<p>You are invited to collaborate on ${escapeHtml(`${access.app.ownerHandle}/${access.app.appId}`)}.</p><p>Sign up with this email address, then <a href="${link}">accept the invitation</a>.</p>`,
    });
    return ok({ email: input.email });
  });
}

export type CollaboratorInvitationView = { appName: string; appPath: string; email: string; scopes: string[]; status: string; expired: boolean };

async function invitationByToken(db: DbOrTx, token: string) {
  if (!token || token.length > 200) return null;
  const [row] = await db.select().from(collaboratorInvitations).where(eq(collaboratorInvitations.tokenHash, sha256Hex(token)));
  return row ?? null;
}

/**
 * Accepts a collaboration invitation: the signed-in user's email must be the invited one, the
 * invitation pending and unexpired, and the inviter must still hold the scopes.
 */
export async function acceptCollaboratorInvitation(db: Database, actor: { userId: string }, token: string, context: { ip?: string | null } = {}): Promise<Result<{ appId: string }>> {
  const invitation = await invitationByToken(db, token);
  if (!invitation) return fail("not_found", "This invitation link is not valid.");
  const [user] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, actor.userId));
  if (!user || user.email !== invitation.email) return fail("forbidden", "This invitation was sent to a different email address. Sign in with that address to accept it.");
  if (invitation.status !== "pending") return fail("conflict", `This invitation was already ${invitation.status}.`);
  if (invitation.expiresAt.getTime() <= Date.now()) return fail("conflict", "This invitation has expired. Ask for a new one.");
  const inviterAccess = invitation.invitedBy ? await resolveAppByIdForUser(db, invitation.invitedBy, invitation.appId) : null;
  if (!inviterAccess) return fail("conflict", "The person who invited you can no longer share this app.");
  const requested = parseScopes(invitation.scopes).scopes;
  const stillGrantable = evaluateCollaboratorManagement(inviterAccess.grants, "add").allowed && mayGrantScopes(inviterAccess.grants, requested).allowed;
  if (!stillGrantable) return fail("conflict", "The person who invited you no longer holds these scopes on the app. Ask them for a new invitation.");
  try {
    return await runInTransaction(db, async (tx) => {
      const [claimed] = await tx
        .update(collaboratorInvitations)
        .set({ status: "accepted", respondedAt: new Date() })
        .where(and(eq(collaboratorInvitations.id, invitation.id), eq(collaboratorInvitations.status, "pending"), gt(collaboratorInvitations.expiresAt, new Date())))
        .returning({ id: collaboratorInvitations.id });
      if (!claimed) return fail("conflict", "This invitation was already used.");
      await tx.insert(collaborators).values({ id: newId("col"), appId: invitation.appId, userId: user.id, scopes: invitation.scopes, endpointScopes: invitation.endpointScopes, addedBy: invitation.invitedBy });
      await recordAudit(tx, {
        actorUserId: user.id,
        appId: invitation.appId,
        orgId: inviterAccess.app.ownerOrgId,
        action: "collaborator.added",
        targetType: "user",
        targetId: user.id,
        after: { scopes: invitation.scopes, endpointScopes: invitation.endpointScopes ?? "all", viaInvitation: invitation.id },
        ip: context.ip ?? null,
      });
      await offerTokenIfNone(tx, user.id, invitation.appId);
      return ok({ appId: invitation.appId });
    });
  } catch (error) {
    if (isUniqueViolation(error, "collaborators_app_user_unique")) return fail("conflict", "You are already a collaborator on this app.");
    throw error;
  }
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
    expired: invitation.expiresAt.getTime() <= Date.now(),
  };
}

// ─── The collaborator's personal access token ───────────────────────────────────────────────

export async function pendingTokenOffer(db: DbOrTx, userId: string): Promise<{ appId: string; appName: string } | null> {
  const [offer] = await db
    .select({ appId: collaborationTokenOffers.appId, appName: apps.name })
    .from(collaborationTokenOffers)
    .innerJoin(apps, eq(apps.id, collaborationTokenOffers.appId))
    .where(eq(collaborationTokenOffers.userId, userId));
  return offer ?? null;
}

/**
 * Generates the offered token and returns its secret, once: the offer row is consumed in the same
 * transaction. Its scopes are every operation scope; each call is still capped by the owner's
 * grants on the app (grants ∩ token).
 */
export async function claimTokenOffer(db: Database, actor: { userId: string }, context: { ip?: string | null } = {}): Promise<Result<{ secret: string; name: string }>> {
  return runInTransaction(db, async (tx) => {
    const [offer] = await tx.delete(collaborationTokenOffers).where(eq(collaborationTokenOffers.userId, actor.userId)).returning();
    if (!offer) return fail("not_found", "There is no token waiting for you.");
    const token = issueToken("pat");
    const id = newId("key");
    const name = "Collaboration token";
    await tx.insert(credentials).values({ id, kind: "pat", userId: actor.userId, name, secretHash: token.hash, hint: token.hint, scopes: [...OPERATION_SCOPES], endpointScopes: null });
    await recordAudit(tx, { actorUserId: actor.userId, appId: offer.appId, action: "credential.created", targetType: "personal_access_token", targetId: id, after: { name, scopes: "all", endpointScopes: "all", reason: "collaboration" }, ip: context.ip ?? null });
    return ok({ secret: token.secret, name });
  });
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
