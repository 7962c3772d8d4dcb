import { SMALL_NUMBERS as SMALL, TENS_NUMBERS as TENS } from './number-words';

/**
 * normalizeBudget: reads the budget a lead typed ("1.2M", "$3,500/month", "between 600 and 750k",
 * "half a million", "5 lakh") into whole currency units. Pure, no I/O; the AI agent's
 * `normalize_budget` tool and the import paths call it.
 *
 * Rules
 * - An amount is a number with an optional currency before or after it and an optional magnitude:
 *   k / K / thousand / grand (×1,000), m / mm / mn / mil / million (×1,000,000), bn / billion,
 *   lakh / lac (×100,000) and crore / cr (×10,000,000). "800 k", "1.5 mil" and "1.2MM" count.
 * - Number formats: 800,000 and 1,250,000.50 (comma thousands); €450.000 and 1.250.000,50 (dot
 *   thousands, decimal comma); 1 200 000 and 1'200'000; Indian grouping 50,00,000; decimal comma
 *   before a magnitude ("1,5m"). A single dot group ("1.500") is a thousands separator on its own
 *   and a decimal point before a magnitude ("1.500 million" = 1.5M).
 * - Number words are read: "two million", "nine hundred thousand", "twelve hundred",
 *   "one point five million", "half a million", "two and a half million", "a million and a half".
 * - Not money, so never read: numbers followed by a unit (3 bedrooms, 2 bath, 1500 sq ft, 3 months,
 *   10%, 3pm, 1st), numbers glued to other letters (3br, b2b), times (10:30), dates (2026-11-26,
 *   12/05/2026), phone numbers (+1 555 123 4567, (555) 123-4567), reference numbers after zip / MLS /
 *   ref / # / apt, and years (1900–2099) after in / by / until / since / a month name / a season.
 * - A number only counts as money with evidence: a currency sign, code or word next to it, a
 *   magnitude, a value of at least 1,000, or a period right after it ("900 a month").
 * - Ranges: two amounts joined by "-", "to", "till", "or", "~" ("between … and …" too). A bare number
 *   next to a k/M-suffixed one inherits its magnitude ("600-750k" = 600,000–750,000); if that would
 *   put it far above the other end it takes the next smaller one ("800-1.2m" = 800,000–1,200,000).
 *   Currency and period are shared by both ends.
 * - Qualifiers before or after an amount: "up to", "under", "below", "max", "no more than", "tops",
 *   "or less" give a maximum only; "at least", "from", "over", "above", "min", "500k+", "or more"
 *   give a minimum only; "around", "about", "approx", "roughly", "~", "-ish", "or so" give a band of
 *   ±10 % with lower confidence. A plain amount is both minimum and maximum.
 * - Currency: USD ($, US$, usd, dollars, bucks), EUR (€, eur, euros), GBP (£, gbp, pounds, quid),
 *   AED (aed, dhs, dirham[s]), INR (₹, inr, rs, rupees; lakh and crore imply INR), CAD (C$, CA$, cad,
 *   canadian dollars), AUD (A$, AU$, aud, australian dollars). Next to the amount wins; then INR
 *   implied by lakh/crore; then the first currency mentioned anywhere ("budget in euros: 450k");
 *   then `opts.defaultCurrency ?? 'USD'`. A bare "$" or "dollars" takes the default when the default
 *   is itself a dollar (CAD, AUD, NZD, SGD, HKD): a Canadian brokerage's "$800k" is CAD.
 * - Period: "/month", "per month", "a month", "monthly", "pcm", "/mo", "p/m" → month; "pw", "per week",
 *   "/wk", "weekly" → week; "/yr", "per year", "a year", "annually", "yearly", "pa", "p.a." → year;
 *   right after the amount, or ("per month", "monthly", "pcm", "annually" …) anywhere in the text.
 *   Otherwise 'total'. "pm" is never a period (it is a time of day).
 * - Several separate amounts: those in the first amount's currency and period are merged into one
 *   reading (lowest minimum, highest maximum) with lower confidence; amounts in another currency or
 *   period are ignored. A plain amount next to a maximum-only one does not make a minimum ("under 1m,
 *   ideally 800k" = max 1,000,000), nor next to a minimum-only one a maximum.
 * - Results are rounded to whole units; min > max is swapped; amounts of 0 or above 10,000,000,000
 *   (the profile's limit) are not budgets. No amount → null.
 * - Confidence (0..1): 0.95 for an amount with currency and magnitude or formatting; lowered for a
 *   default or distant currency, a bare unformatted number, an approximate amount, an inherited
 *   magnitude, number words, a period found away from the amount, and merged amounts.
 */

