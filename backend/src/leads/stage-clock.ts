import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LeadStage, SlaClockKind } from './lead.enums';

/** A lead as its SLA clock sees it (here: right after a stage move, in the move's transaction). */
export interface ClockedLead {
  id: string;
  stage: LeadStage;
  awaitingReplySince: Date | null;
  stageEnteredAt: Date;
  merged: boolean;
}

/**
 * The port through which a stage move writes the lead's new SLA clock in its own transaction, so
 * open boards see the clock with the move (one notice after commit) instead of after the worker's
 * reschedule. The SLA feature implements it (SlaClock, by the same timer rule its scheduler
 * uses); leads never import sla, which depends on leads' records. The worker still puts the
 * timer jobs in place (and writes the clock again, unchanged). Unbound (a test's partial module),
 * moves leave the clock to the worker, as before.
 */
export interface StageClock {
  /** The clock the lead runs now (its soonest timer), or null when no timer runs. */
  clockOf(lead: ClockedLead, tx: EntityManager): Promise<{ kind: SlaClockKind; dueAt: Date } | null>;
}

export const STAGE_CLOCK = Symbol('STAGE_CLOCK');

/** Makes the `StageClock` port available to stage moves. */
@Global()
@Module({})
export class StageClockModule {
  /** `sla`: a module that exports a provider for STAGE_CLOCK. */
  static forRoot(sla: Type | DynamicModule): DynamicModule {
    return { module: StageClockModule, imports: [sla], exports: [sla] };
  }
}
