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

/** Lower-case word tokens of a query worth matching (2+ characters, no stop words), at most 20. */
export function queryTokens(q: string): string[] {
  const words = q.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').match(/[a-z0-9]+/g) ?? [];
  return [...new Set(words.filter((w) => w.length >= 2 && !STOP.has(w) && !NUMBERISH.test(w)))].slice(0, 20);
}

/** Query words found in the unit's text (by stem). */
export function matchedTerms(tokens: string[], text: string): string[] {
  if (!tokens.length) return [];
  const words = new Set((text.toLowerCase().match(/[a-z0-9]+/g) ?? []).map(stem));
  return tokens.filter((t) => words.has(stem(t)));
}

/** A tsquery that ORs the tokens: any word may match, more words rank higher. */
export function orTsQuery(tokens: string[]): string | null {
  return tokens.length ? tokens.join(' | ') : null;
}
