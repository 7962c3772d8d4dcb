import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { exactSearch, MetricKind } from 'usearch';
import { poolOf, preparedQuery, type Query } from '../core/database/prepared';
import type { VectorFilter, VectorHit, VectorPayload, VectorPoint, VectorStore } from './vector-store';

/**
 * The zero-setup vector store: vectors persist in PostgreSQL (`unit_vectors`; pgvector is not
 * available here) and search is an exact scan over a copy held in memory: one Float32Array of
 * unit-length rows, so a dot product is the cosine. docs/PERFORMANCE.md has the comparison with
 * the WebAssembly store it replaced and with an HNSW index: a plain scan meets the targets.
 *
 * Freshness across processes (the worker writes, the API searches). Every statement that changes
 * `unit_vectors` bumps the one row of `unit_vectors_version` (a trigger, so deletes cascading from
 * `units` count too). Before a search, at most every `refreshIntervalMs`, the store reads that row;
 * when it moved, it lists every (unit_id, seq) — `seq` is new on every write — loads the rows whose
 * seq it does not hold and drops the ids that are gone. Listing everything, rather than "rows after
 * the last seq seen", is what makes this safe without ordering writers: a write that commits late
 * is simply found by the next refresh. docs/ARCHITECTURE.md gives the figures.
 *
 * A table holds vectors of one size: `ensureCollection(d)` deletes rows of any other size (a new
 * size means a new model, and everything is re-embedded anyway); a process that meets rows of
 * another size while refreshing follows the newest row's size.
 */
export interface PgVectorStoreOptions {
  /** Least time between checks of the version row; 0 checks before every search. Default 250. */
  refreshIntervalMs?: number;
  /** Score broad filters with usearch's native exact scan (default) or in JavaScript only (the benchmark's baseline). */
  scan?: 'native' | 'js';
}

const MAX_DIMENSIONS = 16_384;
const WRITE_CHUNK = 1000;
const LOAD_PAGE = 4096;

export class PgVectorStore implements VectorStore {
  readonly id = 'postgres';
  private readonly refreshIntervalMs: number;
  private readonly scan: 'native' | 'js';
  private rows: InMemoryVectors | null = null;
  /** The version the copy reflects; null until the first refresh (a writer-only process keeps no copy). */
  private version: string | null = null;
  private lastCheck = -Infinity;
  private refreshing: Promise<void> | null = null;
  /** Refreshes and local writes change the copy one at a time. */
  private tail: Promise<unknown> = Promise.resolve();
  private queryFn: Query | null = null;

  constructor(
    private readonly db: DataSource | Pool,
    options: PgVectorStoreOptions = {},
  ) {
    this.refreshIntervalMs = options.refreshIntervalMs ?? 250;
    this.scan = options.scan ?? 'native';
  }

