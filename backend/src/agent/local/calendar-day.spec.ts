import { addDays, dayIn, isRealDate, isoDate } from './calendar-day';

describe('calendar days', () => {
  it.each<[string, string, string]>([
    ['2026-11-25T18:00:00Z', 'America/Los_Angeles', '2026-11-25'],
    ['2026-11-25T18:00:00Z', 'Pacific/Auckland', '2026-11-26'],
    ['2026-11-26T02:00:00Z', 'America/New_York', '2026-11-25'],
    ['2026-11-25T18:00:00Z', 'Not/AZone', '2026-11-25'],
  ])('%s in %s is %s', (now, zone, day) => {
    expect(isoDate(dayIn(new Date(now), zone))).toBe(day);
  });

  it('adds days across months and years', () => {
    expect(isoDate(addDays(dayIn(new Date('2026-12-30T12:00:00Z'), 'UTC'), 3))).toBe('2027-01-02');
  });

  it('knows real dates', () => {
    expect(isRealDate(2026, 2, 29)).toBe(false);
    expect(isRealDate(2028, 2, 29)).toBe(true);
    expect(isRealDate(2026, 4, 31)).toBe(false);
  });
});
