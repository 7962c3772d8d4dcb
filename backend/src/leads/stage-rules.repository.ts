import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type LeadScope, leadVisibleSql } from '../access/lead-access';
import { NotifiedCache } from '../core/database/notified-cache';
import { PgNotifications } from '../core/database/pg-notifications';
import type { LeadStage } from './lead.enums';
import { StageRuleEntity } from './stage-rule.entity';

/** The lead as a stage move sees it, locked until the move's transaction ends. */
export interface MovableLead {
  id: string;
  stage: LeadStage;
  version: number;
  assignee_id: string | null;
  first_response_at: Date | null;
  won_unit_id: string | null;
  won_price: string | null;
  reachable: boolean;
  viewing_booked: boolean;
  /** What the lead's SLA clock needs after the move: the transaction's start (the new `stage_entered_at`), the wait for a reply, a merge. */
  moved_at: Date;
  awaiting_reply_since: Date | null;
  merged: boolean;
}

/** The stage rules table, and the reads and writes a stage move makes on the lead row. */
@Injectable()
export class StageRulesRepository {
  /** The rule set, kept per process until any process changes it (every move reads it). */
  private readonly cached: NotifiedCache<StageRuleEntity[]>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    notifications: PgNotifications,
  ) {
    this.cached = new NotifiedCache(notifications, 'stage_rules', () => this.list());
  }

  list(tx: EntityManager = this.db.manager): Promise<StageRuleEntity[]> {
    return tx.getRepository(StageRuleEntity).find({ order: { position: 'ASC', id: 'ASC' } });
  }

  /** The rule set as `list` reads it, from this process's copy (dropped whenever the table changes, in any process); read in `tx` when there is none. */
  current(tx: EntityManager): Promise<StageRuleEntity[]> {
    return this.cached.get(() => this.list(tx));
  }

  /** Replaces the whole rule set (the admin page saves it as one list). */
  async replaceAll(rules: Omit<StageRuleEntity, 'id' | 'updatedAt'>[]): Promise<void> {
    try {
      await this.db.transaction(async (tx) => {
        await tx.query('DELETE FROM stage_rules');
        if (rules.length) await tx.getRepository(StageRuleEntity).insert(rules);
      });
    } finally {
      // This process's next move sees the new rules at once; the others when the trigger's notice arrives.
      this.cached.drop();
    }
  }

  /**
   * Locks the lead row for the move and reads what the rules look at. The viewing check reads the
   * viewings feature's table (read only): the rule must see a viewing booked in the same
   * transaction (the assistant books, then moves). With `scope`, a lead that person may not see is
   * not found (null), by the one access rule, in the same statement.
   */
  async lockForMove(id: string, tx: EntityManager, scope?: LeadScope): Promise<MovableLead | null> {
    const rows = await tx.query<MovableLead[]>(
      `SELECT l.id, l.stage, l.version, l.assignee_id, l.first_response_at, l.won_unit_id, l.won_price,
              now() AS moved_at, l.awaiting_reply_since, (l.merged_into_id IS NOT NULL) AS merged,
              (c.phone_e164 IS NOT NULL OR c.email_normalized IS NOT NULL OR c.whatsapp_id IS NOT NULL) AS reachable,
              EXISTS (SELECT 1 FROM viewings v WHERE v.lead_id = l.id AND v.status = 'booked') AS viewing_booked
         FROM leads l JOIN contacts c ON c.id = l.contact_id
        WHERE l.id = $1${scope && !scope.all ? ` AND ${leadVisibleSql(scope, 'l', '$2')}` : ''}
          FOR UPDATE OF l`,
      scope && !scope.all ? [id, scope.userId] : [id],
    );
    return rows[0] ?? null;
  }
}
