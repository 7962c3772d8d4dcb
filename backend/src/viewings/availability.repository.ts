import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AgentCalendar, BookedVisit, Busy, UnitCalendar, WeeklyHours } from './availability';
import { DEFAULT_HOURS } from './availability';
import { AgentAvailabilityEntity, AgentTimeOffEntity, UnitViewingWindowsEntity } from './availability.entity';

/** Agents' hours, time off and bookings, and homes' windows: what slots are computed from (one query each, for any number of agents). */
@Injectable()
export class AvailabilityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Everything a slot computation reads, in ONE statement (one round trip): who may show it
   * (`agentIds`, or null for the pool of active agents, fewest booked viewings from `now` first),
   * their hours, time off and bookings over [from, to) a day either side (with their homes'
   * coordinates, for travel), and the home's windows and booked starts in [from, to). Null when
   * there is no such home. Bookings come sorted by start, so the computation walks sorted intervals.
   */
  async slotCalendars(unitId: string, agentIds: string[] | null, from: Date, to: Date, now: Date, tx: EntityManager = this.db.manager, exceptViewingId?: string): Promise<SlotCalendars | null> {
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

  /** Holds the agent's calendar until the transaction ends: two bookings for one agent are checked one after the other. */
  async lockAgent(agentId: string, tx: EntityManager): Promise<void> {
    // Bounded wait: a stuck holder fails this booking rather than piling up connections.
    await tx.query(`SELECT set_config('lock_timeout', '10s', true)`);
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('viewing-agent:' || $1))`, [agentId]);
  }

  findHours(userId: string): Promise<AgentAvailabilityEntity | null> {
    return this.db.getRepository(AgentAvailabilityEntity).findOne({ where: { userId } });
  }

  async saveHours(row: Pick<AgentAvailabilityEntity, 'userId' | 'timezone' | 'weekly' | 'bufferMinutes'>): Promise<AgentAvailabilityEntity> {
    await this.db.getRepository(AgentAvailabilityEntity).upsert(row, ['userId']);
    return this.db.getRepository(AgentAvailabilityEntity).findOneOrFail({ where: { userId: row.userId } });
  }

  listTimeOff(userId: string, from: Date): Promise<AgentTimeOffEntity[]> {
    return this.db.getRepository(AgentTimeOffEntity).createQueryBuilder('t').where('t.user_id = :userId AND t.ends_at > :from', { userId, from }).orderBy('t.starts_at').getMany();
  }

  addTimeOff(row: Pick<AgentTimeOffEntity, 'userId' | 'startsAt' | 'endsAt' | 'note'>): Promise<AgentTimeOffEntity> {
    return this.db.getRepository(AgentTimeOffEntity).save(this.db.getRepository(AgentTimeOffEntity).create(row));
  }

  /** Deletes one of the user's time-off rows; answers what it was, or null when there was none. */
  async deleteTimeOff(id: string, userId: string): Promise<{ starts_at: Date; ends_at: Date; note: string | null } | null> {
    const [rows] = await this.db.query<[{ starts_at: Date; ends_at: Date; note: string | null }[], number]>(`DELETE FROM agent_time_off WHERE id = $1 AND user_id = $2 RETURNING starts_at, ends_at, note`, [id, userId]);
    return rows[0] ?? null;
  }

  findWindows(unitId: string): Promise<UnitViewingWindowsEntity | null> {
    return this.db.getRepository(UnitViewingWindowsEntity).findOne({ where: { unitId } });
  }

  async saveWindows(row: Pick<UnitViewingWindowsEntity, 'unitId' | 'timezone' | 'windows'>): Promise<UnitViewingWindowsEntity> {
    await this.db.getRepository(UnitViewingWindowsEntity).upsert(row, ['unitId']);
    return this.db.getRepository(UnitViewingWindowsEntity).findOneOrFail({ where: { unitId: row.unitId } });
  }
}

/** The calendars of one slot computation: the agents who may show the home (in order of preference) and the home's. */
export interface SlotCalendars {
  /** Empty: no agent may show it (the pool is empty). */
  agents: AgentCalendar[];
  unit: UnitCalendar;
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
