import { instantOf } from '../core/time/zoned-time';
import { AgentCalendar, DEFAULT_HOURS, freeSlots, pickOffers, problemWith, travelMinutes, UnitCalendar } from './availability';

const NOW = new Date('2026-11-26T18:00:00Z'); // Thu 26 Nov, 10:00 in Los Angeles
const TZ = 'America/Los_Angeles';
const HOME: UnitCalendar = { unitId: 'home', lat: 47.65, lng: -122.35, windows: null, timezone: null, bookedStarts: [] };
const NOBODY: AgentCalendar = { agentId: null, timezone: null, weekly: DEFAULT_HOURS, bufferMinutes: 0, timeOff: [], bookings: [] };
const agent = (over: Partial<AgentCalendar> = {}): AgentCalendar => ({ agentId: 'a1', timezone: TZ, weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })), bufferMinutes: 15, timeOff: [], bookings: [], ...over });
const day = (date: string, agents: AgentCalendar[], unit = HOME, timeZone = TZ, now = NOW) =>
  freeSlots({ unit, agents, timeZone, now, from: instantOf(date, '00:00', timeZone), to: instantOf(date, '23:59', timeZone) }).map((s) => s.local.split(', ')[1]);

describe('viewing availability', () => {
  it.each([
    ['2026-11-28', '11:00', null],
    ['2026-11-28', '09:00', null],
    ['2026-11-28', '19:00', null],
    ['2026-11-28', '08:30', 'outside_hours'],
    ['2026-11-28', '19:30', 'outside_hours'],
    ['2026-11-28', '11:15', 'outside_hours'],
    ['2026-11-26', '11:00', 'too_soon'],
    ['2026-11-25', '11:00', 'past'],
    ['2027-02-10', '11:00', 'too_far'],
  ])('default hours (no agent calendar): %s %s → %s', (date, time, problem) => {
    expect(problemWith({ unit: HOME, agents: [NOBODY], timeZone: TZ, now: NOW }, instantOf(date, time, TZ), time.endsWith(':00') || time.endsWith(':30'))).toBe(problem);
  });

  it("an agent's working days and hours, in their own zone, shown in the lead's", () => {
    expect(day('2026-11-28', [agent()])).toEqual([]); // Saturday off
    const monday = day('2026-11-30', [agent()]);
    expect(monday[0]).toBe('09:00');
    expect(monday.at(-1)).toBe('16:00'); // 16:00 + 45 min ends before 17:00
    // A lead in New York sees the same agent's hours three hours later.
    expect(day('2026-11-30', [agent()], HOME, 'America/New_York')[0]).toBe('12:00');
    expect(problemWith({ unit: HOME, agents: [agent()], timeZone: TZ, now: NOW }, instantOf('2026-11-28', '11:00', TZ), true)).toBe('closed_day');
  });

  it('keeps 09:00 at 09:00 across the change to and from daylight saving', () => {
    const springNow = new Date('2026-03-01T12:00:00Z');
    const before = freeSlots({ unit: HOME, agents: [agent()], timeZone: TZ, now: springNow, from: instantOf('2026-03-06', '00:00', TZ), to: instantOf('2026-03-11', '00:00', TZ) });
    const firsts = new Map<string, string>();
    for (const s of before) {
      const [d, t] = s.local.split(', ');
      if (!firsts.has(d)) firsts.set(d, t);
    }
    expect([...firsts.values()]).toEqual(['09:00', '09:00', '09:00']); // Fri 6 (PST), Mon 9 and Tue 10 (PDT)
    expect(before.find((s) => s.local.startsWith('Mon 9 Mar'))!.startsAt.toISOString()).toBe('2026-03-09T16:00:00.000Z');
    expect(before.find((s) => s.local.startsWith('Fri 6 Mar'))!.startsAt.toISOString()).toBe('2026-03-06T17:00:00.000Z');
  });

  it('leaves a buffer and the travel from the previous home before the next viewing', () => {
    // Booked 10:00–10:45 at a home ~5 km away: 15 min buffer + ~15 min travel → 11:30 is the next start (11:00 is too soon).
    const far = { unitId: 'far', lat: 47.695, lng: -122.35, startsAt: instantOf('2026-11-30', '10:00', TZ), endsAt: instantOf('2026-11-30', '10:45', TZ) };
    expect(travelMinutes(far, HOME)).toBe(15);
    const slots = day('2026-11-30', [agent({ bookings: [far] })]);
    expect(slots).not.toContain('09:00'); // 09:45 + 15 + 15 > 10:00
    expect(slots).not.toContain('11:00');
    expect(slots).toContain('11:30');
    // The same home right after: the buffer only.
    const here = { ...far, unitId: 'home', lat: HOME.lat, lng: HOME.lng };
    expect(day('2026-11-30', [agent({ bookings: [here] })])).toContain('11:00');
    // Unknown coordinates: 30 minutes of travel.
    expect(travelMinutes({ unitId: 'x', lat: null, lng: null }, HOME)).toBe(30);
  });

  it('no viewings in time off, outside the home\'s windows, or at a start the home has booked', () => {
    const off = { startsAt: instantOf('2026-11-30', '12:00', TZ), endsAt: instantOf('2026-11-30', '14:00', TZ) };
    const slots = day('2026-11-30', [agent({ timeOff: [off] })]);
    expect(slots).toContain('11:00');
    expect(slots).not.toContain('11:30'); // would end 12:15
    expect(slots).not.toContain('13:30');
    expect(slots).toContain('14:00');
    const windowed = { ...HOME, windows: [{ weekday: 1, start: '13:00', end: '15:00' }], timezone: TZ, bookedStarts: [instantOf('2026-11-30', '13:30', TZ)] };
    expect(day('2026-11-30', [agent()], windowed)).toEqual(['13:00', '14:00']);
  });

  it('a start is free while any one agent is; each slot names who', () => {
    const busy = agent({ agentId: 'busy', timeOff: [{ startsAt: instantOf('2026-11-30', '00:00', TZ), endsAt: instantOf('2026-12-01', '00:00', TZ) }] });
    const [first] = freeSlots({ unit: HOME, agents: [busy, agent({ agentId: 'free' })], timeZone: TZ, now: NOW, from: instantOf('2026-11-30', '00:00', TZ), to: instantOf('2026-12-01', '00:00', TZ) });
    expect(first.agentIds).toEqual(['free']);
  });

  it('offers the free slots nearest the wanted time', () => {
    const unit = { ...HOME, bookedStarts: [instantOf('2026-11-28', '11:00', TZ)] };
    const free = freeSlots({ unit, agents: [NOBODY], timeZone: TZ, now: NOW, from: NOW, to: new Date(NOW.getTime() + 21 * 86_400_000) });
    expect(pickOffers(free, TZ, { date: '2026-11-28', time: '11:00' }).map((s) => s.local)).toEqual(['Sat 28 Nov, 10:00', 'Sat 28 Nov, 10:30', 'Sat 28 Nov, 11:30']);
    expect(pickOffers(free, TZ, {}, 2).map((s) => s.local)).toEqual(['Thu 26 Nov, 12:00', 'Thu 26 Nov, 12:30']);
  });
});
