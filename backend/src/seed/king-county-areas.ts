/**
 * King County (WA) zip code → city and area, for the demo listings in data/listings/kc_house_data.csv.
 *
 * Hand-made and approximate. The CSV has only a zip code per sale, no place names, so this table was
 * written from general knowledge of the region and checked only against the mean lat/long of each
 * zip's rows in the CSV. Zip codes do not follow city or neighbourhood lines:
 *  - `city` is the municipality that holds most of the zip's sales in the file, not the USPS mailing
 *    name. For example 98155 mails as "Seattle" but is Shoreline and Lake Forest Park. Where a zip is
 *    split roughly evenly (98133, 98177: Seattle vs Shoreline) or is mostly unincorporated (98178
 *    Skyway, 98146 White Center), the choice is a judgement call and the area names both.
 *  - `area` is a well-known neighbourhood or district name, with several joined by '/' when the zip
 *    spans them. It is null for small cities and towns where the city name says it all.
 * Don't use this for anything that needs real boundaries (tax, school districts, legal descriptions).
 */

export interface KingCountyArea {
  city: string;
  area: string | null;
}

export const KING_COUNTY_AREAS: Readonly<Record<string, KingCountyArea>> = {
  // Seattle
  '98102': { city: 'Seattle', area: 'Eastlake/North Capitol Hill' },
  '98103': { city: 'Seattle', area: 'Wallingford/Fremont' },
  '98105': { city: 'Seattle', area: 'University District' },
  '98106': { city: 'Seattle', area: 'Delridge/Highland Park' },
  '98107': { city: 'Seattle', area: 'Ballard/Fremont' },
  '98108': { city: 'Seattle', area: 'Beacon Hill/Georgetown' },
  '98109': { city: 'Seattle', area: 'Queen Anne/South Lake Union' },
  '98112': { city: 'Seattle', area: 'Capitol Hill/Madison Park' },
  '98115': { city: 'Seattle', area: 'Wedgwood/Ravenna' },
  '98116': { city: 'Seattle', area: 'West Seattle (Alki)' },
  '98117': { city: 'Seattle', area: 'Ballard' },
  '98118': { city: 'Seattle', area: 'Columbia City/Rainier Valley' },
  '98119': { city: 'Seattle', area: 'Queen Anne' },
  '98122': { city: 'Seattle', area: 'Central District' },
  '98125': { city: 'Seattle', area: 'Lake City/Northgate' },
  '98126': { city: 'Seattle', area: 'West Seattle (High Point)' },
  '98133': { city: 'Seattle', area: 'Bitter Lake/Haller Lake' },
  '98136': { city: 'Seattle', area: 'West Seattle (Fauntleroy)' },
  '98144': { city: 'Seattle', area: 'Mount Baker/Leschi' },
  '98177': { city: 'Seattle', area: 'Broadview/Richmond Beach' },
  '98178': { city: 'Seattle', area: 'Rainier Beach/Skyway' },
  '98199': { city: 'Seattle', area: 'Magnolia' },

  // South Seattle suburbs
  '98146': { city: 'Burien', area: 'White Center' },
  '98148': { city: 'Burien', area: 'Burien/SeaTac' },
  '98166': { city: 'Burien', area: 'Seahurst/Normandy Park' },
  '98168': { city: 'Tukwila', area: 'Tukwila/Boulevard Park' },
  '98188': { city: 'SeaTac', area: 'McMicken Heights/Tukwila' },
  '98198': { city: 'Des Moines', area: 'Des Moines/Angle Lake' },

  // North of Seattle
  '98155': { city: 'Shoreline', area: 'North City/Lake Forest Park' },
  '98028': { city: 'Kenmore', area: null },
  '98011': { city: 'Bothell', area: null },
  '98072': { city: 'Woodinville', area: null },
  '98077': { city: 'Woodinville', area: 'Cottage Lake' },

  // Eastside
  '98004': { city: 'Bellevue', area: 'West Bellevue/Clyde Hill' },
  '98005': { city: 'Bellevue', area: 'Wilburton/Bridle Trails' },
  '98006': { city: 'Bellevue', area: 'Somerset/Newport Hills' },
  '98007': { city: 'Bellevue', area: 'Crossroads' },
  '98008': { city: 'Bellevue', area: 'Lake Hills' },
  '98033': { city: 'Kirkland', area: 'Downtown Kirkland/Houghton' },
  '98034': { city: 'Kirkland', area: 'Juanita/Totem Lake' },
  '98039': { city: 'Medina', area: null },
  '98040': { city: 'Mercer Island', area: null },
  '98052': { city: 'Redmond', area: 'Education Hill/Overlake' },
  '98053': { city: 'Redmond', area: 'Union Hill/Redmond Ridge' },
  '98074': { city: 'Sammamish', area: 'Sammamish Plateau' },
  '98075': { city: 'Sammamish', area: 'Pine Lake' },
  '98027': { city: 'Issaquah', area: 'Squak Mountain' },
  '98029': { city: 'Issaquah', area: 'Issaquah Highlands/Klahanie' },

  // Renton and Kent
  '98055': { city: 'Renton', area: 'Talbot Hill/Benson Hill' },
  '98056': { city: 'Renton', area: 'Renton Highlands/Kennydale' },
  '98058': { city: 'Renton', area: 'Fairwood' },
  '98059': { city: 'Renton', area: 'East Renton Highlands' },
  '98030': { city: 'Kent', area: 'East Hill' },
  '98031': { city: 'Kent', area: 'Panther Lake' },
  '98032': { city: 'Kent', area: 'Kent Valley' },
  '98042': { city: 'Covington', area: null },

  // South King County
  '98001': { city: 'Auburn', area: 'West Hill' },
  '98002': { city: 'Auburn', area: 'Downtown Auburn' },
  '98092': { city: 'Auburn', area: 'Lea Hill/Lakeland Hills' },
  '98003': { city: 'Federal Way', area: 'Central Federal Way' },
  '98023': { city: 'Federal Way', area: 'Twin Lakes/Dash Point' },
  '98010': { city: 'Black Diamond', area: null },
  '98022': { city: 'Enumclaw', area: null },
  '98038': { city: 'Maple Valley', area: null },

  // Snoqualmie Valley and the foothills
  '98014': { city: 'Carnation', area: null },
  '98019': { city: 'Duvall', area: null },
  '98024': { city: 'Fall City', area: null },
  '98045': { city: 'North Bend', area: null },
  '98065': { city: 'Snoqualmie', area: 'Snoqualmie Ridge' },

  // Islands
  '98070': { city: 'Vashon', area: null },
};

/** Looks a zip up; null for zips outside the table so callers decide how to fall back. */
export function kingCountyArea(zip: string): KingCountyArea | null {
  return Object.prototype.hasOwnProperty.call(KING_COUNTY_AREAS, zip) ? KING_COUNTY_AREAS[zip] : null;
}

/** Cities in the table, for lead preferences and filters; sorted so output is stable. */
export const KING_COUNTY_CITIES: readonly string[] = [...new Set(Object.values(KING_COUNTY_AREAS).map((a) => a.city))].sort();

/**
 * Single neighbourhood names people type into a search ("Ballard", "Capitol Hill"), split out of the
 * table's combined area names. Parenthesised West Seattle areas are kept whole, since "Alki" alone
 * is less recognisable than "West Seattle (Alki)". Names that are also cities ("Burien" in
 * "Burien/SeaTac") are left out so a neighbourhood list never doubles as a city list.
 */
export const KING_COUNTY_NEIGHBOURHOODS: readonly string[] = [
  ...new Set(
    Object.values(KING_COUNTY_AREAS).flatMap((a) => (a.area === null ? [] : a.area.split('/').map((s) => s.trim()))),
  ),
]
  .filter((name) => !KING_COUNTY_CITIES.includes(name))
  .sort();
