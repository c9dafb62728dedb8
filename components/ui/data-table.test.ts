import { describe, expect, it } from "vitest";
import { compareSortValues, type SortValue } from "./data-table";

const sorted = (values: SortValue[]) => [...values].sort(compareSortValues);

describe("compareSortValues", () => {
  it("orders text by English collation, ignoring case, with numbers inside compared as numbers", () => {
    expect(sorted(["beta", "Alpha", "team 10", "team 9", "alpha"])).toEqual(["Alpha", "alpha", "beta", "team 9", "team 10"]);
  });

  it("orders numbers numerically", () => {
    expect(sorted([10, 2, 33, 0])).toEqual([0, 2, 10, 33]);
  });

  it("orders ISO timestamps by time", () => {
    expect(sorted(["2026-11-23T17:00:00.000Z", "2025-01-01T00:00:00.000Z", "2026-02-01T08:30:00.000Z"])).toEqual(["2025-01-01T00:00:00.000Z", "2026-02-01T08:30:00.000Z", "2026-11-23T17:00:00.000Z"]);
  });

  it("puts empty values last, after the others", () => {
    expect(sorted([null, "b", "", "a"])).toEqual(["a", "b", null, ""]);
    expect(compareSortValues(undefined, "a")).toBeGreaterThan(0);
    expect(compareSortValues(0, null)).toBeLessThan(0);
    expect(compareSortValues(null, "")).toBe(0);
  });
});
