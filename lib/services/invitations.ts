// Invitations to join an organization. The emailed token is shown once (in the mail) and only
// its SHA-256 is stored; state transitions are conditional updates (`… where status = 'pending'`),
// so a link works once even when it is opened twice at the same moment. Re-inviting an address
// rescinds its pending invitation; the partial unique index keeps one pending per (org, email).
import { and, asc, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Database, Transaction } from "@/db/client";
import { invitations, memberships, notifications, organizations, users } from "@/db/schema";
import { ORG_ROLES, canAssignRole, evaluateOrgCapability, type OrgRole } from "@/lib/authz";
import { appUrl, invitationTtlMs } from "@/lib/config";
import { newId } from "@/lib/ids";
import { enqueueEmail } from "@/lib/mail/outbox";
import { fail, ok, type Result } from "@/lib/result";
import { randomSecret, sha256Hex } from "@/lib/secrets";
import { emailSchema } from "@/lib/validation/common";
import { invalidInput } from "@/lib/validation/form";
import { escapeHtml } from "@/lib/mail/templates/html";
import type { AccountSummary } from "./accounts";
import { recordAudit } from "./audit";
import { NOT_FOUND_MESSAGE, denialToFailure, lockOrganization, roleInOrganization, type Actor, type ChangeContext } from "./members";
import { notify } from "./notifications";
import { isUniqueViolation, runInTransaction } from "./transaction";

export const MAX_INVITATIONS_PER_REQUEST = 50;
export const INVITATION_NOTIFICATION_KIND = "invitation";

export type InvitationStatus = "pending" | "accepted" | "declined" | "rescinded" | "expired" | "void";

const idSchema = z.string().trim().min(1, "Missing identifier.").max(64, "Identifier is too long.");
const roleSchema = z.enum(ORG_ROLES, { error: `Choose one of the roles: ${ORG_ROLES.join(", ")}.` });
const tokenSchema = z.string().min(16).max(200);

export function invitationPath(token: string): string {
  return `/invitations/${encodeURIComponent(token)}`;
}

/** Splits what was typed into the dialog: commas, semicolons, spaces and new lines separate. */
export function splitEmailList(raw: unknown): string[] | null {
  const parts = typeof raw === "string" ? [raw] : Array.isArray(raw) && raw.every((item) => typeof item === "string") ? (raw as string[]) : null;
  if (!parts) return null;
  return parts.flatMap((part) => part.split(/[\s,;]+/)).filter((part) => part.length > 0);
}

export type InvitedEmail = { invitationId: string; email: string; role: OrgRole; expiresAt: string; replacedPending: boolean; registered: boolean };

async function orgName(tx: Transaction, orgId: string): Promise<{ name: string; handle: string }> {
  const [org] = await tx.select({ name: organizations.name, handle: organizations.handle }).from(organizations).where(eq(organizations.id, orgId));
  return org ?? { name: "an organization", handle: "" };
}

async function queueInvitationMail(tx: Transaction, invitation: { email: string; role: OrgRole; token: string; expiresAt: Date }, org: { name: string }, inviter: { name: string }, registered: boolean) {
  const acceptLink = `${appUrl()}${invitationPath(invitation.token)}`;
  const signUpLink = `${appUrl()}/sign-up?${new URLSearchParams({ email: invitation.email, callbackUrl: invitationPath(invitation.token) }).toString()}`;
  const expires = invitation.expiresAt.toUTCString();
  const account = registered
    ? `Sign in as ${invitation.email} to accept or decline.`
    : `You do not have an account yet. Create one with this address first, then come back to the link:\n\n${signUpLink}`;
  await enqueueEmail(tx, {
    to: invitation.email,
    subject: `${inviter.name} invited you to join ${org.name}`,
    text: `Hello,\n\n${inviter.name} invited you to join the organization ${org.name} as ${invitation.role}.\n\nOpen this link to accept or decline:\n\n${acceptLink}\n\n${account}\n\nThe invitation works once and expires on ${expires}. If you did not expect it, ignore this mail.\n`,
    html: `<p>Hello,</p><p>${escapeHtml(inviter.name)} invited you to join the organization <strong>${escapeHtml(org.name)}</strong> as ${escapeHtml(invitation.role)}.</p><p><a href="${acceptLink}">Accept or decline the invitation</a></p>${
      registered ? `<p>Sign in as ${escapeHtml(invitation.email)} to answer.</p>` : `<p>You do not have an account yet: <a href="${escapeHtml(signUpLink)}">create one with this address</a> first, then come back to the link.</p>`
    }<p>The invitation works once and expires on ${escapeHtml(expires)}. If you did not expect it, ignore this mail.</p>`,
  });
}

