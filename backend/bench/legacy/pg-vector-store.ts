import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { poolOf, preparedQuery, type Query } from '../../src/core/database/prepared';
import type { VectorFilter, VectorHit, VectorPayload, VectorPoint, VectorStore } from '../../src/embedding/vector-store';

/**
 * The zero-setup vector store: vectors persist in PostgreSQL (`unit_vectors`, no pgvector needed)
 * and search is EXACT, over a process-local copy of the table kept in memory.
 *
 * The cache. One contiguous float32 matrix (rows padded to a multiple of 4 floats, zero-filled),
 * the ids, and the payload as typed columns (dictionary codes for strings, float64 for numbers).
 * Vectors are stored L2-normalised and the query is normalised, so a dot product is the cosine.
 * A filter is checked against the columns first; only the rows that pass are scored, by a tiny
 * WebAssembly SIMD kernel (a plain JS loop where WebAssembly is unavailable); the best `limit` are
 * kept in a binary min-heap. Memory is about rows × dimensions × 4 bytes: 200,000 × 384 ≈ 310 MB.
 * A process loads its cache on its first search; one that only writes (the worker) keeps none.
 *
 * Keeping it fresh. Every write sets `seq = nextval('unit_vectors_seq')`. Before a search, at most
 * every `refreshIntervalMs` (250 ms), the store runs `SELECT max(seq)` (an index lookup) and, when it
 * is above the highest seq it holds (its watermark), loads only the rows with a greater seq, in seq
 * order, page by page. Other processes (the worker) write vectors; this is how the API sees them.
 * For this to be safe, rows must become visible in seq order — otherwise a reader could see seq 11
 * while seq 10 was still uncommitted and skip 10 for ever. So every write takes a transaction-level
 * advisory lock before `nextval` and holds it to commit: writers commit in seq order. Anything that
 * writes `unit_vectors` must go through this class (or take the same lock: WRITE_LOCK_SQL).
 *
 * Deletes. `delete()` removes rows from the table and from this process's cache. Rows deleted
 * elsewhere — another process's delete(), or the FK cascade when a unit is deleted — leave no seq
 * behind, so they can linger in other processes' caches: until the next reconciliation (every
 * `reconcileIntervalMs`, 5 s: a `count(*)` of rows at or below the watermark; when it differs from the
 * cache, the current ids are loaded and missing ones dropped). Callers join hits back to `units`, so
 * a lingering hit for a deleted unit is dropped there; a search may just return fewer hits.
 *
 * Dimensions. A table holds vectors of one size. `ensureCollection(d)` deletes rows of any other
 * size (a change of dimensions means a new embedding model, so everything is re-embedded anyway)
 * and resets the cache; a cache that meets rows of another size while refreshing starts over at
 * that size (the newest rows win).
 */
export interface PgVectorStoreOptions {
  /** Least time between the `max(seq)` checks searches make; 0 checks before every search. Default 250. */
  refreshIntervalMs?: number;
  /** Least time between checks for rows deleted by other processes. Default 5000. */
  reconcileIntervalMs?: number;
  /** Rows per query when loading the cache. Default 4096. */
  pageSize?: number;
  /** Scoring kernel: 'wasm' (SIMD, the default where available) or 'js'. */
  kernel?: 'auto' | 'wasm' | 'js';
}

