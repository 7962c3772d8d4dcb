import { DateTime } from 'luxon';
import { describeLocal, zonedDay } from '../core/time/zoned-time';

/**
 * When a viewing can happen: the free starts of a home for a lead, from the agents who may show
 * it (their working hours, time off, the viewings they already have plus a buffer and the travel
 * between homes) and the home's own viewing windows. Pure: the service loads the calendars and
 * the booking re-checks the chosen agent under a lock. All zone and daylight-saving arithmetic
 * goes through luxon; the hot loop compares plain epoch milliseconds.
 */

/** The rules every viewing follows whoever shows it. */
export const VIEWING_RULES = {
  /** Starts on the lead's hour or half hour. */
  stepMinutes: 30,
  minutes: 45,
  /** Not sooner than two hours from now (someone has to get there). */
  noticeMs: 2 * 3600_000,
  /** How far ahead a viewing can be booked, and the longest range of slots asked at once. */
  horizonDays: 60,
  /** How far ahead the assistant looks when it offers times. */
  offerDays: 21,
} as const;

/**
 * An agent who has not set working hours shows homes as the brokerage always did: every day
 * (weekends are when most people look), starts from 09:00 to 19:00 in the lead's own zone.
 */
export const DEFAULT_HOURS: WeeklyHours[] = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '19:45' }));

/**
 * Travel between two homes: straight-line distance × 1.4 (streets are not straight) at 30 km/h
 * (city driving with parking), rounded up to 5 minutes; 30 minutes when either home has no
 * coordinates. Same home: none.
 */
export const TRAVEL = { roadFactor: 1.4, kmPerHour: 30, unknownMinutes: 30, roundToMinutes: 5 } as const;

/** 0 = Sunday … 6 = Saturday; HH:MM wall-clock times, end after start ("24:00" = midnight after). */
export interface WeeklyHours {
  weekday: number;
  start: string;
  end: string;
}

export interface Place {
  unitId: string;
  lat: number | null;
  lng: number | null;
}

export interface Busy {
  startsAt: Date;
  endsAt: Date;
}

export interface BookedVisit extends Busy, Place {}

/** One agent's calendar as far as slots care. */
export interface AgentCalendar {
  /** Null: nobody in particular (no agents in the brokerage). */
  agentId: string | null;
  /** The zone of the working hours; null: the lead's zone (the default hours). */
  timezone: string | null;
  weekly: WeeklyHours[];
  bufferMinutes: number;
  timeOff: Busy[];
  bookings: BookedVisit[];
}

export interface UnitCalendar extends Place {
  /** Null: any time the agent works. */
  windows: WeeklyHours[] | null;
  /** The zone of the windows (null: the lead's). */
  timezone: string | null;
  /** Starts already booked for this home (one viewing per home and start). */
  bookedStarts: Date[];
}

export interface Slot {
  startsAt: Date;
  endsAt: Date;
  local: string;
  /** The agents free to show it, first the preferred. */
  agentIds: (string | null)[];
}

export type SlotProblem = 'past' | 'outside_hours' | 'closed_day' | 'too_soon' | 'too_far' | 'taken';

const MINUTE = 60_000;

