// The personal access token that comes with a collaboration. It is created with the collaboration
// (carrying exactly its operation and endpoint scopes, its secret not yet minted), follows its
// scope changes, and is revoked when the collaboration ends. Each function runs inside the
// caller's transaction, next to the collaborator row it mirrors, and hands its audit event to the
// caller's sink (an operation's context).

import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { AuditInput } from "./audit";
import { credentials } from "@/db/schema";
import { newId } from "@/lib/ids";
import { collaborationTokenName } from "./credentials";

export type CollaborationRef = {
  userId: string;
  app: { id: string; ownerHandle: string; appId: string; ownerOrgId: string | null };
};
export type CollaborationScopes = { scopes: readonly string[]; endpointScopes: readonly string[] | null };
/** Where the change is written and its audit event recorded (actor and address are the sink's). */
export type ChangeSink = { tx: DbOrTx; audit(event: Omit<AuditInput, "actorUserId" | "ip">): void };

function liveToken(ref: CollaborationRef) {
  return and(eq(credentials.userId, ref.userId), eq(credentials.collaborationAppId, ref.app.id), eq(credentials.kind, "pat"), isNull(credentials.revokedAt));
}

/** Adds the collaborator's token; when a live one already exists (a repeated grant) it is brought in step instead. */
export async function createCollaborationToken(sink: ChangeSink, ref: CollaborationRef, grant: CollaborationScopes): Promise<void> {
  const { tx } = sink;
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
    await syncCollaborationToken(sink, ref, grant);
    return;
  }
  sink.audit({
    orgId: ref.app.ownerOrgId,
    appId: ref.app.id,
    action: "credential.created",
    targetType: "personal_access_token",
    targetId: id,
    after: { name, owner: ref.userId, scopes, endpointScopes: endpointScopes ?? "all", reason: "collaboration", revealed: false },
  });
}

/** Gives the collaborator's live token the collaboration's current scopes. */
export async function syncCollaborationToken(sink: ChangeSink, ref: CollaborationRef, grant: CollaborationScopes): Promise<void> {
  const { tx } = sink;
  const scopes = [...grant.scopes];
  const endpointScopes = grant.endpointScopes ? [...grant.endpointScopes] : null;
  const [before] = await tx.select({ id: credentials.id, scopes: credentials.scopes, endpointScopes: credentials.endpointScopes }).from(credentials).where(liveToken(ref)).for("update");
  if (!before) return;
  await tx.update(credentials).set({ scopes, endpointScopes }).where(eq(credentials.id, before.id));
  sink.audit({
    orgId: ref.app.ownerOrgId,
    appId: ref.app.id,
    action: "credential.scopes_changed",
    targetType: "personal_access_token",
    targetId: before.id,
    before: { scopes: before.scopes, endpointScopes: before.endpointScopes ?? "all" },
    after: { scopes, endpointScopes: endpointScopes ?? "all", reason: "collaboration" },
  });
}

/** Revokes the collaborator's live token: the collaboration it came with has ended. */
export async function revokeCollaborationToken(sink: ChangeSink, ref: CollaborationRef): Promise<void> {
  const { tx } = sink;
  const revoked = await tx.update(credentials).set({ revokedAt: new Date() }).where(liveToken(ref)).returning({ id: credentials.id, name: credentials.name });
  for (const token of revoked) {
    sink.audit({
      orgId: ref.app.ownerOrgId,
      appId: ref.app.id,
      action: "credential.revoked",
      targetType: "personal_access_token",
      targetId: token.id,
      before: { name: token.name, revoked: false },
      after: { revoked: true, reason: "collaboration_ended" },
      });
  }
}
