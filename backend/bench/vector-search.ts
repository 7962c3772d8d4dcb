import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { Index, MetricKind, ScalarKind } from 'usearch';
import { databaseOptions } from '../src/core/database/database-options';
import { preparedQuery } from '../src/core/database/prepared';
import { unitText } from '../src/embedding/embedding-provider';
import { LocalHashEmbedder } from '../src/embedding/local-hash-embedder';
import { PgVectorStore } from '../src/embedding/pg-vector-store';
import type { VectorFilter, VectorHit, VectorPayload } from '../src/embedding/vector-store';
import { Pool } from 'pg';
import { LIST_READ_PG_OPTIONS, type ListReads } from '../src/core/database/list-reads';
import { describeFilters, toVectorFilter } from '../src/inventory/inventory.service';
import { InventoryRepository } from '../src/inventory/inventory.repository';
import { matchedTerms, placesNamedIn, queryTokens, reciprocalRankFusion, unitTsQuery } from '../src/inventory/ranking';
import type { UnitFilter } from '../src/inventory/unit-search-query';
import { UnitStatus } from '../src/inventory/unit.enums';
import { insertListings, readListingsFile } from '../src/seed/lead-loader';
import { SeedRepository } from '../src/seed/seed.repository';
import { p50p95 } from './figures';
import { LegacyPgVectorStore } from './legacy/pg-vector-store';
import { createScratchDatabase } from './scratch-database';
import { QUERIES, syntheticListings } from './search';

/**
 * Where hybrid search time goes, part by part, and the vector-store candidates side by side in one
 * run: the store that shipped before (WebAssembly kernel, seq/advisory-lock replication; kept in
 * bench/legacy for this comparison), the plain Float32Array scan (PgVectorStore with scan: 'js'),
 * PgVectorStore as shipped (usearch's native exact scan for broad filters) and, with BENCH_HNSW=1,
 * an HNSW index (usearch). Same database, same vectors, the eight buyer queries with their filters,
 * candidates interleaved per query so the shared machine's drift hits all alike.
 *
 * Alongside, every other phase of a hybrid search as InventoryService runs it, through the same
 * repository code: the query embedding, the full-text list (SQL), fusion, the page's 20 unit rows,
 * the hits' "why" and the JSON; the filters-only search (page + capped count, the bench's
 * baseline); and one hybrid search end to end (full-text list and vector scan concurrently, as
 * `rank` does, then fusion, rows and JSON), so the phase that makes the tail is visible.
 *
 *   npx nest build && BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node dist/backend/bench/vector-search.js
 * BENCH_SIZES (21613,200000), BENCH_ITERATIONS (400 searches per candidate and size),
 * BENCH_HNSW (0; 1 at every size, or a number: at sizes up to it), BENCH_LEGACY (1; 0 skips the old store),
 * BENCH_KEEP_DATABASE_URL (a database a previous run or seed filled: used as is, grown to each size, kept).
 */
const SIZES = (process.env.BENCH_SIZES ?? '21613,200000').split(',').map(Number);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 400);
const DEPTH = 200; // InventoryService's CANDIDATES
const PAGE = 20;
const HNSW_UP_TO = process.env.BENCH_HNSW === '1' ? Infinity : Number(process.env.BENCH_HNSW ?? 0);
const LEGACY = process.env.BENCH_LEGACY !== '0';
const log = (s: string) => process.stdout.write(`${s}\n`);

interface Case {
  text: string;
  filter: UnitFilter;
}

function casesOf(queries: string[]): Case[] {
  return queries.map((qs) => {
    const p = new URLSearchParams(qs);
    const filter: UnitFilter = { status: [UnitStatus.Available] };
    if (p.get('priceMax')) filter.priceMax = Number(p.get('priceMax'));
    if (p.get('bedsMin')) filter.bedsMin = Number(p.get('bedsMin'));
    if (p.get('city')) filter.city = p.get('city')!;
    return { text: p.get('q')!, filter };
  });
}

