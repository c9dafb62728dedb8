// The /v2 adapter over operation descriptors: the principal is the credential's owner (cookies are
// ignored), the tenant comes from the path (or, for an app key's short paths, from the key), the
// runner decides the operation's own rule and this endpoint for the credential, and failures become
// the Clarifai envelope. No business rule lives here.

import { getDb, type Database } from "@/db/client";
import type { EndpointName } from "@/lib/authz";
import { clientIp } from "@/lib/auth/client-ip";
import type { AppOperation } from "@/lib/operations/operation";
import { runOperation } from "@/lib/operations/runner";
import type { Failure } from "@/lib/result";
import { resolveAppByIdForUser } from "@/lib/services/access";
import { authenticateRequest } from "./authorize";
import { apiResponse } from "./envelope";

export type AppTarget = { ownerHandle: string; appId: string } | "key_app";

function failureResponse(failure: Failure): Response {
  switch (failure.code) {
    case "not_found":
      return apiResponse("appNotFound", {}, { message: failure.message });
    case "forbidden": {
      const details = (failure.details ?? {}) as { deniedBy?: string; missing?: readonly string[] };
      return apiResponse("insufficientScopes", {}, { denied_by: details.deniedBy, missing_scopes: details.missing ?? [], message: failure.message });
    }
    case "invalid_input":
    case "conflict":
      return apiResponse("badRequest", {}, { message: failure.message, ...(failure.fieldErrors ? { fields: failure.fieldErrors } : {}) });
    case "unauthenticated":
      return apiResponse("invalidKey");
    default:
      return apiResponse("internal", {}, { message: failure.message });
  }
}

/**
 * Serves one app operation as the endpoint `endpoint`. `input` reads the operation's own fields
 * from the request (none by default); `body` shapes a success into the response's resource fields.
 */
export async function serveAppOperation<Input, Output>(
  request: Request,
  target: AppTarget,
  operation: AppOperation<Input, Output>,
  endpoint: EndpointName,
  {
    input,
    body,
    db: given,
  }: {
    input?: (request: Request) => Promise<Record<string, unknown>>;
    body: (output: Output) => Record<string, unknown>;
    /** Defaults to the process-wide database (tests pass their own). */
    db?: Database;
  },
): Promise<Response> {
  const db = given ?? (await getDb());
  const caller = await authenticateRequest(db, request);
  if (caller instanceof Response) return caller;
  let tenant: { owner: string; app: string };
  if (target === "key_app") {
    if (caller.kind !== "app_key" || !caller.appId) {
      return apiResponse("badRequest", {}, { message: "This path needs an app-specific API key; with a personal access token use /v2/users/{user_id}/apps/{app_id}/…" });
    }
    const access = await resolveAppByIdForUser(db, caller.userId, caller.appId);
    if (!access) return apiResponse("appNotFound", {}, { message: "The app does not exist or this key's owner has no access to it." });
    tenant = { owner: access.app.ownerHandle, app: access.app.appId };
  } else {
    tenant = { owner: target.ownerHandle, app: target.appId };
  }
  const fields = input ? await input(request) : {};
  const result = await runOperation(operation, { userId: caller.userId, credential: caller.credential }, { ...fields, ...tenant }, { db, ip: clientIp(request.headers), endpoint, serving: given === undefined });
  return result.ok ? apiResponse("ok", body(result.data)) : failureResponse(result);
}
