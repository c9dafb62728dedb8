// Exact money. Amounts are whole minor units (cents) held in safe integers; unit prices are
// decimal strings of minor units with up to four decimals (numeric in PostgreSQL), because an API
// call costs a fraction of a cent. Text typed by people is parsed digit by digit, never through
// floating point. Every supported currency has two decimals (cents), so one rule parses them all.

import { z } from "zod";

export const CURRENCIES = ["USD", "EUR", "GBP", "CHF", "CAD", "AUD"] as const;
export type Currency = (typeof CURRENCIES)[number];
/** Minor units per major unit: 10^2 for every supported currency. */
export const MINOR_DIGITS = 2;
/** Decimals of a unit price in minor units (numeric(20, 4)). */
export const PRICE_MINOR_DECIMALS = 4;
/** The largest amount anyone may type: 10^13 major units stays a safe integer of minor units. */
const MAX_AMOUNT_DIGITS = 13;

export function isCurrency(code: string): code is Currency {
  return (CURRENCIES as readonly string[]).includes(code);
}

/** Minor units as a decimal string of major units: 12345 → "123.45", -5 → "-0.05". */
export function minorToMajorString(minor: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not a whole amount of minor units: ${minor}`);
  const sign = minor < 0 ? "-" : "";
  const digits = String(Math.abs(minor)).padStart(MINOR_DIGITS + 1, "0");
  return `${sign}${digits.slice(0, -MINOR_DIGITS)}.${digits.slice(-MINOR_DIGITS)}`;
}

// Building an Intl formatter costs far more than formatting with one, and a costs page formats
// hundreds of amounts: one formatter per currency and number of decimals, made once.
const currencyFormats = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, decimals?: number): Intl.NumberFormat {
  const key = `${currency}:${decimals ?? ""}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat("en-US", decimals === undefined ? { style: "currency", currency } : { style: "currency", currency, minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    currencyFormats.set(key, format);
  }
  return format;
}

const COUNT_FORMAT = new Intl.NumberFormat("en-US");

/** A whole count, or a count held as decimal text, with thousands separators: 1234 → "1,234". */
export function formatCount(count: number | string): string {
  return COUNT_FORMAT.format(count as number);
}

/** "$1,234.56" (Intl formats the decimal string itself, so no digit goes through a float). */
export function formatMoney(minor: number, currency: string): string {
  return currencyFormat(currency).format(minorToMajorString(minor) as unknown as number);
}

/**
 * A unit price in minor units (a numeric string such as "120.0000" or "0.5") as major units with
 * as many decimals as it needs: "120.0000" → "1.20", "0.5" → "0.005".
 */
export function priceToMajorString(minorPrice: string): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(minorPrice.trim());
  if (!match) throw new RangeError(`not a price: ${minorPrice}`);
  const whole = match[1]!.padStart(MINOR_DIGITS + 1, "0");
  const fraction = `${whole.slice(-MINOR_DIGITS)}${match[2] ?? ""}`.replace(/0+$/, "").padEnd(MINOR_DIGITS, "0");
  const major = whole.slice(0, -MINOR_DIGITS).replace(/^0+(?=\d)/, "");
  return `${major}.${fraction}`;
}

export function formatPrice(minorPrice: string, currency: string): string {
  const major = priceToMajorString(minorPrice);
  const decimals = Math.max(MINOR_DIGITS, major.split(".")[1]!.length);
  return currencyFormat(currency, decimals).format(major as unknown as number);
}

const AMOUNT_PATTERN = new RegExp(`^\\d{1,${MAX_AMOUNT_DIGITS}}(\\.\\d{1,${MINOR_DIGITS}})?$`);
const PRICE_PATTERN = new RegExp(`^\\d{1,12}(\\.\\d{1,${MINOR_DIGITS + PRICE_MINOR_DECIMALS}})?$`);

