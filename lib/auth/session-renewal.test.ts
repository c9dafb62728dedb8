import { describe, expect, it } from "vitest";
import { renewedVersion, sealRenewal } from "./session-renewal";

const SECRET = "test-secret-0123456789";
const token = { userId: "usr_a", version: 3 };

describe("session renewal", () => {
  it("moves the token that made the change to the new version", () => {
    expect(renewedVersion(sealRenewal({ userId: "usr_a", from: 3, to: 4 }, SECRET), token, SECRET)).toBe(4);
  });

  it("refuses what a browser could send on its own: no proof, a forged or re-aimed one, another secret", () => {
    const sealed = sealRenewal({ userId: "usr_a", from: 3, to: 4 }, SECRET);
    const cases: unknown[] = [
      undefined,
      null,
      { user: { name: "x" } },
      { renewal: { userId: "usr_a", from: 3, to: 4 } },
      { renewal: { ...sealed.renewal, proof: "forged" } },
      { renewal: { ...sealed.renewal, to: 9 } },
      { renewal: { ...sealed.renewal, from: "3" } },
      sealRenewal({ userId: "usr_a", from: 3, to: 4 }, "another-secret"),
    ];
    for (const data of cases) expect(renewedVersion(data, token, SECRET), JSON.stringify(data)).toBeNull();
  });

  it("refuses a renewal for another account or for a session that was already ended", () => {
    const sealed = sealRenewal({ userId: "usr_a", from: 3, to: 4 }, SECRET);
    expect(renewedVersion(sealed, { userId: "usr_b", version: 3 }, SECRET)).toBeNull();
    // A token still at an older version was ended before this change: the proof is not for it.
    expect(renewedVersion(sealed, { userId: "usr_a", version: 2 }, SECRET)).toBeNull();
    expect(renewedVersion(sealRenewal({ userId: "usr_a", from: 3, to: 3 }, SECRET), token, SECRET)).toBeNull();
  });
});
