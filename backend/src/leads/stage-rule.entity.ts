import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { LeadStage } from './lead.enums';

/**
 * What a stage rule asks of a move (see `stage-rules.ts` for each one's test and wording):
 *  - `reachable`: the lead has a phone, an email or a WhatsApp number;
 *  - `viewing_booked`: the lead has a booked viewing;
 *  - `lost_reason`: the move names a reason from the rule's list;
 *  - `unit_or_price`: the move (or the lead) names the home or the price;
 *  - `note_backwards`: a move to an earlier stage carries a note saying why.
 */
export const STAGE_RULE_KINDS = ['reachable', 'viewing_booked', 'lost_reason', 'unit_or_price', 'note_backwards'] as const;
export type StageRuleKind = (typeof STAGE_RULE_KINDS)[number];

/** One rule an admin edits on Admin → Pipeline. Every move of a lead's stage, by any path, is checked against the enabled ones. */
@Entity('stage_rules')
export class StageRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  kind: StageRuleKind;

  /** The stage the rule guards (moves into it); null for `note_backwards`, which guards every backward move. */
  @Column({ type: 'enum', enum: LeadStage, enumName: 'lead_stage', nullable: true })
  stage: LeadStage | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** The reasons a `lost_reason` rule offers. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  reasons: string[];

  @Column({ type: 'smallint', default: 0 })
  position: number;

  @Column({ name: 'updated_by_id', type: 'uuid', nullable: true })
  updatedById: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