async function dropInvitationNotifications(tx: Transaction, invitationId: string): Promise<void> {
  await tx.delete(notifications).where(and(eq(notifications.kind, INVITATION_NOTIFICATION_KIND), sql`${notifications.data}->>'invitationId' = ${invitationId}`));
}

/**
 * Tells the account using the invited address, if there is one; returns whether there is. Only a
 * verified address is told anything in the console: whoever registered an unverified one may not
 * own it (the mail, which proves the address, still goes out).
 */
async function notifyInvitee(tx: Transaction, invitation: { id: string; email: string; role: OrgRole }, org: { name: string }, inviter: { name: string }): Promise<boolean> {
  const [invitee] = await tx.select({ id: users.id, emailVerifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.email, invitation.email));
  if (!invitee) return false;
  if (invitee.emailVerifiedAt !== null) await notifyOfInvitation(tx, invitee.id, invitation, org, inviter);
  return true;
}

async function notifyOfInvitation(tx: Transaction, userId: string, invitation: { id: string; role: OrgRole }, org: { name: string }, inviter: { name: string }): Promise<void> {
  await notify(tx, userId, {
    kind: INVITATION_NOTIFICATION_KIND,
    title: `${inviter.name} invited you to join ${org.name}`,
    body: `Role: ${invitation.role}`,
    data: { invitationId: invitation.id },
  });
}

/** Once an address is verified, the invitations waiting for it appear in the account's notifications. */
export async function notifyWaitingInvitations(tx: Transaction, user: { id: string; email: string }, now = new Date()): Promise<void> {
  const inviter = alias(users, "inviter");
  const waiting = await tx
    .select({ id: invitations.id, role: invitations.role, orgName: organizations.name, inviterName: inviter.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .where(and(eq(invitations.email, user.email), eq(invitations.status, "pending"), gt(invitations.expiresAt, now)));
  for (const row of waiting) {
    await dropInvitationNotifications(tx, row.id);
    await notifyOfInvitation(tx, user.id, row, { name: row.orgName }, { name: row.inviterName ?? "An Admin" });
  }
}

/**
 * Invites one or more addresses with one role. Bad entries (malformed, duplicates of members,
 * too many, none) are reported per email and nothing is created: the Admin corrects the list
 * and confirms again.
 */
export async function inviteMembers(db: Database, actor: Actor, raw: unknown, context: ChangeContext = {}): Promise<Result<{ invited: InvitedEmail[] }>> {
  const orgId = idSchema.safeParse((raw as { orgId?: unknown } | null)?.orgId);
  if (!orgId.success) return fail("invalid_input", "Missing organization.");
  try {
    return await runInTransaction(db, async (tx) => {
      if (!(await lockOrganization(tx, orgId.data))) return fail("not_found", NOT_FOUND_MESSAGE);
      const actorRole = await roleInOrganization(tx, orgId.data, actor.userId);
      const manages = evaluateOrgCapability(actorRole, "members.manage");
      if (!manages.allowed) return denialToFailure(manages);

      const input = (raw ?? {}) as { emails?: unknown; role?: unknown };
      const fieldErrors: Record<string, string[]> = {};
      const role = roleSchema.safeParse(input.role);
      if (!role.success) fieldErrors.role = [role.error.issues[0]?.message ?? "Choose a role."];
      else {
        const assign = canAssignRole(actorRole, role.data);
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
          const existing = await tx
            .select({ email: users.email })
            .from(memberships)
            .innerJoin(users, eq(users.id, memberships.userId))
            .where(and(eq(memberships.orgId, orgId.data), inArray(users.email, emails)));
          const members = new Set(existing.map((row) => row.email));
          for (const email of emails) if (members.has(email)) emailErrors.push(`${email}: already a member of this organization.`);
        }
      }
      if (emailErrors.length) fieldErrors.emails = emailErrors;
      if (Object.keys(fieldErrors).length || !role.success) {
        return fail("invalid_input", "Nothing was sent. Correct the highlighted entries and confirm again.", fieldErrors);
      }

      const org = await orgName(tx, orgId.data);
      const [inviter] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId));
      const now = new Date();
      const expiresAt = new Date(now.getTime() + invitationTtlMs());
      const invited: InvitedEmail[] = [];
      for (const email of emails) {
        const replaced = await tx
          .update(invitations)
          .set({ status: "rescinded", respondedAt: now })
          .where(and(eq(invitations.orgId, orgId.data), eq(invitations.email, email), eq(invitations.status, "pending")))
          .returning({ id: invitations.id, role: invitations.role, expiresAt: invitations.expiresAt });
        for (const old of replaced) await dropInvitationNotifications(tx, old.id);
        const token = randomSecret();
        const id = newId("inv");
        await tx.insert(invitations).values({ id, orgId: orgId.data, email, role: role.data, invitedBy: actor.userId, tokenHash: sha256Hex(token), expiresAt, lastSentAt: now });
        await recordAudit(tx, {
          actorUserId: actor.userId,
          orgId: orgId.data,
          action: "invitation.created",
          targetType: "invitation",
          targetId: id,
          before: replaced[0] ? { replacedInvitationId: replaced[0].id, role: replaced[0].role, status: "pending" } : null,
          after: { email, role: role.data, status: "pending", expiresAt: expiresAt.toISOString() },
          ip: context.ip ?? null,
        });
        const registered = await notifyInvitee(tx, { id, email, role: role.data }, org, inviter ?? { name: "An Admin" });
        await queueInvitationMail(tx, { email, role: role.data, token, expiresAt }, org, inviter ?? { name: "An Admin" }, registered);
        invited.push({ invitationId: id, email, role: role.data, expiresAt: expiresAt.toISOString(), replacedPending: replaced.length > 0, registered });
      }
      return ok({ invited });
    });
  } catch (error) {
    // Another Admin invited the same address at the same instant.
    if (isUniqueViolation(error, "invitations_one_pending_per_email")) return fail("conflict", "Someone invited one of these addresses at the same time. Reload and check the pending invitations.");
    throw error;
  }
}

