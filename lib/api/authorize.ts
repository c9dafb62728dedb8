import type { Database } from "@/db/client";
import { parseToken } from "@/lib/credentials/token";
import { authenticateSecret, type AuthenticatedCredential } from "@/lib/services/credentials";
import { apiResponse } from "./envelope";

// Authenticating an API call: `Authorization: Key <secret>` (cookies are ignored). What the
// caller may then do is the runner's decision. Unknown, revoked and expired keys get one
// identical answer, so an answer never tells which of them a key is.

export type ApiCaller = AuthenticatedCredential;

const MISSING = "Empty or malformed authorization header. Please provide an API key or session token.";

/**
 * Reads `Authorization: Key <secret>` and resolves it; the 401 envelope on failure, with the
 * method's repeated fields (`empty`) present as Clarifai answers them.
 */
export async function authenticateApiKey(db: Database, request: Request, empty: Record<string, unknown[]> = {}): Promise<ApiCaller | Response> {
  const header = (request.headers.get("authorization") ?? "").trim();
  const match = /^Key\s+(\S+)$/i.exec(header);
  if (!match) return apiResponse("missingKey", empty, MISSING);
  const secret = match[1]!;
  if (!parseToken(secret)) return apiResponse("malformedKey", empty, "Invalid format of key.");
  const result = await authenticateSecret(db, secret);
  if (!result.ok) return apiResponse("keyNotFound", empty, "The key is not known, or it was revoked or has expired.");
  return result.data;
}
