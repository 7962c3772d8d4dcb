import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { LeadSource } from './lead.enums';
import { RoutingRuleEntity } from './routing-rule.entity';
import type { RoutingFacts } from './routing-rules';

/** An agent a rule may give a lead to, with how many open leads they hold now. */
export interface AgentLoad {
  id: string;
  name: string;
  open: number;
}

/** The routing rules table, the load of the agents they name, and the pond's claim. */
@Injectable()
export class RoutingRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(tx: EntityManager = this.db.manager): Promise<RoutingRuleEntity[]> {
    return tx.getRepository(RoutingRuleEntity).find({ order: { position: 'ASC', id: 'ASC' } });
  }

  /** Replaces the whole rule set (the admin page saves it as one list); round robins start afresh. */
  async replaceAll(rules: Omit<RoutingRuleEntity, 'id' | 'updatedAt' | 'rrState'>[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM routing_rules');
      if (rules.length) await tx.getRepository(RoutingRuleEntity).insert(rules);
    });
  }

  /**
   * Locks the rule's round-robin position until the caller's transaction ends: two leads arriving
   * at once take turns, and the second sees the first's assignment when it counts open leads.
   */
  async lockCursor(ruleId: string, tx: EntityManager): Promise<Record<string, number> | null> {
    const rows = await tx.query<{ rr_state: Record<string, number> }[]>('SELECT rr_state FROM routing_rules WHERE id = $1 FOR UPDATE', [ruleId]);
    return rows[0]?.rr_state ?? null;
  }

  async saveCursor(ruleId: string, state: Record<string, number>, tx: EntityManager): Promise<void> {
    await tx.query('UPDATE routing_rules SET rr_state = $2 WHERE id = $1', [ruleId, JSON.stringify(state)]);
  }

  /** Every active agent (role agent), oldest first: the `everyone` target's round robin. */
  async allActiveAgentIds(tx: EntityManager): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>(`SELECT id FROM users WHERE active AND role = 'agent' ORDER BY created_at, id`);
    return rows.map((r) => r.id);
  }

  /** The named users who are active staff (not admins), with their open (not won or lost) leads. */
  async activeAgentLoads(userIds: string[], tx: EntityManager = this.db.manager): Promise<AgentLoad[]> {
    if (!userIds.length) return [];
    const rows = await tx.query<{ id: string; name: string; open: string }[]>(
      `SELECT u.id, u.name, (SELECT count(*) FROM leads l WHERE l.assignee_id = u.id AND l.stage NOT IN ('won', 'lost') AND l.merged_into_id IS NULL) AS open
         FROM users u WHERE u.id = ANY($1::uuid[]) AND u.active AND u.role <> 'admin'`,
      [userIds],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, open: Number(r.open) }));
  }

  /** Whether a lead ever went to the pond (its id was shown to every agent, so a lost claim may say so). */
  async wasInPond(leadId: string, tx: EntityManager): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM leads WHERE id = $1 AND pond_since IS NOT NULL', [leadId]);
    return rows.length > 0;
  }

  /** What routing reads from a lead that already exists: its source, the places and budget in its profile, its contact's language. */
  async factsOf(leadId: string, tx: EntityManager): Promise<RoutingFacts | null> {
    const rows = await tx.query<{ source: LeadSource; locations: string[] | null; budget_min: number | null; budget_max: number | null; language: string | null }[]>(
      `SELECT l.source, p.locations, p.budget_min, p.budget_max, c.language
         FROM leads l JOIN contacts c ON c.id = l.contact_id LEFT JOIN lead_profiles p ON p.lead_id = l.id
        WHERE l.id = $1`,
      [leadId],
    );
    const r = rows[0];
    if (!r) return null;
    const price = r.budget_max ?? r.budget_min;
    return { source: r.source, areas: r.locations ?? [], price: price === null ? null : Number(price), language: r.language };
  }

  /** A person's open leads (not won, lost or merged away), oldest first: what a redistribution moves. */
  async openLeadIdsOf(userId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM leads WHERE assignee_id = $1 AND stage NOT IN ('won', 'lost') AND merged_into_id IS NULL ORDER BY created_at, id`,
      [userId],
    );
    return rows.map((r) => r.id);
  }

  /** Locks the lead and answers its assignee while it is still open; null when it is closed, merged or gone. */
  async lockOpenLead(leadId: string, tx: EntityManager): Promise<{ assigneeId: string | null } | null> {
    const rows = await tx.query<{ assignee_id: string | null }[]>(
      `SELECT assignee_id FROM leads WHERE id = $1 AND stage NOT IN ('won', 'lost') AND merged_into_id IS NULL FOR UPDATE`,
      [leadId],
    );
    return rows[0] ? { assigneeId: rows[0].assignee_id } : null;
  }

  /** How many leads wait in the pond now. */
  async pondSize(): Promise<number> {
    const rows = await this.db.query<{ n: string }[]>('SELECT count(*) AS n FROM leads WHERE pond_since IS NOT NULL AND assignee_id IS NULL AND merged_into_id IS NULL');
    return Number(rows[0]?.n ?? 0);
  }

  async userNames(ids: string[]): Promise<{ id: string; name: string }[]> {
    if (!ids.length) return [];
    return this.db.query('SELECT id, name FROM users WHERE id = ANY($1::uuid[])', [ids]);
  }
}
