import { addDays, dayIn, dayOf, describeLocal, instantOf, isoDate, isRealDate, wallClock, zonedDay } from './zoned-time';

describe('zoned time', () => {
  it.each([
    ['2026-11-28', '11:00', 'America/Los_Angeles', '2026-11-28T19:00:00.000Z'],
    ['2026-07-04', '11:00', 'America/Los_Angeles', '2026-07-04T18:00:00.000Z'],
    ['2026-11-28', '11:00', 'Asia/Dubai', '2026-11-28T07:00:00.000Z'],
    ['2026-11-28', '11:00', 'Asia/Kolkata', '2026-11-28T05:30:00.000Z'],
    ['2026-11-28', '00:30', 'Europe/London', '2026-11-28T00:30:00.000Z'],
    // 02:30 does not exist on 8 March 2026 in Los Angeles: read with the offset before the jump.
    ['2026-03-08', '02:30', 'America/Los_Angeles', '2026-03-08T10:30:00.000Z'],
    // 01:30 happens twice on 1 November 2026: the first one.
    ['2026-11-01', '01:30', 'America/Los_Angeles', '2026-11-01T08:30:00.000Z'],
  ])('%s %s in %s is %s', (date, time, tz, iso) => {
    expect(instantOf(date, time, tz).toISOString()).toBe(iso);
  });

  it('reads an instant back as the same wall clock', () => {
    const at = instantOf('2026-12-05', '16:30', 'Australia/Sydney');
    expect(wallClock(at, 'Australia/Sydney')).toEqual({ date: '2026-12-05', time: '16:30', weekday: 6 });
  });

  it('walks days in a zone: 23 hours the day the clock springs forward, 25 the day it falls back, the weekday of the start', () => {
    const start = (date: string) => instantOf(date, '00:00', 'America/Los_Angeles').getTime();
    const hours = (date: string) => (zonedDay(start(date), 'America/Los_Angeles').next - start(date)) / 3_600_000;
    expect([hours('2026-03-07'), hours('2026-03-08'), hours('2026-11-01')]).toEqual([24, 23, 25]);
    expect(zonedDay(start('2026-03-08'), 'America/Los_Angeles')).toEqual({ start: start('2026-03-08'), next: start('2026-03-09'), weekday: 0 });
    // Asked again (now remembered): the same answer.
    expect(zonedDay(start('2026-03-08'), 'America/Los_Angeles').next).toBe(start('2026-03-09'));
  });

  it('adds days across month and year ends', () => {
    expect(isoDate(addDays(dayOf('2026-12-30'), 3))).toBe('2027-01-02');
    expect(isoDate(addDays(dayOf('2028-02-28'), 1))).toBe('2028-02-29');
    expect(isoDate(addDays(dayIn(new Date('2026-12-30T12:00:00Z'), 'UTC'), 3))).toBe('2027-01-02');
  });

  it('describes a time as the lead reads it', () => {
    expect(describeLocal(new Date('2026-11-28T19:00:00Z'), 'America/Los_Angeles')).toBe('Sat 28 Nov, 11:00');
  });

  it.each<[string, string, string]>([
    ['2026-11-25T18:00:00Z', 'America/Los_Angeles', '2026-11-25'],
    ['2026-11-25T18:00:00Z', 'Pacific/Auckland', '2026-11-26'],
    ['2026-11-26T02:00:00Z', 'America/New_York', '2026-11-25'],
    ['2026-11-25T18:00:00Z', 'Not/AZone', '2026-11-25'],
  ])('the day at %s in %s is %s', (now, zone, day) => {
    expect(isoDate(dayIn(new Date(now), zone))).toBe(day);
  });

  it('knows real dates', () => {
    expect(isRealDate(2026, 2, 29)).toBe(false);
    expect(isRealDate(2028, 2, 29)).toBe(true);
    expect(isRealDate(2026, 4, 31)).toBe(false);
  });
});
