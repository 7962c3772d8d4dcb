import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { UnitEntity } from '../inventory/unit.entity';
import { UserEntity } from '../users/user.entity';
import type { WeeklyHours } from './availability';

/** When an agent shows homes: weekly working hours in their zone and the buffer between viewings. No row: the brokerage's default hours. */
@Entity('agent_availability')
export class AgentAvailabilityEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** IANA zone the hours are in. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  weekly: WeeklyHours[];

  @Column({ name: 'buffer_minutes', type: 'integer', default: 15 })
  bufferMinutes: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** An agent away (holiday, appointment): no viewings in [startsAt, endsAt). */
@Entity('agent_time_off')
@Index('idx_agent_time_off_user', ['userId', 'startsAt'])
export class AgentTimeOffEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** When a home can be shown (the owner's or tenant's rules). No row: whenever an agent works. */
@Entity('unit_viewing_windows')
export class UnitViewingWindowsEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  /** IANA zone the windows are in. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  windows: WeeklyHours[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** An agent's private calendar feed: the SHA-256 of its secret token (the URL holds the token). Deleted = revoked. */
@Entity('agent_calendar_feeds')
export class AgentCalendarFeedEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Index('uq_agent_calendar_feeds_token', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
