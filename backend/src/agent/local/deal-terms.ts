import { Financing, Purpose, Timeline } from '../../leads/lead.enums';
import { CalendarDay, daysBetween, makeDay, monthsBetween, nextMonthDay } from '../../core/time/zoned-time';
import { MONTHS } from './date-words';
import type { LeadMessage } from './lead-message';
import { clauseBefore, isNegated } from './lead-message';

/**
 * Buy or rent, when, and how it is paid for. The lead's present situation is not a wish: "my
 * lease ends in March, want to buy" is a buyer moving in about March, not a renter.
 */
export interface TermFound<T> {
  value: T;
  quote: string;
  confidence: number;
}

interface Hit {
  start: number;
  end: number;
}

function firstHit(text: string, re: RegExp, skip: (start: number, end: number, m: RegExpExecArray) => boolean): (Hit & { m: RegExpExecArray }) | null {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const end = m.index + m[0].length;
    if (!skip(m.index, end, m)) return { start: m.index, end, m };
  }
  return null;
}

// ---------- purpose ----------

const BUY_RE =
  /\b(?:buy|buying|buyer|buyers|bought|purchase|purchasing|purchaser|for\s+sale|mortgage|mortgages|pre-?\s?approved|pre-?\s?approval|down\s?payment|closing\s+costs|cash\s+(?:buyer|offer|purchase)|all[\s-]cash|first[\s-]time\s+(?:home\s?)?buyers?|investment\s+propert(?:y|ies)|(?<!\b(?:my|our|your|their|his|her|its|on|of)\s)own\s+(?:a|my|our|the|an)\s+(?:home|house|place|condo|property|apartment|townhouse|unit|flat)|homeowners?(?:hip)?|invest(?:ing|ment|or|ors)?|(?:want|wants|looking|ready|hoping|plan|planning)\s+to\s+own|buy[\s-]to[\s-]let|stamp\s+duty|conveyanc(?:er|ing)|(?:make|making|put\s+in|putting\s+in)\s+an?\s+offer|property\s+ladder|freehold|leasehold)\b/g;
const RENT_RE = /\b(?:rent|renting|rental|rentals|renter|renters|lease|leasing|(?<!\bbuy[\s-])to\s+let|tenancy|tenant|month[\s-]to[\s-]month|sublet|sublease|(?:all\s+)?bills\s+included|flat\s?share|house\s?share|flat\s?mates?|house\s?mates?|room\s+to\s+rent|letting\s+agents?)\b/g;
/** The lead's present home, or a landlord's plan: not what they are looking for. */
const RENT_NOW_BEFORE = /\b(?:my|our|current|currently|present|existing|tired\s+of|stop|stopped|instead\s+of|than|been|i|we|paying|pay|the)\s+$/;
const RENT_NOW_AFTER =
  /^\s*(?:ends|ended|is\s+up|expires|expired|runs\s+out|is\s+ending|went\s+up|is\s+too|vs\.?|versus|or\s+buy|now|right\s+now|currently|at\s+the\s+moment|it\s+out|out|to\s+own|propert(?:y|ies)|income|investments?|yield|[\s-]to[\s-]own|for\s+\d+\s+years)/;
const BUY_NOT_AFTER = /^\s*(?:some\s+)?time\b/;
/** A homeowner who wants to sell (or have their home valued to sell it). */
const SELL_RE =
  /\b(?:(?:sell|selling|sale\s+of)\s+(?:my|our|the\s+family|mum'?s|mom'?s|dad'?s|parents'?)\s+|(?:list|listing|put)\s+(?:my|our)\s+)(?:[\w-]+\s+){0,3}?(?:home|house|condo|apartment|flat|place|property|townhouse|townhome|unit|land|lot|villa|bungalow)\b|\b(?:help\s+(?:me\s+|us\s+)?|want\s+to\s+|wanna\s+|looking\s+to\s+|need\s+to\s+|planning\s+to\s+|plan\s+to\s+|thinking\s+(?:of|about)\s+|hoping\s+to\s+|ready\s+to\s+|would\s+like\s+to\s+|i'?d\s+like\s+to\s+)sell(?:ing)?\b|\bhome\s+(?:seller|valuation|appraisal)\b|\bwhat\s+(?:is|'?s)\s+(?:my|our)\s+(?:home|house|place|condo|flat|apartment)\s+worth\b/g;