export type BudgetPeriod = 'total' | 'month' | 'year' | 'week';

export interface BudgetReading {
  min: number | null;
  max: number | null;
  /** ISO 4217. */
  currency: string;
  period: BudgetPeriod;
  /** 0..1 */
  confidence: number;
}

export interface NormalizeBudgetOptions {
  /** ISO 4217 used when the text names no currency; USD when absent or not a 3-letter code. */
  defaultCurrency?: string;
}

type Qualifier = 'min' | 'max' | 'approx' | 'between';

interface Magnitude {
  mult: number;
  /** The next smaller magnitude, tried when inheriting this one overshoots. */
  lower: number | null;
  inr: boolean;
}

interface Amount {
  /** Span in the prepared text, currency prefix and suffixes included. */
  start: number;
  end: number;
  value: number;
  mult: number;
  mag: boolean;
  /** Written with thousands separators. */
  formatted: boolean;
  magnitude: Magnitude | null;
  currency: string | null;
  period: BudgetPeriod | null;
  pre: Qualifier | null;
  post: Qualifier | null;
  inherited: boolean;
}

interface Reading {
  /** exact: one amount; min/max: open on one side; band: a range or an approximate amount. */
  kind: 'exact' | 'min' | 'max' | 'band';
  min: number | null;
  max: number | null;
  currency: string | null;
  period: BudgetPeriod | null;
  confidence: number;
}

const MAX_AMOUNT = 10_000_000_000;
const MAX_INPUT = 2000;
/** Stands for "INR, because lakh or crore" until the currency is resolved. */
const IMPLIED_INR = '(lakh/crore)';
const DOLLAR_DEFAULTS = new Set(['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD']);

// ---------- lexicon ----------

const MAGNITUDE_RE = /\s?(thousands?|thou|grand|millions?|mill?|mio|mm|mn|m|billions?|bn|lakhs?|lacs?|crores?|cr|k)( ?ish)?(?![a-z0-9])/y;

function magnitudeOf(word: string): Magnitude {
  if (/^(thousands?|thou|grand|k)$/.test(word)) return { mult: 1e3, lower: null, inr: false };
  if (/^(billions?|bn)$/.test(word)) return { mult: 1e9, lower: 1e6, inr: false };
  if (/^(lakhs?|lacs?)$/.test(word)) return { mult: 1e5, lower: 1e3, inr: true };
  if (/^(crores?|cr)$/.test(word)) return { mult: 1e7, lower: 1e5, inr: true };
  return { mult: 1e6, lower: 1e3, inr: false };
}

const CURRENCY_TOKENS = String.raw`us dollars?|usd|us\$|canadian dollars?|cad|ca?\$|australian dollars?|aud|au?\$|dollars?|bucks|eur|euros?|€|gbp|pounds?|sterling|quid|£|aed|dirhams?|dhs|inr|rupees?|rs\.?|₹|\$`;
const CURRENCY_AFTER_RE = new RegExp(String.raw`\s?(${CURRENCY_TOKENS})(?![a-z])`, 'y');
const CURRENCY_BEFORE_RE = /(?:^|[^a-z$])(us\$|ca?\$|au?\$|\$|€|£|₹|rs\.?|inr|usd|eur|gbp|aed|dhs?|cad|aud) ?$/;
const CURRENCY_ANYWHERE_RE = new RegExp(String.raw`(?:^|[^a-z$])(${CURRENCY_TOKENS})(?![a-z])`);

