import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashToken, issueToken, parseToken, tokenHint } from "./token";

describe("credential tokens", () => {
  it("issues recognisable tokens with a valid checksum and stores only their hash", () => {
    const pat = issueToken("pat");
    expect(pat.secret).toMatch(/^acpat_[0-9A-Za-z]{39}$/);
    expect(parseToken(pat.secret)).toEqual({ kind: "pat" });
    expect(pat.hash).toBe(hashToken(pat.secret));
    expect(pat.hash).not.toContain(pat.secret);
    expect(pat.hint).toBe(tokenHint(pat.secret));
    expect(pat.hint).toMatch(/^acpat_….{4}$/);
    expect(parseToken(issueToken("app_key").secret)).toEqual({ kind: "app_key" });
  });

  it("never issues the same token twice", () => {
    const secrets = new Set(Array.from({ length: 2000 }, () => issueToken("pat").secret));
    expect(secrets.size).toBe(2000);
  });

  it("rejects any single changed character by checksum", () => {
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (position, replacement) => {
        const { secret } = issueToken("pat");
        const index = 6 + (position % (secret.length - 6)); // inside body + checksum
        const char = alphabet[replacement % alphabet.length]!;
        fc.pre(secret[index] !== char);
        const typo = secret.slice(0, index) + char + secret.slice(index + 1);
        return parseToken(typo) === null;
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects other shapes", () => {
    for (const bad of ["", "acpat_", "Key acpat_x", "ghp_0123456789012345678901234567890123456789", `${issueToken("pat").secret}x`]) {
      expect(parseToken(bad)).toBeNull();
    }
  });
});
