/**
 * Rule-based relevance judgments for the eval queries (queries.ts), from each unit's own fields.
 *
 *   2  meets every hard constraint (the query's filters, and status 'available') and every soft need
 *   1  meets every hard constraint and at least half (rounded up) of the soft needs, but not all
 *   0  otherwise
 *
 * Pure and deterministic: the same queries and listings always give the same judgments. Run it
 * after changing queries.ts or the listing rules, and commit the file it writes:
 *
 *   npx nest build && node dist/backend/eval/search/judge.js
 *
 * It writes backend/eval/search/judgments.json (query id → { unit ref: grade } for grades ≥ 1, refs
 * sorted) and fails if any query has fewer than MIN_RELEVANT relevant units.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ListingSeed } from '../../src/seed/listings';
import { readListingsFile } from '../../src/seed/lead-loader';
import { UnitStatus } from '../../src/inventory/unit.enums';
import { EvalQuery, QUERIES, Range, SoftNeed } from './queries';

export type Grade = 0 | 1 | 2;
/** query id → unit ref → grade (only grades ≥ 1 are listed). */
export type Judgments = Record<string, Record<string, Grade>>;

/** The unit fields the judge reads. */
export type JudgedUnit = Pick<
  ListingSeed,
  'ref' | 'status' | 'purpose' | 'type' | 'price' | 'bedrooms' | 'bathrooms' | 'city' | 'area' | 'features' | 'sizeSqft' | 'lotSqft' | 'yearBuilt'
>;

export const MIN_RELEVANT = 3;

/** Repo root, from the source tree or from dist/. */
export const REPO_ROOT = resolve(__dirname, ...(__dirname.split('/').includes('dist') ? ['..', '..', '..', '..'] : ['..', '..', '..']));
export const JUDGMENTS_PATH = resolve(REPO_ROOT, 'backend', 'eval', 'search', 'judgments.json');

const same = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

/** The query's filters as the search applies them (unit-search-query.ts unitWhere), plus status. */
export function meetsHard(q: Pick<EvalQuery, 'filters'>, u: JudgedUnit): boolean {
  const f = q.filters;
  if (u.status !== UnitStatus.Available) return false;
  if (f.purpose !== undefined && u.purpose !== f.purpose) return false;
  if (f.type?.length && !f.type.includes(u.type)) return false;
  if (f.priceMin !== undefined && u.price < f.priceMin) return false;
  if (f.priceMax !== undefined && u.price > f.priceMax) return false;
  if (f.bedsMin !== undefined && u.bedrooms < f.bedsMin) return false;
  if (f.bathsMin !== undefined && u.bathrooms < f.bathsMin) return false;
  if (f.city !== undefined && !same(u.city, f.city)) return false;
  if (f.area !== undefined && !same(u.area, f.area)) return false;
  return true;
}

const inRange = (v: number | null, r: Range) => v !== null && (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max);

export function meetsSoft(need: SoftNeed, u: JudgedUnit): boolean {
  if (need.feature !== undefined && !u.features.includes(need.feature)) return false;
  if (need.anyFeature !== undefined && !need.anyFeature.some((f) => u.features.includes(f))) return false;
  if (need.sizeSqft !== undefined && !inRange(u.sizeSqft, need.sizeSqft)) return false;
  if (need.lotSqft !== undefined && !inRange(u.lotSqft, need.lotSqft)) return false;
  if (need.yearBuilt !== undefined && !inRange(u.yearBuilt, need.yearBuilt)) return false;
  if (need.areaIn !== undefined && !need.areaIn.some((a) => same(u.area, a))) return false;
  if (need.cityIn !== undefined && !need.cityIn.some((c) => same(u.city, c))) return false;
  return true;
}

export function grade(q: EvalQuery, u: JudgedUnit): Grade {
  if (!meetsHard(q, u)) return 0;
  const soft = q.intent.soft;
  const met = soft.filter((n) => meetsSoft(n, u)).length;
  if (met === soft.length) return 2;
  return met >= Math.ceil(soft.length / 2) ? 1 : 0;
}

export function judge(queries: EvalQuery[], units: JudgedUnit[]): Judgments {
  const out: Judgments = {};
  const sorted = [...units].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  for (const q of queries) {
    const graded: Record<string, Grade> = {};
    for (const u of sorted) {
      const g = grade(q, u);
      if (g > 0) graded[u.ref] = g;
    }
    out[q.id] = graded;
  }
  return out;
}

/** One line per query: how many units it has at each grade, and whether it has enough. */
export function summarise(queries: EvalQuery[], judgments: Judgments): { id: string; text: string; g2: number; g1: number; ok: boolean }[] {
  return queries.map((q) => {
    const grades = Object.values(judgments[q.id] ?? {});
    const g2 = grades.filter((g) => g === 2).length;
    const g1 = grades.filter((g) => g === 1).length;
    return { id: q.id, text: q.text, g2, g1, ok: g1 + g2 >= MIN_RELEVANT };
  });
}

/** Stable JSON: queries in set order, refs sorted, one query per block. */
export function serialiseJudgments(queries: EvalQuery[], judgments: Judgments): string {
  const ordered: Judgments = {};
  for (const q of queries) ordered[q.id] = judgments[q.id] ?? {};
  return `${JSON.stringify(ordered, null, 1)}\n`;
}

function main(): void {
  const listings = readListingsFile();
  const judgments = judge(QUERIES, listings);
  const rows = summarise(QUERIES, judgments);
  for (const r of rows) process.stdout.write(`${r.id}  grade 2: ${String(r.g2).padStart(5)}  grade 1: ${String(r.g1).padStart(5)}  ${r.ok ? '' : 'TOO FEW  '}${r.text}\n`);
  const bad = rows.filter((r) => !r.ok);
  if (bad.length) {
    process.stderr.write(`${bad.length} quer${bad.length === 1 ? 'y has' : 'ies have'} fewer than ${MIN_RELEVANT} relevant available units: ${bad.map((r) => r.id).join(', ')}\n`);
    process.exit(1);
  }
  writeFileSync(JUDGMENTS_PATH, serialiseJudgments(QUERIES, judgments));
  process.stdout.write(`Wrote ${JUDGMENTS_PATH}: ${QUERIES.length} queries, ${rows.reduce((n, r) => n + r.g1 + r.g2, 0)} judged units\n`);
}

if (require.main === module) main();
