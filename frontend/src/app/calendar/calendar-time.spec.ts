import { CalendarViewingDto } from '../api/models/calendar-viewing-dto';
import { dayHours, toEvent, visibleRange, wallClockIn } from './calendar-time';

const viewing = (over: Partial<CalendarViewingDto> = {}): CalendarViewingDto => ({
  id: 'v1',
  leadId: 'l1',
  leadName: 'Dana Buyer',
  unitId: 'u1',
  unitTitle: 'Fremont house',
  address: 'Fremont, Seattle',
  agentId: 'a1',
  agentName: 'Avery Agent',
  startsAt: '2030-03-12T17:30:00.000Z',
  endsAt: '2030-03-12T18:15:00.000Z',
  timezone: 'America/New_York',
  local: 'Tue 12 Mar, 13:30',
  status: 'booked',
  ...over,
});

describe('calendar times', () => {
  it('turns a time dropped on the grid into the lead’s own date and clock time', () => {
    // 17:30 UTC is 13:30 in New York (daylight time) and 10:30 in Los Angeles.
    expect(wallClockIn(new Date('2030-03-12T17:30:00Z'), 'America/New_York')).toEqual({ date: '2030-03-12', time: '13:30' });
    expect(wallClockIn(new Date('2030-03-12T17:30:00Z'), 'America/Los_Angeles')).toEqual({ date: '2030-03-12', time: '10:30' });
    // Late evening in Los Angeles is already the next day in New York.
    expect(wallClockIn(new Date('2030-03-13T03:30:00Z'), 'America/New_York').date).toBe('2030-03-12');
    expect(wallClockIn(new Date('2030-03-13T05:30:00Z'), 'America/New_York')).toEqual({ date: '2030-03-13', time: '01:30' });
  });

  it('a week runs Monday to Monday around the day shown; a day view is that day', () => {
    const wed = new Date(2030, 2, 13, 15, 0);
    const week = visibleRange(wed, 'week');
    expect(week.from).toEqual(new Date(2030, 2, 11));
    expect(week.to).toEqual(new Date(2030, 2, 18));
    const day = visibleRange(wed, 'day');
    expect(day.from).toEqual(new Date(2030, 2, 13));
    expect(day.to).toEqual(new Date(2030, 2, 14));
    // Sunday belongs to the week that started the Monday before.
    expect(visibleRange(new Date(2030, 2, 17), 'week').from).toEqual(new Date(2030, 2, 11));
  });

  it('shows who, which home and the lead’s time when the lead is elsewhere; only booked viewings can be dragged', () => {
    const e = toEvent(viewing(), 'America/Los_Angeles');
    expect(e.title).toBe("Dana Buyer · Fremont house · Avery Agent (lead's time 13:30)");
    expect(e.draggable).toBe(true);
    expect(toEvent(viewing(), 'America/New_York').title).toBe('Dana Buyer · Fremont house · Avery Agent');
    const cancelled = toEvent(viewing({ status: 'cancelled' }), 'America/New_York');
    expect(cancelled.draggable).toBe(false);
    expect(cancelled.title).toContain('(cancelled)');
  });

  it('a day shows 07:00 to 21:00, earlier or later when a viewing falls outside', () => {
    expect(dayHours([])).toEqual({ start: 7, end: 20 });
    expect(dayHours([{ start: new Date(2030, 2, 12, 6, 0), end: new Date(2030, 2, 12, 6, 45) }])).toEqual({ start: 6, end: 20 });
    expect(dayHours([{ start: new Date(2030, 2, 12, 21, 30), end: new Date(2030, 2, 12, 22, 15) }])).toEqual({ start: 7, end: 22 });
  });
});
