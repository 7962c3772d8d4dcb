import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type LeadScope, leadVisibleSql } from '../access/lead-access';
import { ViewingEntity, ViewingStatus } from './viewing.entity';
import { type LeadMergeParticipant, type MovedLeadRows, MovesLeadRows } from '../leads/lead-merge-participant';
import { reassignRows, restoreReassigned } from '../core/database/reassign-rows';

export interface ViewingWithUnit extends ViewingEntity {
  unitTitle: string;
  /** The home's address for the lead: street if known, area, city. */
  address: string;
}

/** This feature's rows that belong to a lead: they follow it when it is merged into another (viewings). */
const MOVED_ON_MERGE = ['viewings'] as const;

/** The only place that talks to the database about viewings (and `next-viewing.ts` the one read of them elsewhere). */
@Injectable()
@MovesLeadRows()
export class ViewingsRepository implements LeadMergeParticipant {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs the work in one transaction (a booking and its timeline entry land together or not at all). */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The viewing with its home's title, if `scope` may see its lead (locked until the transaction ends). */
  async findVisibleForUpdate(id: string, scope: LeadScope, tx: EntityManager): Promise<ViewingWithUnit | null> {
    const params: unknown[] = [id];
    const visible = scope.all ? '' : `AND ${leadVisibleSql(scope, 'l', `$${params.push(scope.userId)}`)}`;
    const rows = await tx.query<{ id: string; unit_title: string; address: string }[]>(
      `SELECT v.id, u.title AS unit_title, concat_ws(', ', nullif(u.street, ''), nullif(u.area, ''), u.city) AS address FROM viewings v JOIN leads l ON l.id = v.lead_id JOIN units u ON u.id = v.unit_id
        WHERE v.id = $1 ${visible} FOR UPDATE OF v`,
      params,
    );
    if (!rows.length) return null;
    const v = await tx.getRepository(ViewingEntity).findOneOrFail({ where: { id } });
    return Object.assign(v, { unitTitle: rows[0].unit_title, address: rows[0].address });
  }

  /** The lead's upcoming booked viewing of this unit, if any (but `exceptId`). */
  async upcomingFor(leadId: string, unitId: string, now: Date, tx: EntityManager = this.db.manager, exceptId?: string): Promise<ViewingEntity | null> {
    const q = tx.getRepository(ViewingEntity).createQueryBuilder('v').where('v.lead_id = :leadId AND v.unit_id = :unitId AND v.status = :status AND v.starts_at >= :now', { leadId, unitId, status: 'booked', now });
    if (exceptId) q.andWhere('v.id <> :exceptId', { exceptId });
    return q.orderBy('v.starts_at').getOne();
  }

