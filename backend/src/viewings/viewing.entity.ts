import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UnitEntity } from '../inventory/unit.entity';
import { LeadEntity } from '../leads/lead.entity';
import { UserEntity } from '../users/user.entity';

export enum ViewingStatus {
  Booked = 'booked',
  Cancelled = 'cancelled',
  Done = 'done',
}

/** A lead visiting a unit at a time. One booked viewing per unit and start time. */
@Entity('viewings')
@Index('idx_viewings_lead', ['leadId', 'startsAt'])
@Index('idx_viewings_agent', ['agentId', 'startsAt'])
// An agent's booked viewings by start: the slot computation's pool and calendars (slotCalendars).
@Index('idx_viewings_agent_booked', ['agentId', 'startsAt'], { where: `status = 'booked'` })
@Index('uq_viewings_unit_slot', ['unitId', 'startsAt'], { unique: true, where: `status = 'booked'` })
export class ViewingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  /** Who shows it (null: booked before agents had calendars, or nobody to ask). */
  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'agent_id' })
  agent?: UserEntity;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  /** The lead's IANA zone when it was booked: how the time was offered and confirmed. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ type: 'enum', enum: ViewingStatus, enumName: 'viewing_status', default: ViewingStatus.Booked })
  status: ViewingStatus;

  /** The invite's SEQUENCE: raised on every move and on cancellation, so calendars take the newest. */
  @Column({ type: 'integer', default: 0 })
  sequence: number;

  /** ai, or the user who booked it. */
  @Column({ name: 'booked_by', type: 'varchar', length: 40, default: 'ai' })
  bookedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
