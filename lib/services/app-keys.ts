import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { credentials, users } from "@/db/schema";
import { SESSION, evaluateOperation, mayGrantScopes, parseScopes, type Decision } from "@/lib/authz";
import { fail, ok, type Failure, type Result } from "@/lib/result";
import { invalidInput } from "@/lib/validation/form";
import { resolveAppForUser } from "./access";
import { recordAudit } from "./audit";
import { createTokenInput, credentialStatus, insertToken, validExpiry, type CreatedToken, type TokenView } from "./credentials";
import { runInTransaction } from "./transaction";

// App-specific API keys: bound to exactly one app, created with the Keys scope on it, and
// carrying only scopes the creator holds there (no escalation).

const appRef = z.object({ ownerHandle: z.string().min(1).max(64), appId: z.string().min(1).max(64) });
const createAppKeyInput = createTokenInput.extend(appRef.shape);
const revokeAppKeyInput = appRef.extend({ id: z.string().min(1).max(64) });

const NOT_FOUND = "App not found.";

function refused(decision: Decision, field?: string): Failure {
  if (decision.allowed) throw new Error("refused() called with an allowed decision");
  return fail("forbidden", decision.message, field ? { [field]: [decision.message] } : undefined, { deniedBy: decision.deniedBy, missing: decision.missing });
}

export type AppKeyView = TokenView & { createdBy: string };

export async function createAppKey(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null; now?: Date } = {}): Promise<Result<CreatedToken>> {
  const parsed = createAppKeyInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  const access = await resolveAppForUser(db, actor.userId, input.ownerHandle, input.appId);
  if (!access) return fail("not_found", NOT_FOUND);
  const may = evaluateOperation(access.grants, SESSION, "Keys:Add", { now: context.now ?? new Date() });
  if (!may.allowed) return refused(may);
  const grantable = mayGrantScopes(access.grants, parseScopes(input.scopes).scopes, undefined, input.endpointScopes);
  if (!grantable.allowed) return refused(grantable, grantable.deniedBy === "endpoint_not_in_grant" ? "endpointScopes" : "scopes");
  const expiryError = validExpiry(input.expiresAt, context.now ?? new Date());
  if (expiryError) return fail("invalid_input", "Please correct the highlighted fields.", { expiresAt: [expiryError] });
  return runInTransaction(db, (tx) =>
    insertToken(tx, {
      kind: "app_key",
      appId: access.app.id,
      orgId: access.app.ownerOrgId,
      userId: actor.userId,
      name: input.name,
      scopes: input.scopes,
      endpointScopes: input.endpointScopes,
      expiresAt: input.expiresAt,
      ip: context.ip ?? null,
    }),
  );
}

/** The app's keys (needs Keys:Get on the app); never their secrets. */
export async function listAppKeys(db: Database, actor: { userId: string }, raw: unknown, now = new Date()): Promise<Result<AppKeyView[]>> {
  const parsed = appRef.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const access = await resolveAppForUser(db, actor.userId, parsed.data.ownerHandle, parsed.data.appId);
  if (!access) return fail("not_found", NOT_FOUND);
  const may = evaluateOperation(access.grants, SESSION, "Keys:Get", { now });
  if (!may.allowed) return refused(may);
  const rows = await db
    .select({ key: credentials, createdBy: users.handle })
    .from(credentials)
    .innerJoin(users, eq(users.id, credentials.userId))
    .where(and(eq(credentials.appId, access.app.id), eq(credentials.kind, "app_key")))
    .orderBy(desc(credentials.createdAt));
  return ok(
    rows.map(({ key, createdBy }) => ({
      id: key.id,
      name: key.name,
      hint: key.hint,
      scopes: key.scopes,
      endpointScopes: key.endpointScopes ?? "all",
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      status: credentialStatus(key, now),
      createdBy,
    })),
  );
}

export async function revokeAppKey(db: Database, actor: { userId: string }, raw: unknown, context: { ip?: string | null } = {}): Promise<Result<{ id: string }>> {
  const parsed = revokeAppKeyInput.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const access = await resolveAppForUser(db, actor.userId, parsed.data.ownerHandle, parsed.data.appId);
  if (!access) return fail("not_found", NOT_FOUND);
  const may = evaluateOperation(access.grants, SESSION, "Keys:Delete", { now: new Date() });
  if (!may.allowed) return refused(may);
  return runInTransaction(db, async (tx) => {
    const [revoked] = await tx
      .update(credentials)
      .set({ revokedAt: new Date() })
      .where(and(eq(credentials.id, parsed.data.id), eq(credentials.appId, access.app.id), eq(credentials.kind, "app_key"), isNull(credentials.revokedAt)))
      .returning({ id: credentials.id, name: credentials.name });
    if (!revoked) return fail("not_found", "That key does not exist or is already revoked.");
    await recordAudit(tx, { actorUserId: actor.userId, orgId: access.app.ownerOrgId, appId: access.app.id, action: "credential.revoked", targetType: "app_key", targetId: revoked.id, before: { name: revoked.name, revoked: false }, after: { revoked: true }, ip: context.ip ?? null });
    return ok({ id: revoked.id });
  });
}
