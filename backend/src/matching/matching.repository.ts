import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { leadVisibleSql, type LeadScope } from '../access/lead-access';
import { placeKeys } from '../inventory/inventory.service';
import { LeadMatchEntity } from './lead-match.entity';
import { type LeadMergeParticipant, type MovedLeadRows, MovesLeadRows } from '../leads/lead-merge-participant';

/** What a merge did to matches: the merged lead's rows (for undo) and the units the survivor took from them. */
export interface MovedMatches {
  rows: Record<string, unknown>[];
  added: string[];
}

export interface BuyerRow {
  id: string;
  name: string;
  stage: string;
  score: number;
  assignee_id: string | null;
  purpose: string | null;
  budget_min: string | null;
  budget_max: string | null;
  bedrooms: number | null;
  bathrooms: number | null;
  property_types: string[];
  locations: string[];
  fit: number;
}

export interface UnitForMatching {
  purpose: string;
  price: number;
  bedrooms: number;
  bathrooms: number;
  type: string;
  city: string;
  area: string | null;
  zip: string | null;
}

/** "Buyers for this listing" (open leads whose stated wishes the unit meets) and the lead matches the worker stores. */
@Injectable()
@MovesLeadRows()
export class MatchingRepository implements LeadMergeParticipant {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  buyersFor(unit: UnitForMatching, scope: LeadScope, limit: number): Promise<BuyerRow[]> {
    const { where, params } = buyersWhere(unit, scope);
    // Each stated wish the unit meets counts one point of fit; an unstated wish neither helps nor hurts.
    return this.db.query<BuyerRow[]>(
      `SELECT l.id, c.name, l.stage, l.score, l.assignee_id, p.purpose, p.budget_min, p.budget_max, p.bedrooms, p.bathrooms, p.property_types, p.locations,
              ((p.purpose IS NOT NULL)::int + (p.budget_max IS NOT NULL)::int + (p.bedrooms IS NOT NULL)::int
               + (cardinality(p.property_types) > 0)::int + (cardinality(p.locations) > 0)::int) AS fit
         ${where}
        ORDER BY fit DESC, l.score DESC, l.id
        LIMIT $${params.push(limit)}`,
      params,
    );
  }

  /** How many open leads the unit fits (the same rule as `buyersFor`), within `scope`. */
  async countBuyers(unit: UnitForMatching, scope: LeadScope): Promise<number> {
    const { where, params } = buyersWhere(unit, scope);
    const [row] = await this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n ${where}`, params);
    return row.n;
  }

  /**
   * A merge (LeadMergeParticipant): the merged lead's matches go to the survivor for the units it
   * lacks (derived rows, keyed by unit); the merged lead keeps none. Returns its rows and the units added.
   */
  async moveToSurvivor(tx: EntityManager, fromLeadId: string, toLeadId: string): Promise<MovedLeadRows> {
    const rows = await tx.query<{ r: Record<string, unknown> }[]>(`SELECT to_jsonb(m) AS r FROM lead_matches m WHERE m.lead_id = $1`, [fromLeadId]);
    // INSERT … RETURNING answers its rows (UPDATE and DELETE answer [rows, count]).
    const added = await tx.query<{ unit_id: string }[]>(
      `INSERT INTO lead_matches (lead_id, unit_id, rank, score, why, computed_at)
       SELECT $2, unit_id, rank, score, why, computed_at FROM lead_matches WHERE lead_id = $1
       ON CONFLICT DO NOTHING RETURNING unit_id`,
      [fromLeadId, toLeadId],
    );
    await tx.query(`DELETE FROM lead_matches WHERE lead_id = $1`, [fromLeadId]);
    const moved: MovedMatches = { rows: rows.map((r) => r.r), added: added.map((r) => r.unit_id) };
    return { lead_matches: moved };
  }

  /** Its undo: the copies the merge made leave the survivor (a match recomputed since stays), the merged lead's rows come back. */
  async restore(tx: EntityManager, moved: MovedLeadRows, survivorId: string): Promise<void> {
    const matches = moved.lead_matches as MovedMatches | undefined;
    if (!matches) return;
    if (matches.added.length) {
      await tx.query(
        `DELETE FROM lead_matches t USING jsonb_populate_recordset(NULL::lead_matches, $3::jsonb) r
          WHERE t.lead_id = $1 AND t.unit_id = ANY($2::uuid[]) AND t.unit_id = r.unit_id AND t.computed_at = r.computed_at`,
        [survivorId, matches.added, JSON.stringify(matches.rows)],
      );
    }
    if (matches.rows.length) {
      await tx.query(
        `INSERT INTO lead_matches (lead_id, unit_id, rank, score, why, computed_at)
         SELECT lead_id, unit_id, rank, score, why, computed_at FROM jsonb_populate_recordset(NULL::lead_matches, $1::jsonb)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(matches.rows)],
      );
    }
  }

  async replaceMatches(leadId: string, matches: Pick<LeadMatchEntity, 'unitId' | 'rank' | 'score' | 'why'>[], computedAt: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.getRepository(LeadMatchEntity).delete({ leadId });
      if (matches.length) await tx.getRepository(LeadMatchEntity).insert(matches.map((m) => ({ ...m, leadId, computedAt })));
    });
  }

  findMatches(leadId: string): Promise<LeadMatchEntity[]> {
    return this.db.getRepository(LeadMatchEntity).find({ where: { leadId }, order: { rank: 'ASC' } });
  }
}

/** "Leads for this home": open leads whose stated wishes the unit meets, as FROM … WHERE with its parameters. */
function buyersWhere(unit: UnitForMatching, scope: LeadScope): { where: string; params: unknown[] } {
  const params: unknown[] = [unit.purpose === 'rent' ? 'rent' : 'buy', unit.price, unit.bedrooms, unit.bathrooms, unit.type, placeKeys(unit)];
  const scopeSql = scope.all ? '' : `AND ${leadVisibleSql(scope, 'l', `$${params.push(scope.userId)}`)}`;
  return {
    params,
    where: `FROM lead_profiles p
         JOIN leads l ON l.id = p.lead_id
         JOIN contacts c ON c.id = l.contact_id
        WHERE l.stage NOT IN ('won', 'lost') AND l.merged_into_id IS NULL ${scopeSql}
          AND (p.purpose IS NOT NULL OR p.budget_max IS NOT NULL)
          AND (p.purpose IS NULL OR p.purpose = $1::purpose)
          AND (p.budget_max IS NULL OR p.budget_max >= $2 * 0.9)
          AND (p.budget_min IS NULL OR p.budget_min <= $2 * 1.1)
          AND (p.bedrooms IS NULL OR p.bedrooms <= $3)
          AND (p.bathrooms IS NULL OR p.bathrooms <= $4)
          AND (cardinality(p.property_types) = 0 OR $5 = ANY(p.property_types))
          AND (cardinality(p.locations) = 0 OR EXISTS (SELECT 1 FROM unnest(p.locations) AS loc WHERE lower(loc) = ANY($6::text[])))`,
  };
}
