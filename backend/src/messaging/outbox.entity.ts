import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { LeadEntity } from '../leads/lead.entity';

export type OutboxChannel = 'whatsapp' | 'email';
export type OutboxKind = 'text' | 'template' | 'interactive' | 'email';
/** Who produced the message: the assistant and reminders are automated; a person is not. */
export type OutboxOrigin = 'assistant' | 'person' | 'system';

export enum OutboxStatus {
  /** Waiting for a worker (or for `not_before`: held until quiet hours end). */
  Queued = 'queued',
  /** A worker called the channel; if it died before writing the answer, the outcome is in doubt. */
  Sending = 'sending',
  /** The channel accepted it (its id is in external_id). */
  Sent = 'sent',
  /** Given up: a permanent channel error, or every attempt failed. */
  Failed = 'failed',
  /** Email with no mail server configured (no SMTP_URL): kept here, whole, for people to read; never sent. */
  Kept = 'kept',
}

export interface OutboxPayload {
  text?: string;
  template?: { name: string; language: string; parameters: string[] };
  interactive?: Record<string, unknown>;
  /** Email: the body is `text`; these are its headers. */
  email?: {
    subject: string;
    /** The person who wrote it (shown as "<name> via <brokerage>"). */
    fromName?: string | null;
    /** The Message-ID of the lead's mail this answers, and the thread before it. */
    inReplyTo?: string | null;
    references?: string[];
    /** An iCalendar invite (a viewing): sent as the mail's calendar part and as invite.ics. */
    invite?: { method: 'REQUEST' | 'CANCEL'; content: string };
  };
}

/**
 * One outbound message, written in the same transaction as the turn or action that produced it,
 * then sent by a worker. The idempotency key is unique: the same message is never queued twice,
 * and Graph's message id, once stored, makes every retry a no-op.
 */
@Entity('outbox_messages')
@Index('idx_outbox_due', ['status', 'notBefore'])
@Index('idx_outbox_lead', ['leadId', 'createdAt'])
export class OutboxMessageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  @Index('uq_outbox_idempotency_key', { unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 12 })
  channel: OutboxChannel;

  @Column({ type: 'varchar', length: 12 })
  kind: OutboxKind;

  @Column({ type: 'varchar', length: 12 })
  origin: OutboxOrigin;

  /** WhatsApp id (digits) or e-mail address. */
  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'jsonb' })
  payload: OutboxPayload;

  /** The conversation message this sends (messages.id), if any. */
  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId: string | null;

  /** The person who wrote it. */
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ type: 'varchar', length: 12, default: OutboxStatus.Queued })
  status: OutboxStatus;

  /** Held (quiet hours): not sent before this time. */
  @Column({ name: 'not_before', type: 'timestamptz', nullable: true })
  notBefore: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** When the current attempt called the channel (an in-doubt send waits from here). */
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  /** The channel's id for the sent message (WhatsApp wamid, SMTP Message-ID). */
  @Index('uq_outbox_external_id', { unique: true, where: 'external_id IS NOT NULL' })
  @Column({ name: 'external_id', type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Column({ name: 'error_code', type: 'varchar', length: 40, nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_title', type: 'text', nullable: true })
  errorTitle: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
