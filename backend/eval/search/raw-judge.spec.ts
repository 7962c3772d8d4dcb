import { readFileSync } from 'node:fs';
import { coverage, contentWords } from './coverage';
import { distanceKm, RAW_JUDGMENTS_PATH, rawGrade, rawJudge, RawJudgedUnit, RawRow, readRawJudgedUnits, serialiseRawJudgments } from './raw-judge';
import { RAW_QUERIES, RawEvalQuery } from './raw-queries';
import { UnitPurpose, UnitStatus, UnitType } from '../../src/inventory/unit.enums';
import type { ListingSeed } from '../../src/seed/listings';

const row = (over: Partial<RawRow> = {}): RawRow => ({
  id: '1', date: '20140101', waterfront: false, view: 0, condition: 3, grade: 7, sqftLiving: 1800, sqftLot: 5000, sqftBasement: 0, floors: 1,
  yrBuilt: 1960, yrRenovated: 0, lat: 47.6805, lng: -122.329, ...over,
});
const unit = (over: Partial<ListingSeed> = {}): ListingSeed =>
  ({ ref: 'KC-1-20140101', status: UnitStatus.Available, purpose: UnitPurpose.Sale, type: UnitType.House, price: 500_000, bedrooms: 3, bathrooms: 2, city: 'Seattle', area: 'Ballard', features: [], sizeSqft: 1800, lotSqft: 5000, yearBuilt: 1960, ...over }) as ListingSeed;
const judged = (r: Partial<RawRow>, u: Partial<ListingSeed> = {}): RawJudgedUnit => ({ unit: unit(u), raw: row(r) });
const query = (id: string): RawEvalQuery => RAW_QUERIES.find((q) => q.id === id)!;

describe('search eval, second set: judged from raw attributes', () => {
  it('measures straight-line distance in km', () => {
    // Green Lake to Pike Place Market is about 8 km.
    expect(distanceKm({ lat: 47.6805, lng: -122.329 }, { lat: 47.6094, lng: -122.3417 })).toBeCloseTo(7.96, 1);
  });

  it('grades distance wishes fully, half or not at all, and never outside the filters or when not available', () => {
    const greenLake = query('r04');
    expect(rawGrade(greenLake, judged({ lat: 47.6805 + 0.01, lng: -122.329 }))).toBe(2); // ~1.1 km
    expect(rawGrade(greenLake, judged({ lat: 47.6805 + 0.02, lng: -122.329 }))).toBe(1); // ~2.2 km
    expect(rawGrade(greenLake, judged({ lat: 47.6805 + 0.05, lng: -122.329 }))).toBe(0); // ~5.6 km
    expect(rawGrade(greenLake, judged({}, { status: UnitStatus.Sold }))).toBe(0);
    expect(rawGrade(query('r02'), judged({ sqftLot: 20_000, sqftLiving: 2_500 }, { city: 'Seattle', bedrooms: 4 }))).toBe(0); // filter: Kent
  });

  it('reads renovation year 0 as never renovated and gives grade 1 for half of several needs', () => {
    expect(rawGrade(query('r14'), judged({ yrBuilt: 1964, yrRenovated: 0 }, { city: 'Bellevue' }))).toBe(2);
    expect(rawGrade(query('r14'), judged({ yrBuilt: 1964, yrRenovated: 2001 }, { city: 'Bellevue' }))).toBe(1);
    // well-kept older home: one of two needs met → grade 1
    expect(rawGrade(query('r16'), judged({ condition: 4, yrBuilt: 1990 }, { city: 'Shoreline' }))).toBe(1);
    expect(rawGrade(query('r16'), judged({ condition: 4, yrBuilt: 1950 }, { city: 'Shoreline' }))).toBe(2);
  });

  it('the committed judgments are what the judge gives on the listings (the runner refuses otherwise)', () => {
    expect(serialiseRawJudgments(RAW_QUERIES, rawJudge(RAW_QUERIES, readRawJudgedUnits()))).toBe(readFileSync(RAW_JUDGMENTS_PATH, 'utf8'));
  });

  it('counts content words and the lexicon coverage of a query', () => {
    expect(contentWords("lots of elbow room in Kent, 4 bedrooms")).toEqual(['elbow', 'room', 'kent', 'bedrooms']);
    const c = coverage('lots of elbow room, needs TLC', new Set(['room']));
    expect(c.content).toEqual(['elbow', 'room', 'tlc']);
    expect(c.phraseWords).toEqual(['tlc']); // "needs tlc" is a lexicon phrase; "elbow room" is not
    expect(c.knownWords).toEqual(['room', 'tlc']); // "room" occurs in lexicon phrases ("lots of room")
    expect(c.listingWords).toEqual(['room']);
  });
});