/** usearch's HNSW has no filtered search in its Node binding: over-fetch, filter, fall back to exact when short. */
class HnswCandidate {
  private readonly index: Index;
  fallbacks = 0;
  constructor(
    private readonly ids: string[],
    private readonly payloads: VectorPayload[],
    vectors: Float32Array[],
    private readonly exact: (v: Float32Array, f: VectorFilter, k: number) => Promise<VectorHit[]>,
  ) {
    this.index = new Index({ dimensions: vectors[0].length, metric: MetricKind.Cos, quantization: ScalarKind.F32, connectivity: 16, expansion_add: 128, expansion_search: 256, multi: false });
    vectors.forEach((v, i) => this.index.add(BigInt(i), v));
  }
  async search(v: Float32Array, f: VectorFilter, k: number): Promise<VectorHit[]> {
    const want = Math.min(this.ids.length, k * 10);
    const m = this.index.search(v, want, 0);
    const hits: VectorHit[] = [];
    for (let i = 0; i < m.keys.length && hits.length < k; i++) {
      const row = Number(m.keys[i]);
      if (passes(this.payloads[row], f)) hits.push({ id: this.ids[row], score: 1 - m.distances[i] });
    }
    if (hits.length < k) {
      this.fallbacks++;
      return this.exact(v, f, k);
    }
    return hits;
  }
}

function passes(p: VectorPayload, f: VectorFilter): boolean {
  return (
    (!f.status?.length || f.status.includes(p.status)) &&
    (f.priceMax === undefined || p.price <= f.priceMax) &&
    (f.bedsMin === undefined || p.bedrooms >= f.bedsMin) &&
    (f.city === undefined || p.city.toLowerCase() === f.city.toLowerCase())
  );
}

/** The response body InventoryService.search builds for a hybrid page (the same fields, the same work). */
function pageOf(c: Case, units: Awaited<ReturnType<InventoryRepository['findManyOrdered']>>, ranked: ReturnType<typeof reciprocalRankFusion>, placeNames: Iterable<string>) {
  const tokens = queryTokens(c.text);
  const placeWords = new Set(placesNamedIn(c.text, placeNames).places.flat());
  const byId = new Map(ranked.slice(0, PAGE).map((r) => [r.id, r]));
  const filters = describeFilters(c.filter);
  const items = units.map((u) => {
    const r = byId.get(u.id);
    return { ...u, matchScore: r ? Number(r.score.toFixed(6)) : null, why: { filters, terms: matchedTerms(tokens, u, placeWords), semantic: r?.semanticScore ?? null, lexicalRank: r?.lexicalRank ?? null, semanticRank: r?.semanticRank ?? null } };
  });
  return { items, total: ranked.length, totalExact: true, page: 1, pageSize: PAGE };
}

