"use client";

import { GRANT_KIND_SCOPES, type OperationScope } from "@/lib/authz";
import type { AppTenantInput } from "@/lib/operations/operation";
import { createAppKeyAction, revokeAppKeyAction } from "@/lib/actions/app-keys";
import type { AppKeyView } from "@/lib/services/app-keys";
import { CredentialManager } from "./credential-manager";

export function AppKeys({ app, keys, held, mayCreate, mayRevoke }: { app: AppTenantInput; keys: AppKeyView[]; held: OperationScope[]; mayCreate: boolean; mayRevoke: boolean }) {
  const offered = GRANT_KIND_SCOPES.app_key;
  const missing = offered.length - offered.filter((scope) => held.includes(scope)).length;
  return (
    <CredentialManager
      kind="app_key"
      title="App API keys"
      description="Keys work on this app only, with the scopes chosen here."
      noun="API key"
      emptyText="This app has no API keys yet."
      tokens={keys}
      create={createAppKeyAction}
      revoke={revokeAppKeyAction}
      extra={app}
      available={held}
      offered={offered}
      mayCreate={mayCreate}
      mayRevoke={mayRevoke}
      note={
        missing > 0
          ? `You hold ${offered.length - missing} of ${offered.length} scopes on this app. A key can never do more than its creator, so the other ${missing} are disabled: they would be dropped by the intersection with your access.`
          : undefined
      }
    />
  );
}
