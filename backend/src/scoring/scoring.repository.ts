import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LeadEntity } from '../leads/lead.entity';
import { Financing, Purpose, QualificationStatus, ScoreSource, Timeline } from '../leads/lead.enums';
import type { QualificationRow } from '../leads/lead-scoring';
import { preparedIn } from '../core/database/prepared';
import type { SqlBatch } from '../core/database/sql-batch';
import { placeMatchSql } from '../inventory/unit-place-names';
import { QualificationEntity } from './qualification.entity';
import { scoreProfile, type ScoreFactor, type ScoreInput, type ScoreProfile } from './score';
import { type LeadMergeParticipant, type MovedLeadRows, MovesLeadRows } from '../leads/lead-merge-participant';
import { reassignRows, restoreReassigned } from '../core/database/reassign-rows';

/** What scoring needs of the lead itself. */
export type ScoredLead = Pick<LeadEntity, 'score' | 'scoreSource' | 'qualificationStatus' | 'currentQualificationId'>;

interface ScoringRow {
  score: number;
  score_source: ScoreSource;
  qualification_status: QualificationStatus;
  current_qualification_id: string | null;
  purpose: Purpose | null;
  budget_min: string | null;
  budget_max: string | null;
  bedrooms: number | null;
  bathrooms: number | null;
  property_types: string[] | null;
  locations: string[] | null;
  timeline: Timeline | null;
  financing: Financing | null;
  inbound: number;
  viewings: number;
  current_breakdown: ScoreFactor[] | null;
}

/** This feature's rows that belong to a lead: they follow it when it is merged into another (score history). */
const MOVED_ON_MERGE = ['qualifications'] as const;

/** Reads what the score is computed from, and writes the score's history (the lead's own score is the leads feature's write). */
@Injectable()
@MovesLeadRows()
export class ScoringRepository implements LeadMergeParticipant {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The lead's score history, newest first, with each entry's author's name. */
  async history(leadId: string, limit = 50): Promise<QualificationRow[]> {
    const { entities, raw } = await this.db
      .getRepository(QualificationEntity)
      .createQueryBuilder('q')
      .leftJoin('users', 'u', 'u.id = q.author_id')
      .addSelect('u.name', 'author_name')
      .where('q.lead_id = :leadId', { leadId })
      .orderBy('q.created_at', 'DESC')
      .addOrderBy('q.id', 'DESC')
      .limit(limit)
      .getRawAndEntities();
    const names = new Map((raw as { q_id: string; author_name: string | null }[]).map((r) => [r.q_id, r.author_name]));
    return entities.map((e) => Object.assign(e, { authorName: names.get(e.id) ?? null }));
  }

  /** Locks the lead row so two recomputations of one lead queue instead of racing. */
  async lockLead(leadId: string, tx: EntityManager): Promise<ScoredLead | null> {
    const [row] = await tx.query<{ score: number; score_source: ScoreSource; qualification_status: QualificationStatus; current_qualification_id: string | null }[]>(
      `SELECT score, score_source, qualification_status, current_qualification_id FROM leads WHERE id = $1 FOR UPDATE`,
      [leadId],
    );
    return row ? { score: row.score, scoreSource: row.score_source, qualificationStatus: row.qualification_status, currentQualificationId: row.current_qualification_id } : null;
  }

  /**
   * The lead's score as it stands, what a new one is computed from (all but the matching units) and
   * the breakdown now in force, in one round trip; null when there is no such lead. Call it once
   * this transaction holds the lead row (`lockLead`, or any update of it), so it reads what
   * transactions that held the lead before have committed.
   */
  async loadState(leadId: string, tx: EntityManager): Promise<{ lead: ScoredLead; profile: ScoreProfile; activity: ScoreInput['activity']; currentBreakdown: ScoreFactor[] | null } | null> {
    const [row] = await preparedIn(tx)<ScoringRow[]>(
      `SELECT l.score, l.score_source, l.qualification_status, l.current_qualification_id,
              p.purpose, p.budget_min, p.budget_max, p.bedrooms, p.bathrooms, p.property_types, p.locations, p.timeline, p.financing,
              a.inbound, a.viewings, q.breakdown AS current_breakdown
         FROM leads l
         LEFT JOIN lead_profiles p ON p.lead_id = l.id
         LEFT JOIN qualifications q ON q.id = l.current_qualification_id
         CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE type = 'message' AND direction = 'inbound' AND created_at > now() - interval '14 days')::int AS inbound,
                                    count(*) FILTER (WHERE type = 'viewing')::int AS viewings
                               FROM activities WHERE lead_id = l.id) a
        WHERE l.id = $1`,
      [leadId],
    );
    if (!row) return null;
    return {
      lead: { score: row.score, scoreSource: row.score_source, qualificationStatus: row.qualification_status, currentQualificationId: row.current_qualification_id },
      profile: scoreProfile({
        purpose: row.purpose,
        budgetMin: row.budget_min == null ? null : Number(row.budget_min),
        budgetMax: row.budget_max == null ? null : Number(row.budget_max),
        bedrooms: row.bedrooms,
        bathrooms: row.bathrooms,
        propertyTypes: row.property_types ?? [],
        locations: row.locations ?? [],
        timeline: row.timeline,
        financing: row.financing,
      }),
      activity: { inboundMessages14d: row.inbound, viewings: row.viewings },
      currentBreakdown: row.current_breakdown,
    };
  }

