import type { VectorFilter, VectorHit, VectorPayload, VectorPoint, VectorStore } from './vector-store';

/**
 * The one behaviour every VectorStore adapter must have. An adapter's spec calls
 * `describeVectorStoreContract(name, make)`; `make` returns a store over fresh, empty storage
 * (a new database, a new collection) and how to dispose of it. Vectors are deterministic:
 * seeded random unit vectors, plus crafted ones where the nearest neighbours must be obvious.
 */
export interface StoreUnderTest {
  store: VectorStore;
  close: () => Promise<void>;
}

const DIMS = 16;

/** mulberry32: a small deterministic PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function unitLength(v: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const norm = Math.sqrt(sum);
  return Float32Array.from(v, (x) => x / norm);
}

/** `count` unit vectors with normally distributed directions, the same for the same seed. */
export function randomUnitVectors(count: number, dims: number, seed: number): Float32Array[] {
  const rand = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return Array.from({ length: count }, () => unitLength(Array.from({ length: dims }, gaussian)));
}

/** A valid UUID (v4 layout) per index, so ids are deterministic and sort like their index. */
export function unitId(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

export function payloadOf(overrides: Partial<VectorPayload> = {}): VectorPayload {
  return { purpose: 'sale', type: 'house', status: 'available', price: 500_000, bedrooms: 3, bathrooms: 2, city: 'Seattle', zip: '98103', area: 'Fremont', ...overrides };
}

function axis(i: number, dims = DIMS): Float32Array {
  const v = new Float32Array(dims);
  v[i] = 1;
  return v;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

const idsOf = (hits: VectorHit[]) => hits.map((h) => h.id);

/** Listings with known payloads; the filter table below names them by key. */
const LISTINGS: Record<string, VectorPayload> = {
  p1: payloadOf({ purpose: 'sale', type: 'house', status: 'available', price: 500_000, bedrooms: 3, bathrooms: 2, city: 'Seattle', zip: '98103', area: 'Fremont' }),
  p2: payloadOf({ purpose: 'sale', type: 'condo', status: 'available', price: 350_000, bedrooms: 2, bathrooms: 1, city: 'Seattle', zip: '98101', area: 'Downtown' }),
  p3: payloadOf({ purpose: 'rent', type: 'apartment', status: 'available', price: 2_500, bedrooms: 1, bathrooms: 1, city: 'Seattle', zip: '98103', area: 'Fremont' }),
  p4: payloadOf({ purpose: 'sale', type: 'townhouse', status: 'under_offer', price: 750_000, bedrooms: 4, bathrooms: 2.5, city: 'Bellevue', zip: '98004', area: null }),
  p5: payloadOf({ purpose: 'sale', type: 'house', status: 'sold', price: 1_200_000, bedrooms: 5, bathrooms: 3.5, city: 'Bellevue', zip: '98004', area: 'West Bellevue' }),
  p6: payloadOf({ purpose: 'rent', type: 'house', status: 'rented', price: 4_200, bedrooms: 3, bathrooms: 2, city: 'Kirkland', zip: '98033', area: 'Juanita' }),
  p7: payloadOf({ purpose: 'sale', type: 'land', status: 'available', price: 200_000, bedrooms: 0, bathrooms: 0, city: 'Redmond', zip: null, area: null }),
  p8: payloadOf({ purpose: 'sale', type: 'condo', status: 'off_market', price: 420_000, bedrooms: 2, bathrooms: 2, city: 'Seattle', zip: '98101', area: 'Downtown' }),
};
const KEYS = Object.keys(LISTINGS);
const idOfKey = (key: string) => unitId(100 + KEYS.indexOf(key));

const FILTER_CASES: [string, VectorFilter, string[]][] = [
  ['no filter', {}, KEYS],
  ['purpose', { purpose: 'rent' }, ['p3', 'p6']],
  ['one type', { type: ['house'] }, ['p1', 'p5', 'p6']],
  ['several types', { type: ['condo', 'townhouse'] }, ['p2', 'p4', 'p8']],
  ['an empty type list is no condition', { type: [] }, KEYS],
  ['a type nobody has', { type: ['castle'] }, []],
  ['one status', { status: ['available'] }, ['p1', 'p2', 'p3', 'p7']],
  ['several statuses', { status: ['sold', 'rented'] }, ['p5', 'p6']],
  ['priceMin (inclusive)', { priceMin: 500_000 }, ['p1', 'p4', 'p5']],
  ['priceMax (inclusive)', { priceMax: 4_200 }, ['p3', 'p6']],
  ['price range', { priceMin: 300_000, priceMax: 500_000 }, ['p1', 'p2', 'p8']],
  ['bedsMin', { bedsMin: 3 }, ['p1', 'p4', 'p5', 'p6']],
  ['bathsMin (inclusive, fractional)', { bathsMin: 2.5 }, ['p4', 'p5']],
  ['city, any case', { city: 'seattle' }, ['p1', 'p2', 'p3', 'p8']],
  ['city, upper case', { city: 'BELLEVUE' }, ['p4', 'p5']],
  ['city, surrounding spaces', { city: ' Kirkland ' }, ['p6']],
  ['a city nobody is in', { city: 'Tacoma' }, []],
  ['zip', { zip: '98103' }, ['p1', 'p3']],
  ['area, any case', { area: 'fremont' }, ['p1', 'p3']],
  ['area, upper case', { area: 'DOWNTOWN' }, ['p2', 'p8']],
  ['area with a space', { area: 'west bellevue' }, ['p5']],
  ['everything at once', { purpose: 'sale', type: ['house', 'condo'], status: ['available'], priceMax: 600_000, bedsMin: 2, bathsMin: 1, city: 'Seattle' }, ['p1', 'p2']],
  ['city, area, zip and purpose', { purpose: 'rent', city: 'SEATTLE', area: 'Fremont', zip: '98103' }, ['p3']],
  ['conditions that exclude each other', { purpose: 'rent', type: ['land'] }, []],
];

export function describeVectorStoreContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`VectorStore contract: ${name}`, () => {
    describe('on a fresh store', () => {
      let store: VectorStore;
      let close: () => Promise<void>;
      beforeEach(async () => {
        ({ store, close } = await make());
        await store.ensureCollection(DIMS);
      });
      afterEach(async () => {
        await close();
      });

      it('ensureCollection is idempotent and keeps what is stored', async () => {
        await store.ensureCollection(DIMS);
        expect(await store.count()).toBe(0);
        await store.upsert([{ id: unitId(1), vector: axis(0), payload: payloadOf() }]);
        await store.ensureCollection(DIMS);
        await store.ensureCollection(DIMS);
        expect(await store.count()).toBe(1);
        expect(idsOf(await store.search(axis(0), {}, 5))).toEqual([unitId(1)]);
      });

      it('an empty store finds nothing', async () => {
        expect(await store.search(axis(0), {}, 10)).toEqual([]);
        expect(await store.search(axis(0), { city: 'Seattle', type: ['house'] }, 10)).toEqual([]);
        expect(await store.count()).toBe(0);
      });

      it('returns the nearest points first, with cosine scores', async () => {
        const points: [number, Float32Array][] = [
          [1, axis(0)], // cos 1
          [2, axis(1)], // cos 0
          [3, unitLength([1, 1, ...new Array<number>(DIMS - 2).fill(0)])], // cos 0.7071
          [4, unitLength([-1, ...new Array<number>(DIMS - 1).fill(0)])], // cos -1
          [5, unitLength([1, 0, 0.1, ...new Array<number>(DIMS - 3).fill(0)])], // cos 0.995
        ];
        await store.upsert(points.map(([i, vector]) => ({ id: unitId(i), vector, payload: payloadOf() })));
        const hits = await store.search(axis(0), {}, 10);
        expect(idsOf(hits)).toEqual([1, 5, 3, 2, 4].map(unitId));
        const expected = [1, 1 / Math.sqrt(1.01), Math.SQRT1_2, 0, -1];
        hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i], 4));
      });

      it('ranks exactly like a brute-force cosine scan', async () => {
        const vectors = randomUnitVectors(300, DIMS, 42);
        await store.upsert(vectors.map((vector, i) => ({ id: unitId(i), vector, payload: payloadOf() })));
        for (const query of randomUnitVectors(5, DIMS, 7)) {
          const expected = vectors
            .map((v, i) => ({ id: unitId(i), score: cosine(query, v) }))
            .sort((a, b) => b.score - a.score)
            .slice(0, 10);
          const hits = await store.search(query, {}, 10);
          expect(idsOf(hits)).toEqual(idsOf(expected));
          hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i].score, 5));
        }
      });

      it('scores are cosine similarities even for vectors that are not unit length', async () => {
        const [v] = randomUnitVectors(1, DIMS, 3);
        await store.upsert([
          { id: unitId(1), vector: v.map((x) => x * 3), payload: payloadOf() },
          { id: unitId(2), vector: axis(0).map((x) => x * 0.25), payload: payloadOf() },
        ]);
        const hits = await store.search(v.map((x) => x * 0.5), {}, 2);
        expect(idsOf(hits)[0]).toBe(unitId(1));
        expect(hits[0].score).toBeCloseTo(1, 5);
        expect(hits[1].score).toBeCloseTo(v[0], 5);
      });

      it('upserting an id again keeps one point; the new vector and payload win', async () => {
        const [v1, v2] = randomUnitVectors(2, DIMS, 11);
        await store.upsert([{ id: unitId(1), vector: v1, payload: payloadOf({ city: 'Seattle', price: 100 }) }]);
        await store.upsert([{ id: unitId(1), vector: v2, payload: payloadOf({ city: 'Bellevue', price: 900 }) }]);
        expect(await store.count()).toBe(1);
        const [hit] = await store.search(v2, {}, 5);
        expect(hit.id).toBe(unitId(1));
        expect(hit.score).toBeCloseTo(1, 5);
        expect((await store.search(v1, {}, 5))[0].score).toBeCloseTo(cosine(v1, v2), 5);
        expect(await store.search(v2, { city: 'Seattle' }, 5)).toEqual([]);
        expect(await store.search(v2, { priceMax: 500 }, 5)).toEqual([]);
        expect(idsOf(await store.search(v2, { city: 'bellevue', priceMin: 900 }, 5))).toEqual([unitId(1)]);
      });

      it('an id repeated within one batch keeps the last', async () => {
        const [v1, v2] = randomUnitVectors(2, DIMS, 12);
        await store.upsert([
          { id: unitId(1), vector: v1, payload: payloadOf({ city: 'Seattle' }) },
          { id: unitId(2), vector: v1, payload: payloadOf({ city: 'Seattle' }) },
          { id: unitId(1), vector: v2, payload: payloadOf({ city: 'Kirkland' }) },
        ]);
        expect(await store.count()).toBe(2);
        expect(idsOf(await store.search(v2, { city: 'Kirkland' }, 5))).toEqual([unitId(1)]);
        expect((await store.search(v2, {}, 1))[0].score).toBeCloseTo(1, 5);
      });

      it('delete removes points; unknown ids and an empty list are no-ops', async () => {
        const vectors = randomUnitVectors(5, DIMS, 13);
        await store.upsert(vectors.map((vector, i) => ({ id: unitId(i), vector, payload: payloadOf() })));
        await store.delete([unitId(1), unitId(3), unitId(999)]);
        await store.delete([]);
        expect(await store.count()).toBe(3);
        const hits = await store.search(vectors[1], {}, 10);
        expect(idsOf(hits).sort()).toEqual([0, 2, 4].map(unitId));
        expect(idsOf(await store.search(vectors[3], {}, 1))).not.toContain(unitId(3));
        await store.delete([0, 2, 4].map(unitId));
        expect(await store.count()).toBe(0);
        expect(await store.search(vectors[0], {}, 10)).toEqual([]);
      });

      it('respects the limit and returns the best points first', async () => {
        const vectors = randomUnitVectors(50, DIMS, 17);
        await store.upsert(vectors.map((vector, i) => ({ id: unitId(i), vector, payload: payloadOf() })));
        const [query] = randomUnitVectors(1, DIMS, 18);
        const all = await store.search(query, {}, 50);
        expect(all).toHaveLength(50);
        for (let i = 1; i < all.length; i++) expect(all[i - 1].score).toBeGreaterThanOrEqual(all[i].score);
        const top5 = await store.search(query, {}, 5);
        expect(idsOf(top5)).toEqual(idsOf(all).slice(0, 5));
        expect(await store.search(query, {}, 1)).toHaveLength(1);
        expect(await store.search(query, {}, 500)).toHaveLength(50);
      });

      it('filters before taking the limit, so far-away matches are still found', async () => {
        const vectors = randomUnitVectors(200, DIMS, 19);
        const [query] = randomUnitVectors(1, DIMS, 20);
        // The three points least like the query are the only ones in Tacoma.
        const farthest = vectors
          .map((v, i) => ({ i, score: cosine(query, v) }))
          .sort((a, b) => a.score - b.score)
          .slice(0, 3)
          .map((x) => x.i);
        await store.upsert(vectors.map((vector, i) => ({ id: unitId(i), vector, payload: payloadOf({ city: farthest.includes(i) ? 'Tacoma' : 'Seattle' }) })));
        const hits = await store.search(query, { city: 'Tacoma' }, 3);
        expect(idsOf(hits).sort()).toEqual(farthest.map(unitId).sort());
      });

      it('takes a batch of 1,000 points in one call', async () => {
        const cities = ['Seattle', 'Bellevue', 'Kirkland', 'Redmond'];
        const vectors = randomUnitVectors(1000, DIMS, 23);
        const points: VectorPoint[] = vectors.map((vector, i) => ({ id: unitId(i), vector, payload: payloadOf({ city: cities[i % 4], price: 1000 * i }) }));
        await store.upsert(points);
        expect(await store.count()).toBe(1000);
        for (const i of [0, 499, 737, 999]) {
          const [hit] = await store.search(vectors[i], {}, 1);
          expect(hit.id).toBe(unitId(i));
          expect(hit.score).toBeCloseTo(1, 5);
        }
        const kirkland = await store.search(vectors[0], { city: 'kirkland' }, 1000);
        expect(kirkland).toHaveLength(250);
        expect(new Set(idsOf(kirkland))).toEqual(new Set(points.filter((_, i) => i % 4 === 2).map((p) => p.id)));
        expect(await store.search(vectors[0], { city: 'Redmond', priceMin: 990_000 }, 1000)).toHaveLength(3); // 991, 995, 999
      });

      it('rejects vectors of the wrong size', async () => {
        await expect(store.upsert([{ id: unitId(1), vector: new Float32Array(DIMS + 1).fill(0.1), payload: payloadOf() }])).rejects.toThrow();
        await store.upsert([{ id: unitId(1), vector: axis(0), payload: payloadOf() }]);
        await expect(store.search(new Float32Array(DIMS - 1).fill(0.1), {}, 5)).rejects.toThrow();
        expect(await store.count()).toBe(1);
      });
    });

    describe('filters (every field narrows)', () => {
      let store: VectorStore;
      let close: () => Promise<void>;
      const vectors = randomUnitVectors(KEYS.length, DIMS, 31);
      const [query] = randomUnitVectors(1, DIMS, 32);
      beforeAll(async () => {
        ({ store, close } = await make());
        await store.ensureCollection(DIMS);
        await store.upsert(KEYS.map((key, i) => ({ id: idOfKey(key), vector: vectors[i], payload: LISTINGS[key] })));
      });
      afterAll(async () => {
        await close();
      });

      it.each(FILTER_CASES)('%s', async (_label, filter, expected) => {
        const hits = await store.search(query, filter, 100);
        expect(idsOf(hits).sort()).toEqual(expected.map(idOfKey).sort());
        // Still best first within the filter.
        for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score);
      });
    });
  });
}
