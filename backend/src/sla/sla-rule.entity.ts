import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { LeadStage } from '../leads/lead.enums';

/**
 * What an SLA timer measures (see `sla-timers.ts`):
 *  - `first_response`: while the lead is in the rule's stage and needs a reply (its last message,
 *    or its arrival, has no answer from a person or the assistant), from when it started waiting;
 *  - `leave_stage`: while the lead stays in the rule's stage, from when it entered it.
 */
export const SLA_RULE_KINDS = ['first_response', 'leave_stage'] as const;
export type SlaRuleKind = (typeof SLA_RULE_KINDS)[number];

/** What a breach does besides the assignee's task and notification. */
export const SLA_ESCALATIONS = ['notify_team_lead', 'reassign'] as const;
export type SlaEscalation = (typeof SLA_ESCALATIONS)[number];

/** One SLA timer an admin sets on Admin → Pipeline. */
@Entity('sla_rules')
export class SlaRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  kind: SlaRuleKind;

  @Column({ type: 'enum', enum: LeadStage, enumName: 'lead_stage' })
  stage: LeadStage;

  /** How long, in minutes (of business time when `businessHoursOnly`). */
  @Column({ type: 'integer' })
  minutes: number;

  /** Count only the team's business hours (else the plain clock, nights and weekends included). */
  @Column({ name: 'business_hours_only', type: 'boolean', default: true })
  businessHoursOnly: boolean;

  /** Warn the assignee when this share of the time has passed (null: no warning). */
  @Column({ name: 'warn_percent', type: 'smallint', nullable: true })
  warnPercent: number | null;

  @Column({ type: 'varchar', length: 20, default: 'notify_team_lead' })
  escalation: SlaEscalation;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'smallint', default: 0 })
  position: number;

  @Column({ name: 'updated_by_id', type: 'uuid', nullable: true })
  updatedById: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