export type PendingInvitationView = {
  id: string;
  email: string;
  role: OrgRole;
  invitedBy: string | null;
  sentAt: string;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
};

const orgOnlyInput = z.object({ orgId: idSchema });

async function requireManager(db: Database | Transaction, actor: Actor, orgId: string): Promise<Result<OrgRole>> {
  const role = await roleInOrganization(db, orgId, actor.userId);
  const decision = evaluateOrgCapability(role, "members.manage");
  if (!decision.allowed) return denialToFailure(decision);
  return ok(role as OrgRole);
}

/** The organization's pending invitations (Admins only), newest first; expired ones are flagged. */
export async function listPendingInvitations(db: Database, actor: Actor, raw: unknown, now = new Date()): Promise<Result<PendingInvitationView[]>> {
  const parsed = orgOnlyInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const allowed = await requireManager(db, actor, parsed.data.orgId);
  if (!allowed.ok) return allowed;
  const inviter = alias(users, "inviter");
  const rows = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      invitedBy: inviter.name,
      lastSentAt: invitations.lastSentAt,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .where(and(eq(invitations.orgId, parsed.data.orgId), eq(invitations.status, "pending")))
    .orderBy(desc(invitations.createdAt), asc(invitations.email));
  return ok(
    rows.map((row) => ({
      id: row.id,
      email: row.email,
      role: row.role,
      invitedBy: row.invitedBy,
      sentAt: row.lastSentAt.toISOString(),
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      expired: row.expiresAt <= now,
    })),
  );
}

const invitationRefInput = z.object({ orgId: idSchema, invitationId: idSchema });

