import { CalendarViewingDto } from '../api/models/calendar-viewing-dto';
import { splitByNow } from './lead-viewings';

const v = (id: string, startsAt: string, status: CalendarViewingDto['status'] = 'booked'): CalendarViewingDto => ({
  id,
  leadId: 'l',
  leadName: 'Dana',
  unitId: 'u',
  unitTitle: 'Home',
  address: 'Seattle',
  agentId: null,
  agentName: null,
  startsAt,
  endsAt: new Date(new Date(startsAt).getTime() + 45 * 60_000).toISOString(),
  timezone: 'America/Los_Angeles',
  local: startsAt,
  status,
});

describe('the lead page’s viewings', () => {
  it('lists upcoming booked viewings soonest first, and past or cancelled ones latest first', () => {
    const now = new Date('2030-05-10T12:00:00Z');
    const { upcoming, past } = splitByNow(
      [v('later', '2030-05-20T17:00:00Z'), v('held', '2030-05-01T17:00:00Z', 'done'), v('soon', '2030-05-11T17:00:00Z'), v('dropped', '2030-05-15T17:00:00Z', 'cancelled'), v('over', '2030-05-09T17:00:00Z')],
      now,
    );
    expect(upcoming.map((x) => x.id)).toEqual(['soon', 'later']);
    expect(past.map((x) => x.id)).toEqual(['dropped', 'over', 'held']);
  });

  it('a viewing still going on counts as upcoming', () => {
    const { upcoming } = splitByNow([v('now', '2030-05-10T11:30:00Z')], new Date('2030-05-10T12:00:00Z'));
    expect(upcoming.map((x) => x.id)).toEqual(['now']);
  });
});
