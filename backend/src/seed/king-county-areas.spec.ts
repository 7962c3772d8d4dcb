import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KING_COUNTY_AREAS, KING_COUNTY_CITIES, KING_COUNTY_NEIGHBOURHOODS, kingCountyArea } from './king-county-areas';
import { LISTINGS_CSV_RELATIVE_PATH, parseCsv } from './listings';

const REPO_ROOT = join(__dirname, '..', '..', '..');

describe('King County area table', () => {
  const table = parseCsv(readFileSync(join(REPO_ROOT, LISTINGS_CSV_RELATIVE_PATH), 'utf8'));
  const zipColumn = table[0].indexOf('zipcode');
  const csvZips = [...new Set(table.slice(1).map((row) => row[zipColumn]))].sort();

  it('covers every zip code in the listings CSV', () => {
    expect(csvZips.length).toBe(70);
    expect(csvZips.filter((zip) => kingCountyArea(zip) === null)).toEqual([]);
  });

  it('holds only King County 98xxx zips, each with a city and a non-empty area or null', () => {
    for (const [zip, place] of Object.entries(KING_COUNTY_AREAS)) {
      expect(zip).toMatch(/^98\d{3}$/);
      expect(place.city.trim()).not.toBe('');
      if (place.area !== null) expect(place.area.trim()).not.toBe('');
    }
  });

  it('maps the well-known Seattle zips to their neighbourhoods', () => {
    expect(kingCountyArea('98117')).toEqual({ city: 'Seattle', area: 'Ballard' });
    expect(kingCountyArea('98103')?.area).toContain('Wallingford');
    expect(kingCountyArea('98199')).toEqual({ city: 'Seattle', area: 'Magnolia' });
    expect(kingCountyArea('98136')?.area).toBe('West Seattle (Fauntleroy)');
    expect(kingCountyArea('98004')?.city).toBe('Bellevue');
    expect(kingCountyArea('98040')).toEqual({ city: 'Mercer Island', area: null });
  });

  it('returns null for unknown zips, including inherited object keys', () => {
    expect(kingCountyArea('10001')).toBeNull();
    expect(kingCountyArea('toString')).toBeNull();
  });

  it('lists cities and neighbourhoods without duplicates or overlap', () => {
    expect(new Set(KING_COUNTY_CITIES).size).toBe(KING_COUNTY_CITIES.length);
    expect(KING_COUNTY_CITIES).toEqual(expect.arrayContaining(['Seattle', 'Bellevue', 'Kent', 'Renton', 'Redmond', 'Kirkland', 'Federal Way', 'Auburn', 'Issaquah', 'Sammamish', 'Mercer Island', 'Vashon']));
    expect(KING_COUNTY_NEIGHBOURHOODS).toEqual(expect.arrayContaining(['Ballard', 'Capitol Hill', 'Fremont', 'Magnolia']));
    expect(KING_COUNTY_NEIGHBOURHOODS.filter((n) => KING_COUNTY_CITIES.includes(n))).toEqual([]);
  });
});