  /** Available units meeting purpose, budget (±10 %), bedrooms, type and location; counted up to 3. */
  async countMatchingUnits(p: ScoreProfile, tx: EntityManager): Promise<number> {
    if (!p.purpose && p.budgetMax === null) return 0;
    // A seller is not looking for a home: no inventory fits them.
    if (p.purpose === Purpose.Sell) return 0;
    const params: unknown[] = [];
    const add = (v: unknown) => `$${params.push(v)}`;
    const where = [`status = 'available'`];
    if (p.purpose) where.push(`purpose = ${add(p.purpose === Purpose.Rent ? 'rent' : 'sale')}`);
    if (p.budgetMax !== null) where.push(`price <= ${add(Math.round(p.budgetMax * 1.1))}`);
    if (p.budgetMin !== null) where.push(`price >= ${add(Math.round(p.budgetMin * 0.9))}`);
    if (p.bedrooms !== null) where.push(`bedrooms >= ${add(p.bedrooms)}`);
    if (p.propertyTypes.length) where.push(`type::text = ANY(${add(p.propertyTypes)})`);
    if (p.locations.length) {
      const locs = add(p.locations.map((l) => l.trim().toLowerCase()));
      where.push(placeMatchSql(locs));
    }
    const [row] = await preparedIn(tx)<{ n: number }[]>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM units WHERE ${where.join(' AND ')} LIMIT 3) s`, params);
    return row?.n ?? 0;
  }

  latestAuto(leadId: string, tx: EntityManager): Promise<QualificationEntity | null> {
    return tx.getRepository(QualificationEntity).findOne({ where: { leadId, source: ScoreSource.Auto }, order: { createdAt: 'DESC' } });
  }

  async insertQualification(q: Partial<QualificationEntity>, tx: EntityManager): Promise<QualificationEntity> {
    const repo = tx.getRepository(QualificationEntity);
    return repo.save(repo.create(q));
  }

  /** A new automatic score's history row, as part of a batch; returns the write's name (it returns the row's `id`). */
  addAutoQualificationTo(batch: SqlBatch, leadId: string, q: Pick<QualificationEntity, 'score' | 'breakdown' | 'status' | 'weightsVersion' | 'reason'>): string {
    const p = batch.param;
    return batch.add(
      () => `INSERT INTO qualifications (lead_id, score, breakdown, status, source, weights_version, reason)
         VALUES (${p(leadId)}::uuid, ${p(q.score)}, ${p(JSON.stringify(q.breakdown))}::jsonb, ${p(q.status)}::qualification_status, 'auto', ${p(q.weightsVersion)}, ${p(q.reason)}) RETURNING id`,
    );
  }

  /** Removes score history rows by id (an undone merge's rescoring); a row still current for a lead stays (the score it holds is in force). */
  async deleteHistory(ids: string[], tx: EntityManager): Promise<void> {
    if (!ids.length) return;
    await tx.query(`DELETE FROM qualifications WHERE id = ANY($1::uuid[]) AND id NOT IN (SELECT current_qualification_id FROM leads WHERE current_qualification_id IS NOT NULL)`, [ids]);
  }

  /** A merge: this lead's score history move to the survivor (LeadMergeParticipant). */
  moveToSurvivor(tx: EntityManager, fromLeadId: string, toLeadId: string): Promise<MovedLeadRows> {
    return reassignRows(tx, MOVED_ON_MERGE, 'lead_id', fromLeadId, toLeadId);
  }

  /** Its undo: the rows moved go back; what the survivor got since stays. */
  restore(tx: EntityManager, moved: MovedLeadRows, survivorId: string, restoredId: string): Promise<void> {
    return restoreReassigned(tx, MOVED_ON_MERGE, 'lead_id', moved, survivorId, restoredId);
  }
}
