import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnitPurpose, UnitStatus, UnitType } from '../inventory/unit.enums';
import { LISTINGS_CSV_RELATIVE_PATH, ListingSeed, parseCsv, parseListingsCsv } from './listings';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const HEADER =
  'id,date,price,bedrooms,bathrooms,sqft_living,sqft_lot,floors,waterfront,view,condition,grade,sqft_above,sqft_basement,yr_built,yr_renovated,zipcode,lat,long,sqft_living15,sqft_lot15';

interface RowOverrides {
  id?: string;
  date?: string;
  price?: string;
  bedrooms?: number;
  bathrooms?: number;
  living?: number;
  lot?: number;
  floors?: string;
  waterfront?: number;
  view?: number;
  condition?: number;
  grade?: number;
  basement?: number;
  built?: number;
  renovated?: number;
  zip?: string;
}

/** One CSV line in the file's own format, defaults from its first row. */
function csvRow(o: RowOverrides = {}): string {
  const living = o.living ?? 1180;
  const basement = o.basement ?? 0;
  return [
    `"${o.id ?? '7129300520'}"`,
    `"${o.date ?? '20141013T000000'}"`,
    o.price ?? '221900',
    o.bedrooms ?? 3,
    o.bathrooms ?? 1,
    living,
    o.lot ?? 5650,
    `"${o.floors ?? '1'}"`,
    o.waterfront ?? 0,
    o.view ?? 0,
    o.condition ?? 3,
    o.grade ?? 7,
    living - basement,
    basement,
    o.built ?? 1955,
    o.renovated ?? 0,
    `"${o.zip ?? '98178'}"`,
    47.5112,
    -122.257,
    1340,
    5650,
  ].join(',');
}

function one(o: RowOverrides): ListingSeed {
  const [listing] = parseListingsCsv(`${HEADER}\n${csvRow(o)}\n`);
  return listing;
}

describe('parseCsv', () => {
  it('handles quoted fields with commas, doubled quotes and newlines, and CRLF line ends', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n1,,3\r\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
      ['1', '', '3'],
    ]);
  });

  it('keeps empty quoted fields and trailing empty fields, skips blank lines and a BOM', () => {
    expect(parseCsv('\ufeffa,""\n\n"",b,\n')).toEqual([
      ['a', ''],
      ['', 'b', ''],
    ]);
  });

  it('rejects an unterminated quote and junk after a closing quote', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/unterminated/);
    expect(() => parseCsv('"a"b,c\n')).toThrow(/after closing quote/);
  });
});

