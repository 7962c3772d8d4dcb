import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { LeadEntity } from '../leads/lead.entity';
import { UserEntity } from '../users/user.entity';

export enum SessionMode {
  /** The AI answers. */
  Ai = 'ai',
  /** A person has taken the conversation over; the AI stays silent. */
  Human = 'human',
}

/** One conversation with a lead on one channel. A lead's memory spans all of its sessions. */
@Entity('sessions')
@Index('idx_sessions_lead', ['leadId', 'createdAt'])
@Index('idx_sessions_reply_due', ['replyDueAt'], { where: 'reply_due_at IS NOT NULL' })
// The Conversations page: every conversation, latest message first.
@Index('idx_sessions_last_message', ['lastMessageAt', 'id'])
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  /** web, whatsapp, sms, … */
  @Column({ type: 'varchar', length: 20, default: 'web' })
  channel: string;

  @Column({ type: 'enum', enum: SessionMode, enumName: 'session_mode', default: SessionMode.Ai })
  mode: SessionMode;

  /** The person holding the conversation while mode is human. */
  @Column({ name: 'held_by_id', type: 'uuid', nullable: true })
  heldById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'held_by_id' })
  heldBy?: UserEntity | null;

  /**
   * Set while a turn runs, so two turns on one session never interleave (across API replicas too).
   * A turn that died leaves it set; it is ignored once older than the turn timeout.
   */
  @Column({ name: 'turn_started_at', type: 'timestamptz', nullable: true })
  turnStartedAt: Date | null;

  /**
   * A channel conversation (WhatsApp): the lead's messages the assistant has yet to answer, in the
   * order they were stored. A turn removes the ones it answered in the transaction that writes it,
   * so a worker that dies mid-turn leaves them here for the next one.
   */
  @Column({ name: 'reply_pending', type: 'uuid', array: true, default: () => "'{}'" })
  replyPending: string[];

  /** When the assistant answers the pending messages: pushed back by each new one (debounce). Null when nothing is pending. */
  @Column({ name: 'reply_due_at', type: 'timestamptz', nullable: true })
  replyDueAt: Date | null;

  @Column({ name: 'last_message_at', type: 'timestamptz', nullable: true })
  lastMessageAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
