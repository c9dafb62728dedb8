// The personal access token that comes with a collaboration. It is created with the collaboration
// (carrying exactly its operation and endpoint scopes, its secret not yet minted), follows its
// scope changes, and is revoked when the collaboration ends. Each function runs inside the
// caller's transaction, next to the collaborator row it mirrors, and hands its audit event to the
// caller's sink (an operation's context).

import type { DbOrTx } from "@/db/client";
import { insertCollaborationToken, lockLiveCollaborationToken, revokeLiveCollaborationTokens, setCredentialScopes } from "@/db/queries/credentials";
import type { AuditInput } from "@/db/queries/audit";
import { collaborationTokenName } from "./credentials";

export type CollaborationRef = {
  userId: string;
  app: { id: string; ownerHandle: string; appId: string; ownerOrgId: string | null };
};
export type CollaborationScopes = { scopes: readonly string[]; endpointScopes: readonly string[] | null };
/** Where the change is written and its audit event recorded (actor and address are the sink's). */
export type ChangeSink = { tx: DbOrTx; audit(event: Omit<AuditInput, "actorUserId" | "ip">): void };

/** Adds the collaborator's token; when a live one already exists (a repeated grant) it is brought in step instead. */
export async function createCollaborationToken(sink: ChangeSink, ref: CollaborationRef, grant: CollaborationScopes): Promise<void> {
  const name = collaborationTokenName(ref.app);
  const scopes = [...grant.scopes];
  const endpointScopes = grant.endpointScopes ? [...grant.endpointScopes] : null;
  const id = await insertCollaborationToken(sink.tx, { userId: ref.userId, appRef: ref.app.id, name, scopes, endpointScopes });
  if (!id) {
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
  const scopes = [...grant.scopes];
  const endpointScopes = grant.endpointScopes ? [...grant.endpointScopes] : null;
  const before = await lockLiveCollaborationToken(sink.tx, { userId: ref.userId, appRef: ref.app.id });
  if (!before) return;
  await setCredentialScopes(sink.tx, { userId: ref.userId, credentialId: before.id, scopes, endpointScopes });
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
  const revoked = await revokeLiveCollaborationTokens(sink.tx, { userId: ref.userId, appRef: ref.app.id, at: new Date() });
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