function currencyCode(token: string): string | null {
  const t = token.replace(/\.$/, '');
  if (/^(us dollars?|usd|us\$|\$|dollars?|bucks)$/.test(t)) return 'USD';
  if (/^(canadian dollars?|cad|ca?\$)$/.test(t)) return 'CAD';
  if (/^(australian dollars?|aud|au?\$)$/.test(t)) return 'AUD';
  if (/^(eur|euros?|€)$/.test(t)) return 'EUR';
  if (/^(gbp|pounds?|sterling|quid|£)$/.test(t)) return 'GBP';
  if (/^(aed|dirhams?|dhs?)$/.test(t)) return 'AED';
  if (/^(inr|rupees?|rs|₹)$/.test(t)) return 'INR';
  return null;
}

/** "$" and "dollars" say dollar, not which one. */
const isBareDollar = (token: string) => /^(\$|dollars?|bucks)$/.test(token);

const PERIOD_AFTER_RE =
  /\s?(?:\/ ?(months?|mo|mth|m|weeks?|wk|w|years?|yr|y|annum)|(?:per|a|each|every) (?:calendar )?(month|mo|mth|week|wk|year|yr|annum)|(monthly|weekly|yearly|annually|annual|pcm|pw|pa|p\.a\.?|p\/m|p\/w|p\/a|p\/y|mo))(?![a-z])/y;
const PERIOD_ANYWHERE_RE = /(?:^|[^a-z])(?:(?:per|every|each) (?:calendar )?(month|week|year|annum)|(monthly|weekly|yearly|annually|pcm|per annum))(?![a-z])/;

function periodOf(word: string): BudgetPeriod {
  if (/^(months?|mo|mth|m|monthly|pcm|p\/m)$/.test(word)) return 'month';
  if (/^(weeks?|wk|w|weekly|pw|p\/w)$/.test(word)) return 'week';
  return 'year';
}

const QUALIFIER_AFTER_RE =
  /\s?(\+|plus|or (?:more|above|higher|over|up)|and (?:up(?! ?to)|above|upwards|over|more|higher)|upwards?|minimum|min\.?|at (?:the )?least|or (?:less|below|lower|under)|and (?:below|under|less)|maximum|max\.?|tops|at (?:the )?most|at max|-?ish|or so|give or take|approx(?:imately)?\.?|roughly|(?:is|'s|would be|will be) (?:(?:our|my|the) )?(?:absolute |upper |top |hard )?(?:limit|max(?:imum)?|ceiling|cap|top end)|(?:is|'s) (?:the most|as (?:high|far) as) (?:we|i) (?:can|could|would|will) (?:go|spend|pay|afford|do))(?![a-z])/y;

const MAX_WORDS = String.raw`(?:our|my|the) (?:absolute |upper |hard )?(?:limit|ceiling|cap)(?: is)?|the most (?:we|i) (?:can|could) (?:go|spend|pay|afford|do) is|go (?:up )?(?:to|as high as)|as (?:high|much) as|tops? out at|won'?t (?:go )?(?:over|above|past)|can'?t (?:go )?(?:over|above|past)|not (?:more|higher) than|not (?:over|above)|not (?:to )?exceed(?:ing)?|no (?:more|higher) than|up ?to|under|below|less than|lower than|maximum|max\.?|at (?:the )?most|cap(?:ped)? (?:at|of)|ceiling of|within|<=?|≤`;
const MIN_WORDS = String.raw`not less than|no less than|not (?:under|below)|at (?:the )?least|atleast|minimum|min\.?|from|starting (?:at|from)|starts at|over|above|more than|upwards? of|north of|in excess of|>=?|≥`;
const APPROX_WORDS = String.raw`around|round about|about|approx(?:imately|\.)?|roughly|circa|ca\.|nearly|near|close to|something like|in the region of|ballpark(?: of)?|~|≈|±`;
const BETWEEN_WORDS = String.raw`between|btw|b\/w`;
const FILLER = String.raw`(?: ?(?:a|an|the|my|our|of|is|be|budget|price|spend(?:ing)?|pay(?:ing)?|total|rent|purchase|around|about|roughly|approx(?:imately)?|maybe|just|only|range|:|,))`;
const QUALIFIER_BEFORE_RE = new RegExp(
  String.raw`(?:^|[^a-z])(?:(${MAX_WORDS})|(${MIN_WORDS})|(${APPROX_WORDS})|(${BETWEEN_WORDS}))${FILLER}{0,3} ?$`,
);

