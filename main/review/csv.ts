// CSV cells safe for spreadsheets: numbers written as numbers; text quoted when needed, and a text
// cell that a spreadsheet would run as a formula (= + - @ tab CR first) neutralised with a quote.

const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = v === null || v === undefined ? '' : String(v);
  if (FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (cells: readonly unknown[]): string => cells.map(csvCell).join(',') + '\r\n';

/** The UTF-8 byte order mark: Excel (a Chinese Windows one too) then reads the file as UTF-8. */
export const BOM = '\uFEFF';
