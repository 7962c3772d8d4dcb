import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotifiedCache } from '../core/database/notified-cache';
import { PgNotifications } from '../core/database/pg-notifications';
import type { BusinessHours } from '../core/time/business-time';
import type { LeadSource, LeadStage } from '../leads/lead.enums';
import { BusinessHoursEntity } from './business-hours.entity';
import { SlaAlertEntity } from './sla-alert.entity';
import { SlaRuleEntity } from './sla-rule.entity';
import type { SlaLeadFacts } from './sla-timers';

/** A lead locked for its timer's job: its facts, who has it, and what routing needs to pass it on. */
export interface LockedLead extends SlaLeadFacts {
  name: string;
  assigneeId: string | null;
  assigneeName: string | null;
  source: LeadSource;
  areas: string[];
  price: number | null;
}

const FACTS = `l.id, l.stage, l.awaiting_reply_since AS "awaitingReplySince", l.stage_entered_at AS "stageEnteredAt", (l.merged_into_id IS NOT NULL) AS merged`;

/**
 * The SLA feature's tables (rules, business hours, alerts) and the reads of leads its timers need
 * (read only: leads are written through the leads feature).
 */
@Injectable()
export class SlaRepository {
  /** The rules and the hours, kept per process until any process changes them (every reschedule reads both). */
  private readonly cachedRules: NotifiedCache<SlaRuleEntity[]>;
  private readonly cachedHours: NotifiedCache<BusinessHours>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    notifications: PgNotifications,
  ) {
    this.cachedRules = new NotifiedCache(notifications, 'sla_rules', () => this.rules());
    this.cachedHours = new NotifiedCache(notifications, 'business_hours', () => this.hours());
  }

  /**
   * `rules()` and `hours()` from this process's copy (dropped whenever either table changes, in any
   * process). `tx`: a caller inside a transaction reads a cold copy there (never on a second pooled connection).
   */
  async current(tx?: EntityManager): Promise<{ rules: SlaRuleEntity[]; hours: BusinessHours }> {
    if (tx) return { rules: await this.cachedRules.get(() => this.rules(tx)), hours: await this.cachedHours.get(() => this.hours(tx)) };
    const [rules, hours] = await Promise.all([this.cachedRules.get(), this.cachedHours.get()]);
    return { rules, hours };
  }

  rules(tx: EntityManager = this.db.manager): Promise<SlaRuleEntity[]> {
    return tx.getRepository(SlaRuleEntity).find({ order: { position: 'ASC', id: 'ASC' } });
  }

  async hours(tx: EntityManager = this.db.manager): Promise<BusinessHours> {
    const row = await tx.getRepository(BusinessHoursEntity).findOneBy({ id: 1 });
    return row ? { timeZone: row.timeZone, days: row.days } : { timeZone: 'UTC', days: [] };
  }

  /** Saves the business hours and the rule set (rules keep their ids, so running timers and their alerts stay theirs). */
  async save(hours: BusinessHours, rules: (Omit<SlaRuleEntity, 'id' | 'updatedAt'> & { id?: string })[], updatedById: string): Promise<void> {
    try {
      await this.saveInTransaction(hours, rules, updatedById);
    } finally {
      // This process sees the new settings at once; the others when the triggers' notices arrive.
      this.cachedRules.drop();
      this.cachedHours.drop();
    }
  }

  private async saveInTransaction(hours: BusinessHours, rules: (Omit<SlaRuleEntity, 'id' | 'updatedAt'> & { id?: string })[], updatedById: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO business_hours (id, time_zone, days, updated_by_id, updated_at) VALUES (1, $1, $2::jsonb, $3, now())
         ON CONFLICT (id) DO UPDATE SET time_zone = EXCLUDED.time_zone, days = EXCLUDED.days, updated_by_id = EXCLUDED.updated_by_id, updated_at = now()`,
        [hours.timeZone, JSON.stringify(hours.days), updatedById],
      );
      const kept = rules.filter((r) => r.id).map((r) => r.id!);
      await tx.query(`DELETE FROM sla_rules WHERE NOT (id = ANY($1::uuid[]))`, [kept]);
      const repo = tx.getRepository(SlaRuleEntity);
      for (const r of rules) {
        if (r.id) await repo.update({ id: r.id }, { ...r });
        else await repo.insert(r);
      }
    });
  }

  async leadFacts(ids: string[]): Promise<SlaLeadFacts[]> {
    return this.db.query<SlaLeadFacts[]>(`SELECT ${FACTS} FROM leads l WHERE l.id = ANY($1::uuid[])`, [ids]);
  }

  /** Open, unmerged leads in any of `stages`, in id order after `afterId` (the reconcile sweep's pages). */
  async leadsIn(stages: LeadStage[], afterId: string | null, limit: number): Promise<SlaLeadFacts[]> {
    return this.db.query<SlaLeadFacts[]>(
      `SELECT ${FACTS} FROM leads l
        WHERE l.stage = ANY($1::lead_stage[]) AND l.merged_into_id IS NULL AND ($2::uuid IS NULL OR l.id > $2::uuid)
        ORDER BY l.id LIMIT $3`,
      [stages, afterId, limit],
    );
  }

  /** Locks the lead for a timer's job (until its transaction ends), with what a breach needs. */
  async lockLead(id: string, tx: EntityManager): Promise<LockedLead | null> {
    const rows = await tx.query<LockedLead[]>(
      `SELECT ${FACTS}, c.name, l.assignee_id AS "assigneeId", u.name AS "assigneeName", l.source,
              coalesce(p.locations, '{}') AS areas, coalesce(p.budget_max, p.budget_min)::float8 AS price
         FROM leads l JOIN contacts c ON c.id = l.contact_id
         LEFT JOIN users u ON u.id = l.assignee_id
         LEFT JOIN lead_profiles p ON p.lead_id = l.id
        WHERE l.id = $1
          FOR UPDATE OF l`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Records a warning or breach of one timer, once: false when it was recorded before (the caller then does nothing more). */
  async recordAlert(alert: Pick<SlaAlertEntity, 'leadId' | 'ruleId' | 'startedAt' | 'kind' | 'dueAt'>, tx: EntityManager): Promise<boolean> {
    const rows = await tx.query<{ id: string }[]>(
      `INSERT INTO sla_alerts (lead_id, rule_id, started_at, kind, due_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (lead_id, rule_id, started_at, kind) DO NOTHING RETURNING id`,
      [alert.leadId, alert.ruleId, alert.startedAt, alert.kind, alert.dueAt],
    );
    return rows.length > 0;
  }

  /** Notifies each person (through `notify_user`, the notification centre's one writer, which honours their muted kinds). */
  async notify(userIds: string[], kind: 'sla_warning' | 'sla_breached', leadId: string, excerpt: string, tx: EntityManager): Promise<void> {
    if (!userIds.length) return;
    await tx.query(`SELECT notify_user(u, $2::notification_kind, $3::uuid, NULL, $4) FROM unnest($1::uuid[]) AS u`, [userIds, kind, leadId, excerpt]);
  }

  /** Who hears of a breach escalated to the team lead: the active team leads of the agent's team, else (no team, or no lead for it) the active admins. */
  async escalationTargets(assigneeId: string | null, tx: EntityManager): Promise<{ ids: string[]; who: 'team_lead' | 'admins' }> {
    const leads = await tx.query<{ id: string }[]>(
      `SELECT tl.id FROM users a JOIN users tl ON tl.team = a.team AND tl.role = 'team_lead' AND tl.active AND tl.id <> a.id WHERE a.id = $1 AND a.team IS NOT NULL`,
      [assigneeId],
    );
    if (leads.length) return { ids: leads.map((r) => r.id), who: 'team_lead' };
    const admins = await tx.query<{ id: string }[]>(`SELECT id FROM users WHERE role = 'admin' AND active ORDER BY created_at`);
    return { ids: admins.map((r) => r.id), who: 'admins' };
  }
}
