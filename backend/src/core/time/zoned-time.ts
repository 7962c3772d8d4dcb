import { DateTime, IANAZone } from 'luxon';

/**
 * Dates and times in an IANA time zone, the one place the app does calendar arithmetic (with
 * luxon). Instants are JS Dates; a calendar day is a plain year/month/day in some zone, and day
 * arithmetic runs in UTC so no clock change (DST) can move a day.
 */

/**
 * Whether `zone` names a time zone: any IANA name or link, canonical or not ("Asia/Kolkata" and
 * "Asia/Calcutta" both; Intl.supportedValuesOf lists only one spelling per zone, so it refused
 * Kolkata and Kyiv).
 */
export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export interface WallClock {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
  /** 0 = Sunday */
  weekday: number;
}

export interface CalendarDay {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

/** luxon numbers weekdays 1 (Monday) … 7 (Sunday). */
const sundayFirst = (luxonWeekday: number) => luxonWeekday % 7;

function zoned(instant: Date, timeZone: string): DateTime {
  const t = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!t.isValid) throw new RangeError(`Invalid time zone specified: ${timeZone}`);
  return t;
}

/** The date, time and weekday an instant shows on a clock in `timeZone`. */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const t = zoned(instant, timeZone);
  return { date: t.toISODate()!, time: t.toFormat('HH:mm'), weekday: sundayFirst(t.weekday) };
}

/**
 * The instant a wall-clock date and time in `timeZone` names. In the hour a clock skips (spring
 * forward) the time is read with the offset before the change; in the hour it repeats, the first.
 */
export function instantOf(date: string, time: string, timeZone: string): Date {
  const t = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
  if (!t.isValid) throw new RangeError(`Invalid date, time or zone: ${date} ${time} ${timeZone}`);
  // luxon reads a skipped time with the offset before the jump already; a repeated one has two readings.
  return new Date(Math.min(...t.getPossibleOffsets().map((x) => x.toMillis()), t.toMillis()));
}

/** A day in a zone as instants: its start, the next day's start (luxon's plus one day) and its weekday. */
export interface ZonedDay {
  /** Epoch ms. */
  start: number;
  /** Epoch ms; `next − start` is 24 h on a day without a clock change. */
  next: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const zonedDays = new Map<string, ZonedDay>();

/**
 * The day that begins at `start` (epoch ms, a start of day in `timeZone`): luxon's answer,
 * remembered per zone and day. Slot computations walk the same weeks in the same few zones request
 * after request, and each luxon step in a zone reads its offset through Intl (most of its cost).
 */
export function zonedDay(start: number, timeZone: string): ZonedDay {
  const key = `${timeZone}|${start}`;
  let d = zonedDays.get(key);
  if (!d) {
    const t = DateTime.fromMillis(start, { zone: timeZone });
    d = { start, next: t.plus({ days: 1 }).toMillis(), weekday: sundayFirst(t.weekday) };
    if (zonedDays.size >= 20_000) zonedDays.clear(); // bounded: ~years of days in a few zones
    zonedDays.set(key, d);
  }
  return d;
}

const describers = new Map<string, Intl.DateTimeFormat>();

/** "Sat 28 Nov, 11:00" in the zone: how a viewing time is offered and confirmed. */
export function describeLocal(instant: Date, timeZone: string): string {
  // The formatter luxon would build for these options, made once per zone (slot lists format hundreds).
  let f = describers.get(timeZone);
  if (!f) {
    zoned(instant, timeZone); // an unknown zone throws the same RangeError as before
    f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    describers.set(timeZone, f);
  }
  return f.format(instant).replace(/ at /, ', ');
}

const dayFrom = (t: DateTime): CalendarDay => ({ year: t.year, month: t.month, day: t.day, weekday: sundayFirst(t.weekday) });
const utcOf = (d: { year: number; month: number; day: number }) => DateTime.utc(d.year, d.month, d.day);

/** The day it is at `now` in `timezone` (UTC when the zone is unknown). */
export function dayIn(now: Date, timezone: string): CalendarDay {
  const t = DateTime.fromJSDate(now, { zone: timezone });
  return dayFrom(t.isValid ? t : DateTime.fromJSDate(now, { zone: 'utc' }));
}

/** A day from numbers that may run over ("month 13", "day 32" roll into the next month or year). */
export function makeDay(year: number, month: number, day: number): CalendarDay {
  return dayFrom(DateTime.utc(year, 1, 1).plus({ months: month - 1, days: day - 1 }));
}

/** The day of a YYYY-MM-DD date. */
export function dayOf(isoDay: string): CalendarDay {
  const [y, m, d] = isoDay.split('-').map(Number);
  return makeDay(y, m, d);
}

export function addDays(day: CalendarDay, n: number): CalendarDay {
  return dayFrom(utcOf(day).plus({ days: n }));
}

/** Whether year/month/day names a real date (no 31 April). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return DateTime.utc(year, month, day).isValid;
}

export function isoDate(day: CalendarDay): string {
  return utcOf(day).toISODate()!;
}

/** Days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: CalendarDay, b: CalendarDay): number {
  return Math.round(utcOf(b).diff(utcOf(a), 'days').days);
}

/** Months (fractional, by the calendar) from `a` to `b`: 15 Dec → 15 Apr is 4. */
export function monthsBetween(a: CalendarDay, b: CalendarDay): number {
  return utcOf(b).diff(utcOf(a), 'months').months;
}

/**
 * The next time a month of the year comes round, from `today`: its `day` in this year's month if
 * that is still ahead, otherwise next year's. "In April" said in December is next April.
 */
export function nextMonthDay(today: CalendarDay, month: number, day = 15): CalendarDay {
  const thisYear = makeDay(today.year, month, day);
  return daysBetween(today, thisYear) >= 0 ? thisYear : makeDay(today.year + 1, month, day);
}