/** Withdraws a pending invitation; its link and notification stop working at once. */
export async function rescindInvitation(db: Database, actor: Actor, raw: unknown, context: ChangeContext = {}): Promise<Result<{ invitationId: string }>> {
  const orgId = idSchema.safeParse((raw as { orgId?: unknown } | null)?.orgId);
  if (!orgId.success) return fail("invalid_input", "Missing organization.");
  return runInTransaction(db, async (tx) => {
    const allowed = await requireManager(tx, actor, orgId.data);
    if (!allowed.ok) return allowed;
    const parsed = invitationRefInput.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error);
    const [row] = await tx
      .update(invitations)
      .set({ status: "rescinded", respondedAt: new Date() })
      .where(and(eq(invitations.id, parsed.data.invitationId), eq(invitations.orgId, orgId.data), eq(invitations.status, "pending")))
      .returning({ id: invitations.id, email: invitations.email, role: invitations.role });
    if (!row) return fail("not_found", "This invitation is no longer pending.");
    await dropInvitationNotifications(tx, row.id);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      orgId: orgId.data,
      action: "invitation.rescinded",
      targetType: "invitation",
      targetId: row.id,
      before: { email: row.email, role: row.role, status: "pending" },
      after: { status: "rescinded" },
      ip: context.ip ?? null,
    });
    return ok({ invitationId: row.id });
  });
}

/** Sends a pending invitation again with a new link (the old link stops working) and a new expiry. */
export async function resendInvitation(db: Database, actor: Actor, raw: unknown, context: ChangeContext = {}): Promise<Result<{ invitationId: string; expiresAt: string }>> {
  const orgId = idSchema.safeParse((raw as { orgId?: unknown } | null)?.orgId);
  if (!orgId.success) return fail("invalid_input", "Missing organization.");
  return runInTransaction(db, async (tx) => {
    const allowed = await requireManager(tx, actor, orgId.data);
    if (!allowed.ok) return allowed;
    const parsed = invitationRefInput.safeParse(raw);
    if (!parsed.success) return invalidInput(parsed.error);
    const [current] = await tx
      .select({ expiresAt: invitations.expiresAt })
      .from(invitations)
      .where(and(eq(invitations.id, parsed.data.invitationId), eq(invitations.orgId, orgId.data), eq(invitations.status, "pending")));
    if (!current) return fail("not_found", "This invitation is no longer pending.");
    const token = randomSecret();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + invitationTtlMs());
    const [row] = await tx
      .update(invitations)
      .set({ tokenHash: sha256Hex(token), expiresAt, lastSentAt: now })
      .where(and(eq(invitations.id, parsed.data.invitationId), eq(invitations.orgId, orgId.data), eq(invitations.status, "pending")))
      .returning({ id: invitations.id, email: invitations.email, role: invitations.role });
    if (!row) return fail("not_found", "This invitation is no longer pending.");
    await recordAudit(tx, {
      actorUserId: actor.userId,
      orgId: orgId.data,
      action: "invitation.resent",
      targetType: "invitation",
      targetId: row.id,
      before: { expiresAt: current.expiresAt.toISOString() },
      after: { expiresAt: expiresAt.toISOString() },
      ip: context.ip ?? null,
    });
    const org = await orgName(tx, orgId.data);
    const [inviter] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId));
    await dropInvitationNotifications(tx, row.id);
    const registered = await notifyInvitee(tx, row, org, inviter ?? { name: "An Admin" });
    await queueInvitationMail(tx, { email: row.email, role: row.role, token, expiresAt }, org, inviter ?? { name: "An Admin" }, registered);
    return ok({ invitationId: row.id, expiresAt: expiresAt.toISOString() });
  });
}

export type MyInvitationView = { id: string; orgName: string; orgHandle: string; role: OrgRole; invitedBy: string | null; expiresAt: string; sentAt: string };

