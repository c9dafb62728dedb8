// The credential an operation's principal acts through, as lib/authz's no-escalation checks
// (mayGrantScopes, mayManageCollaborator, mayCreateKey) take it. A browser session is the person:
// it carries their full grants, so these checks then ask only what the grants allow, as before.

import type { DbOrTx } from "@/db/client";
import { findUser } from "@/db/queries/accounts";
import { SESSION, type ActingCredential, type KeyHolder } from "@/lib/authz";
import type { Principal } from "./operation";

export function actingCredential(principal: Principal, now = new Date()): ActingCredential {
  return { credential: principal.credential ?? SESSION, now };
}

/** The person a new key is for, read in the transaction that makes it (mayCreateKey's holder). */
export async function keyHolder(tx: DbOrTx, principal: Principal): Promise<KeyHolder> {
  const user = await findUser(tx, { userId: principal.userId });
  return { addressVerified: user?.emailVerifiedAt !== null && user?.emailVerifiedAt !== undefined };
}
