import { withoutPlaceMentions } from '../core/text/own-place';
import { stem } from '../core/text/stem';
/**
 * Fusing ranked lists and explaining hits. Pure functions: the search service feeds them the
 * lexical (full-text) and semantic (vector) candidate lists.
 */
export interface Ranked {
  id: string;
  /** The list's own score (ts_rank_cd, cosine similarity). */
  score: number;
}

export interface Fused {
  id: string;
  /** Sum over lists of 1 / (k + rank). */
  score: number;
  lexicalRank: number | null;
  semanticRank: number | null;
  semanticScore: number | null;
}

/** Reciprocal rank fusion (Cormack et al. 2009) with the usual k = 60. */
export function reciprocalRankFusion(lexical: Ranked[], semantic: Ranked[], k = 60): Fused[] {
  const byId = new Map<string, Fused>();
  const get = (id: string) => {
    let f = byId.get(id);
    if (!f) byId.set(id, (f = { id, score: 0, lexicalRank: null, semanticRank: null, semanticScore: null }));
    return f;
  };
  lexical.forEach((r, i) => {
    const f = get(r.id);
    f.lexicalRank = i + 1;
    f.score += 1 / (k + i + 1);
  });
  semantic.forEach((r, i) => {
    const f = get(r.id);
    f.semanticRank = i + 1;
    f.semanticScore = r.score;
    f.score += 1 / (k + i + 1);
  });
  return [...byId.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

// Words that say nothing about which unit fits: grammar, wanting, and the generic nouns and
// numbers every listing has (the filters carry budget and rooms).
const STOP = new Set(
  (
    'a an and the with for in on of to near at or is be we i me my our some any want wants looking need needs would like please ' +
    'room rooms home homes house houses place property properties buy buying sale rent renting budget under over around about max min ' +
    'bed beds bedroom bedrooms bdrm br bath baths bathroom bathrooms sqft sq ft square feet lot built'
  ).split(' '),
);
const NUMBERISH = /^\d+(\.\d+)?(k|m|mm|br|bd|ba|s)?$/;

/** Lower-case words, accents dropped. */
const words = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').match(/[a-z0-9]+/g) ?? [];

/** Lower-case word tokens of a query worth matching (2+ characters, no stop words), at most 20. */
export function queryTokens(q: string): string[] {
  return [...new Set(words(q).filter((w) => w.length >= 2 && !STOP.has(w) && !NUMBERISH.test(w)))].slice(0, 20);
}

/** A unit's words as its full-text document splits them: its own (title, description, features, type) and its place (area, city). */
export interface UnitWords {
  title: string;
  description: string;
  features: string[];
  type: string;
  area: string | null;
  city: string;
}

/**
 * Query words found in the unit (by stem), the way the search's tsquery finds them (`unitTsQuery`):
 * a place word may be found in the unit's place, any other word only in its own words; a title or
 * description naming its place ("3-bed house in Lake Forest Park") names the place, not a park.
 */
export function matchedTerms(tokens: string[], u: UnitWords, placeWords: ReadonlySet<string> = new Set()): string[] {
  if (!tokens.length) return [];
  const stems = (s: string) => new Set(words(s).map(stem));
  const place = stems(`${u.area ?? ''} ${u.city}`);
  const own = stems(`${withoutPlaceMentions(`${u.title} ${u.description}`, u)} ${u.features.join(' ')} ${u.type}`);
  return tokens.filter((t) => own.has(stem(t)) || (placeWords.has(t) && place.has(stem(t))));
}

/** A tsquery that ORs the tokens: any word may match, more words rank higher. */
export function orTsQuery(tokens: string[]): string | null {
  return tokens.length ? tokens.join(' | ') : null;
}

/**
 * The places a query names whole ("lake forest park", "ballard"), out of the place names the inventory
 * knows (lower-cased; zips are no words of the full-text document), longest first, each as its
 * words; and the query's other words. A word of a place name the query does not name in full ("park"
 * in "near a park") is no place.
 */
export function placesNamedIn(q: string, placeNames: Iterable<string>): { places: string[][]; rest: string } {
  let text = ` ${words(q).join(' ')} `;
  const places: string[][] = [];
  const names = [...placeNames].map(words).filter((w) => w.length && !w.every((x) => /^\d+$/.test(x)));
  for (const w of names.sort((x, y) => y.join(' ').length - x.join(' ').length)) {
    const phrase = ` ${w.join(' ')} `;
    if (!text.includes(phrase)) continue;
    places.push(w);
    text = text.split(phrase).join(' ');
  }
  return { places, rest: text.trim() };
}

/**
 * A tsquery for a unit's full-text document, where the unit's own words (title and description less
 * its place, features) carry weight A and its area and city weight D: a place the query names is
 * matched as a phrase anywhere; every other word ("park", "lake", "view") only in the unit's own words,
 * so a wish never matches a town whose name holds it. `|`: any may match (more rank higher); `&`: all
 * must. Words in `settled` (the city or area already filtered on) are left out.
 */
export function unitTsQuery(q: string, placeNames: Iterable<string>, op: '|' | '&' = '|', settled: ReadonlySet<string> = new Set()): string | null {
  const { places, rest } = placesNamedIn(q, placeNames);
  const parts = [
    ...places.filter((w) => !w.every((x) => settled.has(x))).map((w) => (w.length > 1 ? `(${w.join(' <-> ')})` : w[0])),
    ...queryTokens(rest).filter((t) => !settled.has(t)).map((t) => `${t}:A`),
  ];
  return parts.length ? parts.join(` ${op} `) : null;
}
