import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { DomainError } from '../core/http/domain-error';

/** How much of the file is read to recognise it: enough for a header and a screenful of rows. */
const SAMPLE_BYTES = 64 * 1024;
const CANDIDATES = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof CANDIDATES)[number];

export interface CsvShape {
  delimiter: Delimiter;
  headers: string[];
  /** The first rows under the header, as cells (at most 5). */
  preview: string[][];
}

const bad = (code: string, message: string) => new DomainError('invalid', code, message, [{ field: 'file', errors: [message] }]);

/**
 * Recognises an uploaded file as CSV and reads its shape from the first 64 KB. csv-parse reads a
 * given delimiter but does not guess one (and `delimiter: [',', ';']` would split on both, which
 * breaks "1,5" in a semicolon file), so the guess is made here: the candidate that splits the
 * sample's lines (outside quotes) into the same number of cells most often, more than one.
 */
export async function sniffCsv(path: string): Promise<CsvShape> {
  const fh = await open(path, 'r');
  let sample: Buffer;
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SAMPLE_BYTES, 0);
    sample = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (sample.length === 0) throw bad('empty_file', 'The file is empty');
  // file-type is ESM-only; this app is CommonJS, so it is loaded on first use.
  const { fileTypeFromBuffer } = await import('file-type');
  const type = await fileTypeFromBuffer(sample);
  if (type) {
    const what = type.ext === 'xlsx' || type.ext === 'xls' ? 'an Excel workbook' : type.ext === 'zip' ? 'a zip archive' : `a ${type.ext.toUpperCase()} file`;
    throw bad('not_csv', `This is ${what}, not a CSV file; save it as "CSV UTF-8" and upload that`);
  }
  if (sample.includes(0)) throw bad('not_csv', 'This is not a text file; upload a CSV file');
  let text: string;
  try {
    // The sample may end inside a multi-byte character: leave the last few bytes out of the check.
    text = new TextDecoder('utf-8', { fatal: true }).decode(sample.length === SAMPLE_BYTES ? sample.subarray(0, SAMPLE_BYTES - 4) : sample);
  } catch {
    throw bad('not_utf8', 'The file is not UTF-8 text; in your spreadsheet, save it as "CSV UTF-8"');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Cut at the last line break, so a half line at the end of the sample is not read as a row.
  if (sample.length === SAMPLE_BYTES) text = text.slice(0, Math.max(text.lastIndexOf('\n'), 0));
  const delimiter = guessDelimiter(text);
  let rows: string[][];
  try {
    rows = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, relax_quotes: true, to: 6 });
  } catch (e) {
    throw bad('not_csv', `The file could not be read as CSV (${e instanceof Error ? e.message.replace(/^.*?:\s*/, '') : 'unreadable'})`);
  }
  if (!rows.length) throw bad('empty_file', 'The file has no rows');
  const headers = rows[0].map((h) => h.trim());
  checkHeader(headers);
  if (rows.length < 2) throw bad('no_rows', 'The file has a header but no rows under it');
  return { delimiter, headers, preview: rows.slice(1, 6) };
}

export function guessDelimiter(text: string): Delimiter {
  const lines = logicalLines(text).slice(0, 20);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length;
    // Lines that agree with the header, then how many cells: "a;b,c" is 2 or 3 columns, never both.
    const score = consistent * 1000 + first;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** Lines, except that a line break inside quotes continues the line (a quoted newline). */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if ((ch === '\n' || ch === '\r') && !quoted) {
      if (cur.trim()) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

const LOOKS_LIKE_VALUE = [/@.+\./, /^[+(]?\d[\d\s().-]{5,}$/, /^-?\d+([.,]\d+)?$/, /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$/];

/**
 * A header names columns: no blanks, no repeats, and not mostly values (emails, phone numbers,
 * amounts, dates), which is what a file without a header has in its first line.
 */
export function checkHeader(headers: string[]): void {
  const valueLike = headers.filter((h) => LOOKS_LIKE_VALUE.some((re) => re.test(h))).length;
  if (valueLike > 0 && valueLike * 2 >= headers.length) {
    throw bad('no_header', 'The first line holds values, not column names; add a header line (e.g. Name, Email, Phone) and upload again');
  }
  if (headers.length < 2) throw bad('not_csv', 'Only one column was found; the file may not be CSV, or it uses a separator we do not read (comma, semicolon, tab or |)');
  const blank = headers.findIndex((h) => h === '');
  if (blank >= 0) throw bad('no_header', `Column ${blank + 1} has no name in the header line`);
  const seen = new Set<string>();
  for (const h of headers) {
    const k = h.toLowerCase();
    if (seen.has(k)) throw bad('no_header', `The header names "${h}" twice`);
    seen.add(k);
  }
}
