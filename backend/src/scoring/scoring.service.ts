import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../core/auth/auth-user';
import { SqlBatch } from '../core/database/sql-batch';
import { notFound } from '../core/http/domain-error';
import { LeadRecordsService } from '../leads/lead-records.service';
import type { LeadScoring, ManualQualification, QualificationRow } from '../leads/lead-scoring';
import { ActivityType, QualificationStatus, ScoreSource } from '../leads/lead.enums';
import { scoreLead, scoreProfile, ScoreFactor, ScoreInput, ScoreProfile, ScoreResult } from './score';
import { ScoringRepository } from './scoring.repository';
import { CURRENT_WEIGHTS } from './weights';

export type { ManualQualification } from '../leads/lead-scoring';

/** A count of fitting units started ahead of a recompute (`ScoringService.fitFor`). */
export interface ScoreFit {
  profile: ScoreProfile;
  count: Promise<number | null>;
}

const sameBreakdown = (a: ScoreFactor[], b: ScoreFactor[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Keeps each lead's score current and its history complete.
 *
 * Manual overrides win: while a lead's score source is `manual`, automatic recomputation still
 * runs and records what the automatic score would be (in the history and on the timeline), but
 * never changes the lead's score or status. Clearing the override hands the lead back to the
 * automatic score at once.
 */
@Injectable()
export class ScoringService implements LeadScoring {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scoring: ScoringRepository,
    private readonly leads: LeadRecordsService,
  ) {}

  /**
   * Starts counting the units that fit `profile`, outside any transaction, so a caller that knows
   * the profile a lead is about to have can overlap the count with its own writes (`recompute`'s
   * `fit`). Never rejects: null when the count failed (`recompute` then counts itself).
   */
  fitFor(profile: ScoreProfile): ScoreFit {
    const p = scoreProfile(profile);
    return { profile: p, count: this.scoring.countMatchingUnits(p, this.db.manager).catch(() => null) };
  }

  /** Removes score history rows by id (an undone merge's rescoring); a row still in force stays. */
  deleteHistory(ids: string[], tx: EntityManager): Promise<void> {
    return this.scoring.deleteHistory(ids, tx);
  }

  /**
   * Recomputes one lead's score; in the caller's transaction when given one. `leadLocked`: the
   * transaction already holds the lead row (it updated it), so no lock is taken. `fit`: a count
   * started by `fitFor`, used when the profile it was made for is still the lead's.
   */
  async recompute(leadId: string, trigger: string, tx?: EntityManager, opts: { leadLocked?: boolean; fit?: ScoreFit } = {}): Promise<ScoreResult> {
    if (!tx) return this.db.transaction((t) => this.recompute(leadId, trigger, t, opts));
    if (!opts.leadLocked && !(await this.scoring.lockLead(leadId, tx))) throw notFound('Lead');
    const state = await this.scoring.loadState(leadId, tx);
    if (!state) throw notFound('Lead');
    const { lead, profile, activity, currentBreakdown } = state;
    const counted = opts.fit && JSON.stringify(opts.fit.profile) === JSON.stringify(profile) ? await opts.fit.count : null;
    const input: ScoreInput = { profile, activity, fit: { matchingUnits: counted ?? (await this.scoring.countMatchingUnits(profile, tx)) } };
    const result = scoreLead(input);
    const status = result.score >= CURRENT_WEIGHTS.qualifiedAt ? QualificationStatus.Qualified : QualificationStatus.Unqualified;

    if (lead.scoreSource === ScoreSource.Auto) {
      if (currentBreakdown && lead.score === result.score && sameBreakdown(currentBreakdown, result.factors) && lead.qualificationStatus === status) return result;
      // The history row and the lead's current score in one statement.
      const batch = new SqlBatch();
      const q = this.scoring.addAutoQualificationTo(batch, leadId, { score: result.score, breakdown: result.factors, status, weightsVersion: result.weightsVersion, reason: trigger });
      this.leads.setAutoScoreTo(batch, leadId, result.score, status, q);
      await batch.run(tx);
      if (lead.score !== result.score) {
        await this.leads.appendTimeline(
          leadId,
          { type: ActivityType.ScoreChanged, summary: `Score ${lead.score} → ${result.score} (${trigger})`, data: { from: lead.score, to: result.score, weightsVersion: result.weightsVersion } },
          tx,
        );
      }
      return result;
    }

    // Manual override in force: record the automatic score beside it, change nothing else.
    const last = await this.scoring.latestAuto(leadId, tx);
    if (last && last.score === result.score && sameBreakdown(last.breakdown, result.factors)) return result;
    await this.scoring.insertQualification(
      { leadId, score: result.score, breakdown: result.factors, status, source: ScoreSource.Auto, weightsVersion: result.weightsVersion, reason: `${trigger}; not applied: manual override in force` },
      tx,
    );
    await this.leads.appendTimeline(
      leadId,
      {
        type: ActivityType.ScoreChanged,
        summary: `Automatic score is now ${result.score}; manual score ${lead.score} kept`,
        data: { automatic: result.score, manual: lead.score, applied: false, weightsVersion: result.weightsVersion },
      },
      tx,
    );
    return result;
  }

  /** A person sets the score and/or status by hand, or hands the lead back to automatic scoring. */
  /** The lead's score history, newest first. */
  history(leadId: string, limit = 50): Promise<QualificationRow[]> {
    return this.scoring.history(leadId, limit);
  }

  async qualify(leadId: string, input: ManualQualification, actor: AuthUser): Promise<void> {
    await this.db.transaction(async (tx) => {
      const lead = await this.scoring.lockLead(leadId, tx);
      if (!lead) throw notFound('Lead');
      if (input.clearOverride) {
        await this.leads.setScore(leadId, { scoreSource: ScoreSource.Auto }, tx);
        await this.leads.appendTimeline(leadId, { type: ActivityType.Qualified, actorId: actor.id, summary: `Manual score cleared by ${actor.name}: ${input.reason}`, data: { cleared: true } }, tx);
        await this.recompute(leadId, 'manual override cleared', tx);
        return;
      }
      const score = input.score ?? lead.score;
      const status = input.status ?? (score >= CURRENT_WEIGHTS.qualifiedAt ? QualificationStatus.Qualified : QualificationStatus.Unqualified);
      const breakdown: ScoreFactor[] = [{ factor: 'manual', points: score, max: 100, reason: input.reason }];
      const q = await this.scoring.insertQualification({ leadId, score, breakdown, status, source: ScoreSource.Manual, authorId: actor.id, reason: input.reason }, tx);
      await this.leads.setScore(leadId, { score, currentQualificationId: q.id, scoreSource: ScoreSource.Manual, qualificationStatus: status }, tx);
      await this.leads.appendTimeline(
        leadId,
        {
          type: ActivityType.Qualified,
          actorId: actor.id,
          summary: `${actor.name} set the score to ${score} (${status}): ${input.reason}`,
          data: { from: lead.score, to: score, status, previousStatus: lead.qualificationStatus },
        },
        tx,
      );
    });
  }
}
