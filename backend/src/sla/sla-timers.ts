import { type BusinessHours, dueAfter } from '../core/time/business-time';
import { LeadStage, type SlaClockKind } from '../leads/lead.enums';
import { needsReply } from '../leads/needs-reply';
import type { SlaRuleEntity } from './sla-rule.entity';

/** A lead as its SLA timers see it. */
export interface SlaLeadFacts {
  id: string;
  stage: LeadStage;
  awaitingReplySince: Date | null;
  stageEnteredAt: Date;
  /** Merged leads have no timers. */
  merged: boolean;
}

export type SlaRule = Pick<SlaRuleEntity, 'id' | 'kind' | 'stage' | 'minutes' | 'businessHoursOnly' | 'warnPercent' | 'escalation' | 'enabled'>;

/** One running SLA timer: a rule that applies to the lead now, and when its clock started. */
export interface SlaTimer {
  ruleId: string;
  kind: SlaClockKind;
  startedAt: Date;
  warnAt: Date | null;
  dueAt: Date;
}

const CLOSED = new Set([LeadStage.Won, LeadStage.Lost]);

/** When the rule's clock started for this lead, or null when the rule does not apply to it now. */
function startOf(rule: SlaRule, lead: SlaLeadFacts): Date | null {
  if (!rule.enabled || lead.merged || CLOSED.has(lead.stage) || lead.stage !== rule.stage) return null;
  if (rule.kind === 'first_response') return needsReply(lead.stage, lead.awaitingReplySince) ? lead.awaitingReplySince : null;
  return lead.stageEnteredAt;
}

/** The timer one rule runs for a lead now (null: none; the clock stops when the reply is sent or the lead moves on). */
export function timerFor(rule: SlaRule, lead: SlaLeadFacts, hours: BusinessHours): SlaTimer | null {
  const startedAt = startOf(rule, lead);
  if (!startedAt) return null;
  const due = (minutes: number) => dueAfter(startedAt, minutes, rule.businessHoursOnly, hours);
  return {
    ruleId: rule.id,
    kind: rule.kind === 'first_response' ? 'reply' : 'stage',
    startedAt,
    warnAt: rule.warnPercent ? due(Math.floor((rule.minutes * rule.warnPercent) / 100)) : null,
    dueAt: due(rule.minutes),
  };
}

/** Every timer running for a lead, soonest due first (the first is the lead's clock). */
export function timersFor(rules: SlaRule[], lead: SlaLeadFacts, hours: BusinessHours): SlaTimer[] {
  return rules
    .map((r) => timerFor(r, lead, hours))
    .filter((t): t is SlaTimer => t !== null)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** What a timer's job should do at `now`: nothing yet (come back at `at`), warn, or breach. */
export function timerPhase(timer: SlaTimer, now: Date): { phase: 'wait'; at: Date } | { phase: 'warn'; at: Date } | { phase: 'breach' } {
  if (now.getTime() >= timer.dueAt.getTime()) return { phase: 'breach' };
  if (timer.warnAt && now.getTime() >= timer.warnAt.getTime()) return { phase: 'warn', at: timer.dueAt };
  return { phase: 'wait', at: timer.warnAt ?? timer.dueAt };
}