/** Words that only say the lead owns a home now: with a wish to sell, they are a seller. */
const OWNS_NOW = /^(?:own|homeowner|for\s+sale|invest)/;

export function readPurpose(msg: LeadMessage, budgetPeriod: string | null): TermFound<Purpose> | null {
  const t = msg.words.text;
  // Talk of mortgages is a buyer's talk, even "not pre-approved yet" or "no mortgage needed".
  const buy = firstHit(t, BUY_RE, (s, e, m) => (isNegated(t, s, e) && !/mortgage|approv/.test(m[0])) || BUY_NOT_AFTER.test(t.slice(e, e + 12)));
  const rent = firstHit(
    t,
    RENT_RE,
    (s, e) =>
      isNegated(t, s, e) ||
      RENT_NOW_BEFORE.test(t.slice(Math.max(0, s - 24), s)) ||
      RENT_NOW_AFTER.test(t.slice(e, e + 24)) ||
      /\brent\s+(?:is|of|would|will|around|about|under|up\s+to|max|budget|range|\$|\d)/.test(t.slice(s, e + 12)),
  );
  // "rent is 2500" and "budget for rent" do say rent: count them when nothing says buy.
  const rentWord = rent ?? firstHit(t, /\b(?:rent|rental)\b/g, (s, e) => isNegated(t, s, e) || RENT_NOW_BEFORE.test(t.slice(Math.max(0, s - 24), s)) || RENT_NOW_AFTER.test(t.slice(e, e + 24)));
  // "I need to sell my house first" (to buy) is a buyer's step, not a seller.
  const sell = firstHit(t, SELL_RE, (s, e) => isNegated(t, s, e) || /^[^.;!?]{0,30}\b(?:first|before\s+(?:i|we)\s+(?:buy|move)|to\s+(?:buy|afford|fund|pay\s+for))\b/.test(t.slice(e, e + 40)));
  // "Sell my house and buy a bigger one" is a buyer (who also sells); "I own a condo I want to sell" a seller.
  if (sell && !rent && (!buy || OWNS_NOW.test(buy.m[0]))) return { value: Purpose.Sell, quote: msg.words.quote(sell.start, sell.end), confidence: 0.85 };
  if (buy && !rent) return { value: Purpose.Buy, quote: msg.words.quote(buy.start, buy.end), confidence: 0.9 };
  if (rentWord && !buy) return { value: Purpose.Rent, quote: msg.words.quote(rentWord.start, rentWord.end), confidence: rent ? 0.9 : 0.75 };
  if (buy || rent) return null;
  if (budgetPeriod === 'month' || budgetPeriod === 'week') return { value: Purpose.Rent, quote: '', confidence: 0.6 };
  return null;
}

// ---------- timeline ----------

const MOVE_CUE =
  /\b(?:move|moving|moved|relocat\w*|buy|buying|purchase|close|closing|ready|timeline|time\s?frame|start|starting|need|needs|needed|want|looking\s+to|plan|planning|hoping|hope|lease\s+(?:ends|is\s+up|expires|runs\s+out)|available|in\s+by|settle|settled|transfer|job\s+starts|happen)\b/;

const ASAP_RE =
  /\b(?:asap|a\.s\.a\.p|as\s+soon\s+as\s+(?:possible|we\s+can|i\s+can)|immediately|right\s+away|urgent(?:ly)?|(?:need|needs|needed|move|moving|buy|ready|rent|start)\b[^.,;!?]{0,20}\b(?:right\s+)?now|(?:this|next)\s+week(?:end)?|end\s+of\s+(?:this|the)\s+month|this\s+month|yesterday|today|tomorrow)\b/g;
const LATER_RE =
  /\b(?:no\s+rush|no\s+hurry|not\s+in\s+(?:a|any)\s+(?:rush|hurry)|not\s+urgent|just\s+(?:browsing|starting\s+(?:to\s+look|out|my\s+search|the\s+search|to\s+think)|looking(?=\s*(?:around|for\s+now|[.!,]|$)))|eventually|some\s?day|down\s+the\s+road|in\s+the\s+(?:distant\s+)?future|long[\s-]term\s+plan|a\s+while)\b/g;
