/**
 * The second judged query set for `npm run eval:search`: relevance judged from each listing's OWN raw
 * attributes in data/listings/kc_house_data.csv (waterfront, view 0–4, condition 1–5, grade 1–13,
 * sqft_living, sqft_lot, floors, sqft_basement, yr_built, yr_renovated, lat/long), NOT from the
 * derived `features` values that the seed writes into the listing text. See docs/SEARCH-EVAL.md,
 * "Second set: raw attributes".
 *
 * Written, with its grading rules (raw-judge.ts) and its content-word rule (coverage.ts), and
 * committed BEFORE the author looked at the search code's lexicon or synonym tables, and before any
 * system was run on it. Many queries use words a buyer writes that a hand-made lexicon is unlikely to
 * hold ("sweeping Sound vistas", "lots of elbow room", "needs TLC", "close to Green Lake").
 *
 * Each query has `filters` exactly like the first set (queries.ts: the numbers, places and types a
 * person would set in the filter panel; soft wishes are never filters) and `needs`: the soft wishes,
 * each a check of raw attributes with a full and, where a reading is fuzzy, a partial level.
 * raw-judge.ts turns them into grades.
 */
import { UnitType } from '../../src/inventory/unit.enums';
import type { EvalFilters, Range } from './queries';

/** A named place, latitude / longitude in degrees (WGS84), read off a map; about ±300 m. */
export interface Point {
  name: string;
  lat: number;
  lng: number;
}

/**
 * One check: it holds when EVERY field given holds. Ranges are inclusive.
 *  waterfront      the row's waterfront flag (0/1)
 *  view            the row's view rating 0–4 (the data does not say of what)
 *  condition       1–5 (1 poor … 3 average … 5 very good)
 *  grade           King County building grade 1–13 (7 average; 11+ custom design and finishes)
 *  sqftLiving / sqftLot / sqftBasement / floors   the row's own numbers
 *  yrBuilt         year built
 *  yrRenovated     year renovated; 0 = never. `{ min: 1 }` = renovated at some time; `{ max: 0 }` = never
 *  near            the straight-line distance to the nearest of `points` is at most `km`
 *  box             latitude / longitude inside the box
 */
export interface RawCheck {
  waterfront?: boolean;
  view?: Range;
  condition?: Range;
  grade?: Range;
  sqftLiving?: Range;
  sqftLot?: Range;
  sqftBasement?: Range;
  floors?: Range;
  yrBuilt?: Range;
  yrRenovated?: Range;
  near?: { points: Point[]; km: number };
  box?: { latMin: number; latMax: number; lngMin: number; lngMax: number };
}

/**
 * One soft wish. `full`: it is fully met when ANY of these checks holds (score 1). `partial`: else,
 * half met when any of these holds (score 0.5). Otherwise 0.
 */
export interface RawNeed {
  /** The words of the query this wish comes from. */
  says: string;
  full: RawCheck[];
  partial?: RawCheck[];
}

export interface RawEvalQuery {
  id: string;
  text: string;
  filters: EvalFilters;
  needs: RawNeed[];
}

const ACRE = 43_560;
const { House, Townhouse } = UnitType;

