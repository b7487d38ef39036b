/**
 * CSV that Excel and WPS open correctly with Chinese text: UTF-8 with a byte-order mark, RFC 4180
 * (CRLF line ends, fields with `"` `,` CR or LF quoted, quotes doubled), and text that a spreadsheet
 * would run as a formula made inert (OWASP "CSV injection"): a text cell starting with `=` `+` `-`
 * `@`, tab or CR gets a leading `'`. Numbers are written as numbers and never altered.
 */

export const BOM = '\uFEFF';

export type CsvCell = string | number | null;

/** Characters that start a formula (or a DDE payload) in Excel, LibreOffice, WPS and Google Sheets. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new RangeError(`not a finite number: ${cell}`);
    return String(cell);
  }
  const text = guardFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, header, rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): Buffer {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return Buffer.from(BOM + lines.map((l) => `${l}\r\n`).join(''), 'utf8');
}
