import { QdrantClient, type Schemas } from '@qdrant/js-client-rest';
import type { VectorFilter, VectorHit, VectorPoint, VectorStore } from './vector-store';

/**
 * Vectors in Qdrant (QDRANT_URL), through `@qdrant/js-client-rest`.
 *
 * One collection (default `units`) with a single unnamed vector, Cosine distance. Point ids are the
 * unit UUIDs (Qdrant accepts UUID ids), so upserting a unit again replaces its point. The payload
 * is the VectorPayload plus `city_lc` and `area_lc`, lower-cased copies that the case-insensitive
 * city and area filters match on (Qdrant keyword matches are exact). Payload indexes cover every
 * field a filter uses. Writes use `wait=true`, so a search right after an upsert sees it.
 *
 * Verified here only against backend/test/fake-qdrant.ts (no Qdrant server can run on this
 * machine); see that file for what the fake does not prove.
 */
export interface QdrantVectorStoreOptions {
  url: string;
  apiKey?: string;
  /** Default `units`. */
  collection?: string;
  /** Points per upsert request. Default 256. */
  batchSize?: number;
  /** Per-request timeout in milliseconds. Default 30,000. */
  timeoutMs?: number;
}

type FieldSchema = 'keyword' | 'integer' | 'float';

/** The payload fields filters use, with their index types. */
export const QDRANT_PAYLOAD_INDEXES: Readonly<Record<string, FieldSchema>> = {
  purpose: 'keyword',
  type: 'keyword',
  status: 'keyword',
  city_lc: 'keyword',
  zip: 'keyword',
  area_lc: 'keyword',
  price: 'float',
  bedrooms: 'integer',
  bathrooms: 'float',
};

const DELETE_BATCH = 1000;

export class QdrantVectorStore implements VectorStore {
  readonly id = 'qdrant';
  readonly collection: string;
  private readonly client: QdrantClient;
  private readonly batchSize: number;
  private dims: number | null = null;

