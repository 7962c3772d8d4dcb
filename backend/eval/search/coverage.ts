/**
 * Lexicon coverage of a query: the share of its CONTENT words that the search's lexicon knows.
 *
 * Content words (fixed before the lexicon was looked at): the query lower-cased, split on anything
 * that is not a letter or an apostrophe (so "move-in" is "move" + "in", "2,000" is dropped), with
 * possessive 's removed; minus words with a digit; minus the STOPWORDS below (function words and
 * the filler a buyer wraps a wish in). Place names, type words and room words are content words:
 * they count for the whole-query figure; the wish figure uses only the words of the soft needs
 * (`says`), which is what the judge grades.
 */
export const STOPWORDS = new Set(
  (
    'a an the and or but of in on at to from for with without by near into onto over under up down out off as is are be been ' +
    'it its this that these those there here my our your me we i you he she they them his her their some any all lots ' +
    'very so too just only also not no please want need needs looking look like would could should can will must ' +
    'has have had do does did get find place home house homes houses property one two'
  ).split(/\s+/),
);

export function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .split(/[^a-z0-9']+/)
    .map((w) => w.replace(/^'+|'+$/g, '').replace(/'s$/, ''))
    .filter((w) => w.length > 0 && !/\d/.test(w) && !STOPWORDS.has(w));
}
