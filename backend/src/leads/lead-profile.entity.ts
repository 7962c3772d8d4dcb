import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Financing, Purpose, Timeline } from './lead.enums';
import { LeadEntity } from './lead.entity';

/** Where one profile fact came from. */
export interface FieldEvidence {
  value: unknown;
  /** The message (or activity) the fact was read from; null when typed in by a person. */
  messageId: string | null;
  /** The words of that message the fact was read from. */
  quote?: string;
  /** 0..1 */
  confidence: number;
  source: 'agent' | 'user' | 'import' | 'webhook';
  at: string;
}

export type ProfileEvidence = Partial<Record<string, FieldEvidence>>;

@Entity('lead_profiles')
export class LeadProfileEntity {
  @PrimaryColumn({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  @OneToOne(() => LeadEntity, (l) => l.profile, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  @Column({ type: 'enum', enum: Purpose, enumName: 'purpose', nullable: true })
  purpose: Purpose | null;

  /** Whole currency units (no cents): budgets are never that precise. */
  @Column({ name: 'budget_min', type: 'bigint', nullable: true, transformer: { to: (v: unknown) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  budgetMin: number | null;

  @Column({ name: 'budget_max', type: 'bigint', nullable: true, transformer: { to: (v: unknown) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  budgetMax: number | null;

  @Column({ type: 'char', length: 3, default: 'USD' })
  currency: string;

  @Column({ type: 'smallint', nullable: true })
  bedrooms: number | null;

  @Column({ type: 'real', nullable: true })
  bathrooms: number | null;

  @Column({ name: 'property_types', type: 'text', array: true, default: () => "'{}'" })
  propertyTypes: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  locations: string[];

  @Column({ type: 'enum', enum: Timeline, enumName: 'timeline', nullable: true })
  timeline: Timeline | null;

  @Column({ type: 'enum', enum: Financing, enumName: 'financing', nullable: true })
  financing: Financing | null;

  @Column({ type: 'boolean', nullable: true })
  pets: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  furnished: boolean | null;

  @Column({ name: 'must_haves', type: 'text', array: true, default: () => "'{}'" })
  mustHaves: string[];

  /** Features the lead said they do not want (e.g. from viewing feedback): homes with them rank lower in their matches. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  dislikes: string[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  evidence: ProfileEvidence;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