const UNIT_AFTER_RE =
  /\s?(?:bed(?:room)?s?|bdr?m?s?|br|bd|bhk|rk|bath(?:room)?s?|ba|sq\.? ?(?:ft|feet|m|meters?|metres?|yds?)?|sqft|sqm|sf|square|m2|ft2?|feet|foot|meters?|metres?|acres?|hectares?|ha|floors?|storey?s?|stories|cars?|garages?|parking|kids?|children|people|persons?|adults?|pets?|dogs?|cats?|minutes?|mins|hours?|hrs?|days?|weeks?|months?|years?|yrs?|y\.?o|km|kms|miles?|mi|%|percent|per ?cent|pct|times|x|rooms?|units?|levels?|st|nd|rd|th|am|pm|a\.m\.|p\.m\.|o'?clock)(?![a-z])/y;
const REFERENCE_BEFORE_RE = /(?:^|[^a-z])(?:zip(?: ?code)?|post ?code|postal code|pin ?code|apt\.?|suite|plot|lot|ref\.?|reference|id|mls|no\.|room|ext\.?|extension|#) ?(?:#|no\.?|number)? ?:? ?$/;
const YEAR_BEFORE_RE =
  /(?:^|[^a-z])(?:in|by|since|until|till|before|after|early|late|mid|end of|start of|beginning of|spring|summer|fall|autumn|winter|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|q[1-4]|year|fy) ?,? ?-?$/;

const NUMBER_RE = new RegExp(
  [
    String.raw`\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?`, // Indian grouping: 50,00,000
    String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?`, // 1,250,000.50
    String.raw`\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?`, // 1.250.000,50
    String.raw`\d{1,3}(?:'\d{3})+(?:\.\d{1,2})?`, // 1'250'000
    String.raw`\d{1,3}(?: \d{3})+(?:[.,]\d{1,2})?`, // 1 250 000
    String.raw`\d+(?:[.,]\d+)?`,
  ]
    .map((alt) => String.raw`(?<![\d.,'])${alt}(?!\d|[.,]\d)`)
    .join('|'),
  'g',
);

const DATE_RE = /\b(?:\d{4}([-/.])\d{1,2}\1\d{1,2}|\d{1,2}([-/.])\d{1,2}\2(?:\d{4}|\d{2}))\b(?![.,]\d)/g;
const PHONE_RE = /\+\d[\d\s().-]{6,}\d|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/g;

// ---------- number words ----------

const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };
const HALF_SCALES = 'million|mil|mill|billion|thousand|lakh|crore';
const LEAD_WORD = String.raw`a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+`;

const fmt = (n: number) => String(Number(n.toFixed(6)));
const leadValue = (w: string) => (w === 'a' || w === 'an' ? 1 : (SMALL[w] ?? Number(w)));
const isCount = (w: string | undefined) => w !== undefined && (w in SMALL || w in TENS);

/** Replaces spelled-out numbers with digits, keeping a trailing scale word: "nine hundred thousand" → "900 thousand". */
function spelledNumbersToDigits(input: string): { text: string; changed: boolean } {
  let s = input
    .replace(new RegExp(String.raw`\b(${LEAD_WORD}) and a half (${HALF_SCALES})\b`, 'g'), (_m, n: string, sc: string) => `${fmt(leadValue(n) + 0.5)} ${sc}`)
    .replace(new RegExp(String.raw`\b(${LEAD_WORD}) (${HALF_SCALES}) and a half\b`, 'g'), (_m, n: string, sc: string) => `${fmt(leadValue(n) + 0.5)} ${sc}`)
    .replace(new RegExp(String.raw`\b(?:a |one )?half (?:a |an )?(${HALF_SCALES})\b`, 'g'), '0.5 $1')
    .replace(/\b(?:a )?quarter (?:of )?(?:a |an )?(million|mil|billion)\b/g, '0.25 $1');
  let changed = s !== input;

  const words = [...s.matchAll(/[a-z]+/g)].map((m) => ({ w: m[0], start: m.index, end: m.index + m[0].length }));
  const joined = (i: number) => i + 1 < words.length && /^[ -]$/.test(s.slice(words[i].end, words[i + 1].start));
  const out: string[] = [];
  let cursor = 0;
  for (let i = 0; i < words.length; i++) {
    const first = words[i].w;
    const startsWithA = (first === 'a' || first === 'an') && joined(i) && (words[i + 1].w === 'hundred' || words[i + 1].w in SCALES);
    if (!isCount(first) && !startsWithA) continue;

    let total = 0;
    let current = startsWithA ? 1 : 0;
    let last: 'count' | 'tens' | 'hundred' | 'scale' | 'a' | 'and' = startsWithA ? 'a' : 'count';
    let lastScale = '';
    let j = i;
    if (!startsWithA) {
      current = SMALL[first] ?? TENS[first];
      last = first in TENS ? 'tens' : 'count';
    }
    while (joined(j)) {
      const w = words[j + 1].w;
      if (isCount(w) && (last === 'hundred' || last === 'scale' || last === 'and' || (last === 'tens' && SMALL[w] < 10))) {
        current += SMALL[w] ?? TENS[w];
        last = w in TENS ? 'tens' : 'count';
      } else if (w === 'hundred' && (last === 'count' || last === 'tens' || last === 'a') && current < 100) {
        current = (current || 1) * 100;
        last = 'hundred';
      } else if (w in SCALES && (last === 'count' || last === 'tens' || last === 'hundred' || last === 'a')) {
        total += (current || 1) * SCALES[w];
        current = 0;
        last = 'scale';
        lastScale = w;
      } else if (w === 'and' && (last === 'hundred' || last === 'scale') && joined(j + 1) && isCount(words[j + 2].w)) {
        // British "six hundred and fifty thousand"; but "between six hundred and seven hundred" is two numbers.
        let k = j + 2;
        if (words[k].w in TENS && joined(k) && SMALL[words[k + 1].w] < 10) k++;
        if (joined(k) && words[k + 1].w === 'hundred') break;
        last = 'and';
      } else if (w === 'point' && (last === 'count' || last === 'tens') && joined(j + 1) && SMALL[words[j + 2].w] < 10) {
        let digits = '';
        let k = j + 1;
        while (joined(k) && SMALL[words[k + 1].w] < 10) digits += String(SMALL[words[++k].w]);
        current += Number(`0.${digits}`);
        last = 'count';
        j = k;
        continue;
      } else {
        break;
      }
      j++;
    }
    const value = total + current;
    const text = last === 'scale' ? `${fmt(value / SCALES[lastScale])} ${lastScale}` : fmt(value);
    out.push(s.slice(cursor, words[i].start), text);
    cursor = words[j].end;
    i = j;
    changed = true;
  }
  out.push(s.slice(cursor));
  s = out.join('');
  return { text: s, changed };
}

// ---------- amounts ----------

function parseNumber(raw: string, beforeMagnitude: boolean): { value: number; formatted: boolean } {
  if (/^\d{1,2}(,\d{2})+,\d{3}(\.\d+)?$/.test(raw) || /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(raw)) {
    return { value: Number(raw.replace(/,/g, '')), formatted: true };
  }
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(raw)) {
    if (beforeMagnitude && /^\d{1,3}\.\d{3}$/.test(raw)) return { value: Number(raw), formatted: false };
    return { value: Number(raw.replace(/\./g, '').replace(',', '.')), formatted: true };
  }
  if (/^\d{1,3}(['\s]\d{3})+([.,]\d{1,2})?$/.test(raw)) return { value: Number(raw.replace(/['\s]/g, '').replace(',', '.')), formatted: true };
  if (/^\d+,\d{1,2}$/.test(raw)) return { value: Number(raw.replace(',', '.')), formatted: false };
  return { value: Number(raw.replace(/,/g, '')), formatted: /,/.test(raw) };
}

