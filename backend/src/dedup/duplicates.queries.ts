import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type LeadScope, leadVisibleSql } from '../access/lead-access';
import type { DuplicateCandidateDto, DuplicateContactDto } from '../leads/duplicates.dto';

interface PairRow {
  id: string;
  signal: DuplicateCandidateDto['signal'];
  origin: DuplicateCandidateDto['origin'];
  status: DuplicateCandidateDto['status'];
  confidence: number;
  evidence: string[];
  created_at: Date;
  a: DuplicateContactDto;
  b: DuplicateContactDto;
  a_lead: string;
}

/** Reads of the duplicate pairs for one lead, seen by one person: only pairs whose other lead they may see. */
@Injectable()
export class DuplicatesQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async openPairsOf(leadId: string, scope: LeadScope): Promise<DuplicateCandidateDto[]> {
    const params: unknown[] = [leadId];
    const visible = scope.all ? 'true' : leadVisibleSql(scope, 'ol', `$${params.push(scope.userId)}`);
    const side = (c: string, l: string) =>
      `jsonb_build_object('id', ${c}.id, 'name', ${c}.name, 'email', ${c}.email, 'phone', ${c}.phone, 'leadId', ${l}.id, 'source', ${l}.source, 'stage', ${l}.stage, 'score', ${l}.score, 'leadCreatedAt', ${l}.created_at)`;
    const rows = await this.db.query<PairRow[]>(
      `SELECT d.id, d.signal, d.origin, d.status, d.confidence, d.evidence, d.created_at, d.lead_id AS a_lead,
              ${side('ca', 'la')} AS a, ${side('cb', 'lb')} AS b
         FROM duplicate_candidates d
         JOIN leads la ON la.id = d.lead_id JOIN contacts ca ON ca.id = la.contact_id
         JOIN leads lb ON lb.id = d.other_lead_id JOIN contacts cb ON cb.id = lb.contact_id
         JOIN leads ol ON ol.id = CASE WHEN d.lead_id = $1 THEN d.other_lead_id ELSE d.lead_id END
        WHERE (d.lead_id = $1 OR d.other_lead_id = $1) AND d.status = 'open'
          AND la.merged_into_id IS NULL AND lb.merged_into_id IS NULL AND ${visible}
        ORDER BY d.confidence DESC, d.created_at DESC
        LIMIT 50`,
      params,
    );
    // This lead first ("contact"), the other second ("existing").
    return rows.map((r) => {
      const [mine, other] = r.a_lead === leadId ? [r.a, r.b] : [r.b, r.a];
      return { id: r.id, contact: mine, existing: other, signal: r.signal, origin: r.origin, status: r.status, confidence: r.confidence, evidence: r.evidence, createdAt: new Date(r.created_at).toISOString() };
    });
  }
}
