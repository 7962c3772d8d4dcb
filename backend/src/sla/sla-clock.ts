import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SlaClockKind } from '../leads/lead.enums';
import type { ClockedLead, StageClock } from '../leads/stage-clock';
import { SlaRepository } from './sla.repository';
import { timersFor } from './sla-timers';

/**
 * The leads feature's StageClock port: the clock a lead runs as a stage move leaves it (its soonest
 * timer, by `timersFor`, the rule the scheduler's reschedule applies), from this process's copy of
 * the rules and hours. Its own provider, needing only the repository: a stage move must not depend
 * on SlaService, which depends on the leads' records (a cycle).
 */
@Injectable()
export class SlaClock implements StageClock {
  constructor(private readonly repo: SlaRepository) {}

  async clockOf(lead: ClockedLead, tx: EntityManager): Promise<{ kind: SlaClockKind; dueAt: Date } | null> {
    const { rules, hours } = await this.repo.current(tx);
    const [first] = timersFor(rules, lead, hours);
    return first ? { kind: first.kind, dueAt: first.dueAt } : null;
  }
}
