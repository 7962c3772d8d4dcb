import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { LeadSource } from '../leads/lead.enums';

const money = { to: (v: number | null | undefined) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** What a lead source costs the brokerage (admin-edited): a monthly amount, a price per lead, or both. */
@Entity('source_costs')
export class SourceCostEntity {
  @PrimaryColumn({ type: 'enum', enum: LeadSource, enumName: 'lead_source' })
  source: LeadSource;

  @Column({ name: 'monthly_cost', type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: money })
  monthlyCost: number | null;

  @Column({ name: 'cost_per_lead', type: 'numeric', precision: 10, scale: 2, nullable: true, transformer: money })
  costPerLead: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