  async ensureCollection(dimensions: number): Promise<void> {
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
      throw new Error(`dimensions must be an integer from 1 to ${MAX_DIMENSIONS}, got ${dimensions}`);
    }
    await this.exclusive(async () => {
      await this.pool.query('DELETE FROM unit_vectors WHERE dimensions <> $1', [dimensions]);
      if (this.rows?.dims !== dimensions) {
        this.rows = new InMemoryVectors(dimensions);
        this.version = null;
      }
    });
  }

  async upsert(points: VectorPoint[]): Promise<void> {
    if (points.length === 0) return;
    // Last one wins, as if written one after another (one statement can't touch a row twice).
    const byId = new Map<string, VectorPoint>();
    for (const p of points) byId.set(p.id.toLowerCase(), p);
    await this.exclusive(async () => {
      const dims = this.rows?.dims ?? (await this.storedDimensions());
      if (dims === null) throw new Error('PgVectorStore: call ensureCollection(dimensions) before the first upsert');
      const batch = [...byId].sort(([a], [b]) => (a < b ? -1 : 1)); // one lock order for concurrent writers
      const vectors = batch.map(([id, p]) => {
        if (p.vector.length !== dims) throw new Error(`vector for ${id} has ${p.vector.length} dimensions; the store holds ${dims}-dimensional vectors`);
        return normalized(p.vector, id);
      });
      // One statement per transaction: the version trigger's row lock is then held only to its commit.
      for (let i = 0; i < batch.length; i += WRITE_CHUNK) {
        const chunk = batch.slice(i, i + WRITE_CHUNK);
        const written = await this.query<{ unit_id: string; seq: string }[]>(UPSERT_SQL, [
          chunk.map(([id]) => id),
          vectors.slice(i, i + WRITE_CHUNK).map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
          chunk.map(([, p]) => JSON.stringify(p.payload)),
          dims,
        ]);
        // Mirror into a loaded copy, so this process searches its own writes at once.
        if (this.version !== null && this.rows) {
          const seqOf = new Map(written.map((r) => [r.unit_id, r.seq]));
          chunk.forEach(([id, p], j) => this.rows!.put(id, vectors[i + j], p.payload, seqOf.get(id) ?? '0'));
        }
      }
    });
  }

  async delete(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const lower = ids.map((id) => id.toLowerCase());
    await this.exclusive(async () => {
      await this.pool.query('DELETE FROM unit_vectors WHERE unit_id = ANY($1::uuid[])', [lower]);
      for (const id of lower) this.rows?.remove(id);
    });
  }

  async search(vector: Float32Array, filter: VectorFilter, limit: number): Promise<VectorHit[]> {
    if (this.version === null || performance.now() - this.lastCheck >= this.refreshIntervalMs) await this.refresh();
    const rows = this.rows;
    if (!rows) return []; // nothing stored and no size known
    if (vector.length !== rows.dims) throw new Error(`query vector has ${vector.length} dimensions; the store holds ${rows.dims}-dimensional vectors`);
    if (!(limit >= 1)) return [];
    return rows.search(vector, filter, Math.floor(limit), this.scan);
  }

  async count(): Promise<number> {
    const [{ n }] = await this.query<{ n: number }[]>('SELECT count(*)::int AS n FROM unit_vectors', []);
    return n;
  }

  /** Brings the copy up to date with the table now (searches do this by themselves, throttled). */
  refresh(): Promise<void> {
    this.refreshing ??= this.exclusive(() => this.refreshNow()).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Rows held in this process's copy (diagnostics). */
  get cachedRows(): number {
    return this.rows?.size ?? 0;
  }

  private async refreshNow(): Promise<void> {
    this.lastCheck = performance.now();
    // Read the version first: whatever the reads below miss moved it again, so the next check catches it.
    const [{ version }] = await this.query<{ version: string }[]>('SELECT version::text AS version FROM unit_vectors_version', []);
    if (version === this.version) return;
    // The common case: rows written since the newest one held.
    await this.loadPages('seq > $1', [this.rows?.maxSeq ?? 0]);
    // Equal count and seq sums mean nothing else changed; otherwise a row was deleted elsewhere or a
    // write committed after a later one: compare every (unit_id, seq) and load what is missing.
    const [table] = await this.query<{ n: number; sum: string; squares: string }[]>(
      'SELECT count(*)::int AS n, coalesce(sum(seq), 0)::text AS sum, coalesce(sum(seq::numeric * seq), 0)::text AS squares FROM unit_vectors',
      [],
    );
    const rows = this.rows;
    if (rows && !rows.matches(table.n, BigInt(table.sum), BigInt(table.squares))) {
      const listed = await this.query<{ unit_id: string; seq: string }[]>('SELECT unit_id, seq::text AS seq FROM unit_vectors WHERE dimensions = $1', [rows.dims]);
      const current = new Map(listed.map((r) => [r.unit_id, r.seq]));
      rows.retain((id, seq) => current.get(id) === seq);
      const missing = [...current.keys()].filter((id) => !rows.has(id));
      for (let i = 0; i < missing.length; i += LOAD_PAGE) await this.loadPages('unit_id = ANY($1::uuid[])', [missing.slice(i, i + LOAD_PAGE)]);
    }
    this.version = version;
  }

  /** Loads the rows matching `where` in seq order, a page at a time; the newest row's size wins. */
  private async loadPages(where: string, params: unknown[]): Promise<void> {
    let after = '0';
    for (;;) {
      const page = await this.query<{ unit_id: string; vector: Buffer; dimensions: number; seq: string; payload: VectorPayload }[]>(
        `SELECT unit_id, vector, dimensions, seq::text AS seq, payload FROM unit_vectors WHERE ${where} AND seq > $${params.length + 1} ORDER BY unit_vectors.seq LIMIT ${LOAD_PAGE}`,
        [...params, after],
      );
      for (const r of page) {
        // Rows of another size: the model changed elsewhere. Start over at that size.
        if (this.rows?.dims !== r.dimensions) this.rows = new InMemoryVectors(r.dimensions);
        this.rows.put(r.unit_id, new Float32Array(r.vector.buffer.slice(r.vector.byteOffset, r.vector.byteOffset + r.vector.byteLength)), r.payload, r.seq);
        after = r.seq;
      }
      if (page.length < LOAD_PAGE) return;
    }
  }

  /** With no ensureCollection() in this process, the size is that of the newest stored row. */
  private async storedDimensions(): Promise<number | null> {
    const [row] = await this.query<{ dimensions: number }[]>('SELECT dimensions FROM unit_vectors ORDER BY seq DESC LIMIT 1', []);
    return row?.dimensions ?? null;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private get pool(): Pool {
    return this.db instanceof DataSource ? poolOf(this.db) : this.db;
  }

  private query<T>(sql: string, params: unknown[]): Promise<T> {
    this.queryFn ??= preparedQuery(this.pool);
    return this.queryFn<T>(sql, params);
  }
}

const UPSERT_SQL = `INSERT INTO unit_vectors (unit_id, vector, dimensions, seq, payload, updated_at)
SELECT t.unit_id, t.vector, $4::smallint, nextval('unit_vectors_seq'), t.payload, now()
FROM unnest($1::uuid[], $2::bytea[], $3::jsonb[]) AS t(unit_id, vector, payload)
ON CONFLICT (unit_id) DO UPDATE SET vector = EXCLUDED.vector, dimensions = EXCLUDED.dimensions,
  seq = EXCLUDED.seq, payload = EXCLUDED.payload, updated_at = EXCLUDED.updated_at
RETURNING unit_id, seq::text AS seq`;

/** A unit-length copy (a zero vector stays zero); rejects NaN and infinities. */
function normalized(v: Float32Array, id: string): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new Error(`vector for ${id} has a non-finite value at ${i}`);
    sum += v[i] * v[i];
  }
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  return v.map((x) => x * inv);
}

