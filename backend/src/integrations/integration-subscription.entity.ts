import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An integrator's URL and the events it hears about (outbound webhooks, Standard Webhooks). */
@Entity('integration_subscriptions')
export class IntegrationSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** What the admin calls it ("Zapier: new leads to the sheet"). */
  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  /** Event types it receives (core/events/integration-events.ts). */
  @Column({ type: 'varchar', length: 40, array: true })
  events: string[];

  /** The Standard Webhooks signing secret (`whsec_…`), shown to the admin once, at creation. */
  @Column({ type: 'varchar', length: 100 })
  secret: string;

  /** An admin allowed this URL to reach loopback or private addresses. */
  @Column({ name: 'allow_private', type: 'boolean', default: false })
  allowPrivate: boolean;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Failed deliveries in a row (a success resets it). */
  @Column({ name: 'consecutive_failures', type: 'int', default: 0 })
  consecutiveFailures: number;

  /** When the current row of failures began. */
  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  /** Turned off by the system after failing too long (null when an admin turned it off, or it is on). */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'disabled_reason', type: 'varchar', length: 300, nullable: true })
  disabledReason: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
