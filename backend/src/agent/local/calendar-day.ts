import { wallClock } from '../../viewings/zoned-time';

/**
 * Calendar days in the lead's time zone: "tomorrow" for a lead in Auckland is not tomorrow in
 * Seattle. Days are plain year/month/day values; arithmetic goes through UTC so no clock shift
 * (DST) can move a day.
 */
export interface CalendarDay {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

/** The day it is at `now` in `timezone` (UTC when the zone is unknown). */
export function dayIn(now: Date, timezone: string): CalendarDay {
  let date: string;
  try {
    date = wallClock(now, timezone).date;
  } catch {
    date = now.toISOString().slice(0, 10);
  }
  const [y, m, d] = date.split('-').map(Number);
  return makeDay(y, m, d);
}

export function makeDay(year: number, month: number, day: number): CalendarDay {
  const d = new Date(Date.UTC(year, month - 1, day));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

export function addDays(day: CalendarDay, n: number): CalendarDay {
  return makeDay(day.year, day.month, day.day + n);
}

/** Whether year/month/day names a real date (no 31 April). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const d = makeDay(year, month, day);
  return d.month === month && d.day === day;
}

export function isoDate(day: CalendarDay): string {
  return `${String(day.year).padStart(4, '0')}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
}

/** Days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: CalendarDay, b: CalendarDay): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** Month names and their usual abbreviations → 1..12. */
export const MONTHS: Readonly<Record<string, number>> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

export const MONTH_PATTERN = 'january|february|march|april|may|june|july|august|september|sept|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec';

/** Weekday names and abbreviations → 0 (Sunday) … 6. */
export const WEEKDAYS: Readonly<Record<string, number>> = {
  sunday: 0,
  sun: 0,
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
};

export const WEEKDAY_PATTERN = 'sunday|monday|tuesday|wednesday|thursday|friday|saturday|tues|thurs|thur|sun|mon|tue|wed|thu|fri|sat';
