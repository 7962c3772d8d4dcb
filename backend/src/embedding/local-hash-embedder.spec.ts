import { UnitType } from '../inventory/unit.enums';
import { KING_COUNTY_AREAS, KING_COUNTY_CITIES } from '../seed/king-county-areas';
import { readListingsFile } from '../seed/lead-loader';
import { cosine, describeEmbeddingProviderContract } from './embedding-provider.contract';
import { unitText } from './embedding-provider';
import { bathroomCount, LocalHashEmbedder } from './local-hash-embedder';

describeEmbeddingProviderContract('LocalHashEmbedder', () => Promise.resolve({ provider: new LocalHashEmbedder() }));
describeEmbeddingProviderContract('LocalHashEmbedder (64 dimensions)', () => Promise.resolve({ provider: new LocalHashEmbedder({ dimensions: 64 }) }));

describe('LocalHashEmbedder', () => {
  const e = new LocalHashEmbedder();
  const features = (text: string) => new Map(e.explain(text).map((f) => [f.feature, f.weight]));
  const concepts = (text: string) => [...features(text).keys()].filter((f) => f.startsWith('concept:')).sort();
  const sim = (a: string, b: string) => cosine(e.embedOne(a), e.embedOne(b));

  // Two descriptions written by the listing templates (backend/src/seed/listings.ts), the same but for the water.
  const onTheWater =
    '3-bed house in Juanita, Kirkland. house. Kirkland. waterfront, view. A house with 3 bedrooms, 2 bathrooms and 2,100 sq ft of living space on a 9,800 sq ft lot in Kirkland. Built in 1978. It is in good condition, enjoys a good view and sits right on the waterfront.';
  const inland =
    '3-bed house in Juanita, Kirkland. house. Kirkland. A house with 3 bedrooms, 2 bathrooms and 2,100 sq ft of living space on a 9,800 sq ft lot in Kirkland. Built in 1978. It is in good condition.';

  describe('identity', () => {
    it("is 'local-hash', version v1-<dimensions>, 384 dimensions by default", () => {
      expect(e.id).toBe('local-hash');
      expect(e.dimensions).toBe(384);
      expect(e.version).toBe('v1-384');
      expect(new LocalHashEmbedder({ dimensions: 256 }).version).toBe('v1-256');
    });

    it('rejects a dimension count that is not a sensible integer', () => {
      expect(() => new LocalHashEmbedder({ dimensions: 0 })).toThrow(RangeError);
      expect(() => new LocalHashEmbedder({ dimensions: 100.5 })).toThrow(RangeError);
    });

    it('gives the same vectors from separate instances and from embedOne and embed', async () => {
      const text = 'Renovated rambler on a big lot in Woodinville';
      const [batched] = await new LocalHashEmbedder().embed([text]);
      expect(Array.from(batched)).toEqual(Array.from(e.embedOne(text)));
    });
  });

  describe('lexicon', () => {
    it('puts a "lakefront" query closer to a listing that says "waterfront" than to one that does not', () => {
      expect(sim('lakefront', onTheWater)).toBeGreaterThan(sim('lakefront', inland));
      expect(sim('house on the water in Kirkland', onTheWater)).toBeGreaterThan(sim('house on the water in Kirkland', inland));
      expect(concepts('lakefront')).toEqual(['concept:waterfront']);
      expect(concepts(onTheWater)).toContain('concept:waterfront');
      expect(concepts(inland)).not.toContain('concept:waterfront');
    });

    it('maps buyer words to the words the listings use', () => {
      expect(concepts('rambler')).toEqual(['concept:quiet', 'concept:single-level']);
      expect(concepts('single-level')).toEqual(['concept:quiet', 'concept:single-level']);
      expect(concepts('handyman special')).toEqual(['concept:fixer']);
      expect(concepts('The house needs some work.')).toContain('concept:fixer');
      expect(concepts('remodeled kitchen')).toEqual(['concept:renovated']);
      expect(concepts('Originally built in 1951, it was renovated in 1991.')).toEqual(['concept:renovated']);
      expect(concepts('brand new')).toEqual(['concept:new']);
      expect(concepts('New construction, completed in 2014.')).toEqual(['concept:new']);
      expect(concepts('move-in ready')).toEqual(['concept:move-in-ready']);
      expect(concepts('high-end finishes')).toEqual(['concept:luxury']);
      expect(concepts('stunning views')).toEqual(['concept:great-view', 'concept:view']);
      expect(concepts('mountain views')).toEqual(['concept:view']);
      expect(concepts('big yard for the dog')).toEqual(['concept:large-lot', 'concept:quiet']);
      expect(concepts('quiet cul-de-sac')).toEqual(['concept:quiet']);
      expect(concepts('home office')).toEqual(['concept:extra-room']);
      expect(concepts('townhome')).toEqual(['concept:townhouse']);
    });

    it('reads the numbers the listing templates write', () => {
      expect(concepts('on a 1.49-acre (65,005 sq ft) lot')).toEqual(['concept:large-lot', 'concept:quiet']);
      expect(concepts('on a 0.30-acre (13,241 sq ft) lot')).toEqual([]);
      // The acres are rounded; the square feet decide.
      expect(concepts('on a 0.50-acre (21,744 sq ft) lot')).toEqual([]);
      expect(concepts('a 2 acre lot')).toEqual(['concept:large-lot', 'concept:quiet']);
      expect(concepts('3,200 sq ft of living space')).toEqual(['concept:extra-room', 'concept:spacious']);
      expect(concepts('This 3,200 sq ft house has 2 bedrooms')).toEqual(['concept:extra-room', 'concept:house', 'concept:spacious']);
      expect(concepts('has a 3,200 sq ft basement')).toEqual(['concept:basement']);
      expect(concepts('820 sq ft of living space')).toEqual(['concept:compact']);
      expect(concepts('4 bedrooms')).toEqual(['concept:extra-room']);
    });

    it('puts a home-office request nearer a 4-bed than a 2-bed', () => {
      const four = 'A house with 4 bedrooms, 2 bathrooms and 1,900 sq ft of living space in Renton.';
      const two = 'A house with 2 bedrooms, 2 bathrooms and 1,900 sq ft of living space in Renton.';
      expect(sim('house with a home office in Renton', four)).toBeGreaterThan(sim('house with a home office in Renton', two));
    });

    it('treats "3br", "3-bed", "3 bedrooms" and "three-bedroom" alike', () => {
      for (const t of ['3br', '3-bed', '3 bedrooms', 'three-bedroom', '3 BR', '3bd/2ba', '3 bdrm']) expect(features(t).has('bedrooms:3')).toBe(true);
      expect(sim('3br', '3-bed')).toBeGreaterThan(0.7);
      expect(sim('3br', '3-bed')).toBeGreaterThan(sim('3br', '5-bed'));
      expect(sim('3 bedroom condo', '4 bedroom condo')).toBeGreaterThan(sim('3 bedroom condo', '6 bedroom condo'));
    });

    it('reads bathrooms and ranges', () => {
      expect(features('2.5 baths').has('bathrooms:2')).toBe(true);
      expect(features('1.75 bathrooms').has('bathrooms:2')).toBe(true);
      expect(features('two bathrooms').has('bathrooms:2')).toBe(true);
      expect([1.75, 2.25, 2.5, 2.75].map(bathroomCount)).toEqual([2, 2, 2, 3]);
      const range = features('3 or 4 bedrooms');
      expect(range.has('bedrooms:3') && range.has('bedrooms:4')).toBe(true);
      expect(features('3-4 bedrooms').has('bedrooms:3')).toBe(true);
      // A year before a count is not a range.
      expect(features('Built in 1955, 3 bedrooms').has('bedrooms:1955')).toBe(false);
    });

    it('drops a concept right after "no" or "without", but keeps the word', () => {
      expect(concepts('no basement')).toEqual([]);
      expect(concepts('without a view')).toEqual([]);
      expect(features('no basement').has('word:basement')).toBe(true);
      expect(concepts('no stairs')).toEqual(['concept:quiet', 'concept:single-level']);
    });

    it('adds no concept for King County place names that contain lexicon words ("Lake City", "Rainier Beach")', () => {
      const names = new Set<string>(KING_COUNTY_CITIES);
      for (const a of Object.values(KING_COUNTY_AREAS)) {
        for (const part of (a.area ?? '').split(/[/()]/)) if (part.trim()) names.add(part.trim());
      }
      const leaking = [...names].filter((n) => concepts(`${n}, ${n.toLowerCase()}`).length > 0);
      expect(leaking).toEqual([]);
      expect(concepts('Real estate agent')).toEqual([]);
    });

    it('agrees with the features of the real listings', () => {
      const expectations: Array<[string, string]> = [
        ['waterfront', 'concept:waterfront'],
        ['view', 'concept:view'],
        ['great view', 'concept:great-view'],
        ['basement', 'concept:basement'],
        ['renovated', 'concept:renovated'],
        ['new construction', 'concept:new'],
        ['large lot', 'concept:large-lot'],
        ['single-level', 'concept:single-level'],
        ['luxury', 'concept:luxury'],
        ['fixer-upper', 'concept:fixer'],
      ];
      const listings = readListingsFile().filter((_, i) => i % 7 === 0);
      const wrong: string[] = [];
      for (const l of listings) {
        const found = new Set(concepts(unitText(l)));
        for (const [feature, concept] of expectations) {
          if (l.features.includes(feature) !== found.has(concept)) wrong.push(`${l.ref}: ${feature} vs ${concept}`);
        }
        if (l.type === UnitType.Condo && !found.has('concept:condo')) wrong.push(`${l.ref}: condo`);
        if (l.type === UnitType.Townhouse && !found.has('concept:townhouse')) wrong.push(`${l.ref}: townhouse`);
      }
      expect(listings.length).toBeGreaterThan(3000);
      expect(wrong.slice(0, 10)).toEqual([]);
    });
  });

  describe('text handling', () => {
    it('folds accents and case for matching', () => {
      expect(Array.from(e.embedOne('maison rénovée, café à Montréal'))).toEqual(Array.from(e.embedOne('maison renovee, cafe a Montreal')));
      expect(Array.from(e.embedOne('ＬＡＫＥＦＲＯＮＴ ﬁxer'))).toEqual(Array.from(e.embedOne('LAKEFRONT fixer')));
      expect(Array.from(e.embedOne('Crème Brûlée'))).toEqual(Array.from(e.embedOne('Creme Brulee')));
      expect(Array.from(e.embedOne('Straße'))).toEqual(Array.from(e.embedOne('Strasse')));
    });

    it('ignores stop words', () => {
      expect(Array.from(e.embedOne('a house with a view of the lake'))).toEqual(Array.from(e.embedOne('house view lake')));
      const f = features('we are looking for a house with a view of the lake');
      for (const w of ['we', 'are', 'looking', 'for', 'a', 'with', 'of', 'the']) expect(f.has(`word:${w}`)).toBe(false);
    });

    it('weighs capitalised names above ordinary words', () => {
      const f = features('Ballard bungalow');
      expect(f.get('word:ballard')).toBeGreaterThan(f.get('word:bungalow') ?? Infinity);
    });

    it('gives texts without words a fixed vector of their own', () => {
      expect(Array.from(e.embedOne(''))).toEqual(Array.from(e.embedOne('   ')));
      expect(sim('', '!!!')).toBeLessThan(0.999);
      expect(sim('🏡', '🌊')).toBeLessThan(0.999);
    });

    it('sees subword overlap: "lakefront" shares character n-grams with "lake"', () => {
      expect(sim('lakefront', 'lake')).toBeGreaterThan(sim('lakefront', 'garage'));
      expect(sim('house in Kirklnd', 'house in Kirkland')).toBeGreaterThan(sim('house in Kirklnd', 'house in Bellevue'));
    });
  });
});
