import type { EmbeddingProvider } from './embedding-provider';

/**
 * The one suite every EmbeddingProvider adapter must pass. Call it from the adapter's spec:
 *
 *   describeEmbeddingProviderContract('LocalHashEmbedder', async () => ({ provider: new LocalHashEmbedder() }));
 *
 * `make` runs once before the suite; `close` (if given) once after it. Nothing here looks at time.
 */
export function describeEmbeddingProviderContract(
  name: string,
  make: () => Promise<{ provider: EmbeddingProvider; close?: () => Promise<void> }>,
): void {
  describe(`${name} (EmbeddingProvider contract)`, () => {
    let provider: EmbeddingProvider;
    let close: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ provider, close } = await make());
    });

    afterAll(async () => {
      await close?.();
    });

    const one = async (text: string): Promise<Float32Array> => (await provider.embed([text]))[0];

    it('names itself: a non-empty id and version and a positive integer dimension count', () => {
      expect(provider.id).toMatch(/\S/);
      expect(provider.version).toMatch(/\S/);
      expect(Number.isInteger(provider.dimensions)).toBe(true);
      expect(provider.dimensions).toBeGreaterThan(0);
    });

    it('returns one Float32Array of `dimensions` numbers per text', async () => {
      const vs = await provider.embed(['3-bed house in Ballard, Seattle', 'Condo in Belltown']);
      expect(vs).toHaveLength(2);
      for (const v of vs) {
        expect(v).toBeInstanceOf(Float32Array);
        expect(v).toHaveLength(provider.dimensions);
      }
    });

    it('returns unit-length vectors', async () => {
      const vs = await provider.embed(['waterfront', 'A house with 3 bedrooms, 2 bathrooms and 1,800 sq ft of living space.', 'x']);
      for (const v of vs) expect(norm(v)).toBeCloseTo(1, 4);
    });

    it('returns [] for no texts', async () => {
      await expect(provider.embed([])).resolves.toEqual([]);
    });

    it('preserves order: a batch gives the same vectors as the texts one at a time', async () => {
      const texts = ['studio condo downtown', 'five-bedroom house with a large lot', 'townhouse in Capitol Hill', 'fixer-upper in Kent'];
      const batch = await provider.embed(texts);
      for (let i = 0; i < texts.length; i++) expectSameVector(batch[i], await one(texts[i]));
      expect(cosine(batch[0], batch[1])).toBeLessThan(0.999);
    });

    it('is deterministic: the same texts give the same vectors', async () => {
      const texts = ['3 bedroom house with a lake view in Kirkland', 'renovated rambler, quiet street'];
      const a = await provider.embed(texts);
      const b = await provider.embed(texts);
      for (let i = 0; i < texts.length; i++) expectSameVector(a[i], b[i]);
    });

    it('puts similar texts closer together than unrelated ones', async () => {
      const [query, similar, unrelated] = await provider.embed([
        '3 bedroom house with a lake view in Kirkland',
        'three-bedroom lakefront home, Kirkland',
        'studio condo downtown',
      ]);
      expect(cosine(query, similar)).toBeGreaterThan(cosine(query, unrelated));
      expect(cosine(similar, query)).toBeGreaterThan(cosine(similar, unrelated));
    });

    it('embeds 1,000 texts in one call, in order', async () => {
      const texts = Array.from({ length: 1000 }, (_, i) => `Listing ${i}: ${(i % 6) + 1}-bed home number ${i} in ${CITIES[i % CITIES.length]}`);
      const vs = await provider.embed(texts);
      expect(vs).toHaveLength(1000);
      for (const v of vs) {
        expect(v).toHaveLength(provider.dimensions);
        expect(norm(v)).toBeCloseTo(1, 4);
      }
      const sample = [0, 1, 255, 256, 257, 511, 512, 768, 999];
      const singles = await provider.embed(sample.map((i) => texts[i]));
      sample.forEach((i, k) => {
        expectSameVector(vs[i], singles[k]);
        // …and not the vector of another sampled text (a shifted or shuffled batch would show here).
        for (const j of sample) if (j !== i) expect(cosine(vs[j], singles[k])).toBeLessThan(0.999);
      });
    });

    it('handles unicode, emoji and empty or blank strings', async () => {
      const texts = ['', 'Maison rénovée près du lac, Montréal', '東京のマンション、駅近', 'Дом с видом на озеро', '🏡🌊', '   ', 'naïve café, Zoë’s façade'];
      const vs = await provider.embed(texts);
      expect(vs).toHaveLength(texts.length);
      for (const v of vs) {
        expect(v).toHaveLength(provider.dimensions);
        expect(v.every((x) => Number.isFinite(x))).toBe(true);
        expect(norm(v)).toBeCloseTo(1, 4);
      }
      expectSameVector(vs[0], await one(''));
    });
  });
}

const CITIES = ['Seattle', 'Bellevue', 'Kirkland', 'Redmond', 'Renton', 'Kent', 'Auburn', 'Issaquah'];

export function cosine(a: Float32Array, b: Float32Array): number {
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

function norm(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

/**
 * Same text, same vector. Tolerant to the last digits, because hosted models are not bit-for-bit
 * repeatable across calls or batch shapes; a different text gives a far lower cosine.
 */
function expectSameVector(a: Float32Array, b: Float32Array): void {
  expect(a).toHaveLength(b.length);
  expect(cosine(a, b)).toBeGreaterThan(0.9999);
}
