/** Where a known place name goes in the search filters: a city, an area (as stored) or a zip. */
export interface KnownPlace {
  field: 'city' | 'area' | 'zip';
  value: string;
}

/**
 * The names a unit can be found by: its city, its area, each part of a combined area name
 * ("Capitol Hill/Madison Park" answers to "Capitol Hill" and to "Madison Park"), and its zip.
 * Lower-cased; compare with lower-cased wishes.
 */
export function placeKeys(u: { city: string; area: string | null; zip: string | null }): string[] {
  const keys = [u.city.toLowerCase()];
  if (u.area) {
    const area = u.area.toLowerCase();
    keys.push(area, ...area.split('/').map((p) => p.trim()).filter(Boolean));
  }
  if (u.zip) keys.push(u.zip);
  return [...new Set(keys)];
}

/** The same test in SQL, for a units row aliased as given; `$param` holds lower-cased wishes. */
export const placeMatchSql = (param: string, alias = '') =>
  `(lower(${alias}city) = ANY(${param}) OR lower(${alias}area) = ANY(${param}) OR ${alias}zip = ANY(${param})
    OR EXISTS (SELECT 1 FROM unnest(string_to_array(lower(${alias}area), '/')) AS part WHERE btrim(part) = ANY(${param})))`;