/** Why a typed amount is refused, or null when it is a well-formed non-negative amount. */
function amountProblem(text: string, pattern: RegExp, decimals: number): string | null {
  if (text === "") return "Enter an amount.";
  if (/^-/.test(text)) return "The amount cannot be negative.";
  if (!pattern.test(text)) return `Enter a number such as 250 or 250.50 (digits, at most ${decimals} decimals, no currency sign or separators).`;
  return null;
}

/** "250.5" → 25050 minor units. */
export function majorStringToMinor(text: string): number {
  const [whole, fraction = ""] = text.split(".");
  return Number(whole) * 10 ** MINOR_DIGITS + Number(fraction.padEnd(MINOR_DIGITS, "0"));
}

/** "1.2" → "120.0000": a typed price in major units as a numeric string of minor units. */
export function majorStringToMinorPrice(text: string): string {
  const [whole, fraction = ""] = text.split(".");
  const digits = fraction.padEnd(MINOR_DIGITS + PRICE_MINOR_DECIMALS, "0");
  const minorWhole = `${whole}${digits.slice(0, MINOR_DIGITS)}`.replace(/^0+(?=\d)/, "");
  return `${minorWhole}.${digits.slice(MINOR_DIGITS)}`;
}

/** A typed amount of money (major units), parsed to whole minor units. */
export function amountField(label: string, { positive = false }: { positive?: boolean } = {}) {
  return z
    .string({ error: `Enter ${label}.` })
    .trim()
    .superRefine((text, context) => {
      const problem = amountProblem(text, AMOUNT_PATTERN, MINOR_DIGITS);
      if (problem) context.addIssue({ code: "custom", message: problem });
      else if (positive && majorStringToMinor(text) === 0) context.addIssue({ code: "custom", message: `${label[0]!.toUpperCase()}${label.slice(1)} must be more than zero.` });
    })
    .transform(majorStringToMinor);
}

/** A typed unit price (major units, up to six decimals), parsed to a numeric string of minor units. */
export function priceField(label: string) {
  return z
    .string({ error: `Enter the price of ${label}.` })
    .trim()
    .superRefine((text, context) => {
      const problem = amountProblem(text, PRICE_PATTERN, MINOR_DIGITS + PRICE_MINOR_DECIMALS);
      if (problem) context.addIssue({ code: "custom", message: problem });
    })
    .transform(majorStringToMinorPrice);
}

/** A calendar month in UTC, named by its first day ("2026-11-01"). */
export type Month = string;

export function monthOf(at: Date): Month {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

export function monthStart(month: Month): Date {
  return new Date(`${month}T00:00:00.000Z`);
}

export function nextMonth(month: Month): Month {
  const start = monthStart(month);
  return monthOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)));
}

export function previousMonth(month: Month): Month {
  const start = monthStart(month);
  return monthOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1)));
}

const MONTH_FORMAT = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/** "November 2026". */
export function monthLabel(month: Month): string {
  return MONTH_FORMAT.format(monthStart(month));
}

/** A month as URLs name it ("2026-11"), parsed; null when it is not one. */
export function parseMonthParam(text: string): Month | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  return match ? `${match[1]}-${match[2]}-01` : null;
}

export function monthParam(month: Month): string {
  return month.slice(0, 7);
}

const QUANTITY_FORMAT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });

/**
 * A quantity as stored (operations, or node-hours with six decimals) as the console writes it:
 * thousands grouped, no trailing zeros — "39900" → "39,900", "1234.500000" → "1,234.5". Intl
 * formats the decimal string itself, so no digit goes through a float.
 */
export function formatQuantity(quantity: string): string {
  return QUANTITY_FORMAT.format(quantity as unknown as number);
}

/** A quantity as stored ("7.000000") without its trailing zeros: "7", "0.25". */
export function trimQuantity(quantity: string): string {
  return quantity.includes(".") ? quantity.replace(/\.?0+$/, "") : quantity;
}