/** Pending, unexpired invitations addressed to the user's email; none until that email is verified. */
export async function listMyInvitations(db: Database, user: Pick<AccountSummary, "email" | "emailVerified">, now = new Date()): Promise<MyInvitationView[]> {
  if (!user.emailVerified) return [];
  const inviter = alias(users, "inviter");
  const rows = await db
    .select({
      id: invitations.id,
      orgName: organizations.name,
      orgHandle: organizations.handle,
      role: invitations.role,
      invitedBy: inviter.name,
      expiresAt: invitations.expiresAt,
      sentAt: invitations.lastSentAt,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .where(and(eq(invitations.email, user.email), eq(invitations.status, "pending"), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.lastSentAt));
  return rows.map((row) => ({ ...row, expiresAt: row.expiresAt.toISOString(), sentAt: row.sentAt.toISOString() }));
}

type InvitationRow = typeof invitations.$inferSelect;

function effectiveStatus(row: Pick<InvitationRow, "status" | "expiresAt">, now: Date): InvitationStatus {
  return row.status === "pending" && row.expiresAt <= now ? "expired" : row.status;
}

export type InvitationLanding =
  | { state: "invalid" }
  | {
      state: InvitationStatus;
      /** Why a void invitation is void. */
      voidReason: string | null;
      orgName: string;
      orgHandle: string;
      role: OrgRole;
      email: string;
      invitedBy: string | null;
      expiresAt: string;
      forViewer: boolean;
      /** The viewer is the one who accepted or declined it. */
      answeredByViewer: boolean;
    };

/** What the emailed link's page shows. Reads only: opening the link never changes anything. */
export async function describeInvitationToken(db: Database, token: string, viewer: Pick<AccountSummary, "id" | "email">, now = new Date()): Promise<InvitationLanding> {
  if (!tokenSchema.safeParse(token).success) return { state: "invalid" };
  const inviter = alias(users, "inviter");
  const [row] = await db
    .select({ invitation: invitations, orgName: organizations.name, orgHandle: organizations.handle, invitedBy: inviter.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .where(eq(invitations.tokenHash, sha256Hex(token)));
  if (!row) return { state: "invalid" };
  return {
    state: effectiveStatus(row.invitation, now),
    voidReason: row.invitation.voidReason,
    orgName: row.orgName,
    orgHandle: row.orgHandle,
    role: row.invitation.role,
    email: row.invitation.email,
    invitedBy: row.invitedBy,
    expiresAt: row.invitation.expiresAt.toISOString(),
    forViewer: row.invitation.email === viewer.email,
    answeredByViewer: row.invitation.respondedBy !== null && row.invitation.respondedBy === viewer.id,
  };
}

export const INVALID_LINK = "This invitation link is not valid. Check that you opened the whole link from the email.";

function notPendingMessage(status: InvitationStatus, org: string): string {
  switch (status) {
    case "accepted":
      return `This invitation was already used to join ${org}.`;
    case "declined":
      return `This invitation to ${org} was declined.`;
    case "rescinded":
      return `This invitation was withdrawn by an Admin of ${org}.`;
    case "expired":
      return `This invitation has expired. Ask an Admin of ${org} to send a new one.`;
    case "void":
      return `This invitation is void: whoever sent it can no longer give that role. Ask an Admin of ${org} for a new one.`;
    default:
      return "This invitation is no longer pending.";
  }
}

export type InvitationReference = { token: string } | { invitationId: string };
export type InvitationAnswer = "accept" | "decline";
export type InvitationOutcome = { invitationId: string; orgHandle: string; orgName: string; role: OrgRole; status: "accepted" | "declined"; alreadyMember: boolean };

const referenceInput = z.union([z.object({ token: tokenSchema }), z.object({ invitationId: idSchema })]);

/**
 * Accepts or declines an invitation as the signed-in user. The address must be theirs: through
 * the emailed link, holding the link proves control of the address; in the console (notification
 * bar, /invitations) the account's email must be verified.
 */
export async function respondToInvitation(
  db: Database,
  user: AccountSummary,
  raw: unknown,
  answer: InvitationAnswer,
  context: ChangeContext = {},
  now = new Date(),
): Promise<Result<InvitationOutcome>> {
  const parsed = referenceInput.safeParse(raw);
  if (!parsed.success) return fail("invalid_input", INVALID_LINK);
  const byToken = "token" in parsed.data;
  if (!byToken && !user.emailVerified) {
    return fail("forbidden", "Verify your email address before answering invitations here, or use the link in the invitation email.");
  }
  const outcome = await runInTransaction<InvitationOutcome | { voided: string; orgName: string }>(db, async (tx) => {
    const [found] = await tx
      .select({ invitation: invitations, orgName: organizations.name, orgHandle: organizations.handle })
      .from(invitations)
      .innerJoin(organizations, eq(organizations.id, invitations.orgId))
      .where("token" in parsed.data ? eq(invitations.tokenHash, sha256Hex(parsed.data.token)) : eq(invitations.id, parsed.data.invitationId))
      .for("update", { of: invitations });
    // An id of someone else's invitation is answered like an unknown one.
    if (!found || (!byToken && found.invitation.email !== user.email)) return fail("not_found", INVALID_LINK);
    const { invitation } = found;
    if (invitation.email !== user.email) {
      return fail("forbidden", `This invitation was sent to ${invitation.email}, but you are signed in as ${user.email}. Sign out and sign in with the invited address.`);
    }
    const status = effectiveStatus(invitation, now);
    if (status !== "pending") return fail("conflict", notPendingMessage(status, found.orgName), undefined, { status });
    if (byToken && !user.emailVerified) {
      // Holding the emailed link proves control of the address.
      await tx.update(users).set({ emailVerifiedAt: now }).where(and(eq(users.id, user.id), isNull(users.emailVerifiedAt)));
      await recordAudit(tx, { actorUserId: user.id, action: "user.email_verified", targetType: "user", targetId: user.id, after: { email: user.email, via: "invitation" }, ip: context.ip ?? null });
    }
    if (answer === "accept") {
      const reason = await inviterCannotAssign(tx, invitation);
      if (reason) {
        await tx.update(invitations).set({ status: "void", voidReason: reason, respondedBy: user.id, respondedAt: now }).where(eq(invitations.id, invitation.id));
        await recordAudit(tx, { actorUserId: user.id, orgId: invitation.orgId, action: "invitation.voided", targetType: "invitation", targetId: invitation.id, before: { status: "pending" }, after: { status: "void", reason }, ip: context.ip ?? null });
        await dropInvitationNotifications(tx, invitation.id);
        return ok({ voided: reason, orgName: found.orgName });
      }
    }
    const newStatus = answer === "accept" ? "accepted" : "declined";
    const [claimed] = await tx
      .update(invitations)
      .set({ status: newStatus, respondedBy: user.id, respondedAt: now })
      .where(and(eq(invitations.id, invitation.id), eq(invitations.orgId, invitation.orgId), eq(invitations.status, "pending"), gt(invitations.expiresAt, now)))
      .returning({ id: invitations.id });
    if (!claimed) return fail("conflict", notPendingMessage("accepted", found.orgName), undefined, { status: "accepted" });
    await recordAudit(tx, {
      actorUserId: user.id,
      orgId: invitation.orgId,
      action: answer === "accept" ? "invitation.accepted" : "invitation.declined",
      targetType: "invitation",
      targetId: invitation.id,
      before: { status: "pending" },
      after: { status: newStatus, via: byToken ? "email_link" : "console" },
      ip: context.ip ?? null,
    });
    let alreadyMember = false;
    if (answer === "accept") {
      const inserted = await tx
        .insert(memberships)
        .values({ orgId: invitation.orgId, userId: user.id, role: invitation.role })
        .onConflictDoNothing()
        .returning({ userId: memberships.userId });
      alreadyMember = inserted.length === 0;
      if (!alreadyMember) {
        await recordAudit(tx, {
          actorUserId: user.id,
          orgId: invitation.orgId,
          action: "member.added",
          targetType: "user",
          targetId: user.id,
          before: null,
          after: { role: invitation.role, invitationId: invitation.id },
          ip: context.ip ?? null,
        });
      }
    }
    await tx
      .update(notifications)
      .set({ readAt: now, data: { invitationId: invitation.id, status: newStatus } })
      .where(and(eq(notifications.userId, user.id), eq(notifications.kind, INVITATION_NOTIFICATION_KIND), sql`${notifications.data}->>'invitationId' = ${invitation.id}`));
    return ok({ invitationId: invitation.id, orgHandle: found.orgHandle, orgName: found.orgName, role: invitation.role, status: newStatus, alreadyMember });
  });
  if (outcome.ok && "voided" in outcome.data) {
    return fail("conflict", `This invitation is void. ${outcome.data.voided} Ask an Admin of ${outcome.data.orgName} for a new one.`, undefined, { status: "void" });
  }
  return outcome as Result<InvitationOutcome>;
}

/**
 * Why the invitation's sender can no longer give its role, read under a shared lock on their
 * membership inside the accepting transaction; null when they still can. Authority counts when the
 * grant takes effect, not only when it was sent.
 */
async function inviterCannotAssign(tx: Transaction, invitation: InvitationRow): Promise<string | null> {
  if (!invitation.invitedBy) return "The person who sent it no longer has an account.";
  const [inviter] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, invitation.orgId), eq(memberships.userId, invitation.invitedBy)))
    .for("share");
  if (!inviter) return "The person who sent it is no longer a member of the organization.";
  const decision = canAssignRole(inviter.role, invitation.role);
  return decision.allowed ? null : `The person who sent it may no longer give the ${invitation.role} role (${decision.message})`;
}
