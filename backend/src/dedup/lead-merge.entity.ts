import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LeadEntity } from '../leads/lead.entity';
import { UserEntity } from '../users/user.entity';

/** Rows that moved from the merged lead to the survivor, by table, and what undo needs to put back. */
export interface MergeSnapshot {
  /** Both lead rows, their contacts and profiles, as they were just before the merge (column → value). */
  survivor: { lead: Record<string, unknown>; contact: Record<string, unknown>; profile: Record<string, unknown> | null };
  merged: { lead: Record<string, unknown>; contact: Record<string, unknown>; profile: Record<string, unknown> | null };
  /** What the merge wrote on the survivor (lead, contact, profile columns → value): undo restores a column only if it still holds this. */
  written: { lead: Record<string, unknown>; contact: Record<string, unknown>; profile: Record<string, unknown> };
  /** What each feature moved to the survivor, by table (`LeadMergeParticipant`): mostly row ids; matches keep their rows. */
  moved: Record<string, unknown>;
  /** Merges made before matching moved its own rows kept the merged lead's matches here. */
  matches?: { rows: Record<string, unknown>[]; added: string[] };
  /** The qualification (score history row) the merge's rescoring wrote on the survivor. */
  qualificationId: string | null;
  /** The timeline entry that says who merged what and why. */
  activityId: string | null;
  /** Duplicate pairs the merge closed (status back to open on undo). */
  candidates: string[];
  /** Rows the merge's rescoring wrote on the survivor (a score change entry, a score history row), removed by undo. */
  created?: { activities: string[]; qualifications: string[] };
}

/**
 * One merge of two leads: who, when, why, which value each field kept, and a snapshot from which
 * undo (within 30 days) restores both leads as they were.
 */
@Entity('lead_merges')
export class LeadMergeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_lead_merges_survivor')
  @Column({ name: 'survivor_id', type: 'uuid' })
  survivorId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survivor_id' })
  survivor?: LeadEntity;

  @Index('idx_lead_merges_merged')
  @Column({ name: 'merged_id', type: 'uuid' })
  mergedId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'merged_id' })
  merged?: LeadEntity;

  @Column({ name: 'merged_by_id', type: 'uuid', nullable: true })
  mergedById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'merged_by_id' })
  mergedBy?: UserEntity | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** Field → which lead's value survived ('survivor' | 'merged'). */
  @Column({ type: 'jsonb' })
  choices: Record<string, 'survivor' | 'merged'>;

  @Column({ type: 'jsonb' })
  snapshot: MergeSnapshot;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'undone_at', type: 'timestamptz', nullable: true })
  undoneAt: Date | null;

  @Column({ name: 'undone_by_id', type: 'uuid', nullable: true })
  undoneById: string | null;
}
