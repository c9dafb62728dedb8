import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { amountField, formatMoney, formatQuantity, formatPrice, majorStringToMinor, majorStringToMinorPrice, minorToMajorString, monthOf, nextMonth, parseMonthParam, previousMonth, priceField, priceToMajorString } from "./money";

describe("quantities", () => {
  it("are grouped by thousands, without trailing zeros, exactly", () => {
    expect(formatQuantity("39900")).toBe("39,900");
    expect(formatQuantity("1234.500000")).toBe("1,234.5");
    expect(formatQuantity("0.333333")).toBe("0.333333");
    expect(formatQuantity("9007199254740993")).toBe("9,007,199,254,740,993");
    expect(formatQuantity("7.000000")).toBe("7");
  });
});

describe("money", () => {
  it("writes minor units as exact major units", () => {
    expect(minorToMajorString(0)).toBe("0.00");
    expect(minorToMajorString(5)).toBe("0.05");
    expect(minorToMajorString(-5)).toBe("-0.05");
    expect(minorToMajorString(123456789012345)).toBe("1234567890123.45");
    expect(formatMoney(123456, "USD")).toBe("$1,234.56");
    expect(formatMoney(-5, "EUR")).toBe("-€0.05");
    expect(() => minorToMajorString(1.5)).toThrow(RangeError);
  });

  it("round-trips every amount between minor units and typed text (property)", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Math.floor(Number.MAX_SAFE_INTEGER / 10) }), (minor) => {
        expect(majorStringToMinor(minorToMajorString(minor))).toBe(minor);
      }),
    );
  });

  it("parses typed prices to minor units with four decimals, and back", () => {
    expect(majorStringToMinorPrice("1.2")).toBe("120.0000");
    expect(majorStringToMinorPrice("0.000001")).toBe("0.0001");
    expect(majorStringToMinorPrice("0")).toBe("0.0000");
    expect(priceToMajorString("120.0000")).toBe("1.20");
    expect(priceToMajorString("0.5")).toBe("0.005");
    expect(priceToMajorString("53")).toBe("0.53");
    expect(formatPrice("0.1000", "USD")).toBe("$0.001");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 999_999 }), (whole, micro) => {
        const typed = `${whole}.${String(micro).padStart(6, "0")}`;
        expect(Number(priceToMajorString(majorStringToMinorPrice(typed)))).toBe(Number(typed));
      }),
    );
  });

  it("refuses negative, non-numeric and over-precise amounts with a clear message", () => {
    const budget = amountField("the monthly budget", { positive: true });
    expect(budget.safeParse("250.5").data).toBe(25_050);
    expect(budget.safeParse(" 1 ").data).toBe(100);
    const message = (text: string) => budget.safeParse(text).error?.issues[0]?.message;
    expect(message("-1")).toBe("The amount cannot be negative.");
    expect(message("1e3")).toMatch(/Enter a number such as 250/);
    expect(message("1,000")).toMatch(/no currency sign or separators/);
    expect(message("$5")).toMatch(/no currency sign/);
    expect(message("0.001")).toMatch(/at most 2 decimals/);
    expect(message("0")).toBe("The monthly budget must be more than zero.");
    expect(message("NaN")).toMatch(/Enter a number/);
    expect(priceField("predictions").safeParse("-0.1").error?.issues[0]?.message).toBe("The amount cannot be negative.");
  });

  it("names UTC months", () => {
    expect(monthOf(new Date("2026-12-31T23:59:59Z"))).toBe("2026-12-01");
    expect(nextMonth("2026-12-01")).toBe("2027-01-01");
    expect(previousMonth("2026-01-01")).toBe("2025-12-01");
    expect(parseMonthParam("2026-11")).toBe("2026-11-01");
    expect(parseMonthParam("2026-13")).toBeNull();
  });
});
