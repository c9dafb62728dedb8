// The actor's own personal access tokens. A token's scopes may name more than its owner can do
// today: at every request lib/authz intersects them with the owner's current grants on the app, so
// creating one needs no authority beyond a verified address — except that a token creating another
// (the API's PostKeys) may give it only what it carries itself, and no longer life.

import { z } from "zod";
import { revealPersonalToken, revokeLivePersonalToken } from "@/db/queries/credentials";
import { mayCreateKey, parseScopes } from "@/lib/authz";
import { issueToken } from "@/lib/credentials/token";
import { fail, ok } from "@/lib/result";
import { listReachableApps, resolveAppForUser } from "@/lib/services/access";
import { createPersonalTokenInput, insertToken, validExpiry } from "@/lib/services/credentials";
import { actingCredential, keyHolder } from "./acting-credential";
import { deniedFailure } from "./failures";
import { defineAccountOperation } from "./operation";

const tokenId = z.object({ id: z.string().min(1).max(64) });

export type TokenAppCandidate = { path: string; name: string };

/** The create-token dialog's app search: apps the actor reaches now, which a token may be limited to. */
export const searchTokenApps = defineAccountOperation({
  name: "tokens.search_apps",
  input: z.object({ q: z.string().trim().max(100).default("") }),
  readOnly: true,
  async run({ tx, principal }, { q }) {
    const { rows } = await listReachableApps(tx, principal.userId, { q, pageSize: 20 });
    return ok(rows.map((app): TokenAppCandidate => ({ path: `${app.ownerHandle}/${app.appId}`, name: app.name })));
  },
});

export const createPersonalAccessToken = defineAccountOperation({
  name: "tokens.create",
  input: createPersonalTokenInput,
  async run({ tx, principal, audit }, { apps, ...input }) {
    const expiryError = validExpiry(input.expiresAt, new Date());
    if (expiryError) return fail("invalid_input", "Please correct the highlighted fields.", { expiresAt: [expiryError] });
    // A token is limited only to apps its owner reaches now (it could do nothing on the others anyway).
    let limitedTo: { ref: string; path: string }[] | null = null;
    if (apps !== "all") {
      limitedTo = [];
      for (const { owner, app } of apps) {
        const access = await resolveAppForUser(tx, principal.userId, owner, app);
        if (!access) return fail("invalid_input", "Please correct the highlighted fields.", { apps: [`The app ${owner}/${app} does not exist or you do not have access to it.`] });
        limitedTo.push({ ref: access.app.id, path: `${access.app.ownerHandle}/${access.app.appId}` });
      }
    }
    const may = mayCreateKey(actingCredential(principal), await keyHolder(tx, principal), {
      scopes: parseScopes(input.scopes).scopes,
      endpoints: input.endpointScopes,
      expiresAt: input.expiresAt,
      apps: limitedTo?.map((app) => app.ref) ?? null,
    });
    if (!may.allowed) return deniedFailure(may);
    return insertToken({ tx, audit }, { kind: "pat", appId: null, userId: principal.userId, ...input, limitedTo });
  },
});

/**
 * Mints the secret of one of the actor's unrevealed tokens (a collaboration's) and returns it,
 * once: the conditional update only matches while no secret exists, so a second or concurrent
 * reveal finds nothing.
 */
export const revealPersonalAccessToken = defineAccountOperation({
  name: "tokens.reveal",
  input: tokenId,
  async run({ tx, principal, audit }, input) {
    const token = issueToken("pat");
    const revealed = await revealPersonalToken(tx, { userId: principal.userId, credentialId: input.id, secretHash: token.hash, hint: token.hint });
    if (!revealed) return fail("not_found", "This token was already revealed or does not exist. A secret is shown only once: revoke the token if it was lost.");
    audit({ appId: revealed.appId, action: "credential.revealed", targetType: "personal_access_token", targetId: revealed.id, after: { hint: token.hint } });
    return ok({ id: revealed.id, secret: token.secret, hint: token.hint, name: revealed.name });
  },
});

export const revokePersonalAccessToken = defineAccountOperation({
  name: "tokens.revoke",
  input: tokenId,
  async run({ tx, principal, audit }, input) {
    const revoked = await revokeLivePersonalToken(tx, { userId: principal.userId, credentialId: input.id, at: new Date() });
    if (!revoked) return fail("not_found", "That token does not exist or is already revoked.");
    audit({ action: "credential.revoked", targetType: "personal_access_token", targetId: revoked.id, before: { name: revoked.name, revoked: false }, after: { revoked: true } });
    return ok({ id: revoked.id });
  },
});
