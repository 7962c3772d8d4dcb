import { COMMON_WORDS } from './common-words';

/**
 * Typo correction for the words the readers look for, and only those: "bedroms" → "bedrooms",
 * "apartmnet" → "apartment", "pre-aproved" → "pre-approved". A word is corrected when it is at
 * most one edit (Damerau: insert, delete, substitute or swap two neighbours) from a vocabulary
 * word, or two edits when that word has 8+ letters. Words of 3 letters or fewer, everyday words
 * ("horse", "least", "please") and place names are never touched: a wrong correction invents a fact.
 */
const VOCABULARY = `
bedroom bedrooms bathroom bathrooms apartment apartments townhouse townhouses townhome townhomes condo condos condominium
condominiums house houses studio furnished unfurnished furniture garage garages laundry budget mortgage approved preapproved
prequalified approval buying purchase purchasing purchased renting rental rentals parking balcony balconies fireplace elevator
basement waterfront conditioning construction walkable commission unsubscribe neighborhood neighbourhood tomorrow monday
tuesday wednesday thursday friday saturday sunday january february april june july august september october november
december afternoon evening morning million thousand interested available viewing property properties financing immediately
months weeks schools transit garden swimming backyard detached family single townhouse beachfront lakefront oceanfront
apartment pets allowed friendly dishwasher washer dryer location downtown deposit lease leasing contract lawyer attorney
eviction appointment schedule weekend possible tonight single bedrooms square school
`;

const WORDS: readonly string[] = [...new Set(VOCABULARY.split(/\s+/).filter((w) => w.length >= 5))];
const VOCAB_SET: ReadonlySet<string> = new Set(WORDS);
const BY_LENGTH = new Map<number, string[]>();
for (const w of WORDS) {
  const list = BY_LENGTH.get(w.length) ?? [];
  list.push(w);
  BY_LENGTH.set(w.length, list);
}

/** Edits allowed for a vocabulary word: one, or two for words of 8+ letters. */
const allowed = (target: string) => (target.length >= 8 ? 2 : 1);

/** Optimal-string-alignment Damerau-Levenshtein distance, giving up (returning max + 1) past `max`. */
export function damerauLevenshtein(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

const cache = new Map<string, string | null>();
const CACHE_LIMIT = 5000;

/**
 * The vocabulary word `word` (lower case letters) is a typo of, or null when it is a word of its
 * own, too short, or close to none (or to two equally close ones).
 */
export function correctWord(word: string): string | null {
  if (word.length <= 3 || VOCAB_SET.has(word) || COMMON_WORDS.has(word)) return null;
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  let best: string | null = null;
  let bestDistance = Infinity;
  let tie = false;
  for (let len = word.length - 2; len <= word.length + 2; len++) {
    for (const target of BY_LENGTH.get(len) ?? []) {
      const max = allowed(target);
      if (Math.abs(len - word.length) > max) continue;
      // Typos rarely hit the first letter and the others both; checking it first keeps this fast.
      if (target[0] !== word[0] && target[1] !== word[1]) continue;
      const d = damerauLevenshtein(word, target, max);
      if (d > max || d > bestDistance) continue;
      if (d === bestDistance && best !== null && !sameStem(best, target)) tie = true;
      else if (d < bestDistance) tie = false;
      if (d < bestDistance || best === null) {
        best = target;
        bestDistance = d;
      }
    }
  }
  const result = tie || word.length < 4 ? null : best;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, result);
  return result;
}

/** Words that name the same thing: a typo close to two of them ("townhose") is no ambiguity. */
const SAME_MEANING: ReadonlyArray<ReadonlySet<string>> = [new Set(['townhouse', 'townhouses', 'townhome', 'townhomes']), new Set(['condo', 'condos', 'condominium', 'condominiums'])];

/** "bedroom" and "bedrooms" both being close is no ambiguity. */
function sameStem(a: string, b: string): boolean {
  return a === b || a + 's' === b || b + 's' === a || SAME_MEANING.some((g) => g.has(a) && g.has(b));
}

/** Whether `word` is one the readers look for, spelt right. */
export function isVocabularyWord(word: string): boolean {
  return VOCAB_SET.has(word);
}
