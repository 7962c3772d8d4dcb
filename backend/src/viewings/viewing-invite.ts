import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';

/** What a calendar needs to know of one viewing. */
export interface InviteEvent {
  viewingId: string;
  /** Raised on every move and cancellation: calendars keep the highest. */
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  cancelled: boolean;
  unitTitle: string;
  address: string;
  lead: { name: string; email: string | null };
  agent: { name: string; email: string | null } | null;
  /** Who the invite is from (the brokerage's address). */
  organizer: { name: string; email: string };
}

/** One stable UID per viewing: a move or cancellation replaces the same event in every calendar. */
export const inviteUid = (viewingId: string, domain: string) => `viewing-${viewingId}@${domain}`;

const PROD_ID = { company: 'Openhouse', product: 'Viewings', language: 'EN' } as const;

function addEvent(cal: ICalCalendar, e: InviteEvent, domain: string): void {
  cal.createEvent({
    id: inviteUid(e.viewingId, domain),
    sequence: e.sequence,
    // UTC instants: every calendar shows them in its own zone, no VTIMEZONE needed.
    start: e.startsAt,
    end: e.endsAt,
    summary: `Viewing: ${e.unitTitle}`,
    location: e.address,
    description: `Viewing of ${e.unitTitle} (${e.address}) with ${e.lead.name}${e.agent ? `, shown by ${e.agent.name}` : ''}.`,
    status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: e.organizer,
    attendees: [
      ...(e.lead.email ? [{ name: e.lead.name, email: e.lead.email, rsvp: true }] : []),
      ...(e.agent?.email ? [{ name: e.agent.name, email: e.agent.email }] : []),
    ],
  });
}

/** The iCalendar invite mailed for a booked or moved viewing (REQUEST) or a cancelled one (CANCEL). */
export function inviteIcs(e: InviteEvent, domain: string): { method: 'REQUEST' | 'CANCEL'; content: string } {
  const method = e.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST;
  const cal = ical({ prodId: PROD_ID, method });
  addEvent(cal, e, domain);
  return { method: e.cancelled ? 'CANCEL' : 'REQUEST', content: cal.toString() };
}

/** An agent's subscribed calendar: their viewings, no METHOD (a feed publishes, it does not invite). */
export function feedIcs(name: string, events: InviteEvent[], domain: string): string {
  const cal = ical({ prodId: PROD_ID, name, ttl: 15 * 60 });
  for (const e of events) addEvent(cal, e, domain);
  return cal.toString();
}
