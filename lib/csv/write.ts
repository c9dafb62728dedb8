// The one CSV writer of every export (statements, the audit log, and those to come). Fields follow
// RFC 4180: quoted when they hold a comma, a quote or a line break, quotes doubled; records end
// with CRLF.
//
// No cell may run as a formula when a spreadsheet opens the file. Text — whoever typed it: app
// names, emails, JSON of an audit event — that starts with = + - @, a tab or a carriage return is
// written with a leading apostrophe (and quoted). Only numbers the server writes itself are left
// bare, so that negative amounts stay numbers; they are a cell type of their own, made by
// `csvNumber`, which refuses anything but a plain decimal number. No rule looks at what text
// looks like to decide it is a number: "-1+1+cmd|..." starts like one.

const SERVER_NUMBER = Symbol("csv server number");

/** A number written by the server (an amount, a quantity): the only cell written as it is. */
export type CsvNumber = { readonly [SERVER_NUMBER]: string };

/** A cell: text (defused when it could be a formula), a server number, or nothing. */
export type CsvCell = string | CsvNumber | null;

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** A number cell: a safe integer, a bigint, or decimal text such as "-12.50" — nothing else. */
export function csvNumber(value: number | bigint | string): CsvNumber {
  const text = typeof value === "string" ? value : String(value);
  if ((typeof value === "number" && !Number.isSafeInteger(value)) || !PLAIN_NUMBER.test(text)) {
    throw new RangeError(`not a number the server writes: ${JSON.stringify(text)}`);
  }
  return Object.freeze({ [SERVER_NUMBER]: text });
}

/** What a spreadsheet reads as the start of a formula (or of a cell it reinterprets). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(cell: CsvCell): string {
  if (cell === null) return "";
  if (typeof cell !== "string") return cell[SERVER_NUMBER];
  if (FORMULA_START.test(cell)) return `"'${cell.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One record, CRLF included. */
export function csvRecord(cells: readonly CsvCell[]): string {
  return `${cells.map(csvField).join(",")}\r\n`;
}

/** A whole (small) file: every record in order. */
export function csvText(records: readonly (readonly CsvCell[])[]): string {
  return records.map(csvRecord).join("");
}
