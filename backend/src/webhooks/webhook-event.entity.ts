import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Where a delivery came from. Each provider has its own handler in the workers. */
export enum WebhookProvider {
  LeadAds = 'meta_lead_ads',
  WhatsApp = 'whatsapp',
  /** An admin-defined source (a portal, Zapier, a landing-page builder) signing with Standard Webhooks. */
  Partner = 'partner',
  /** The brokerage's own website forms (POST /api/public/leads). */
  Web = 'web',
  /** Email replies, posted as parsed JSON by the mail provider (POST /api/webhooks/inbound-mail, Standard Webhooks). */
  Email = 'email',
}

export enum WebhookEventStatus {
  /** Stored, waiting for a worker. */
  Received = 'received',
  /** Done: its effect is written. */
  Processed = 'processed',
  /** Nothing to do (a status for a message we never sent, an unknown field): kept, with why. */
  Ignored = 'ignored',
  /** Failed at least once; a retry is scheduled. */
  Failed = 'failed',
  /** Failed every attempt: waits for an admin to reprocess it. */
  Dead = 'dead',
}

/**
 * One signed delivery exactly as it arrived (the raw bytes the signature covers), kept for audit
 * and replay. Its events are split out into `webhook_events`.
 */
@Entity('webhook_deliveries')
@Index('idx_webhook_deliveries_provider_received', ['provider', 'receivedAt'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 30 })
  provider: WebhookProvider;

  /** The request body as received, byte for byte (the bytes the signature covers). */
  @Column({ name: 'raw_body', type: 'bytea' })
  rawBody: Buffer;

  @Column({ name: 'event_count', type: 'int' })
  eventCount: number;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}

/**
 * The inbox: one row per event of a delivery, unique per provider and the provider's own id for
 * it, so a redelivered or replayed event finds its row already there and has no second effect.
 */
@Entity('webhook_events')
@Index('uq_webhook_events_provider_external', ['provider', 'externalId'], { unique: true })
@Index('idx_webhook_events_status', ['status', 'receivedAt'])
export class WebhookEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Arrival order (within a delivery: the order Meta listed the events), for processing in order. */
  @Index('idx_webhook_events_seq')
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS', insert: false, update: false })
  seq: string;

  @Column({ type: 'varchar', length: 30 })
  provider: WebhookProvider;

  /** What the event is: leadgen, message, status, or the unknown field's name. */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  /** The provider's key: a leadgen_id, a WhatsApp message id, or a message id + ':' + status. */
  @Column({ name: 'external_id', type: 'varchar', length: 300 })
  externalId: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  /** This event's own part of the delivery, as sent (unknown fields kept). */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 12, default: WebhookEventStatus.Received })
  status: WebhookEventStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Why the last attempt failed, or why the event was ignored. Never personal data. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** The lead the event created or joined. */
  @Column({ name: 'lead_id', type: 'uuid', nullable: true })
  leadId: string | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
