// The JSON body of an API request: at most 1 MB, a JSON object (or nothing at all).

import { apiResponse } from "./envelope";

export const MAX_BODY_BYTES = 1024 * 1024;

const TOO_LARGE = `The request body is larger than ${MAX_BODY_BYTES} bytes.`;

/** The parsed body (an empty object when there is none), or the 400 envelope that refuses it. */
export async function readJsonBody(request: Request): Promise<Record<string, unknown> | Response> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return apiResponse("badRequestFormat", {}, TOO_LARGE);
  const text = await readAtMost(request, MAX_BODY_BYTES);
  if (text === null) return apiResponse("badRequestFormat", {}, TOO_LARGE);
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return apiResponse("badRequestFormat", {}, `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return apiResponse("badRequestFormat", {}, "The request body must be a JSON object.");
  return parsed as Record<string, unknown>;
}

/** The body as text, or null as soon as it exceeds `limit` bytes (a lying Content-Length cannot make the server read more). */
async function readAtMost(request: Request, limit: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
