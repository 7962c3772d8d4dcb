import { timeAgo } from './time-ago-pipe';

describe('timeAgo', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('says how long ago, in words', () => {
    expect(timeAgo('2026-11-26T09:00:00Z', now)).toBe('3 hours ago');
    expect(timeAgo('2026-11-25T12:00:00Z', now)).toBe('yesterday');
    expect(timeAgo('2026-11-26T11:59:50Z', now)).toBe('just now');
  });
  it('handles the future and missing dates', () => {
    expect(timeAgo('2026-11-28T12:00:00Z', now)).toBe('in 2 days');
    expect(timeAgo(null, now)).toBe('');
  });
});
