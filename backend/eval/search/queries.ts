/**
 * The judged query set for `npm run eval:search` (see docs/SEARCH-EVAL.md for how it was made).
 *
 * Each query is what a buyer or agent would type, plus:
 *  - `filters`: what the same person would set in the filter panel from that sentence: the numbers,
 *    places and types only (price, bedrooms, bathrooms, city or one area exactly as the data names
 *    it, type, purpose). Soft wishes ("a view", "no stairs", "brand new") are never filters.
 *  - `intent.soft`: the soft wishes as checks against real unit fields, used ONLY by the judge
 *    (judge.ts). The hard constraints of the intent are the filters themselves (plus status
 *    'available', the search default), so the two can never disagree.
 *
 * Written from the listing rules in backend/src/seed/listings.ts, before any system was run on them.
 */
import { UnitPurpose, UnitType } from '../../src/inventory/unit.enums';

/** Filter-panel fields; the same names and meaning as SearchUnitsQueryDto. */
export interface EvalFilters {
  purpose?: UnitPurpose;
  type?: UnitType[];
  priceMin?: number;
  priceMax?: number;
  bedsMin?: number;
  bathsMin?: number;
  city?: string;
  area?: string;
}

export interface Range {
  min?: number;
  max?: number;
}

/**
 * One soft wish. It holds when EVERY check given in it holds (most give one). Checks:
 *  feature     the unit's features include this value (values: see listings.ts)
 *  anyFeature  the unit's features include at least one of these
 *  sizeSqft / lotSqft / yearBuilt  the field is within the range (inclusive; a null field fails)
 *  areaIn / cityIn  the unit's area / city is one of these (a place wish that no single filter-panel
 *              choice expresses, e.g. "West Seattle" spans three areas in the data)
 */
export interface SoftNeed {
  /** The words of the query this wish comes from. */
  says: string;
  feature?: string;
  anyFeature?: string[];
  sizeSqft?: Range;
  lotSqft?: Range;
  yearBuilt?: Range;
  areaIn?: string[];
  cityIn?: string[];
}

export interface EvalQuery {
  id: string;
  text: string;
  filters: EvalFilters;
  intent: { soft: SoftNeed[] };
}

const ACRE = 43_560;
const { House, Townhouse, Condo } = UnitType;
/** "Move-in ready", "turnkey", "updated": any of the features that say the home needs nothing. */
const MOVE_IN_READY = ['excellent condition', 'renovated', 'new construction'];

