import { LeadStage } from '../leads/lead.enums';
import { STAGE_LABELS } from '../words/broker-words';
import type { SlaRule } from './sla-timers';

/** What "moving on" from a stage means to a broker, and the task that asks for it. */
const NEXT_STEP: Partial<Record<LeadStage, { done: string; task: string }>> = {
  [LeadStage.New]: { done: 'first contact made', task: 'Contact' },
  [LeadStage.Contacted]: { done: 'the lead qualified', task: 'Qualify' },
  [LeadStage.Qualified]: { done: 'a viewing booked', task: 'Book a viewing with' },
  [LeadStage.Viewing]: { done: 'an offer made', task: 'Get an offer from' },
  [LeadStage.Offer]: { done: 'the deal closed', task: 'Close the deal with' },
};

/** "5 minutes", "2 hours", "3 days", "90 minutes". */
export function duration(minutes: number): string {
  const [n, unit] = minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The rule in words: "New: a reply to the lead's last message within 5 minutes of business time". */
export function slaRuleText(r: Pick<SlaRule, 'kind' | 'stage' | 'minutes' | 'businessHoursOnly'>): string {
  const what = r.kind === 'first_response' ? "a reply to the lead's last message" : (NEXT_STEP[r.stage]?.done ?? 'moved on');
  return `${STAGE_LABELS[r.stage]}: ${what} within ${duration(r.minutes)}${r.businessHoursOnly ? ' of business time' : ''}`;
}

/** The task a breach gives the assignee: "Reply to Ana Lopez", "Book a viewing with Ana Lopez". */
export function breachTaskTitle(r: Pick<SlaRule, 'kind' | 'stage'>, leadName: string): string {
  return r.kind === 'first_response' ? `Reply to ${leadName}` : `${NEXT_STEP[r.stage]?.task ?? 'Move on'} ${leadName}`;
}
