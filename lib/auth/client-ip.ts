import { BlockList, isIP } from "node:net";
import { peerAddress, recordPeerAddresses } from "./peer-address";

// The client address used for sign-in throttling and the audit log. X-Forwarded-For is written by
// whoever sent the request, so an entry is believed only when a trusted proxy appended it:
// TRUSTED_PROXIES names those proxies (README "Configuration"). The rightmost link of the chain is
// always the TCP peer, taken from the socket (see peer-address.ts), never from a header.

export type ProxyTrust =
  | { kind: "none" }
  /** This many proxies in front of the console, each appending the address it saw. */
  | { kind: "hops"; hops: number }
  /** Proxies recognized by address: every chain entry inside these ranges is a proxy. */
  | { kind: "ranges"; ranges: BlockList; description: string };

export const UNKNOWN_ADDRESS = "unknown";
const MAX_HOPS = 16;

/** Parses TRUSTED_PROXIES: unset or `0` (none), a hop count, or a list of addresses and CIDR ranges. */
export function parseTrustedProxies(raw: string | undefined): ProxyTrust {
  const value = raw?.trim() ?? "";
  if (value === "" || value === "0") return { kind: "none" };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_HOPS) throw new Error(`TRUSTED_PROXIES: at most ${MAX_HOPS} proxy hops, got ${value}.`);
    return { kind: "hops", hops };
  }
  const ranges = new BlockList();
  const entries = value.split(/[\s,]+/).filter(Boolean);
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) || bits > maxBits) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is neither a proxy hop count nor an IP address or CIDR range (e.g. 10.0.0.0/8, fd00::/8).`);
    }
    const type = family === 6 ? "ipv6" : "ipv4";
    const mapped = family === 6 ? ipv4FromMapped(address) : null;
    // An IPv4-mapped IPv6 range is matched as the IPv4 range it denotes, since addresses are normalized that way.
    if (mapped && bits >= 96) ranges.addSubnet(mapped, bits - 96, "ipv4");
    else ranges.addSubnet(address, bits, type);
  }
  return { kind: "ranges", ranges, description: entries.join(", ") };
}

let configured: { raw: string | undefined; trust: ProxyTrust } | undefined;

/** TRUSTED_PROXIES from the environment, parsed once (and again if it changes, as tests do). */
export function trustedProxies(): ProxyTrust {
  const raw = process.env.TRUSTED_PROXIES;
  if (!configured || configured.raw !== raw) configured = { raw, trust: parseTrustedProxies(raw) };
  return configured.trust;
}

function ipv4FromMapped(address: string): string | null {
  const match = /^(?:0{0,4}:){0,5}ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (match && isIP(match[1]!) === 4) return match[1]!;
  return null;
}

/**
 * One address as written in X-Forwarded-For or by the socket: ports, brackets and the IPv4-mapped
 * IPv6 form removed, so one client is one string. Null when it is not an IP address.
 */
export function normalizeAddress(raw: string): string | null {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  const family = isIP(value);
  if (family === 4) return value;
  if (family === 6) return ipv4FromMapped(value) ?? value.toLowerCase();
  return null;
}

function isTrustedProxy(address: string, ranges: BlockList): boolean {
  return ranges.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address from the socket peer and the X-Forwarded-For chain, believing only what
 * trusted proxies wrote. Each proxy appends the address it received the request from, so the chain
 * is read from the right: the peer first, then one entry per trusted hop.
 */
export function clientAddress(input: { peer: string | null; forwardedFor: string | null }, trust: ProxyTrust): string {
  if (input.peer === null) return UNKNOWN_ADDRESS;
  if (trust.kind === "none") return normalizeAddress(input.peer) ?? UNKNOWN_ADDRESS;
  const chain = [...(input.forwardedFor ?? "").split(","), input.peer].map((entry) => entry.trim()).filter((entry) => entry !== "");
  if (trust.kind === "hops") {
    // Fewer entries than hops: the request skipped a proxy; the leftmost entry is all that is left.
    const entry = chain[Math.max(0, chain.length - 1 - trust.hops)] ?? "";
    return normalizeAddress(entry) ?? UNKNOWN_ADDRESS;
  }
  for (let index = chain.length - 1; index >= 0; index--) {
    const address = normalizeAddress(chain[index]!);
    // The first entry that is not a trusted proxy is the client; if a proxy wrote no address
    // there, the client is unknown rather than whatever text came along.
    if (address === null) return UNKNOWN_ADDRESS;
    if (!isTrustedProxy(address, trust.ranges) || index === 0) return address;
  }
  return UNKNOWN_ADDRESS;
}

/** The client address of the current request (route handler, server action or sign-in). */
export function clientIp(headers: Pick<Headers, "get">, trust: ProxyTrust = trustedProxies()): string {
  return clientAddress({ peer: peerAddress(headers), forwardedFor: headers.get("x-forwarded-for") }, trust);
}

/** At server start: fails on a malformed TRUSTED_PROXIES and starts recording socket addresses. */
export function recordClientAddresses(): void {
  trustedProxies();
  recordPeerAddresses();
}
