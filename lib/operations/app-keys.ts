// App-specific API keys as operations: bound to exactly one app, created with Keys:Add on it and
// carrying only what the creator may call there (scopes and endpoints: no escalation; created
// through a token, also only what that token carries), listed with Keys:Get, revoked with
// Keys:Delete. The runner reads the creator's grants inside the transaction.

import { z } from "zod";
import { revokeLiveAppKey } from "@/db/queries/credentials";
import { SESSION, evaluateOperation, mayCreateKey, mayGrantScopes, parseScopes, type Decision, type Grants, type OperationScope } from "@/lib/authz";
import { fail, ok } from "@/lib/result";
import { appKeysOf } from "@/lib/services/app-keys";
import { createTokenInput, insertToken, validExpiry } from "@/lib/services/credentials";
import { actingCredential, keyHolder } from "./acting-credential";
import { deniedFailure } from "./failures";
import { defineAppOperation } from "./operation";

function holds(grants: Grants, scope: OperationScope): Decision {
  return evaluateOperation(grants, SESSION, scope, { now: new Date() });
}

export const createAppKey = defineAppOperation({
  name: "app_keys.create",
  input: createTokenInput,
  authorize: ({ grants }, input) => {
    const may = holds(grants, "Keys:Add");
    return may.allowed ? mayGrantScopes(grants, parseScopes(input.scopes).scopes, undefined, input.endpointScopes) : may;
  },
  async run({ tx, tenant, principal, authority, audit }, input) {
    const expiryError = validExpiry(input.expiresAt, new Date());
    if (expiryError) return fail("invalid_input", "Please correct the highlighted fields.", { expiresAt: [expiryError] });
    // `authorize` decided with the creator's grants; a token creating the key must carry it too.
    const via = actingCredential(principal);
    const scopes = parseScopes(input.scopes).scopes;
    const carried = mayCreateKey(via, await keyHolder(tx, principal), { scopes, endpoints: input.endpointScopes, expiresAt: input.expiresAt, apps: [tenant.app.id] });
    if (!carried.allowed) return deniedFailure(carried, "app");
    const granted = mayGrantScopes(authority.grants, scopes, via, input.endpointScopes);
    if (!granted.allowed) return deniedFailure(granted, "app");
    return insertToken({ tx, audit }, { kind: "app_key", appId: tenant.app.id, userId: principal.userId, name: input.name, scopes: input.scopes, endpointScopes: input.endpointScopes, expiresAt: input.expiresAt });
  },
});

/** The app's keys, never their secrets. */
export const listAppKeys = defineAppOperation({
  name: "app_keys.list",
  input: z.object({}),
  authorize: ({ grants }) => holds(grants, "Keys:Get"),
  readOnly: true,
  run: async ({ tx, tenant }) => ok(await appKeysOf(tx, tenant.app.id, new Date())),
});

export const revokeAppKey = defineAppOperation({
  name: "app_keys.revoke",
  input: z.object({ id: z.string().min(1).max(64) }),
  authorize: ({ grants }) => holds(grants, "Keys:Delete"),
  async run({ tx, tenant, audit }, input) {
    const revoked = await revokeLiveAppKey(tx, { appRef: tenant.app.id, keyId: input.id, at: new Date() });
    if (!revoked) return fail("not_found", "That key does not exist or is already revoked.");
    audit({ action: "credential.revoked", targetType: "app_key", targetId: revoked.id, before: { name: revoked.name, revoked: false }, after: { revoked: true } });
    return ok({ id: revoked.id });
  },
});
