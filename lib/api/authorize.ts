import { parseToken } from "@/lib/credentials/token";
import { apiReply, type ApiReply } from "./envelope";
import type { ApiRequest } from "./request";

// The key an API call presents: `Authorization: Key <secret>` (cookies are ignored). Only its
// form is checked here; whether it is known and live is read with the rest of the call
// (lib/services/api-calls.ts), and unknown, revoked and expired keys get one identical answer.

const MISSING = "Empty or malformed authorization header. Please provide an API key or session token.";
const BEARER = "This API takes keys in the Key scheme, not Bearer: send the header `Authorization: Key <your token or key>`.";

/**
 * The secret of `Authorization: Key <secret>`, or the 401 envelope when the header is missing or
 * the secret malformed, with the method's repeated fields (`empty`) present as Clarifai answers them.
 */
export function presentedKey(request: ApiRequest, empty: Record<string, unknown[]> = {}): string | ApiReply {
  const header = (request.headers.get("authorization") ?? "").trim();
  const match = /^Key\s+(\S+)$/i.exec(header);
  if (!match) return apiReply("missingKey", empty, /^Bearer\s/i.test(header) ? BEARER : MISSING);
  const secret = match[1]!;
  if (!parseToken(secret)) return apiReply("malformedKey", empty, "Invalid format of key.");
  return secret;
}

/** The answer to a key that is not known, or was revoked or has expired. */
export function unknownKey(empty: Record<string, unknown[]> = {}): ApiReply {
  return apiReply("keyNotFound", empty, "The key is not known, or it was revoked or has expired.");
}
