// Invitations to join an organization: sending (one role, several addresses), re-sending,
// withdrawing, listing the pending ones, and answering. The emailed token is shown once (in the
// mail) and only its SHA-256 is stored; state changes are conditional on `status = 'pending'`, so a
// link works once even when opened twice at the same moment. Authority counts when the grant takes
// effect: accepting re-checks, in the same transaction, that the sender may still give the role.

import { z } from "zod";
import type { Transaction } from "@/db/client";
import { findUser, verifyCurrentEmail } from "@/db/queries/accounts";
import * as queries from "@/db/queries/invitations";
import { existingTeamIds, insertMembership, memberEmailsAmong, roleInOrganizationForShare } from "@/db/queries/members";
import { deleteInvitationNotifications, markInvitationNotificationsAnswered } from "@/db/queries/notifications";
import { getOrganizationName } from "@/db/queries/organizations";
import { insertTeamMembers, searchTeams } from "@/db/queries/teams";
import { ORG_ROLES, canAssignRole, canGrantTeamSeats, evaluateInvitationAnswer, type OrgRole } from "@/lib/authz";
import { appUrl, invitationTtlMs } from "@/lib/config";
import { newId } from "@/lib/ids";
import { organizationInvitationMail } from "@/lib/mail/templates/invitations";
import { fail, ok, type Result } from "@/lib/result";
import { randomSecret, sha256Hex } from "@/lib/secrets";
import {
  INVALID_LINK,
  MAX_INVITATIONS_PER_REQUEST,
  MAX_INVITATION_TEAMS,
  effectiveStatus,
  invitationPath,
  notPendingMessage,
  notifyInvitee,
  pendingInvitationsOf,
  splitEmailList,
  type InvitationOutcome,
  type InvitedEmail,
} from "@/lib/services/invitations";
import { emailSchema } from "@/lib/validation/common";
import { deniedFailure } from "./failures";
import { defineAccountOperation, defineOrgOperation, type OperationContext, type OrgTenant } from "./operation";

const id = z.string().trim().min(1, "Missing identifier.").max(64, "Identifier is too long.");
const roleSchema = z.enum(ORG_ROLES, { error: `Choose one of the roles: ${ORG_ROLES.join(", ")}.` });

async function names(tx: Transaction, orgId: string, inviterId: string): Promise<{ orgName: string; inviterName: string }> {
  const orgName = await getOrganizationName(tx, { orgId });
  const inviterName = (await findUser(tx, { userId: inviterId }))?.name ?? null;
  return { orgName: orgName ?? "an organization", inviterName: inviterName ?? "An Admin" };
}

/** Tells the invitee (a notification if their address is verified, and the mail with the link). */
async function announce(
  context: Pick<OperationContext<OrgTenant>, "tx" | "mail" | "principal" | "tenant">,
  invitation: { id: string; email: string; role: OrgRole; token: string; expiresAt: Date },
): Promise<boolean> {
  const { orgName, inviterName } = await names(context.tx, context.tenant.orgId, context.principal.userId);
  const registered = await notifyInvitee(context.tx, invitation, { name: orgName }, { name: inviterName });
  const path = invitationPath(invitation.token);
  context.mail(
    organizationInvitationMail({
      email: invitation.email,
      role: invitation.role,
      acceptLink: `${appUrl()}${path}`,
      signUpLink: `${appUrl()}/sign-up?${new URLSearchParams({ email: invitation.email, callbackUrl: path }).toString()}`,
      expiresAt: invitation.expiresAt,
      orgName,
      inviterName,
      registered,
    }),
  );
  return registered;
}

/**
 * A live pending invitation that inviting again with another role would replace, with the question
 * the dialog asks about it before replacing.
 */
export type PendingReplacement = { email: string; role: OrgRole; question: string };

/** What a refused re-invitation carries in `details`, so the dialog can ask before replacing. */
export type ReplacePendingDetails = { pendingInvitations: PendingReplacement[]; role: OrgRole };

/**
 * Invites one or more addresses with one role. Bad entries (malformed, duplicates of members, too
 * many, none) are reported per email and nothing is created: the Admin corrects the list and
 * confirms again. An address with a live pending invitation for another role is not silently
 * given the new role: unless `replacePending` is true, nothing is sent and the answer names those
 * invitations (`details.pendingInvitations`), so the Admin confirms the replacement first.
 */
