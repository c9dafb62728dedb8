import { randomBytes, timingSafeEqual } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

// Route handlers, server actions and next-auth see only a Web `Request`, never the socket. Next.js's
// own server writes the socket address into X-Forwarded-For only when the request carries none
// (`x-forwarded-for ??= socket.remoteAddress` in base-server), so a client that sends the header
// hides its real address. Node publishes every incoming request on the `http.server.request.start`
// channel before the server's request listener runs; the subscriber below writes the socket
// address into a header of its own, overwriting whatever the client sent under that name.
//
// Requests that arrived before the subscriber existed (while the server starts) could carry a
// forged header of that name, so each value is stamped with a secret drawn once per process, and
// a value without the stamp is ignored.

const PEER_HEADER = "x-access-console-peer";
const STATE_KEY = Symbol.for("access-console.peer-address");

type PeerState = { stamp: string; stampBytes?: Buffer };
type GlobalWithPeerState = typeof globalThis & { [STATE_KEY]?: PeerState };

/** Starts recording each request's socket address. Idempotent; call once when the server starts. */
export function recordPeerAddresses(): void {
  // One state per process: route handlers are bundled apart from instrumentation, globalThis is shared.
  const global = globalThis as GlobalWithPeerState;
  if (global[STATE_KEY]) return;
  const state: PeerState = { stamp: randomBytes(16).toString("hex") };
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = `${state.stamp} ${socket.remoteAddress ?? ""}`;
  });
  global[STATE_KEY] = state;
}

/** The socket address recorded for this request, or null when none was recorded by this process. */
export function peerAddress(headers: Pick<Headers, "get">): string | null {
  const state = (globalThis as GlobalWithPeerState)[STATE_KEY];
  const value = headers.get(PEER_HEADER);
  if (!state || !value) return null;
  const [stamp, address, ...rest] = value.split(" ");
  if (!stamp || !address || rest.length > 0) return null;
  const expected = (state.stampBytes ??= Buffer.from(state.stamp));
  const given = Buffer.from(stamp);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return address;
}
