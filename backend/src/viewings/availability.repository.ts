import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedIn } from '../core/database/prepared';
import type { AgentCalendar, UnitCalendar, WeeklyHours } from './availability';
import { DEFAULT_HOURS } from './availability';
import { AgentAvailabilityEntity, AgentTimeOffEntity, UnitViewingWindowsEntity } from './availability.entity';

/** Epoch milliseconds of a timestamp as an integer, truncated like a JavaScript Date of it (numeric `extract` is exact to the microsecond). */
const ms = (col: string) => `(extract(epoch FROM ${col}) * 1000000)::int8 / 1000`;

/**
 * The statement behind `slotCalendars` for the agents in `who` (columns id, ord: 1-based place).
 * $1 home, $2/$3 bookings and time off overlapping [$2, $3), $4 a viewing to leave out (or null),
 * $5/$6 the home's booked starts in [$5, $6), $7 what `who` reads.
 */
function slotCalendarsSql(who: string): string {
  return `WITH who AS (${who}),
       b AS (SELECT w.ord, v.unit_id, v.starts_at, v.ends_at, (dense_rank() OVER (ORDER BY v.unit_id))::int AS n
               FROM who w CROSS JOIN LATERAL (SELECT v.unit_id, v.starts_at, v.ends_at FROM viewings v
                 WHERE v.agent_id = w.id AND v.status = 'booked' AND v.starts_at < $3 AND v.ends_at > $2 AND v.id IS DISTINCT FROM $4::uuid OFFSET 0) v),
       p AS (SELECT q.n, u.id, u.lat::float8 AS lat, u.lng::float8 AS lng FROM (SELECT DISTINCT n, unit_id FROM b) q JOIN units u ON u.id = q.unit_id)
       SELECT who.ids, hrs.hours, off.off_ord, off.off_from, off.off_to, bk.b_ord, bk.b_place, bk.b_from, bk.b_to, pl.p_unit, pl.p_lat, pl.p_lng, home.*
         FROM (SELECT json_agg(id ORDER BY ord) AS ids FROM who) who,
              (SELECT json_agg(json_build_array(w.ord, a.timezone, a.weekly, a.buffer_minutes)) AS hours FROM agent_availability a JOIN who w ON w.id = a.user_id) hrs,
              (SELECT json_agg(w.ord) AS off_ord, json_agg(${ms('t.starts_at')}) AS off_from, json_agg(${ms('t.ends_at')}) AS off_to
                 FROM agent_time_off t JOIN who w ON w.id = t.user_id WHERE t.starts_at < $3 AND t.ends_at > $2) off,
              (SELECT json_agg(ord) AS b_ord, json_agg(n) AS b_place, json_agg(${ms('starts_at')}) AS b_from, json_agg(${ms('ends_at')}) AS b_to FROM b) bk,
              (SELECT json_agg(id ORDER BY n) AS p_unit, json_agg(lat ORDER BY n) AS p_lat, json_agg(lng ORDER BY n) AS p_lng FROM p) pl,
              (SELECT u.lat::float8 AS lat, u.lng::float8 AS lng, w.timezone, w.windows,
                      (SELECT json_agg(${ms('v.starts_at')}) FROM viewings v WHERE v.unit_id = u.id AND v.status = 'booked' AND v.starts_at >= $5 AND v.starts_at < $6 AND v.id IS DISTINCT FROM $4::uuid) AS booked
                 FROM units u LEFT JOIN unit_viewing_windows w ON w.unit_id = u.id WHERE u.id = $1) home`;
}

/** Given agents ($7: their ids, in order of preference). */
const GIVEN_AGENTS_SQL = slotCalendarsSql(`SELECT id, n::int AS ord FROM unnest($7::uuid[]) WITH ORDINALITY x(id, n)`);
/** The pool of active agents, fewest booked viewings from $7 first. */
const POOL_SQL = slotCalendarsSql(`SELECT u.id, (row_number() OVER (ORDER BY count(v.id), min(u.created_at), u.id))::int AS ord
           FROM users u LEFT JOIN viewings v ON v.agent_id = u.id AND v.status = 'booked' AND v.starts_at >= $7
          WHERE u.active AND u.role = 'agent' GROUP BY u.id`);

