import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { isApiPath } from "./api-path";
import { MAX_BODY_BYTES } from "./request-body";

// Next.js keeps a copy of the body of every request its proxy runs on (proxy.ts runs on /v2), and
// holds the request until that body has ended — so the route handler's limit (readJsonBody) came
// too late: a /v2 body of any size was received to its last byte before the 400. Node publishes
// each request on `http.server.request.start` before Next.js sees it; for /v2 requests the
// subscriber below ends the body once it passes MAX_BODY_BYTES (at once when its Content-Length
// already does), stops reading the socket, and has the connection closed after the answer, so the
// rest of the body is never read. The route handler then answers 400 / 11100 as before.

const STATE_KEY = Symbol.for("access-console.api-body-limit");

type GlobalWithLimit = typeof globalThis & { [STATE_KEY]?: true };

type RequestStart = { request: IncomingMessage; response: ServerResponse; socket: Socket };

/** Starts limiting the bodies of /v2 requests. Idempotent; call once when the server starts. */
export function limitApiRequestBodies(limit = MAX_BODY_BYTES): void {
  const global = globalThis as GlobalWithLimit;
  if (global[STATE_KEY]) return;
  subscribe("http.server.request.start", (message) => {
    const { request, response, socket } = message as RequestStart;
    if (isApiPath(request.url ?? "")) limitBody(request, response, socket, limit);
  });
  global[STATE_KEY] = true;
}

/** Ends `request`'s body after the chunk that takes it over `limit` bytes; what follows is never read. */
export function limitBody(request: IncomingMessage, response: ServerResponse, socket: Socket, limit: number): void {
  const push = request.push.bind(request);
  let received = 0;
  let cut = false;
  const cutOff = () => {
    cut = true;
    socket.pause();
    // The unread rest of the body would be taken for the next request on this connection.
    response.shouldKeepAlive = false;
    // A body that ends before the message does counts as aborted by the client, and Node would
    // drop the connection before the answer; it is closed after the answer instead.
    request._destroy = (error, callback) => callback(error);
    push(null);
  };
  // Node's HTTP parser hands each chunk of the body to push(); a chunk after the cut is dropped.
  request.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (cut) return false;
    if (chunk === null) return push(null);
    received += (chunk as Buffer).byteLength;
    const accepted = push(chunk, encoding);
    if (received <= limit) return accepted;
    cutOff();
    return false;
  };
  if (Number(request.headers["content-length"] ?? "0") > limit) cutOff();
}
