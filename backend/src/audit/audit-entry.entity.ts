import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One line of the audit log. Append-only: the migration installs a trigger that refuses UPDATE
 * and DELETE on this table, so not even the app can rewrite history. No foreign keys on purpose:
 * a user or lead removed later must not change (or cascade into) what was recorded about them.
 */
@Index('idx_audit_log_at', ['at'])
@Index('idx_audit_log_action_at', ['action', 'at'])
@Index('idx_audit_log_actor_at', ['actorId', 'at'])
@Entity('audit_log')
export class AuditEntryEntity {
  /** Increasing: the order things were recorded in, and a stable tie-break for paging. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  /** The actor as they were named at the time (name or the email typed at a failed sign-in). */
  @Column({ name: 'actor_label', type: 'varchar', length: 254, nullable: true })
  actorLabel: string | null;

  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId: string | null;

  @Column({ name: 'target_type', type: 'varchar', length: 40, nullable: true })
  targetType: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 100, nullable: true })
  targetId: string | null;

  /** The client's address (Fastify's req.ip, which honours TRUST_PROXY); null for the system. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 300, nullable: true })
  userAgent: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: Record<string, unknown>;
}
