import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type LeadScope, leadVisibleSql } from '../access/lead-access';
import { ViewingEntity, ViewingStatus } from './viewing.entity';

export interface ViewingWithUnit extends ViewingEntity {
  unitTitle: string;
  /** The home's address for the lead: street if known, area, city. */
  address: string;
}

/** The only place that talks to the database about viewings (and `next-viewing.ts` the one read of them elsewhere). */
@Injectable()
export class ViewingsRepository {
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

  async setStatus(id: string, status: ViewingStatus, tx: EntityManager): Promise<void> {
    await tx.getRepository(ViewingEntity).update({ id }, { status });
  }

  /** The lead's upcoming booked viewing of this unit, if any. */
  async upcomingFor(leadId: string, unitId: string, now: Date): Promise<ViewingEntity | null> {
    return this.db.getRepository(ViewingEntity).createQueryBuilder('v').where('v.lead_id = :leadId AND v.unit_id = :unitId AND v.status = :status AND v.starts_at >= :now', { leadId, unitId, status: 'booked', now }).orderBy('v.starts_at').getOne();
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
}
