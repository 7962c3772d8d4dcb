import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../src/core/database/database-options';
import type { ListReads } from '../src/core/database/list-reads';
import { InventoryRepository } from '../src/inventory/inventory.repository';
import { queryTokens, unitTsQuery } from '../src/inventory/ranking';
import type { UnitFilter } from '../src/inventory/unit-search-query';
import { UnitStatus } from '../src/inventory/unit.enums';
import { p50p95 } from './figures';
import { QUERIES } from './search';

/**
 * A measured option, not shipped: the full-text list computed in the process's memory instead of
 * in SQL. At 200,000 units the SQL ranks every unit that shares a word with the query (the
 * synthetic copies repeat each listing's words, so "good | school" matches 62,400 of them); that,
 * not the vector scan, is most of a hybrid search (docs/PERFORMANCE.md).
 *
 * The prototype reads every unit's stored `search_document` once, keeps an inverted index
 * (lexeme → units → positions with their weight class) and recomputes `ts_rank_cd` exactly for
 * the queries InventoryService builds without a multi-word place (an OR of lexemes, optionally
 * restricted to weight A): with an OR query every matching position is a cover of its own, so
 * the rank is the sum, in position order, of each matching position's weight (D 0.1, C 0.2, B 0.4,
 * A 1.0, as float4), rounded to float4. It checks that its top 200 equal the SQL's (ids, order
 * and scores) for every search and times both, same process, interleaved.
 *
 *   node dist/backend/bench/fulltext-memory.js postgres://…/a-database-with-units
 * ITERATIONS (40). The database must already hold units (e.g. one vector-search.ts left, or a seed).
 */
const ITERATIONS = Number(process.env.ITERATIONS ?? 40);
const DEPTH = 200;
const FLOAT4 = [0.1, 0.2, 0.4, 1].map(Math.fround); // D C B A, ts_rank_cd's default weights
const COVER = FLOAT4.map((w) => 1 / (1 / w)); // calc_rank_cd: Cpos = 1 / InvSum for a one-position cover
const CLASS: Record<string, number> = { A: 3, B: 2, C: 1, D: 0 };

interface Row {
  id: string;
  d: string;
  status: string;
  price: number;
  bedrooms: number;
  city: string;
}

/** Lexemes of a tsvector's text form with their positions packed as PostgreSQL does (weight class << 14 | position). */
function parseTsvector(text: string, each: (lexeme: string, positions: number[]) => void): void {
  for (const m of text.matchAll(/'((?:[^']|'')*)'(?::([0-9A-D,]+))?/g)) {
    const positions = (m[2] ?? '').split(',').filter(Boolean).map((p) => ((CLASS[p.slice(-1)] ?? 0) << 14) | parseInt(p, 10));
    each(m[1].replace(/''/g, "'"), positions);
  }
}

class InvertedIndex {
  private readonly postings = new Map<string, { rows: Int32Array; offsets: Int32Array; positions: Uint16Array }>();

  constructor(private readonly units: Row[]) {
    const building = new Map<string, { rows: number[]; offsets: number[]; positions: number[] }>();
    units.forEach((u, row) =>
      parseTsvector(u.d, (lexeme, positions) => {
        let p = building.get(lexeme);
        if (!p) building.set(lexeme, (p = { rows: [], offsets: [0], positions: [] }));
        p.rows.push(row);
        p.positions.push(...positions);
        p.offsets.push(p.positions.length);
      }),
    );
    for (const [k, p] of building) this.postings.set(k, { rows: Int32Array.from(p.rows), offsets: Int32Array.from(p.offsets), positions: Uint16Array.from(p.positions) });
  }

  /** The `limit` best units for an OR of lexemes (each with a mask of the weight classes it may match), best first, ties by id. */
  search(operands: Map<string, number>, passes: (u: Row) => boolean, limit: number): { id: string; score: number }[] {
    const hits = new Map<number, number[]>();
    for (const [lexeme, mask] of operands) {
      const p = this.postings.get(lexeme);
      if (!p) continue;
      for (let j = 0; j < p.rows.length; j++) {
        const row = p.rows[j];
        let list: number[] | undefined;
        for (let k = p.offsets[j]; k < p.offsets[j + 1]; k++) {
          const x = p.positions[k];
          if (!(mask & (1 << (x >> 14)))) continue;
          if (!list) {
            list = hits.get(row);
            if (!list) {
              if (!passes(this.units[row])) break;
              hits.set(row, (list = []));
            }
          }
          list.push(x);
        }
      }
    }
    const scored: [number, number][] = [];
    for (const [row, xs] of hits) {
      xs.sort((a, b) => (a & 16383) - (b & 16383));
      let s = 0;
      for (const x of xs) s += COVER[x >> 14];
      scored.push([row, Math.fround(s)]);
    }
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]); // rows are in id order
    return scored.slice(0, limit).map(([row, score]) => ({ id: this.units[row].id, score }));
  }
}

