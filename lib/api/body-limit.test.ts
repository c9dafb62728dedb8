import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitBody } from "./body-limit";

// A plain Node server whose handler, like Next.js in front of a proxy, answers only once the body
// has ended. With the limit, a client that sends part of a huge body is answered at once.

const LIMIT = 64 * 1024;
let server: Server;
let port = 0;

function onRequestStart(message: unknown) {
  const { request, response, socket } = message as { request: IncomingMessage; response: ServerResponse; socket: Socket };
  limitBody(request, response, socket, LIMIT);
}

beforeAll(async () => {
  subscribe("http.server.request.start", onRequestStart);
  server = createServer((request, response) => {
    let received = 0;
    request.on("data", (chunk: Buffer) => (received += chunk.byteLength));
    // Answered a moment after the body ends, as Next.js does.
    request.on("end", () => setTimeout(() => response.end(JSON.stringify({ received })), 10));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  unsubscribe("http.server.request.start", onRequestStart);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

type Answer = { connection: string | undefined; received: number };

/** Sends `sent` bytes of a body (of `declared` bytes, or chunked when undefined) without finishing it unless told; the answer, or null after 5 s. */
function post({ sent, declared, finish = false }: { sent: number; declared?: number; finish?: boolean }): Promise<Answer | null> {
  return new Promise((resolve) => {
    const headers = declared === undefined ? {} : { "content-length": String(declared) };
    const request = httpRequest({ host: "127.0.0.1", port, method: "POST", path: "/v2/inputs", headers }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => {
        clearTimeout(timer);
        resolve({ connection: response.headers.connection, received: (JSON.parse(body) as { received: number }).received });
        request.destroy();
      });
    });
    request.on("error", () => undefined);
    const timer = setTimeout(() => {
      request.destroy();
      resolve(null);
    }, 5000);
    const piece = Buffer.alloc(16 * 1024, "a");
    for (let at = 0; at < sent; at += piece.length) request.write(piece);
    if (finish) request.end();
  });
}

describe("limitBody", () => {
  it("ends a body whose Content-Length is over the limit before reading any of it, and closes the connection after the answer", async () => {
    expect(await post({ declared: 50 * 1024 * 1024, sent: 512 * 1024 })).toEqual({ connection: "close", received: 0 });
  });

  it("ends a chunked body once it passes the limit, reading no more of it", async () => {
    const answer = await post({ sent: 1024 * 1024 });
    expect(answer?.connection).toBe("close");
    expect(answer!.received).toBeGreaterThan(LIMIT);
    expect(answer!.received).toBeLessThanOrEqual(LIMIT + 64 * 1024);
  });

  it("passes a body within the limit whole, keeping the connection", async () => {
    expect(await post({ declared: LIMIT, sent: LIMIT, finish: true })).toEqual({ connection: "keep-alive", received: LIMIT });
  });
});
