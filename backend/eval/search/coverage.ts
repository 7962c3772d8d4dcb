/**
 * Lexicon coverage of a query: how much of what it says the search's hand-made lexicon knows.
 *
 * Content words (rule fixed in the commit that added the second query set, BEFORE the lexicon was
 * looked at): the query lower-cased, split on anything that is not a letter, digit or apostrophe
 * (so "move-in" is "move" + "in"), apostrophes and a possessive 's dropped; minus words with a digit
 * ("2,000", "3br": numbers are filters); minus the STOPWORDS below (function words and the filler a
 * buyer wraps a wish in). Place, type and room words are content words.
 *
 * "The lexicon" is the concept lexicon of the local embedder (backend/src/embedding/local-lexicon.ts,
 * CONCEPT_LEXICON): the only place in the search where buyer words are mapped to listing meanings.
 * (The lexical list is PostgreSQL English full text over the listing's own words: no synonyms.)
 * Measured after the queries were committed, two ways, on stems (core/text/stem, as the embedder):
 *  - word:   the content word occurs in some lexicon phrase ("elbow room": "room" is known from
 *            "lots of room", "elbow" is not), i.e. the lexicon has the word at all;
 *  - phrase: the content word lies inside a lexicon phrase that the query actually contains (longest
 *            phrase first, as the embedder matches; place-name guards such as "alki beach" count as
 *            no concept), i.e. the lexicon gives the query a concept from that word.
 * A third figure, listing vocabulary, is the share of content words that occur (by stem) in some
 * listing's title, description, area, city or features: what full-text matching could ever hit.
 */
import { stem } from '../../src/core/text/stem';
import { CONCEPT_GUARDS, CONCEPT_LEXICON } from '../../src/embedding/local-lexicon';

export const STOPWORDS = new Set(
  (
    'a an the and or but of in on at to from for with without by near into onto over under up down out off as is are be been ' +
    'it its this that these those there here my our your me we i you he she they them his her their some any all lots ' +
    'very so too just only also not no please want need needs looking look like would could should can will must ' +
    'has have had do does did get find place home house homes houses property one two'
  ).split(/\s+/),
);

/** The query's words in order (content words and the rest). */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .split(/[^a-z0-9']+/)
    .map((w) => w.replace(/^'+|'+$/g, '').replace(/'s$/, '').replace(/'/g, ''))
    .filter((w) => w.length > 0);
}

export const isContentWord = (w: string) => !/\d/.test(w) && !STOPWORDS.has(w);

export function contentWords(text: string): string[] {
  return words(text).filter(isContentWord);
}

interface Phrase {
  stems: string[];
  concept: boolean;
}

const PHRASES: Phrase[] = [
  ...CONCEPT_LEXICON.flatMap((e) => e.phrases.map((p) => ({ stems: words(p).map(stem), concept: true }))),
  ...CONCEPT_GUARDS.map((p) => ({ stems: words(p).map(stem), concept: false })),
].sort((a, b) => b.stems.length - a.stems.length);
const LEXICON_WORDS = new Set(PHRASES.filter((p) => p.concept).flatMap((p) => p.stems));

export interface Coverage {
  content: string[];
  /** Content words the lexicon has in some phrase. */
  knownWords: string[];
  /** Content words inside a concept phrase the query contains. */
  phraseWords: string[];
  /** Content words that some listing's own text contains. */
  listingWords: string[];
}

export function coverage(text: string, listingVocabulary: ReadonlySet<string>): Coverage {
  const ws = words(text);
  const stems = ws.map(stem);
  const inPhrase = new Array<boolean>(ws.length).fill(false);
  for (let i = 0; i < ws.length; ) {
    const hit = PHRASES.find((p) => p.stems.every((s, k) => stems[i + k] === s));
    if (!hit) {
      i++;
      continue;
    }
    if (hit.concept) for (let k = 0; k < hit.stems.length; k++) inPhrase[i + k] = true;
    i += hit.stems.length;
  }
  const idx = ws.map((_, i) => i).filter((i) => isContentWord(ws[i]));
  return {
    content: idx.map((i) => ws[i]),
    knownWords: idx.filter((i) => LEXICON_WORDS.has(stems[i])).map((i) => ws[i]),
    phraseWords: idx.filter((i) => inPhrase[i]).map((i) => ws[i]),
    listingWords: idx.filter((i) => listingVocabulary.has(stems[i])).map((i) => ws[i]),
  };
}

/** Stems of every word in the listings' own text (title, description, area, city, features). */
export function listingVocabulary(listings: Array<{ title: string; description: string; area: string | null; city: string; features: string[] }>): Set<string> {
  const out = new Set<string>();
  for (const l of listings) for (const w of words([l.title, l.description, l.area ?? '', l.city, ...l.features].join(' '))) out.add(stem(w));
  return out;
}
