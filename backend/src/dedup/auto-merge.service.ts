import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../core/config/app-config';
import { AutoMergeCandidate, DuplicateAutoMerger } from '../leads/duplicate-auto-merger';
import { MergesService } from './merges.service';

/**
 * Auto-merge (off unless DEDUP_AUTO_MERGE_CONFIDENCE is set): a new lead whose contact is an exact
 * identity of a lead its creator can see, at or above the threshold, is merged into that lead at
 * once, by the same merge a person makes (same defaults, same snapshot, undo for 30 days), with
 * the evidence as the reason. Anything less stays a pair for review.
 */
@Injectable()
export class AutoMergeService extends DuplicateAutoMerger {
  constructor(
    private readonly merges: MergesService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async mergeNewLead(newLeadId: string, candidates: AutoMergeCandidate[], tx: EntityManager): Promise<string | null> {
    const threshold = this.config.env.DEDUP_AUTO_MERGE_CONFIDENCE;
    if (threshold === undefined) return null;
    const best = candidates
      .filter((c) => c.exact && c.visible && c.leadId && c.leadId !== newLeadId && c.confidence >= threshold)
      .sort((a, b) => b.confidence - a.confidence)[0];
    if (!best?.leadId) return null;
    await this.merges.mergeIn(best.leadId, { otherLeadId: newLeadId, reason: `same person (${Math.round(best.confidence * 100)} % sure): ${best.evidence.join('; ')}` }, null, tx);
    return best.leadId;
  }
}
