import { LeadStage } from './lead.enums';

/**
 * "Needs reply", the one definition: the lead is open (not Won or Lost) and its last message (or
 * its arrival) has no answer yet (`awaiting_reply_since` is set; any message to the lead, from a
 * person or the assistant, clears it). The inbox, the board and the SLA timers' first-response
 * clock all use this, in TypeScript or as SQL.
 */
export function needsReply(stage: LeadStage, awaitingSince: Date | null): awaitingSince is Date {
  return awaitingSince !== null && stage !== LeadStage.Won && stage !== LeadStage.Lost;
}

/** `needsReply` as a SQL condition on the leads row aliased `alias`. */
export const needsReplySql = (alias = 'l') => `${alias}.awaiting_reply_since IS NOT NULL AND ${alias}.stage NOT IN ('won', 'lost')`;
