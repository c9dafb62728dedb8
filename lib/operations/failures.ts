// The one place a lib/authz decision becomes a failure, so every surface reports the denying layer
// and the missing scopes the same way (the API maps `details` onto its status envelope).
import type { Denied } from "@/lib/authz";
import { fail, type Failure } from "@/lib/result";

export const TENANT_NOT_FOUND = {
  org: "This organization does not exist or you are not a member.",
} as const;

export function deniedFailure(decision: Denied): Failure {
  if (decision.deniedBy === "not_org_member") return fail("not_found", TENANT_NOT_FOUND.org);
  return fail("forbidden", decision.message, undefined, { deniedBy: decision.deniedBy, missing: [...decision.missing] });
}
