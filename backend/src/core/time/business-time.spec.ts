import fc from 'fast-check';
import { addBusinessMinutes, type BusinessHours, businessHoursProblem, businessMinutesFit } from './business-time';

const weekdays9to6 = (timeZone: string): BusinessHours => ({ timeZone, days: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' })) });
const add = (iso: string, minutes: number, hours: BusinessHours) => addBusinessMinutes(new Date(iso), minutes, hours).toISOString();

describe('business time', () => {
  const madrid = weekdays9to6('Europe/Madrid');

  it.each([
    // Friday 17:58 in Madrid (UTC+1): 2 minutes left today, 3 more from Monday 09:00.
    ['2026-12-04T16:58:00Z', 5, '2026-12-07T08:03:00.000Z'],
    // Saturday: the clock waits for Monday's opening.
    ['2026-12-05T10:00:00Z', 5, '2026-12-07T08:05:00.000Z'],
    // Inside the hours: plain minutes.
    ['2026-12-02T10:00:00Z', 5, '2026-12-02T10:05:00.000Z'],
    // Before opening: from 09:00.
    ['2026-12-02T06:00:00Z', 60, '2026-12-02T09:00:00.000Z'],
    // Three working days of 9 hours from Monday 09:00 end Wednesday 18:00.
    ['2026-12-07T08:00:00Z', 3 * 9 * 60, '2026-12-09T17:00:00.000Z'],
  ])('from %s, %i business minutes end at %s', (start, minutes, due) => {
    expect(add(start, minutes, madrid)).toBe(due);
  });

  it('counts the short night the clocks go forward as the time it really has', () => {
    // Los Angeles, 8 March 2026: 02:00 → 03:00. A 01:00–04:00 window holds two real hours.
    const night: BusinessHours = { timeZone: 'America/Los_Angeles', days: [{ weekday: 0, start: '01:00', end: '04:00' }] };
    expect(add('2026-03-08T09:00:00Z', 120, night)).toBe('2026-03-08T11:00:00.000Z');
    // A third hour is only found the next Sunday, at 01:00 (UTC-7 by then).
    expect(add('2026-03-08T09:00:00Z', 180, night)).toBe('2026-03-15T09:00:00.000Z');
  });

  it('says what is wrong with hours that make no sense', () => {
    expect(businessHoursProblem({ timeZone: 'Mars/Olympus', days: [] })).toMatch(/not a time zone/);
    expect(businessHoursProblem({ timeZone: 'UTC', days: [{ weekday: 1, start: '18:00', end: '09:00' }] })).toBe('Monday: closing time 09:00 is not after opening time 18:00');
    expect(businessHoursProblem({ timeZone: 'UTC', days: [{ weekday: 2, start: '25:00', end: '26:00' }] })).toMatch(/HH:MM/);
    expect(businessHoursProblem({ timeZone: 'UTC', days: [{ weekday: 2, start: '09:00', end: '24:00' }, { weekday: 2, start: '09:00', end: '10:00' }] })).toMatch(/twice/);
    expect(businessHoursProblem(madrid)).toBeNull();
  });

  it('knows when opening hours are too short for a time limit', () => {
    const quarterHourAWeek: BusinessHours = { timeZone: 'Europe/Madrid', days: [{ weekday: 4, start: '00:00', end: '00:15' }] };
    expect(businessMinutesFit(60, quarterHourAWeek)).toBe(true);
    expect(businessMinutesFit(7846, quarterHourAWeek)).toBe(false); // 523 weeks of a quarter hour: beyond ten years
  });

  describe('properties', () => {
    const zones = fc.constantFrom('Europe/Madrid', 'America/Los_Angeles', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC');
    const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const window = fc.tuple(hhmm, hhmm).filter(([a, b]) => a !== b).map(([a, b]) => (a < b ? [a, b] : [b, a]));
    const hours: fc.Arbitrary<BusinessHours> = fc
      .record({ timeZone: zones, open: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }), windows: fc.array(window, { minLength: 7, maxLength: 7 }), late: fc.boolean() })
      .map(({ timeZone, open, windows, late }) => ({ timeZone, days: open.map((weekday) => ({ weekday, start: windows[weekday][0], end: late ? '24:00' : windows[weekday][1] })) }));
    // Spanning 2026's daylight-saving changes on both hemispheres (March, April, October, November).
    const instant = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true });
    const dstDay = fc.constantFrom('2026-03-08T08:30:00Z', '2026-03-29T00:30:00Z', '2026-04-05T15:30:00Z', '2026-10-04T15:30:00Z', '2026-10-25T00:30:00Z', '2026-11-01T08:30:00Z').map((s) => new Date(s));
    const minutes = fc.integer({ min: 0, max: 20_000 });

    it('never ends before it starts, and ends inside the opening hours', () => {
      fc.assert(
        fc.property(hours, fc.oneof(instant, dstDay), fc.integer({ min: 1, max: 20_000 }), (h, start, m) => {
          expect(businessHoursProblem(h)).toBeNull();
          fc.pre(businessMinutesFit(m, h)); // hours too short for m are refused when saved (sla.service)
          const due = addBusinessMinutes(start, m, h);
          expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime() + 60_000);
        }),
      );
    });

    it('adding in two steps is adding once, across clock changes', () => {
      fc.assert(
        fc.property(hours, fc.oneof(instant, dstDay), minutes, minutes, (h, start, a, b) => {
          fc.pre(businessMinutesFit(a + b, h));
          expect(addBusinessMinutes(addBusinessMinutes(start, a, h), b, h).toISOString()).toBe(addBusinessMinutes(start, a + b, h).toISOString());
        }),
      );
    });

    it('is plain elapsed time when the business never closes', () => {
      const always: BusinessHours = { timeZone: 'Europe/London', days: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })) };
      fc.assert(
        fc.property(fc.oneof(instant, dstDay), minutes, (start, m) => {
          expect(addBusinessMinutes(start, m, always).getTime()).toBe(start.getTime() + m * 60_000);
        }),
      );
    });
  });
});
