"use client";

import { createPersonalAccessTokenAction, revealPersonalAccessTokenAction, revokePersonalAccessTokenAction } from "@/lib/actions/credentials";
import type { TokenView } from "@/lib/services/credentials";
import { CredentialManager } from "./credential-manager";

/** `addressVerified`: tokens are only made for a verified address (the operation refuses otherwise). */
export function PersonalTokens({ tokens, addressVerified }: { tokens: TokenView[]; addressVerified: boolean }) {
  return (
    <CredentialManager
      kind="pat"
      title="Personal access tokens"
      description="Tokens act as you on the API, limited to their scopes and to what you can do at the time of each call. Each app you collaborate on comes with a token of its own, with your scopes there: reveal it when you need it."
      noun="token"
      emptyText="You have no personal access tokens yet."
      tokens={tokens}
      create={createPersonalAccessTokenAction}
      revoke={revokePersonalAccessTokenAction}
      reveal={revealPersonalAccessTokenAction}
      mayCreate={addressVerified}
      whyNoCreate="Verify your email address to create tokens: open the link we sent you (the banner at the top can send a new one)."
    />
  );
}
