// MyScopes: what the caller may do on the app right now — the grants ∩ the credential's scopes,
// and the endpoints lib/authz would let it call — as the API's MyScopes answers it.

import { SESSION, callableEndpoints, compileCredential, effectiveScopes, evaluateAppAccess } from "@/lib/authz";
import { ok } from "@/lib/result";
import { apiInput } from "./api-input";
import { defineAppOperation } from "./operation";

export const myScopes = defineAppOperation({
  name: "scopes.mine",
  input: apiInput({}),
  // Any access to the app (the endpoint's own decision is the API adapter's).
  authorize: ({ grants }) => evaluateAppAccess(grants),
  readOnly: true,
  async run({ authority, principal, tenant }) {
    const now = new Date();
    const credential = compileCredential(principal.credential ?? SESSION);
    return ok({
      scopes: effectiveScopes(authority.grants, credential, now),
      endpoints: callableEndpoints(authority.grants, credential, now),
      app: { id: tenant.app.appId, user_id: tenant.app.ownerHandle, name: tenant.app.name },
    });
  },
});
