import { describe, expect, it } from "vitest";
import { auditChanges, auditExportFileName, auditFiltersInput, decodeAuditCursor, encodeAuditCursor } from "./audit-log";

describe("auditChanges", () => {
  it("lists the keys that changed, before → after", () => {
    expect(auditChanges({ role: "Organization User", name: "x" }, { role: "Admin", name: "x" })).toEqual([{ key: "role", before: "Organization User", after: "Admin" }]);
  });

  it("shows additions and removals, and nested values as JSON", () => {
    expect(auditChanges(null, { teamId: "ml", scopes: ["Inputs:Get"] })).toEqual([
      { key: "teamId", before: null, after: "ml" },
      { key: "scopes", before: null, after: '["Inputs:Get"]' },
    ]);
    expect(auditChanges({ role: "Admin" }, null)).toEqual([{ key: "role", before: "Admin", after: null }]);
    expect(auditChanges({ n: 1, flag: false }, { n: 2, flag: false })).toEqual([{ key: "n", before: "1", after: "2" }]);
  });

  it("compares values that are not objects as one value", () => {
    expect(auditChanges("a", "b")).toEqual([{ key: "value", before: "a", after: "b" }]);
    expect(auditChanges([1], [1])).toEqual([]);
    expect(auditChanges(null, null)).toEqual([]);
  });
});

describe("cursors", () => {
  it("round-trips", () => {
    const cursor = { direction: "newer" as const, at: "2025-06-01T12:00:00.000123Z", id: "aud_abc-DEF_1" };
    expect(decodeAuditCursor(encodeAuditCursor(cursor))).toEqual(cursor);
  });

  it.each(["", "!!!", "eyJ4IjoxfQ", Buffer.from('{"d":"o","t":"2025-06-01T12:00:00Z","i":"aud_x"}').toString("base64url"), Buffer.from('{"d":"o","t":"2025-06-01T12:00:00.000000Z","i":"usr_x"}').toString("base64url"), "a".repeat(300)])(
    "refuses %j",
    (text) => {
      expect(decodeAuditCursor(text)).toBeNull();
    },
  );
});

describe("filters", () => {
  it("takes empty fields as none and trims the rest", () => {
    expect(auditFiltersInput.parse({ actor: " ", action: " member ", from: "", to: "2025-01-31" })).toEqual({ action: "member", to: "2025-01-31" });
  });

  it("refuses a reversed range on the end date, and impossible days", () => {
    const reversed = auditFiltersInput.safeParse({ from: "2025-02-01", to: "2025-01-31" });
    expect(reversed.success).toBe(false);
    expect(reversed.error?.issues[0]).toMatchObject({ path: ["to"], message: expect.stringMatching(/before the start date/) });
    for (const day of ["2025-02-29", "2024-02-30", "2025-00-10", "20250101", "2025-1-1"]) expect(auditFiltersInput.safeParse({ from: day }).success).toBe(false);
    expect(auditFiltersInput.safeParse({ from: "2024-02-29", to: "2024-02-29" }).success).toBe(true);
  });
});

it("names the export after its owner and day", () => {
  expect(auditExportFileName("acme/../x", new Date("2026-11-23T17:00:00Z"))).toBe("audit-log-acme----x-2026-11-23.csv");
});
