import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { ContactEntity } from './contact.entity';
import { LeadProfileEntity } from './lead-profile.entity';
import type { QualificationRow } from './lead-scoring';
import { LeadSource, LeadStage, QualificationStatus, ScoreSource, type SlaClockKind } from './lead.enums';

@Entity('leads')
// The inbox indexes: (stage, sort key, id) INCLUDE every filter column, one per sort key. The
// INCLUDE clause is beyond TypeORM's decorators, so the migration creates them (see inbox-query.ts).
@Index('idx_leads_inbox_score', { synchronize: false })
@Index('idx_leads_inbox_created', { synchronize: false })
@Index('idx_leads_inbox_last_activity', { synchronize: false })
// The inbox's default "needs attention" order: (stage, waiting since, score DESC, id DESC).
@Index('idx_leads_inbox_attention', { synchronize: false })
@Index('idx_leads_assignee', ['assigneeId'])
// The same Lead Ads lead delivered twice (duplicate detection).
@Index('idx_leads_source_ref', ['source', 'sourceRef'])
export class LeadEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_leads_contact')
  @Column({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @ManyToOne(() => ContactEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contact_id' })
  contact?: ContactEntity;

  @Column({ type: 'enum', enum: LeadSource, enumName: 'lead_source' })
  source: LeadSource;

  /** The lead's id at its source (Meta leadgen id, WhatsApp message id, portal ref). */
  @Column({ name: 'source_ref', type: 'varchar', length: 200, nullable: true })
  sourceRef: string | null;

  @Column({ type: 'enum', enum: LeadStage, enumName: 'lead_stage', default: LeadStage.New })
  stage: LeadStage;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: UserEntity | null;

  @Column({ type: 'smallint', default: 0 })
  score: number;

  /**
   * The qualification that holds the current score and its breakdown. The breakdown lives there,
   * not here, to keep lead rows small: the inbox scans them. Deferred so bulk loads can insert
   * a lead and its first qualification in either order within one transaction.
   */
  @Column({ name: 'current_qualification_id', type: 'uuid', nullable: true })
  currentQualificationId: string | null;

  // Named, not imported: scoring owns qualifications and depends on leads, so leads must not import
  // scoring. TypeORM resolves the name to scoring's QualificationEntity; the foreign key is unchanged.
  @ManyToOne('QualificationEntity', { onDelete: 'SET NULL', deferrable: 'INITIALLY DEFERRED' })
  @JoinColumn({ name: 'current_qualification_id' })
  currentQualification?: Pick<QualificationRow, 'breakdown'> | null;

  @Column({ name: 'score_source', type: 'enum', enum: ScoreSource, enumName: 'score_source', default: ScoreSource.Auto })
  scoreSource: ScoreSource;

  @Column({
    name: 'qualification_status',
    type: 'enum',
    enum: QualificationStatus,
    enumName: 'qualification_status',
    default: QualificationStatus.Unqualified,
  })
  qualificationStatus: QualificationStatus;

  /** When the lead went to the shared pond (no routing rule took it); it waits there while it has no assignee. */
  @Column({ name: 'pond_since', type: 'timestamptz', nullable: true })
  pondSince: Date | null;

  /**
   * The lead's SLA clock: when the soonest running SLA timer is due (kept by the SLA timers, see
   * docs/PIPELINE.md "SLA timers"); null when no timer runs. `sla_kind` says what is due.
   */
  @Column({ name: 'sla_due_at', type: 'timestamptz', nullable: true })
  slaDueAt: Date | null;

  /** What the SLA clock waits for: `reply` (an answer to the lead's last message) or `stage` (the lead moving on from its stage). */
  @Column({ name: 'sla_kind', type: 'varchar', length: 10, nullable: true })
  slaKind: SlaClockKind | null;

  /** When the lead entered its current stage (the "time to leave a stage" SLA clock starts here). */
  @Column({ name: 'stage_entered_at', type: 'timestamptz', default: () => 'now()' })
  stageEnteredAt: Date;

  @Column({ name: 'first_response_at', type: 'timestamptz', nullable: true })
  firstResponseAt: Date | null;

  /** The assistant's first message to the lead (speed to lead, the assistant's part). */
  @Column({ name: 'first_ai_response_at', type: 'timestamptz', nullable: true })
  firstAiResponseAt: Date | null;

  /** A person's first message to the lead (speed to lead, the people's part). */
  @Column({ name: 'first_human_response_at', type: 'timestamptz', nullable: true })
  firstHumanResponseAt: Date | null;

  /**
   * Since when the lead has been waiting for an answer: set when the lead arrives or writes while
   * nothing is pending, cleared by any message to them. "Needs reply" is this being set.
   */
  @Column({ name: 'awaiting_reply_since', type: 'timestamptz', nullable: true })
  awaitingReplySince: Date | null;

  /** Bumped by every stage move and assignment: a board card carries it, so a stale move is refused (409). */
  @Column({ type: 'integer', default: 1 })
  version: number;

  /** Why the lead was lost (one of the reasons the stage rules list). */
  @Column({ name: 'lost_reason', type: 'varchar', length: 120, nullable: true })
  lostReason: string | null;

  /** The home the lead bought or rented, when won. */
  @Column({ name: 'won_unit_id', type: 'uuid', nullable: true })
  wonUnitId: string | null;

  /** The price of the deal, when won. */
  @Column({ name: 'won_price', type: 'numeric', precision: 14, scale: 2, nullable: true })
  wonPrice: string | null;

  @Column({ name: 'last_activity_at', type: 'timestamptz' })
  lastActivityAt: Date;

  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @OneToOne(() => LeadProfileEntity, (p) => p.lead)
  profile?: LeadProfileEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