  /** Holds the lead's viewings until the transaction ends: two bookings for one lead are checked one after the other. */
  async lockLead(leadId: string, tx: EntityManager): Promise<void> {
    await tx.query(`SELECT set_config('lock_timeout', '10s', true)`);
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('viewing-lead:' || $1))`, [leadId]);
  }

  /**
   * Books a slot unless somebody holds it already (one booked viewing per unit and start time,
   * enforced by a unique index): null when taken.
   */
  async insertIfFree(v: Pick<ViewingEntity, 'leadId' | 'unitId' | 'agentId' | 'startsAt' | 'endsAt' | 'timezone' | 'bookedBy'>, tx: EntityManager): Promise<ViewingEntity | null> {
    const rows = await tx.query<{ id: string }[]>(
      `INSERT INTO viewings (lead_id, unit_id, agent_id, starts_at, ends_at, timezone, booked_by) VALUES ($1, $2, $7, $3, $4, $5, $6)
       ON CONFLICT (unit_id, starts_at) WHERE status = 'booked' DO NOTHING RETURNING id`,
      [v.leadId, v.unitId, v.startsAt, v.endsAt, v.timezone, v.bookedBy, v.agentId],
    );
    if (!rows.length) return null;
    return tx.getRepository(ViewingEntity).findOneOrFail({ where: { id: rows[0].id } });
  }

  /**
   * Moves a booked viewing to another start (and maybe agent), raising its invite sequence. False
   * when another booking holds the home's new start (unique index).
   */
  async moveTo(id: string, to: { startsAt: Date; endsAt: Date; agentId: string | null }, tx: EntityManager): Promise<boolean> {
    const rows = await tx.query<{ id: string }[]>(
      `UPDATE viewings SET starts_at = $2, ends_at = $3, agent_id = $4, sequence = sequence + 1
        WHERE id = $1 AND status = 'booked' AND NOT EXISTS (SELECT 1 FROM viewings o WHERE o.unit_id = viewings.unit_id AND o.starts_at = $2 AND o.status = 'booked' AND o.id <> $1)
        RETURNING id`,
      [id, to.startsAt, to.endsAt, to.agentId],
    );
    return rows.length > 0;
  }

  /** A booked viewing whose end has passed is done (it happened); false when it was not booked or has not ended. */
  async markDone(id: string, now: Date, tx: EntityManager = this.db.manager): Promise<boolean> {
    const rows = await tx.query<unknown[]>(`UPDATE viewings SET status = 'done' WHERE id = $1 AND status = 'booked' AND ends_at <= $2 RETURNING id`, [id, now]);
    return rows.length > 0;
  }

  /** The lead's viewings that have started and were not cancelled, newest first, with the home's features. */
  heldByLead(leadId: string, now: Date): Promise<{ id: string; unit_id: string; unit_title: string; address: string; starts_at: Date; features: string[] }[]> {
    return this.db.query(
      `SELECT v.id, v.unit_id, u.title AS unit_title, concat_ws(', ', nullif(u.street, ''), nullif(u.area, ''), u.city) AS address, v.starts_at, u.features
         FROM viewings v JOIN units u ON u.id = v.unit_id WHERE v.lead_id = $1 AND v.status <> 'cancelled' AND v.starts_at <= $2 ORDER BY v.starts_at DESC LIMIT 50`,
      [leadId, now],
    );
  }

  /** A home's viewings: held (ended, not cancelled) and still to come. */
  async countsForUnit(unitId: string, now: Date): Promise<{ held: number; upcoming: number }> {
    const [r] = await this.db.query<{ held: number; upcoming: number }[]>(
      `SELECT count(*) FILTER (WHERE status <> 'cancelled' AND ends_at <= $2)::int AS held, count(*) FILTER (WHERE status = 'booked' AND ends_at > $2)::int AS upcoming FROM viewings WHERE unit_id = $1`,
      [unitId, now],
    );
    return r;
  }

  async cancelled(id: string, tx: EntityManager): Promise<void> {
    await tx.query(`UPDATE viewings SET status = 'cancelled', sequence = sequence + 1 WHERE id = $1`, [id]);
  }

  /** Everything an invite of this viewing names: home, lead, agent. */
  async inviteFacts(id: string, tx: EntityManager = this.db.manager): Promise<InviteFacts | null> {
    const rows = await tx.query<InviteRow[]>(`${INVITE_SELECT} WHERE v.id = $1`, [id]);
    return rows.length ? inviteFacts(rows[0]) : null;
  }

  /** An agent's viewings for their feed: from 30 days ago on, cancelled ones too (so calendars drop them). */
  async feedFacts(agentId: string, now: Date): Promise<InviteFacts[]> {
    const rows = await this.db.query<InviteRow[]>(`${INVITE_SELECT} WHERE v.agent_id = $1 AND v.starts_at >= $2 ORDER BY v.starts_at LIMIT 2000`, [agentId, new Date(now.getTime() - 30 * 86_400_000)]);
    return rows.map(inviteFacts);
  }

  /**
   * Viewings with their names, in start order: of one lead, or showing one agent, or of leads
   * `scope` may see, starting in [from, to) when given (one read for the calendar, the lead page
   * and the conflict check).
   */
  async list(f: ViewingListFilter, tx: EntityManager = this.db.manager): Promise<InviteFacts[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (f.leadId) where.push(`v.lead_id = $${params.push(f.leadId)}`);
    if (f.agentId) where.push(`v.agent_id = $${params.push(f.agentId)}`);
    if (f.unitId) where.push(`v.unit_id = $${params.push(f.unitId)}`);
    if (f.from) where.push(`v.starts_at >= $${params.push(f.from)}`);
    if (f.to) where.push(`v.starts_at < $${params.push(f.to)}`);
    if (f.bookedOnly) where.push(`v.status = 'booked'`);
    if (f.exceptId) where.push(`v.id <> $${params.push(f.exceptId)}`);
    if (f.scope && !f.scope.all) where.push(leadVisibleSql(f.scope, 'l', `$${params.push(f.scope.userId)}`));
    const rows = await tx.query<InviteRow[]>(`${INVITE_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY v.starts_at, v.id LIMIT 2000`, params);
    return rows.map(inviteFacts);
  }

  async feedOwner(tokenHash: string): Promise<{ userId: string; name: string } | null> {
    const rows = await this.db.query<{ user_id: string; name: string }[]>(`SELECT f.user_id, u.name FROM agent_calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = $1 AND u.active`, [tokenHash]);
    return rows.length ? { userId: rows[0].user_id, name: rows[0].name } : null;
  }

  async saveFeed(userId: string, tokenHash: string): Promise<void> {
    await this.db.query(`INSERT INTO agent_calendar_feeds (user_id, token_hash) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`, [userId, tokenHash]);
  }

  /** Deletes the user's calendar feed; answers whether there was one. */
  async deleteFeed(userId: string): Promise<boolean> {
    const [, count] = await this.db.query<[unknown[], number]>(`DELETE FROM agent_calendar_feeds WHERE user_id = $1`, [userId]);
    return count > 0;
  }

  async hasFeed(userId: string): Promise<boolean> {
    return (await this.db.query<unknown[]>(`SELECT 1 FROM agent_calendar_feeds WHERE user_id = $1`, [userId])).length > 0;
  }

  /** A merge: this lead's viewings move to the survivor (LeadMergeParticipant). */
  moveToSurvivor(tx: EntityManager, fromLeadId: string, toLeadId: string): Promise<MovedLeadRows> {
    return reassignRows(tx, MOVED_ON_MERGE, 'lead_id', fromLeadId, toLeadId);
  }

  /** Its undo: the rows moved go back; what the survivor got since stays. */
  restore(tx: EntityManager, moved: MovedLeadRows, survivorId: string, restoredId: string): Promise<void> {
    return restoreReassigned(tx, MOVED_ON_MERGE, 'lead_id', moved, survivorId, restoredId);
  }
}

export interface ViewingListFilter {
  leadId?: string;
  agentId?: string;
  unitId?: string;
  from?: Date;
  to?: Date;
  bookedOnly?: boolean;
  exceptId?: string;
  /** Only leads this person may see (absent: no restriction, the caller has checked). */
  scope?: LeadScope;
}

/** A viewing with the names and addresses its invite and reminders need. */
export interface InviteFacts {
  id: string;
  leadId: string;
  unitId: string;
  agentId: string | null;
  status: ViewingStatus;
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  unitTitle: string;
  address: string;
  leadName: string;
  leadEmail: string | null;
  agentName: string | null;
  agentEmail: string | null;
}

interface InviteRow {
  id: string;
  lead_id: string;
  unit_id: string;
  agent_id: string | null;
  status: ViewingStatus;
  sequence: number;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  unit_title: string;
  address: string;
  lead_name: string;
  lead_email: string | null;
  agent_name: string | null;
  agent_email: string | null;
}

const INVITE_SELECT = `SELECT v.id, v.lead_id, v.unit_id, v.agent_id, v.status, v.sequence, v.starts_at, v.ends_at, v.timezone, u.title AS unit_title,
    concat_ws(', ', nullif(u.street, ''), nullif(u.area, ''), u.city) AS address, c.name AS lead_name, c.email AS lead_email, a.name AS agent_name, a.email AS agent_email
  FROM viewings v JOIN units u ON u.id = v.unit_id JOIN leads l ON l.id = v.lead_id JOIN contacts c ON c.id = l.contact_id LEFT JOIN users a ON a.id = v.agent_id`;

const inviteFacts = (r: InviteRow): InviteFacts => ({
  id: r.id,
  leadId: r.lead_id,
  unitId: r.unit_id,
  agentId: r.agent_id,
  status: r.status,
  sequence: r.sequence,
  startsAt: new Date(r.starts_at),
  endsAt: new Date(r.ends_at),
  timezone: r.timezone,
  unitTitle: r.unit_title,
  address: r.address,
  leadName: r.lead_name,
  leadEmail: r.lead_email,
  agentName: r.agent_name,
  agentEmail: r.agent_email,
});
