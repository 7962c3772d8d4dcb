// talisman ships no type declarations; these cover the two functions the duplicate detector uses.
declare module 'talisman/metrics/jaro-winkler' {
  /** Jaro-Winkler similarity, 0 (nothing alike) to 1 (equal). */
  export default function jaroWinkler(a: string, b: string): number;
}

declare module 'talisman/phonetics/double-metaphone' {
  /** [primary, secondary] Double Metaphone codes of one word. */
  export default function doubleMetaphone(word: string): [string, string];
}
