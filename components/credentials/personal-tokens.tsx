"use client";

import { createPersonalAccessTokenAction, listPersonalAccessTokensAction, revokePersonalAccessTokenAction } from "@/lib/actions/credentials";
import { credentialKeys } from "@/lib/queries/keys";
import type { TokenView } from "@/lib/services/credentials";
import { CredentialManager } from "./credential-manager";

export function PersonalTokens({ initial }: { initial: TokenView[] }) {
  return (
    <CredentialManager
      title="Personal access tokens"
      description="Tokens act as you on the API, limited to their scopes and to what you can do at the time of each call."
      noun="token"
      emptyText="You have no personal access tokens yet."
      queryKey={credentialKeys.personal()}
      initial={initial}
      list={listPersonalAccessTokensAction}
      create={createPersonalAccessTokenAction}
      revoke={revokePersonalAccessTokenAction}
    />
  );
}
