/**
 * Demo listings from data/listings/kc_house_data.csv (21,613 King County home sales, May 2014 – May 2015,
 * CC0; see data/listings/NOTICE.md).
 *
 * The file has numbers only: price, rooms, sizes, floors, waterfront, view, condition, grade, years,
 * zip, lat/long. Everything else on a unit is DERIVED from the row's own fields by the rules below, so
 * the demo inventory looks like a brokerage's without claiming facts the data doesn't hold. Values are
 * not cleaned: the row with 33 bedrooms (a known typo in the source) stays as it is.
 *
 *  ref       `KC-<id>-<yyyymmdd of the sale date>`. Parcel ids repeat when a house was resold within
 *            the year (176 ids), so the id alone isn't unique; id + date is (a numeric suffix is added
 *            if it ever isn't).
 *  purpose   'sale' for every row: these are sales.
 *  price     the sale price in whole USD (the file writes some as 1.225e+006).
 *  area/city from the zip via the hand-made table in king-county-areas.ts. A zip missing from the table
 *            gets city 'King County' and no area rather than failing the whole import.
 *  type      The data has no property type (it is residential sales). Rule, first match wins:
 *             - condo: the lot is smaller than the living area (so the land must be shared or the
 *               home stacked) and the home is either under two floors or at most 1,400 sq ft;
 *             - townhouse: two floors or more on a lot under 1.5 × the living area (the Seattle
 *               "unit lot" townhomes: ~1,500 sq ft over 2–3 floors on a ~1,100 sq ft lot);
 *             - house: everything else.
 *            On this file that gives about 92% house, 6.5% townhouse, 1.5% condo.
 *  features  in this order, each only when its condition holds:
 *             'waterfront' (waterfront = 1), 'view' (view ≥ 1), 'great view' (view ≥ 3),
 *             'basement' (sqft_basement > 0), 'renovated' (yr_renovated > 0),
 *             'new construction' (yr_built ≥ 2010, i.e. at most ~5 years old when sold),
 *             'large lot' (sqft_lot ≥ 21,780, half an acre), 'single-level' (floors = 1),
 *             'luxury' (King County building grade ≥ 11: custom design and finishes),
 *             'excellent condition' (condition = 5), 'fixer-upper' (condition ≤ 2).
 *  title     "<n>-bed <type> in <area>, <city>" (or "in <city>" without an area; no bed count at 0).
 *  description three sentences (rooms and sizes; year built/renovated; condition, basement, view,
 *            waterfront), each from one of three fixed templates picked by hashing the ref, so the
 *            wording varies but is the same on every run. They state the row's own values and
 *            nothing else.
 *  status    made up so the inventory looks lived-in: every row hashes its ref (FNV-1a with a
 *            murmur3 finaliser) into 0..999 and is 'sold' below 100 (10%), 'under_offer' below 150
 *            (5%), else 'available'. On top of that, an earlier sale of a parcel that sells again
 *            later in the file is 'sold' (it was), which adds ~1%.
 */
import type { UnitEntity } from '../inventory/unit.entity';
import { UnitPurpose, UnitStatus, UnitType } from '../inventory/unit.enums';
import { kingCountyArea } from './king-county-areas';

/** Where the repo keeps its copy of the data, relative to the repo root. */
export const LISTINGS_CSV_RELATIVE_PATH = 'data/listings/kc_house_data.csv';

export type ListingSeed = Pick<
  UnitEntity,
  | 'ref'
  | 'title'
  | 'description'
  | 'type'
  | 'purpose'
  | 'price'
  | 'currency'
  | 'bedrooms'
  | 'bathrooms'
  | 'sizeSqft'
  | 'lotSqft'
  | 'yearBuilt'
  | 'area'
  | 'city'
  | 'zip'
  | 'lat'
  | 'lng'
  | 'features'
  | 'status'
>;

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes; CRLF or LF line ends.
 * Blank lines are skipped.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  forEachCsvRow(text, (fields) => {
    rows.push(fields);
  });
  return rows;
}