export const inviteMembers = defineOrgOperation({
  name: "invitations.create",
  // Entries are checked one by one in `run`, so each bad address gets its own message.
  input: z.object({
    emails: z.unknown(),
    role: z.unknown(),
    replacePending: z.unknown().optional(),
    // The teams accepting seats the invitee on (internal team ids of this organization).
    teamIds: z
      .array(id, { error: "Choose teams from the list." })
      .max(MAX_INVITATION_TEAMS, `Choose at most ${MAX_INVITATION_TEAMS} teams.`)
      .transform((ids) => [...new Set(ids)])
      .optional()
      .default([]),
  }),
  lock: "organization",
  authorize: { capability: "members.manage" },
  conflicts: {
    invitations_one_pending_per_email: fail("conflict", "Someone invited one of these addresses at the same time. Reload and check the pending invitations."),
  },
  async run(context, input): Promise<Result<{ invited: InvitedEmail[] }>> {
    const { tx, tenant, principal, authority, audit } = context;
    const fieldErrors: Record<string, string[]> = {};
    const role = roleSchema.safeParse(input.role);
    if (!role.success) fieldErrors.role = [role.error.issues[0]?.message ?? "Choose a role."];
    else {
      const assign = canAssignRole(authority.role, role.data);
      if (!assign.allowed) fieldErrors.role = [assign.message];
    }
    const entries = splitEmailList(input.emails ?? "");
    const emails: string[] = [];
    const emailErrors: string[] = [];
    if (!entries || entries.length === 0) emailErrors.push("Enter at least one email address.");
    else if (entries.length > MAX_INVITATIONS_PER_REQUEST) {
      emailErrors.push(`You entered ${entries.length} addresses; invite at most ${MAX_INVITATIONS_PER_REQUEST} at once.`);
    } else {
      for (const entry of entries) {
        const email = emailSchema.safeParse(entry);
        if (!email.success) emailErrors.push(`${entry.slice(0, 80)}: ${email.error.issues[0]?.message ?? "Enter a valid email address."}`);
        else if (!emails.includes(email.data)) emails.push(email.data);
      }
      if (emails.length > 0) {
        const members = new Set(await memberEmailsAmong(tx, { orgId: tenant.orgId, emails }));
        for (const email of emails) if (members.has(email)) emailErrors.push(`${email}: already a member of this organization.`);
      }
    }
    if (emailErrors.length) fieldErrors.emails = emailErrors;
    if (input.teamIds.length > 0) {
      const seats = canGrantTeamSeats(authority.role);
      if (!seats.allowed) fieldErrors.teamIds = [seats.message];
      else if ((await existingTeamIds(tx, { orgId: tenant.orgId, teamIds: input.teamIds })).length !== input.teamIds.length) {
        fieldErrors.teamIds = ["One of the chosen teams no longer exists in this organization. Choose the teams again."];
      }
    }
    if (Object.keys(fieldErrors).length || !role.success) {
      return fail("invalid_input", "Nothing was sent. Correct the highlighted entries and confirm again.", fieldErrors);
    }

    const now = new Date();
    // Same role: sending again is a resend. An expired invitation no longer offers anything.
    const replacing = (await queries.livePendingInvitationsTo(tx, { orgId: tenant.orgId, emails, now })).filter((pending) => pending.role !== role.data);
    const confirmed = input.replacePending === true || input.replacePending === "true";
    if (replacing.length > 0 && !confirmed) {
      const pendingInvitations = replacing.map(({ email, role: pendingRole }) => ({
        email,
        role: pendingRole,
        question: `${email} already has a pending invitation as ${pendingRole}; replace it with ${role.data}?`,
      }));
      const details: ReplacePendingDetails = { pendingInvitations, role: role.data };
      return fail("conflict", `Nothing was sent. ${pendingInvitations.map((pending) => pending.question).join(" ")}`, undefined, details);
    }
    const expiresAt = new Date(now.getTime() + invitationTtlMs());
    const invited: InvitedEmail[] = [];
    for (const email of emails) {
      const replaced = await queries.rescindPendingInvitationsTo(tx, { orgId: tenant.orgId, email, at: now });
      for (const old of replaced) await deleteInvitationNotifications(tx, { invitationId: old.id });
      const token = randomSecret();
      const invitationId = newId("inv");
      await queries.insertInvitation(tx, { id: invitationId, orgId: tenant.orgId, email, role: role.data, invitedBy: principal.userId, tokenHash: sha256Hex(token), expiresAt, lastSentAt: now });
      await queries.insertInvitationTeams(tx, { orgId: tenant.orgId, invitationId, teamIds: input.teamIds });
      audit({
        action: "invitation.created",
        targetType: "invitation",
        targetId: invitationId,
        before: replaced[0] ? { replacedInvitationId: replaced[0].id, role: replaced[0].role, status: "pending" } : null,
        after: { email, role: role.data, status: "pending", expiresAt: expiresAt.toISOString(), ...(input.teamIds.length ? { teamIds: input.teamIds } : {}) },
      });
      const registered = await announce(context, { id: invitationId, email, role: role.data, token, expiresAt });
      invited.push({ invitationId, email, role: role.data, expiresAt: expiresAt.toISOString(), replacedPending: replaced.length > 0, registered });
    }
    return ok({ invited });
  },
});