const lc = (s: string) => s.trim().toLowerCase();
const present = (s: string | undefined): s is string => typeof s === 'string' && s.trim() !== '';
const given = (n: number | undefined): n is number => typeof n === 'number' && !Number.isNaN(n);

/** The payload fields filters compare, normalised once when a row is stored. */
interface Filterable {
  purpose: string;
  type: string;
  status: string;
  price: number;
  bedrooms: number;
  bathrooms: number;
  city: string | null;
  zip: string | null;
  area: string | null;
}

/** The filter as one predicate. A missing number fails every range (NaN compares false). */
function predicateOf(f: VectorFilter): (p: Filterable) => boolean {
  const purpose = present(f.purpose) ? f.purpose : null;
  const types = f.type?.length ? new Set(f.type) : null; // an empty list is no condition
  const statuses = f.status?.length ? new Set(f.status) : null;
  const city = present(f.city) ? lc(f.city) : null;
  const zip = present(f.zip) ? f.zip.trim() : null;
  const area = present(f.area) ? lc(f.area) : null;
  return (p) =>
    (purpose === null || p.purpose === purpose) &&
    (types === null || types.has(p.type)) &&
    (statuses === null || statuses.has(p.status)) &&
    (!given(f.priceMin) || p.price >= f.priceMin) &&
    (!given(f.priceMax) || p.price <= f.priceMax) &&
    (!given(f.bedsMin) || p.bedrooms >= f.bedsMin) &&
    (!given(f.bathsMin) || p.bathrooms >= f.bathsMin) &&
    (city === null || p.city === city) &&
    (zip === null || p.zip === zip) &&
    (area === null || p.area === area);
}

const filterable = (p: VectorPayload): Filterable => ({
  purpose: p.purpose,
  type: p.type,
  status: p.status,
  price: typeof p.price === 'number' ? p.price : NaN,
  bedrooms: typeof p.bedrooms === 'number' ? p.bedrooms : NaN,
  bathrooms: typeof p.bathrooms === 'number' ? p.bathrooms : NaN,
  city: typeof p.city === 'string' ? lc(p.city) : null,
  zip: typeof p.zip === 'string' ? p.zip.trim() : null,
  area: typeof p.area === 'string' ? lc(p.area) : null,
});

/** Unit-length rows in one growing Float32Array, with their ids, seqs and filter fields. */
class InMemoryVectors {
  size = 0;
  private data = new Float32Array(0);
  private ids: string[] = [];
  private seqs: string[] = [];
  private payloads: Filterable[] = [];
  private readonly rowOf = new Map<string, number>();
  /** The highest seq held, and the sums that tell whether the table holds the same seqs. */
  maxSeq = 0;
  private seqSum = 0n;
  private seqSquares = 0n;

  constructor(readonly dims: number) {}

  matches(count: number, sum: bigint, squares: bigint): boolean {
    return count === this.size && sum === this.seqSum && squares === this.seqSquares;
  }