/** Hands each row to `onRow` as it is read, so callers that convert rows needn't keep them all. */
function forEachCsvRow(text: string, onRow: (fields: string[]) => void): void {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row: string[] = [];
  while (i < n) {
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      let out = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new Error(`CSV: unterminated quoted field starting at offset ${i}`);
        out += text.slice(from, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          out += '"';
          from = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      value = out;
      const next = i < n ? text.charCodeAt(i) : LF;
      if (next !== COMMA && next !== LF && next !== CR) throw new Error(`CSV: unexpected character after closing quote at offset ${i}`);
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        j++;
      }
      value = text.slice(i, j);
      i = j;
    }
    row.push(value);
    const c = i < n ? text.charCodeAt(i) : LF;
    if (c === COMMA) {
      i++;
      // A trailing comma means one more empty field before the line ends.
      if (i >= n) row.push('');
      continue;
    }
    if (c === CR && text.charCodeAt(i + 1) === LF) i++;
    i++;
    if (!(row.length === 1 && row[0] === '')) onRow(row);
    row = [];
    // Skip blank lines so a trailing newline doesn't yield an empty row.
    while (i < n && (text.charCodeAt(i) === LF || text.charCodeAt(i) === CR)) i++;
  }
}

const COLUMNS = [
  'id',
  'date',
  'price',
  'bedrooms',
  'bathrooms',
  'sqft_living',
  'sqft_lot',
  'floors',
  'waterfront',
  'view',
  'condition',
  'grade',
  'sqft_basement',
  'yr_built',
  'yr_renovated',
  'zipcode',
  'lat',
  'long',
] as const;
type Column = (typeof COLUMNS)[number];

interface KcRow {
  id: string;
  date: string; // yyyymmdd
  price: number;
  bedrooms: number;
  bathrooms: number;
  sqftLiving: number;
  sqftLot: number;
  floors: number;
  waterfront: boolean;
  view: number;
  condition: number;
  grade: number;
  sqftBasement: number;
  yrBuilt: number;
  yrRenovated: number;
  zip: string;
  lat: number;
  lng: number;
}

/** Parses kc_house_data.csv text into unit inserts, one per row, in file order. */
export function parseListingsCsv(text: string): ListingSeed[] {
  let index: Record<Column, number> | null = null;
  let rowNumber = 0;
  const listings: ListingSeed[] = [];
  const sales: Array<{ id: string; date: string }> = [];
  const seenRefs = new Set<string>();

  forEachCsvRow(text, (fields) => {
    rowNumber++;
    if (index === null) {
      index = columnIndex(fields);
      return;
    }
    const row = readRow(fields, index, rowNumber);
    let ref = `KC-${row.id}-${row.date}`;
    for (let k = 2; seenRefs.has(ref); k++) ref = `KC-${row.id}-${row.date}-${k}`;
    seenRefs.add(ref);
    listings.push(toListing(row, ref));
    sales.push({ id: row.id, date: row.date });
  });

  // A parcel sold again later in the file is known to have sold the earlier time.
  const lastSale = new Map<string, string>();
  for (const { id, date } of sales) {
    const prev = lastSale.get(id);
    if (prev === undefined || date > prev) lastSale.set(id, date);
  }
  sales.forEach(({ id, date }, i) => {
    if (lastSale.get(id) !== date) listings[i].status = UnitStatus.Sold;
  });
  return listings;
}

function columnIndex(header: string[]): Record<Column, number> {
  const names = header.map((h) => h.trim());
  const index = {} as Record<Column, number>;
  for (const col of COLUMNS) {
    const at = names.indexOf(col);
    if (at < 0) throw new Error(`listings CSV: missing column "${col}"`);
    index[col] = at;
  }
  return index;
}

