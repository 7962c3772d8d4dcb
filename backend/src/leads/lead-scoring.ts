import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../core/auth/auth-user';
import type { QualificationStatus, ScoreSource } from './lead.enums';

/** One factor of a score, as the score history keeps it. */
export interface ScoreFactorRecord {
  factor: string;
  points: number;
  max: number;
  reason: string;
}

/** One entry of a lead's score history, with its author's name. */
export interface QualificationRow {
  id: string;
  leadId: string;
  score: number;
  breakdown: ScoreFactorRecord[];
  status: QualificationStatus;
  source: ScoreSource;
  weightsVersion: string | null;
  authorId: string | null;
  authorName: string | null;
  reason: string | null;
  createdAt: Date;
}

/** A manual score or status (or the end of one), with why. */
export interface ManualQualification {
  score?: number;
  status?: QualificationStatus;
  clearOverride?: boolean;
  reason: string;
}

/**
 * The port through which leads keep a lead's score current. The scoring feature implements it
 * (ScoringService); leads never import scoring, which depends on leads' records, so the two form
 * no cycle. The app and the worker bind it with `LeadScoringModule.forRoot(ScoringModule)`.
 */
export interface LeadScoring {
  /** Recomputes the lead's score, in the caller's transaction when given one. */
  recompute(leadId: string, trigger: string, tx?: EntityManager): Promise<{ score: number }>;
  /** A manual score or status, or clearing one. */
  qualify(leadId: string, input: ManualQualification, actor: AuthUser): Promise<void>;
  /** The lead's score history, newest first. */
  history(leadId: string, limit?: number): Promise<QualificationRow[]>;
}

export const LEAD_SCORING = Symbol('LEAD_SCORING');

/** Makes the `LeadScoring` port available to the leads module. */
@Global()
@Module({})
export class LeadScoringModule {
  /** `scoring`: a module that exports a provider for LEAD_SCORING. */
  static forRoot(scoring: Type | DynamicModule): DynamicModule {
    return { module: LeadScoringModule, imports: [scoring], exports: [scoring] };
  }
}