/** The organization's pending invitations (those who manage members), newest first, searched by address; expired ones are flagged. */
export const listPendingInvitations = defineOrgOperation({
  name: "invitations.list_pending",
  input: z.object({ query: z.string().trim().max(100).catch("").optional().default("") }),
  authorize: { capability: "members.manage" },
  readOnly: true,
  run: async ({ tx, tenant }, input) => ok(await pendingInvitationsOf(tx, tenant.orgId, new Date(), input.query)),
});

/** Invite Members: the organization's teams to seat the invitees on, by ID or name. */
export const searchTeamsToInvite = defineOrgOperation({
  name: "invitations.search_teams",
  input: z.object({ q: z.string({ error: "Search text is too long." }).max(100, "Search text is too long.").optional().default("") }),
  authorize: { capability: "members.manage" },
  readOnly: true,
  run: async ({ tx, tenant }, { q }) => ok(await searchTeams(tx, { orgId: tenant.orgId, q })),
});

const invitationRef = z.object({ invitationId: id });
const NO_LONGER_PENDING = "This invitation is no longer pending.";

/** Withdraws a pending invitation; its link and notification stop working at once. */
export const rescindInvitation = defineOrgOperation({
  name: "invitations.rescind",
  input: invitationRef,
  authorize: { capability: "members.manage" },
  async run({ tx, tenant, audit }, input) {
    const row = await queries.rescindPendingInvitation(tx, { orgId: tenant.orgId, invitationId: input.invitationId, at: new Date() });
    if (!row) return fail("not_found", NO_LONGER_PENDING);
    await deleteInvitationNotifications(tx, { invitationId: row.id });
    audit({ action: "invitation.rescinded", targetType: "invitation", targetId: row.id, before: { email: row.email, role: row.role, status: "pending" }, after: { status: "rescinded" } });
    return ok({ invitationId: row.id });
  },
});

/** Sends a pending invitation again with a new link (the old link stops working) and a new expiry. */
export const resendInvitation = defineOrgOperation({
  name: "invitations.resend",
  input: invitationRef,
  authorize: { capability: "members.manage" },
  async run(context, input) {
    const { tx, tenant, audit } = context;
    const invitation = { orgId: tenant.orgId, invitationId: input.invitationId };
    const current = await queries.findPendingInvitation(tx, invitation);
    if (!current) return fail("not_found", NO_LONGER_PENDING);
    const token = randomSecret();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + invitationTtlMs());
    const row = await queries.renewPendingInvitation(tx, { ...invitation, tokenHash: sha256Hex(token), expiresAt, sentAt: now });
    if (!row) return fail("not_found", NO_LONGER_PENDING);
    audit({ action: "invitation.resent", targetType: "invitation", targetId: row.id, before: { expiresAt: current.expiresAt.toISOString() }, after: { expiresAt: expiresAt.toISOString() } });
    await deleteInvitationNotifications(tx, { invitationId: row.id });
    await announce(context, { ...row, token, expiresAt });
    return ok({ invitationId: row.id, expiresAt: expiresAt.toISOString() });
  },
});

// ─── Answering (the invitee's own account) ──────────────────────────────────────────────────

/**
 * Why the invitation's sender can no longer give its role, read under a shared lock on their
 * membership inside the accepting transaction; null when they still can.
 */
async function senderCannotAssign(tx: Transaction, invitation: queries.InvitationRow, teamIds: readonly string[]): Promise<string | null> {
  if (!invitation.invitedBy) return "The person who sent it no longer has an account.";
  const senderRole = await roleInOrganizationForShare(tx, { orgId: invitation.orgId, userId: invitation.invitedBy });
  if (!senderRole) return "The person who sent it is no longer a member of the organization.";
  const decision = canAssignRole(senderRole, invitation.role);
  if (!decision.allowed) return `The person who sent it may no longer give the ${invitation.role} role (${decision.message})`;
  if (teamIds.length === 0) return null;
  const seats = canGrantTeamSeats(senderRole);
  return seats.allowed ? null : `The person who sent it may no longer seat members on teams (${seats.message})`;
}

const reference = z.union([z.object({ token: z.string().min(16).max(200) }), z.object({ invitationId: id })], { error: INVALID_LINK });

/** A void invitation is an outcome that is kept (the sender could no longer give the role), not a failure that rolls back. */
export type InvitationAnswerOutcome = InvitationOutcome | { voided: string; orgName: string };

