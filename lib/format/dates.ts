// The one way the console writes a moment: relative to now ("3 hours ago", "in 2 days") with the
// absolute date and time, always in UTC and one fixed format, for the tooltip and for places where
// "now" is not known yet (the server render). English like the rest of the interface.

const ABSOLUTE = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

/** Each unit is used while the distance is below the next one's size. */
const UNITS: Array<{ unit: Intl.RelativeTimeFormatUnit; size: number; below: number }> = [
  { unit: "minute", size: MINUTE, below: HOUR },
  { unit: "hour", size: HOUR, below: DAY },
  { unit: "day", size: DAY, below: WEEK },
  { unit: "week", size: WEEK, below: MONTH },
  { unit: "month", size: MONTH, below: YEAR },
  { unit: "year", size: YEAR, below: Number.POSITIVE_INFINITY },
];

export function toDate(at: Date | string | number): Date {
  return at instanceof Date ? at : new Date(at);
}

/**
 * "Nov 23, 2026, 5:04 PM UTC". Spaces are plain: ICU versions differ in using a narrow no-break
 * space before "PM", and the server's text must equal the browser's when the page hydrates.
 */
export function formatAbsolute(at: Date | string | number): string {
  return `${ABSOLUTE.format(toDate(at)).replace(/[\u00a0\u202f]/g, " ")} UTC`;
}

/**
 * "now", "5 minutes ago", "yesterday", "in 3 weeks", "2 years ago". Counts are whole units rounded
 * toward zero, so a key used 3 hours 50 minutes ago was used "3 hours ago".
 */
export function formatRelative(at: Date | string | number, now: Date | number): string {
  const distance = toDate(at).getTime() - (now instanceof Date ? now.getTime() : now);
  const size = Math.abs(distance);
  if (size < MINUTE) return RELATIVE.format(0, "second");
  const { unit, size: unitSize } = UNITS.find((candidate) => size < candidate.below)!;
  const count = Math.trunc(distance / unitSize);
  return RELATIVE.format(count, unit);
}