async function timed<T>(fn: () => T | Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

async function main(): Promise<void> {
  // BENCH_KEEP_DATABASE_URL: a database this bench (or a seed) already filled, used as it is and kept.
  const kept = process.env.BENCH_KEEP_DATABASE_URL;
  const scratch = kept ? { url: kept, drop: () => Promise.resolve() } : await createScratchDatabase('vecbench', process.env.BENCH_DATABASE_URL, log);
  const ds = await new DataSource(databaseOptions(scratch.url, 4)).initialize();
  // The API's two pools: TypeORM's (full-text list, unit rows) and the list reads' (filters-only page and count).
  const listPool = new Pool({ connectionString: scratch.url, max: 4, options: LIST_READ_PG_OPTIONS });
  try {
    await ds.runMigrations({ transaction: 'each' });
    const listings = readListingsFile();
    const embedder = new LocalHashEmbedder();
    const repo = new InventoryRepository(ds, { query: preparedQuery(listPool) } as ListReads);
    const cases = casesOf(QUERIES);
    const writer = new PgVectorStore(ds);
    await writer.ensureCollection(embedder.dimensions);
    let [{ inserted }] = await ds.query<{ inserted: number }[]>('SELECT count(*)::int AS inserted FROM units');
    for (const size of SIZES) {
      const load0 = loadavg()[0];
      if (size < inserted) throw new Error(`the database holds ${inserted} units, more than ${size}`);
      const more = size <= listings.length ? listings.slice(inserted, size) : [...(inserted < listings.length ? listings.slice(inserted) : []), ...syntheticListings(listings, size).slice(Math.max(0, inserted - listings.length))];
      await insertListings(new SeedRepository(ds), more);
      inserted = size;
      const units = await ds.query<{ id: string; title: string; description: string; type: string; purpose: string; status: string; price: number; bedrooms: number; bathrooms: number; area: string | null; city: string; zip: string | null; features: string[] }[]>(
        `SELECT u.id, title, description, type, purpose, status, price::float8 AS price, bedrooms, bathrooms, area, city, zip, features FROM units u LEFT JOIN unit_vectors v ON v.unit_id = u.id WHERE v.unit_id IS NULL`,
      );
      for (let i = 0; i < units.length; i += 5000) {
        const chunk = units.slice(i, i + 5000);
        const vectors = await embedder.embed(chunk.map(unitText));
        await writer.upsert(chunk.map((u, j) => ({ id: u.id, vector: vectors[j], payload: { purpose: u.purpose, type: u.type, status: u.status, price: u.price, bedrooms: u.bedrooms, bathrooms: u.bathrooms, city: u.city, zip: u.zip, area: u.area } })));
      }
      await ds.query('VACUUM ANALYZE');
      const [{ n }] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM unit_vectors');
      log(`\n## ${n.toLocaleString('en-US')} units (load average ${load0.toFixed(2)} at start)`);

      // Loading: a fresh process's first search, and the periodic refresh work with nothing new.
      const legacy = LEGACY ? new LegacyPgVectorStore(ds) : null;
      const plain = new PgVectorStore(ds, { scan: 'js' });
      const shipped = new PgVectorStore(ds);
      await shipped.refresh();
      const [legacyLoad] = legacy ? await timed(() => legacy.refresh()) : [NaN];
      const [plainLoad] = await timed(() => plain.refresh());
      const legacyIdle: number[] = [];
      for (let i = 0; legacy && i < 5; i++) legacyIdle.push((await timed(() => legacy.refresh()))[0]);
      await ds.query('UPDATE unit_vectors_version SET version = version + 1'); // as after any write elsewhere
      const [plainRecheck] = await timed(() => plain.refresh());
      log(`first load: legacy ${legacyLoad.toFixed(0)} ms, PgVectorStore ${plainLoad.toFixed(0)} ms; legacy refresh with reconciliation (every 5 s while searching) median ${p50p95(legacyIdle).p50} ms; PgVectorStore check after another process wrote (nothing new for it): ${plainRecheck.toFixed(0)} ms`);

      // HNSW over the same vectors (built from the table, as a process would).
      let hnsw: HnswCandidate | null = null;
      if (n <= HNSW_UP_TO) {
        const rows = await ds.query<{ unit_id: string; vector: Buffer; payload: VectorPayload }[]>('SELECT unit_id, vector, payload FROM unit_vectors');
        const t0 = performance.now();
        hnsw = new HnswCandidate(
          rows.map((r) => r.unit_id),
          rows.map((r) => r.payload),
          rows.map((r) => new Float32Array(r.vector.buffer.slice(r.vector.byteOffset, r.vector.byteOffset + r.vector.byteLength))),
          (v, f, k) => plain.search(v, f, k),
        );
        log(`HNSW (usearch, M=16, ef_construction=128) built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }

      const vectors = await embedder.embed(cases.map((c) => c.text));
      const places = await repo.knownPlaces();
      const samples: Record<string, number[]> = {
        'filters-only search (SQL page + capped count)': [],
        'query embedding': [],
        'full-text ranking (SQL)': [],
        'legacy store (WebAssembly)': [],
        'plain Float32Array scan': [],
        'PgVectorStore (usearch exact)': [],
        'fusion (RRF)': [],
        'unit rows of the page (SQL, 20 ids)': [],
        'why + JSON of the page': [],
        'hybrid end to end (lists concurrently)': [],
      };
      if (!legacy) delete samples['legacy store (WebAssembly)'];
      if (hnsw) samples['HNSW (usearch) + filter'] = [];
      /** InventoryService.search's hybrid branch, less HTTP: both lists at once, fusion, the page's rows, why, JSON. */
      const hybrid = async (c: Case, v: Float32Array, tsq: string | null) => {
        const [lexical, semantic] = await Promise.all([tsq ? repo.lexicalCandidates(c.filter, tsq, DEPTH) : [], shipped.search(v, toVectorFilter(c.filter), DEPTH)]);
        const ranked = reciprocalRankFusion(lexical, semantic);
        const units = await repo.findManyOrdered(ranked.slice(0, PAGE).map((r) => r.id));
        return JSON.stringify(pageOf(c, units, ranked, places.keys()));
      };
      let recall = 0;
      let mismatches = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        const c = cases[i % cases.length];
        const v = vectors[i % cases.length];
        const vf = toVectorFilter(c.filter);
        samples['filters-only search (SQL page + capped count)'].push((await timed(() => repo.search(c.filter, 'price', PAGE, 0)))[0]);
        samples['query embedding'].push((await timed(() => embedder.embed([`${c.text} ${i}`])))[0]);
        // As InventoryService.rank builds it: words the filters settle are left out.
        const tsq = unitTsQuery(c.text, places.keys(), '|', new Set(queryTokens(`${c.filter.city ?? ''} ${c.filter.area ?? ''}`)));
        const [tLex, lexical] = await timed(async () => (tsq ? repo.lexicalCandidates(c.filter, tsq, DEPTH) : []));
        samples['full-text ranking (SQL)'].push(tLex);
        if (legacy) samples['legacy store (WebAssembly)'].push((await timed(() => legacy.search(v, vf, DEPTH)))[0]);
        const [tPlain, exact] = await timed(() => plain.search(v, vf, DEPTH));
        samples['plain Float32Array scan'].push(tPlain);
        const [tShipped, got] = await timed(() => shipped.search(v, vf, DEPTH));
        samples['PgVectorStore (usearch exact)'].push(tShipped);
        // Exact both: the same scores at every rank (float32 SIMD sums differ from float64 in the 8th digit,
        // so near-ties may swap places or the 200th row may be its twin).
        if (got.length !== exact.length || got.some((h, r) => Math.abs(h.score - exact[r].score) > 1e-5)) {
          mismatches++;
          if (process.env.BENCH_DEBUG) log(JSON.stringify({ got: got.slice(0, 5), exact: exact.slice(0, 5), n: [got.length, exact.length] }));
        }
        const [tFuse, ranked] = await timed(() => reciprocalRankFusion(lexical, got));
        samples['fusion (RRF)'].push(tFuse);
        const [tRows, units] = await timed(() => repo.findManyOrdered(ranked.slice(0, PAGE).map((r) => r.id)));
        samples['unit rows of the page (SQL, 20 ids)'].push(tRows);
        samples['why + JSON of the page'].push((await timed(() => JSON.stringify(pageOf(c, units, ranked, places.keys()))))[0]);
        samples['hybrid end to end (lists concurrently)'].push((await timed(() => hybrid(c, v, tsq)))[0]);
        if (hnsw) {
          const [tHnsw, approx] = await timed(() => hnsw.search(v, vf, DEPTH));
          samples['HNSW (usearch) + filter'].push(tHnsw);
          const truth = new Set(exact.map((h) => h.id));
          recall += approx.filter((h) => truth.has(h.id)).length / Math.max(1, truth.size);
        }
      }
      for (const [name, xs] of Object.entries(samples)) {
        const { p50, p95 } = p50p95(xs);
        log(`${name.padEnd(32)} p50 ${String(p50).padStart(6)} ms  p95 ${String(p95).padStart(6)} ms`);
      }
      if (hnsw) log(`HNSW recall@${DEPTH} vs exact: ${((recall / ITERATIONS) * 100).toFixed(1)} %; exact fallbacks (too few filtered hits): ${hnsw.fallbacks} of ${ITERATIONS}`);
      log(`shipped store vs plain scan: ${mismatches} of ${ITERATIONS} result lists differ; load average now ${loadavg()[0].toFixed(2)}`);
    }
  } finally {
    await listPool.end();
    await ds.destroy();
    await scratch.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
