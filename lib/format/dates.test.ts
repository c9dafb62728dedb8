import { describe, expect, it } from "vitest";
import { formatAbsolute, formatRelative } from "./dates";

const NOW = new Date("2026-11-23T17:00:00Z");
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("formatRelative", () => {
  it.each([
    [0, "now"],
    [-59_000, "now"],
    [30_000, "now"],
    [-MIN, "1 minute ago"],
    [-5 * MIN - 59_000, "5 minutes ago"],
    [-59 * MIN, "59 minutes ago"],
    [-HOUR, "1 hour ago"],
    [-(3 * HOUR + 50 * MIN), "3 hours ago"],
    [-23 * HOUR, "23 hours ago"],
    [-DAY, "yesterday"],
    [-3 * DAY, "3 days ago"],
    [-7 * DAY, "last week"],
    [-20 * DAY, "2 weeks ago"],
    [-45 * DAY, "last month"],
    [-200 * DAY, "6 months ago"],
    [-400 * DAY, "last year"],
    [-3 * 365 * DAY, "3 years ago"],
    [2 * HOUR, "in 2 hours"],
    [DAY, "tomorrow"],
    [10 * DAY, "next week"],
    [90 * DAY, "in 3 months"],
  ])("%i ms from now reads %s", (offset, expected) => {
    expect(formatRelative(at(offset), NOW)).toBe(expected);
  });

  it("accepts ISO strings and epoch numbers", () => {
    expect(formatRelative("2026-11-23T14:00:00.000Z", NOW.getTime())).toBe("3 hours ago");
  });
});

describe("formatAbsolute", () => {
  it("uses one fixed format in UTC, whatever the machine's zone", () => {
    expect(formatAbsolute(NOW)).toBe("Nov 23, 2026, 5:00 PM UTC");
    expect(formatAbsolute("2026-01-02T00:05:00Z")).toBe("Jan 2, 2026, 12:05 AM UTC");
    expect(formatAbsolute(Date.UTC(2025, 6, 4, 23, 59))).toBe("Jul 4, 2025, 11:59 PM UTC");
  });
});
