import type { Database } from "@/db/client";
import { evaluateEndpoint, type EndpointName } from "@/lib/authz";
import { resolveAppByIdForUser, resolveAppForUser, type AppAccess } from "@/lib/services/access";
import { authenticateSecret, type AuthenticatedCredential } from "@/lib/services/credentials";
import { apiResponse } from "./envelope";

// Every API route: authenticate the key (cookies are ignored), resolve the app the path names as
// the key's owner sees it, and ask lib/authz whether this endpoint may run. Denials carry the
// denying layer and the missing scopes.

export type ApiCaller = AuthenticatedCredential;
export type AppCall = { caller: ApiCaller; access: AppAccess };

/** Reads `Authorization: Key <secret>` and resolves it; a Response on failure. */
export async function authenticateRequest(db: Database, request: Request): Promise<ApiCaller | Response> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Key\s+(\S+)$/.exec(header.trim());
  if (!match) return apiResponse("missingKey");
  const result = await authenticateSecret(db, match[1]!);
  if (!result.ok) return apiResponse("invalidKey");
  return result.data;
}

/**
 * Authorizes one endpoint call on the app named by (ownerHandle, appId) — or, for an app key
 * without a path, on the key's own app.
 */
export async function authorizeAppCall(
  db: Database,
  request: Request,
  target: { ownerHandle: string; appId: string } | "key_app",
  endpoint: EndpointName,
  options: { visualQuery?: boolean } = {},
): Promise<AppCall | Response> {
  const caller = await authenticateRequest(db, request);
  if (caller instanceof Response) return caller;
  let access: AppAccess | null;
  if (target === "key_app") {
    if (caller.kind !== "app_key" || !caller.appId) return apiResponse("badRequest", {}, { message: "This path needs an app-specific API key; with a personal access token use /v2/users/{user_id}/apps/{app_id}/…" });
    access = await resolveAppByIdForUser(db, caller.userId, caller.appId);
  } else {
    access = await resolveAppForUser(db, caller.userId, target.ownerHandle, target.appId);
  }
  if (!access) return apiResponse("appNotFound", {}, { message: "The app does not exist or this key's owner has no access to it." });
  const decision = evaluateEndpoint(access.grants, caller.credential, endpoint, { now: new Date(), visualQuery: options.visualQuery ?? false });
  if (!decision.allowed) {
    return apiResponse("insufficientScopes", {}, { denied_by: decision.deniedBy, missing_scopes: decision.missing, message: decision.message });
  }
  return { caller, access };
}
