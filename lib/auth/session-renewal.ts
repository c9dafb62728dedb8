import { createHmac } from "node:crypto";
import { constantTimeEqual } from "@/lib/secrets";
import type { SessionRenewal } from "@/lib/services/account-security";

// Re-issuing the acting session's token after a change that ended the account's other sessions.
// next-auth re-issues a token through its "update" trigger, which a browser can also fire with
// data of its own choosing (POST /api/auth/session), so the new version is accepted only with a
// proof that this server made: an HMAC under the session secret, binding the account, the version
// the token must carry now, and the version it moves to. The proof never leaves the server, and a
// token whose session was already ended carries an older version and cannot use it.

type SealedRenewal = SessionRenewal & { proof: string };

function proofOf(renewal: SessionRenewal, secret: string): string {
  return createHmac("sha256", secret).update(`session-renewal\n${renewal.userId}\n${renewal.from}\n${renewal.to}`).digest("base64url");
}

/** What the server hands next-auth's update so that the acting token moves to `renewal.to`. */
export function sealRenewal(renewal: SessionRenewal, secret: string): { renewal: SealedRenewal } {
  return { renewal: { ...renewal, proof: proofOf(renewal, secret) } };
}

function isSealed(value: unknown): value is SealedRenewal {
  if (!value || typeof value !== "object") return false;
  const { userId, from, to, proof } = value as Record<string, unknown>;
  return typeof userId === "string" && Number.isSafeInteger(from) && Number.isSafeInteger(to) && typeof proof === "string";
}

/**
 * The version a token moves to, or null when `data` is not a renewal this server sealed for this
 * token (another account, a version the token no longer carries, or a forged proof).
 */
export function renewedVersion(data: unknown, token: { userId: string | undefined; version: number }, secret: string): number | null {
  const renewal = data && typeof data === "object" ? (data as { renewal?: unknown }).renewal : undefined;
  if (!isSealed(renewal)) return null;
  if (renewal.userId !== token.userId || renewal.from !== token.version || renewal.to <= renewal.from) return null;
  return constantTimeEqual(renewal.proof, proofOf(renewal, secret)) ? renewal.to : null;
}
