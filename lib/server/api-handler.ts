// The API's data plane: a /v2 request goes from Node's HTTP server straight to the dispatcher (the
// same route table, descriptors, runner and envelope as under `next dev`, where the route handler in
// app/api/v2 serves it), without the page framework's request machinery, which cost many times the
// work of a call. Paths Next.js itself would rewrite first (a trailing or doubled slash) are left to
// it, so they are answered as before.
import type { IncomingMessage, ServerResponse } from "node:http";
import { apiSegments, isApiPath } from "@/lib/api/api-path";
import { dispatchReply } from "@/lib/api/dispatch";
import { failedCallReply, type ApiReply } from "@/lib/api/envelope";
import { apiPreflightRefusal } from "@/lib/api/preflight";
import type { ApiRequest, HeaderReader } from "@/lib/api/request";

/** Answers a /v2 request; returns false (having done nothing) when Next.js should answer it. */
export function handleApiRequest(request: IncomingMessage, response: ServerResponse): boolean {
  const target = request.url ?? "/";
  const queryAt = target.indexOf("?");
  const pathname = queryAt === -1 ? target : target.slice(0, queryAt);
  if (!isApiPath(pathname)) return false;
  const method = request.method ?? "GET";
  const refusal = apiPreflightRefusal(method, pathname);
  if (refusal !== null) {
    writeReply(request, response, refusal);
    return true;
  }
  const segments = apiSegments(pathname);
  if (segments === null) return false;
  void serve(request, response, { method, url: `http://localhost${target}`, headers: new NodeHeaders(request), body: method === "GET" || method === "HEAD" ? null : request }, segments, pathname);
  return true;
}

async function serve(request: IncomingMessage, response: ServerResponse, apiRequest: ApiRequest, segments: string[], pathname: string): Promise<void> {
  let reply: ApiReply;
  try {
    reply = await dispatchReply(apiRequest, segments);
  } catch (error) {
    reply = failedCallReply(error, { method: apiRequest.method, path: pathname, operation: "dispatch" });
  }
  writeReply(request, response, reply);
}

/** A request's headers as the dispatcher reads them, straight from Node's (names are lower case there). */
class NodeHeaders implements HeaderReader {
  constructor(private readonly request: IncomingMessage) {}

  get(name: string): string | null {
    const value = this.request.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }
}

function writeReply(request: IncomingMessage, response: ServerResponse, reply: ApiReply): void {
  try {
    const body = reply.payload === null ? null : JSON.stringify(reply.payload);
    const headers: Record<string, string | number> = { ...reply.headers };
    if (body !== null) headers["content-length"] = Buffer.byteLength(body);
    response.writeHead(reply.status, headers);
    response.end(request.method === "HEAD" ? undefined : body);
  } catch (error) {
    // The answer could not be written (the client went away): nothing is left to tell it.
    console.error(`[api] ${request.method} ${request.url?.split("?")[0]} could not be answered: ${error instanceof Error ? error.message : String(error)}`);
    response.destroy();
  }
}