/** Agents' hours, time off and bookings, and homes' windows: what slots are computed from (one query each, for any number of agents). */
@Injectable()
export class AvailabilityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Everything a slot computation reads, in ONE statement (one round trip): who may show it
   * (`agentIds`, or null for the pool of active agents, fewest booked viewings from `now` first),
   * their hours, time off and bookings over [from, to) a day either side (with their homes'
   * coordinates, for travel), and the home's windows and booked starts in [from, to). Null when
   * there is no such home.
   *
   * A named prepared statement (two shapes: a pool or given agents), so PostgreSQL parses and plans
   * it once per connection. Bulk data comes back as parallel JSON arrays of integers: instants as
   * epoch milliseconds (exact integer arithmetic), agents as their place in `ids`, a booking's home
   * as its place in the list of the homes booked (each home's id and coordinates once, not once per
   * booking: a uuid or a float made text in PostgreSQL costs several times an integer). PostgreSQL
   * formats no timestamp and builds no object per booking; the app parses only JSON, natively.
   * Each agent's bookings by LATERAL, fenced by OFFSET 0 (an index range of idx_viewings_agent_booked per agent, the
   * plan whatever the statistics: a fresh table planned as one row joined the pool by nested loop).
   * History and figures: docs/PERFORMANCE.md, viewings.
   */
  async slotCalendars(unitId: string, agentIds: string[] | null, from: Date, to: Date, now: Date, tx: EntityManager = this.db.manager, exceptViewingId?: string): Promise<SlotCalendars | null> {
    // A viewing a day either side still needs buffer and travel around it.
    const lo = new Date(from.getTime() - 86_400_000);
    const hi = new Date(to.getTime() + 86_400_000);
    const [row] = await preparedIn(tx)<SlotCalendarsRow[]>(agentIds ? GIVEN_AGENTS_SQL : POOL_SQL, [unitId, lo, hi, exceptViewingId ?? null, from, to, agentIds ?? now]);
    if (!row) return null;
    const unit: UnitCalendar = { unitId, lat: row.lat, lng: row.lng, timezone: row.timezone, windows: row.windows && row.windows.length ? row.windows : null, bookedStarts: (row.booked ?? []).map((t) => new Date(t)) };
    const ids = row.ids ?? [];
    // Agents by their place in `ids` (1-based, as the statement numbers them).
    const agents = ids.map((id): AgentCalendar => ({ agentId: id, timezone: null, weekly: DEFAULT_HOURS, bufferMinutes: 0, timeOff: [], bookings: [] }));
    for (const [ord, timezone, weekly, buffer] of row.hours ?? []) Object.assign(agents[ord - 1], { timezone, weekly, bufferMinutes: buffer });
    const offOrd = row.off_ord ?? [];
    for (let i = 0; i < offOrd.length; i++) agents[offOrd[i] - 1].timeOff.push({ startsAt: new Date(row.off_from![i]), endsAt: new Date(row.off_to![i]) });
    const bOrd = row.b_ord ?? [];
    for (let i = 0; i < bOrd.length; i++) {
      const p = row.b_place![i] - 1;
      agents[bOrd[i] - 1].bookings.push({ startsAt: new Date(row.b_from![i]), endsAt: new Date(row.b_to![i]), unitId: row.p_unit![p], lat: row.p_lat![p], lng: row.p_lng![p] });
    }
    // Each agent's bookings in time order (the computation walks sorted intervals).
    for (const a of agents) if (a.bookings.length > 1) a.bookings.sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime());
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
  /** [place in ids, zone, weekly hours, buffer minutes] per agent with hours. */
  hours: [number, string, WeeklyHours[], number][] | null;
  off_ord: number[] | null;
  off_from: number[] | null;
  off_to: number[] | null;
  b_ord: number[] | null;
  /** Place (1-based) in p_unit / p_lat / p_lng: the homes booked, each once. */
  b_place: number[] | null;
  b_from: number[] | null;
  b_to: number[] | null;
  p_unit: string[] | null;
  p_lat: (number | null)[] | null;
  p_lng: (number | null)[] | null;
  lat: number | null;
  lng: number | null;
  timezone: string | null;
  windows: WeeklyHours[] | null;
  booked: number[] | null;
}
