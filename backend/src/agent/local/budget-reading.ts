import { BudgetReading, normalizeBudget } from './budget-normalizer';
import type { LeadMessage } from './lead-message';

/**
 * The budget in a message, read by normalizeBudget, with the words it came from. normalizeBudget
 * reads one budget text; a chat message also holds street numbers, zip codes, years, unit numbers
 * and deposits, so those are blanked first, and a bare number ("4500") only counts as money with
 * a budget word nearby ("budget", "up to", "afford") unless the agent just asked for the budget.
 */
export interface BudgetFound {
  value: BudgetReading;
  quote: string;
}

const ADDRESS_RE =
  /\b\d{1,6}(?=\s+(?!(?:k|m|mm|mil|million|thousand|grand|bucks|dollars|usd|euros?|pounds?|per|a|an|to|or|and|max|min|tops)\b)(?:[nsew]{1,2}\.?\s+)?(?:(?!(?:for|a|an|the|to|in|per|with|of|or|and|my|is|on|at|max|tops|budget|month|monthly|week|year|range)\b)[a-z0-9]+\.?\s+){0,3}?(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|ter|terrace|hwy|highway|pkwy|parkway|cir|circle|crescent)\b)/g;
const NOT_MONEY_AFTER = String.raw`(?![\d,.]*\s*(?:k|m|mm|mil|million|thousand|grand|bucks|dollars|usd|\/|per|a month|a week|monthly|max|tops|or less|or more)\b)`;
const REFERENCE_RE = new RegExp(
  String.raw`(?:\b(?:unit|suite|ste|apt|apartment|building|bldg|lot|mls|listing|id|ref|reference|no\.|number|floor|flat|house|room|property|area code)|#)\s*#?\s*(\d{1,8})` + NOT_MONEY_AFTER,
  'g',
);
const ZIP_RE = new RegExp(String.raw`\b(?:in|near|by|zip|zipcode|zip code|postcode|postal code)\s+(\d{5}(?:-\d{4})?)` + NOT_MONEY_AFTER, 'g');
const YEAR_RE = /\b(?:built|build|renovated|remodeled|remodelled|constructed|year|since|circa|ca\.|in|by|until|early|late|mid|class of)\s+((?:19|20)\d{2})\b(?!\s*(?:k|dollars|usd|\/|per|a month|monthly)\b)/g;
/** Money that is not the price of a home: a clause with one of these is skipped. */
const NOT_A_BUDGET_RE =
  /\b(?:deposit|down ?payment|downpayment|\d+% down|salary|income|earn|earns|earning|make \$?\d+(?:k|m)?|hoa|fees?|commission|tax(?:es)?|utilities|closing costs|insurance|bonus|savings|saved|in the bank|owe|debt|paid off|sold (?:my|our) |(?:my|our) (?:current )?rent|current(?:ly)? (?:rent|paying|pay)|rent (?:is )?currently)\b/;
/** Signs a bare number is money. */
const MONEY_EVIDENCE_RE =
  /[$€£₹]|\d\s?(?:pcm|pw|pa|p\/[mwa])\b|\bper calendar month\b|\d\s?(?:k|m|mm|mn|mil|million|millions|thousand|grand|bn|billion|lakhs?|lacs?|crores?|cr)\b|\d,\d{3}|\d\.\d{3}\b|\b(?:usd|eur|gbp|aed|inr|cad|aud|dollars?|euros?|pounds?|bucks|quid|dirhams?|rupees?|dhs|rs)\b|\bper (?:month|week|year|annum)\b|\/\s?(?:mo|month|wk|week|yr|year)\b|\b(?:a|per) (?:month|week|year)\b|\b(?:monthly|pcm|pw|weekly|annually|yearly)\b|\bfor\s+\d{4,}\b(?!\s*(?:sq|square))|\b(?:budget|afford|spend|spending|price|priced|pricing|pay|paying|cost|costs|rent is|rent of|range|up to|upto|under|below|max|maximum|no more than|less than|at most|tops|around|about|roughly|approximately|between|at least|minimum|over|above|cap|ceiling|looking at|stretch|can do|offer)\b/;

/** Where the clause boundaries of a message are: sentence marks and ", " (not "but": "under 700 but could go to 750k" is one budget). */
const CLAUSE_BREAK_RE = /[.!?;]+(?=\s|$)|\n|,(?=\s)/g;

const MAX_BUDGET_CLAUSES = 3;

function maskDigits(text: string, re: RegExp, group = 0): string {
  return text.replace(re, (...args: unknown[]) => {
    const whole = args[0] as string;
    if (group === 0) return ';'.padEnd(whole.length, ' ');
    const part = args[group] as string;
    const at = whole.lastIndexOf(part);
    return whole.slice(0, at) + ';'.padEnd(part.length, ' ') + whole.slice(at + part.length);
  });
}

const same = (a: BudgetReading, b: BudgetReading | null) =>
  b !== null && a.min === b.min && a.max === b.max && a.currency === b.currency && a.period === b.period;

interface Span {
  start: number;
  end: number;
}

