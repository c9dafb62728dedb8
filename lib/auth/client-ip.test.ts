import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNKNOWN_ADDRESS, clientAddress, clientIp, normalizeAddress, parseTrustedProxies } from "./client-ip";
import { peerAddress, recordPeerAddresses } from "./peer-address";

const none = parseTrustedProxies(undefined);

describe("parseTrustedProxies", () => {
  it("reads nothing, a hop count or a list of addresses and ranges", () => {
    expect(parseTrustedProxies(undefined)).toEqual({ kind: "none" });
    expect(parseTrustedProxies(" ")).toEqual({ kind: "none" });
    expect(parseTrustedProxies("0")).toEqual({ kind: "none" });
    expect(parseTrustedProxies("2")).toEqual({ kind: "hops", hops: 2 });
    const ranges = parseTrustedProxies("10.0.0.0/8, 192.168.1.5 fd00::/8");
    expect(ranges).toMatchObject({ kind: "ranges", description: "10.0.0.0/8, 192.168.1.5, fd00::/8" });
  });

  it("refuses what it cannot read, naming the entry", () => {
    for (const bad of ["17", "-1", "1.5", "yes", "10.0.0.0/33", "10.0.0.0/8/1", "10.0.0/8", "fd00::/129", "2, 10.0.0.1", "10.0.0.0/"]) {
      expect(() => parseTrustedProxies(bad), bad).toThrow(/TRUSTED_PROXIES/);
    }
  });
});

describe("normalizeAddress", () => {
  it("strips ports, brackets and the IPv4-mapped form; rejects non-addresses", () => {
    expect(normalizeAddress(" 203.0.113.9 ")).toBe("203.0.113.9");
    expect(normalizeAddress("203.0.113.9:4711")).toBe("203.0.113.9");
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("2001:db8::1")).toBe("2001:db8::1");
    for (const bad of ["", "unknown", "evil.example", "999.1.1.1", "1.2.3.4, 5.6.7.8", "_hidden"]) expect(normalizeAddress(bad), bad).toBeNull();
  });
});

describe("clientAddress", () => {
  const spoofed = "198.51.100.1, 198.51.100.2";

  it("with no trusted proxy uses the socket peer and ignores X-Forwarded-For", () => {
    expect(clientAddress({ peer: "::ffff:203.0.113.5", forwardedFor: spoofed }, none)).toBe("203.0.113.5");
    expect(clientAddress({ peer: "203.0.113.5", forwardedFor: null }, none)).toBe("203.0.113.5");
  });

  it("without a recorded peer answers one shared unknown address, whatever the headers say", () => {
    expect(clientAddress({ peer: null, forwardedFor: spoofed }, none)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress({ peer: null, forwardedFor: spoofed }, parseTrustedProxies("1"))).toBe(UNKNOWN_ADDRESS);
  });

  it("with N trusted hops takes the entry N from the right, the peer counting as the rightmost", () => {
    // client 203.0.113.7 → proxy A (10.0.0.2) → proxy B (10.0.0.3) → console; the client forged two entries.
    const forwardedFor = `${spoofed}, 203.0.113.7, 10.0.0.2`;
    expect(clientAddress({ peer: "10.0.0.3", forwardedFor }, parseTrustedProxies("2"))).toBe("203.0.113.7");
    expect(clientAddress({ peer: "10.0.0.2", forwardedFor: `${spoofed}, 203.0.113.7` }, parseTrustedProxies("1"))).toBe("203.0.113.7");
    // Fewer entries than hops: the leftmost is all there is.
    expect(clientAddress({ peer: "10.0.0.2", forwardedFor: null }, parseTrustedProxies("3"))).toBe("10.0.0.2");
    // A trusted proxy that wrote no address: one shared unknown address rather than the forged text.
    expect(clientAddress({ peer: "10.0.0.2", forwardedFor: "nonsense" }, parseTrustedProxies("1"))).toBe(UNKNOWN_ADDRESS);
  });

  it("with trusted ranges skips trusted proxies from the right and stops at the first other address", () => {
    const trust = parseTrustedProxies("10.0.0.0/8, fd00::/8");
    expect(clientAddress({ peer: "10.0.0.3", forwardedFor: `${spoofed}, 203.0.113.7, 10.0.0.2` }, trust)).toBe("203.0.113.7");
    expect(clientAddress({ peer: "::ffff:10.1.2.3", forwardedFor: `${spoofed}, [2001:db8::9]:51000, fd00::1` }, trust)).toBe("2001:db8::9");
    // The peer itself is not a trusted proxy: its headers are ignored.
    expect(clientAddress({ peer: "203.0.113.8", forwardedFor: "10.0.0.1" }, trust)).toBe("203.0.113.8");
    // Everything trusted: the leftmost entry.
    expect(clientAddress({ peer: "10.0.0.3", forwardedFor: "10.0.0.9" }, trust)).toBe("10.0.0.9");
    // Not an address where the client should be.
    expect(clientAddress({ peer: "10.0.0.3", forwardedFor: "203.0.113.7, garbage" }, trust)).toBe(UNKNOWN_ADDRESS);
  });

  it("accepts an IPv4-mapped IPv6 range as the IPv4 range it denotes", () => {
    const trust = parseTrustedProxies("::ffff:10.0.0.0/104");
    expect(clientAddress({ peer: "::ffff:10.2.3.4", forwardedFor: "203.0.113.7" }, trust)).toBe("203.0.113.7");
  });
});

// The whole path on a real socket: the subscriber records the peer, and headers a client sends —
// X-Forwarded-For or a forged peer header — do not change the answer.
describe("clientIp on a real server", () => {
  let port = 0;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    recordPeerAddresses();
    const server = createServer((req, res) => {
      const headers = toHeaders(req.headers);
      const trust = parseTrustedProxies(req.url === "/one-hop" ? "1" : undefined);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ip: clientIp(headers, trust), peer: peerAddress(headers) }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close());

  function toHeaders(incoming: IncomingHttpHeaders): Headers {
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    return headers;
  }

  function get(path: string, headers: Record<string, string | string[]>): Promise<{ ip: string; peer: string | null }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path, headers }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve(JSON.parse(body) as { ip: string; peer: string | null }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("ignores spoofed X-Forwarded-For, X-Real-IP and peer headers when no proxy is trusted", async () => {
    for (const forged of ["203.0.113.1", "203.0.113.2, 198.51.100.3", "unknown"]) {
      const answer = await get("/", { "x-forwarded-for": forged, "x-real-ip": "203.0.113.4", "x-access-console-peer": "0123 203.0.113.5" });
      expect(answer.ip).toBe("127.0.0.1");
    }
    expect((await get("/", { "x-forwarded-for": ["203.0.113.1", "203.0.113.2"] })).ip).toBe("127.0.0.1");
  });

  it("with one trusted hop believes only the entry the proxy appended", async () => {
    expect((await get("/one-hop", { "x-forwarded-for": "198.51.100.9, 203.0.113.7" })).ip).toBe("203.0.113.7");
    expect((await get("/one-hop", {})).ip).toBe("127.0.0.1");
  });

  it("a peer header without this process's stamp is not believed", () => {
    expect(peerAddress(new Headers({ "x-access-console-peer": "0123 203.0.113.5" }))).toBeNull();
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.5" }), none)).toBe(UNKNOWN_ADDRESS);
  });
});
