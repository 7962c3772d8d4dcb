import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LeadProfileEntity } from '../leads/lead-profile.entity';
import { LeadEntity } from '../leads/lead.entity';
import { Purpose, ScoreSource } from '../leads/lead.enums';
import { placeMatchSql } from '../inventory/places';
import { QualificationEntity } from './qualification.entity';
import type { ScoreInput } from './score';

/** Reads what the score is computed from, and writes the score and its history. */
@Injectable()
export class ScoringRepository {
  /** Locks the lead row so two recomputations of one lead queue instead of racing. */
  lockLead(leadId: string, tx: EntityManager): Promise<LeadEntity | null> {
    return tx.getRepository(LeadEntity).createQueryBuilder('l').setLock('pessimistic_write').where('l.id = :leadId', { leadId }).getOne();
  }

  async loadInput(leadId: string, tx: EntityManager): Promise<ScoreInput> {
    const profile = await tx.getRepository(LeadProfileEntity).findOne({ where: { leadId } });
    const [activity] = await tx.query<{ inbound: number; viewings: number }[]>(
      `SELECT count(*) FILTER (WHERE type = 'message' AND direction = 'inbound' AND created_at > now() - interval '14 days')::int AS inbound,
              count(*) FILTER (WHERE type = 'viewing')::int AS viewings
         FROM activities WHERE lead_id = $1`,
      [leadId],
    );
    const p = {
      purpose: profile?.purpose ?? null,
      budgetMin: profile?.budgetMin ?? null,
      budgetMax: profile?.budgetMax ?? null,
      bedrooms: profile?.bedrooms ?? null,
      bathrooms: profile?.bathrooms ?? null,
      propertyTypes: profile?.propertyTypes ?? [],
      locations: profile?.locations ?? [],
      timeline: profile?.timeline ?? null,
      financing: profile?.financing ?? null,
    };
    return {
      profile: p,
      activity: { inboundMessages14d: activity?.inbound ?? 0, viewings: activity?.viewings ?? 0 },
      fit: { matchingUnits: await this.countMatchingUnits(p, tx) },
    };
  }

  /** Available units meeting purpose, budget (±10 %), bedrooms, type and location; counted up to 3. */
  private async countMatchingUnits(p: ScoreInput['profile'], tx: EntityManager): Promise<number> {
    if (!p.purpose && p.budgetMax === null) return 0;
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
    const [row] = await tx.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM units WHERE ${where.join(' AND ')} LIMIT 3) s`, params);
    return row?.n ?? 0;
  }

  latestAuto(leadId: string, tx: EntityManager): Promise<QualificationEntity | null> {
    return tx.getRepository(QualificationEntity).findOne({ where: { leadId, source: ScoreSource.Auto }, order: { createdAt: 'DESC' } });
  }

  async insertQualification(q: Partial<QualificationEntity>, tx: EntityManager): Promise<QualificationEntity> {
    const repo = tx.getRepository(QualificationEntity);
    return repo.save(repo.create(q));
  }

  findQualification(id: string | null, tx: EntityManager): Promise<QualificationEntity | null> {
    return id ? tx.getRepository(QualificationEntity).findOne({ where: { id } }) : Promise.resolve(null);
  }

  async setLeadScore(leadId: string, changes: Partial<Pick<LeadEntity, 'score' | 'currentQualificationId' | 'scoreSource' | 'qualificationStatus'>>, tx: EntityManager): Promise<void> {
    await tx.getRepository(LeadEntity).update({ id: leadId }, changes);
  }
}
