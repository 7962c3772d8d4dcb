/**
 * Relevance judgments for the second query set (raw-queries.ts), from each listing's OWN raw
 * attributes in data/listings/kc_house_data.csv, never from the derived `features`, title or
 * description the seed writes (those come from the same rules the search vocabulary knows).
 *
 *   each soft need scores 1 (a `full` check holds), 0.5 (else a `partial` check holds) or 0
 *   2  meets every hard constraint (the query's filters, status 'available') and every need fully
 *   1  meets every hard constraint, not grade 2, and the needs' scores add up to at least half their number
 *   0  otherwise
 *
 * Hard constraints are the same filters the first set uses (judge.ts meetsHard), applied to the unit
 * as the seed loads it (price, rooms, type, city, area, status); the soft needs read the CSV row.
 * Rows are joined to units by file order and checked by ref (`KC-<id>-<date>`).
 *
 *   npx nest build && node dist/backend/eval/search/raw-judge.js
 *
 * writes backend/eval/search/raw-judgments.json and fails if a query has fewer than MIN_RELEVANT
 * relevant available units.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readListingsFile } from '../../src/seed/lead-loader';
import { LISTINGS_CSV_RELATIVE_PATH, parseCsv, type ListingSeed } from '../../src/seed/listings';
import { Grade, Judgments, MIN_RELEVANT, meetsHard, REPO_ROOT } from './judge';
import type { Range } from './queries';
import { Point, RAW_QUERIES, RawCheck, RawEvalQuery, RawNeed } from './raw-queries';

export const RAW_JUDGMENTS_PATH = resolve(REPO_ROOT, 'backend', 'eval', 'search', 'raw-judgments.json');

/** One CSV row's own numbers. */
export interface RawRow {
  id: string;
  date: string;
  waterfront: boolean;
  view: number;
  condition: number;
  grade: number;
  sqftLiving: number;
  sqftLot: number;
  sqftBasement: number;
  floors: number;
  yrBuilt: number;
  yrRenovated: number;
  lat: number;
  lng: number;
}

/** A unit as loaded (for the hard constraints) with its raw row (for the needs). */
export interface RawJudgedUnit {
  unit: ListingSeed;
  raw: RawRow;
}

export function readRawRows(): RawRow[] {
  const [header, ...rows] = parseCsv(readFileSync(resolve(REPO_ROOT, LISTINGS_CSV_RELATIVE_PATH), 'utf8'));
  const at = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`listings CSV: no column ${name}`);
    return i;
  };
  const c = Object.fromEntries(['id', 'date', 'waterfront', 'view', 'condition', 'grade', 'sqft_living', 'sqft_lot', 'sqft_basement', 'floors', 'yr_built', 'yr_renovated', 'lat', 'long'].map((n) => [n, at(n)]));
  return rows.map((r) => ({
    id: r[c.id],
    date: r[c.date].slice(0, 8),
    waterfront: Number(r[c.waterfront]) === 1,
    view: Number(r[c.view]),
    condition: Number(r[c.condition]),
    grade: Number(r[c.grade]),
    sqftLiving: Number(r[c.sqft_living]),
    sqftLot: Number(r[c.sqft_lot]),
    sqftBasement: Number(r[c.sqft_basement]),
    floors: Number(r[c.floors]),
    yrBuilt: Number(r[c.yr_built]),
    yrRenovated: Number(r[c.yr_renovated]),
    lat: Number(r[c.lat]),
    lng: Number(r[c.long]),
  }));
}

/** Units as the seed loads them, each with its own CSV row. */
export function readRawJudgedUnits(listings: ListingSeed[] = readListingsFile()): RawJudgedUnit[] {
  const rows = readRawRows();
  if (rows.length !== listings.length) throw new Error(`listings CSV has ${rows.length} rows but the seed loads ${listings.length} units`);
  return listings.map((unit, i) => {
    const raw = rows[i];
    if (!unit.ref.startsWith(`KC-${raw.id}-${raw.date}`)) throw new Error(`row ${i + 1}: unit ${unit.ref} does not match CSV id ${raw.id} date ${raw.date}`);
    return { unit, raw };
  });
}

