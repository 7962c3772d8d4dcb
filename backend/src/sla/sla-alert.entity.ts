import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A warning or a breach of one SLA timer, recorded once: a timer is (lead, rule, when its clock
 * started), so a job that runs twice (a retry, a worker killed mid-job) finds its row and does
 * nothing more. Analytics count breaches from the timeline (`sla_breached` entries).
 */
@Entity('sla_alerts')
@Index('uq_sla_alerts_timer', ['leadId', 'ruleId', 'startedAt', 'kind'], { unique: true })
export class SlaAlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  // Named by entity name: the leads feature is below this one (docs/ARCHITECTURE.md).
  @ManyToOne('LeadEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: unknown;

  @Column({ name: 'rule_id', type: 'uuid' })
  ruleId: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'varchar', length: 10 })
  kind: 'warning' | 'breach';

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