// Named points (from a map, approximate).
const GREEN_LAKE: Point = { name: 'Green Lake (middle of the lake)', lat: 47.6805, lng: -122.329 };
const ALKI_BEACH: Point[] = [
  { name: 'Alki Point', lat: 47.5763, lng: -122.42 },
  { name: 'Alki Beach Park', lat: 47.58, lng: -122.406 },
  { name: 'Duwamish Head', lat: 47.593, lng: -122.387 },
];
const PIKE_PLACE: Point = { name: 'Pike Place Market', lat: 47.6094, lng: -122.3417 };
const UW: Point = { name: 'University of Washington (Red Square)', lat: 47.656, lng: -122.3095 };
const MICROSOFT: Point = { name: 'Microsoft main campus, Redmond', lat: 47.6405, lng: -122.13 };
const SEA_TAC: Point = { name: 'Sea-Tac Airport terminal', lat: 47.4435, lng: -122.3016 };
const SEWARD_PARK: Point = { name: 'Seward Park', lat: 47.55, lng: -122.252 };
const DISCOVERY_PARK: Point = { name: 'Discovery Park', lat: 47.66, lng: -122.415 };
const GAS_WORKS: Point = { name: 'Gas Works Park', lat: 47.6456, lng: -122.3344 };
const KIRKLAND_MARINA: Point = { name: 'Marina Park, Kirkland waterfront', lat: 47.6755, lng: -122.209 };
const SNOQUALMIE_FALLS: Point = { name: 'Snoqualmie Falls', lat: 47.542, lng: -121.837 };
const COLUMBIA_CITY_STATION: Point = { name: 'Columbia City light rail station', lat: 47.5597, lng: -122.2927 };
const BOEING_RENTON: Point = { name: 'Boeing Renton factory', lat: 47.496, lng: -122.212 };
const SOUTH_LAKE_UNION: Point = { name: 'South Lake Union (Amazon)', lat: 47.616, lng: -122.339 };
/** Points along Lake Sammamish's long axis, north to south. */
const LAKE_SAMMAMISH: Point[] = [
  { name: 'Lake Sammamish north end', lat: 47.648, lng: -122.104 },
  { name: 'Lake Sammamish, off Weowna Park', lat: 47.63, lng: -122.1 },
  { name: 'Lake Sammamish middle', lat: 47.61, lng: -122.095 },
  { name: 'Lake Sammamish, off Greenwood Point', lat: 47.59, lng: -122.085 },
  { name: 'Lake Sammamish south', lat: 47.575, lng: -122.075 },
  { name: 'Lake Sammamish south end (state park)', lat: 47.56, lng: -122.065 },
];
/** Points on King County's Puget Sound shore, north to south, then around Vashon-Maury Island. */
const SOUND_SHORE: Point[] = [
  { name: 'Richmond Beach', lat: 47.7645, lng: -122.386 },
  { name: 'Carkeek Park', lat: 47.712, lng: -122.379 },
  { name: 'Golden Gardens', lat: 47.692, lng: -122.403 },
  { name: 'West Point', lat: 47.662, lng: -122.435 },
  { name: 'Magnolia bluff', lat: 47.635, lng: -122.408 },
  { name: 'Elliott Bay, Pier 66', lat: 47.612, lng: -122.352 },
  { name: 'Alki', lat: 47.579, lng: -122.41 },
  { name: 'Lincoln Park / Fauntleroy', lat: 47.53, lng: -122.397 },
  { name: 'Seahurst', lat: 47.478, lng: -122.362 },
  { name: 'Normandy Park', lat: 47.444, lng: -122.347 },
  { name: 'Des Moines marina', lat: 47.399, lng: -122.331 },
  { name: 'Redondo', lat: 47.348, lng: -122.324 },
  { name: 'Vashon north end', lat: 47.51, lng: -122.47 },
  { name: 'Vashon west side', lat: 47.45, lng: -122.51 },
  { name: 'Tramp Harbor, Vashon', lat: 47.44, lng: -122.44 },
  { name: 'Maury Island', lat: 47.38, lng: -122.43 },
  { name: 'Vashon south end', lat: 47.34, lng: -122.51 },
];
/** Lake Washington's shores lie inside this box; Lake Union (−122.33) and Lake Sammamish (−122.1) do not. */
const LAKE_WASHINGTON_BOX = { latMin: 47.49, latMax: 47.765, lngMin: -122.295, lngMax: -122.185 };

const near = (points: Point | Point[], km: number): RawCheck => ({ near: { points: Array.isArray(points) ? points : [points], km } });
/** A place wish: fully met within `fullKm`, half met within `partialKm`. */
const closeTo = (says: string, points: Point | Point[], fullKm: number, partialKm: number): RawNeed => ({ says, full: [near(points, fullKm)], partial: [near(points, partialKm)] });
/** "Needs work": condition fair or poor; half: an average-condition home built before 1960 and never renovated. */
const NEEDS_WORK = (says: string): RawNeed => ({ says, full: [{ condition: { max: 2 } }], partial: [{ condition: { max: 3 }, yrBuilt: { max: 1959 }, yrRenovated: { max: 0 } }] });

