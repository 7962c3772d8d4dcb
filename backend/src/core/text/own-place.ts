/**
 * A listing's words and the name of its own place (not to be confused with reading the places a
 * lead names in a message: agent/local/place-mentions.ts). "3-bed house in North City/Lake Forest Park"
 * and "Set on a lot in Tukwila/Boulevard Park" say where the home is, not that a park is near:
 * search keeps a unit's place apart from what it says about the home, so a wish word ("park",
 * "lake", "view") is compared with the home's own words only, while a place named whole still
 * finds its homes. The full-text document does the same in SQL (migration UnitDocumentPlaceWeight).
 */

/** Names that stand for one place: whole, each part of a combined one, longest first. */
function namesOf(place: { area: string | null; city: string }): string[] {
  const area = place.area ?? '';
  return [area, ...area.split('/'), place.city].map((n) => n.trim()).filter(Boolean).sort((a, b) => b.length - a.length);
}

/** Mentions of any of the names, whole words, case-insensitive; spaces and "/" inside a name match any separator. */
function mentionsOf(names: string[]): RegExp | null {
  if (!names.length) return null;
  const alternatives = names.map((n) => n.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('[^\\p{L}\\p{N}]+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.filter(Boolean).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** The text without any mention of the unit's own place (for the unit's own words). */
export function withoutPlaceMentions(text: string, place: { area: string | null; city: string }): string {
  const re = mentionsOf(namesOf(place));
  return re ? text.replace(re, ' ') : text;
}
