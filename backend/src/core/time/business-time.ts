import { DateTime } from 'luxon';

/**
 * Business time: a week of opening hours in an IANA time zone, and how far a number of working
 * minutes reaches from an instant. Pure; every zone and daylight-saving step goes through luxon,
 * and the counting itself is in real elapsed milliseconds (a one-hour window on the night the
 * clocks go forward holds as much time as it really has).
 */

/** One day's opening hours: 0 = Sunday … 6 = Saturday; HH:MM wall-clock times, end after start ("24:00" = midnight after). */
export interface OpeningHours {
  weekday: number;
  start: string;
  end: string;
}

export interface BusinessHours {
  timeZone: string;
  /** At most one window per weekday; a weekday left out is closed. */
  days: OpeningHours[];
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
/** Ten years of days is the furthest the count looks before calling the hours closed for good. */
const MAX_DAYS = 3660;

/** What is wrong with these hours, in words (null: nothing). */
export function businessHoursProblem(hours: BusinessHours): string | null {
  if (!DateTime.local().setZone(hours.timeZone).isValid) return `"${hours.timeZone}" is not a time zone (use a name like Europe/Madrid or America/Los_Angeles)`;
  const seen = new Set<number>();
  for (const d of hours.days) {
    if (!Number.isInteger(d.weekday) || d.weekday < 0 || d.weekday > 6) return 'A weekday must be 0 (Sunday) to 6 (Saturday)';
    if (seen.has(d.weekday)) return `${WEEKDAY_NAMES[d.weekday]} is listed twice`;
    seen.add(d.weekday);
    if (!HHMM.test(d.start) || !HHMM.test(d.end)) return `${WEEKDAY_NAMES[d.weekday]}: times are HH:MM, from 00:00 to 24:00`;
    if (d.start >= d.end) return `${WEEKDAY_NAMES[d.weekday]}: closing time ${d.end} is not after opening time ${d.start}`;
  }
  return null;
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** The instant a wall-clock time names on a day (a day in the zone, at its start); "24:00" is the next day's midnight. */
function at(day: DateTime, hhmm: string): number {
  if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day').toMillis();
  const [h, m] = hhmm.split(':').map(Number);
  // In the hour a clock skips, luxon moves the time forward: the window simply starts at the jump.
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis();
}

/**
 * The instant `minutes` of open business time after `start` (counting only inside the opening
 * hours): started outside them, the count begins at the next opening. Zero minutes is `start`
 * itself. Throws when the hours never open (check with `businessHoursProblem` and an open day first).
 */
export function addBusinessMinutes(start: Date, minutes: number, hours: BusinessHours): Date {
  if (minutes <= 0) return new Date(start.getTime());
  const windows = new Map(hours.days.map((d) => [d.weekday, d]));
  let left = minutes * 60_000;
  let now = start.getTime();
  let day = DateTime.fromMillis(now, { zone: hours.timeZone }).startOf('day');
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 }).startOf('day')) {
    const w = windows.get(day.weekday % 7);
    if (!w) continue;
    const open = Math.max(now, at(day, w.start));
    const close = at(day, w.end);
    if (open >= close) continue;
    if (left <= close - open) return new Date(open + left);
    left -= close - open;
    now = close;
  }
  throw new RangeError('The business hours never open');
}

/** Open minutes in one week of these hours, on the wall clock. */
export function weeklyOpenMinutes(hours: BusinessHours): number {
  const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return hours.days.reduce((sum, d) => sum + Math.max(0, minutesOf(d.end) - minutesOf(d.start)), 0);
}

/**
 * Whether `minutes` of business time surely run out within the horizon `addBusinessMinutes`
 * searches (ten years): two weeks are kept in hand for a start after this week's opening, and a
 * day for the hours the clock changes take away. Settings that fail it are refused, so a timer
 * never meets hours too short for it.
 */
export function businessMinutesFit(minutes: number, hours: BusinessHours): boolean {
  return minutes <= weeklyOpenMinutes(hours) * (Math.floor(MAX_DAYS / 7) - 2) - 1440;
}

/** `minutes` after `start`, in business time or on the plain clock. */
export function dueAfter(start: Date, minutes: number, businessOnly: boolean, hours: BusinessHours): Date {
  return businessOnly ? addBusinessMinutes(start, minutes, hours) : new Date(start.getTime() + minutes * 60_000);
}