export const RAW_QUERIES: RawEvalQuery[] = [
  {
    id: 'r01',
    text: 'sweeping Sound vistas',
    filters: {},
    needs: [{ says: 'sweeping Sound vistas', full: [{ view: { min: 3 }, ...near(SOUND_SHORE, 3) }], partial: [{ view: { min: 2 }, ...near(SOUND_SHORE, 3) }] }],
  },
  {
    id: 'r02',
    text: 'lots of elbow room in Kent, 4 bedrooms',
    filters: { city: 'Kent', bedsMin: 4 },
    needs: [{ says: 'lots of elbow room', full: [{ sqftLot: { min: 15_000 }, sqftLiving: { min: 2_400 } }], partial: [{ sqftLot: { min: 10_000 } }, { sqftLiving: { min: 3_000 } }] }],
  },
  {
    id: 'r03',
    text: 'needs TLC, under 350k',
    filters: { priceMax: 350_000 },
    needs: [NEEDS_WORK('needs TLC')],
  },
  {
    id: 'r04',
    text: 'close to Green Lake',
    filters: {},
    needs: [closeTo('close to Green Lake', GREEN_LAKE, 1.5, 3)],
  },
  {
    id: 'r05',
    text: 'walk to Alki beach',
    filters: {},
    needs: [closeTo('walk to Alki beach', ALKI_BEACH, 1, 2)],
  },
  {
    id: 'r06',
    text: 'craftsman bungalow a short stroll from Green Lake',
    filters: {},
    needs: [
      closeTo('a short stroll from Green Lake', GREEN_LAKE, 1.2, 2.5),
      { says: 'craftsman bungalow', full: [{ yrBuilt: { max: 1939 }, floors: { max: 1.5 } }], partial: [{ yrBuilt: { max: 1939 } }] },
    ],
  },
  {
    id: 'r07',
    text: 'easy commute to the Microsoft campus, 4 bedrooms',
    filters: { bedsMin: 4 },
    needs: [closeTo('easy commute to the Microsoft campus', MICROSOFT, 5, 10)],
  },
  {
    id: 'r08',
    text: 'older character home walkable to UW',
    filters: {},
    needs: [
      closeTo('walkable to UW', UW, 1.5, 3),
      { says: 'older character home', full: [{ yrBuilt: { max: 1940 } }], partial: [{ yrBuilt: { max: 1950 } }] },
    ],
  },
  {
    id: 'r09',
    text: 'Lake Washington frontage',
    filters: {},
    // Half: a big view inside the lake's box without frontage (looks at the lake, is not on it).
    needs: [{ says: 'Lake Washington frontage', full: [{ waterfront: true, box: LAKE_WASHINGTON_BOX }], partial: [{ view: { min: 3 }, box: LAKE_WASHINGTON_BOX }] }],
  },
  {
    id: 'r10',
    text: 'top-notch craftsmanship, custom-built, Bellevue',
    filters: { city: 'Bellevue' },
    needs: [{ says: 'top-notch craftsmanship, custom-built', full: [{ grade: { min: 11 } }], partial: [{ grade: { min: 10 } }] }],
  },
  {
    id: 'r11',
    text: 'mansion with room for staff',
    filters: {},
    needs: [{ says: 'mansion', full: [{ sqftLiving: { min: 5_000 }, grade: { min: 10 } }], partial: [{ sqftLiving: { min: 4_000 } }] }],
  },
  {
    id: 'r12',
    text: 'compact place for one person in Seattle',
    filters: { city: 'Seattle' },
    needs: [{ says: 'compact place for one person', full: [{ sqftLiving: { max: 800 } }], partial: [{ sqftLiving: { max: 1_000 } }] }],
  },
  {
    id: 'r13',
    text: 'freshly redone 3 bedroom in Seattle',
    filters: { city: 'Seattle', bedsMin: 3 },
    needs: [{ says: 'freshly redone', full: [{ yrRenovated: { min: 2005 } }], partial: [{ yrRenovated: { min: 1995 } }] }],
  },
  {
    id: 'r14',
    text: 'original untouched 1960s home in Bellevue',
    filters: { city: 'Bellevue' },
    needs: [{ says: 'original untouched 1960s', full: [{ yrBuilt: { min: 1960, max: 1969 }, yrRenovated: { max: 0 } }], partial: [{ yrBuilt: { min: 1960, max: 1969 } }] }],
  },
  {
    id: 'r15',
    text: 'pristine shape, Renton',
    filters: { city: 'Renton' },
    needs: [{ says: 'pristine shape', full: [{ condition: { min: 5 } }], partial: [{ condition: { min: 4 } }] }],
  },
  {
    id: 'r16',
    text: 'well-kept older home in Shoreline',
    filters: { city: 'Shoreline' },
    needs: [
      { says: 'well-kept', full: [{ condition: { min: 4 } }] },
      { says: 'older', full: [{ yrBuilt: { max: 1959 } }] },
    ],
  },
  {
    id: 'r17',
    text: 'postwar house in Burien',
    filters: { city: 'Burien' },
    needs: [{ says: 'postwar', full: [{ yrBuilt: { min: 1945, max: 1955 } }], partial: [{ yrBuilt: { min: 1940, max: 1965 } }] }],
  },
  {
    id: 'r18',
    text: 'two-story with space for a big vegetable garden, Auburn',
    filters: { city: 'Auburn' },
    needs: [
      { says: 'two-story', full: [{ floors: { min: 2 } }] },
      { says: 'space for a big vegetable garden', full: [{ sqftLot: { min: 10_000 } }], partial: [{ sqftLot: { min: 8_000 } }] },
    ],
  },
  {
    id: 'r19',
    text: 'no steps for my knees, Federal Way',
    filters: { city: 'Federal Way' },
    needs: [{ says: 'no steps', full: [{ floors: { max: 1 }, sqftBasement: { max: 0 } }], partial: [{ floors: { max: 1 } }] }],
  },
  {
    id: 'r20',
    text: 'glimpses of the water, Seattle, under 700k',
    filters: { city: 'Seattle', priceMax: 700_000 },
    needs: [{ says: 'glimpses of the water', full: [{ view: { min: 1 } }] }],
  },
  {
    id: 'r21',
    text: 'pilot needs a place near Sea-Tac, 3 bedrooms',
    filters: { bedsMin: 3 },
    needs: [closeTo('near Sea-Tac', SEA_TAC, 5, 8)],
  },
  {
    id: 'r22',
    text: 'steps from Seward Park',
    filters: {},
    needs: [closeTo('steps from Seward Park', SEWARD_PARK, 1, 2)],
  },
  {
    id: 'r23',
    text: 'next to Discovery Park',
    filters: {},
    needs: [closeTo('next to Discovery Park', DISCOVERY_PARK, 1.2, 2.5)],
  },
  {
    id: 'r24',
    text: 'walking distance to Pike Place Market',
    filters: {},
    needs: [closeTo('walking distance to Pike Place Market', PIKE_PLACE, 1.5, 3)],
  },
  {
    id: 'r25',
    text: "near Kirkland's waterfront park, with a two-car garage",
    filters: {},
    // "two-car garage": the data cannot say; left in the text, not judged.
    needs: [closeTo("near Kirkland's waterfront park", KIRKLAND_MARINA, 1.5, 3)],
  },
  {
    id: 'r26',
    text: 'minutes from Snoqualmie Falls',
    filters: {},
    needs: [closeTo('minutes from Snoqualmie Falls', SNOQUALMIE_FALLS, 5, 10)],
  },
  {
    id: 'r27',
    text: 'rural feel, room for chickens and a pony',
    filters: {},
    needs: [{ says: 'rural feel, room for chickens and a pony', full: [{ sqftLot: { min: ACRE } }], partial: [{ sqftLot: { min: ACRE / 2 } }] }],
  },
  {
    id: 'r28',
    text: 'sprawling rancher in Sammamish',
    filters: { city: 'Sammamish' },
    needs: [{ says: 'sprawling rancher', full: [{ floors: { max: 1 }, sqftLiving: { min: 2_800 } }], partial: [{ floors: { max: 1 }, sqftLiving: { min: 2_200 } }] }],
  },
  {
    id: 'r29',
    text: 'brand-spanking-new build in Kirkland',
    filters: { city: 'Kirkland' },
    needs: [{ says: 'brand-spanking-new build', full: [{ yrBuilt: { min: 2013 } }], partial: [{ yrBuilt: { min: 2010 } }] }],
  },
  {
    id: 'r30',
    text: '2,000–2,500 sq ft family home in Auburn from the 90s',
    filters: { city: 'Auburn' },
    needs: [
      { says: '2,000–2,500 sq ft', full: [{ sqftLiving: { min: 2_000, max: 2_500 } }] },
      { says: 'from the 90s', full: [{ yrBuilt: { min: 1990, max: 1999 } }] },
    ],
  },
  {
    id: 'r31',
    text: 'waterside cottage',
    filters: {},
    needs: [{ says: 'waterside cottage', full: [{ waterfront: true, sqftLiving: { max: 1_600 } }], partial: [{ waterfront: true, sqftLiving: { max: 2_200 } }] }],
  },
  {
    id: 'r32',
    text: 'low-maintenance postage-stamp yard in Seattle',
    filters: { city: 'Seattle' },
    needs: [{ says: 'low-maintenance postage-stamp yard', full: [{ sqftLot: { max: 3_000 } }], partial: [{ sqftLot: { max: 4_000 } }] }],
  },
  {
    id: 'r33',
    text: 'view of Lake Sammamish',
    filters: {},
    needs: [{ says: 'view of Lake Sammamish', full: [{ view: { min: 2 }, ...near(LAKE_SAMMAMISH, 2) }], partial: [{ view: { min: 1 }, ...near(LAKE_SAMMAMISH, 2) }] }],
  },
  {
    id: 'r34',
    text: 'close to the Columbia City light rail',
    filters: {},
    needs: [closeTo('close to the Columbia City light rail', COLUMBIA_CITY_STATION, 1, 2)],
  },
  {
    id: 'r35',
    text: 'prewar charmer with good bones in Queen Anne',
    filters: { area: 'Queen Anne' },
    needs: [
      { says: 'prewar charmer', full: [{ yrBuilt: { max: 1939 } }] },
      { says: 'good bones', full: [{ condition: { min: 4 } }], partial: [{ condition: { min: 3 } }] },
    ],
  },
  {
    id: 'r36',
    text: 'eagle-eye views from a hilltop, Issaquah',
    filters: { city: 'Issaquah' },
    needs: [{ says: 'eagle-eye views from a hilltop', full: [{ view: { min: 3 } }], partial: [{ view: { min: 2 } }] }],
  },
  {
    id: 'r37',
    text: 'immaculate, like new, short commute to South Lake Union',
    filters: {},
    needs: [
      { says: 'immaculate, like new', full: [{ condition: { min: 5 } }, { yrBuilt: { min: 2008 } }, { yrRenovated: { min: 2008 } }], partial: [{ condition: { min: 4 } }] },
      closeTo('short commute to South Lake Union', SOUTH_LAKE_UNION, 4, 7),
    ],
  },
  {
    id: 'r38',
    text: 'modest rambler that needs work near the Renton Boeing plant',
    filters: {},
    needs: [
      { says: 'modest rambler', full: [{ floors: { max: 1 }, sqftLiving: { max: 1_600 } }], partial: [{ floors: { max: 1 } }] },
      NEEDS_WORK('needs work'),
      closeTo('near the Renton Boeing plant', BOEING_RENTON, 4, 7),
    ],
  },
  {
    id: 'r39',
    text: 'quaint abode near Gas Works Park',
    filters: {},
    needs: [
      closeTo('near Gas Works Park', GAS_WORKS, 1.2, 2.5),
      { says: 'quaint abode', full: [{ yrBuilt: { max: 1939 }, sqftLiving: { max: 1_600 } }], partial: [{ yrBuilt: { max: 1950 } }] },
    ],
  },
  {
    id: 'r40',
    text: 'golf-course-sized lot in Woodinville',
    filters: { city: 'Woodinville' },
    needs: [{ says: 'golf-course-sized lot', full: [{ sqftLot: { min: 2 * ACRE } }], partial: [{ sqftLot: { min: ACRE } }] }],
  },
  {
    id: 'r41',
    text: 'room for a mother-in-law downstairs, Shoreline',
    filters: { city: 'Shoreline' },
    needs: [{ says: 'room for a mother-in-law downstairs', full: [{ sqftBasement: { min: 800 } }], partial: [{ sqftBasement: { min: 400 } }] }],
  },
  {
    id: 'r42',
    text: 'wheelchair friendly, everything on the main floor',
    filters: {},
    needs: [{ says: 'wheelchair friendly, everything on the main floor', full: [{ floors: { max: 1 }, sqftBasement: { max: 0 } }], partial: [{ floors: { max: 1 } }] }],
  },
  {
    id: 'r43',
    text: "a stone's throw from the Sound in Des Moines",
    filters: { city: 'Des Moines' },
    needs: [closeTo("a stone's throw from the Sound", SOUND_SHORE, 0.8, 1.5)],
  },
  {
    id: 'r44',
    text: 'mid-mod gem in Bellevue',
    filters: { city: 'Bellevue' },
    needs: [{ says: 'mid-mod', full: [{ yrBuilt: { min: 1950, max: 1970 } }], partial: [{ yrBuilt: { min: 1945, max: 1975 } }] }],
  },
  {
    id: 'r45',
    text: 'palatial estate on acreage in Redmond',
    filters: { city: 'Redmond' },
    needs: [
      { says: 'palatial estate', full: [{ sqftLiving: { min: 4_500 } }], partial: [{ sqftLiving: { min: 3_500 } }] },
      { says: 'on acreage', full: [{ sqftLot: { min: ACRE } }], partial: [{ sqftLot: { min: ACRE / 2 } }] },
    ],
  },
  // Queries in the vocabulary of the listing text, judged by the same raw-attribute rules: a
  // comparison point for the coverage figures.
  {
    id: 'r46',
    text: 'waterfront home with a great view',
    filters: {},
    needs: [
      { says: 'waterfront', full: [{ waterfront: true }] },
      { says: 'with a great view', full: [{ view: { min: 3 } }], partial: [{ view: { min: 2 } }] },
    ],
  },
  {
    id: 'r47',
    text: 'renovated house with a basement in Seattle under 800k',
    filters: { city: 'Seattle', priceMax: 800_000, type: [House] },
    needs: [
      { says: 'renovated', full: [{ yrRenovated: { min: 1 } }] },
      { says: 'with a basement', full: [{ sqftBasement: { min: 1 } }] },
    ],
  },
  {
    id: 'r48',
    text: 'large lot in Maple Valley',
    filters: { city: 'Maple Valley' },
    needs: [{ says: 'large lot', full: [{ sqftLot: { min: ACRE / 2 } }], partial: [{ sqftLot: { min: ACRE / 4 } }] }],
  },
  {
    id: 'r49',
    text: 'new construction townhouse in Seattle',
    filters: { city: 'Seattle', type: [Townhouse] },
    needs: [{ says: 'new construction', full: [{ yrBuilt: { min: 2010 } }], partial: [{ yrBuilt: { min: 2005 } }] }],
  },
  {
    id: 'r50',
    text: 'fixer-upper in Kent',
    filters: { city: 'Kent' },
    needs: [NEEDS_WORK('fixer-upper')],
  },
  {
    id: 'r51',
    text: 'luxury home in Mercer Island',
    filters: { city: 'Mercer Island' },
    needs: [{ says: 'luxury', full: [{ grade: { min: 11 } }], partial: [{ grade: { min: 10 } }] }],
  },
  {
    id: 'r52',
    text: 'single-level home in Kirkland in excellent condition',
    filters: { city: 'Kirkland' },
    needs: [
      { says: 'single-level', full: [{ floors: { max: 1 } }] },
      { says: 'in excellent condition', full: [{ condition: { min: 5 } }], partial: [{ condition: { min: 4 } }] },
    ],
  },
];