const EARTH_KM = 6371.0088;
/** Great-circle distance in km (haversine). */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.sqrt(h));
}

const within = (v: number, r: Range | undefined) => r === undefined || ((r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max));
const nearest = (row: RawRow, points: Point[]) => Math.min(...points.map((p) => distanceKm(row, p)));

export function checkHolds(c: RawCheck, r: RawRow): boolean {
  if (c.waterfront !== undefined && r.waterfront !== c.waterfront) return false;
  if (!within(r.view, c.view) || !within(r.condition, c.condition) || !within(r.grade, c.grade)) return false;
  if (!within(r.sqftLiving, c.sqftLiving) || !within(r.sqftLot, c.sqftLot) || !within(r.sqftBasement, c.sqftBasement) || !within(r.floors, c.floors)) return false;
  if (!within(r.yrBuilt, c.yrBuilt) || !within(r.yrRenovated, c.yrRenovated)) return false;
  if (c.near !== undefined && nearest(r, c.near.points) > c.near.km) return false;
  if (c.box !== undefined && !(r.lat >= c.box.latMin && r.lat <= c.box.latMax && r.lng >= c.box.lngMin && r.lng <= c.box.lngMax)) return false;
  return true;
}

export function needScore(n: RawNeed, r: RawRow): 0 | 0.5 | 1 {
  if (n.full.some((c) => checkHolds(c, r))) return 1;
  if (n.partial?.some((c) => checkHolds(c, r))) return 0.5;
  return 0;
}

export function rawGrade(q: RawEvalQuery, u: RawJudgedUnit): Grade {
  if (!meetsHard(q, u.unit)) return 0;
  const score = q.needs.reduce((s, n) => s + needScore(n, u.raw), 0);
  if (score === q.needs.length) return 2;
  return score >= q.needs.length / 2 ? 1 : 0;
}

export function rawJudge(queries: RawEvalQuery[], units: RawJudgedUnit[]): Judgments {
  const out: Judgments = {};
  const sorted = [...units].sort((a, b) => (a.unit.ref < b.unit.ref ? -1 : a.unit.ref > b.unit.ref ? 1 : 0));
  for (const q of queries) {
    const graded: Record<string, Grade> = {};
    for (const u of sorted) {
      const g = rawGrade(q, u);
      if (g > 0) graded[u.unit.ref] = g;
    }
    out[q.id] = graded;
  }
  return out;
}

export function serialiseRawJudgments(queries: RawEvalQuery[], judgments: Judgments): string {
  const ordered: Judgments = {};
  for (const q of queries) ordered[q.id] = judgments[q.id] ?? {};
  return `${JSON.stringify(ordered, null, 1)}\n`;
}

function main(): void {
  const judgments = rawJudge(RAW_QUERIES, readRawJudgedUnits());
  let bad = 0;
  for (const q of RAW_QUERIES) {
    const grades = Object.values(judgments[q.id] ?? {});
    const g2 = grades.filter((g) => g === 2).length;
    const g1 = grades.filter((g) => g === 1).length;
    const ok = g1 + g2 >= MIN_RELEVANT;
    if (!ok) bad++;
    process.stdout.write(`${q.id}  grade 2: ${String(g2).padStart(5)}  grade 1: ${String(g1).padStart(5)}  ${ok ? '' : 'TOO FEW  '}${q.text}\n`);
  }
  if (bad) {
    process.stderr.write(`${bad} queries have fewer than ${MIN_RELEVANT} relevant available units\n`);
    process.exit(1);
  }
  writeFileSync(RAW_JUDGMENTS_PATH, serialiseRawJudgments(RAW_QUERIES, judgments));
  process.stdout.write(`Wrote ${RAW_JUDGMENTS_PATH}\n`);
}

if (require.main === module) main();
