import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { OpeningHours } from '../core/time/business-time';

/** The team's business hours and time zone (one row, id 1), which SLA timers count in. Admins edit them on Admin → Pipeline. */
@Entity('business_hours')
export class BusinessHoursEntity {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  /** IANA time zone name (Europe/Madrid). */
  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone: string;

  /** Opening hours per weekday (0 = Sunday); a weekday left out is closed. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  days: OpeningHours[];

  @Column({ name: 'updated_by_id', type: 'uuid', nullable: true })
  updatedById: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
