import { CalendarDay, addDays, dayIn, daysBetween, isRealDate, isoDate, makeDay } from '../../core/time/zoned-time';
import { MONTHS, MONTH_PATTERN, WEEKDAYS, WEEKDAY_PATTERN } from './date-words';
import type { LeadMessage } from './lead-message';
import { ORDINAL_PATTERN, ordinalValue } from './number-words';

/**
 * When the lead wants to see a home: a day (YYYY-MM-DD in the lead's time zone) and a time (HH:MM,
 * 24 h). Read only when the message is about seeing a home or a time that works, or the agent
 * just asked when; "moving in March" and "call me at 3pm" are not viewings.
 *
 * A bare hour is a daytime hour: "at 3" is 15:00 and "at 11" 11:00 (viewings happen by day).
 * A weekday alone is its next occurrence, today included; "next Tuesday" is the Tuesday of next
 * week (weeks start on Monday). A date without a year that has passed this year is next year's.
 */
export interface VisitFound {
  date: string | null;
  time: string | null;
  start: number;
  end: number;
  confidence: number;
}

const VISIT_CUE_RE =
  /\b(?:see|seeing|visit|visiting|view|viewing|viewings|tour|touring|showing|showings|show me|come by|stop by|swing by|drop by|pop by|pop in|come over|come see|check (?:it|them|the (?:place|house|unit|apartment|condo|home|property|flat)) out|look at|take a look|have a look|appointment|appt|schedule|reschedule|book|booking|available|availability|free|works|work for me|working for me|suits|suit me|good for me|fine for me|how about|what about|can we do|could we do|can we meet|let's do|lets do|let's say|meet|meeting|open house|in person|walkthrough|walk-through|walk through|come in|i can do|i could do|i'm around|would work|that works)\b/;

interface Hit {
  start: number;
  end: number;
}
interface DateHit extends Hit {
  day: CalendarDay;
  /** A weekday alone is the least specific: "Monday the 7th" is the 7th. */
  weekdayOnly?: boolean;
}
interface TimeHit extends Hit {
  time: string;
  /** A part of the day ("morning") rather than a clock time. */
  vague: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (h: number, m: number) => `${pad(h)}:${pad(m)}`;

/** The next occurrence of month/day on or after today (next year when passed). */
function upcoming(today: CalendarDay, month: number, day: number, year?: number): CalendarDay | null {
  if (year !== undefined) return isRealDate(year, month, day) ? makeDay(year, month, day) : null;
  for (const y of [today.year, today.year + 1]) {
    if (!isRealDate(y, month, day)) continue;
    const d = makeDay(y, month, day);
    if (daysBetween(today, d) >= 0) return d;
  }
  return null;
}

const ABBREVIATED_DAY = new Set(['sun', 'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat']);
const BED_BATH_NEAR = /(?:bed|bath|bd|ba|br)s?\s*[:/-]?\s*$/;
const BED_BATH_AFTER = /^\s*(?:bed|bath|bd|ba|br|house|home|condo|split|layout)/;

const MONTH_DAY_RE = new RegExp(String.raw`\b(${MONTH_PATTERN})\.?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?(?![\d:]|\s*(?:am|pm|a\.m|p\.m)\b)(?:,?\s+(20\d{2}))?`, 'g');
const DAY_MONTH_RE = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH_PATTERN})\b(?:,?\s+(20\d{2}))?`, 'g');
const ORDINAL_DAY_RE = new RegExp(
  String.raw`\b(?:on\s+the\s+((?:(?:twenty|thirty)[\s-])?(?:${ORDINAL_PATTERN}))|(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)|on\s+(\d{1,2})(?:st|nd|rd|th))\b(?!\s+(?:one|option|listing|house|home|place|property|unit|apartment|condo|link|time|week|month|floor|of\b))`,
  'g',
);
const WEEKDAY_RE = new RegExp(String.raw`\b(?:(this|next|coming|on|this\s+coming)\s+)?(${WEEKDAY_PATTERN}|weekend)s?\b(\s*(?:at|@|\d|morning|afternoon|evening|noon))?`, 'g');

function findDate(t: string, today: CalendarDay): DateHit | null {
  const hits: DateHit[] = [];
  const add = (m: RegExpExecArray, day: CalendarDay | null, offset = 0) => {
    if (day) hits.push({ start: m.index + offset, end: m.index + m[0].length, day });
  };
  let m: RegExpExecArray | null;

  const iso = /\b(20\d{2})-(\d{1,2})-(\d{1,2})\b/g;
  while ((m = iso.exec(t))) add(m, upcoming(today, Number(m[2]), Number(m[3]), Number(m[1])));

  const numeric = /(?<![\d/.:$])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/%])/g;
  while ((m = numeric.exec(t))) {
    if (BED_BATH_NEAR.test(t.slice(Math.max(0, m.index - 12), m.index)) || BED_BATH_AFTER.test(t.slice(m.index + m[0].length))) continue;
    const year = m[3] === undefined ? undefined : m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    add(m, upcoming(today, Number(m[1]), Number(m[2]), year));
  }

  const monthDay = MONTH_DAY_RE;
  monthDay.lastIndex = 0;
  while ((m = monthDay.exec(t))) add(m, upcoming(today, MONTHS[m[1]], Number(m[2]), m[3] === undefined ? undefined : Number(m[3])));

  const dayMonth = DAY_MONTH_RE;
  dayMonth.lastIndex = 0;
  while ((m = dayMonth.exec(t))) add(m, upcoming(today, MONTHS[m[2]], Number(m[1]), m[3] === undefined ? undefined : Number(m[3])));

  const ordinalDay = ORDINAL_DAY_RE;
  ordinalDay.lastIndex = 0;
  while ((m = ordinalDay.exec(t))) {
    const n = ordinalValue(m[1] ?? m[2] ?? m[3]);
    if (n === null || n < 1 || n > 31) continue;
    let day: CalendarDay | null = null;
    for (let k = 0; k < 3 && !day; k++) {
      const first = makeDay(today.year, today.month + k, 1);
      if (isRealDate(first.year, first.month, n) && (k > 0 || n >= today.day)) day = makeDay(first.year, first.month, n);
    }
    add(m, day);
  }

  const relative = /\b(?:the\s+)?day\s+after\s+tomorrow\b|\b(?:today|tonight|tomorrow|tmrw|tmr|this\s+(?:morning|afternoon|evening))\b|\bin\s+(\d{1,2})\s+days?\b/g;
  while ((m = relative.exec(t))) {
    const w = m[0];
    const n = /after/.test(w) ? 2 : /^(?:tomorrow|tmrw|tmr)$/.test(w) ? 1 : m[1] !== undefined ? Number(m[1]) : 0;
    add(m, addDays(today, n));
  }

  const weekday = WEEKDAY_RE;
  weekday.lastIndex = 0;
  while ((m = weekday.exec(t))) {
    const [, which, name, followed] = m;
    if (ABBREVIATED_DAY.has(name) && which === undefined && followed === undefined) continue;
    const target = name === 'weekend' ? 6 : WEEKDAYS[name];
    let day: CalendarDay;
    if (which === 'next') {
      const toMonday = (8 - today.weekday) % 7 || 7;
      day = addDays(today, toMonday + ((target + 6) % 7));
    } else {
      let diff = (target - today.weekday + 7) % 7;
      if (name === 'weekend' && today.weekday === 0) diff = 0;
      day = addDays(today, diff);
    }
    hits.push({ start: m.index, end: m.index + m[0].length - (followed?.length ?? 0), day, weekdayOnly: true });
  }

  hits.sort((a, b) => a.start - b.start);
  const first = hits[0];
  if (!first?.weekdayOnly) return first ?? null;
  // "Monday the 7th": the day of the month decides, and the quote covers both.
  const exact = hits.find((h) => !h.weekdayOnly && h.start - first.end <= 6);
  return exact ? { ...exact, start: first.start } : first;
}

/** Words that may follow a bare hour ("at 4 works", "around 11 tomorrow"). */
const AFTER_HOUR = new Set([
  'o',
  'oclock',
  'or',
  'on',
  'works',
  'work',
  'is',
  'ish',
  'today',
  'tomorrow',
  'tonight',
  'this',
  'next',
  'in',
  'then',
  'if',
  'please',
  'pls',
  'for',
  'and',
  'sounds',
  'would',
  'maybe',
  'tmrw',
  'sharp',
  'ok',
  'okay',
  'good',
  'fine',
  'suits',
  'should',
  'could',
  'can',
  'latest',
  'earliest',
  'onwards',
  'until',
  'till',
  'to',
  'with',
  'that',
  'perhaps',
  'tho',
  'though',
  'morning',
  'afternoon',
  'evening',
  'hrs',
  'hours',
]);

function daytimeHour(h: number, after: string): number | null {
  if (h > 23) return null;
  if (h > 12) return h;
  if (/^\s*(?:in\s+the\s+morning|am\b|a\.m)/.test(after)) return h === 12 ? 0 : h;
  if (/^\s*(?:in\s+the\s+(?:afternoon|evening)|at\s+night|tonight|pm\b|p\.m)/.test(after)) return h === 12 ? 12 : h + 12;
  if (h === 0) return null;
  return h <= 7 ? h + 12 : h;
}

function findTime(t: string): TimeHit | null {
  const hits: TimeHit[] = [];
  let m: RegExpExecArray | null;

  const clock = /(?<![\d.:/$,])(\d{1,2})(?::(\d{2})|\.(\d{2})(?=\s*[ap]\.?m))\s*(a\.?m\.?|p\.?m\.?)?(?![\d%])/g;
  while ((m = clock.exec(t))) {
    let h = Number(m[1]);
    const min = Number(m[2] ?? m[3]);
    if (h > 23 || min > 59) continue;
    const suffix = m[4]?.[0];
    if (suffix === 'p' && h < 12) h += 12;
    else if (suffix === 'a' && h === 12) h = 0;
    else if (suffix === undefined) h = daytimeHour(h, t.slice(m.index + m[0].length)) ?? h;
    hits.push({ start: m.index, end: m.index + m[0].length, time: hhmm(h, min), vague: false });
  }

  const meridiem = /(?<![\d.:/$,])(\d{1,2})\s*(a\.?m\.?|p\.?m\.?)(?![a-z])/g;
  while ((m = meridiem.exec(t))) {
    let h = Number(m[1]);
    if (h < 1 || h > 12) continue;
    if (m[2][0] === 'p' && h < 12) h += 12;
    if (m[2][0] === 'a' && h === 12) h = 0;
    hits.push({ start: m.index, end: m.index + m[0].length, time: hhmm(h, 0), vague: false });
  }

  const bare = /\b(?:at|around|after|before|by|about|from|@|say|like|until|till|maybe)\s+(\d{1,2})(?:\s*-?\s*ish)?(?![\d.,:/%]|\s*(?:[ap]\.?m))|(?<![\d.,$])(\d{1,2})\s*o'?\s*clock\b/g;
  while ((m = bare.exec(t))) {
    const after = t.slice(m.index + m[0].length);
    const next = /^\s*([a-z']+)/.exec(after)?.[1]?.replace(/'/g, '');
    if (m[1] !== undefined && next !== undefined && !AFTER_HOUR.has(next) && !(next in WEEKDAYS)) continue;
    const h = daytimeHour(Number(m[1] ?? m[2]), after);
    if (h === null) continue;
    hits.push({ start: m.index, end: m.index + m[0].length, time: hhmm(h, 0), vague: false });
  }

  const parts = /(?<!\bgood\s)\b(noon|midday|lunch ?time|morning|mornings|afternoon|afternoons|evening|evenings|tonight)\b/g;
  while ((m = parts.exec(t))) {
    const w = m[1];
    const midday = /^(?:noon|midday|lunch ?time)$/.test(w);
    const time = midday ? '12:00' : w.startsWith('morning') ? '10:00' : w.startsWith('afternoon') ? '14:00' : '18:00';
    hits.push({ start: m.index, end: m.index + m[0].length, time, vague: !midday });
  }

  if (!hits.length) return null;
  const exact = hits.filter((h) => !h.vague);
  const pool = exact.length ? exact : hits;
  pool.sort((a, b) => a.start - b.start);
  return pool[0];
}

export function readVisit(msg: LeadMessage, now: Date, timezone: string, asked: boolean): VisitFound | null {
  const t = msg.digits.text;
  const cued = asked || VISIT_CUE_RE.test(msg.words.text);
  if (!cued && !/\d\s*(?:[ap]\.?m\b|:\d\d)|\bnoon\b/.test(t)) return null;
  const today = dayIn(now, timezone);
  const date = findDate(t, today);
  const time = findTime(t);
  if (!date && !time) return null;
  // A day and a clock time together ("tomorrow at 10am?") propose a viewing even without a verb;
  // a call-back time ("call me at 3pm") does not.
  if (!cued && (!date || !time || time.vague || /\b(?:call|ring|phone|text|reach)\b/.test(t))) return null;
  const start = Math.min(date?.start ?? Infinity, time?.start ?? Infinity);
  const end = Math.max(date?.end ?? -Infinity, time?.end ?? -Infinity);
  const confidence = (asked ? 0.85 : 0.8) + (date && time ? 0.05 : 0);
  return { date: date ? isoDate(date.day) : null, time: time?.time ?? null, start, end, confidence };
}
