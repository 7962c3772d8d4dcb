import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LeadEntity } from '../leads/lead.entity';
import { QualificationStatus, ScoreSource } from '../leads/lead.enums';
import type { ScoreFactor } from './score';

/** Score history of a lead: every automatic recomputation that changed it, and every manual override. */
@Entity('qualifications')
@Index('idx_qualifications_lead_created', ['leadId', 'createdAt'])
export class QualificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  @Column({ type: 'smallint' })
  score: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  breakdown: ScoreFactor[];

  @Column({ type: 'enum', enum: QualificationStatus, enumName: 'qualification_status' })
  status: QualificationStatus;

  @Column({ type: 'enum', enum: ScoreSource, enumName: 'score_source' })
  source: ScoreSource;

  /** Weights version for automatic scores; null for manual ones. */
  @Column({ name: 'weights_version', type: 'varchar', length: 40, nullable: true })
  weightsVersion: string | null;

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  // clock_timestamp(), not now(): entries written in one transaction must keep their order.
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
