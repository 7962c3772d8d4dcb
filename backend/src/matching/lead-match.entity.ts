import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UnitEntity } from '../inventory/unit.entity';
import { LeadEntity } from '../leads/lead.entity';

/** The "why" of a stored match (same shape as the API's MatchWhyDto). */
export interface StoredMatchWhy {
  filters: string[];
  terms: string[];
  semantic: number | null;
  lexicalRank: number | null;
  semanticRank: number | null;
}

/** A lead's best units as last computed by the worker (refresh-lead job). */
@Entity('lead_matches')
@Index('idx_lead_matches_lead_rank', ['leadId', 'rank'])
export class LeadMatchEntity {
  @PrimaryColumn({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  @ManyToOne(() => UnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  @Column({ type: 'smallint' })
  rank: number;

  @Column({ type: 'double precision', nullable: true })
  score: number | null;

  @Column({ type: 'jsonb' })
  why: StoredMatchWhy;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;
}
