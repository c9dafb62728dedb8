// The personal access token that comes with a collaboration. It is created with the collaboration
// (carrying exactly its operation and endpoint scopes, its secret not yet minted), follows its
// scope changes, and is revoked when the collaboration ends. Each function runs inside the
// caller's transaction, next to the collaborator row it mirrors, and writes its own audit event.

import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { credentials } from "@/db/schema";
import { newId } from "@/lib/ids";
import { recordAudit } from "./audit";
import { collaborationTokenName } from "./credentials";

export type CollaborationRef = {
  userId: string;
  app: { id: string; ownerHandle: string; appId: string; ownerOrgId: string | null };
};
export type CollaborationScopes = { scopes: readonly string[]; endpointScopes: readonly string[] | null };
export type CollaborationChangeContext = { actorUserId: string; ip: string | null };

function liveToken(ref: CollaborationRef) {
  return and(eq(credentials.userId, ref.userId), eq(credentials.collaborationAppId, ref.app.id), eq(credentials.kind, "pat"), isNull(credentials.revokedAt));
}

/** Adds the collaborator's token; when a live one already exists (a repeated grant) it is brought in step instead. */
export async function createCollaborationToken(tx: DbOrTx, ref: CollaborationRef, grant: CollaborationScopes, context: CollaborationChangeContext): Promise<void> {
  const id = newId("key");
  const name = collaborationTokenName(ref.app);
  const scopes = [...grant.scopes];
  const endpointScopes = grant.endpointScopes ? [...grant.endpointScopes] : null;
  const [created] = await tx
    .insert(credentials)
    .values({ id, kind: "pat", userId: ref.userId, name, secretHash: null, hint: null, scopes, endpointScopes, collaborationAppId: ref.app.id })
    .onConflictDoNothing()
    .returning({ id: credentials.id });
  if (!created) {
    await syncCollaborationToken(tx, ref, grant, context);
    return;
  }
  await recordAudit(tx, {
    actorUserId: context.actorUserId,
    orgId: ref.app.ownerOrgId,
    appId: ref.app.id,
    action: "credential.created",
    targetType: "personal_access_token",
    targetId: id,
    after: { name, owner: ref.userId, scopes, endpointScopes: endpointScopes ?? "all", reason: "collaboration", revealed: false },
    ip: context.ip,
  });
}

/** Gives the collaborator's live token the collaboration's current scopes. */
export async function syncCollaborationToken(tx: DbOrTx, ref: CollaborationRef, grant: CollaborationScopes, context: CollaborationChangeContext): Promise<void> {
  const scopes = [...grant.scopes];
  const endpointScopes = grant.endpointScopes ? [...grant.endpointScopes] : null;
  const [before] = await tx.select({ id: credentials.id, scopes: credentials.scopes, endpointScopes: credentials.endpointScopes }).from(credentials).where(liveToken(ref)).for("update");
  if (!before) return;
  await tx.update(credentials).set({ scopes, endpointScopes }).where(eq(credentials.id, before.id));
  await recordAudit(tx, {
    actorUserId: context.actorUserId,
    orgId: ref.app.ownerOrgId,
    appId: ref.app.id,
    action: "credential.scopes_changed",
    targetType: "personal_access_token",
    targetId: before.id,
    before: { scopes: before.scopes, endpointScopes: before.endpointScopes ?? "all" },
    after: { scopes, endpointScopes: endpointScopes ?? "all", reason: "collaboration" },
    ip: context.ip,
  });
}

/** Revokes the collaborator's live token: the collaboration it came with has ended. */
export async function revokeCollaborationToken(tx: DbOrTx, ref: CollaborationRef, context: CollaborationChangeContext): Promise<void> {
  const revoked = await tx.update(credentials).set({ revokedAt: new Date() }).where(liveToken(ref)).returning({ id: credentials.id, name: credentials.name });
  for (const token of revoked) {
    await recordAudit(tx, {
      actorUserId: context.actorUserId,
      orgId: ref.app.ownerOrgId,
      appId: ref.app.id,
      action: "credential.revoked",
      targetType: "personal_access_token",
      targetId: token.id,
      before: { name: token.name, revoked: false },
      after: { revoked: true, reason: "collaboration_ended" },
      ip: context.ip,
    });
  }
}
