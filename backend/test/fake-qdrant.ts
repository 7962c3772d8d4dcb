/**
 * A stand-in Qdrant for protocol-level tests of QdrantVectorStore. NO LIVE QDRANT SERVER RAN while
 * this was written or tested: none can run on this machine (no Qdrant binary, no docker engine).
 *
 * What it is: a real HTTP server (node:http on 127.0.0.1, a free port) speaking the subset of
 * Qdrant's REST API that the adapter calls through @qdrant/js-client-rest 1.18 — collection exists /
 * info / create, payload index create, points upsert / delete / count / query — with Qdrant's
 * envelope (`{result, status: "ok", time}`; errors `{status: {error}, time}`), 404 for a missing
 * collection, 409 for creating one that exists, 400 for a wrong vector size, and real semantics:
 * in-memory collections, UUID or integer point ids (UUIDs returned hyphenated, lower case), upsert
 * replaces vector and payload, Cosine vectors normalised on write, exact search, and filters with
 * must / should / must_not, match value / any / except, range gt / gte / lt / lte (array values
 * match when any element does). Every request is recorded for assertions.
 *
 * Shapes come from the client's OpenAPI types and Qdrant's documentation. NOT verified against a
 * live server: exact error texts and some status codes; the full CollectionInfo document (only the
 * fields the adapter reads are faithful); that a repeated createPayloadIndex is a no-op; tie order
 * and float rounding of scores; real search is approximate (HNSW) once a collection passes
 * full_scan_threshold, this one is always exact; payload indexes are recorded but not used (real
 * Qdrant filters without them too, unless strict mode demands them); whether real Qdrant accepts
 * every request body exactly as the adapter sends it; api-key auth; behaviour under concurrency,
 * large batches and timeouts; wait=false (always applied at once here).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path with the query string, e.g. `/collections/units/points?wait=true`. */
  path: string;
  /** Parsed JSON body, or undefined. */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeQdrant {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

type Payload = Record<string, unknown>;
interface Point {
  id: string | number;
  vector: number[];
  payload: Payload;
  version: number;
}
interface Collection {
  size: number;
  distance: 'Cosine' | 'Dot' | 'Euclid' | 'Manhattan';
  points: Map<string, Point>;
  payloadSchema: Record<string, { data_type: string }>;
  version: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeQdrant(): Promise<FakeQdrant> {
  const collections = new Map<string, Collection>();
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    readBody(req)
      .then((raw) => {
        let body: unknown;
        try {
          body = raw.length ? JSON.parse(raw) : undefined;
        } catch (e) {
          requests.push({ method: req.method ?? '', path: req.url ?? '', body: raw, headers: req.headers });
          throw new HttpError(400, `Format error in JSON body: ${(e as Error).message}`);
        }
        requests.push({ method: req.method ?? '', path: req.url ?? '', body, headers: req.headers });
        const url = new URL(req.url ?? '/', 'http://fake');
        return route(req.method ?? 'GET', url, body);
      })
      .then((result) => send(res, 200, { result, status: 'ok', time: elapsed(started) }))
      .catch((err: unknown) => {
        const status = err instanceof HttpError ? err.status : 500;
        const message = err instanceof Error ? err.message : String(err);
        send(res, status, { status: { error: message }, time: elapsed(started) });
      });
  });

  function route(method: string, url: URL, body: unknown): unknown {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'collections' || parts.length < 2) throw new HttpError(404, `Not found: ${method} ${url.pathname}`);
    const name = parts[1];
    const rest = parts.slice(2).join('/');
    const key = `${method} ${rest}`;
    if (key === 'GET exists') return { exists: collections.has(name) };
    if (key === 'PUT ') return createCollection(name, body);
    const c = collections.get(name);
    if (!c) throw new HttpError(404, `Not found: Collection \`${name}\` doesn't exist!`);
    const wait = url.searchParams.get('wait') === 'true';
    switch (key) {
      case 'GET ':
        return collectionInfo(c);
      case 'PUT index':
        return createIndex(c, body, wait);
      case 'PUT points':
        return upsert(c, body, wait);
      case 'POST points/delete':
        return deletePoints(c, body, wait);
      case 'POST points/count':
        return { count: [...c.points.values()].filter((p) => matches(p, obj(body).filter)).length };
      case 'POST points/query':
        return query(c, body);
      default:
        throw new HttpError(404, `Not found: ${method} ${url.pathname} (not implemented by fake-qdrant)`);
    }
  }

  function createCollection(name: string, body: unknown): boolean {
    if (collections.has(name)) throw new HttpError(409, `Wrong input: Collection \`${name}\` already exists!`);
    const vectors = obj(obj(body).vectors);
    const size = vectors.size;
    const distance = vectors.distance;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) throw new HttpError(400, 'Validation error in JSON body: [vectors.size: value must be a positive integer]');
    if (distance !== 'Cosine' && distance !== 'Dot' && distance !== 'Euclid' && distance !== 'Manhattan') {
      throw new HttpError(400, `Format error in JSON body: unknown variant \`${String(distance)}\``);
    }
    collections.set(name, { size, distance, points: new Map(), payloadSchema: {}, version: 0 });
    return true;
  }

  function collectionInfo(c: Collection): unknown {
    const payload_schema: Record<string, unknown> = {};
    for (const [field, s] of Object.entries(c.payloadSchema)) {
      payload_schema[field] = { data_type: s.data_type, points: [...c.points.values()].filter((p) => p.payload[field] !== undefined && p.payload[field] !== null).length };
    }
    return {
      status: 'green',
      optimizer_status: 'ok',
      indexed_vectors_count: 0,
      points_count: c.points.size,
      segments_count: 1,
      config: {
        params: { vectors: { size: c.size, distance: c.distance }, shard_number: 1, replication_factor: 1, write_consistency_factor: 1, on_disk_payload: true },
        hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000, max_indexing_threads: 0, on_disk: false },
        optimizer_config: { deleted_threshold: 0.2, vacuum_min_vector_number: 1000, default_segment_number: 0, flush_interval_sec: 5 },
        wal_config: { wal_capacity_mb: 32, wal_segments_ahead: 0 },
        quantization_config: null,
      },
      payload_schema,
    };
  }

  function updateResult(c: Collection, wait: boolean) {
    return { operation_id: ++c.version, status: wait ? 'completed' : 'acknowledged' };
  }

  function createIndex(c: Collection, body: unknown, wait: boolean) {
    const b = obj(body);
    const schema = typeof b.field_schema === 'string' ? b.field_schema : obj(b.field_schema).type;
    if (typeof b.field_name !== 'string' || typeof schema !== 'string') throw new HttpError(400, 'Format error in JSON body: field_name and field_schema required');
    if (!['keyword', 'integer', 'float', 'geo', 'text', 'bool', 'datetime', 'uuid'].includes(schema)) throw new HttpError(400, `Format error in JSON body: unknown variant \`${schema}\``);
    c.payloadSchema[b.field_name] = { data_type: schema };
    return updateResult(c, wait);
  }

  function upsert(c: Collection, body: unknown, wait: boolean) {
    const points = obj(body).points;
    if (!Array.isArray(points)) throw new HttpError(400, 'fake-qdrant implements only the `points` form of upsert');
    const parsed = points.map((raw) => {
      const p = obj(raw);
      const id = pointId(p.id);
      const vector = p.vector;
      if (!Array.isArray(vector) || !vector.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new HttpError(400, 'Format error in JSON body: vector must be an array of numbers');
      if (vector.length !== c.size) throw new HttpError(400, `Wrong input: Vector dimension error: expected dim: ${c.size}, got ${vector.length}`);
      return { id, vector: c.distance === 'Cosine' ? normalise(vector as number[]) : (vector as number[]), payload: p.payload === undefined || p.payload === null ? {} : obj(p.payload) };
    });
    const version = c.version + 1;
    for (const p of parsed) c.points.set(String(p.id), { ...p, version });
    return updateResult(c, wait);
  }

  function deletePoints(c: Collection, body: unknown, wait: boolean) {
    const b = obj(body);
    if (Array.isArray(b.points)) {
      for (const id of b.points) c.points.delete(String(pointId(id)));
    } else if (b.filter !== undefined) {
      for (const [k, p] of c.points) if (matches(p, b.filter)) c.points.delete(k);
    } else {
      throw new HttpError(400, 'Format error in JSON body: expected `points` or `filter`');
    }
    return updateResult(c, wait);
  }

  function query(c: Collection, body: unknown) {
    const b = obj(body);
    const q = Array.isArray(b.query) ? b.query : obj(b.query).nearest;
    if (!Array.isArray(q) || !q.every((x) => typeof x === 'number')) throw new HttpError(400, 'fake-qdrant implements only nearest-vector queries');
    if (q.length !== c.size) throw new HttpError(400, `Wrong input: Vector dimension error: expected dim: ${c.size}, got ${q.length}`);
    if (c.distance !== 'Cosine' && c.distance !== 'Dot') throw new HttpError(400, 'fake-qdrant searches Cosine and Dot collections only');
    const query = c.distance === 'Cosine' ? normalise(q) : q;
    const limit = typeof b.limit === 'number' ? b.limit : 10;
    const offset = typeof b.offset === 'number' ? b.offset : 0;
    const scored = [...c.points.values()]
      .filter((p) => matches(p, b.filter))
      .map((p) => ({ p, score: dot(query, p.vector) }))
      .sort((x, y) => y.score - x.score)
      .slice(offset, offset + limit);
    return {
      points: scored.map(({ p, score }) => ({
        id: p.id,
        version: p.version,
        score,
        ...(b.with_payload === true ? { payload: p.payload } : {}),
        ...(b.with_vector === true ? { vector: p.vector } : {}),
      })),
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function dot(q: number[], v: number[]): number {
  let s = 0;
  for (let i = 0; i < q.length; i++) s += q[i] * v[i];
  return s;
}

function normalise(v: number[]): number[] {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return norm > 0 ? v.map((x) => x / norm) : v;
}

const UUID = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/** Qdrant point ids: unsigned integers or UUIDs (any common spelling; returned hyphenated, lower case). */
function pointId(raw: unknown): string | number {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  if (typeof raw === 'string') {
    const m = UUID.exec(raw);
    if (m) return m.slice(1).join('-').toLowerCase();
  }
  throw new HttpError(400, `Format error in JSON body: value ${JSON.stringify(raw)} is not a valid point ID, valid values are either an unsigned integer or a UUID`);
}

// ----- filters -------------------------------------------------------------------------------

const list = (x: unknown): unknown[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);

function matches(p: Point, filter: unknown): boolean {
  if (filter === undefined || filter === null) return true;
  const f = obj(filter);
  const must = list(f.must);
  const should = list(f.should);
  const mustNot = list(f.must_not);
  return must.every((c) => condition(p, c)) && (should.length === 0 || should.some((c) => condition(p, c))) && !mustNot.some((c) => condition(p, c));
}

function condition(p: Point, raw: unknown): boolean {
  const c = obj(raw);
  if ('must' in c || 'should' in c || 'must_not' in c) return matches(p, c);
  if ('has_id' in c) return list(c.has_id).some((id) => String(pointId(id)) === String(p.id));
  if (typeof c.key !== 'string') throw new HttpError(400, `fake-qdrant does not implement the condition ${JSON.stringify(raw)}`);
  const values = list(p.payload[c.key]);
  if (c.match !== undefined) {
    const m = obj(c.match);
    if ('value' in m) return values.some((v) => v === m.value);
    if ('any' in m) return Array.isArray(m.any) && values.some((v) => (m.any as unknown[]).includes(v));
    if ('except' in m) return Array.isArray(m.except) && values.length > 0 && values.every((v) => !(m.except as unknown[]).includes(v));
    throw new HttpError(400, `fake-qdrant does not implement the match ${JSON.stringify(m)}`);
  }
  if (c.range !== undefined) {
    const r = obj(c.range);
    return values.some(
      (v) =>
        typeof v === 'number' &&
        (typeof r.gt !== 'number' || v > r.gt) &&
        (typeof r.gte !== 'number' || v >= r.gte) &&
        (typeof r.lt !== 'number' || v < r.lt) &&
        (typeof r.lte !== 'number' || v <= r.lte),
    );
  }
  throw new HttpError(400, `fake-qdrant does not implement the condition ${JSON.stringify(raw)}`);
}

// ----- plumbing ------------------------------------------------------------------------------

function obj(x: unknown): Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) throw new HttpError(400, `Format error in JSON body: expected an object, got ${JSON.stringify(x)}`);
  return x as Record<string, unknown>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
