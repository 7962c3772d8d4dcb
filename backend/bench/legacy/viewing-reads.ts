import type { DataSource, EntityManager } from 'typeorm';
import type { AgentCalendar, BookedVisit, Busy, UnitCalendar, WeeklyHours } from '../../src/viewings/availability';
import { DEFAULT_HOURS } from '../../src/viewings/availability';

/**
 * The read behind a slot computation as it was before it returned parallel arrays of numbers
 * (`AvailabilityRepository.slotCalendars`): the same one statement, but every booking, time off
 * and start as a JSON object with ISO timestamps, parsed into Dates in the app. Kept for the
 * bench's same-run baseline (npm run bench:viewings), not used by the app.
 */
export class LegacyAvailabilityReads {
  constructor(private readonly db: DataSource) {}

  async slotCalendars(unitId: string, agentIds: string[] | null, from: Date, to: Date, now: Date, tx: EntityManager = this.db.manager, exceptViewingId?: string): Promise<{ agents: AgentCalendar[]; unit: UnitCalendar } | null> {
    // A viewing a day either side still needs buffer and travel around it.
    const lo = new Date(from.getTime() - 86_400_000);
    const hi = new Date(to.getTime() + 86_400_000);
    const who = agentIds
      ? `SELECT id, n AS ord FROM unnest($7::uuid[]) WITH ORDINALITY x(id, n)`
      : `SELECT u.id, row_number() OVER (ORDER BY count(v.id), min(u.created_at), u.id) AS ord
           FROM users u LEFT JOIN viewings v ON v.agent_id = u.id AND v.status = 'booked' AND v.starts_at >= $7
          WHERE u.active AND u.role = 'agent' GROUP BY u.id`;
    const [row] = await tx.query<SlotCalendarsRow[]>(
      `WITH who AS (${who})
       SELECT
         (SELECT json_agg(id ORDER BY ord) FROM who) AS ids,
         (SELECT json_agg(h) FROM (SELECT user_id, timezone, weekly, buffer_minutes FROM agent_availability WHERE user_id IN (SELECT id FROM who)) h) AS hours,
         (SELECT json_agg(o) FROM (SELECT user_id, starts_at, ends_at FROM agent_time_off WHERE user_id IN (SELECT id FROM who) AND starts_at < $3 AND ends_at > $2) o) AS off,
         (SELECT json_agg(b ORDER BY b.starts_at) FROM (SELECT v.agent_id, v.unit_id, v.starts_at, v.ends_at, u.lat, u.lng FROM viewings v JOIN units u ON u.id = v.unit_id
             WHERE v.agent_id IN (SELECT id FROM who) AND v.status = 'booked' AND v.starts_at < $3 AND v.ends_at > $2 AND v.id IS DISTINCT FROM $4::uuid) b) AS booked,
         (SELECT row_to_json(x) FROM (SELECT u.lat, u.lng, w.timezone, w.windows,
             (SELECT json_agg(v.starts_at) FROM viewings v WHERE v.unit_id = u.id AND v.status = 'booked' AND v.starts_at >= $5 AND v.starts_at < $6 AND v.id IS DISTINCT FROM $4::uuid) AS booked
           FROM units u LEFT JOIN unit_viewing_windows w ON w.unit_id = u.id WHERE u.id = $1) x) AS unit`,
      [unitId, lo, hi, exceptViewingId ?? null, from, to, agentIds ?? now],
    );
    if (!row.unit) return null;
    const u = row.unit;
    const unit: UnitCalendar = { unitId, lat: num(u.lat), lng: num(u.lng), timezone: u.timezone, windows: u.windows && u.windows.length ? u.windows : null, bookedStarts: (u.booked ?? []).map((d) => new Date(d)) };
    const byAgent = <T>(rows: { id: string; item: T }[]) => {
      const m = new Map<string, T[]>();
      for (const r of rows) {
        const list = m.get(r.id);
        if (list) list.push(r.item);
        else m.set(r.id, [r.item]);
      }
      return m;
    };
    const offs = byAgent<Busy>((row.off ?? []).map((r) => ({ id: r.user_id, item: { startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at) } })));
    const visits = byAgent<BookedVisit>((row.booked ?? []).map((r) => ({ id: r.agent_id, item: { startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at), unitId: r.unit_id, lat: num(r.lat), lng: num(r.lng) } })));
    const set = new Map((row.hours ?? []).map((h) => [h.user_id, h]));
    const agents = (row.ids ?? []).map((id): AgentCalendar => {
      const h = set.get(id);
      return { agentId: id, timezone: h?.timezone ?? null, weekly: h?.weekly ?? DEFAULT_HOURS, bufferMinutes: h?.buffer_minutes ?? 0, timeOff: offs.get(id) ?? [], bookings: visits.get(id) ?? [] };
    });
    return { agents, unit };
  }
}

interface SlotCalendarsRow {
  ids: string[] | null;
  hours: { user_id: string; timezone: string; weekly: WeeklyHours[]; buffer_minutes: number }[] | null;
  off: { user_id: string; starts_at: string; ends_at: string }[] | null;
  booked: { agent_id: string; unit_id: string; starts_at: string; ends_at: string; lat: number | null; lng: number | null }[] | null;
  unit: { lat: number | null; lng: number | null; timezone: string | null; windows: WeeklyHours[] | null; booked: string[] | null } | null;
}

// numeric columns come back as strings from pg.
const num = (v: number | string | null) => (v == null ? null : Number(v));