/** Serialises writers, so rows commit in seq order (see the class comment). */
export const WRITE_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('openhouse.unit_vectors'))`;

const MAX_DIMENSIONS = 16_384;
/** The query vector sits at the start of the kernel's memory; the matrix follows. */
const QUERY_BYTES = MAX_DIMENSIONS * 4;
const WASM_PAGE = 65_536;
const MAX_WASM_PAGES = 65_536;
const WRITE_CHUNK = 1000;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class LegacyPgVectorStore implements VectorStore {
  readonly id = 'postgres';
  private readonly refreshIntervalMs: number;
  private readonly reconcileIntervalMs: number;
  private readonly pageSize: number;
  private readonly kernel: 'wasm' | 'js';
  private poolValue: Pool | null = null;
  private cache: VectorCache | null = null;
  /** Cache mutations (refresh, local writes, resets) run one at a time. */
  private tail: Promise<unknown> = Promise.resolve();
  private refreshing: Promise<void> | null = null;
  private lastCheck = -Infinity;
  private lastReconcile = -Infinity;
  private queryFn: Query | null = null;

  constructor(
    private readonly db: DataSource | Pool,
    options: PgVectorStoreOptions = {},
  ) {
    this.refreshIntervalMs = options.refreshIntervalMs ?? 250;
    this.reconcileIntervalMs = options.reconcileIntervalMs ?? 5000;
    this.pageSize = options.pageSize ?? 4096;
    const wanted = options.kernel ?? 'auto';
    if (wanted === 'wasm' && !SCAN_MODULE) throw new Error('WebAssembly SIMD is not available in this runtime');
    this.kernel = wanted === 'js' || !SCAN_MODULE ? 'js' : 'wasm';
  }

  /** Which scoring kernel searches use. */
  get kernelKind(): 'wasm' | 'js' {
    return this.kernel;
  }

  async ensureCollection(dimensions: number): Promise<void> {
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
      throw new Error(`dimensions must be an integer from 1 to ${MAX_DIMENSIONS}, got ${dimensions}`);
    }
    await this.exclusive(async () => {
      // Vectors of another size are unusable with this model: clear them (they get re-embedded).
      await this.pool.query('DELETE FROM unit_vectors WHERE dimensions <> $1', [dimensions]);
      if (this.cache?.dims !== dimensions) {
        this.cache = new VectorCache(dimensions, this.kernel);
        this.lastCheck = -Infinity;
      }
    });
  }

  async upsert(points: VectorPoint[]): Promise<void> {
    if (points.length === 0) return;
    // Last one wins, as if they were written one after another (one statement can't touch a row twice).
    const byId = new Map<string, VectorPoint>();
    for (const p of points) byId.set(p.id.toLowerCase(), p);
    await this.exclusive(async () => {
      const cache = this.cache ?? (await this.inferCache());
      if (!cache) throw new Error('PgVectorStore: call ensureCollection(dimensions) before the first upsert');
      const ids: string[] = [];
      const vectors: Float32Array[] = [];
      const payloads: VectorPayload[] = [];
      for (const [id, p] of byId) {
        if (p.vector.length !== cache.dims) {
          throw new Error(`vector for ${id} has ${p.vector.length} dimensions; the store holds ${cache.dims}-dimensional vectors`);
        }
        ids.push(id);
        vectors.push(normalized(p.vector, id));
        payloads.push(p.payload);
      }
      const { before, written } = await this.writeRows(ids, vectors, payloads, cache.dims);
      // A cache no search has loaded yet stays empty: its first refresh loads everything anyway,
      // and a process that only writes (the worker) keeps no copy of the vectors.
      if (!cache.loaded) return;
      const seqOf = new Map(written.map((r) => [r.unit_id, Number(r.seq)]));
      let top = 0;
      for (let i = 0; i < ids.length; i++) {
        const seq = seqOf.get(ids[i]) ?? 0;
        cache.put(ids[i], vectors[i], payloads[i], seq);
        if (seq > top) top = seq;
      }
      // Under the lock every seq ≤ `before` was committed; if the cache already held all of them,
      // it now holds everything up to our own rows and need not load them again.
      if (before <= cache.watermark) cache.watermark = Math.max(cache.watermark, top);
    });
  }

  /** One transaction under the write lock; returns the max seq before it and the seqs it wrote. */
  private async writeRows(ids: string[], vectors: Float32Array[], payloads: VectorPayload[], dims: number) {
    const written: { unit_id: string; seq: string }[] = [];
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(WRITE_LOCK_SQL);
      const before = Number((await client.query<{ max: string }>('SELECT coalesce(max(seq), 0)::text AS max FROM unit_vectors')).rows[0].max);
      for (let i = 0; i < ids.length; i += WRITE_CHUNK) {
        const end = Math.min(i + WRITE_CHUNK, ids.length);
        const res = await client.query<{ unit_id: string; seq: string }>(UPSERT_SQL, [
          ids.slice(i, end),
          vectors.slice(i, end).map(toBytes),
          payloads.slice(i, end).map((p) => JSON.stringify(p)),
          dims,
        ]);
        written.push(...res.rows);
      }
      await client.query('COMMIT');
      return { before, written };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async delete(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const lower = ids.map((id) => id.toLowerCase());
    await this.exclusive(async () => {
      await this.pool.query('DELETE FROM unit_vectors WHERE unit_id = ANY($1::uuid[])', [lower]);
      for (const id of lower) this.cache?.remove(id);
    });
  }

  async search(vector: Float32Array, filter: VectorFilter, limit: number): Promise<VectorHit[]> {
    if (performance.now() - this.lastCheck >= this.refreshIntervalMs) await this.refreshOnce(false);
    const cache = this.cache;
    if (!cache) return []; // nothing stored yet and no size known
    if (vector.length !== cache.dims) {
      throw new Error(`query vector has ${vector.length} dimensions; the store holds ${cache.dims}-dimensional vectors`);
    }
    if (!(limit >= 1)) return [];
    return cache.search(vector, filter, Math.floor(limit));
  }

  async count(): Promise<number> {
    const rows = await this.query<{ n: number }[]>('SELECT count(*)::int AS n FROM unit_vectors', []);
    return rows[0].n;
  }

  /**
   * Brings the cache up to date now: loads rows written since the last refresh and drops rows
   * deleted by other processes. Searches do the first part by themselves (throttled); call this to
   * warm the cache at startup or to force both parts.
   */
  async refresh(): Promise<void> {
    await this.refreshOnce(true);
  }

  /** Rows held in this process's cache (diagnostics). */
  get cachedRows(): number {
    return this.cache?.size ?? 0;
  }

  private refreshOnce(reconcile: boolean): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.exclusive(() => this.refreshLocked(reconcile)).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async refreshLocked(reconcile: boolean): Promise<void> {
    const now = performance.now();
    this.lastCheck = now;
    const [{ max }] = await this.query<{ max: string }[]>('SELECT coalesce(max(seq), 0)::text AS max FROM unit_vectors', []);
    if (!this.cache && !(await this.inferCache())) return; // empty, and no ensureCollection() told us the size
    if (Number(max) > this.cache!.watermark) await this.loadNewRows();
    this.cache!.loaded = true;
    if (reconcile || now - this.lastReconcile >= this.reconcileIntervalMs) await this.reconcile();
  }

  /** With no ensureCollection() in this process, the size is that of the newest stored row. */
  private async inferCache(): Promise<VectorCache | null> {
    const [row] = await this.query<{ dimensions: number }[]>('SELECT dimensions FROM unit_vectors ORDER BY seq DESC LIMIT 1', []);
    if (row) this.cache = new VectorCache(row.dimensions, this.kernel);
    return this.cache;
  }

  private async loadNewRows(): Promise<void> {
    let cache = this.cache!;
    if (cache.size === 0 && cache.watermark === 0) {
      const [{ n }] = await this.query<{ n: number }[]>('SELECT count(*)::int AS n FROM unit_vectors', []);
      cache.reserve(n);
      this.lastReconcile = performance.now(); // a full load is as good as a reconciliation
    }
    for (;;) {
      // (seq as text, for JS numbers; ordered by the bigint column, not by that text)
      const rows = await this.query<{ unit_id: string; vector: Buffer; dimensions: number; seq: string; payload: VectorPayload }[]>(
        'SELECT unit_id, vector, dimensions, seq::text AS seq, payload FROM unit_vectors WHERE seq > $1 ORDER BY unit_vectors.seq LIMIT $2',
        [String(cache.watermark), this.pageSize],
      );
      for (const row of rows) {
        const seq = Number(row.seq);
        if (row.dimensions !== cache.dims) {
          // Newer rows have another size: the model changed elsewhere. Start over at that size.
          const fresh = new VectorCache(row.dimensions, this.kernel);
          fresh.watermark = cache.watermark;
          cache = this.cache = fresh;
        }
        cache.put(row.unit_id, bytesToFloats(row.vector, row.dimensions), row.payload, seq);
        cache.watermark = seq;
      }
      if (rows.length < this.pageSize) return;
    }
  }

  /** Drops cached rows that no longer exist in the table (deleted by another process or by FK cascade). */
  private async reconcile(): Promise<void> {
    const cache = this.cache!;
    this.lastReconcile = performance.now();
    const watermark = cache.watermark;
    const [{ n }] = await this.query<{ n: number }[]>('SELECT count(*)::int AS n FROM unit_vectors WHERE seq <= $1', [String(watermark)]);
    if (n === cache.countAtOrBelow(watermark)) return;
    const rows = await this.query<{ unit_id: string }[]>('SELECT unit_id FROM unit_vectors', []);
    const existing = new Set(rows.map((r) => r.unit_id));
    cache.retain((id) => existing.has(id));
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private get pool(): Pool {
    if (!this.poolValue) this.poolValue = this.db instanceof DataSource ? poolOf(this.db) : this.db;
    return this.poolValue;
  }

  private query<T>(sql: string, params: unknown[]): Promise<T> {
    if (!this.queryFn) this.queryFn = preparedQuery(this.pool);
    return this.queryFn<T>(sql, params);
  }
}

const UPSERT_SQL = `INSERT INTO unit_vectors (unit_id, vector, dimensions, seq, payload, updated_at)
SELECT t.unit_id, t.vector, $4::smallint, nextval('unit_vectors_seq'), t.payload, now()
FROM unnest($1::uuid[], $2::bytea[], $3::jsonb[]) WITH ORDINALITY AS t(unit_id, vector, payload, ord)
ORDER BY t.ord
ON CONFLICT (unit_id) DO UPDATE SET vector = EXCLUDED.vector, dimensions = EXCLUDED.dimensions,
  seq = EXCLUDED.seq, payload = EXCLUDED.payload, updated_at = EXCLUDED.updated_at
