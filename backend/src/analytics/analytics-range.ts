import { DateTime } from 'luxon';
import { DomainError } from '../core/http/domain-error';

/** The longest range a figure covers (a year and a day, so a leap year fits). */
export const MAX_RANGE_DAYS = 366;
/** Without `from`: 30 days ending `to`. */
const DEFAULT_DAYS = 30;

/** A range of the team's days as instants: [start, end) and the previous period of as many days. */
export interface DayRange {
  from: string;
  to: string;
  days: number;
  start: Date;
  end: Date;
  previousFrom: string;
  previousTo: string;
  previousStart: Date;
  timeZone: string;
}

const invalid = (message: string) => new DomainError('invalid', 'invalid_range', message);

function day(text: string, zone: string, name: string): DateTime {
  const t = DateTime.fromISO(text, { zone });
  if (!t.isValid) throw invalid(`${name} is not a day in the calendar: ${text}`);
  return t.startOf('day');
}

/**
 * "A day is the team's day": `from` and `to` name days in `timeZone`; the range runs from the
 * midnight that starts `from` to the midnight that ends `to` on that clock (luxon does the
 * calendar arithmetic, so a day with a clock change lasts 23 or 25 hours). The previous period
 * is as many days, ending the day before `from`.
 */
export function dayRange(q: { from?: string; to?: string }, timeZone: string, now: Date): DayRange {
  const toDay = q.to ? day(q.to, timeZone, 'to') : DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const fromDay = q.from ? day(q.from, timeZone, 'from') : toDay.minus({ days: DEFAULT_DAYS - 1 });
  if (fromDay > toDay) throw invalid('from must not be after to');
  const days = Math.round(toDay.diff(fromDay, 'days').days) + 1;
  if (days > MAX_RANGE_DAYS) throw invalid(`A range covers at most ${MAX_RANGE_DAYS} days`);
  const previousFromDay = fromDay.minus({ days });
  return {
    from: fromDay.toISODate()!,
    to: toDay.toISODate()!,
    days,
    start: fromDay.toJSDate(),
    end: toDay.plus({ days: 1 }).toJSDate(),
    previousFrom: previousFromDay.toISODate()!,
    previousTo: fromDay.minus({ days: 1 }).toISODate()!,
    previousStart: previousFromDay.toJSDate(),
    timeZone,
  };
}
