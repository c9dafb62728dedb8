// Clarifai clients repeat the app in `user_app_id` — in POST/PATCH/DELETE bodies, and as
// `user_app_id.user_id` / `user_app_id.app_id` in GET queries. It is accepted when it names the
// app the path names (`me` and any letter case of the owner included) and refused when it
// contradicts it; either way it is removed before the operation sees the input.

import { handleKey } from "@/lib/validation/common";
import { apiReply, type ApiReply } from "./envelope";

type Named = { user_id?: unknown; app_id?: unknown };

export function checkUserAppId(
  body: Record<string, unknown>,
  query: URLSearchParams,
  /** The app the request is for; an account-level request names its user only. */
  tenant: { owner: string; app?: string },
  callerHandle: string,
): { body: Record<string, unknown> } | ApiReply {
  const { user_app_id: fromBody, ...rest } = body;
  const named: Named[] = [];
  if (fromBody !== undefined) {
    if (typeof fromBody !== "object" || fromBody === null || Array.isArray(fromBody)) return contradiction("user_app_id must be an object with user_id and app_id.");
    named.push(fromBody as Named);
  }
  const queryUser = query.get("user_app_id.user_id");
  const queryApp = query.get("user_app_id.app_id");
  if (queryUser !== null || queryApp !== null) named.push({ user_id: queryUser ?? undefined, app_id: queryApp ?? undefined });
  for (const { user_id, app_id } of named) {
    const target = tenant.app === undefined ? `the user ${tenant.owner}` : `the app this request is for (${tenant.owner}/${tenant.app})`;
    if (user_id !== undefined && user_id !== "" && !sameOwner(user_id, tenant.owner, callerHandle)) {
      return contradiction(`user_app_id.user_id "${String(user_id)}" contradicts ${target}.`);
    }
    if (tenant.app !== undefined && app_id !== undefined && app_id !== "" && app_id !== tenant.app) {
      return contradiction(`user_app_id.app_id "${String(app_id)}" contradicts ${target}.`);
    }
  }
  return { body: rest };
}

function sameOwner(named: unknown, owner: string, callerHandle: string): boolean {
  if (typeof named !== "string") return false;
  const key = handleKey(named === "me" ? callerHandle : named);
  return key === handleKey(owner);
}

function contradiction(message: string): ApiReply {
  return apiReply("badRequest", {}, message);
}
