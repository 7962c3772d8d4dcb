import { DateTime } from 'luxon';

// Excel stores dates as days since 1899-12-30 (its 1900 leap-year bug makes that the base for
// every serial after 60, i.e. any date since March 1900). 2958465 is 9999-12-31.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const EXCEL_SERIAL = /^\d{4,7}(\.\d+)?$/;

/** The formats read besides ISO 8601 and Excel serials; day-first when written with dots (European). */
const FORMATS = ['M/d/yyyy', 'M/d/yy', 'M/d/yyyy H:mm', 'd.M.yyyy', 'd.M.yy', 'yyyy/M/d', 'd MMM yyyy', 'MMM d, yyyy'];

/** A date cell as written in spreadsheets, or null when it cannot be read. `zone` for dates without one. */
export function readDate(text: string, zone = 'UTC'): Date | null {
  const t = text.trim();
  if (!t) return null;
  if (EXCEL_SERIAL.test(t)) {
    const serial = Number(t);
    if (serial < 61 || serial > 2958465) return null;
    return new Date(EXCEL_EPOCH_MS + Math.round(serial * 86_400_000));
  }
  // Only a full calendar date counts as ISO here: luxon would read "12" as today at noon.
  const iso = /^\d{4}-\d{2}-\d{2}/.test(t) ? DateTime.fromISO(t, { zone }) : null;
  if (iso?.isValid) return iso.toJSDate();
  for (const f of FORMATS) {
    const d = DateTime.fromFormat(t, f, { zone, locale: 'en-US' });
    if (d.isValid) return d.toJSDate();
  }
  return null;
}

/** A whole or decimal number as people type it ("3", "2.5", "2,5"); null when it is not one. */
export function readNumber(text: string): number | null {
  const t = text.trim().replace(/\s/g, '');
  if (!/^-?\d+([.,]\d+)?$/.test(t)) return null;
  return Number(t.replace(',', '.'));
}
