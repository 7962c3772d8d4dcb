import { eventIdOf, GoogleCalendarAdapter } from './calendar-push';
import { calendarPushContract } from './calendar-push.contract';
import { GoogleCalendarStandIn } from './sandbox/google-calendar-standin';

/** The Google adapter against the local stand-in over real HTTP (never against Google itself). */
const standIn = new GoogleCalendarStandIn('good-token');
beforeAll(() => standIn.start());
afterAll(() => standIn.stop());

calendarPushContract('Google Calendar API v3 (local stand-in)', () => ({
  push: new GoogleCalendarAdapter({ baseUrl: standIn.url, calendarId: 'viewings@group.calendar.google.com', token: 'good-token' }),
  failing: new GoogleCalendarAdapter({ baseUrl: standIn.url, calendarId: 'viewings@group.calendar.google.com', token: 'expired-token' }),
  probe: {
    event: (viewingId) => {
      const e = standIn.events.get(`viewings@group.calendar.google.com/${eventIdOf(viewingId)}`) as { summary: string; start: { dateTime: string }; end: { dateTime: string }; status: string } | undefined;
      return Promise.resolve(e ? { summary: e.summary, start: e.start.dateTime, end: e.end.dateTime, status: e.status } : null);
    },
  },
}));
