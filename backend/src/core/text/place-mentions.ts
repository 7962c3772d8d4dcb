/**
 * A listing's own words without the name of its own place. "3-bed house in North City/Lake Forest
 * Park" and "Set on a lot in Tukwila/Boulevard Park" name where the home is, not a park nearby: search
 * keeps a unit's place apart (a filter, or the place part of its full-text document), so a wish word
 * ("park", "lake", "view") is compared with what the listing says about the home only. The full-text
 * document does the same in SQL (migration UnitDocumentPlaceWeight).
 */
export function withoutPlaceMentions(text: string, place: { area: string | null; city: string }): string {
  const area = place.area ?? '';
  // The whole area first, then each part of a combined one ("Capitol Hill/Madison Park"), then the city.
  const names = [area, ...area.split('/'), place.city].map((n) => n.trim()).filter(Boolean).sort((a, b) => b.length - a.length);
  if (!names.length) return text;
  const alternatives = names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu'), ' ');
}