  constructor(options: QdrantVectorStoreOptions) {
    this.collection = options.collection || 'units';
    this.batchSize = options.batchSize ?? 256;
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey, timeout: options.timeoutMs ?? 30_000, checkCompatibility: false });
  }

  async ensureCollection(dimensions: number): Promise<void> {
    if (!Number.isInteger(dimensions) || dimensions < 1) throw new Error(`dimensions must be a positive integer, got ${dimensions}`);
    const c = this.collection;
    const { exists } = await this.call('check the collection', () => this.client.collectionExists(c));
    if (!exists) {
      try {
        await this.client.createCollection(c, { vectors: { size: dimensions, distance: 'Cosine' } });
      } catch (err) {
        // Another process may have created it in between (409 Conflict); anything else is an error.
        if (statusOf(err) !== 409) throw this.wrap('create the collection', err);
      }
    }
    const info = await this.call('read the collection', () => this.client.getCollection(c));
    const vectors = info.config.params.vectors as Partial<Schemas['VectorParams']> | undefined;
    if (!vectors || typeof vectors.size !== 'number') {
      throw new Error(`Qdrant collection "${c}" has named vectors; Openhouse needs a single unnamed vector. Use another QDRANT_COLLECTION.`);
    }
    if (vectors.size !== dimensions) {
      throw new Error(
        `Qdrant collection "${c}" holds ${vectors.size}-dimensional vectors but the embedding model makes ${dimensions}. ` +
          `Delete the collection (every unit is re-embedded) or set QDRANT_COLLECTION to a new name.`,
      );
    }
    if (vectors.distance !== 'Cosine') {
      throw new Error(`Qdrant collection "${c}" uses ${vectors.distance} distance; Openhouse needs Cosine. Use another QDRANT_COLLECTION.`);
    }
    for (const [field, schema] of Object.entries(QDRANT_PAYLOAD_INDEXES)) {
      if (info.payload_schema[field]?.data_type === schema) continue;
      await this.call(`index payload field ${field}`, () => this.client.createPayloadIndex(c, { field_name: field, field_schema: schema, wait: true }));
    }
    this.dims = dimensions;
  }

  async upsert(points: VectorPoint[]): Promise<void> {
    // Last one wins within a call, as with one write after another.
    const byId = new Map<string, VectorPoint>();
    for (const p of points) byId.set(p.id.toLowerCase(), p);
    const all = [...byId.entries()].map(([id, p]) => {
      this.checkSize(p.vector.length, `vector for ${id}`);
      return { id, vector: Array.from(p.vector), payload: { ...p.payload, city_lc: lc(p.payload.city), area_lc: p.payload.area === null ? null : lc(p.payload.area) } };
    });
    for (let i = 0; i < all.length; i += this.batchSize) {
      const batch = all.slice(i, i + this.batchSize);
      await this.call('upsert points', () => this.client.upsert(this.collection, { wait: true, points: batch }));
    }
  }

  async delete(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += DELETE_BATCH) {
      const batch = ids.slice(i, i + DELETE_BATCH).map((id) => id.toLowerCase());
      await this.call('delete points', () => this.client.delete(this.collection, { wait: true, points: batch }));
    }
  }

  async search(vector: Float32Array, filter: VectorFilter, limit: number): Promise<VectorHit[]> {
    this.checkSize(vector.length, 'query vector');
    if (!(limit >= 1)) return [];
    const qdrantFilter = toQdrantFilter(filter);
    const res = await this.call('search', () =>
      this.client.query(this.collection, {
        query: Array.from(vector),
        ...(qdrantFilter ? { filter: qdrantFilter } : {}),
        limit: Math.floor(limit),
        with_payload: false,
        with_vector: false,
      }),
    );
    return res.points.map((p) => ({ id: String(p.id), score: p.score }));
  }

  async count(): Promise<number> {
    return (await this.call('count points', () => this.client.count(this.collection, { exact: true }))).count;
  }

  private checkSize(length: number, what: string): void {
    if (this.dims !== null && length !== this.dims) throw new Error(`${what} has ${length} dimensions; the collection holds ${this.dims}-dimensional vectors`);
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.wrap(what, err);
    }
  }

  private wrap(what: string, err: unknown): Error {
    const status = statusOf(err);
    const detail = (err as { data?: { status?: { error?: unknown } } } | null)?.data?.status?.error;
    const reason = [status, typeof detail === 'string' ? detail : err instanceof Error ? err.message : String(err)].filter(Boolean).join(' ');
    return new Error(`Qdrant: could not ${what} (collection "${this.collection}"): ${reason}`, { cause: err });
  }
}

const lc = (s: string) => s.trim().toLowerCase();
const present = (s: string | undefined): s is string => typeof s === 'string' && s.trim() !== '';
const isNum = (n: number | undefined): n is number => typeof n === 'number' && !Number.isNaN(n);

function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** VectorFilter → a Qdrant filter: every condition under `must`; undefined when there are none. */
export function toQdrantFilter(f: VectorFilter): Schemas['Filter'] | undefined {
  const must: Schemas['FieldCondition'][] = [];
  if (present(f.purpose)) must.push({ key: 'purpose', match: { value: f.purpose } });
  if (f.type && f.type.length > 0) must.push({ key: 'type', match: { any: f.type } });
  if (f.status && f.status.length > 0) must.push({ key: 'status', match: { any: f.status } });
  if (isNum(f.priceMin) || isNum(f.priceMax)) {
    must.push({ key: 'price', range: { ...(isNum(f.priceMin) ? { gte: f.priceMin } : {}), ...(isNum(f.priceMax) ? { lte: f.priceMax } : {}) } });
  }
  if (isNum(f.bedsMin)) must.push({ key: 'bedrooms', range: { gte: f.bedsMin } });
  if (isNum(f.bathsMin)) must.push({ key: 'bathrooms', range: { gte: f.bathsMin } });
  if (present(f.city)) must.push({ key: 'city_lc', match: { value: lc(f.city) } });
  if (present(f.zip)) must.push({ key: 'zip', match: { value: f.zip.trim() } });
  if (present(f.area)) must.push({ key: 'area_lc', match: { value: lc(f.area) } });
  return must.length > 0 ? { must } : undefined;
}