function sticky(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

const STRETCH_BEFORE_RE = /(?:^|[^a-z])stretch(?:ing)? (?:to|as far as)(?: (?:maybe|about|around))? ?[$€£₹]? ?$/;

function qualifierBefore(before: string): Qualifier | null {
  const m = QUALIFIER_BEFORE_RE.exec(before.slice(-60));
  if (!m) return null;
  return m[1] ? 'max' : m[2] ? 'min' : m[3] ? 'approx' : 'between';
}

function qualifierAfter(word: string): Qualifier {
  if (/^(\+|plus|or (more|above|higher|over|up)|and (up|above|upwards|over|more|higher)|upwards?|minimum|min\.?|at (the )?least)$/.test(word)) return 'min';
  if (/^(or (less|below|lower|under)|and (below|under|less)|maximum|max\.?|tops|at (the )?most|at max)$/.test(word)) return 'max';
  // "650k is our limit", "700k is the most we can spend".
  if (/^(?:is|'s|would be|will be) /.test(word)) return 'max';
  return 'approx';
}

function findAmounts(s: string): Amount[] {
  const amounts: Amount[] = [];
  let prevEnd = 0;
  NUMBER_RE.lastIndex = 0;
  for (let m = NUMBER_RE.exec(s); m; m = NUMBER_RE.exec(s)) {
    let raw = m[0];
    let numStart = m.index;
    const numEnd = numStart + raw.length;
    const magnitude = sticky(MAGNITUDE_RE, s, numEnd);
    // "3 400k" is two things, not 3,400k: a space-grouped number never takes a magnitude.
    if (magnitude && raw.includes(' ')) {
      numStart += raw.lastIndexOf(' ') + 1;
      raw = raw.slice(raw.lastIndexOf(' ') + 1);
    }
    const before = s.slice(prevEnd, numStart);
    const prefix = CURRENCY_BEFORE_RE.exec(before);
    const start = prefix ? numStart - prefix[1].length - (prefix[0].endsWith(' ') ? 1 : 0) : numStart;
    const skip = () => {
      prevEnd = numEnd;
    };

    if (!prefix && /[a-z]$/.test(before)) { skip(); continue; } // b2b, q1, mls123
    if (/\d:$/.test(before) || /^:\d/.test(s.slice(numEnd))) { skip(); continue; } // 10:30
    if (!prefix && REFERENCE_BEFORE_RE.test(before)) { skip(); continue; }

    const { value, formatted } = parseNumber(raw, magnitude !== null);
    let pos = numEnd;
    let mag: Magnitude | null = null;
    if (magnitude) {
      mag = magnitudeOf(magnitude[1]);
      pos += magnitude[0].length;
    } else if (!prefix && sticky(UNIT_AFTER_RE, s, pos)) {
      skip();
      continue;
    }
    if (!prefix && !mag && /^\d{4}$/.test(raw) && value >= 1900 && value <= 2099 && YEAR_BEFORE_RE.test(before)) { skip(); continue; }

    let currency: string | null = prefix ? prefix[1] : null;
    let period: BudgetPeriod | null = null;
    let post: Qualifier | null = magnitude?.[2] ? 'approx' : null;
    for (let progressed = true; progressed; ) {
      progressed = false;
      const cur = currency === null ? sticky(CURRENCY_AFTER_RE, s, pos) : null;
      if (cur) { currency = cur[1]; pos += cur[0].length; progressed = true; }
      const per = period === null ? sticky(PERIOD_AFTER_RE, s, pos) : null;
      if (per) { period = periodOf(per[1] ?? per[2] ?? per[3]); pos += per[0].length; progressed = true; }
      const q = post === null ? sticky(QUALIFIER_AFTER_RE, s, pos) : null;
      if (q) { post = qualifierAfter(q[1]); pos += q[0].length; progressed = true; }
    }
    if (pos === numEnd && /^[a-z]/.test(s.slice(numEnd))) { skip(); continue; } // 2nd, 3pm, 4x4

    amounts.push({
      start,
      end: pos,
      value,
      mult: mag?.mult ?? 1,
      mag: mag !== null,
      formatted,
      magnitude: mag,
      currency,
      period,
      // "could stretch to £240k" alone is a ceiling; after another amount ("800k, maybe stretch to 850k") it ends a range.
      pre: qualifierBefore(s.slice(prevEnd, start)) ?? (amounts.length === 0 && STRETCH_BEFORE_RE.test(s.slice(prevEnd, start)) ? 'max' : null),
      post,
      inherited: false,
    });
    prevEnd = pos;
    NUMBER_RE.lastIndex = Math.max(NUMBER_RE.lastIndex, pos);
  }
  return amounts;
}

const total = (a: Amount) => a.value * a.mult;
const bare = (a: Amount) => !a.mag && !a.formatted && a.value < 1000;
const hasEvidence = (a: Amount) => a.currency !== null || a.mag || total(a) >= 1000 || (a.period !== null && total(a) >= 100);

/** "600-750k": the bare end takes the other's magnitude, or the next smaller one if that overshoots. */
function inherit(end: Amount, other: Amount): void {
  if (!bare(end) || !other.magnitude) return;
  const target = total(other);
  for (const mult of [other.magnitude.mult, other.magnitude.lower]) {
    if (mult === null) continue;
    const v = end.value * mult;
    if (v <= target * 2 && v >= target / 100) {
      Object.assign(end, { mult, mag: true, inherited: true, magnitude: { ...other.magnitude, mult } });
      return;
    }
  }
}

const plausiblePair = (a: Amount, b: Amount) => total(a) >= total(b) / 100 && total(a) <= total(b) * 100;

const RANGE_GAP_RE = /^ ?(?:-{1,2}|~|to|till|til|until|thru|through|up ?to|or) ?$/;

function confidenceOf(a: Amount): number {
  let c = 0.95;
  if (a.currency === null && !a.mag && a.period === null) c -= a.formatted ? 0.1 : 0.25;
  if (a.inherited) c -= 0.05;
  return c;
}

function readings(s: string, amounts: Amount[]): Reading[] {
  const out: Reading[] = [];
  for (let i = 0; i < amounts.length; i++) {
    const a = amounts[i];
    const b = amounts[i + 1];
    const gap = b ? s.slice(a.end, b.start) : '';
    const sameCurrency = !a.currency || !b?.currency || currencyCode(a.currency) === currencyCode(b.currency);
    if (b && sameCurrency && (RANGE_GAP_RE.test(gap) || (a.pre === 'between' && /^ ?and ?$/.test(gap)))) {
      inherit(a, b);
      inherit(b, a);
      const ea = hasEvidence(a);
      const eb = hasEvidence(b);
      if ((ea && eb) || (ea && plausiblePair(b, a)) || (eb && plausiblePair(a, b))) {
        const currency = a.currency ?? b.currency;
        const approx = a.pre === 'approx' || b.post === 'approx';
        out.push({
          kind: 'band',
          min: total(a),
          max: total(b),
          currency: currency ?? (a.magnitude?.inr || b.magnitude?.inr ? IMPLIED_INR : null),
          period: b.period ?? a.period,
          confidence: Math.min(confidenceOf(a), confidenceOf(b)) - (approx ? 0.15 : 0),
        });
        i++;
        continue;
      }
    }
    if (!hasEvidence(a)) continue;
    const v = total(a);
    const pre = a.pre === 'between' ? null : a.pre;
    const q = a.post === 'min' || a.post === 'max' ? a.post : (pre ?? a.post);
    out.push({
      kind: q === 'min' || q === 'max' ? q : q === 'approx' ? 'band' : 'exact',
      min: q === 'max' ? null : q === 'approx' ? v * 0.9 : v,
      max: q === 'min' ? null : q === 'approx' ? v * 1.1 : v,
      currency: a.currency ?? (a.magnitude?.inr ? IMPLIED_INR : null),
      period: a.period,
      confidence: confidenceOf(a) - (q === 'approx' ? 0.2 : 0),
    });
  }
  return out;
}

const round = (n: number | null) => (n === null ? null : Math.round(n));
const valid = (n: number | null) => n === null || (n > 0 && n <= MAX_AMOUNT);

export function normalizeBudget(text: string, opts: NormalizeBudgetOptions = {}): BudgetReading | null {
  if (typeof text !== 'string') return null;
  const requested = opts.defaultCurrency?.trim().toUpperCase() ?? '';
  const defaultCurrency = /^[A-Z]{3}$/.test(requested) ? requested : 'USD';

  let s = text
    .slice(0, MAX_INPUT)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  if (!/\d|[a-z]/.test(s)) return null;
  s = s.replace(DATE_RE, ' ; ').replace(PHONE_RE, ' ; ');
  const words = spelledNumbersToDigits(s);
  s = words.text;

  const all = readings(s, findAmounts(s))
    .map((r) => ({ ...r, min: round(r.min), max: round(r.max) }))
    .filter((r) => valid(r.min) && valid(r.max));
  if (!all.length) return null;

  const anywhere = CURRENCY_ANYWHERE_RE.exec(s)?.[1] ?? null;
  const resolve = (token: string | null): { code: string; source: 'adjacent' | 'implied' | 'anywhere' | 'default' } => {
    if (token === IMPLIED_INR) return { code: 'INR', source: 'implied' };
    if (token !== null) {
      const code = isBareDollar(token) && DOLLAR_DEFAULTS.has(defaultCurrency) ? defaultCurrency : currencyCode(token);
      if (code) return { code, source: 'adjacent' };
    }
    if (anywhere !== null) {
      const code = isBareDollar(anywhere) && DOLLAR_DEFAULTS.has(defaultCurrency) ? defaultCurrency : currencyCode(anywhere);
      if (code) return { code, source: 'anywhere' };
    }
    return { code: defaultCurrency, source: 'default' };
  };

  const primary = all[0];
  const currency = resolve(primary.currency ?? all.find((r) => r.currency !== null)?.currency ?? null);
  const kept = all.filter((r) => (r.currency === null || resolve(r.currency).code === currency.code) && r.period === primary.period);

  const anywherePeriod = PERIOD_ANYWHERE_RE.exec(s);
  const period = primary.period ?? (anywherePeriod ? periodOf(anywherePeriod[1] ?? anywherePeriod[2]) : 'total');

  // "under 1m, ideally 800k" has no minimum; "at least 500k, ideally 600k" has no maximum.
  const stated = (kind: Reading['kind']) => kept.some((r) => r.kind === kind || r.kind === 'band');
  const openBelow = kept.some((r) => r.kind === 'max') && !stated('min');
  const openAbove = kept.some((r) => r.kind === 'min') && !stated('max');
  const mins = kept.map((r) => r.min).filter((n): n is number => n !== null);
  const maxes = kept.map((r) => r.max).filter((n): n is number => n !== null);
  let min = mins.length && !openBelow ? Math.min(...mins) : null;
  let max = maxes.length && !openAbove ? Math.max(...maxes) : null;
  if (min !== null && max !== null && min > max) [min, max] = [max, min];

  let confidence = Math.min(...kept.map((r) => r.confidence));
  if (currency.source === 'anywhere') confidence -= 0.05;
  if (currency.source === 'default') confidence -= 0.1;
  if (primary.period === null && anywherePeriod) confidence -= 0.05;
  if (new Set(kept.map((r) => `${r.min}:${r.max}`)).size > 1) confidence -= 0.15;
  if (words.changed) confidence -= 0.05;
  confidence = Math.round(Math.min(0.95, Math.max(0.05, confidence)) * 100) / 100;

  return { min, max, currency: currency.code, period, confidence };
}
