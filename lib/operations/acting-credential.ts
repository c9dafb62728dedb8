// The credential an operation's principal acts through, as lib/authz's no-escalation checks
// (mayGrantScopes, mayManageCollaborator, mayCreateKey) take it. A browser session is the person:
// it carries their full grants, so these checks then ask only what the grants allow, as before.

import { SESSION, type ActingCredential } from "@/lib/authz";
import type { Principal } from "./operation";

export function actingCredential(principal: Principal, now = new Date()): ActingCredential {
  return { credential: principal.credential ?? SESSION, now };
}