describe('parseListingsCsv on the real file', () => {
  const text = readFileSync(join(REPO_ROOT, LISTINGS_CSV_RELATIVE_PATH), 'utf8');
  let listings: ListingSeed[];

  beforeAll(() => {
    listings = parseListingsCsv(text);
  });

  // Speed is measured by `npm run bench` (seed timings), never by a test.
  it('parses all 21,613 rows', () => {
    expect(listings).toHaveLength(21_613);
  });

  it('reads the first row exactly, with the same derived text on every run', () => {
    expect(listings[0]).toEqual<ListingSeed>({
      ref: 'KC-7129300520-20141013',
      title: '3-bed house in Rainier Beach/Skyway, Seattle',
      description:
        'Set on a 5,650 sq ft lot in Rainier Beach/Skyway, Seattle, this house offers 3 bedrooms, 1 bathroom and 1,180 sq ft of living space. ' +
        'The home dates from 1955. The house is in average condition.',
      type: UnitType.House,
      purpose: UnitPurpose.Sale,
      price: 221_900,
      currency: 'USD',
      bedrooms: 3,
      bathrooms: 1,
      sizeSqft: 1180,
      lotSqft: 5650,
      yearBuilt: 1955,
      area: 'Rainier Beach/Skyway',
      city: 'Seattle',
      zip: '98178',
      lat: 47.5112,
      lng: -122.257,
      features: ['single-level'],
      status: UnitStatus.Available,
    });
  });

  it('reads fractional bathrooms, basements and renovations (id 6414100192)', () => {
    const l = listings.find((x) => x.ref === 'KC-6414100192-20141209')!;
    expect(l).toMatchObject({ price: 538_000, bedrooms: 3, bathrooms: 2.25, sizeSqft: 2570, lotSqft: 7242, yearBuilt: 1951, zip: '98125', city: 'Seattle' });
    expect(l.features).toEqual(['basement', 'renovated']);
    expect(l.description).toContain('1991');
    expect(l.description).toContain('400 sq ft basement');
  });

  it('reads prices the file writes in exponent form as whole dollars', () => {
    // "7237550310","20140512T000000",1.225e+006,...
    const l = listings.find((x) => x.ref === 'KC-7237550310-20140512')!;
    expect(l.price).toBe(1_225_000);
    for (const x of listings) expect(Number.isSafeInteger(x.price) && x.price > 0).toBe(true);
  });

  it('gives every row a unique ref, resales included', () => {
    expect(new Set(listings.map((l) => l.ref)).size).toBe(listings.length);
    const ids = new Map<string, number>();
    for (const l of listings) {
      const id = l.ref.split('-')[1];
      ids.set(id, (ids.get(id) ?? 0) + 1);
    }
    expect([...ids.values()].filter((n) => n > 1).length).toBe(176);
    for (const l of listings) expect(l.ref.length).toBeLessThanOrEqual(64);
  });

  it('marks the earlier sale of a resold parcel as sold', () => {
    const byId = new Map<string, ListingSeed[]>();
    for (const l of listings) {
      const id = l.ref.split('-')[1];
      byId.set(id, [...(byId.get(id) ?? []), l]);
    }
    for (const sales of byId.values()) {
      if (sales.length < 2) continue;
      const sorted = [...sales].sort((a, b) => a.ref.localeCompare(b.ref));
      for (const earlier of sorted.slice(0, -1)) expect(earlier.status).toBe(UnitStatus.Sold);
    }
  });

  it('maps every row to a named city', () => {
    expect(listings.filter((l) => l.city === 'King County')).toEqual([]);
    expect(new Set(listings.map((l) => l.city)).size).toBeGreaterThan(25);
  });

  it('derives a plausible spread of types and statuses', () => {
    const share = (pred: (l: ListingSeed) => boolean): number => listings.filter(pred).length / listings.length;
    expect(share((l) => l.type === UnitType.House)).toBeGreaterThan(0.85);
    expect(share((l) => l.type === UnitType.Townhouse)).toBeGreaterThan(0.04);
    expect(share((l) => l.type === UnitType.Condo)).toBeGreaterThan(0.005);
    expect(listings.every((l) => [UnitType.House, UnitType.Townhouse, UnitType.Condo].includes(l.type))).toBe(true);
    expect(listings.every((l) => l.purpose === UnitPurpose.Sale && l.currency === 'USD')).toBe(true);

    expect(share((l) => l.status === UnitStatus.Sold)).toBeGreaterThan(0.09);
    expect(share((l) => l.status === UnitStatus.Sold)).toBeLessThan(0.13);
    expect(share((l) => l.status === UnitStatus.UnderOffer)).toBeGreaterThan(0.04);
    expect(share((l) => l.status === UnitStatus.UnderOffer)).toBeLessThan(0.06);
    expect(share((l) => l.status === UnitStatus.Available)).toBeGreaterThan(0.8);
  });

  it('writes descriptions and titles from the row’s own values', () => {
    const fmt = (n: number): string => n.toLocaleString('en-US');
    // Collected rather than asserted one by one: 21,613 rows × a dozen expects is slow.
    const problems: string[] = [];
    for (const l of listings) {
      const d = l.description;
      const bad = (what: string): void => {
        problems.push(`${l.ref}: ${what}`);
      };
      if (!d.includes(`${fmt(l.sizeSqft!)} sq ft`)) bad('living area missing');
      if (!d.includes(`${fmt(l.lotSqft!)} sq ft`)) bad('lot size missing');
      if (!d.includes(String(l.yearBuilt))) bad('year built missing');
      if (!d.includes(l.city)) bad('city missing');
      if (!d.includes(l.bedrooms === 0 ? 'no listed bedrooms' : `${l.bedrooms} bedroom`)) bad('bedrooms missing');
      if (!d.includes(l.bathrooms === 0 ? 'no listed bathrooms' : `${l.bathrooms} bathroom`)) bad('bathrooms missing');
      if (!l.title.toLowerCase().includes(l.type) || !l.title.includes(l.city)) bad('title lacks type or city');
      if (l.bedrooms > 0 && !l.title.startsWith(`${l.bedrooms}-bed `)) bad('title lacks bed count');
      if (l.features.includes('waterfront') !== d.includes('waterfront')) bad('waterfront mismatch');
      if (l.features.includes('view') !== / view\b/.test(d)) bad('view mismatch');
      if (l.features.includes('renovated') && !/renovat/.test(d)) bad('renovation missing');
      const sentences = d.split(/(?<=\.) /).length;
      if (sentences < 2 || sentences > 3) bad(`${sentences} sentences`);
    }
    expect(problems).toEqual([]);
    // The templates vary, but by ref, so the same row always reads the same.
    expect(new Set(listings.slice(0, 200).map((l) => l.description.slice(0, 12))).size).toBeGreaterThan(2);
    expect(parseListingsCsv(text).map((l) => l.description)).toEqual(listings.map((l) => l.description));
  });
});