RETURNING unit_id, seq::text AS seq`;

/** A unit-length copy (a zero vector stays zero); rejects NaN and infinities. */
function normalized(v: Float32Array, id: string): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) throw new Error(`vector for ${id} has a non-finite value at ${i}`);
    sum += x * x;
  }
  const out = new Float32Array(v.length);
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < v.length; i++) out[i] = v[i] * inv;
  return out;
}

/** float32 little-endian, as stored in `unit_vectors.vector`. */
function toBytes(v: Float32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  const buf = Buffer.allocUnsafe(v.length * 4);
  for (let i = 0; i < v.length; i++) buf.writeFloatLE(v[i], i * 4);
  return buf;
}

function bytesToFloats(buf: Buffer, dims: number): Float32Array {
  if (buf.length !== dims * 4) throw new Error(`stored vector has ${buf.length} bytes, expected ${dims * 4}`);
  const out = new Float32Array(dims);
  if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(buf);
  else for (let i = 0; i < dims; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

const lc = (s: string) => s.trim().toLowerCase();

// ---------------------------------------------------------------------------------------------
// The scoring kernel, hand-assembled WebAssembly (SIMD, f32x4). Its text format:
//
// (module
//   (import "env" "memory" (memory 1))
//   ;; out[r] = dot(row r, query) for r in [0, n); rows are rowBytes apart (a positive multiple of 16)
//   (func (export "scan") (param $m i32) (param $q i32) (param $out i32) (param $n i32) (param $rowBytes i32)
//     (local $j i32) (local $acc v128)
//     (block $done
//       (loop $rows
//         (br_if $done (i32.eqz (local.get $n)))
//         (local.set $acc (v128.const i64x2 0 0))
//         (local.set $j (i32.const 0))
//         (loop $cols
//           (local.set $acc (f32x4.add (local.get $acc)
//             (f32x4.mul (v128.load align=1 (i32.add (local.get $m) (local.get $j)))
//                        (v128.load align=1 (i32.add (local.get $q) (local.get $j))))))
//           (br_if $cols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $rowBytes))))
//         (f32.store (local.get $out) (f32.add (f32.add (f32.add
//           (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
//           (f32x4.extract_lane 2 (local.get $acc))) (f32x4.extract_lane 3 (local.get $acc))))
//         (local.set $out (i32.add (local.get $out) (i32.const 4)))
//         (local.set $m (i32.add (local.get $m) (local.get $rowBytes)))
//         (local.set $n (i32.sub (local.get $n) (i32.const 1)))
//         (br $rows))))
//   ;; out[i] = dot(row idx[i], query) for i in [0, n): only the rows a filter let through
//   (func (export "scanRows") (param $m i32) (param $q i32) (param $out i32) (param $idx i32) (param $n i32) (param $rowBytes i32)
//     (local $j i32) (local $row i32) (local $acc v128)
//     ... as above, with the row pointer computed per row:
//         (local.set $row (i32.add (local.get $m) (i32.mul (i32.load (local.get $idx)) (local.get $rowBytes))))
//     ... loading from $row instead of $m, and advancing $out and $idx by 4.
// ---------------------------------------------------------------------------------------------
type ScanFn = (matrix: number, query: number, out: number, rows: number, rowBytes: number) => void;
type ScanRowsFn = (matrix: number, query: number, out: number, index: number, rows: number, rowBytes: number) => void;

/** The few WebAssembly APIs used here (the project's `lib` carries no WebAssembly typings). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];
const name = (s: string) => [s.length, ...Buffer.from(s, 'utf8')];
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const I32 = 0x7f;
const V128 = 0x7b;

/**
 * One function body: for each of n rows, out[k] = dot(row, query).
 * `rowPtr` computes the row's address into local `row`; `advance` moves to the next row.
 */
function dotLoopBody(l: { q: number; out: number; n: number; rowBytes: number; j: number; acc: number; row: number }, locals: number[], rowPtr: number[], advance: number[]): number[] {
  const lane = (i: number) => [...get(l.acc), 0xfd, 0x1f, i]; // f32x4.extract_lane i
  return [
    ...locals,
    ...[0x02, 0x40], // block $done
    ...[0x03, 0x40], //   loop $rows
    ...[...get(l.n), 0x45, 0x0d, 0x01], //     br_if $done (n == 0)
    ...rowPtr,
    ...[0xfd, 0x0c, ...new Array<number>(16).fill(0), ...set(l.acc)], //     acc = v128.const 0
    ...[0x41, 0x00, ...set(l.j)], //     j = 0
    ...[0x03, 0x40], //     loop $cols
    ...get(l.acc),
    ...[...get(l.row), ...get(l.j), 0x6a, 0xfd, 0x00, 0x00, 0x00], //       v128.load (row + j)
    ...[...get(l.q), ...get(l.j), 0x6a, 0xfd, 0x00, 0x00, 0x00], //       v128.load (q + j)
    ...[0xfd, 0xe6, 0x01, 0xfd, 0xe4, 0x01, ...set(l.acc)], //       acc = f32x4.add(acc, f32x4.mul(a, b))
    ...[...get(l.j), 0x41, 0x10, 0x6a, 0x22, l.j], //       j += 16 (local.tee)
    ...[...get(l.rowBytes), 0x49, 0x0d, 0x00], //       br_if $cols (j <u rowBytes)
    0x0b, //     end
    ...[...get(l.out), ...lane(0), ...lane(1), 0x92, ...lane(2), 0x92, ...lane(3), 0x92, 0x38, 0x02, 0x00], //     f32.store out (lane sum)
    ...[...get(l.out), 0x41, 0x04, 0x6a, ...set(l.out)], //     out += 4
    ...advance,
    ...[...get(l.n), 0x41, 0x01, 0x6b, ...set(l.n)], //     n -= 1
    ...[0x0c, 0x00], //     br $rows
    0x0b, //   end
    0x0b, // end
    0x0b, // end of function
  ];
}
// scan: params m=0 q=1 out=2 n=3 rowBytes=4; locals j=5 acc=6; the row pointer is m itself.
const SCAN_BODY = dotLoopBody(
  { q: 1, out: 2, n: 3, rowBytes: 4, j: 5, acc: 6, row: 0 },
  [0x02, 0x01, I32, 0x01, V128],
  [],
  [...get(0), ...get(4), 0x6a, ...set(0)], // m += rowBytes
);
// scanRows: params m=0 q=1 out=2 idx=3 n=4 rowBytes=5; locals j=6 row=7 acc=8.
const SCAN_ROWS_BODY = dotLoopBody(
  { q: 1, out: 2, n: 4, rowBytes: 5, j: 6, acc: 8, row: 7 },
  [0x02, 0x02, I32, 0x01, V128],
  [...get(0), ...get(3), 0x28, 0x02, 0x00, ...get(5), 0x6c, 0x6a, ...set(7)], // row = m + i32.load(idx) * rowBytes
  [...get(3), 0x41, 0x04, 0x6a, ...set(3)], // idx += 4
);
const SCAN_WASM = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, [0x02, 0x60, 0x05, I32, I32, I32, I32, I32, 0x00, 0x60, 0x06, I32, I32, I32, I32, I32, I32, 0x00]), // types
  ...section(2, [0x01, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]), // import env.memory (min 1 page)
  ...section(3, [0x02, 0x00, 0x01]), // two functions, types 0 and 1
  ...section(7, [0x02, ...name('scan'), 0x00, 0x00, ...name('scanRows'), 0x00, 0x01]),
  ...section(10, [0x02, ...leb(SCAN_BODY.length), ...SCAN_BODY, ...leb(SCAN_ROWS_BODY.length), ...SCAN_ROWS_BODY]),
]);
const SCAN_MODULE: object | null = (() => {
  try {
    return wasm?.validate(SCAN_WASM) ? new wasm.Module(SCAN_WASM) : null;
  } catch {
    return null;
  }
})();

/**
 * Row-major float32 matrix with a query slot, a score buffer and a row-index buffer, laid out for
 * the kernel: [query: QUERY_BYTES][rows: capacity × rowBytes][scores: capacity × 4][index: capacity × 4].
 * With WebAssembly it lives in the module's linear memory, which grows in place (views are
 * re-created after a grow); without, in an ArrayBuffer copied on growth.
 */
class VectorMatrix {
  readonly stride: number;
  private readonly rowBytes: number;
  capacity = 0;
  private readonly memory: WasmMemory | null = null;
  private readonly scanWasm: ScanFn | null = null;
  private readonly scanRowsWasm: ScanRowsFn | null = null;
  private buffer: ArrayBuffer;
  data: Float32Array;
  query: Float32Array;
  /** Where a filter writes the rows it lets through, for scanRows(). */
  rowIndex: Int32Array;

  constructor(
    readonly dims: number,
    kernel: 'wasm' | 'js',
  ) {
    this.stride = Math.ceil(dims / 4) * 4;
    this.rowBytes = this.stride * 4;
    if (kernel === 'wasm' && wasm && SCAN_MODULE) {
      this.memory = new wasm.Memory({ initial: Math.ceil(QUERY_BYTES / WASM_PAGE) });
      const instance = new wasm.Instance(SCAN_MODULE, { env: { memory: this.memory } });
      this.scanWasm = instance.exports.scan as ScanFn;
      this.scanRowsWasm = instance.exports.scanRows as ScanRowsFn;
      this.buffer = this.memory.buffer;
    } else {
      this.buffer = new ArrayBuffer(QUERY_BYTES);
    }
    this.views();
  }

  reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const capacity = Math.max(rows, Math.ceil(this.capacity * 1.25), 256);
    const bytes = QUERY_BYTES + capacity * (this.rowBytes + 8);
    if (this.memory) {
      const pages = Math.ceil(bytes / WASM_PAGE);
      if (pages > MAX_WASM_PAGES) throw new Error(`vector cache of ${capacity} × ${this.dims} exceeds 4 GiB`);
      this.memory.grow(pages - this.memory.buffer.byteLength / WASM_PAGE);
      this.buffer = this.memory.buffer;
    } else {
      const next = new ArrayBuffer(bytes);
      new Uint8Array(next).set(new Uint8Array(this.buffer, 0, QUERY_BYTES + this.capacity * this.rowBytes));
      this.buffer = next;
    }
    this.capacity = capacity;
    this.views();
  }

  setRow(row: number, v: Float32Array): void {
    const offset = row * this.stride;
    this.data.set(v, offset);
    if (this.stride > this.dims) this.data.fill(0, offset + this.dims, offset + this.stride);
  }

  moveRow(from: number, to: number): void {
    this.data.copyWithin(to * this.stride, from * this.stride, (from + 1) * this.stride);
  }

  /** Puts the normalised query in its slot. */
  setQuery(v: Float32Array): void {
    let sum = 0;
    for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
    const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let i = 0; i < v.length; i++) this.query[i] = v[i] * inv;
    this.query.fill(0, v.length, this.stride);
  }

  /** Scores of rows [0, n) against the query slot. The returned view is valid until the next call. */
  scanAll(n: number): Float32Array {
    const scores = new Float32Array(this.buffer, this.scoresOffset, n);
    if (this.scanWasm) {
      if (n > 0) this.scanWasm(QUERY_BYTES, 0, this.scoresOffset, n, this.rowBytes);
    } else {
      for (let r = 0; r < n; r++) scores[r] = this.dot(r);
    }
    return scores;
  }

  /** scores[i] = score of row rowIndex[i], for i in [0, count). Valid until the next call. */
  scanRows(count: number): Float32Array {
    const scores = new Float32Array(this.buffer, this.scoresOffset, count);
    if (this.scanRowsWasm) {
      if (count > 0) this.scanRowsWasm(QUERY_BYTES, 0, this.scoresOffset, this.scoresOffset + this.capacity * 4, count, this.rowBytes);
    } else {
      for (let i = 0; i < count; i++) scores[i] = this.dot(this.rowIndex[i]);
    }
    return scores;
  }

  private get scoresOffset(): number {
    return QUERY_BYTES + this.capacity * this.rowBytes;
  }

  dot(row: number): number {
    const d = this.data;
    const q = this.query;
    const stride = this.stride;
    let o = row * stride;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < stride; j += 4, o += 4) {
      s0 += d[o] * q[j];
      s1 += d[o + 1] * q[j + 1];
      s2 += d[o + 2] * q[j + 2];
      s3 += d[o + 3] * q[j + 3];
    }
    return s0 + s1 + s2 + s3;
  }

  private views(): void {
    this.query = new Float32Array(this.buffer, 0, this.stride);
    this.data = new Float32Array(this.buffer, QUERY_BYTES, this.capacity * this.stride);
    this.rowIndex = new Int32Array(this.buffer, this.scoresOffset + this.capacity * 4, this.capacity);
  }
}

/** Strings seen in one payload field, as small integer codes. */
class Dictionary {
  private readonly codes = new Map<string, number>();
  get size(): number {
    return this.codes.size;
  }
  code(value: string | null | undefined): number {
    if (value === null || value === undefined) return -1;
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.codes.size;
      this.codes.set(value, c);
    }
    return c;
  }
  find(value: string): number {
    return this.codes.get(value) ?? -1;
  }
}

/** A filter compiled against the dictionaries; -1 / null / NaN mean "no condition". */
interface CompiledFilter {
  purpose: number;
  type: Uint8Array | null;
  status: Uint8Array | null;
  city: number;
  zip: number;
  area: number;
  priceMin: number;
  priceMax: number;
  bedsMin: number;
  bathsMin: number;
}

const present = (s: string | undefined): s is string => typeof s === 'string' && s.trim() !== '';
const num = (n: number | undefined) => (typeof n === 'number' && !Number.isNaN(n) ? n : NaN);

class VectorCache {
  readonly matrix: VectorMatrix;
  size = 0;
  /** Every row with seq ≤ watermark is reflected here. */
  watermark = 0;
  /** Set by the first refresh; until then writes are not mirrored here. */
  loaded = false;
  private ids: string[] = [];
  private readonly rowOf = new Map<string, number>();
  private seq = new Float64Array(0);
  private purpose = new Int32Array(0);
  private type = new Int32Array(0);
  private status = new Int32Array(0);
  private city = new Int32Array(0);
  private zip = new Int32Array(0);
  private area = new Int32Array(0);
  private price = new Float64Array(0);
  private beds = new Float64Array(0);
  private baths = new Float64Array(0);
  private readonly dict = { purpose: new Dictionary(), type: new Dictionary(), status: new Dictionary(), city: new Dictionary(), zip: new Dictionary(), area: new Dictionary() };

  constructor(
    readonly dims: number,
    kernel: 'wasm' | 'js',
  ) {
    this.matrix = new VectorMatrix(dims, kernel);
  }

  reserve(rows: number): void {
    if (rows <= this.matrix.capacity) return;
    this.matrix.reserve(rows);
    const cap = this.matrix.capacity;
    const grow = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => {
      const next = make(cap);
      next.set(a.subarray(0, this.size));
      return next;
    };
    this.seq = grow(this.seq, (n) => new Float64Array(n));
    this.price = grow(this.price, (n) => new Float64Array(n));
    this.beds = grow(this.beds, (n) => new Float64Array(n));
    this.baths = grow(this.baths, (n) => new Float64Array(n));
    this.purpose = grow(this.purpose, (n) => new Int32Array(n));
    this.type = grow(this.type, (n) => new Int32Array(n));
    this.status = grow(this.status, (n) => new Int32Array(n));
    this.city = grow(this.city, (n) => new Int32Array(n));
    this.zip = grow(this.zip, (n) => new Int32Array(n));
    this.area = grow(this.area, (n) => new Int32Array(n));
  }

  /** Inserts or replaces a row; `vector` must already be unit length. */
  put(id: string, vector: Float32Array, p: VectorPayload, seq: number): void {
    let row = this.rowOf.get(id);
    if (row === undefined) {
      if (this.size === this.matrix.capacity) this.reserve(this.size + 1);
      row = this.size++;
      this.rowOf.set(id, row);
      this.ids[row] = id;
    }
    this.matrix.setRow(row, vector);
    this.seq[row] = seq;
    this.purpose[row] = this.dict.purpose.code(p.purpose);
    this.type[row] = this.dict.type.code(p.type);
    this.status[row] = this.dict.status.code(p.status);
    this.city[row] = this.dict.city.code(typeof p.city === 'string' ? lc(p.city) : null);
    this.zip[row] = this.dict.zip.code(typeof p.zip === 'string' ? p.zip.trim() : null);
    this.area[row] = this.dict.area.code(typeof p.area === 'string' ? lc(p.area) : null);
    this.price[row] = typeof p.price === 'number' ? p.price : NaN;
    this.beds[row] = typeof p.bedrooms === 'number' ? p.bedrooms : NaN;
    this.baths[row] = typeof p.bathrooms === 'number' ? p.bathrooms : NaN;
  }

  remove(id: string): void {
    const row = this.rowOf.get(id);
    if (row !== undefined) this.removeAt(row);
  }

  /** Keeps only the rows whose id passes `keep`. */
  retain(keep: (id: string) => boolean): void {
    for (let r = this.size - 1; r >= 0; r--) if (!keep(this.ids[r])) this.removeAt(r);
  }

  countAtOrBelow(seq: number): number {
    let n = 0;
    for (let r = 0; r < this.size; r++) if (this.seq[r] <= seq) n++;
    return n;
  }

  search(vector: Float32Array, filter: VectorFilter, limit: number): VectorHit[] {
    const n = this.size;
    if (n === 0) return [];
    const f = this.compile(filter);
    if (!f) return []; // a filter value no row has
    this.matrix.setQuery(vector);
    const heap = new TopK(Math.min(limit, n));
    if (!this.isRestrictive(f)) {
      const scores = this.matrix.scanAll(n);
      for (let r = 0; r < n; r++) heap.offer(scores[r], r);
    } else {
      // Filter on the columns first, then score only the rows that passed.
      const rows = this.matrix.rowIndex;
      const count = this.matching(f, rows);
      const scores = this.matrix.scanRows(count);
      for (let i = 0; i < count; i++) heap.offer(scores[i], rows[i]);
    }
    return heap.sorted().map(({ row, score }) => ({ id: this.ids[row], score: Math.max(-1, Math.min(1, score)) }));
  }

  private compile(filter: VectorFilter): CompiledFilter | null {
    const one = (dict: Dictionary, value: string | undefined, norm: (s: string) => string): number | null => {
      if (!present(value)) return -1;
      const code = dict.find(norm(value));
      return code < 0 ? null : code;
    };
    const anyOf = (dict: Dictionary, values: string[] | undefined): Uint8Array | null | false => {
      if (!values || values.length === 0) return null; // an empty list is no condition
      const mask = new Uint8Array(dict.size);
      let hit = false;
      for (const v of values) {
        const code = dict.find(v);
        if (code >= 0) mask[code] = 1;
        hit ||= code >= 0;
      }
      return hit ? mask : false;
    };
    const purpose = one(this.dict.purpose, filter.purpose, (s) => s);
    const city = one(this.dict.city, filter.city, lc);
    const zip = one(this.dict.zip, filter.zip, (s) => s.trim());
    const area = one(this.dict.area, filter.area, lc);
    const type = anyOf(this.dict.type, filter.type);
    const status = anyOf(this.dict.status, filter.status);
    if (purpose === null || city === null || zip === null || area === null || type === false || status === false) return null;
    return { purpose, city, zip, area, type, status, priceMin: num(filter.priceMin), priceMax: num(filter.priceMax), bedsMin: num(filter.bedsMin), bathsMin: num(filter.bathsMin) };
  }

  private isRestrictive(f: CompiledFilter): boolean {
    return (
      f.purpose >= 0 || f.city >= 0 || f.zip >= 0 || f.area >= 0 || f.type !== null || f.status !== null ||
      !Number.isNaN(f.priceMin) || !Number.isNaN(f.priceMax) || !Number.isNaN(f.bedsMin) || !Number.isNaN(f.bathsMin)
    );
  }

  /** Writes the rows passing the filter into `out`; returns how many. */
  private matching(f: CompiledFilter, out: Int32Array): number {
    const n = this.size;
    let k = 0;
    const { purpose, city, zip, area, type, status, priceMin, priceMax, bedsMin, bathsMin } = f;
    const hasPriceMin = !Number.isNaN(priceMin);
    const hasPriceMax = !Number.isNaN(priceMax);
    const hasBeds = !Number.isNaN(bedsMin);
    const hasBaths = !Number.isNaN(bathsMin);
    for (let r = 0; r < n; r++) {
      if (purpose >= 0 && this.purpose[r] !== purpose) continue;
      if (city >= 0 && this.city[r] !== city) continue;
      if (zip >= 0 && this.zip[r] !== zip) continue;
      if (area >= 0 && this.area[r] !== area) continue;
      if (type !== null && !(this.type[r] >= 0 && type[this.type[r]] === 1)) continue;
      if (status !== null && !(this.status[r] >= 0 && status[this.status[r]] === 1)) continue;
      // NaN (a missing number) fails every comparison, so it never passes a range.
      if (hasPriceMin && !(this.price[r] >= priceMin)) continue;
      if (hasPriceMax && !(this.price[r] <= priceMax)) continue;
      if (hasBeds && !(this.beds[r] >= bedsMin)) continue;
      if (hasBaths && !(this.baths[r] >= bathsMin)) continue;
      out[k++] = r;
    }
    return k;
  }

  private removeAt(row: number): void {
    const last = this.size - 1;
    const id = this.ids[row];
    if (row !== last) {
      this.matrix.moveRow(last, row);
      for (const col of [this.seq, this.price, this.beds, this.baths, this.purpose, this.type, this.status, this.city, this.zip, this.area]) col[row] = col[last];
      const moved = this.ids[last];
      this.ids[row] = moved;
      this.rowOf.set(moved, row);
    }
    this.ids.length = last;
    this.rowOf.delete(id);
    this.size = last;
  }
}

/** The k best (score, row) pairs: a binary min-heap on score. */
class TopK {
  private readonly scores: Float64Array;
  private readonly rows: Int32Array;
  private n = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.rows = new Int32Array(k);
  }

  offer(score: number, row: number): void {
    if (this.n < this.k) {
      let i = this.n++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent] <= score) break;
        this.scores[i] = this.scores[parent];
        this.rows[i] = this.rows[parent];
        i = parent;
      }
      this.scores[i] = score;
      this.rows[i] = row;
    } else if (this.k > 0 && score > this.scores[0]) {
      this.siftDown(score, row);
    }
  }

  sorted(): { row: number; score: number }[] {
    const out: { row: number; score: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ row: this.rows[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.row - b.row);
  }

  /** Replaces the root (the worst kept) and restores the heap. */
  private siftDown(score: number, row: number): void {
    const n = this.n;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.scores[r] < this.scores[l] ? r : l;
      if (this.scores[c] >= score) break;
      this.scores[i] = this.scores[c];
      this.rows[i] = this.rows[c];
      i = c;
    }
    this.scores[i] = score;
    this.rows[i] = row;
  }
}
