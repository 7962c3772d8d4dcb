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

  /** Active agents, fewest booked viewings from `from` first (who shows an unassigned lead's viewing). */
  async poolAgentIds(from: Date): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT u.id FROM users u LEFT JOIN viewings v ON v.agent_id = u.id AND v.status = 'booked' AND v.starts_at >= $1
        WHERE u.active AND u.role = 'agent' GROUP BY u.id ORDER BY count(v.id), min(u.created_at), u.id`,
      [from],
    );
    return rows.map((r) => r.id);
  }

  /** The calendars of `agentIds` over [from, to) (bookings with their homes' coordinates), in that order. */
  async agentCalendars(agentIds: string[], from: Date, to: Date, tx: EntityManager = this.db.manager, exceptViewingId?: string): Promise<AgentCalendar[]> {
    if (!agentIds.length) return [];
    // A viewing a day either side still needs buffer and travel around it.
    const lo = new Date(from.getTime() - 86_400_000);
    const hi = new Date(to.getTime() + 86_400_000);
    // One round trip for all three (hours, time off, bookings with their homes' coordinates).
    const [row] = await tx.query<{ hours: { user_id: string; timezone: string; weekly: WeeklyHours[]; buffer_minutes: number }[] | null; off: { user_id: string; starts_at: string; ends_at: string }[] | null; booked: { agent_id: string; unit_id: string; starts_at: string; ends_at: string; lat: number | null; lng: number | null }[] | null }[]>(
      `SELECT
         (SELECT json_agg(h) FROM (SELECT user_id, timezone, weekly, buffer_minutes FROM agent_availability WHERE user_id = ANY($1)) h) AS hours,
         (SELECT json_agg(o) FROM (SELECT user_id, starts_at, ends_at FROM agent_time_off WHERE user_id = ANY($1) AND starts_at < $3 AND ends_at > $2) o) AS off,
         (SELECT json_agg(b) FROM (SELECT v.agent_id, v.unit_id, v.starts_at, v.ends_at, u.lat, u.lng FROM viewings v JOIN units u ON u.id = v.unit_id
             WHERE v.agent_id = ANY($1) AND v.status = 'booked' AND v.starts_at < $3 AND v.ends_at > $2 AND v.id IS DISTINCT FROM $4::uuid) b) AS booked`,
      [agentIds, lo, hi, exceptViewingId ?? null],
    );
    const hours = row.hours ?? [];
    const off = row.off ?? [];
    const booked = row.booked ?? [];
    const byAgent = <T extends Busy>(rows: { id: string; item: T }[]) => {
      const m = new Map<string, T[]>();
      for (const r of rows) {
        const list = m.get(r.id);
        if (list) list.push(r.item);
        else m.set(r.id, [r.item]);
      }
      return m;
    };
    const offs = byAgent(off.map((r) => ({ id: r.user_id, item: { startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at) } })));
    const visits = byAgent<BookedVisit>(booked.map((r) => ({ id: r.agent_id, item: { startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at), unitId: r.unit_id, lat: num(r.lat), lng: num(r.lng) } })));
    const set = new Map(hours.map((h) => [h.user_id, h]));
    return agentIds.map((id) => {
      const h = set.get(id);
      return {
        agentId: id,
        timezone: h?.timezone ?? null,
        weekly: h?.weekly ?? DEFAULT_HOURS,
        bufferMinutes: h?.buffer_minutes ?? 0,
        timeOff: offs.get(id) ?? [],
        bookings: visits.get(id) ?? [],
      };
    });
  }

  /** A home's windows and booked starts over [from, to); null when there is no such home. */
  async unitCalendar(unitId: string, from: Date, to: Date, tx: EntityManager = this.db.manager, exceptViewingId?: string): Promise<UnitCalendar | null> {
    const [unit] = await tx.query<{ lat: number | null; lng: number | null; timezone: string | null; windows: WeeklyHours[] | null; booked: string[] | null }[]>(
      `SELECT u.lat, u.lng, w.timezone, w.windows,
              (SELECT json_agg(v.starts_at) FROM viewings v WHERE v.unit_id = u.id AND v.status = 'booked' AND v.starts_at >= $2 AND v.starts_at < $3 AND v.id IS DISTINCT FROM $4::uuid) AS booked
         FROM units u LEFT JOIN unit_viewing_windows w ON w.unit_id = u.id WHERE u.id = $1`,
      [unitId, from, to, exceptViewingId ?? null],
    );
    if (!unit) return null;
    return { unitId, lat: num(unit.lat), lng: num(unit.lng), timezone: unit.timezone, windows: unit.windows && unit.windows.length ? unit.windows : null, bookedStarts: (unit.booked ?? []).map((d) => new Date(d)) };
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

// numeric columns come back as strings from pg.
const num = (v: number | string | null) => (v == null ? null : Number(v));
