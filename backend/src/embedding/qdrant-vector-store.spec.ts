import { startFakeQdrant, type FakeQdrant } from '../../test/fake-qdrant';
import { QDRANT_PAYLOAD_INDEXES, QdrantVectorStore, toQdrantFilter } from './qdrant-vector-store';
import { describeVectorStoreContract, payloadOf, randomUnitVectors, unitId } from './vector-store.contract';
import type { VectorFilter } from './vector-store';

// Protocol-level only: these run against backend/test/fake-qdrant.ts, not a live Qdrant (none can run here).

describeVectorStoreContract('qdrant (against fake-qdrant)', async () => {
  const fake = await startFakeQdrant();
  return { store: new QdrantVectorStore({ url: fake.url }), close: () => fake.close() };
});

describe('QdrantVectorStore on the wire', () => {
  let fake: FakeQdrant;
  let store: QdrantVectorStore;
  const sent = (method: string, path: string) => fake.requests.filter((r) => r.method === method && r.path === path);

  beforeEach(async () => {
    fake = await startFakeQdrant();
    store = new QdrantVectorStore({ url: fake.url, collection: 'listings' });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('creates the collection with the size and Cosine distance and indexes the filtered fields, once', async () => {
    await store.ensureCollection(16);
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/collections/listings/exists' });
    expect(sent('PUT', '/collections/listings').map((r) => r.body)).toEqual([{ vectors: { size: 16, distance: 'Cosine' } }]);
    const indexes = sent('PUT', '/collections/listings/index?wait=true').map((r) => r.body as { field_name: string; field_schema: string });
    expect(Object.fromEntries(indexes.map((b) => [b.field_name, b.field_schema]))).toEqual({
      purpose: 'keyword',
      type: 'keyword',
      status: 'keyword',
      city_lc: 'keyword',
      zip: 'keyword',
      area_lc: 'keyword',
      price: 'float',
      bedrooms: 'integer',
      bathrooms: 'float',
    });

    // Again (another process starting, a restart): reads, creates nothing.
    const before = fake.requests.length;
    await store.ensureCollection(16);
    await new QdrantVectorStore({ url: fake.url, collection: 'listings' }).ensureCollection(16);
    expect(fake.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'GET', 'GET', 'GET']);
  });

  it('every payload key a filter can use has an index', () => {
    const everything: VectorFilter = { purpose: 'sale', type: ['house'], status: ['available'], priceMin: 1, priceMax: 2, bedsMin: 1, bathsMin: 1, city: 'x', zip: 'y', area: 'z' };
    const keys = toQdrantFilter(everything)!.must as { key: string }[];
    expect(keys).toHaveLength(9);
    for (const { key } of keys) expect(Object.keys(QDRANT_PAYLOAD_INDEXES)).toContain(key);
  });

  it('two stores racing to create the collection both succeed (409 from the loser is fine)', async () => {
    const other = new QdrantVectorStore({ url: fake.url, collection: 'listings' });
    await Promise.all([store.ensureCollection(8), other.ensureCollection(8)]);
    expect(sent('PUT', '/collections/listings').length).toBeGreaterThanOrEqual(1);
    expect(await store.count()).toBe(0);
  });

  it('refuses a collection of another size, saying what to do', async () => {
    await new QdrantVectorStore({ url: fake.url, collection: 'listings' }).ensureCollection(8);
    await expect(store.ensureCollection(16)).rejects.toThrow(/"listings" holds 8-dimensional vectors but the embedding model makes 16.*QDRANT_COLLECTION/);
  });

  it('refuses a collection with another distance', async () => {
    const res = await fetch(`${fake.url}/collections/listings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ vectors: { size: 8, distance: 'Dot' } }) });
    expect(res.status).toBe(200);
    await expect(store.ensureCollection(8)).rejects.toThrow(/Dot distance; Openhouse needs Cosine/);
  });

  it('upserts with the unit UUIDs as point ids, wait=true, in batches of 256, with lower-cased city and area', async () => {
    await store.ensureCollection(8);
    const vectors = randomUnitVectors(1000, 8, 1);
    await store.upsert(vectors.map((vector, i) => ({ id: unitId(i), vector, payload: payloadOf({ city: 'Seattle', area: i === 0 ? 'Capitol Hill' : null }) })));
    const upserts = fake.requests.filter((r) => r.path.startsWith('/collections/listings/points'));
    expect(upserts.map((r) => `${r.method} ${r.path}`)).toEqual(new Array(4).fill('PUT /collections/listings/points?wait=true'));
    const points = upserts.flatMap((r) => (r.body as { points: { id: string; vector: number[]; payload: Record<string, unknown> }[] }).points);
    expect(upserts.map((r) => (r.body as { points: unknown[] }).points.length)).toEqual([256, 256, 256, 232]);
    expect(points.map((p) => p.id)).toEqual(vectors.map((_, i) => unitId(i)));
    expect(points[0].vector).toHaveLength(8);
    expect(points[0].payload).toEqual({ ...payloadOf({ city: 'Seattle', area: 'Capitol Hill' }), city_lc: 'seattle', area_lc: 'capitol hill' });
    expect(points[1].payload).toMatchObject({ area: null, area_lc: null });

    // Idempotent by id: the same upsert again changes nothing.
    await store.upsert([{ id: unitId(0).toUpperCase(), vector: vectors[0], payload: payloadOf() }]);
    expect((fake.requests.at(-1)!.body as { points: { id: string }[] }).points[0].id).toBe(unitId(0));
    expect(await store.count()).toBe(1000);
  });

  it('sends a combined filter as `must` conditions Qdrant understands', async () => {
    await store.ensureCollection(4);
    const query = Float32Array.from([0.5, 0.5, 0.5, 0.5]);
    await store.search(query, { purpose: 'sale', type: ['house', 'condo'], status: ['available'], priceMin: 300_000, priceMax: 900_000, bedsMin: 2, bathsMin: 1.5, city: ' Seattle ', zip: '98103', area: 'FREMONT' }, 7);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/collections/listings/points/query',
      body: {
        query: [0.5, 0.5, 0.5, 0.5],
        filter: {
          must: [
            { key: 'purpose', match: { value: 'sale' } },
            { key: 'type', match: { any: ['house', 'condo'] } },
            { key: 'status', match: { any: ['available'] } },
            { key: 'price', range: { gte: 300_000, lte: 900_000 } },
            { key: 'bedrooms', range: { gte: 2 } },
            { key: 'bathrooms', range: { gte: 1.5 } },
            { key: 'city_lc', match: { value: 'seattle' } },
            { key: 'zip', match: { value: '98103' } },
            { key: 'area_lc', match: { value: 'fremont' } },
          ],
        },
        limit: 7,
        with_payload: false,
        with_vector: false,
      },
    });
    await store.search(query, { priceMax: 5, type: [] }, 3);
    expect((fake.requests.at(-1)!.body as { filter: unknown }).filter).toEqual({ must: [{ key: 'price', range: { lte: 5 } }] });
    await store.search(query, {}, 3);
    expect(fake.requests.at(-1)!.body).not.toHaveProperty('filter');
  });

  it('deletes by id with wait=true and counts exactly', async () => {
    await store.ensureCollection(4);
    await store.upsert([0, 1, 2].map((i) => ({ id: unitId(i), vector: Float32Array.from([1, i, 0, 0]), payload: payloadOf() })));
    await store.delete([unitId(1)]);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/collections/listings/points/delete?wait=true', body: { points: [unitId(1)] } });
    expect(await store.count()).toBe(2);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/collections/listings/points/count', body: { exact: true } });
  });

  it("passes Qdrant's own error on, e.g. a missing collection", async () => {
    await expect(store.search(Float32Array.from([1, 0]), {}, 3)).rejects.toThrow(/Qdrant: could not search \(collection "listings"\): 404 Not found: Collection `listings` doesn't exist!/);
    await expect(store.count()).rejects.toThrow(/404/);
  });

  it('sends the API key', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); // the client warns: key over plain http
    try {
      await new QdrantVectorStore({ url: fake.url, apiKey: 'secret-key' }).ensureCollection(4);
    } finally {
      warn.mockRestore();
    }
    expect(fake.requests.every((r) => r.headers['api-key'] === 'secret-key')).toBe(true);
    expect(fake.requests[0].path).toBe('/collections/units/exists'); // the default collection
  });
});
