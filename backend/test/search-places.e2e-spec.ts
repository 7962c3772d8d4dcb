import { UnitIndexer } from '../src/embedding/unit-indexer.service';
import { insertListings, readListingsFile } from '../src/seed/lead-loader';
import { SeedRepository } from '../src/seed/seed.repository';
import { createTestApp, login, TestApp } from './harness';

interface Hit {
  ref: string;
  area: string | null;
  city: string;
  description: string;
  price: number;
  bedrooms: number;
  why: { terms: string[]; lexicalRank: number | null; semanticRank: number | null };
}

// The real King County listings of every zip whose area name holds "Park" (North City/Lake Forest
// Park, Delridge/Highland Park, Capitol Hill/Madison Park, Seahurst/Normandy Park, Tukwila/Boulevard
// Park) and of Ballard; their descriptions never mention a park (see seed/listings.ts).
const PARK_NAMED_ZIPS = new Set(['98155', '98106', '98112', '98166', '98168']);
const CONTROL_ZIP = '98107';

// Listings that do say they are near a park, in towns with and without "Park" in their names.
const NEAR_A_PARK = [
  { ref: 'P-BALLARD', title: 'Craftsman two doors from the park', description: 'A neighborhood park with a playground across the street.', city: 'Seattle', area: 'Ballard', zip: '98107', price: 850000, bedrooms: 3 },
  { ref: 'P-KENMORE', title: 'Family home on a quiet street', description: 'Backs onto a public park and its walking trails.', city: 'Kenmore', area: null, zip: '98028', price: 700000, bedrooms: 4 },
  { ref: 'P-HIGHLAND', title: 'Rambler with a level yard', description: 'A short walk to the park and the library.', city: 'Seattle', area: 'Delridge/Highland Park', zip: '98106', price: 600000, bedrooms: 3 },
];
const PARK_REFS = NEAR_A_PARK.map((u) => u.ref).sort();
const mentionsPark = (h: Hit) => /\bparks?\b/i.test(h.description);

/** "near a park" is a wish about the surroundings: it finds listings that mention a park, never a town by the word in its name. */
describe('a wish word never matches a place name (King County listings)', () => {
  let t: TestApp;
  let admin: string;
  let parkNamed = 0;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    const listings = readListingsFile().filter((l) => l.zip && (PARK_NAMED_ZIPS.has(l.zip) || l.zip === CONTROL_ZIP));
    parkNamed = listings.filter((l) => /park/i.test(l.area ?? '')).length;
    await insertListings(t.app.get(SeedRepository), listings);
    for (const u of NEAR_A_PARK) {
      const res = await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ...u, type: 'house', purpose: 'sale', bathrooms: 2 } });
      expect(res.status).toBe(201);
    }
    const ids = (await t.db.query<{ id: string }[]>('SELECT id FROM units')).map((r) => r.id);
    await t.app.get(UnitIndexer).embedUnits(ids);
  }, 180_000);
  afterAll(() => t.close());

  const search = async (qs: string) => {
    const res = await t.request({ method: 'GET', url: `/api/inventory/search?${qs}`, token: admin });
    expect(res.status).toBe(200);
    return res.body as { items: Hit[]; total: number };
  };

  it('uses real listings in towns named for a park', () => {
    expect(parkNamed).toBeGreaterThan(1000);
  });

  it('"near a park": the listings that mention a park come first; none is found by its town\'s name', async () => {
    const res = await search(`q=${encodeURIComponent('near a park')}&pageSize=50`);
    expect(res.items.slice(0, 3).map((h) => h.ref).sort()).toEqual(PARK_REFS);
    // The words "park" match only in the listings' own words: no Lake Forest Park (or Highland Park...) listing by its name.
    for (const h of res.items.filter((x) => !mentionsPark(x))) {
      expect({ ref: h.ref, lexicalRank: h.why.lexicalRank, terms: h.why.terms }).toEqual({ ref: h.ref, lexicalRank: null, terms: [] });
    }
    const lexical = await search(`q=${encodeURIComponent('near a park')}&mode=lexical&pageSize=50`);
    expect(lexical.items.map((h) => h.ref).sort()).toEqual(PARK_REFS);
    expect(lexical.total).toBe(3);
  });

  it('with the filters the typed text fills (3 bed, under 900k, in Seattle), the Seattle listings near a park lead', async () => {
    const res = await search(`q=${encodeURIComponent('near a park')}&city=Seattle&bedsMin=3&priceMax=900000&pageSize=20`);
    expect(res.items.slice(0, 2).map((h) => h.ref).sort()).toEqual(['P-BALLARD', 'P-HIGHLAND']);
    for (const h of res.items) expect(h.city === 'Seattle' && h.bedrooms >= 3 && h.price <= 900000).toBe(true);
    // Words with an explicit sort must all match: still the unit's own words.
    const sorted = await search(`q=park&sort=price&pageSize=50`);
    expect(sorted.items.map((h) => h.ref).sort()).toEqual(PARK_REFS);
  });

  it('a place named in full is still found by its name', async () => {
    const res = await search(`q=${encodeURIComponent('lake forest park')}&mode=lexical&pageSize=50`);
    expect(res.total).toBeGreaterThan(50);
    for (const h of res.items) expect(h.area).toBe('North City/Lake Forest Park');
    expect(res.items[0].why.terms).toEqual(['lake', 'forest', 'park']);
  });
});
