// The JSON body of an API request: at most 1 MB, a JSON object (or nothing at all).

import { apiReply, type ApiReply } from "./envelope";
import type { ApiRequest } from "./request";

export const MAX_BODY_BYTES = 1024 * 1024;

const TOO_LARGE = `The request body is larger than ${MAX_BODY_BYTES} bytes.`;

/** The parsed body (an empty object when there is none), or the 400 envelope that refuses it. */
export async function readJsonBody(request: ApiRequest): Promise<Record<string, unknown> | ApiReply> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return apiReply("badRequestFormat", {}, TOO_LARGE);
  const text = await readAtMost(request, MAX_BODY_BYTES);
  if (text === null) return apiReply("badRequestFormat", {}, TOO_LARGE);
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return apiReply("badRequestFormat", {}, `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return apiReply("badRequestFormat", {}, "The request body must be a JSON object.");
  return parsed as Record<string, unknown>;
}

/** The body as text, or null as soon as it exceeds `limit` bytes (a lying Content-Length cannot make the server read more). */
async function readAtMost(request: ApiRequest, limit: number): Promise<string | null> {
  const { body } = request;
  if (!body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early cancels the stream: the rest of the body is never read.
  for await (const chunk of "getReader" in body ? readerChunks(body) : body) {
    size += chunk.byteLength;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function* readerChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel();
  }
}
