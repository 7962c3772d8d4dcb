import type { InviteEvent } from './viewing-invite';

/**
 * Pushing viewings into an external calendar (the port). An adapter keys events by the viewing,
 * so a retried push updates rather than duplicates, and a delete of an event already gone is done.
 */
export interface CalendarPush {
  /** Creates or updates the viewing's event. */
  upsert(e: InviteEvent): Promise<void>;
  /** Removes the viewing's event (gone already: fine). */
  remove(viewingId: string): Promise<void>;
}

export const CALENDAR_PUSH = Symbol('CALENDAR_PUSH');

export class CalendarPushError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Google Calendar API v3 (events.insert / events.patch / events.delete) over fetch. The event id
 * is the viewing's UUID without dashes (Google accepts client ids in base32hex, 0-9a-v): insert
 * answers 409 when it exists, then it is patched. Never run against Google itself: tested against
 * a local stand-in that speaks the same protocol (calendar-push.contract.ts).
 */
export class GoogleCalendarAdapter implements CalendarPush {
  constructor(private readonly opts: { baseUrl: string; calendarId: string; token: string }) {}

  private url(eventId?: string): string {
    const base = `${this.opts.baseUrl.replace(/\/$/, '')}/calendars/${encodeURIComponent(this.opts.calendarId)}/events`;
    return eventId ? `${base}/${eventId}` : base;
  }

  private async call(method: string, url: string, body?: unknown): Promise<Response> {
    return fetch(url, {
      method,
      headers: { authorization: `Bearer ${this.opts.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
  }

  async upsert(e: InviteEvent): Promise<void> {
    const id = eventIdOf(e.viewingId);
    const body = googleEvent(e);
    const inserted = await this.call('POST', `${this.url()}?sendUpdates=none`, { id, ...body });
    if (inserted.ok) return;
    if (inserted.status !== 409) throw new CalendarPushError(inserted.status, `Google Calendar insert answered ${inserted.status}: ${(await inserted.text()).slice(0, 300)}`);
    const patched = await this.call('PATCH', `${this.url(id)}?sendUpdates=none`, body);
    if (!patched.ok) throw new CalendarPushError(patched.status, `Google Calendar patch answered ${patched.status}: ${(await patched.text()).slice(0, 300)}`);
  }

  async remove(viewingId: string): Promise<void> {
    const res = await this.call('DELETE', `${this.url(eventIdOf(viewingId))}?sendUpdates=none`);
    // 404 (never pushed) and 410 (deleted before) both mean it is gone.
    if (!res.ok && res.status !== 404 && res.status !== 410) throw new CalendarPushError(res.status, `Google Calendar delete answered ${res.status}`);
  }
}

export const eventIdOf = (viewingId: string) => viewingId.replace(/-/g, '').toLowerCase();

/** The Calendar API's event resource for a viewing. */
export function googleEvent(e: InviteEvent) {
  return {
    summary: `Viewing: ${e.unitTitle}`,
    location: e.address,
    description: `Viewing of ${e.unitTitle} (${e.address}) with ${e.lead.name}${e.agent ? `, shown by ${e.agent.name}` : ''}.`,
    start: { dateTime: e.startsAt.toISOString() },
    end: { dateTime: e.endsAt.toISOString() },
    sequence: e.sequence,
    status: e.cancelled ? 'cancelled' : 'confirmed',
    ...(e.agent?.email ? { attendees: [{ email: e.agent.email, displayName: e.agent.name }] } : {}),
  };
}
