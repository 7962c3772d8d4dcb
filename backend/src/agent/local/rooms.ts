import type { LeadMessage } from './lead-message';
import { isNegated } from './lead-message';

/**
 * Bedrooms and bathrooms: "3 bedrooms", "three-bed", "3br", "3 bdrm", "2ba", "3b2b", "3bed/2bath",
 * "3x2" and "3/2" (next to bed/bath words), "two and a half baths", "single bath", "studio" (0
 * bedrooms). A range or "3 or 4" gives its smaller end, "at least 3" gives 3. A count of anything
 * else ("2 kids", "3 months") is not a room count, nor a number negated ("not 1 bedroom").
 */
export interface RoomsFound {
  value: number;
  start: number;
  end: number;
  confidence: number;
}

const NUM = String.raw`(\d{1,2}(?:\.\d{1,2})?)`;
const RANGE = String.raw`(?:\s*(?:-|to|or|–)\s*\d{1,2}(?:\.\d)?)?`;
const PLUS = String.raw`(?:\s*\+|\s+or\s+more|\s+plus)?`;
const BED = String.raw`(?:bed(?:room|rm|roomed)?s?|bdrms?|bdr|bds?|brs?|b\/r|bd\.)`;
const BATH = String.raw`(?:bath(?:room|rm)?s?|bth?s?|ba)`;

const BED_RE = new RegExp(String.raw`(?<![\d.,$£€])${NUM}${RANGE}${PLUS}\s*-?\s*(?:full\s+)?${BED}(?![a-z])`, 'g');
const BATH_RE = new RegExp(String.raw`(?<![\d.,$£€])${NUM}${RANGE}${PLUS}\s*-?\s*(?:full\s+)?${BATH}(?![a-z])`, 'g');
const BED_AFTER_RE = /\b(?:bedrooms?|beds|bdrms?)\s*[:=-]\s*(\d{1,2})\b/g;
const BATH_AFTER_RE = /\b(?:bathrooms?|baths|bths?)\s*[:=-]\s*(\d{1,2}(?:\.\d)?)\b/g;
/** "3b2b", "3bd2ba", "3bed/2bath", "3 bed 2 bath" is covered by the single patterns. */
const PAIR_RE = /(?<![\d.])(\d{1,2})\s*(?:b|bd|bed|beds|br)\s*[/,&-]?\s*(\d(?:\.\d)?)\s*(?:b|ba|bth|bath|baths)(?![a-z])/g;
/** "3x2" and "3/2": only read when bed/bath words are near. */
const SHORT_PAIR_RE = /(?<![\d./])(\d)\s*(?:x|\/)\s*(\d(?:\.5)?)(?![\d/%])/g;
const BED_BATH_WORDS_RE = /\b(?:bed|beds|bedrooms?|bd|br|bath|baths|bathrooms?|ba|bed\/bath|bd\/ba|br\/ba)\b/;
const STUDIO_RE = /(?<!\b(?:yoga|art|dance|recording|music|photo|tattoo|fitness|pilates|film|design|artist)\s)\bstudios?\b(?!\s+(?:space|for\s+(?:art|music|work|painting|recording)|work))/g;
const SINGLE_BATH_RE = /\b(?:single|one)\s+bath(?:room)?\b/g;
const AT_LEAST_RE = /(?:at\s+least|min(?:imum)?(?:\s+of)?|no\s+less\s+than|no\s+fewer\s+than)\s*$/;

function firstNumber(text: string): number {
  return Number(/\d+(?:\.\d+)?/.exec(text)?.[0] ?? NaN);
}

const PRESENT_HOME_BEFORE = /(?:\b(?:currently|presently)\s+(?:rent|renting|live|living|own|owning|have|in|share|sharing)\b[^,.;!?]{0,16}|\b(?:i|we)\s+(?:rent|own|live\s+in|share)\s+(?:a|an|my|our)\s+)$/;

function scan(t: string, re: RegExp, max: number, allowHalf: boolean): RoomsFound | null {
  re.lastIndex = 0;
  for (let m = re.exec(t); m !== null; m = re.exec(t)) {
    const value = firstNumber(m[1]);
    if (!(value >= 0) || value > max || (!allowHalf && !Number.isInteger(value))) continue;
    if (allowHalf && !Number.isInteger(value * 4)) continue;
    if (isNegated(t, m.index, m.index + m[0].length)) continue;
    // "I currently rent a 1 bed in Fremont but want 2 bedrooms": the home they have is not the one they want.
    if (PRESENT_HOME_BEFORE.test(t.slice(Math.max(0, m.index - 40), m.index))) continue;
    // "2 kids 3 bedrooms": the match starts at the number next to the word.
    const lead = AT_LEAST_RE.exec(t.slice(Math.max(0, m.index - 24), m.index));
    const start = lead ? m.index - (t.slice(Math.max(0, m.index - 24), m.index).length - lead.index) : m.index;
    return { value, start, end: m.index + m[0].length, confidence: 0.9 };
  }
  return null;
}

