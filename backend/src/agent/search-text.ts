import type { KnownPlace } from '../inventory/inventory.service';
import { UnitPurpose, UnitType } from '../inventory/unit.enums';
import { Purpose } from '../leads/lead.enums';
import { understand } from './local/understanding';

/** The filters read from what a person typed into inventory search, and the words left over. */
export interface SearchTextReading {
  purpose?: UnitPurpose;
  type?: UnitType[];
  priceMin?: number;
  priceMax?: number;
  bedsMin?: number;
  bathsMin?: number;
  city?: string;
  area?: string;
  zip?: string;
  /** Wishes about the home or its surroundings ("near a park", "garage"): ranked by words and meaning, never a place. */
  features: string[];
  /** What is left of the text once the filters above are taken out of it. */
  text: string;
}

/**
 * Reads typed search text ("3 bed house in Ballard under 900k") with the assistant's own
 * understanding of a lead's message, so search and the assistant read the same words the same
 * way (one rule, one place). Only places the inventory knows become a filter; a place named as a
 * park ("near a park") is a feature, not a town whose name holds the word.
 */
export function readSearchText(q: string, places: ReadonlyMap<string, KnownPlace>, now = new Date()): SearchTextReading {
  const read = understand(q, { now, timezone: 'UTC', knownPlaces: new Set(places.keys()) });
  const out: SearchTextReading = { features: [], text: q };
  const quotes: string[] = [];
  const taken = (quote: string | undefined) => quote && quotes.push(quote);
  const budget = read.budget?.value;
  // A monthly figure is a rent; search filters on the listed price either way.
  if (budget && (budget.max !== null || budget.min !== null)) {
    if (budget.max !== null) out.priceMax = Math.round(budget.max);
    if (budget.min !== null && budget.min !== budget.max) out.priceMin = Math.round(budget.min);
    if (budget.period === 'month') out.purpose = UnitPurpose.Rent;
    taken(read.budget?.quote);
  }
  // "for rent", "to buy": a buyer's purpose is a home for sale; a seller's own home is no filter.
  const purpose = read.purpose?.value === Purpose.Rent ? UnitPurpose.Rent : read.purpose?.value === Purpose.Buy ? UnitPurpose.Sale : undefined;
  if (purpose) {
    out.purpose = purpose;
    taken(read.purpose?.quote);
  }
  if (read.bedrooms) {
    out.bedsMin = read.bedrooms.value;
    taken(read.bedrooms.quote);
  }
  if (read.bathrooms) {
    out.bathsMin = read.bathrooms.value;
    taken(read.bathrooms.quote);
  }
  if (read.propertyTypes?.value.length) {
    out.type = read.propertyTypes.value;
    taken(read.propertyTypes.quote);
  }
  // One place per kind can be a filter; a place the inventory does not know stays as words.
  const placeQuotes: string[] = [];
  for (const name of read.locations?.value ?? []) {
    const place = places.get(name.toLowerCase());
    if (!place || out[place.field] !== undefined) continue;
    out[place.field] = place.value;
    placeQuotes.push(name);
  }
  // All places taken: their words as the person wrote them (a misspelling included) leave the text.
  if (read.locations && placeQuotes.length === read.locations.value.length) placeQuotes.splice(0, placeQuotes.length, read.locations.quote);
  if (read.mustHaves) out.features = read.mustHaves.value;
  out.text = withoutQuotes(q, [...quotes, ...placeQuotes]);
  return out;
}

/** The text without the words read into filters (and the "in", "under" left hanging around them). */
function withoutQuotes(q: string, quotes: string[]): string {
  let rest = q;
  for (const quote of quotes) {
    for (const part of quote.split(/\s*…\s*|\s*\.\.\.\s*/)) {
      if (!part.trim()) continue;
      const i = rest.toLowerCase().indexOf(part.toLowerCase());
      if (i >= 0) rest = `${rest.slice(0, i)} ${rest.slice(i + part.length)}`;
    }
  }
  return rest
    .replace(/\b(?:in|at|around|under|below|over|above|for|with|and|a|an)\s*$/i, '')
    .replace(/^\s*(?:in|at|around|with|and|for)\b/i, '')
    .replace(/\b(?:in|at|around|for|with)\s+(?=(?:in|at|around|for|with|and)\b|$)/gi, '')
    .replace(/\s+([,.;])/g, '$1')
    .replace(/[\s,;]+$/g, '')
    .replace(/^[\s,;]+/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
