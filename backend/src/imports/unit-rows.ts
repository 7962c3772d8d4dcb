import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { CreateUnitDto } from '../inventory/inventory.dto';
import { UnitPurpose, UnitStatus, UnitType } from '../inventory/unit.enums';

/** What a listings import's columns can be mapped to, with the words shown in the mapping step. */
export const UNIT_FIELDS = {
  ref: 'Listing reference',
  title: 'Title',
  street: 'Address (number and street)',
  city: 'City',
  area: 'Area or neighbourhood',
  zip: 'ZIP / postcode',
  price: 'Price (monthly rent for rentals)',
  purpose: 'For sale or rent',
  bedrooms: 'Bedrooms',
  bathrooms: 'Bathrooms',
  type: 'Kind of home',
  status: 'Status',
  sqft: 'Size (sq ft)',
  description: 'Description',
  features: 'Features (separated by ; or ,)',
} as const;
export type UnitField = keyof typeof UNIT_FIELDS;
export const UNIT_REQUIRED: UnitField[] = ['ref', 'title', 'city', 'price', 'bedrooms', 'bathrooms', 'type'];

/** Header words that suggest each field (lower case, without spaces, dashes or underscores). */
export const UNIT_SYNONYMS: Record<UnitField, string[]> = {
  ref: ['ref', 'reference', 'listingref', 'listingid', 'mls', 'mlsnumber', 'id'],
  title: ['title', 'headline', 'name', 'listingtitle'],
  street: ['street', 'address', 'streetaddress', 'address1'],
  city: ['city', 'town'],
  area: ['area', 'neighborhood', 'neighbourhood', 'district'],
  zip: ['zip', 'zipcode', 'postcode', 'postalcode'],
  price: ['price', 'askingprice', 'listprice', 'rent'],
  purpose: ['purpose', 'forsaleorrent', 'saleorrent', 'listingtype', 'transaction'],
  bedrooms: ['bedrooms', 'beds', 'bed', 'br'],
  bathrooms: ['bathrooms', 'baths', 'bath', 'ba'],
  type: ['type', 'propertytype', 'kind', 'hometype'],
  status: ['status', 'availability'],
  sqft: ['sqft', 'size', 'sizesqft', 'squarefeet', 'area(sqft)', 'livingarea'],
  description: ['description', 'details', 'remarks'],
  features: ['features', 'amenities'],
};

const TYPE_WORDS: Record<string, UnitType> = { house: UnitType.House, detached: UnitType.House, singlefamily: UnitType.House, townhouse: UnitType.Townhouse, townhome: UnitType.Townhouse, condo: UnitType.Condo, condominium: UnitType.Condo, apartment: UnitType.Apartment, flat: UnitType.Apartment, apt: UnitType.Apartment, land: UnitType.Land, lot: UnitType.Land, plot: UnitType.Land };
const STATUS_WORDS: Record<string, UnitStatus> = { available: UnitStatus.Available, active: UnitStatus.Available, forsale: UnitStatus.Available, underoffer: UnitStatus.UnderOffer, pending: UnitStatus.UnderOffer, sold: UnitStatus.Sold, rented: UnitStatus.Rented, let: UnitStatus.Rented, offmarket: UnitStatus.OffMarket, withdrawn: UnitStatus.OffMarket };
const PURPOSE_WORDS: Record<string, UnitPurpose> = { sale: UnitPurpose.Sale, forsale: UnitPurpose.Sale, sell: UnitPurpose.Sale, buy: UnitPurpose.Sale, rent: UnitPurpose.Rent, forrent: UnitPurpose.Rent, rental: UnitPurpose.Rent, let: UnitPurpose.Rent, tolet: UnitPurpose.Rent };

const word = (s: string) => s.toLowerCase().replace(/[\s_\-.]/g, '');
/** "$450,000", "450000", "1,250" → a number; anything else (letters, "450k") is not read. */
const amount = (s: string) => (/^[$€£]?\s*\d[\d,]*(\.\d+)?$/.test(s) ? Number(s.replace(/[^\d.]/g, '')) : NaN);

const WORDS: Record<string, string> = { ref: 'reference', title: 'title', street: 'address', city: 'city', area: 'area', zip: 'ZIP', price: 'price', purpose: 'sale or rent', bedrooms: 'bedrooms', bathrooms: 'bathrooms', type: 'kind of home', status: 'status', sizeSqft: 'size', description: 'description', features: 'features' };

/** The first thing wrong with a row, in a broker's words (the API's own validation rules). */
function firstProblem(errors: ValidationError[]): string {
  const e = errors[0];
  const what = WORDS[e.property] ?? e.property;
  return `The ${what} "${String(e.value ?? '')}" is not accepted`;
}

export type UnitRead = { ok: true; unit: CreateUnitDto } | { ok: false; reason: string };

/**
 * One listing row read into what `POST /api/inventory` takes and validated by the same rules
 * (class-validator on CreateUnitDto, unknown fields refused). Kinds, statuses and sale/rent are
 * read from the words spreadsheets use ("Flat", "Pending", "To let").
 */
export async function readUnitRow(get: (f: UnitField) => string): Promise<UnitRead> {
  for (const f of UNIT_REQUIRED) if (!get(f)) return { ok: false, reason: `No ${WORDS[f] ?? f}` };
  const plain: Record<string, unknown> = { ref: get('ref'), title: get('title'), city: get('city') };
  const type = TYPE_WORDS[word(get('type'))];
  if (!type) return { ok: false, reason: `"${get('type')}" is not a kind of home we list (house, townhouse, condo, apartment, land)` };
  plain.type = type;
  const purpose = get('purpose') ? PURPOSE_WORDS[word(get('purpose'))] : UnitPurpose.Sale;
  if (!purpose) return { ok: false, reason: `"${get('purpose')}" is neither sale nor rent` };
  plain.purpose = purpose;
  if (get('status')) {
    const status = STATUS_WORDS[word(get('status'))];
    if (!status) return { ok: false, reason: `"${get('status')}" is not a status (available, under offer, sold, rented, off market)` };
    plain.status = status;
  }
  for (const [f, key] of [['price', 'price'], ['bedrooms', 'bedrooms'], ['bathrooms', 'bathrooms'], ['sqft', 'sizeSqft']] as const) {
    if (!get(f)) continue;
    const n = amount(get(f));
    if (Number.isNaN(n)) return { ok: false, reason: `The ${WORDS[key]} "${get(f)}" is not a number` };
    plain[key] = n;
  }
  for (const f of ['street', 'area', 'zip', 'description'] as const) if (get(f)) plain[f] = get(f);
  if (get('features')) plain.features = get('features').split(/[;,]/).map((s) => s.trim()).filter(Boolean);
  const unit = plainToInstance(CreateUnitDto, plain);
  const errors = await validate(unit, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length ? { ok: false, reason: firstProblem(errors) } : { ok: true, unit };
}
