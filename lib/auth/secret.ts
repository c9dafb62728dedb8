import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { dataDirectory } from "@/db/client";

/**
 * AUTH_SECRET signs session tokens. It must be set (and equal on every instance) when running
 * against PostgreSQL; on the embedded database a secret is generated once and kept beside the
 * data, so sessions survive restarts of the one-command setup.
 */
export function authSecret(): string {
  const configured = process.env.AUTH_SECRET;
  if (configured) return configured;
  if (process.env.DATABASE_URL) {
    throw new Error("AUTH_SECRET must be set when DATABASE_URL is set (every web instance needs the same secret).");
  }
  const file = path.join(path.dirname(dataDirectory()), "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  }
}