  private count(seq: string, sign: 1n | -1n): void {
    const s = BigInt(seq);
    this.seqSum += sign * s;
    this.seqSquares += sign * s * s;
    if (Number(s) > this.maxSeq) this.maxSeq = Number(s);
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  /** Inserts or replaces a row; `vector` must be unit length already. */
  put(id: string, vector: Float32Array, payload: VectorPayload, seq: string): void {
    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.size++;
      if (this.size * this.dims > this.data.length) {
        const grown = new Float32Array(Math.max(this.size * 2, 256) * this.dims);
        grown.set(this.data);
        this.data = grown;
      }
      this.rowOf.set(id, row);
      this.ids[row] = id;
    } else {
      this.count(this.seqs[row], -1n);
    }
    this.data.set(vector, row * this.dims);
    this.seqs[row] = seq;
    this.count(seq, 1n);
    this.payloads[row] = filterable(payload);
  }

  remove(id: string): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    this.count(this.seqs[row], -1n);
    const last = --this.size;
    if (row !== last) {
      // The last row fills the hole.
      this.data.copyWithin(row * this.dims, last * this.dims, (last + 1) * this.dims);
      this.ids[row] = this.ids[last];
      this.seqs[row] = this.seqs[last];
      this.payloads[row] = this.payloads[last];
      this.rowOf.set(this.ids[row], row);
    }
    this.ids.length = this.seqs.length = this.payloads.length = last;
    this.rowOf.delete(id);
  }

  /** Keeps the rows for which `keep(id, seq)` holds. */
  retain(keep: (id: string, seq: string) => boolean): void {
    for (let r = this.size - 1; r >= 0; r--) if (!keep(this.ids[r], this.seqs[r])) this.remove(this.ids[r]);
  }

  /**
   * The `limit` rows nearest the query among those the filter lets through, best first. When most
   * rows pass, usearch scores every row natively (SIMD) and the best that pass are kept, asking for
   * more until enough pass; when few pass, only those are scored here. Exact either way.
   */
  search(vector: Float32Array, filter: VectorFilter, limit: number, scan: 'native' | 'js'): VectorHit[] {
    const query = normalized(vector, 'the query');
    const passes = predicateOf(filter);
    const passing: number[] = [];
    for (let r = 0; r < this.size; r++) if (passes(this.payloads[r])) passing.push(r);
    const k = Math.min(limit, passing.length);
    if (k === 0) return [];
    if (scan === 'native' && passing.length * 4 >= this.size) return this.searchNative(query, passes, k, Math.ceil((2 * k * this.size) / passing.length));
    // The best k so far, sorted best first; a row enters only if it beats the worst kept.
    const scores = new Float64Array(k);
    const rows = new Int32Array(k);
    let kept = 0;
    for (const r of passing) {
      const s = this.dot(query, r);
      if (kept === k && !(s > scores[k - 1])) continue;
      let i = kept < k ? kept++ : k - 1;
      for (; i > 0 && scores[i - 1] < s; i--) {
        scores[i] = scores[i - 1];
        rows[i] = rows[i - 1];
      }
      scores[i] = s;
      rows[i] = r;
    }
    const hits: VectorHit[] = [];
    for (let i = 0; i < kept; i++) hits.push(this.hit(rows[i], scores[i]));
    return hits;
  }

  private searchNative(query: Float32Array, passes: (p: Filterable) => boolean, k: number, ask: number): VectorHit[] {
    const want = Math.min(this.size, ask);
    // Inner product of unit vectors: usearch's distance is 1 - cosine.
    const m = exactSearch(this.data.subarray(0, this.size * this.dims), query, this.dims, want, MetricKind.IP, 1);
    const hits: VectorHit[] = [];
    for (let i = 0; i < m.keys.length && hits.length < k; i++) {
      const row = Number(m.keys[i]);
      if (passes(this.payloads[row])) hits.push(this.hit(row, 1 - m.distances[i]));
    }
    return hits.length < k && want < this.size ? this.searchNative(query, passes, k, want * 4) : hits;
  }

  private hit(row: number, score: number): VectorHit {
    return { id: this.ids[row], score: Math.max(-1, Math.min(1, score)) };
  }

  private dot(q: Float32Array, row: number): number {
    const d = this.data;
    const n = this.dims;
    const o = row * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      s0 += d[o + j] * q[j];
      s1 += d[o + j + 1] * q[j + 1];
      s2 += d[o + j + 2] * q[j + 2];
      s3 += d[o + j + 3] * q[j + 3];
    }
    for (; j < n; j++) s0 += d[o + j] * q[j];
    return s0 + s1 + s2 + s3;
  }
}
