import { getDb } from "@/db/client";
import { ENDPOINTS, effectiveScopes, evaluateEndpoint } from "@/lib/authz";
import { authorizeAppCall } from "./authorize";
import { apiResponse } from "./envelope";

/** MyScopes: what this key may do on the app right now (grants ∩ credential), per lib/authz. */
export async function myScopes(request: Request, target: { ownerHandle: string; appId: string } | "key_app"): Promise<Response> {
  const db = await getDb();
  const call = await authorizeAppCall(db, request, target, "/clarifai.api.V2/MyScopes");
  if (call instanceof Response) return call;
  const now = new Date();
  const { grants } = call.access;
  const { credential } = call.caller;
  return apiResponse("ok", {
    scopes: effectiveScopes(grants, credential, now),
    endpoints: ENDPOINTS.filter((endpoint) => evaluateEndpoint(grants, credential, endpoint.name, { now }).allowed).map((endpoint) => endpoint.name),
    app: { id: call.access.app.appId, user_id: call.access.app.ownerHandle, name: call.access.app.name },
  });
}
