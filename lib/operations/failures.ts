// The one place a lib/authz decision becomes a failure, so every surface reports the denying layer
// and the missing scopes the same way (the API maps `details` onto its status envelope).
import type { Denied } from "@/lib/authz";
import { fail, type Failure } from "@/lib/result";

export const TENANT_NOT_FOUND = {
  org: "This organization does not exist or you are not a member.",
  app: "This app does not exist or you do not have access to it.",
} as const;

export function deniedFailure(decision: Denied, tenant: keyof typeof TENANT_NOT_FOUND = "org"): Failure {
  // Someone with no standing at all is told the tenant does not exist, never what they lack.
  if (decision.deniedBy === "not_org_member" || decision.deniedBy === "no_app_access") return fail("not_found", TENANT_NOT_FOUND[tenant]);
  return fail("forbidden", decision.message, undefined, { deniedBy: decision.deniedBy, missing: [...decision.missing] });
}
