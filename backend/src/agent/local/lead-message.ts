import { correctWord } from './fuzzy-words';
import { MappedText } from './mapped-text';
import { spellNumbersAsDigits } from './number-words';

/** Messages are cut here: nothing a lead types in one message needs more, and it bounds the work. */
export const MAX_MESSAGE = 2000;

/** One message prepared for the readers, in three layers that all quote back to the lead's words. */
export interface LeadMessage {
  /** The message as sent (cut at MAX_MESSAGE). */
  original: string;
  /** Lower case, plain quotes and dashes; contact details blanked out. */
  plain: MappedText;
  /** `plain` with typos of the vocabulary fixed ("bedroms" → "bedrooms"). */
  words: MappedText;
  /** `words` with number words as digits ("three" → "3"). */
  digits: MappedText;
  /** Whether the lead writes in capitals throughout, so capitals tell nothing about names. */
  shouting: boolean;
  knownPlaces: ReadonlySet<string>;
}

const EMAIL_RE = /(?<![a-z0-9.!#$%&'*+/=?^_`{|}~-])[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/g;
const URL_RE = /\b(?:https?:\/\/|www\.)\S+/g;
/** Phone-shaped: 7+ digits with the separators people type, optionally international. */
export const PHONE_RE = /(?<![\w$€£.,])(?:\+|00)?\(?\d[\d\s().-]{5,18}\d(?:\s*(?:ext|x)\.?\s*\d{1,5})?(?![\w%])/g;

/**
 * Misspellings of short everyday words the readers lean on ("i hav a cat", "dose it have a garage"):
 * too short for the edit-distance correction, which never touches words of three letters or fewer.
 */
const SHORT_MISSPELLINGS: Readonly<Record<string, string>> = { hav: 'have', hve: 'have', dose: 'does', wat: 'what', wht: 'what', wher: 'where' };

export function prepareMessage(text: string, knownPlaces: ReadonlySet<string> | undefined): LeadMessage {
  const original = text.slice(0, MAX_MESSAGE);
  const letters = original.replace(/[^A-Za-z]/g, '');
  const shouting = letters.length >= 4 && letters === letters.toUpperCase();
  const plain = MappedText.of(original)
    .rewrite(URL_RE, (m) => ' '.repeat(m[0].length))
    .rewrite(EMAIL_RE, (m) => ' '.repeat(m[0].length))
    .rewrite(PHONE_RE, (m) => (isPhoneShaped(m[0]) ? ' '.repeat(m[0].length) : null));
  const places = knownPlaces ?? new Set<string>();
  const words = plain.rewrite(/[a-z]+/g, (m) => {
    if (places.has(m[0])) return null;
    return SHORT_MISSPELLINGS[m[0]] ?? correctWord(m[0]);
  });
  return { original, plain, words, digits: spellNumbersAsDigits(words), shouting, knownPlaces: places };
}

/** Enough digits, grouped like a phone number rather than an amount ("800,000") or a range. */
export function isPhoneShaped(s: string): boolean {
  const digits = s.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  if (/^\d{1,3}(,\d{3})+$/.test(s.trim())) return false;
  if (/^\d+\s*-\s*\d+$/.test(s.trim()) && digits.length < 10) return false;
  return /[\s().-]/.test(s) ? digits.length >= 10 || /^\d{3}[\s.-]\d{4}$/.test(s.trim()) : digits.length >= 10;
}

const NEGATOR_BEFORE =
  /\b(?:no|not|don'?t|do not|doesn'?t|does not|didn'?t|never|without|w\/o|isn'?t|aren'?t|nor|except|avoid|avoiding|hate|neither|none|anything but|other than|rather not|won'?t|can'?t|haven'?t|hasn'?t|have\s+not|has\s+not)\b(?:\s+[^\s,;.!?]+){0,3}\s*$/;
const NEGATOR_AFTER =
  /^\s*(?:is|are)?\s*(?:not needed|not necessary|not required|not a must|not important|not essential|not a priority|not a dealbreaker|not a deal breaker|optional|isn'?t (?:needed|necessary|required|important|essential|a must|crucial|vital|mandatory|a priority)|aren'?t (?:needed|necessary|required|important|essential|a must|crucial|vital|mandatory|a priority)|not essential|not crucial|not mandatory|doesn'?t matter|don'?t matter|would be a dealbreaker|is a dealbreaker|is a no)/;

/** The text of the clause before `index`: back to the last sentence mark, comma or "but". */
export function clauseBefore(text: string, index: number, reach = 48): string {
  const before = text.slice(Math.max(0, index - reach), index);
  const cut = Math.max(before.lastIndexOf(','), before.lastIndexOf('.'), before.lastIndexOf(';'), before.lastIndexOf('!'), before.lastIndexOf('?'), before.lastIndexOf('\n'));
  let clause = cut >= 0 ? before.slice(cut + 1) : before;
  const but = /(?<!\b(?:anything|anywhere|everything|everywhere|all|nothing)\s)\b(?:but|however|although|though|and|plus|so|because|since)\b(?!.*(?<!\b(?:anything|anywhere|everything|everywhere|all|nothing)\s)\b(?:but|however|although|though|and|plus|so|because|since)\b)/.exec(clause);
  if (but) clause = clause.slice(but.index + but[0].length);
  return clause;
}

/** Whether the words at [start, end) are negated: "no pool", "not a condo", "garage not needed". */
export function isNegated(text: string, start: number, end: number): boolean {
  if (NEGATOR_BEFORE.test(clauseBefore(text, start))) return true;
  return NEGATOR_AFTER.test(text.slice(end, end + 40));
}
