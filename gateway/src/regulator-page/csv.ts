/**
 * CSV as RFC 4180 says (CRLF line ends; a field with a comma, quote, CR or LF in double quotes, quotes
 * doubled), made safe to open in a spreadsheet: a cell a spreadsheet would read as a formula (it
 * begins with =, +, -, @, tab or CR — OWASP "CSV injection") gets a leading apostrophe, so an id or
 * a location a supplier chose is shown as text, never evaluated.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvCell = string | number | null | undefined;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  // Numbers the page itself computes (depths, counts) are data, not text a supplier chose.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvDocument(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
