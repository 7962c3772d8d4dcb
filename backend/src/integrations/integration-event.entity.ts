import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The outbox of events for integrators: written in the transaction of the change it describes (only
 * while some enabled subscription wants its type), fanned out to deliveries by the workers. The id
 * is the Standard Webhooks message id (`webhook-id`), the same on every attempt and re-send.
 */
@Entity('integration_events')
@Index('idx_integration_events_pending', ['occurredAt'], { where: 'fanned_out_at IS NULL' })
export class IntegrationEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  /** No foreign key: the event outlives a lead that is later removed. */
  @Column({ name: 'lead_id', type: 'uuid', nullable: true })
  leadId: string | null;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt: Date;

  /** When its deliveries were created (null: not yet). */
  @Column({ name: 'fanned_out_at', type: 'timestamptz', nullable: true })
  fannedOutAt: Date | null;
}