function pairs(t: string): { beds: RoomsFound; baths: RoomsFound } | null {
  PAIR_RE.lastIndex = 0;
  let m = PAIR_RE.exec(t);
  if (m) {
    const span = { start: m.index, end: m.index + m[0].length, confidence: 0.85 };
    return { beds: { ...span, value: Number(m[1]) }, baths: { ...span, value: Number(m[2]) } };
  }
  if (!BED_BATH_WORDS_RE.test(t)) return null;
  SHORT_PAIR_RE.lastIndex = 0;
  for (m = SHORT_PAIR_RE.exec(t); m !== null; m = SHORT_PAIR_RE.exec(t)) {
    const around = t.slice(Math.max(0, m.index - 24), m.index + m[0].length + 24);
    if (!BED_BATH_WORDS_RE.test(around)) continue;
    const span = { start: m.index, end: m.index + m[0].length, confidence: 0.75 };
    return { beds: { ...span, value: Number(m[1]) }, baths: { ...span, value: Number(m[2]) } };
  }
  return null;
}

/** A count found in the digits layer, as the lead wrote it. */
export interface RoomsFact {
  value: number;
  quote: string;
  /** Where in the original message it starts, to prefer the first mention. */
  at: number;
  confidence: number;
}

function fact(msg: LeadMessage, found: RoomsFound): RoomsFact {
  return { value: found.value, quote: msg.digits.quote(found.start, found.end), at: msg.digits.originalStart(found.start), confidence: found.confidence };
}

export function readBedrooms(msg: LeadMessage): RoomsFact | null {
  const t = msg.digits.text;
  const plain = scan(t, BED_RE, 12, false);
  const pair = pairs(t)?.beds ?? null;
  const after = plain ?? pair ? null : scan(t, BED_AFTER_RE, 12, false);
  let best = [plain, pair, after].filter((x): x is RoomsFound => x !== null).sort((a, b) => a.start - b.start)[0] ?? null;
  STUDIO_RE.lastIndex = 0;
  const studio = STUDIO_RE.exec(t);
  if (studio && !isNegated(t, studio.index, studio.index + studio[0].length) && (!best || studio.index < best.start)) {
    best = { value: 0, start: studio.index, end: studio.index + studio[0].length, confidence: 0.85 };
  }
  return best ? fact(msg, best) : null;
}

export function readBathrooms(msg: LeadMessage): RoomsFact | null {
  const t = msg.digits.text;
  // "3 bed 2 bath": the bath count's own words beat the pair they sit in.
  const found = scan(t, BATH_RE, 12, true) ?? pairs(t)?.baths ?? scan(t, BATH_AFTER_RE, 12, true);
  if (found) return fact(msg, found);
  SINGLE_BATH_RE.lastIndex = 0;
  const single = SINGLE_BATH_RE.exec(msg.words.text);
  if (single && !isNegated(msg.words.text, single.index, single.index + single[0].length)) {
    const end = single.index + single[0].length;
    return { value: 1, quote: msg.words.quote(single.index, end), at: msg.words.originalStart(single.index), confidence: 0.85 };
  }
  return null;
}

/** A bare count answering "how many bedrooms?": "3", "3 or 4", "at least 2", "2-3 please". */
export function readBareCount(text: string, allowHalf: boolean): { value: number; start: number; end: number } | null {
  const m =
    /^\s*(?:(?:maybe|probably|about|around|at\s+least|min(?:imum)?|ideally|like|i'?d\s+say|i\s+need|we\s+need|need|want|just|only|prob)\s+)?(?:the\s+)?(\d{1,2}(?:\.\d)?)(?:\s*(?:-|to|or)\s*\d{1,2}(?:\.\d)?)?\s*\+?(?:\s*(?:please|pls|ideally|minimum|min|or\s+more|at\s+least|max|would\s+be\s+(?:great|good|ideal|nice)|is\s+(?:fine|enough|good)|(?:will|would)\s+do|is\s+plenty|thanks|thank\s+you))?\s*[.!]*\s*$/.exec(
      text,
    );
  if (!m) return null;
  const value = Number(m[1]);
  if (value > 12 || (!allowHalf && !Number.isInteger(value)) || (allowHalf && !Number.isInteger(value * 2))) return null;
  const start = m.index + m[0].search(/\S/);
  return { value, start, end: m.index + m[0].trimEnd().length };
}