/** Minutes to allow for getting from one home to another. */
export function travelMinutes(a: Place, b: Place): number {
  if (a.unitId === b.unitId) return 0;
  if (a.lat == null || a.lng == null || b.lat == null || b.lng == null) return TRAVEL.unknownMinutes;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  const km = 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
  const minutes = ((km * TRAVEL.roadFactor) / TRAVEL.kmPerHour) * 60;
  return Math.ceil(minutes / TRAVEL.roundToMinutes) * TRAVEL.roundToMinutes;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/**
 * The instant of a wall-clock time (minutes after midnight) on the day starting at `dayStart` in
 * `zone`. On a day without a clock change that is plain arithmetic; on one with a change, luxon's
 * set() (calendar maths: 09:00 stays 09:00). 24:00 is the next midnight.
 */
function wallInstant(dayStart: number, zone: string, minutes: number, plainDay: boolean): number {
  if (minutes >= 24 * 60) return DateTime.fromMillis(dayStart, { zone }).plus({ days: 1 }).startOf('day').toMillis();
  if (plainDay) return dayStart + minutes * MINUTE;
  return DateTime.fromMillis(dayStart, { zone }).set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
}

/** Absolute [start, end) intervals of weekly hours in `zone`, covering [from, to). */
export function weeklyIntervals(weekly: WeeklyHours[], zone: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  const rules = weekly.map((w) => ({ weekday: w.weekday, start: minutesOf(w.start), end: minutesOf(w.end) }));
  // A day before and after: hours in another zone than the lead's can reach across midnight.
  let day = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 }).toMillis();
  const last = DateTime.fromMillis(to, { zone }).startOf('day').plus({ days: 1 }).toMillis();
  while (day <= last) {
    const { next, weekday } = zonedDay(day, zone);
    const plainDay = next - day === 86_400_000;
    for (const w of rules) {
      if (w.weekday !== weekday) continue;
      const s = wallInstant(day, zone, w.start, plainDay);
      const e = wallInstant(day, zone, w.end, plainDay);
      if (e > s && e > from && s < to) out.push([s, e]);
    }
    day = next;
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Every start on the lead's hour and half hour in [from, to). */
export function gridStarts(from: number, to: number, zone: string): number[] {
  const out: number[] = [];
  let startMs = DateTime.fromMillis(from, { zone }).startOf('day').toMillis();
  while (startMs < to) {
    const { next } = zonedDay(startMs, zone);
    // A day without a clock change: plain arithmetic; with one, luxon per start.
    const day = next - startMs === 86_400_000 ? null : DateTime.fromMillis(startMs, { zone });
    for (let m = 0; m < 24 * 60; m += VIEWING_RULES.stepMinutes) {
      const hour = Math.floor(m / 60);
      const minute = m % 60;
      let at = startMs + m * MINUTE;
      if (day) {
        const t = day.set({ hour, minute });
        if (t.hour !== hour || t.minute !== minute) continue; // the hour the clock skips
        at = t.toMillis();
      }
      if (at >= from && at < to) out.push(at);
    }
    startMs = next;
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

const inside = (intervals: [number, number][], s: number, e: number) => intervals.some(([a, b]) => a <= s && e <= b);
const overlapsAny = (intervals: [number, number][], s: number, e: number) => intervals.some(([a, b]) => a < e && s < b);

/**
 * An agent's calendar made ready for one home: hours as absolute intervals, and everything that
 * blocks a viewing there as intervals too (time off; each booking widened by the buffer and the
 * travel to and from this home), so checking a start is a few number comparisons.
 */
interface PreparedAgent {
  agentId: string | null;
  hours: [number, number][];
  off: [number, number][];
  blocked: [number, number][];
}

export interface SlotQuery {
  unit: UnitCalendar;
  agents: AgentCalendar[];
  /** The lead's zone: the grid and the words. */
  timeZone: string;
  from: Date;
  to: Date;
  now: Date;
}

/** Whether the agent can show the home in [s, e): within hours, not off, clear of buffer and travel around the others. */
function agentFree(a: PreparedAgent, s: number, e: number, ignoreBookings = false): boolean {
  if (!inside(a.hours, s, e) || overlapsAny(a.off, s, e)) return false;
  return ignoreBookings || !overlapsAny(a.blocked, s, e);
}

function prepare(q: SlotQuery, from: number, to: number) {
  // Hours reach a day either side so a viewing can end after `to` and still be inside them.
  const pad = 86_400_000;
  // Agents with the same hours in the same zone (most of a brokerage) share one computation.
  const shared = new Map<string, [number, number][]>();
  const hoursOf = (weekly: WeeklyHours[], zone: string) => {
    const key = `${zone}|${JSON.stringify(weekly)}`;
    let h = shared.get(key);
    if (!h) shared.set(key, (h = weeklyIntervals(weekly, zone, from - pad, to + pad)));
    return h;
  };
  // Travel to and from this home, once per home booked (many bookings share a home).
  const travel = new Map<string, [number, number]>();
  const travelAround = (b: BookedVisit): [number, number] => {
    let t = travel.get(b.unitId);
    if (!t) travel.set(b.unitId, (t = [travelMinutes(q.unit, b), travelMinutes(b, q.unit)]));
    return t;
  };
  const agents: PreparedAgent[] = q.agents.map((a) => ({
    agentId: a.agentId,
    hours: hoursOf(a.weekly, a.timezone ?? q.timeZone),
    off: a.timeOff.map((t): [number, number] => [t.startsAt.getTime(), t.endsAt.getTime()]),
    // A booking [bs, be) rules out a viewing here that starts before be + buffer + travel from it,
    // and one that ends after bs − buffer − travel to it.
    blocked: a.bookings.map((b): [number, number] => {
      const [toHere, backFromHere] = travelAround(b);
      return [b.startsAt.getTime() - (a.bufferMinutes + toHere) * MINUTE, b.endsAt.getTime() + (a.bufferMinutes + backFromHere) * MINUTE];
    }),
  }));
  const windows = q.unit.windows ? weeklyIntervals(q.unit.windows, q.unit.timezone ?? q.timeZone, from - pad, to + pad) : null;
  const taken = new Set(q.unit.bookedStarts.map((d) => d.getTime()));
  return { agents, windows, taken };
}

/** The first index of the sorted `xs` whose value is ≥ x. */
function lowerBound(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The free starts of the home in [from, to), in time order, each with the agents free for it.
 * A sweep per agent (rather than every agent at every start): its working intervals and its blocks
 * are both sorted, so each working interval splits into the gaps between the blocks that touch it,
 * and the starts whose viewing fits in a gap are free — no start is checked against any block.
 */
export function freeSlots(q: SlotQuery): Slot[] {
  const earliest = q.now.getTime() + VIEWING_RULES.noticeMs;
  const latest = q.now.getTime() + VIEWING_RULES.horizonDays * 86_400_000;
  const from = Math.max(q.from.getTime(), earliest);
  const to = Math.min(q.to.getTime(), latest);
  if (to <= from) return [];
  const { agents, windows, taken } = prepare(q, from, to);
  const grid = gridStarts(from, to, q.timeZone);
  const dur = VIEWING_RULES.minutes * MINUTE;
  const free: (string | null)[][] = grid.map(() => []);
  for (const a of agents) {
    // Everything that blocks this agent, sorted by start once; the hours are sorted too, so each
    // hours interval looks only from the first block that still ends after an earlier interval began.
    const all = [...a.off, ...a.blocked].sort((x, y) => x[0] - y[0]);
    let first = 0;
    for (const [hs, he] of a.hours) {
      while (first < all.length && all[first][1] <= hs) first++;
      // Gaps [gapStart, gapEnd) between the blocks (sorted by start) that begin before the interval ends:
      // a viewing [s, s + dur) overlaps no block exactly when it lies inside one of them.
      let gapStart = hs;
      let i = lowerBound(grid, hs);
      for (let j = first; ; j++) {
        const blockNext = j < all.length && all[j][0] < he;
        const gapEnd = blockNext ? all[j][0] : he;
        if (gapEnd > gapStart) {
          if (grid[i] < gapStart) i = lowerBound(grid, gapStart);
          for (; i < grid.length && grid[i] + dur <= gapEnd; i++) {
            if (free[i].length && free[i].at(-1) === a.agentId) continue; // overlapping hours entries
            free[i].push(a.agentId);
          }
        }
        if (!blockNext) break;
        gapStart = Math.max(gapStart, all[j][1]);
      }
    }
  }
  const out: Slot[] = [];
  grid.forEach((s, i) => {
    const e = s + dur;
    if (!free[i].length || taken.has(s) || (windows && !inside(windows, s, e))) return;
    out.push({ startsAt: new Date(s), endsAt: new Date(e), local: describeLocal(new Date(s), q.timeZone), agentIds: free[i] });
  });
  return out;
}

/**
 * Why a wanted start cannot be booked, or null when some agent is free for it. `at` is the
 * instant the lead's date and time name; `onGrid` whether it is on their hour or half hour.
 */
export function problemWith(q: Omit<SlotQuery, 'from' | 'to'>, at: Date, onGrid: boolean): SlotProblem | null {
  const s = at.getTime();
  const e = s + VIEWING_RULES.minutes * MINUTE;
  const now = q.now.getTime();
  if (s < now) return 'past';
  if (s < now + VIEWING_RULES.noticeMs) return 'too_soon';
  if (s > now + VIEWING_RULES.horizonDays * 86_400_000) return 'too_far';
  const day = DateTime.fromMillis(s, { zone: q.timeZone }).startOf('day');
  const { agents, windows, taken } = prepare({ ...q, from: new Date(s), to: new Date(e) }, day.toMillis(), day.plus({ days: 1 }).toMillis());
  const dayStart = day.toMillis();
  const dayEnd = day.plus({ days: 1 }).toMillis();
  const opensThatDay = agents.some((a) => a.hours.some(([x, y]) => x < dayEnd && y > dayStart)) && (!windows || windows.some(([x, y]) => x < dayEnd && y > dayStart));
  if (!opensThatDay) return 'closed_day';
  if (!onGrid || (windows && !inside(windows, s, e)) || !agents.some((a) => agentFree(a, s, e, true))) return 'outside_hours';
  if (taken.has(s) || !agents.some((a) => agentFree(a, s, e))) return 'taken';
  return null;
}

/** The agents free for one start (booking re-checks its agent with this under a lock). */
export function agentsFreeAt(q: Omit<SlotQuery, 'from' | 'to'>, at: Date): (string | null)[] {
  const s = at.getTime();
  const e = s + VIEWING_RULES.minutes * MINUTE;
  const { agents, windows, taken } = prepare({ ...q, from: at, to: new Date(e) }, s, e);
  if (taken.has(s) || (windows && !inside(windows, s, e))) return [];
  return agents.filter((a) => agentFree(a, s, e)).map((a) => a.agentId);
}

/**
 * Slots to offer: the ones nearest the wanted date and time (or the earliest when none is wanted,
 * or the wanted day's first ones), at most `count`, in time order.
 */
export function pickOffers(free: Slot[], timeZone: string, wanted: { date?: string | null; time?: string | null }, count = 3): Slot[] {
  let picked = free.slice(0, count);
  if (wanted.date && wanted.time) {
    const target = DateTime.fromISO(`${wanted.date}T${wanted.time}`, { zone: timeZone }).toMillis();
    picked = [...free].sort((a, b) => Math.abs(a.startsAt.getTime() - target) - Math.abs(b.startsAt.getTime() - target)).slice(0, count);
  } else if (wanted.date) {
    const sameDay = free.filter((s) => DateTime.fromJSDate(s.startsAt, { zone: timeZone }).toISODate() === wanted.date);
    picked = (sameDay.length ? sameDay : free).slice(0, count);
  }
  return picked.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
