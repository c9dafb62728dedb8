import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { SIGN_IN_THROTTLED, authenticate } from "./accounts";
import { backoffDelayMs } from "@/db/queries/rate-limits";
import { SIGN_IN_LIMITS } from "./accounts";
import { signUp } from "@/lib/operations/accounts";
import { runPublic } from "@/lib/operations/testing";

// Sign-in throttling with an injected clock: every attempt names its own `now`, so hours of
// attack run in milliseconds and no test sleeps.

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const PASSWORD = "long-enough-1";
const WRONG = "wrong-password-1";
const T0 = Date.parse("2026-03-02T09:00:00Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);

let people = 0;
async function person(): Promise<string> {
  people += 1;
  const email = `victim-${people}@example.test`;
  const result = await runPublic(handle.db, signUp, { handle: `victim-${people}`, name: `Victim ${people}`, email, password: PASSWORD });
  expect(result.ok).toBe(true);
  return email;
}

function attempt(email: string, password: string, ip: string, now: Date) {
  return authenticate(handle.db, { email, password }, { ip, now });
}

describe("sign-in backoff per account and address", () => {
  it("lets the victim in from their own address while an attacker fails from another, and keeps slowing the attacker", async () => {
    const victim = await person();
    const attacker = "203.0.113.66";
    const home = "198.51.100.7";
    let checked = 0;
    let refused = 0;
    // One guess every 10 seconds for an hour.
    for (let second = 0; second < 3600; second += 10) {
      const result = await attempt(victim, WRONG, attacker, at(second));
      expect(result.ok).toBe(false);
      if (!result.ok && result.code === "unauthenticated") checked += 1;
      if (!result.ok && result.code === "rate_limited") refused += 1;
      if (second % 600 === 0) {
        // The owner signs in from home at any moment of the attack.
        expect((await attempt(victim, PASSWORD, home, at(second + 1))).ok).toBe(true);
      }
    }
    // 5 free failures, then waits of 32, 64, 128, 256 and 512 s, then one guess per 15 minutes.
    expect(checked).toBeGreaterThanOrEqual(SIGN_IN_LIMITS.accountAtAddress.freeFailures);
    expect(checked).toBeLessThanOrEqual(14);
    expect(refused).toBe(360 - checked);
    // Even the right password is refused to the throttled address, unchecked.
    const rightFromAttacker = await attempt(victim, PASSWORD, attacker, at(3600));
    expect(rightFromAttacker).toEqual({ ok: false, code: "rate_limited", message: SIGN_IN_THROTTLED });
  });

  it("waits 2^n seconds after the n-th failure once the free failures are used, capped at 15 minutes", async () => {
    const email = await person();
    const ip = "192.0.2.10";
    const { freeFailures, maxDelayMs } = SIGN_IN_LIMITS.accountAtAddress;
    let now = 0;
    for (let i = 0; i < freeFailures; i++) expect(await attempt(email, WRONG, ip, at(now))).toMatchObject({ code: "unauthenticated" });
    for (let failures = freeFailures; failures < freeFailures + 8; failures++) {
      const wait = backoffDelayMs(SIGN_IN_LIMITS.accountAtAddress, failures) / 1000;
      expect(wait).toBe(Math.min(2 ** failures, maxDelayMs / 1000));
      expect(await attempt(email, WRONG, ip, at(now + wait - 1))).toMatchObject({ code: "rate_limited" });
      now += wait;
      expect(await attempt(email, WRONG, ip, at(now))).toMatchObject({ code: "unauthenticated" });
    }
    expect(backoffDelayMs(SIGN_IN_LIMITS.accountAtAddress, 1000)).toBe(maxDelayMs);
  });

  it("refused attempts do not extend the wait, and a success starts over", async () => {
    const email = await person();
    const ip = "192.0.2.11";
    for (let i = 0; i < 5; i++) await attempt(email, WRONG, ip, at(0));
    for (let second = 1; second < 32; second += 3) expect(await attempt(email, PASSWORD, ip, at(second))).toMatchObject({ code: "rate_limited" });
    expect((await attempt(email, PASSWORD, ip, at(32))).ok).toBe(true);
    const [row] = await handle.db.select().from(rateLimits).where(eq(rateLimits.bucket, `sign-in:account-address:${email} ${ip}`));
    expect(row).toBeUndefined();
    for (let i = 0; i < 5; i++) expect(await attempt(email, WRONG, ip, at(33))).toMatchObject({ code: "unauthenticated" });
  });

  it("forgets failures after a quiet day", async () => {
    const email = await person();
    const ip = "192.0.2.12";
    for (let i = 0; i < 9; i++) await attempt(email, WRONG, ip, at(i * 1000));
    const lastFailure = 8 * 1000;
    expect(await attempt(email, PASSWORD, ip, at(lastFailure + 60))).toMatchObject({ code: "rate_limited" });
    expect((await attempt(email, PASSWORD, ip, at(lastFailure + 24 * 3600))).ok).toBe(true);
  });

  it("unknown accounts are throttled exactly like real ones", async () => {
    const ip = "192.0.2.13";
    for (let i = 0; i < 5; i++) expect(await attempt("nobody-here@example.test", WRONG, ip, at(0))).toMatchObject({ code: "unauthenticated" });
    expect(await attempt("nobody-here@example.test", WRONG, ip, at(1))).toMatchObject({ code: "rate_limited" });
  });

  it("parallel guesses cannot share the free attempts", async () => {
    const email = await person();
    const ip = "192.0.2.14";
    const results = await Promise.all(Array.from({ length: 16 }, () => attempt(email, WRONG, ip, at(0))));
    const checked = results.filter((result) => !result.ok && result.code === "unauthenticated").length;
    expect(checked).toBe(SIGN_IN_LIMITS.accountAtAddress.freeFailures);
    expect(results.filter((result) => !result.ok && result.code === "rate_limited")).toHaveLength(16 - checked);
  });
});

describe("sign-in limit per address", () => {
  it("refuses an address after too many failures across accounts, for one window, without touching other addresses", async () => {
    const busy = "203.0.113.99";
    const email = await person();
    const { limit, windowMs } = SIGN_IN_LIMITS.address;
    for (let i = 0; i < limit; i++) expect(await attempt(`sprayed-${i}@example.test`, WRONG, busy, at(i))).toMatchObject({ code: "unauthenticated" });
    expect(await attempt(email, PASSWORD, busy, at(limit))).toEqual({ ok: false, code: "rate_limited", message: SIGN_IN_THROTTLED });
    expect((await attempt(email, PASSWORD, "198.51.100.8", at(limit))).ok).toBe(true);
    expect((await attempt(email, PASSWORD, busy, at(windowMs / 1000))).ok).toBe(true);
  });

  it("successful sign-ins do not use up the address's allowance", async () => {
    const shared = "203.0.113.100";
    const email = await person();
    for (let i = 0; i < SIGN_IN_LIMITS.address.limit + 5; i++) expect((await attempt(email, PASSWORD, shared, at(i))).ok).toBe(true);
  });
});
