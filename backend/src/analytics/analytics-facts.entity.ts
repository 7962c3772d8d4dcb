import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LeadSource, LeadStage } from '../leads/lead.enums';

/**
 * One row per lead (merged leads left out): what the figures need of it, derived from the lead,
 * its timeline, its viewings and its conversations by `AnalyticsRepository.refresh` (the
 * `refresh-analytics` job, every minute). A summary, never the truth: rebuilt from the sources.
 */
@Entity('analytics_lead_facts')
// Range scans by arrival, and deals won in a range.
@Index('idx_analytics_facts_created', ['createdAt'])
@Index('idx_analytics_facts_won', ['wonAt'], { where: 'won_at IS NOT NULL' })
export class AnalyticsLeadFactsEntity {
  @PrimaryColumn({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  // Named, not imported (as leads name qualifications): the row goes with its lead.
  @ManyToOne('LeadEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'enum', enum: LeadSource, enumName: 'lead_source' })
  source: LeadSource;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  /** Lead Ads: the campaign and form the lead came from (the lead's first timeline entry keeps them). */
  @Column({ name: 'campaign_id', type: 'varchar', length: 64, nullable: true })
  campaignId: string | null;

  @Column({ name: 'form_id', type: 'varchar', length: 64, nullable: true })
  formId: string | null;

  @Column({ type: 'enum', enum: LeadStage, enumName: 'lead_stage' })
  stage: LeadStage;

  @Column({ type: 'smallint' })
  score: number;

  /** The furthest stage reached, 0 (new) … 5 (won); lost does not count. */
  @Column({ type: 'smallint' })
  reached: number;

  /** Qualified by score or by a person, or moved to Qualified or beyond. */
  @Column({ type: 'boolean' })
  qualified: boolean;

  /** A viewing was booked (cancelled or not), or the lead moved to Viewing or beyond. */
  @Column({ type: 'boolean' })
  viewing: boolean;

  /** The first move to Won. */
  @Column({ name: 'won_at', type: 'timestamptz', nullable: true })
  wonAt: Date | null;

  /** Seconds from arrival to the first answer by anyone / the assistant / a person. */
  @Column({ name: 'first_response_s', type: 'integer', nullable: true })
  firstResponseS: number | null;

  @Column({ name: 'first_ai_s', type: 'integer', nullable: true })
  firstAiS: number | null;

  @Column({ name: 'first_human_s', type: 'integer', nullable: true })
  firstHumanS: number | null;

  /** Seconds spent in each stage before leaving it (all stays added up); null: never left it. */
  @Column({ name: 'new_s', type: 'integer', nullable: true })
  newS: number | null;

  @Column({ name: 'contacted_s', type: 'integer', nullable: true })
  contactedS: number | null;

  @Column({ name: 'qualified_s', type: 'integer', nullable: true })
  qualifiedS: number | null;

  @Column({ name: 'viewing_s', type: 'integer', nullable: true })
  viewingS: number | null;

  @Column({ name: 'offer_s', type: 'integer', nullable: true })
  offerS: number | null;

  /** A person wrote to the lead, or a conversation was handed over or taken over. */
  @Column({ name: 'person_involved', type: 'boolean' })
  personInvolved: boolean;
}

/** Timeline entries the figures count by time: hand-overs and missed answer deadlines, copied by the refresh. */
@Entity('analytics_events')
@Index('idx_analytics_events_kind_at', ['kind', 'at'])
export class AnalyticsEventEntity {
  /** The timeline entry's id. */
  @PrimaryColumn({ name: 'activity_id', type: 'uuid' })
  activityId: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  // Named, not imported (as leads name qualifications): the row goes with its lead.
  @ManyToOne('LeadEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: unknown;

  /** handover | sla_breached */
  @Column({ type: 'varchar', length: 20 })
  kind: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  /** Hand-overs: why (the assistant's words, or a person taking over). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;
}

/** How many points one score change moved one factor (from the score history), copied by the refresh. */
@Entity('analytics_score_moves')
@Index('idx_analytics_score_moves_at', ['at'])
export class AnalyticsScoreMoveEntity {
  @PrimaryColumn({ name: 'qualification_id', type: 'uuid' })
  qualificationId: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  factor: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  // Named, not imported (as leads name qualifications): the row goes with its lead.
  @ManyToOne('LeadEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: unknown;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'smallint' })
  delta: number;
}

/** Where the last refresh got to (one row). */
@Entity('analytics_refresh')
export class AnalyticsRefreshEntity {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Column({ name: 'refreshed_to', type: 'timestamptz' })
  refreshedTo: Date;
}
