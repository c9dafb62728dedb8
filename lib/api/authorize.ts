import type { Database } from "@/db/client";
import { authenticateSecret, type AuthenticatedCredential } from "@/lib/services/credentials";
import { apiResponse } from "./envelope";

// Authenticating an API call: `Authorization: Key <secret>` (cookies are ignored). What the
// caller may then do is the runner's decision (lib/api/operation-route.ts).

export type ApiCaller = AuthenticatedCredential;

/** Reads `Authorization: Key <secret>` and resolves it; a Response on failure. */
export async function authenticateRequest(db: Database, request: Request): Promise<ApiCaller | Response> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Key\s+(\S+)$/.exec(header.trim());
  if (!match) return apiResponse("missingKey");
  const result = await authenticateSecret(db, match[1]!);
  if (!result.ok) return apiResponse("invalidKey");
  return result.data;
}