/** The filters the eight buyer queries use, as unitWhere applies them. */
function predicateOf(f: UnitFilter): (u: Row) => boolean {
  const city = f.city?.trim().toLowerCase();
  return (u) => (f.status as string[]).includes(u.status) && (f.priceMax === undefined || u.price <= f.priceMax) && (f.bedsMin === undefined || u.bedrooms >= f.bedsMin) && (city === undefined || u.city === city);
}

async function main(): Promise<void> {
  const ds = await new DataSource(databaseOptions(process.argv[2], 4)).initialize();
  try {
    const repo = new InventoryRepository(ds, null as unknown as ListReads);
    const t0 = performance.now();
    const units = await ds.query<Row[]>(`SELECT id, search_document::text AS d, status, price::float8 AS price, bedrooms, lower(city) AS city FROM units ORDER BY id`);
    const t1 = performance.now();
    const index = new InvertedIndex(units);
    const t2 = performance.now();
    process.stdout.write(`${units.length} units: read ${(t1 - t0).toFixed(0)} ms, index built ${(t2 - t1).toFixed(0)} ms, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB; load ${loadavg()[0].toFixed(2)}\n`);
    const places = await repo.knownPlaces();
    const cases = QUERIES.map((qs) => {
      const p = new URLSearchParams(qs);
      const filter: UnitFilter = { status: [UnitStatus.Available] };
      if (p.get('priceMax')) filter.priceMax = Number(p.get('priceMax'));
      if (p.get('bedsMin')) filter.bedsMin = Number(p.get('bedsMin'));
      if (p.get('city')) filter.city = p.get('city')!;
      return { text: p.get('q')!, filter };
    });
    const sqlTimes: number[] = [];
    const memoryTimes: number[] = [];
    const parseTimes: number[] = [];
    let same = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const c = cases[i % cases.length];
      const tsq = unitTsQuery(c.text, places.keys(), '|', new Set(queryTokens(`${c.filter.city ?? ''} ${c.filter.area ?? ''}`)))!;
      let a = performance.now();
      const sql = await repo.lexicalCandidates(c.filter, tsq, DEPTH);
      sqlTimes.push(performance.now() - a);
      a = performance.now();
      // PostgreSQL's own parser and stemmer turn the query into lexemes (one round trip).
      const [{ q }] = await ds.query<{ q: string }[]>(`SELECT to_tsquery('english', $1)::text AS q`, [tsq]);
      if (/[&!<(]/.test(q)) throw new Error(`not an OR of lexemes: ${q}`);
      const operands = new Map<string, number>();
      for (const m of q.matchAll(/'((?:[^']|'')*)'(?::([A-D]+))?/g)) {
        const lexeme = m[1].replace(/''/g, "'");
        const mask = m[2] ? [...m[2]].reduce((b, ch) => b | (1 << CLASS[ch]), 0) : 15;
        operands.set(lexeme, (operands.get(lexeme) ?? 0) | mask);
      }
      const b = performance.now();
      const memory = index.search(operands, predicateOf(c.filter), DEPTH);
      memoryTimes.push(performance.now() - b);
      parseTimes.push(b - a);
      if (memory.length === sql.length && memory.every((h, r) => h.id === sql[r].id && Math.abs(h.score - sql[r].score) < 1e-6)) same++;
    }
    const f = (xs: number[]) => {
      const { p50, p95 } = p50p95(xs);
      return `p50 ${p50} / p95 ${p95} ms`;
    };
    process.stdout.write(`full-text list in SQL ${f(sqlTimes)}; in memory ${f(memoryTimes)} (+ to_tsquery round trip ${f(parseTimes)}); identical top ${DEPTH} (ids, order, scores): ${same} of ${ITERATIONS}; load ${loadavg()[0].toFixed(2)}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
