import { MappedText } from './mapped-text';

/**
 * Spelled-out counts written as digits so one pattern reads "three bedrooms" and "3 bedrooms":
 * "twenty-one" → 21, "two and a half" → 2.5, "2 1/2" and "2½" → 2.5, "a couple of" → 2 (before a
 * count of rooms or time only: "we're a couple" stays). Money words are left alone; budgets are
 * read from the lead's own words by normalizeBudget.
 */
const UNIT_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS_WORDS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** "zero" … "nineteen" → 0 … 19, and "twenty" … "ninety" → 20 … 90: the number words every reader here shares. */
export const SMALL_NUMBERS: Readonly<Record<string, number>> = Object.fromEntries(UNIT_WORDS.map((w, i) => [w, i]));
export const TENS_NUMBERS: Readonly<Record<string, number>> = Object.fromEntries(TENS_WORDS.map((w, i) => [w, (i + 2) * 10]));

const UNITS = UNIT_WORDS.join('|');
const TENS = TENS_WORDS.join('|');
const HALF = String.raw`(\s+(?:and|&)\s+(?:a\s+)?half|\s+1\/2|\s*½)`;

const NUMBER_RE = new RegExp(
  String.raw`(?<![a-z0-9.,'])(?:(${TENS})(?:[\s-](one|two|three|four|five|six|seven|eight|nine)(?![a-z]))?|(${UNITS})|(\d+))${HALF}?(?![a-z0-9])`,
  'g',
);

const COUPLE_RE = /\b(?:a\s+)?couple(?:\s+of)?(?=\s+(?:more\s+)?(?:bed|bath|br\b|ba\b|bd|room|day|week|month|year|hour|min))/g;

/** The value of a number word ("seven" → 7, "forty" → 40), or null. */
export function numberWordValue(word: string): number | null {
  return SMALL_NUMBERS[word] ?? TENS_NUMBERS[word] ?? null;
}

/** Writes number words and halves as digits. */
export function spellNumbersAsDigits(text: MappedText): MappedText {
  return text
    .rewrite(NUMBER_RE, (m) => {
      const [, tens, tensUnit, unit, digits, half] = m;
      if (digits !== undefined && half === undefined) return null;
      // "no one" is nobody.
      if (m[0] === 'one' && /\bno\s+$/.test(text.text.slice(Math.max(0, m.index - 4), m.index))) return null;
      let value = digits !== undefined ? Number(digits) : 0;
      if (tens !== undefined) value = (numberWordValue(tens) ?? 0) + (tensUnit !== undefined ? (numberWordValue(tensUnit) ?? 0) : 0);
      else if (unit !== undefined) value = numberWordValue(unit) ?? 0;
      if (half !== undefined) value += 0.5;
      return String(value);
    })
    .rewrite(COUPLE_RE, () => '2')
    // "too bedroom", "a for bed", "tree bath": a homophone of a count right before a room is the count.
    .rewrite(/\b(too|for|tree)(?=[\s-]+(?:bed(?:room)?s?|bdrms?|br|bath(?:room)?s?)\b)/g, (m) => {
      const before = m.input.slice(Math.max(0, m.index - 12), m.index);
      // "looking for bedrooms" and "close to bath" keep their words: only after "a", "the" or a clause's start.
      if (!/(?:^|\b(?:a|an|the|with|need|needs|want|wants|of)\s+|[,.;:!?]\s*)$/.test(before)) return null;
      if (m[1] === 'for' && !/\b(?:a|an|the)\s+$/.test(before)) return null;
      return { too: '2', for: '4', tree: '3' }[m[1]] ?? null;
    });
}

const ORDINAL_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};

/** Ordinal words as an alternation for patterns, longest first. */
export const ORDINAL_PATTERN = Object.keys(ORDINAL_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|');

/**
 * The value of an ordinal: "third" → 3, "3rd" → 3, "twenty-first" → 21, "last" is not one (null).
 */
export function ordinalValue(word: string): number | null {
  const w = word.trim().toLowerCase();
  const digits = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(w);
  if (digits) return Number(digits[1]);
  if (w in ORDINAL_WORDS) return ORDINAL_WORDS[w];
  const compound = /^(twenty|thirty)[\s-](\w+)$/.exec(w);
  if (compound && compound[2] in ORDINAL_WORDS && ORDINAL_WORDS[compound[2]] < 10) {
    return (compound[1] === 'twenty' ? 20 : 30) + ORDINAL_WORDS[compound[2]];
  }
  return null;
}
