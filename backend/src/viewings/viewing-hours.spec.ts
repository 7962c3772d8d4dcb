import { offerSlots, problemWith } from './viewing-hours';
import { instantOf } from '../core/time/zoned-time';

const NOW = new Date('2026-11-26T18:00:00Z'); // Thu 26 Nov, 10:00 in Los Angeles
const TZ = 'America/Los_Angeles';

describe('viewing hours', () => {
  it.each([
    ['2026-11-28', '11:00', null],
    ['2026-11-29', '18:30', null],
    ['2026-11-28', '09:00', null],
    ['2026-11-28', '19:00', null],
    ['2026-11-28', '08:30', 'outside_hours'],
    ['2026-11-28', '19:30', 'outside_hours'],
    ['2026-11-28', '11:15', 'outside_hours'],
    ['2026-11-26', '11:00', 'too_soon'],
    ['2027-01-10', '11:00', 'too_far'],
  ])('%s %s → %s', (date, time, problem) => {
    expect(problemWith(date, time, TZ, NOW)).toBe(problem);
  });

  it('offers the free slots nearest the wanted time, skipping booked ones, in the lead\'s zone', () => {
    const booked = [instantOf('2026-11-28', '11:00', TZ)];
    const slots = offerSlots({ timeZone: TZ, now: NOW, booked, date: '2026-11-28', time: '11:00', count: 3 });
    expect(slots.map((s) => s.local)).toEqual(['Sat 28 Nov, 10:00', 'Sat 28 Nov, 10:30', 'Sat 28 Nov, 11:30']);
    expect(slots[0].endsAt.getTime() - slots[0].startsAt.getTime()).toBe(45 * 60_000);
  });

  it('offers the earliest slots at least two hours ahead when no time is wanted', () => {
    expect(offerSlots({ timeZone: TZ, now: NOW, booked: [], count: 2 }).map((s) => s.local)).toEqual(['Thu 26 Nov, 12:00', 'Thu 26 Nov, 12:30']);
  });
});
