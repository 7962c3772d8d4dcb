import type { CountryCode } from 'libphonenumber-js';
import { normalizeEmail, normalizePhone } from '../../leads/contact-normalizers';
import { COMMON_WORDS } from './common-words';
import { correctWord, isVocabularyWord } from './fuzzy-words';
import { PHONE_RE, isPhoneShaped } from './lead-message';

/**
 * How to reach the lead and what to call them: an email address (as typed, lower case, checked
 * by normalizeEmail), a phone number (E.164 by normalizePhone, national numbers read in the
 * country of the lead's time zone) and a name the lead gives for themselves ("I'm Dana", "my
 * name is Dana Smith", "this is Raj") — never "I'm looking", "I'm 35" or "I'm interested".
 */
export interface ContactFound {
  value: string;
  quote: string;
  confidence: number;
}

const EMAIL_RE = /(?<![A-Za-z0-9.!#$%&'*+/=?^_`{|}~-])[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

export function readEmail(original: string): ContactFound | null {
  EMAIL_RE.lastIndex = 0;
  for (let m = EMAIL_RE.exec(original); m !== null; m = EMAIL_RE.exec(original)) {
    const raw = m[0].replace(/\.+$/, '');
    if (normalizeEmail(raw) !== null) return { value: raw.toLowerCase(), quote: raw, confidence: 0.95 };
  }
  return null;
}

/** The country whose national numbers a lead in this time zone most likely types. */
const REGION_BY_ZONE: ReadonlyArray<[RegExp, CountryCode]> = [
  [/^Europe\/(?:London|Belfast|Guernsey|Jersey|Isle_of_Man)$/, 'GB'],
  [/^Europe\/Dublin$/, 'IE'],
  [/^Europe\/Paris$/, 'FR'],
  [/^Europe\/Berlin$/, 'DE'],
  [/^Europe\/Madrid$/, 'ES'],
  [/^Europe\/Rome$/, 'IT'],
  [/^Europe\/Amsterdam$/, 'NL'],
  [/^Europe\/Lisbon$/, 'PT'],
  [/^Asia\/Dubai$/, 'AE'],
  [/^Asia\/(?:Kolkata|Calcutta)$/, 'IN'],
  [/^Asia\/Singapore$/, 'SG'],
  [/^Asia\/Hong_Kong$/, 'HK'],
  [/^Asia\/Tokyo$/, 'JP'],
  [/^Australia\//, 'AU'],
  [/^Pacific\/Auckland$/, 'NZ'],
  [/^Africa\/Johannesburg$/, 'ZA'],
  [/^America\/Mexico_City$/, 'MX'],
  [/^America\/(?:Toronto|Vancouver|Edmonton|Winnipeg|Halifax|Montreal|Regina|St_Johns)$/, 'CA'],
];

export function regionForZone(timezone: string): CountryCode {
  return REGION_BY_ZONE.find(([re]) => re.test(timezone))?.[1] ?? 'US';
}

export function readPhone(original: string, timezone: string): ContactFound | null {
  PHONE_RE.lastIndex = 0;
  let tries = 0;
  for (let m = PHONE_RE.exec(original); m !== null && tries < 5; m = PHONE_RE.exec(original)) {
    const raw = m[0].trim();
    if (!isPhoneShaped(raw)) continue;
    tries++;
    const e164 = normalizePhone(raw, regionForZone(timezone));
    if (e164 !== null) return { value: e164, quote: raw, confidence: 0.95 };
  }
  return null;
}

/** Words people put after "I'm" that say what they are, not who. */
const NOT_NAMES = new Set(
  `single married divorced widowed retired engaged pregnant expecting employed unemployed student students veteran disabled local
  american canadian british english indian chinese mexican french german italian spanish irish scottish australian
  military nurse teacher doctor engineer developer realtor investor buyer renter landlord tenant owner homeowner
  relocating moving flexible broke rich new back also currently still hoping wondering curious considering thinking
  pre preapproved approved qualified serious ready excited interested looking trying planning going getting selling buying
  renting searching downsizing upsizing around available free busy away home out here there on off in at from with open
  just only really very so too not afraid sorry glad happy fine good great ok okay well alright sure confused lost late early
  first second last the a an your his her their our my this that what who unsure`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

const NAME_WORD = String.raw`([A-Za-z][A-Za-z'\u2019-]*[A-Za-z]|[A-Z])`;

interface NamePattern {
  re: RegExp;
  /** Strong cues take a lower-case name; "I'm x" needs a capital unless the lead never uses capitals. */
  strong: boolean;
}

const NAME_PATTERNS: readonly NamePattern[] = [
  { re: new RegExp(String.raw`\bmy\s+name\s+is\s+${NAME_WORD}(?:\s+${NAME_WORD})?`, 'id'), strong: true },
  { re: new RegExp(String.raw`\bname(?:'s|\s+is|:)\s*${NAME_WORD}(?:\s+${NAME_WORD})?`, 'id'), strong: true },
  { re: new RegExp(String.raw`(?:^|[.!?,]\s*|\b(?:hi|hey|hello)\W+)this\s+is\s+${NAME_WORD}(?:\s+${NAME_WORD})?`, 'id'), strong: false },
  { re: new RegExp(String.raw`(?:^|[.!?]\s*|\b(?:hi|hey|hello)\W+)it'?s\s+${NAME_WORD}(?:\s+${NAME_WORD})?(?=\s*(?:$|[,.!?]|here\b|from\b))`, 'id'), strong: false },
  { re: new RegExp(String.raw`\b(?:you\s+can\s+)?call\s+me\s+${NAME_WORD}(?:\s+${NAME_WORD})?(?=\s*(?:$|[,.!?]))`, 'id'), strong: false },
  { re: new RegExp(String.raw`\b(?:i'm|i\u2019m|im|i\s+am)\s+${NAME_WORD}(?:\s+${NAME_WORD})?`, 'id'), strong: false },
  { re: new RegExp(String.raw`^\W*(?:(?:hi|hey|hello)\W+)?${NAME_WORD}(?:\s+${NAME_WORD})?\s+here\b`, 'id'), strong: false },
];

const TIME_WORDS = /^(?:today|tomorrow|tonight|morning|afternoon|evening|later|back|anytime|asap|now|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;

function acceptable(word: string | undefined, strong: boolean, capitalsUsed: boolean): boolean {
  if (word === undefined) return false;
  const lower = word.toLowerCase().replace(/\u2019/g, "'");
  if (NOT_NAMES.has(lower) || COMMON_WORDS.has(lower) || isVocabularyWord(lower) || TIME_WORDS.test(lower)) return false;
  if (/(?:ing|ed|ly|ic|ive|ous|ful|able|ible)$/.test(lower) && lower.length > 5) return false;
  if (lower.includes('-') || correctWord(lower) !== null) return false;
  const capital = word[0] !== word[0].toLowerCase();
  if (capital) return true;
  // A lead who writes capitals elsewhere would capitalise a name.
  return strong || !capitalsUsed;
}

const titleCase = (w: string) => w[0].toUpperCase() + (w === w.toUpperCase() && w.length > 1 ? w.slice(1).toLowerCase() : w.slice(1));

export function readName(original: string, asked: boolean): ContactFound | null {
  // A lead who capitalises nothing ("i'm dana") gives no capital to look for.
  const capitalsUsed = /[A-Z]/.test(original);
  for (const { re, strong } of NAME_PATTERNS) {
    const m = re.exec(original);
    if (!m) continue;
    const [, first, last] = m;
    if (!acceptable(first, strong, capitalsUsed)) continue;
    // Lower case after "i'm" is a name only when nothing follows it: "i'm dana, …", not "i'm moving …".
    if (!strong && first[0] === first[0].toLowerCase() && !/^\s*(?:$|[,.!?;]|and\b|here\b|from\b|btw\b)/.test(original.slice((m.indices?.[1]?.[1] ?? 0)))) continue;
    const lastOk = last !== undefined && acceptable(last, strong, capitalsUsed) && (last[0] !== last[0].toLowerCase() || !capitalsUsed);
    const name = lastOk ? `${titleCase(first)} ${titleCase(last)}` : titleCase(first);
    const quoteEnd = (lastOk ? m.indices?.[2]?.[1] : m.indices?.[1]?.[1]) ?? m.index + m[0].length;
    return { value: name, quote: original.slice(m.index, quoteEnd).replace(/^[\s.!?,]+/, '').trim(), confidence: strong ? 0.9 : 0.8 };
  }
  if (asked) {
    const m = /^\W*(?:(?:it'?s|i'?m|i\s+am|my\s+name\s+is|name:?|call\s+me)\s+)?([A-Za-z][A-Za-z'-]+)(?:\s+([A-Za-z][A-Za-z'-]+))?\W*$/i.exec(original);
    if (m && acceptable(m[1], true, false)) {
      const lastOk = m[2] !== undefined && acceptable(m[2], true, false);
      return { value: lastOk ? `${titleCase(m[1])} ${titleCase(m[2])}` : titleCase(m[1]), quote: original.trim(), confidence: 0.85 };
    }
  }
  return null;
}
