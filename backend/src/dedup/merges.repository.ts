import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type LeadScope, leadVisibleSql } from '../access/lead-access';
import { LeadMergeEntity } from './lead-merge.entity';

export interface LockedLead {
  id: string;
  contact_id: string;
  merged_into_id: string | null;
  visible: boolean;
}

/**
 * The one writer of `lead_merges`, and the reads a merge needs (locking both leads, rows written in
 * this transaction). Every other row a merge changes is written by its owner: the lead's records
 * through `LeadRecordsService`, the score history through `ScoringService`, each feature's lead-owned
 * rows through its `LeadMergeParticipant` (`lead-row-moves.ts`).
 */
@Injectable()
export class MergesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Locks the leads (in id order, so two merges of one pair queue up instead of deadlocking) and
   * says for each whether `scope` may see it. A lead merged meanwhile shows its new merged_into_id:
   * FOR UPDATE re-reads the row after the other transaction commits.
   */
  async lockLeads(ids: string[], scope: LeadScope, tx: EntityManager): Promise<LockedLead[]> {
    const params: unknown[] = [ids];
    const visible = scope.all ? 'true' : leadVisibleSql(scope, 'l', `$${params.push(scope.userId)}`);
    return tx.query(`SELECT l.id, l.contact_id, l.merged_into_id, ${visible} AS visible FROM leads l WHERE l.id = ANY($1::uuid[]) ORDER BY l.id FOR UPDATE`, params);
  }

  /** Whether the lead exists and `scope` may see it (no lock). */
  async visibility(id: string, scope: LeadScope): Promise<{ visible: boolean } | null> {
    const params: unknown[] = [id];
    const visible = scope.all ? 'true' : leadVisibleSql(scope, 'l', `$${params.push(scope.userId)}`);
    const rows = await this.db.query<{ visible: boolean }[]>(`SELECT ${visible} AS visible FROM leads l WHERE l.id = $1`, params);
    return rows[0] ?? null;
  }

  /** Rows of `table` written on the lead in this transaction (created_at ≥ the transaction's start). */
  async createdInThisTransaction(table: 'activities' | 'qualifications', leadId: string, tx: EntityManager): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE lead_id = $1 AND created_at >= now() ORDER BY created_at`, [leadId]);
    return rows.map((r) => r.id);
  }

  async insertMerge(merge: Partial<LeadMergeEntity>, tx: EntityManager): Promise<LeadMergeEntity> {
    const repo = tx.getRepository(LeadMergeEntity);
    return repo.save(repo.create(merge));
  }

  lockMerge(id: string, tx: EntityManager): Promise<LeadMergeEntity | null> {
    return tx.getRepository(LeadMergeEntity).createQueryBuilder('m').setLock('pessimistic_write').where('m.id = :id', { id }).getOne();
  }

  /** A merge not undone, made after `after`, that involves the lead (as survivor or as the lead merged away). */
  laterMergeOf(leadId: string, merge: LeadMergeEntity, tx: EntityManager): Promise<LeadMergeEntity | null> {
    // Compared in SQL against the stored time (microseconds), not a JS Date (milliseconds).
    return tx
      .getRepository(LeadMergeEntity)
      .createQueryBuilder('m')
      .where('(m.survivor_id = :id OR m.merged_id = :id) AND m.id <> :self AND m.undone_at IS NULL', { id: leadId, self: merge.id })
      .andWhere('m.created_at >= (SELECT created_at FROM lead_merges WHERE id = :self)')
      .orderBy('m.created_at', 'ASC')
      .getOne();
  }

  async markUndone(id: string, userId: string, tx: EntityManager): Promise<void> {
    await tx.getRepository(LeadMergeEntity).update({ id }, { undoneAt: new Date(), undoneById: userId });
  }

  findMerge(id: string): Promise<LeadMergeEntity | null> {
    return this.db.getRepository(LeadMergeEntity).findOne({ where: { id } });
  }
}
