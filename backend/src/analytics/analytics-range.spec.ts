import { costOverRange } from './analytics.service';
import { dayRange } from './analytics-range';

describe('the team’s days', () => {
  it('a range runs from the midnight that starts `from` to the one that ends `to`, on the team’s clock', () => {
    const r = dayRange({ from: '2026-11-10', to: '2026-11-16' }, 'America/Los_Angeles', new Date());
    expect(r).toMatchObject({ days: 7, previousFrom: '2026-11-03', previousTo: '2026-11-09' });
    expect(r.start.toISOString()).toBe('2026-11-10T08:00:00.000Z');
    expect(r.end.toISOString()).toBe('2026-11-17T08:00:00.000Z');
    expect(r.previousStart.toISOString()).toBe('2026-11-03T08:00:00.000Z');
  });

  it('the day the clocks go back lasts 25 hours, and the previous period starts on summer time', () => {
    // 1 November 2026: Pacific daylight time ends at 02:00 (UTC−7 → UTC−8).
    const r = dayRange({ from: '2026-11-01', to: '2026-11-01' }, 'America/Los_Angeles', new Date());
    expect(r.start.toISOString()).toBe('2026-11-01T07:00:00.000Z');
    expect(r.end.toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(r.previousStart.toISOString()).toBe('2026-10-31T07:00:00.000Z');
  });

  it('without dates: the 30 days ending today, on the team’s clock', () => {
    // 03:00 UTC on the 5th is still the 4th in Los Angeles.
    const r = dayRange({}, 'America/Los_Angeles', new Date('2026-12-05T03:00:00Z'));
    expect(r).toMatchObject({ from: '2026-11-05', to: '2026-12-04', days: 30 });
  });
});

describe('what a source cost over a range', () => {
  it('prorates a monthly cost by the days of each calendar month, and adds the cost per lead', () => {
    // 25–31 January: 7/31 of 310 = 70; 1–3 February 2026: 3/28 of 280 = 30 (of 310: 33.21); 4 leads × 2.5 = 10.
    expect(costOverRange({ from: '2026-01-25', to: '2026-02-03' }, 4, { monthlyCost: null, costPerLead: 2.5 })).toBe(10);
    expect(costOverRange({ from: '2026-01-25', to: '2026-01-31' }, 4, { monthlyCost: 310, costPerLead: null })).toBe(70);
    expect(costOverRange({ from: '2026-02-01', to: '2026-02-03' }, 0, { monthlyCost: 280, costPerLead: null })).toBe(30);
    expect(costOverRange({ from: '2026-01-25', to: '2026-02-03' }, 4, { monthlyCost: 310, costPerLead: 2.5 })).toBe(113.21);
  });
});