/** Shrinks [start, end) of `text` token by token while the budget read there stays the same. */
function tightest(text: string, span: Span, reading: BudgetReading, currency: string): Span {
  const tokens: Span[] = [];
  const re = /\S+/g;
  const clause = text.slice(span.start, span.end);
  for (let m = re.exec(clause); m !== null; m = re.exec(clause)) tokens.push({ start: span.start + m.index, end: span.start + m.index + m[0].length });
  if (!tokens.length) return span;
  const read = (a: number, b: number) => normalizeBudget(text.slice(tokens[a].start, tokens[b].end), { defaultCurrency: currency });
  // Binary searches: words before the amount can go until a qualifier ("under") would, and
  // likewise after it. Each probe is one normalizeBudget call.
  let keep = 0;
  let drop = tokens.length - 1;
  while (keep < drop) {
    const mid = Math.ceil((keep + drop) / 2);
    if (same(reading, read(mid, tokens.length - 1))) keep = mid;
    else drop = mid - 1;
  }
  const lo = keep;
  keep = tokens.length - 1;
  drop = lo;
  while (drop < keep) {
    const mid = Math.floor((keep + drop) / 2);
    if (same(reading, read(lo, mid))) keep = mid;
    else drop = mid + 1;
  }
  return { start: tokens[lo].start, end: tokens[keep].end };
}

export function readBudget(msg: LeadMessage, opts: { defaultCurrency?: string; asked: boolean; knownPlaces: ReadonlySet<string> }): BudgetFound | null {
  let text = msg.plain.text;
  if (!/\d|\b(?:million|thousand|grand|hundred|lakh|crore|half a)\b/.test(text)) return null;
  text = maskDigits(text, ADDRESS_RE);
  text = maskDigits(text, REFERENCE_RE, 1);
  text = maskDigits(text, ZIP_RE, 1);
  text = maskDigits(text, YEAR_RE, 1);
  text = text.replace(/\b\d{5}\b/g, (zip) => (opts.knownPlaces.has(zip) ? ';    ' : zip));
  const currency = opts.defaultCurrency ?? 'USD';

  const clauses: Span[] = [];
  let start = 0;
  CLAUSE_BREAK_RE.lastIndex = 0;
  for (let m = CLAUSE_BREAK_RE.exec(text); m !== null; m = CLAUSE_BREAK_RE.exec(text)) {
    // "$1.2" and "1,250,000" keep their marks: a break needs a space or the end after it.
    clauses.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  clauses.push({ start, end: text.length });

  const windows: Span[] = [];
  for (const clause of clauses) {
    const words = text.slice(clause.start, clause.end);
    if (!/\d|million|thousand|grand|hundred|lakh|crore/.test(words)) continue;
    // Most clauses with a number hold no money ("3 bedrooms"): skip them without asking the normalizer.
    if (!opts.asked && !/\d{4}|\d[,.]\d{3}|million|thousand|grand|hundred|lakh|crore/.test(words) && !MONEY_EVIDENCE_RE.test(words)) continue;
    if (NOT_A_BUDGET_RE.test(words) && !/\bbudget\b/.test(words)) continue;
    const reading = normalizeBudget(words, { defaultCurrency: currency });
    if (reading === null) continue;
    const top = reading.max ?? reading.min ?? 0;
    if (!opts.asked && top < 100_000 && !MONEY_EVIDENCE_RE.test(words)) continue;
    windows.push(tightest(text, clause, reading, currency));
    // A lead states a budget once or twice; more amounts are other things (and cost time).
    if (windows.length === MAX_BUDGET_CLAUSES) break;
  }
  if (!windows.length) return null;
  const value = normalizeBudget(windows.map((w) => text.slice(w.start, w.end)).join(', '), { defaultCurrency: currency });
  if (value === null) return null;
  const quote = msg.original.slice(windows[0].start, windows[windows.length - 1].end).trim();
  return { value, quote };
}

/**
 * The currency a lead means when they write none: that of the country their time zone is in
 * ("2 grand a month" from London is pounds), but only when no place they named is one the
 * brokerage knows — a lead in London looking in Seattle means dollars. Null: the brokerage's own.
 */
const ZONE_CURRENCIES: ReadonlyArray<[RegExp, string]> = [
  [/^Europe\/(?:London|Belfast|Jersey|Guernsey|Isle_of_Man)$/, 'GBP'],
  [/^(?:Europe\/(?:Dublin|Paris|Berlin|Madrid|Lisbon|Rome|Amsterdam|Brussels|Vienna|Athens|Helsinki|Luxembourg|Monaco|Bratislava|Ljubljana|Tallinn|Riga|Vilnius|Malta|Nicosia|Zagreb|Andorra|San_Marino|Vatican|Busingen)|Atlantic\/(?:Madeira|Canary|Azores)|Africa\/Ceuta)$/, 'EUR'],
  [/^Asia\/(?:Dubai|Muscat)$/, 'AED'],
  [/^Asia\/(?:Kolkata|Calcutta)$/, 'INR'],
  [/^Australia\//, 'AUD'],
  [/^America\/(?:Toronto|Vancouver|Montreal|Edmonton|Winnipeg|Halifax|St_Johns|Regina|Moncton|Whitehorse|Yellowknife|Iqaluit|Glace_Bay|Goose_Bay)$/, 'CAD'],
];

export function localCurrency(timezone: string, places: readonly string[], knownPlaces: ReadonlySet<string>): string | null {
  const zone = ZONE_CURRENCIES.find(([re]) => re.test(timezone))?.[1] ?? null;
  if (!zone || places.some((p) => knownPlaces.has(p.toLowerCase()))) return null;
  return zone;
}

/** The least a home costs to buy, by currency: a total budget this large is a purchase ("a house, up to 1.5M"). */
const PURCHASE_FLOOR: Readonly<Record<string, number>> = { USD: 100_000, EUR: 100_000, GBP: 80_000, CAD: 100_000, AUD: 150_000, AED: 300_000, INR: 2_000_000 };

export function purchaseSized(budget: { min: number | null; max: number | null; currency: string; period: string }): boolean {
  const top = budget.max ?? budget.min;
  const floor = PURCHASE_FLOOR[budget.currency];
  return budget.period === 'total' && top !== null && floor !== undefined && top >= floor;
}