/**
 * Accepts or declines an invitation as the signed-in user. Through the emailed link, holding the
 * link proves control of the address (which then counts as verified); in the console (notification
 * bar, /invitations) the account's address must already be verified. Accepting re-checks the
 * sender's authority in the same transaction; if it is gone, the invitation is void and says why.
 */
function answerInvitation(answer: "accept" | "decline") {
  return defineAccountOperation({
    name: answer === "accept" ? "invitations.accept" : "invitations.decline",
    input: reference,
    async run({ tx, principal, audit }, input): Promise<Result<InvitationAnswerOutcome>> {
      const now = new Date();
      const byToken = "token" in input;
      const user = await findUser(tx, { userId: principal.userId });
      if (!user) return fail("unauthenticated", "Your session has ended. Sign in again to continue.");
      const found = await queries.lockInvitationToAnswer(tx, "token" in input ? { tokenHash: sha256Hex(input.token) } : { invitationId: input.invitationId });
      // An id of someone else's invitation is answered like an unknown one.
      if (!found || (!byToken && found.invitation.email !== user.email)) return fail("not_found", INVALID_LINK);
      const { invitation } = found;
      const may = evaluateInvitationAnswer({ addressMatches: invitation.email === user.email, throughLink: byToken, addressVerified: user.emailVerifiedAt !== null });
      if (!may.allowed) {
        const message = invitation.email !== user.email ? `This invitation was sent to ${invitation.email}, but you are signed in as ${user.email}. Sign out and sign in with the invited address.` : may.message;
        return deniedFailure({ ...may, message });
      }
      const status = effectiveStatus(invitation, now);
      if (status !== "pending") return fail("conflict", notPendingMessage(status, found.orgName), undefined, { status });
      if (byToken && user.emailVerifiedAt === null) {
        await verifyCurrentEmail(tx, { userId: user.id, now });
        audit({ action: "user.email_verified", targetType: "user", targetId: user.id, after: { email: user.email, via: "invitation" } });
      }
      // The teams still existing (a deleted team leaves the invitation with it).
      const teamIds = answer === "accept" ? await queries.teamIdsOfInvitation(tx, { orgId: invitation.orgId, invitationId: invitation.id }) : [];
      if (answer === "accept") {
        const reason = await senderCannotAssign(tx, invitation, teamIds);
        if (reason) {
          await queries.voidInvitation(tx, { orgId: invitation.orgId, invitationId: invitation.id, reason, respondedBy: user.id, at: now });
          audit({ orgId: invitation.orgId, action: "invitation.voided", targetType: "invitation", targetId: invitation.id, before: { status: "pending" }, after: { status: "void", reason } });
          await deleteInvitationNotifications(tx, { invitationId: invitation.id });
          return ok({ voided: reason, orgName: found.orgName });
        }
      }
      const newStatus = answer === "accept" ? "accepted" : "declined";
      const claimed = await queries.claimPendingInvitation(tx, { orgId: invitation.orgId, invitationId: invitation.id, status: newStatus, respondedBy: user.id, at: now });
      if (!claimed) return fail("conflict", notPendingMessage("accepted", found.orgName), undefined, { status: "accepted" });
      audit({ orgId: invitation.orgId, action: answer === "accept" ? "invitation.accepted" : "invitation.declined", targetType: "invitation", targetId: invitation.id, before: { status: "pending" }, after: { status: newStatus, via: byToken ? "email_link" : "console" } });
      let alreadyMember = false;
      if (answer === "accept") {
        alreadyMember = !(await insertMembership(tx, { orgId: invitation.orgId, userId: user.id, role: invitation.role }));
        if (!alreadyMember) {
          audit({ orgId: invitation.orgId, action: "member.added", targetType: "user", targetId: user.id, before: null, after: { role: invitation.role, invitationId: invitation.id } });
          for (const teamId of teamIds) {
            const seated = await insertTeamMembers(tx, { orgId: invitation.orgId, teamRef: teamId, userIds: [user.id], addedBy: invitation.invitedBy ?? user.id });
            if (seated.length > 0) audit({ orgId: invitation.orgId, action: "team.member_added", targetType: "team", targetId: teamId, after: { userId: user.id, invitationId: invitation.id } });
          }
        }
      }
      await markInvitationNotificationsAnswered(tx, { userId: user.id, invitationId: invitation.id, status: newStatus, readAt: now });
      return ok({ invitationId: invitation.id, orgHandle: found.orgHandle, orgName: found.orgName, role: invitation.role, status: newStatus, alreadyMember });
    },
    // The answering component keeps its result on screen; callers refresh what they show.
    revalidate: () => [],
  });
}

export const acceptInvitation = answerInvitation("accept");
export const declineInvitation = answerInvitation("decline");
