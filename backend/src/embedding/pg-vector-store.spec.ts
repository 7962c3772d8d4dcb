import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../core/database/database-options';
import { createTestDatabase } from '../../test/harness';
import { PgVectorStore } from './pg-vector-store';
import { describeVectorStoreContract, payloadOf, randomUnitVectors, unitId } from './vector-store.contract';
import type { VectorPoint, VectorStore } from './vector-store';

/** unit_vectors.unit_id references units: give every id the test uses a minimal unit row. */
async function ensureUnits(db: DataSource, ids: string[]): Promise<void> {
  await db.query(
    `INSERT INTO units (id, ref, title, type, purpose, price, bedrooms, bathrooms, city)
     SELECT id, id::text, 'Test unit', 'house', 'sale', 1, 1, 1, 'Test' FROM unnest($1::uuid[]) AS id
     ON CONFLICT (id) DO NOTHING`,
    [ids],
  );
}

/** The real store, with units created on the fly for the ids the contract invents. */
function withUnits(db: DataSource, store: PgVectorStore): VectorStore {
  return {
    id: store.id,
    ensureCollection: (d) => store.ensureCollection(d),
    upsert: async (points) => {
      await ensureUnits(db, points.map((p) => p.id));
      await store.upsert(points);
    },
    delete: (ids) => store.delete(ids),
    search: (v, f, l) => store.search(v, f, l),
    count: () => store.count(),
  };
}

async function openDatabase(url?: string): Promise<DataSource> {
  return new DataSource(databaseOptions(url ?? (await createTestDatabase()), 4)).initialize();
}

describeVectorStoreContract('postgres', async () => {
  const db = await openDatabase();
  return { store: withUnits(db, new PgVectorStore(db)), close: () => db.destroy() };
});