/** `rowNumber` counts CSV records from 1 (the header), for error messages. */
function readRow(fields: string[], index: Record<Column, number>, rowNumber: number): KcRow {
  const text = (col: Column): string => {
    const v = fields[index[col]];
    if (v === undefined) throw new Error(`listings CSV row ${rowNumber}: missing value for "${col}"`);
    return v.trim();
  };
  const num = (col: Column): number => {
    const raw = text(col);
    const v = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(v)) throw new Error(`listings CSV row ${rowNumber}: "${col}" is not a number: "${raw}"`);
    return v;
  };
  const date = text('date');
  if (!/^\d{8}/.test(date)) throw new Error(`listings CSV row ${rowNumber}: bad date "${date}"`);
  return {
    id: text('id'),
    date: date.slice(0, 8),
    price: Math.round(num('price')),
    bedrooms: num('bedrooms'),
    bathrooms: num('bathrooms'),
    sqftLiving: num('sqft_living'),
    sqftLot: num('sqft_lot'),
    floors: num('floors'),
    waterfront: num('waterfront') === 1,
    view: num('view'),
    condition: num('condition'),
    grade: num('grade'),
    sqftBasement: num('sqft_basement'),
    yrBuilt: num('yr_built'),
    yrRenovated: num('yr_renovated'),
    zip: text('zipcode'),
    lat: num('lat'),
    lng: num('long'),
  };
}

function toListing(row: KcRow, ref: string): ListingSeed {
  const place = kingCountyArea(row.zip) ?? { city: 'King County', area: null };
  const type = unitType(row);
  const h = fnv1a(ref);
  return {
    ref,
    title: title(row, type, place.area, place.city),
    description: description(row, type, placeName(place.area, place.city), h),
    type,
    purpose: UnitPurpose.Sale,
    price: row.price,
    currency: 'USD',
    bedrooms: row.bedrooms,
    bathrooms: row.bathrooms,
    sizeSqft: row.sqftLiving,
    lotSqft: row.sqftLot,
    yearBuilt: row.yrBuilt,
    area: place.area,
    city: place.city,
    zip: row.zip,
    lat: row.lat,
    lng: row.lng,
    features: features(row),
    status: status(h),
  };
}

function unitType(row: KcRow): UnitType {
  if (row.sqftLot < row.sqftLiving && (row.floors < 2 || row.sqftLiving <= 1400)) return UnitType.Condo;
  if (row.floors >= 2 && row.sqftLot < 1.5 * row.sqftLiving) return UnitType.Townhouse;
  return UnitType.House;
}

const HALF_ACRE_SQFT = 21_780;
const ACRE_SQFT = 43_560;

function features(row: KcRow): string[] {
  const out: string[] = [];
  if (row.waterfront) out.push('waterfront');
  if (row.view >= 1) out.push('view');
  if (row.view >= 3) out.push('great view');
  if (row.sqftBasement > 0) out.push('basement');
  if (row.yrRenovated > 0) out.push('renovated');
  if (row.yrBuilt >= 2010) out.push('new construction');
  if (row.sqftLot >= HALF_ACRE_SQFT) out.push('large lot');
  if (row.floors === 1) out.push('single-level');
  if (row.grade >= 11) out.push('luxury');
  if (row.condition === 5) out.push('excellent condition');
  if (row.condition <= 2) out.push('fixer-upper');
  return out;
}

function status(h: number): UnitStatus {
  const bucket = h % 1000;
  if (bucket < 100) return UnitStatus.Sold;
  if (bucket < 150) return UnitStatus.UnderOffer;
  return UnitStatus.Available;
}

function placeName(area: string | null, city: string): string {
  return area === null ? city : `${area}, ${city}`;
}

function title(row: KcRow, type: UnitType, area: string | null, city: string): string {
  const what = row.bedrooms > 0 ? `${row.bedrooms}-bed ${type}` : capitalise(type);
  return `${what} in ${placeName(area, city)}`;
}

const CONDITION = ['needs major repairs', 'needs major repairs', 'needs some work', 'is in average condition', 'is in good condition', 'is in excellent condition'];
const VIEW = ['', 'a modest view', 'a good view', 'a very good view', 'an excellent view'];