describe('parseListingsCsv derivation rules', () => {
  it('classifies condo, townhouse and house by lot, living area and floors', () => {
    expect(one({ living: 1070, lot: 649, floors: '2' }).type).toBe(UnitType.Condo);
    expect(one({ living: 2000, lot: 1500, floors: '1' }).type).toBe(UnitType.Condo);
    expect(one({ living: 1540, lot: 1044, floors: '3' }).type).toBe(UnitType.Townhouse);
    expect(one({ living: 1660, lot: 1458, floors: '3' }).type).toBe(UnitType.Townhouse);
    expect(one({ living: 1800, lot: 2500, floors: '2' }).type).toBe(UnitType.Townhouse);
    expect(one({ living: 1800, lot: 2800, floors: '2' }).type).toBe(UnitType.House);
    expect(one({ living: 1800, lot: 2500, floors: '1.5' }).type).toBe(UnitType.House);
  });

  it('derives features from the row', () => {
    expect(
      one({ waterfront: 1, view: 4, basement: 500, renovated: 2001, built: 1950, lot: 30_000, floors: '1', grade: 11, condition: 5 }).features,
    ).toEqual(['waterfront', 'view', 'great view', 'basement', 'renovated', 'large lot', 'single-level', 'luxury', 'excellent condition']);
    expect(one({ built: 2012, floors: '2', condition: 2, view: 1 }).features).toEqual(['view', 'new construction', 'fixer-upper']);
    expect(one({ floors: '2' }).features).toEqual([]);
  });

  it('describes waterfront, view, renovation and condition in words', () => {
    const d = one({ waterfront: 1, view: 4, renovated: 2001, condition: 4, lot: 43_560 }).description;
    expect(d).toContain('waterfront');
    expect(d).toContain('an excellent view');
    expect(d).toContain('2001');
    expect(d).toContain('good condition');
    expect(d).toContain('1.00-acre (43,560 sq ft) lot');
  });

  it('uses "an" before numbers read with a vowel sound', () => {
    expect(one({ basement: 800, living: 2000 }).description).toContain('an 800 sq ft basement');
    expect(one({ lot: 8000 }).description).toMatch(/an 8,000 sq ft lot/);
    expect(one({ living: 12_000, basement: 11_000 }).description).toContain('an 11,000 sq ft basement');
    expect(one({ living: 2000, basement: 1100 }).description).toContain('a 1,100 sq ft basement');
    expect(one({ lot: 1100 }).description).toMatch(/a 1,100 sq ft lot/);
  });

  it('titles a zero-bedroom row without a bed count', () => {
    expect(one({ bedrooms: 0 }).title).toBe('House in Rainier Beach/Skyway, Seattle');
  });

  it('falls back to King County for a zip outside the table', () => {
    expect(one({ zip: '98999' })).toMatchObject({ city: 'King County', area: null, zip: '98999', title: '3-bed house in King County' });
  });

  it('suffixes a repeated id and date so refs stay unique', () => {
    const rows = parseListingsCsv(`${HEADER}\n${csvRow()}\n${csvRow()}\n`);
    expect(rows.map((r) => r.ref)).toEqual(['KC-7129300520-20141013', 'KC-7129300520-20141013-2']);
  });

  it('reports the line of a bad number and a missing column', () => {
    expect(() => parseListingsCsv(`${HEADER}\n${csvRow()}\n${csvRow({ price: 'abc' })}\n`)).toThrow(/row 3: "price"/);
    expect(() => parseListingsCsv('id,date\n"1","20140101T000000"\n')).toThrow(/missing column "price"/);
  });
});