const DURATION_RE =
  /(?:\b(in|within|next|over\s+the\s+next|the\s+next|about|around|approximately|approx|roughly|in\s+about|in\s+around|less\s+than|under|by|after|maybe|probably|like|for)\s+)?\b(?:(\d{1,2}(?:\.\d)?)(?:\s*(?:-|to|or)\s*(\d{1,2}))?\+?|(a|an|one|a\s+few|few|several)|(a\s+)?couple(?:\s+of)?)\s*(days?|weeks?|wks?|fortnights?|months?|mos|mths?|years?|yrs?)\b(\s+(?:from\s+now|out|away|time|or\s+so|or\s+(?:two|2|three|3)|ish))?/g;
const DURATION_NOT_AFTER = /^\s*(?:lease|contract|work\b|job|assignment|project|placement|secondment|internship|posting|term\b|sabbatical|tenancy|let\b|rental|course|program|programme|visa|trial|probation|ago|old|of\s+(?:rent|experience|searching|looking)|in\s+advance|notice|deposit|min(?:imum)?\s+lease|long|stay)/;
const DURATION_NOT_BEFORE = /\b(?:been|past|last|lived|living|renting|worked|owned|had|have|for|over)\s+(?:the\s+)?(?:past\s+|last\s+)?$/;
const MONTH_NAMES = 'january|february|march|april|may|june|july|august|september|sept|october|november|december|jan|feb|apr|jun|jul|aug|sep|oct|nov|dec';
const MONTH_RE = new RegExp(
  String.raw`\b(?:in|by|before|around|until|till|end\s+of|early|mid|late|beginning\s+of|start\s+of|middle\s+of|moving\s+in|move\s+in|this|next|come|after|sometime\s+in|from|starting|start)[\s-]+(?:(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[\s-]+)?(${MONTH_NAMES})\b(?!\s+\d)`,
  'g',
);
const DATE_RE = new RegExp(String.raw`\b(?:(?:on|by|before|around|until|till|after)\s+)?(${MONTH_NAMES})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?::|am|pm))`, 'g');
const VISIT_WORDS_RE = /\b(?:see|visit|view|viewing|tour|showing|come\s+by|stop\s+by|appointment)\b/;
const SEASON_RE = /\b(?:this|next|in\s+the|by\s+the|by|in|early|late|until\s+the|before\s+the|around)\s+(?:(?:early|late|mid)[\s-]+)?(spring|summer|fall|autumn|winter)\b/g;
const YEAR_RE =
  /\b(?:next\s+month|(?:end|beginning|start)\s+of\s+next\s+month|(?:(?:by|before|until|till|around)\s+)?(?:the\s+)?(?:end|late|last\s+months?)\s+(?:of\s+)?next\s+year|next\s+year|(?:end\s+of|by\s+the\s+end\s+of|before\s+the\s+end\s+of|later)\s+(?:this|the)\s+year|this\s+year|before\s+the\s+new\s+year|(?:in|within)\s+a\s+year|a\s+year\s+from\s+now|(?:in|within|about|around)\s+(?:half\s+a\s+year|a\s+half[\s-]year|six\s+months'?\s+time))\b/g;

const HOLIDAY_RE = /\b(by|before|after|around|over|at|for|early|beginning\s+of|start\s+of|until|till|in|from)\s+(?:the\s+)?(christmas|xmas|(?:the\s+)?new\s+year(?!'?s\s+eve)|easter|thanksgiving|the\s+fourth\s+of\s+july|next\s+year(?<=(?:early|beginning\s+of|start\s+of)\s+next\s+year))\b/g;
const YEAR_NUMBER_RE = /\b(in|by|during|sometime\s+in|early|mid|late|end\s+of|beginning\s+of|start\s+of|middle\s+of|early\s+in|late\s+in)[\s-]+(20[2-4]\d)\b(?!\s*(?:sq|square|built|model))/g;

/** What is left of this year, said by a year number that is now. */
function bucketYearEnd(today: CalendarDay): Timeline {
  return bucket(Math.max(0, 12 - today.month));
}

function bucket(months: number): Timeline {
  if (months < 0.8) return Timeline.Asap;
  if (months <= 3) return Timeline.Within3Months;
  if (months <= 6) return Timeline.Within6Months;
  if (months <= 12) return Timeline.Within12Months;
  return Timeline.Later;
}

const UNIT_MONTHS: Record<string, number> = { d: 1 / 30, w: 1 / 4.345, f: 1 / 2.17, m: 1, y: 12 };

interface TimelineHit extends Hit {
  value: Timeline;
  confidence: number;
}

export function readTimeline(msg: LeadMessage, today: CalendarDay, asked: boolean): TermFound<Timeline> | null {
  const t = msg.digits.text;
  const hits: TimelineHit[] = [];
  const short = t.trim().split(/\s+/).length <= 6;
  const moveCue = (s: number, e: number) => asked || MOVE_CUE.test(clauseBefore(t, s, 60) + t.slice(s, e + 40).split(/[.;!?]/)[0]);
  const cue = (s: number, e: number) => short || moveCue(s, e);

  const asap = firstHit(t, ASAP_RE, (s, e, m) => isNegated(t, s, e) || (/^(?:today|tomorrow|this\s+week|next\s+week|this\s+month|yesterday)/.test(m[0]) && !moveCue(s, e)));
  if (asap) hits.push({ ...asap, value: Timeline.Asap, confidence: 0.85 });

  const later = firstHit(t, LATER_RE, (s, e) => isNegated(t, s, e));
  if (later) hits.push({ ...later, value: Timeline.Later, confidence: 0.8 });

  DURATION_RE.lastIndex = 0;
  for (let m = DURATION_RE.exec(t); m !== null; m = DURATION_RE.exec(t)) {
    const [whole, prefix, n, upper, word, coupleA, unitWord, suffix] = m;
    const start = m.index;
    const end = start + whole.length;
    if (prefix === 'for' || DURATION_NOT_AFTER.test(t.slice(end, end + 24))) continue;
    if (prefix === undefined && DURATION_NOT_BEFORE.test(t.slice(Math.max(0, start - 24), start))) continue;
    // "2000 a month" and "200k a year" are amounts per period.
    if (/(?:\d|\d\s?k|\d\s?m|per|\/)\s*$/.test(t.slice(Math.max(0, start - 6), start))) continue;
    if (prefix === undefined && suffix === undefined && !cue(start, end)) continue;
    let count: number;
    if (n !== undefined) count = Number(upper ?? n);
    else if (coupleA !== undefined || /couple/.test(whole)) count = 2;
    else if (word !== undefined && /few|several/.test(word)) count = 3;
    else count = 1;
    if (suffix !== undefined && /or\s+(?:two|2|three|3)/.test(suffix)) count = Number(/\d/.exec(suffix)?.[0] ?? (/three/.test(suffix) ? 3 : 2));
    const unit = unitWord[0] as 'd' | 'w' | 'f' | 'm' | 'y';
    let months = count * (UNIT_MONTHS[unit] ?? 1);
    if (unit === 'w' && count >= 4) months = Math.max(months, 1);
    if (/\+|more\s+than|over/.test(whole)) months += 0.5;
    hits.push({ start, end, value: bucket(months), confidence: prefix !== undefined || suffix !== undefined ? 0.85 : 0.75 });
    break;
  }

  MONTH_RE.lastIndex = 0;
  for (let m = MONTH_RE.exec(t); m !== null; m = MONTH_RE.exec(t)) {
    if (m[1] === 'may' && /\bmay\s+(?:be|have|need|want|not|i|we)\b/.test(t.slice(m.index + m[0].length - 3, m.index + m[0].length + 10))) continue;
    const month = MONTHS[m[1]];
    let ahead = (month - today.month + 12) % 12;
    if (/\b(?:end\s+of|late)\b/.test(m[0])) ahead += 0.5;
    hits.push({ start: m.index, end: m.index + m[0].length, value: bucket(ahead === 0 ? 0 : ahead), confidence: 0.8 });
    break;
  }

  const dated = firstHit(t, DATE_RE, (s, e) => !moveCue(s, e) || VISIT_WORDS_RE.test(t));
  if (dated) {
    const [, monthName, dayText] = dated.m;
    const month = MONTHS[monthName];
    const day = Number(dayText);
    let year = today.year;
    if (month < today.month || (month === today.month && day < today.day)) year++;
    const days = daysBetween(today, makeDay(year, month, day));
    hits.push({ start: dated.start, end: dated.end, value: bucket(days / 30.4), confidence: 0.8 });
  }

  SEASON_RE.lastIndex = 0;
  const season = SEASON_RE.exec(t);
  if (season) {
    // A season is read against today in the lead's zone (northern-hemisphere months): "in spring"
    // said in December is about April, four months ahead — not "1-3 months". Early and late name
    // the season's first and last month; "this spring" said in spring is within the next months.
    const [first, middle, last] = { spring: [3, 4, 5], summer: [6, 7, 8], fall: [9, 10, 11], autumn: [9, 10, 11], winter: [12, 1, 2] }[season[1]] ?? [1, 2, 3];
    const early = /\bearly\b|\bby\b|\bbefore\b|\buntil\b/.test(season[0]);
    const late = /\blate\b/.test(season[0]);
    const inSeason = [first, middle, last].includes(today.month);
    const ahead = inSeason && !/\bnext\b/.test(season[0]) ? 1 : monthsBetween(today, nextMonthDay(today, early ? first : late ? last : middle, early ? 1 : 15));
    hits.push({ start: season.index, end: season.index + season[0].length, value: bucket(ahead), confidence: 0.75 });
  }

  YEAR_RE.lastIndex = 0;
  const year = YEAR_RE.exec(t);
  if (year) {
    const w = year[0];
    // "the end of next year" is as far off as its last months are, read against today.
    const value = /(?:end|late|last\s+months?)\s+(?:of\s+)?next\s+year/.test(w) ? bucket(monthsBetween(today, makeDay(today.year + 1, 12, 15))) : /next\s+month/.test(w) ? Timeline.Within3Months : /half|six\s+months/.test(w) ? Timeline.Within6Months : /next\s+year|a\s+year/.test(w) ? Timeline.Within12Months : bucket(12 - today.month);
    hits.push({ start: year.index, end: year.index + w.length, value, confidence: 0.75 });
  }

  // Holidays and years by number, read against today: "after Christmas", "by Easter", "in the new year", "early next year", "in 2027".
  HOLIDAY_RE.lastIndex = 0;
  const holiday = HOLIDAY_RE.exec(t);
  if (holiday) {
    const [whole, when, name] = holiday;
    const [month, day] = /christmas|xmas/.test(name) ? [12, 25] : /new\s+year|next\s+year/.test(name) ? [1, 1] : /easter/.test(name) ? [4, 5] : /thanksgiving/.test(name) ? [11, 26] : [7, 4];
    let ahead = monthsBetween(today, nextMonthDay(today, month, day));
    if (/^(?:early|beginning|start)/.test(when ?? '')) ahead += 1;
    if (/^after/.test(when ?? '')) ahead += 0.5;
    hits.push({ start: holiday.index, end: holiday.index + whole.length, value: bucket(ahead), confidence: 0.75 });
  }
  YEAR_NUMBER_RE.lastIndex = 0;
  const yearNumber = YEAR_NUMBER_RE.exec(t);
  if (yearNumber) {
    const [whole, when, y] = yearNumber;
    const toJanuary = (Number(y) - today.year) * 12 - today.month + 1;
    const ahead = toJanuary < 0 ? bucketYearEnd(today) : toJanuary + (/early|beginning|start/.test(when) ? 1.5 : /mid|middle/.test(when) ? 6 : /late|end/.test(when) ? 10.5 : 6.5);
    hits.push({ start: yearNumber.index, end: yearNumber.index + whole.length, value: typeof ahead === 'number' ? bucket(ahead) : ahead, confidence: 0.7 });
  }

  if (!hits.length) return null;
  hits.sort((a, b) => a.start - b.start);
  const first = hits[0];
  return { value: first.value, quote: msg.digits.quote(first.start, first.end), confidence: first.confidence };
}

// ---------- financing ----------

const PRE_APPROVED_RE =
  /\b(?:pre[\s-]?approved|pre[\s-]?approval|pre[\s-]?qualified|pre[\s-]?qualification|approved\s+for\s+(?:a\s+)?(?:mortgage|loan|home\s+loan)|mortgage\s+(?:approval|in\s+principle)|(?:approval|agreement|decision)\s+in\s+principle|(?:agreed|approved|offered)\s+in\s+principle)\b/g;
const NOT_YET_APPROVED_BEFORE =
  /\b(?:not|haven'?t|have\s+not|hasn'?t|never|need\s+to|needs\s+to|going\s+to|gonna|will|would|want\s+to|working\s+on|trying\s+to|plan\s+to|planning\s+to|about\s+to|yet\s+to|get|getting|become|apply(?:ing)?\s+for|help\s+(?:me\s+)?(?:get|getting|with))\b(?:\s+[^\s,.;!?]+){0,3}\s*$/;
const CASH_RE =
  /\b(?:all[\s-]cash|cash\s+(?:buyer|offer|purchase|deal|only)|(?:pay|paying|pays|buy|buying|purchase|purchasing|in|with|by)\s+(?:in\s+|with\s+|all\s+)?cash|cash\b(?!\s*(?:flow|back|out|advance|register|app|for\s+(?:the\s+)?(?:down|deposit|closing))))/g;
const MORTGAGE_RE =
  /\b(?:(?:fha|va|usda|conventional|jumbo|home|bank)\s+loan|mortgages?|financing|finance|loan|borrow|borrowing|lender|mortgage\s+broker)\b/g;
const UNSURE_RE = /\b(?:not\s+sure|don'?t\s+know|no\s+idea|undecided|haven'?t\s+decided|tbd|unsure|depends)\b/;

export function readFinancing(msg: LeadMessage, asked: boolean): TermFound<Financing> | null {
  const t = msg.words.text;
  const approved = firstHit(t, PRE_APPROVED_RE, () => false);
  if (approved) {
    const notYet = NOT_YET_APPROVED_BEFORE.test(clauseBefore(t, approved.start, 40)) || /^\s*(?:yet|soon|next)\b/.test(t.slice(approved.end, approved.end + 8));
    if (!notYet) return { value: Financing.PreApproved, quote: msg.words.quote(approved.start, approved.end), confidence: 0.9 };
    // "not pre-approved yet", "need to get pre-approved": a mortgage is coming.
    const start = Math.max(0, approved.start - clauseBefore(t, approved.start, 40).length);
    return { value: Financing.MortgageNeeded, quote: msg.words.quote(start, approved.end), confidence: 0.8 };
  }
  const cash = firstHit(t, CASH_RE, (s, e) => isNegated(t, s, e));
  if (cash) {
    const bare = /^cash$/.test(cash.m[0]);
    // "I have cash for the down payment" still needs a loan.
    if (!bare || !/\b(?:down\s?payment|deposit|closing\s+costs|loan|mortgage)\b/.test(t)) {
      return { value: Financing.Cash, quote: msg.words.quote(cash.start, cash.end), confidence: bare && !asked ? 0.7 : 0.9 };
    }
  }
  const mortgage = firstHit(t, MORTGAGE_RE, (s, e) => isNegated(t, s, e) || /\bno\s+$/.test(t.slice(Math.max(0, s - 4), s)));
  if (mortgage) {
    const clause = clauseBefore(t, mortgage.start, 40);
    const quoteStart = /\b(?:need|needs|will\s+need|require|looking\s+for|getting|get|apply(?:ing)?\s+for|help\s+with)\b/.test(clause) ? mortgage.start - clause.trimStart().length : mortgage.start;
    return { value: Financing.MortgageNeeded, quote: msg.words.quote(Math.max(0, quoteStart), mortgage.end), confidence: 0.75 };
  }
  if (asked) {
    const unsure = UNSURE_RE.exec(t);
    if (unsure) return { value: Financing.Unknown, quote: msg.words.quote(unsure.index, unsure.index + unsure[0].length), confidence: 0.7 };
  }
  return null;
}