function description(row: KcRow, type: UnitType, place: string, h: number): string {
  const sqft = `${fmtInt(row.sqftLiving)} sq ft`;
  const lot =
    row.sqftLot >= ACRE_SQFT / 4
      ? `${(row.sqftLot / ACRE_SQFT).toFixed(2)}-acre (${fmtInt(row.sqftLot)} sq ft) lot`
      : `${fmtInt(row.sqftLot)} sq ft lot`;
  const aLot = `${article(lot)} ${lot}`;
  const beds = row.bedrooms === 0 ? 'no listed bedrooms' : plural(row.bedrooms, 'bedroom');
  const baths = row.bathrooms === 0 ? 'no listed bathrooms' : plural(row.bathrooms, 'bathroom');

  let intro: string;
  switch (h % 3) {
    case 0:
      intro = `${capitalise(article(type))} ${type} with ${beds}, ${baths} and ${sqft} of living space on ${aLot} in ${place}.`;
      break;
    case 1:
      intro = `This ${sqft} ${type} in ${place} has ${beds} and ${baths}, on ${aLot}.`;
      break;
    default:
      intro = `Set on ${aLot} in ${place}, this ${type} offers ${beds}, ${baths} and ${sqft} of living space.`;
  }

  const v = (h >>> 8) % 3;
  let history: string;
  if (row.yrRenovated > 0) {
    history = [
      `Built in ${row.yrBuilt} and renovated in ${row.yrRenovated}.`,
      `Originally built in ${row.yrBuilt}, it was renovated in ${row.yrRenovated}.`,
      `It dates from ${row.yrBuilt}, with a renovation in ${row.yrRenovated}.`,
    ][v];
  } else if (row.yrBuilt >= 2010) {
    history = [`New construction, completed in ${row.yrBuilt}.`, `Built in ${row.yrBuilt}, it is nearly new.`, `A recent build from ${row.yrBuilt}.`][v];
  } else {
    history = [`Built in ${row.yrBuilt}.`, `It was built in ${row.yrBuilt}.`, `The home dates from ${row.yrBuilt}.`][v];
  }

  const clauses = [CONDITION[clampIndex(row.condition, CONDITION.length)]];
  if (row.sqftBasement > 0) {
    const basement = `${fmtInt(row.sqftBasement)} sq ft basement`;
    clauses.push(`has ${article(basement)} ${basement}`);
  };
  if (row.view >= 1) clauses.push(`enjoys ${VIEW[clampIndex(row.view, VIEW.length)]}`);
  if (row.waterfront) clauses.push('sits right on the waterfront');
  const subject = ['It', `The ${type}`, 'This property'][(h >>> 16) % 3];
  const detail = `${subject} ${joinClauses(clauses)}.`;

  // join gives one flat string; chained templates would keep a tree of fragments per listing.
  return [intro, history, detail].join(' ');
}

function joinClauses(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** 'a' or 'an' before a phrase that may start with a number: "an 800 sq ft", "an 11,000 sq ft". */
function article(phrase: string): 'a' | 'an' {
  const digits = /^[\d,]+/.exec(phrase)?.[0].replace(/,/g, '');
  if (digits === undefined) return /^[aeiou]/i.test(phrase) ? 'an' : 'a';
  if (digits.startsWith('8')) return 'an';
  // "eleven", "eighteen": 11 and 18 are read as one word in the tens, thousands, millions place.
  return digits.length % 3 === 2 && (digits.startsWith('11') || digits.startsWith('18')) ? 'an' : 'a';
}

function clampIndex(v: number, length: number): number {
  return Math.min(Math.max(Math.trunc(v), 0), length - 1);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** en-US thousands separators without Intl, so output doesn't depend on the runtime's ICU data. */
function fmtInt(n: number): string {
  const digits = String(Math.abs(Math.round(n)));
  let out = digits.length > 3 ? digits.slice(0, ((digits.length - 1) % 3) + 1) : digits;
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/**
 * FNV-1a, 32-bit, with a murmur3 finaliser: refs differ only in a few trailing digits, and plain
 * FNV leaves its low bits (which the status bucket and template picks use) poorly mixed.
 */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
