import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { IntegrationEventEntity } from './integration-event.entity';
import { IntegrationSubscriptionEntity } from './integration-subscription.entity';

export enum DeliveryStatus {
  /** Waiting for its first attempt. */
  Pending = 'pending',
  /** A worker holds it and is sending (until `lease_until`). */
  Sending = 'sending',
  /** The receiver answered 2xx. */
  Delivered = 'delivered',
  /** Failed; another attempt is scheduled. */
  Retrying = 'retrying',
  /** Failed every attempt (or was refused): waits for an admin to send it again. */
  Failed = 'failed',
  /** Its subscription was turned off before it went out; sent when it is turned back on. */
  Paused = 'paused',
}

/** One event for one subscription: exactly one row per pair, so several workers never send it twice. */
@Entity('integration_deliveries')
@Unique('uq_integration_deliveries_event_subscription', ['eventId', 'subscriptionId'])
@Index('idx_integration_deliveries_subscription', ['subscriptionId', 'createdAt'])
@Index('idx_integration_deliveries_open', ['status', 'updatedAt'], { where: `status IN ('pending', 'sending', 'retrying')` })
export class IntegrationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => IntegrationEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: IntegrationEventEntity;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId: string;

  @ManyToOne(() => IntegrationSubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id' })
  subscription?: IntegrationSubscriptionEntity;

  @Column({ type: 'varchar', length: 20, default: DeliveryStatus.Pending })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** While sending: when another worker may take it over (the sender died). */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The log of every attempt: what the receiver answered, how fast, and the start of its answer. */
@Entity('integration_delivery_attempts')
@Index('idx_integration_delivery_attempts_delivery', ['deliveryId', 'attemptedAt'])
export class IntegrationDeliveryAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @ManyToOne(() => IntegrationDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: IntegrationDeliveryEntity;

  @Column({ name: 'attempted_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  attemptedAt: Date;

  /** 2xx: delivered. */
  @Column({ type: 'boolean' })
  ok: boolean;

  /** Null when no answer came (timeout, refused address, connection error). */
  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ name: 'latency_ms', type: 'int' })
  latencyMs: number;

  /** The first 1,000 characters of the answer's body. */
  @Column({ name: 'response_excerpt', type: 'varchar', length: 1000, nullable: true })
  responseExcerpt: string | null;

  /** Sent again by an admin. */
  @Column({ type: 'boolean', default: false })
  manual: boolean;
}
