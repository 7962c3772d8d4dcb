import type { CalendarEvent } from 'angular-calendar';
import type { CalendarViewingDto } from '../api/models/calendar-viewing-dto';

/**
 * Times on the calendar: the grid shows the signed-in person's own zone (the browser's); a
 * viewing is booked and moved in its lead's zone, so a dropped or picked time is turned into the
 * lead's date and wall-clock time before it is checked and saved.
 */

/** The date (YYYY-MM-DD) and time (HH:MM) an instant shows on a clock in `zone`. */
export function wallClockIn(instant: Date, zone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts['year']}-${parts['month']}-${parts['day']}`, time: `${parts['hour']}:${parts['minute']}` };
}

/** "10:30" in `zone` (24 h, as the rest of the app writes times). */
export const clockIn = (instant: Date, zone: string) => wallClockIn(instant, zone).time;

/** The person's own zone (the browser's). */
export const userZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The first and last instant a week (Monday first) or a day view shows around `viewDate`. */
export function visibleRange(viewDate: Date, view: 'week' | 'day'): { from: Date; to: Date } {
  const from = new Date(viewDate.getFullYear(), viewDate.getMonth(), viewDate.getDate());
  if (view === 'week') from.setDate(from.getDate() - ((from.getDay() + 6) % 7));
  const to = new Date(from);
  to.setDate(to.getDate() + (view === 'week' ? 7 : 1));
  return { from, to };
}

/** A viewing as the calendar component draws it: booked ones can be dragged, cancelled ones are struck through. */
export function toEvent(v: CalendarViewingDto, ownZone: string): CalendarEvent<CalendarViewingDto> {
  const booked = v.status === 'booked';
  const start = new Date(v.startsAt);
  const leadTime = v.timezone !== ownZone ? ` (lead's time ${clockIn(start, v.timezone)})` : '';
  return {
    id: v.id,
    start,
    end: new Date(v.endsAt),
    title: `${v.leadName} · ${v.unitTitle}${v.agentName ? ` · ${v.agentName}` : ''}${leadTime}${booked ? '' : ' (cancelled)'}`,
    draggable: booked,
    cssClass: booked ? 'viewing' : 'viewing cancelled',
    meta: v,
  };
}

/** The hours a day column shows: 07:00 to 21:00, widened to take in every event (in one's own zone). */
export function dayHours(events: { start: Date; end?: Date }[]): { start: number; end: number } {
  let start = 7;
  let end = 20;
  for (const e of events) {
    start = Math.min(start, e.start.getHours());
    const last = e.end ?? e.start;
    end = Math.max(end, last.getHours() - (last.getMinutes() === 0 && last.getDate() === e.start.getDate() ? 1 : 0));
    if (last.getDate() !== e.start.getDate()) end = 23;
  }
  return { start, end };
}
