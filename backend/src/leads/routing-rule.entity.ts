import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { LeadSource } from './lead.enums';

/** Where a routing rule sends the leads it takes: round robin among its agents, among every active agent, or the shared pond. */
export const ROUTING_TARGETS = ['agents', 'everyone', 'pond'] as const;
export type RoutingTarget = (typeof ROUTING_TARGETS)[number];

/** An agent in a rule's round robin, with how many open leads they may hold at most (their weight too). */
export interface RoutingAgent {
  userId: string;
  capacity: number;
}

/**
 * One routing rule an admin edits on Admin → Pipeline. New leads, from every source, are offered to
 * the enabled rules in order; the first rule whose conditions all hold (an empty list holds for
 * every lead) and that has an agent with room takes it. Leads no rule takes go to the pond.
 */
@Entity('routing_rules')
export class RoutingRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'smallint', default: 0 })
  position: number;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Lead sources the rule takes (empty: any). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  sources: LeadSource[];

  /** Areas or cities, matched case-insensitively against the places the lead asks for (empty: any). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  areas: string[];

  /** Languages (BCP-47 primary tags: "es", "zh"), against the language the lead speaks (empty: any; a lead whose language is not known never matches). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  languages: string[];

  /** Price band, against the lead's budget (its maximum, else its minimum); a bound left empty is open. */
  @Column({ name: 'price_min', type: 'integer', nullable: true })
  priceMin: number | null;

  @Column({ name: 'price_max', type: 'integer', nullable: true })
  priceMax: number | null;

  @Column({ type: 'varchar', length: 10, default: 'agents' })
  target: RoutingTarget;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  agents: RoutingAgent[];

  /** For `everyone`: the most open leads each active agent may hold (every agent weighs the same). */
  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  /**
   * The round robin's position: each agent's current weight (smooth weighted round robin). Read and
   * written only under the rule row's lock (`SELECT ... FOR UPDATE`), so concurrent new leads take turns.
   */
  @Column({ name: 'rr_state', type: 'jsonb', default: () => "'{}'" })
  rrState: Record<string, number>;

  @Column({ name: 'updated_by_id', type: 'uuid', nullable: true })
  updatedById: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
