import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv } from "./testing";
import { csvField, csvNumber, csvRecord, csvText, type CsvCell } from "./write";

const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"] as const;

/** Text that often starts like a formula, a number, or both. */
const text = fc.oneof(
  fc.string(),
  fc.tuple(fc.constantFrom(...FORMULA_STARTS), fc.string()).map(([start, rest]) => start + rest),
  fc.tuple(fc.constantFrom("-", "+", "="), fc.integer(), fc.string()).map(([sign, n, rest]) => `${sign}${n}${rest}`),
);

describe("text cells", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=1+1", `"'=1+1"`],
    ["+1", `"'+1"`],
    ["-2", `"'-2"`],
    ["-1+1+cmd|' /C calc'!A0", `"'-1+1+cmd|' /C calc'!A0"`],
    ["@SUM(A1)", `"'@SUM(A1)"`],
    ["\tx", `"'\tx"`],
    ["\r=1", `"'\r=1"`],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ["it's", "it's"],
    ["a=b", "a=b"],
  ])("%j → %s", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it("prefixes every text that starts with = + - @, a tab or a carriage return, and keeps the rest as typed", () => {
    fc.assert(
      fc.property(text, (value) => {
        const [[field]] = parseCsv(csvRecord([value])) as [[string]];
        const formula = FORMULA_STARTS.some((start) => value.startsWith(start));
        expect(field).toBe(formula ? `'${value}` : value);
        expect(FORMULA_STARTS.some((start) => field.startsWith(start))).toBe(false);
      }),
    );
  });

  it("round-trips records of any text", () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), (values) => {
        const [fields] = parseCsv(csvRecord(values));
        expect(fields).toEqual(values.map((value) => (FORMULA_STARTS.some((start) => value.startsWith(start)) ? `'${value}` : value)));
      }),
    );
  });
});

describe("server numbers", () => {
  it("are written bare, negative ones included", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.bigInt(), fc.tuple(fc.bigInt(), fc.nat()).map(([whole, cents]) => `${whole}.${String(cents).padStart(2, "0")}`)), (value) => {
        expect(csvField(csvNumber(value))).toBe(String(value));
      }),
    );
    expect(csvRecord([csvNumber("-12.00"), "-12.00", null])).toBe(`-12.00,"'-12.00",\r\n`);
  });

  it("refuse anything but a plain decimal number", () => {
    fc.assert(
      fc.property(
        text.filter((value) => !/^-?\d+(\.\d+)?$/.test(value)),
        (value) => {
          expect(() => csvNumber(value)).toThrow(RangeError);
        },
      ),
    );
    for (const value of [Number.NaN, Infinity, 1e21, 0.5, "1e3", " 1", "1 ", "-1+1+cmd|' /C calc'!A0", "--1", "1."]) expect(() => csvNumber(value)).toThrow(RangeError);
  });
});

it("writes records with CRLF and missing values empty", () => {
  const records: CsvCell[][] = [
    ["a", null, "b,c"],
    [csvNumber(1), "x"],
  ];
  expect(csvText(records)).toBe('a,,"b,c"\r\n1,x\r\n');
});
