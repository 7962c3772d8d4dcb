import { addDays, dayOf, describeLocal, instantOf, isoDate, wallClock } from '../core/time/zoned-time';

/**
 * When viewings can happen, in the lead's own time zone: every day (weekends are when most
 * people look), starting on the hour or the half hour from 09:00 to 19:00 (after work is when
 * many can come), 45 minutes each, and not sooner than two hours from now (someone has to get
 * there). A brokerage with other hours changes these constants.
 */
export const VIEWING_HOURS = { firstStart: 9, lastStart: 19, stepMinutes: 30, minutes: 45, openDays: [0, 1, 2, 3, 4, 5, 6], noticeMs: 2 * 3600_000, horizonDays: 21 } as const;

export interface Slot {
  startsAt: Date;
  endsAt: Date;
  local: string;
}

export type SlotProblem = 'outside_hours' | 'closed_day' | 'too_soon' | 'too_far' | 'taken';

const slot = (startsAt: Date, timeZone: string): Slot => ({ startsAt, endsAt: new Date(startsAt.getTime() + VIEWING_HOURS.minutes * 60_000), local: describeLocal(startsAt, timeZone) });

/** Every possible start from `fromDate` for `days` days, in order, before removing booked ones. */
export function candidateStarts(fromDate: string, days: number, timeZone: string, now: Date): Date[] {
  const out: Date[] = [];
  for (let d = 0; d < days; d++) {
    const day = addDays(dayOf(fromDate), d);
    const date = isoDate(day);
    const weekday = day.weekday;
    if (!(VIEWING_HOURS.openDays as readonly number[]).includes(weekday)) continue;
    for (let m = VIEWING_HOURS.firstStart * 60; m <= VIEWING_HOURS.lastStart * 60; m += VIEWING_HOURS.stepMinutes) {
      const at = instantOf(date, `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`, timeZone);
      if (at.getTime() >= now.getTime() + VIEWING_HOURS.noticeMs) out.push(at);
    }
  }
  return out;
}

/** Why a wanted start cannot be booked, or null when it can (booked ones aside). */
export function problemWith(date: string, time: string, timeZone: string, now: Date): SlotProblem | null {
  const at = instantOf(date, time, timeZone);
  const weekday = dayOf(date).weekday;
  if (!(VIEWING_HOURS.openDays as readonly number[]).includes(weekday)) return 'closed_day';
  const [hh, mm] = time.split(':').map(Number);
  const minutes = hh * 60 + mm;
  if (mm % VIEWING_HOURS.stepMinutes !== 0 || minutes < VIEWING_HOURS.firstStart * 60 || minutes > VIEWING_HOURS.lastStart * 60) return 'outside_hours';
  if (at.getTime() < now.getTime() + VIEWING_HOURS.noticeMs) return 'too_soon';
  if (at.getTime() > now.getTime() + VIEWING_HOURS.horizonDays * 86_400_000) return 'too_far';
  return null;
}

/**
 * Free slots to offer: the ones nearest the wanted date and time (or the earliest when none is
 * wanted), at most `count`, in time order.
 */
export function offerSlots(opts: { timeZone: string; now: Date; booked: Date[]; date?: string | null; time?: string | null; count?: number }): Slot[] {
  const { timeZone, now } = opts;
  const today = wallClock(now, timeZone).date;
  const from = opts.date && opts.date > today ? opts.date : today;
  const taken = new Set(opts.booked.map((b) => b.getTime()));
  const free = candidateStarts(from, VIEWING_HOURS.horizonDays, timeZone, now).filter((s) => !taken.has(s.getTime()));
  const count = opts.count ?? 3;
  let picked = free.slice(0, count);
  if (opts.date && opts.time) {
    const wanted = instantOf(opts.date, opts.time, timeZone).getTime();
    picked = [...free].sort((a, b) => Math.abs(a.getTime() - wanted) - Math.abs(b.getTime() - wanted)).slice(0, count);
  } else if (opts.date) {
    const sameDay = free.filter((s) => wallClock(s, timeZone).date === opts.date);
    picked = (sameDay.length ? sameDay : free).slice(0, count);
  }
  return picked.sort((a, b) => a.getTime() - b.getTime()).map((s) => slot(s, timeZone));
}

export const slotAt = slot;
