import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ActivityType } from './lead.enums';
import { LeadEntity } from './lead.entity';

/** One entry on a lead's timeline. Append-only. */
@Entity('activities')
@Index('idx_activities_lead_created', ['leadId', 'createdAt'])
// Everything written since an instant: what the analytics refresh reads every minute (analytics/).
@Index('idx_activities_created', ['createdAt'])
export class ActivityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  @Column({ type: 'enum', enum: ActivityType, enumName: 'activity_type' })
  type: ActivityType;

  /** The user who did it; null for the system, the AI agent or the lead. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  /** 'inbound' for things the lead did (a message in), used by the engagement factor. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  direction: 'inbound' | 'outbound' | null;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  // clock_timestamp(), not now(): entries written in one transaction must keep their order.
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}

/** A timeline entry to append (through `LeadRecordsService`, the one writer of `activities`). */
export interface NewActivity {
  type: ActivityType;
  summary: string;
  actorId?: string | null;
  direction?: 'inbound' | 'outbound' | null;
  data?: Record<string, unknown>;
}
