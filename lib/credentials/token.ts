import { createHash, randomBytes } from "node:crypto";

// Credential secrets: `<prefix>_<body><checksum>`. The body is 192 random bits in base62; the
// checksum (CRC-32 of prefix and body, 6 base62 characters) lets a typo be rejected without a
// database lookup. Only the SHA-256 of the whole token is stored, with a short hint for lists.

export const TOKEN_PREFIXES = { pat: "acpat", app_key: "ackey" } as const;
export type TokenKind = keyof typeof TOKEN_PREFIXES;

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_LENGTH = 33; // 62^33 > 2^192
const CHECKSUM_LENGTH = 6;
const TOKEN_PATTERN = new RegExp(`^(${Object.values(TOKEN_PREFIXES).join("|")})_([0-9A-Za-z]{${BODY_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);

function toBase62(value: bigint, length: number): string {
  let out = "";
  let rest = value;
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(rest % 62n)]! + out;
    rest /= 62n;
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, "utf8")) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function checksum(prefix: string, body: string): string {
  return toBase62(BigInt(crc32(`${prefix}_${body}`)), CHECKSUM_LENGTH);
}

export type IssuedToken = { secret: string; hash: string; hint: string };

export function issueToken(kind: TokenKind): IssuedToken {
  const prefix = TOKEN_PREFIXES[kind];
  const body = toBase62(BigInt(`0x${randomBytes(25).toString("hex")}`), BODY_LENGTH);
  const secret = `${prefix}_${body}${checksum(prefix, body)}`;
  return { secret, hash: hashToken(secret), hint: tokenHint(secret) };
}

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** What lists show: the prefix and the last four characters. */
export function tokenHint(secret: string): string {
  const prefix = secret.split("_")[0] ?? "";
  return `${prefix}_…${secret.slice(-4)}`;
}

/** Shape and checksum only; says nothing about whether the token exists. */
export function parseToken(secret: string): { kind: TokenKind } | null {
  const match = TOKEN_PATTERN.exec(secret);
  if (!match) return null;
  const [, prefix, body, sum] = match;
  if (checksum(prefix!, body!) !== sum) return null;
  const kind = (Object.keys(TOKEN_PREFIXES) as TokenKind[]).find((k) => TOKEN_PREFIXES[k] === prefix);
  return kind ? { kind } : null;
}