export const QUERIES: EvalQuery[] = [
  {
    id: 'q01',
    text: 'lakefront place with a view under 1.5M',
    filters: { priceMax: 1_500_000 },
    intent: { soft: [{ says: 'lakefront', feature: 'waterfront' }, { says: 'with a view', feature: 'view' }] },
  },
  {
    id: 'q02',
    text: '3br rambler in Kent, no stairs, big yard',
    filters: { bedsMin: 3, city: 'Kent' },
    intent: { soft: [{ says: 'rambler, no stairs', feature: 'single-level' }, { says: 'big yard', feature: 'large lot' }] },
  },
  {
    id: 'q03',
    text: 'new construction townhome in Seattle under 800k',
    filters: { type: [Townhouse], city: 'Seattle', priceMax: 800_000 },
    intent: { soft: [{ says: 'new construction', feature: 'new construction' }] },
  },
  {
    id: 'q04',
    text: 'fixer upper with a basement in Renton',
    filters: { city: 'Renton' },
    intent: { soft: [{ says: 'fixer upper', feature: 'fixer-upper' }, { says: 'with a basement', feature: 'basement' }] },
  },
  {
    id: 'q05',
    text: 'luxury home with great views in Bellevue',
    filters: { city: 'Bellevue' },
    intent: { soft: [{ says: 'luxury', feature: 'luxury' }, { says: 'great views', feature: 'great view' }] },
  },
  {
    id: 'q06',
    text: 'move-in ready condo downtown under 500k',
    // "downtown": the data has no downtown Seattle zip (98101/98104/98121 are not in the file), so
    // the place is the city; the word stays in the text as a buyer would type it.
    filters: { type: [Condo], city: 'Seattle', priceMax: 500_000 },
    intent: { soft: [{ says: 'move-in ready', anyFeature: MOVE_IN_READY }] },
  },
  {
    id: 'q07',
    text: 'watrefront home on Mercer Island',
    filters: { city: 'Mercer Island' },
    intent: { soft: [{ says: 'watrefront (typo)', feature: 'waterfront' }] },
  },
  {
    id: 'q08',
    text: 'three bedroom house with a basement in Ballard under 900k',
    filters: { type: [House], bedsMin: 3, area: 'Ballard', priceMax: 900_000 },
    intent: { soft: [{ says: 'with a basement', feature: 'basement' }] },
  },
  {
    id: 'q09',
    text: 'renovated craftsman in Wallingford',
    filters: { area: 'Wallingford/Fremont' },
    intent: { soft: [{ says: 'renovated', feature: 'renovated' }, { says: 'craftsman (the 1900s–1930s style)', yearBuilt: { max: 1939 } }] },
  },
  {
    id: 'q10',
    text: 'brand new 4 bed home in Sammamish',
    filters: { bedsMin: 4, city: 'Sammamish' },
    intent: { soft: [{ says: 'brand new', feature: 'new construction' }] },
  },
  {
    id: 'q11',
    text: 'cheap fixer, handyman special, anywhere under 300k',
    filters: { priceMax: 300_000 },
    intent: { soft: [{ says: 'fixer, handyman special', feature: 'fixer-upper' }] },
  },
  {
    id: 'q12',
    text: 'single story home in Federal Way with 2 baths',
    filters: { bathsMin: 2, city: 'Federal Way' },
    intent: { soft: [{ says: 'single story', feature: 'single-level' }] },
  },
  {
    id: 'q13',
    text: 'acreage with room for horses near Woodinville',
    filters: { city: 'Woodinville' },
    intent: { soft: [{ says: 'acreage, room for horses', lotSqft: { min: ACRE } }] },
  },
  {
    id: 'q14',
    text: 'spacious family home, 5 bedrooms, Issaquah',
    filters: { bedsMin: 5, city: 'Issaquah' },
    intent: { soft: [{ says: 'spacious', sizeSqft: { min: 3000 } }] },
  },
  {
    id: 'q15',
    text: 'cozy starter home in Burien under 350k',
    filters: { city: 'Burien', priceMax: 350_000 },
    intent: { soft: [{ says: 'cozy starter home', sizeSqft: { max: 1200 } }] },
  },
  {
    id: 'q16',
    text: 'mid-century rambler in Lake Hills',
    filters: { city: 'Bellevue', area: 'Lake Hills' },
    intent: { soft: [{ says: 'rambler', feature: 'single-level' }, { says: 'mid-century', yearBuilt: { min: 1945, max: 1975 } }] },
  },
  {
    id: 'q17',
    text: 'house with mountain views in Snoqualmie',
    filters: { city: 'Snoqualmie' },
    intent: { soft: [{ says: 'mountain views', feature: 'view' }] },
  },
  {
    id: 'q18',
    text: 'Puget Sound view home in West Seattle with a basement',
    filters: { city: 'Seattle' },
    intent: {
      soft: [
        { says: 'West Seattle', areaIn: ['West Seattle (Alki)', 'West Seattle (High Point)', 'West Seattle (Fauntleroy)'] },
        { says: 'Puget Sound view', feature: 'view' },
        { says: 'with a basement', feature: 'basement' },
      ],
    },
  },
  {
    id: 'q19',
    text: 'updated 2 bed 2 bath condo under 400k',
    filters: { type: [Condo], bedsMin: 2, bathsMin: 2, priceMax: 400_000 },
    intent: { soft: [{ says: 'updated', anyFeature: ['renovated', 'new construction'] }] },
  },
  {
    id: 'q20',
    text: 'big house on a large lot in Maple Valley, 4+ bedrooms',
    filters: { bedsMin: 4, city: 'Maple Valley' },
    intent: { soft: [{ says: 'big house', sizeSqft: { min: 3000 } }, { says: 'large lot', feature: 'large lot' }] },
  },
  {
    id: 'q21',
    text: 'newer townhouse near Capitol Hill with 2 bedrooms',
    filters: { type: [Townhouse], bedsMin: 2, city: 'Seattle' },
    intent: {
      soft: [
        { says: 'near Capitol Hill', areaIn: ['Capitol Hill/Madison Park', 'Eastlake/North Capitol Hill'] },
        { says: 'newer', yearBuilt: { min: 2000 } },
      ],
    },
  },
  {
    id: 'q22',
    text: 'luxury waterfront estate in Medina',
    filters: { city: 'Medina' },
    intent: { soft: [{ says: 'luxury estate', feature: 'luxury' }, { says: 'waterfront', feature: 'waterfront' }] },
  },
  {
    id: 'q23',
    text: '3 bedrom 2 bath in Shoreline with an in-law basement',
    filters: { bedsMin: 3, bathsMin: 2, city: 'Shoreline' },
    intent: { soft: [{ says: 'in-law basement', feature: 'basement' }] },
  },
  {
    id: 'q24',
    text: 'lake view home in Kirkland under a million',
    filters: { city: 'Kirkland', priceMax: 1_000_000 },
    intent: { soft: [{ says: 'lake view', feature: 'view' }] },
  },
  {
    id: 'q25',
    text: 'four bedroom 2.5 bath in Redmond built after 2000',
    filters: { bedsMin: 4, bathsMin: 2.5, city: 'Redmond' },
    intent: { soft: [{ says: 'built after 2000', yearBuilt: { min: 2001 } }] },
  },
  {
    id: 'q26',
    text: 'condo with a view in Queen Anne',
    filters: { type: [Condo], city: 'Seattle' },
    intent: {
      soft: [
        { says: 'Queen Anne', areaIn: ['Queen Anne', 'Queen Anne/South Lake Union'] },
        { says: 'with a view', feature: 'view' },
      ],
    },
  },
  {
    id: 'q27',
    text: 'excelent condition rambler in Auburn under 400k',
    filters: { city: 'Auburn', priceMax: 400_000 },
    intent: { soft: [{ says: 'excelent (typo) condition', feature: 'excellent condition' }, { says: 'rambler', feature: 'single-level' }] },
  },
  {
    id: 'q28',
    text: 'recently remodled home in Des Moines with a view of the sound',
    filters: { city: 'Des Moines' },
    intent: { soft: [{ says: 'remodled (typo)', feature: 'renovated' }, { says: 'view of the sound', feature: 'view' }] },
  },
  {
    id: 'q29',
    text: 'teardown or fixer on a big lot, Seattle',
    filters: { city: 'Seattle' },
    intent: { soft: [{ says: 'teardown or fixer', feature: 'fixer-upper' }, { says: 'big lot', feature: 'large lot' }] },
  },
  {
    id: 'q30',
    text: 'quiet secluded property on 5 acres in Enumclaw',
    filters: { city: 'Enumclaw' },
    intent: { soft: [{ says: 'on 5 acres', lotSqft: { min: 5 * ACRE } }] },
  },
  {
    id: 'q31',
    // Adjusted: written as a condo, but Bellevue has one available condo; the type filter is gone.
    text: 'small one-level home for downsizing in Bellevue',
    filters: { city: 'Bellevue' },
    intent: { soft: [{ says: 'one-level', feature: 'single-level' }, { says: 'small, downsizing', sizeSqft: { max: 1200 } }] },
  },
  {
    id: 'q32',
    text: 'historic home built before 1920 on Capitol Hill',
    filters: { area: 'Capitol Hill/Madison Park' },
    intent: { soft: [{ says: 'historic, built before 1920', yearBuilt: { max: 1919 } }] },
  },
  {
    id: 'q33',
    text: 'modern new construction in Kirkland with 4 bedrooms under 1.2 million',
    filters: { city: 'Kirkland', bedsMin: 4, priceMax: 1_200_000 },
    intent: { soft: [{ says: 'modern new construction', feature: 'new construction' }] },
  },
  {
    id: 'q34',
    text: 'affordable 2 bedroom in White Center under 300k with a basement',
    filters: { area: 'White Center', bedsMin: 2, priceMax: 300_000 },
    intent: { soft: [{ says: 'with a basement', feature: 'basement' }] },
  },
  {
    id: 'q35',
    text: 'luxurious home with high-end finishes, 4000+ sq ft, Sammamish',
    filters: { city: 'Sammamish' },
    intent: { soft: [{ says: 'luxurious, high-end finishes', feature: 'luxury' }, { says: '4000+ sq ft', sizeSqft: { min: 4000 } }] },
  },
  {
    id: 'q36',
    text: 'waterfront cabin on Vashon island',
    filters: { city: 'Vashon' },
    intent: { soft: [{ says: 'waterfront', feature: 'waterfront' }, { says: 'cabin', sizeSqft: { max: 1500 } }] },
  },
  {
    id: 'q37',
    text: 'Duvall home with acreage and a shop',
    filters: { city: 'Duvall' },
    intent: { soft: [{ says: 'acreage', feature: 'large lot' }] },
  },
  {
    id: 'q38',
    text: 'stunning panoramic views, Seattle, 3 bedrooms, under 1.2M',
    filters: { city: 'Seattle', bedsMin: 3, priceMax: 1_200_000 },
    intent: { soft: [{ says: 'stunning panoramic views', feature: 'great view' }] },
  },
  {
    id: 'q39',
    text: 'split level house with a daylight basement in Bothell',
    filters: { type: [House], city: 'Bothell' },
    intent: { soft: [{ says: 'daylight basement', feature: 'basement' }] },
  },
  {
    id: 'q40',
    text: 'one level living with 3 bathrooms in Renton, built after 1990',
    filters: { bathsMin: 3, city: 'Renton' },
    intent: { soft: [{ says: 'one level living', feature: 'single-level' }, { says: 'built after 1990', yearBuilt: { min: 1991 } }] },
  },
  {
    id: 'q41',
    text: 'renovated house in the Central District under 700k',
    filters: { type: [House], area: 'Central District', priceMax: 700_000 },
    intent: { soft: [{ says: 'renovated', feature: 'renovated' }] },
  },
  {
    id: 'q42',
    text: 'investor special in south King County under 250k',
    filters: { priceMax: 250_000 },
    intent: {
      soft: [
        { says: 'investor special', feature: 'fixer-upper' },
        { says: 'south King County', cityIn: ['Auburn', 'Kent', 'Federal Way', 'Des Moines', 'Burien', 'Tukwila', 'SeaTac', 'Covington', 'Renton', 'Maple Valley', 'Black Diamond', 'Enumclaw'] },
      ],
    },
  },
  {
    id: 'q43',
    // Adjusted from "5 bdrm 3 bath" (one relevant unit).
    text: '4 bdrm 2 bath house in Kent with a big yard, under 600k',
    filters: { type: [House], bedsMin: 4, bathsMin: 2, city: 'Kent', priceMax: 600_000 },
    intent: { soft: [{ says: 'big yard', feature: 'large lot' }] },
  },
  {
    id: 'q44',
    // Adjusted from Redmond (two relevant units).
    text: 'starter townhome in Issaquah with two bedrooms',
    filters: { type: [Townhouse], bedsMin: 2, city: 'Issaquah' },
    intent: { soft: [{ says: 'starter', sizeSqft: { max: 1500 } }] },
  },
  {
    id: 'q45',
    // Adjusted from a condo: no available condo is luxury or has a great view.
    text: 'luxury townhouse with a great view in Seattle',
    filters: { type: [Townhouse], city: 'Seattle' },
    intent: { soft: [{ says: 'luxury', feature: 'luxury' }, { says: 'great view', feature: 'great view' }] },
  },
  {
    id: 'q46',
    text: 'newly built home in Snoqualmie Ridge under 700,000',
    filters: { area: 'Snoqualmie Ridge', priceMax: 700_000 },
    intent: { soft: [{ says: 'newly built', feature: 'new construction' }] },
  },
  {
    id: 'q47',
    text: 'old farmhouse on acreage in Carnation',
    filters: { city: 'Carnation' },
    intent: { soft: [{ says: 'old farmhouse', yearBuilt: { max: 1950 } }, { says: 'on acreage', lotSqft: { min: ACRE } }] },
  },
  {
    id: 'q48',
    text: 'remodeled rambler w/ basement in Lake Forest Park',
    filters: { area: 'North City/Lake Forest Park' },
    intent: { soft: [{ says: 'remodeled', feature: 'renovated' }, { says: 'rambler', feature: 'single-level' }, { says: 'w/ basement', feature: 'basement' }] },
  },
  {
    id: 'q49',
    // Adjusted from six bedrooms (two relevant units).
    text: 'big five bedroom house for a large family in Federal Way',
    filters: { type: [House], bedsMin: 5, city: 'Federal Way' },
    intent: { soft: [{ says: 'big house for a large family', sizeSqft: { min: 3000 } }] },
  },
  {
    id: 'q50',
    // Adjusted from Kirkland, which has no available condo.
    text: 'view condo in Seattle, turnkey',
    filters: { type: [Condo], city: 'Seattle' },
    intent: { soft: [{ says: 'view', feature: 'view' }, { says: 'turnkey', anyFeature: MOVE_IN_READY }] },
  },
  {
    id: 'q51',
    text: 'brand-new 3 bed townhouse with 2.5 baths in Ballard',
    filters: { type: [Townhouse], bedsMin: 3, bathsMin: 2.5, area: 'Ballard' },
    intent: { soft: [{ says: 'brand-new', feature: 'new construction' }] },
  },
  {
    id: 'q52',
    text: 'single family home in Magnolia under $1M with a great view',
    filters: { type: [House], area: 'Magnolia', priceMax: 1_000_000 },
    intent: { soft: [{ says: 'great view', feature: 'great view' }] },
  },
  {
    id: 'q53',
    text: 'for sale: newer home with a big yard in Covington, 3+ beds',
    filters: { purpose: UnitPurpose.Sale, bedsMin: 3, city: 'Covington' },
    intent: { soft: [{ says: 'newer', yearBuilt: { min: 2000 } }, { says: 'big yard', feature: 'large lot' }] },
  },
  {
    id: 'q54',
    text: 'peaceful home on a private lot with a territorial view in Issaquah, excellent shape',
    filters: { city: 'Issaquah' },
    intent: {
      soft: [
        { says: 'private lot', feature: 'large lot' },
        { says: 'territorial view', feature: 'view' },
        { says: 'excellent shape', feature: 'excellent condition' },
      ],
    },
  },
];
