import { randomBytes } from "node:crypto";

// Internal primary keys: a type prefix and 120 random bits, so ids say what they point at and
// cannot be guessed or enumerated. User-facing handles are separate columns.
export type IdPrefix = "usr" | "org" | "mem" | "aud" | "ntf" | "eml" | "evt" | "app" | "inv" | "tea" | "grp" | "col" | "key" | "env" | "clu" | "npl" | "ncc" | "dep" | "bud" | "bal" | "stm";

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(15).toString("base64url")}`;
}
