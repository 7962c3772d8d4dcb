import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
}

/** The stage rules table, and the reads and writes a stage move makes on the lead row. */
@Injectable()
export class StageRulesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(tx: EntityManager = this.db.manager): Promise<StageRuleEntity[]> {
    return tx.getRepository(StageRuleEntity).find({ order: { position: 'ASC', id: 'ASC' } });
  }

  /** Replaces the whole rule set (the admin page saves it as one list). */
  async replaceAll(rules: Omit<StageRuleEntity, 'id' | 'updatedAt'>[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM stage_rules');
      if (rules.length) await tx.getRepository(StageRuleEntity).insert(rules);
    });
  }

  /**
   * Locks the lead row for the move and reads what the rules look at. The viewing check reads the
   * viewings feature's table (read only): the rule must see a viewing booked in the same
   * transaction (the assistant books, then moves).
   */
  async lockForMove(id: string, tx: EntityManager): Promise<MovableLead | null> {
    const rows = await tx.query<MovableLead[]>(
      `SELECT l.id, l.stage, l.version, l.assignee_id, l.first_response_at, l.won_unit_id, l.won_price,
              (c.phone_e164 IS NOT NULL OR c.email_normalized IS NOT NULL OR c.whatsapp_id IS NOT NULL) AS reachable,
              EXISTS (SELECT 1 FROM viewings v WHERE v.lead_id = l.id AND v.status = 'booked') AS viewing_booked
         FROM leads l JOIN contacts c ON c.id = l.contact_id
        WHERE l.id = $1
          FOR UPDATE OF l`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Writes the move and tells every open board (delivered when the transaction commits). */
  async applyMove(
    id: string,
    change: { stage: LeadStage; lostReason: string | null; wonUnitId: string | null; wonPrice: number | null; answered: boolean },
    notice: Record<string, unknown>,
    channel: string,
    tx: EntityManager,
  ): Promise<number> {
    const rows = await tx.query<{ version: number }[]>(
      `WITH moved AS (
         UPDATE leads SET stage = $2::lead_stage, version = version + 1, stage_entered_at = now(),
                lost_reason = CASE WHEN $2 = 'lost' THEN $3 ELSE lost_reason END,
                won_unit_id = CASE WHEN $2 = 'won' THEN coalesce($4::uuid, won_unit_id) ELSE won_unit_id END,
                won_price = CASE WHEN $2 = 'won' THEN coalesce($5::numeric, won_price) ELSE won_price END,
                first_response_at = CASE WHEN $6 THEN coalesce(first_response_at, now()) ELSE first_response_at END,
                first_human_response_at = CASE WHEN $6 THEN coalesce(first_human_response_at, now()) ELSE first_human_response_at END,
                awaiting_reply_since = CASE WHEN $6 THEN NULL ELSE awaiting_reply_since END,
                updated_at = now()
          WHERE id = $1 RETURNING version, assignee_id)
       SELECT m.version, pg_notify($7, (jsonb_build_object('version', m.version, 'assigneeId', m.assignee_id) || $8::jsonb)::text) FROM moved m`,
      [id, change.stage, change.lostReason, change.wonUnitId, change.wonPrice, change.answered, channel, JSON.stringify(notice)],
    );
    return rows[0].version;
  }
}
