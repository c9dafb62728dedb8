import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A URL-safe random secret with 256 bits of entropy (verification links and the like). */
export function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