describe('PgVectorStore across processes (two instances, one database)', () => {
  const DIMS = 8;
  let url: string;
  let dbA: DataSource;
  let dbB: DataSource;
  let a: PgVectorStore;
  let b: PgVectorStore;
  const point = (i: number, vector: Float32Array, city = 'Seattle'): VectorPoint => ({ id: unitId(i), vector, payload: payloadOf({ city }) });

  beforeEach(async () => {
    url = await createTestDatabase();
    dbA = await openDatabase(url);
    dbB = await openDatabase(url);
    // A refreshes only when told; B checks the version before every search.
    a = new PgVectorStore(dbA, { refreshIntervalMs: 60_000 });
    b = new PgVectorStore(dbB, { refreshIntervalMs: 0 });
    await ensureUnits(dbA, Array.from({ length: 20 }, (_, i) => unitId(i)));
  });
  afterEach(async () => {
    await dbA.destroy();
    await dbB.destroy();
  });

  it('a second instance sees points the first wrote, updated and deleted, after refreshing', async () => {
    const v = randomUnitVectors(6, DIMS, 1);
    await a.ensureCollection(DIMS);
    await b.ensureCollection(DIMS);
    expect(await b.search(v[0], {}, 10)).toEqual([]);

    await a.upsert([point(0, v[0]), point(1, v[1]), point(2, v[2])]);
    const hits = await b.search(v[1], {}, 10);
    expect(hits.map((h) => h.id).sort()).toEqual([0, 1, 2].map(unitId));
    expect(hits[0]).toEqual({ id: unitId(1), score: expect.closeTo(1, 5) });
    expect(b.cachedRows).toBe(3);

    // An update elsewhere: B loads just the changed row (its seq changed).
    await a.upsert([point(1, v[5], 'Kirkland')]);
    expect((await b.search(v[5], {}, 1))[0]).toEqual({ id: unitId(1), score: expect.closeTo(1, 5) });
    expect((await b.search(v[5], { city: 'kirkland' }, 10)).map((h) => h.id)).toEqual([unitId(1)]);
    expect(b.cachedRows).toBe(3);

    // A delete elsewhere moves the version too: B's next search drops the row.
    await a.delete([unitId(2)]);
    expect((await b.search(v[2], {}, 10)).map((h) => h.id)).not.toContain(unitId(2));
    expect(b.cachedRows).toBe(2);

    // So does the FK cascade when a unit is deleted (the trigger sees it).
    await dbA.query('DELETE FROM units WHERE id = $1', [unitId(0)]);
    expect((await b.search(v[0], {}, 10)).map((h) => h.id)).toEqual([unitId(1)]);
    expect(await b.count()).toBe(1);
  });

  it('a cold instance loads everything on its first search, without ensureCollection', async () => {
    const v = randomUnitVectors(20, DIMS, 2);
    await a.ensureCollection(DIMS);
    await a.upsert(v.map((vec, i) => point(i, vec)));
    const cold = new PgVectorStore(dbB);
    expect(cold.cachedRows).toBe(0);
    const [hit] = await cold.search(v[13], {}, 1);
    expect(hit.id).toBe(unitId(13));
    expect(cold.cachedRows).toBe(20);
  });

  it('its own writes are searchable at once; with no size known, an empty table finds nothing', async () => {
    expect(await new PgVectorStore(dbB).search(new Float32Array(DIMS), {}, 5)).toEqual([]);
    await expect(new PgVectorStore(dbB).upsert([point(0, randomUnitVectors(1, DIMS, 3)[0])])).rejects.toThrow(/ensureCollection/);
    const v = randomUnitVectors(3, DIMS, 4);
    await a.ensureCollection(DIMS);
    expect(await a.search(v[0], {}, 5)).toEqual([]); // A's one refresh; its interval is a minute
    await a.upsert([point(0, v[0])]);
    await a.upsert([point(1, v[1])]);
    // Not refreshed since: these come from the cache updates the writes made.
    expect((await a.search(v[1], {}, 5)).map((h) => h.id)).toEqual([unitId(1), unitId(0)]);
    await a.delete([unitId(0)]);
    expect((await a.search(v[1], {}, 5)).map((h) => h.id)).toEqual([unitId(1)]);
  });

  it('a write that commits after a later one is still found (no ordering of writers needed)', async () => {
    const v = randomUnitVectors(2, DIMS, 5);
    await a.ensureCollection(DIMS);
    await b.ensureCollection(DIMS);
    // Another process is mid-write: its statement has taken a seq but has not committed.
    const other = new Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('BEGIN');
      const [{ seq }] = (await other.query<{ seq: string }>(`SELECT nextval('unit_vectors_seq')::text AS seq`)).rows;
      // A writes a higher seq and commits first; B sees it.
      await a.upsert([point(8, v[1])]);
      expect((await b.search(v[0], {}, 10)).map((h) => h.id)).toEqual([unitId(8)]);
      await other.query(`INSERT INTO unit_vectors (unit_id, vector, dimensions, seq, payload) VALUES ($1, $2, $3, $4, $5)`, [
        unitId(7),
        Buffer.from(v[0].buffer),
        DIMS,
        seq,
        JSON.stringify(payloadOf()),
      ]);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    // The lower seq committed last: a reader that only loads "seq above the highest seen" would skip it.
    expect((await b.search(v[0], {}, 10)).map((h) => h.id)).toEqual([unitId(7), unitId(8)]);
  });

  it('a change of dimensions clears the old vectors, here and in other instances', async () => {
    const old = randomUnitVectors(3, DIMS, 6);
    await a.ensureCollection(DIMS);
    await b.ensureCollection(DIMS);
    await a.upsert(old.map((vec, i) => point(i, vec)));
    expect(await b.search(old[0], {}, 5)).toHaveLength(3);

    await a.ensureCollection(16);
    expect(await a.count()).toBe(0);
    expect(await a.search(new Float32Array(16).fill(0.25), {}, 5)).toEqual([]);
    await expect(a.upsert([point(0, old[0])])).rejects.toThrow(/16-dimensional/);

    const fresh = randomUnitVectors(2, 16, 7);
    await a.upsert(fresh.map((vec, i) => point(10 + i, vec)));
    // B still thinks in 8 dimensions; the newer 16-dimensional rows win when it refreshes.
    await b.refresh();
    await expect(b.search(old[0], {}, 5)).rejects.toThrow(/16-dimensional/);
    expect((await b.search(fresh[1], {}, 5)).map((h) => h.id)).toEqual([unitId(11), unitId(10)]);
    expect(b.cachedRows).toBe(2);
  });

  it('rejects non-finite values and bad sizes in ensureCollection', async () => {
    await expect(a.ensureCollection(0)).rejects.toThrow(/dimensions/);
    await expect(a.ensureCollection(2.5)).rejects.toThrow(/dimensions/);
    await a.ensureCollection(DIMS);
    await expect(a.upsert([point(0, new Float32Array(DIMS).fill(NaN))])).rejects.toThrow(/non-finite/);
  });
});
