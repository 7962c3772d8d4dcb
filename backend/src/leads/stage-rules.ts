import { joinOr, STAGE_LABELS } from '../words/broker-words';
import { LeadStage } from './lead.enums';
import type { StageRuleKind } from './stage-rule.entity';

/** The pipeline's order; won and lost both close a lead, so neither is "behind" the other. */
const ORDER: Record<LeadStage, number> = { new: 0, contacted: 1, qualified: 2, viewing: 3, offer: 4, won: 5, lost: 5 };

export const isBackward = (from: LeadStage, to: LeadStage): boolean => ORDER[to] < ORDER[from];

export interface StageRule {
  id: string;
  kind: StageRuleKind;
  stage: LeadStage | null;
  enabled: boolean;
  reasons: string[];
}

/** What a move is checked against: the lead as it is, and what the mover gave with the move. */
export interface MoveFacts {
  from: LeadStage;
  to: LeadStage;
  /** The lead has a phone, email or WhatsApp number. */
  reachable: boolean;
  /** The lead has a booked viewing. */
  viewingBooked: boolean;
  note: string | null;
  lostReason: string | null;
  unitId: string | null;
  price: number | null;
}

export interface Refusal {
  ruleId: string;
  kind: StageRuleKind;
  /** The rule in words, for the person who tried the move. */
  message: string;
}

const label = (s: LeadStage) => STAGE_LABELS[s] ?? s;

/** The rule as a sentence an admin reads on Admin → Pipeline and a mover reads when refused. */
export function ruleText(rule: Pick<StageRule, 'kind' | 'stage' | 'reasons'>): string {
  const to = rule.stage ? label(rule.stage) : 'a stage';
  switch (rule.kind) {
    case 'reachable':
      return `A lead moves to ${to} only when there is a way to reach them: a phone number, an email or WhatsApp.`;
    case 'viewing_booked':
      return `A lead moves to ${to} only with a booked viewing.`;
    case 'lost_reason':
      return `A lead moves to ${to} only with a reason${rule.reasons.length ? `: ${joinOr(rule.reasons)}` : ''}.`;
    case 'unit_or_price':
      return `A lead moves to ${to} only with the home they took or the price.`;
    case 'note_backwards':
      return 'Moving a lead back to an earlier stage needs a note saying why.';
  }
}

function passes(rule: StageRule, f: MoveFacts): boolean {
  switch (rule.kind) {
    case 'reachable':
      return f.reachable;
    case 'viewing_booked':
      return f.viewingBooked;
    case 'lost_reason':
      return f.lostReason !== null && (rule.reasons.length === 0 || rule.reasons.some((r) => r.toLowerCase() === f.lostReason!.trim().toLowerCase()));
    case 'unit_or_price':
      return f.unitId !== null || (f.price !== null && f.price > 0);
    case 'note_backwards':
      return !isBackward(f.from, f.to) || (f.note !== null && f.note.trim().length > 0);
  }
}

/**
 * The first enabled rule the move breaks, or null. A rule with a stage guards moves into that
 * stage; `note_backwards` guards every move to an earlier stage. Pure: the one decision every path
 * (board, lead page, API, assistant) goes through, in `StageMoves`.
 */
export function refusalOf(rules: readonly StageRule[], f: MoveFacts): Refusal | null {
  for (const rule of rules) {
    if (!rule.enabled) continue;
    if (rule.kind !== 'note_backwards' && rule.stage !== f.to) continue;
    if (!passes(rule, f)) return { ruleId: rule.id, kind: rule.kind, message: refusalText(rule, f) };
  }
  return null;
}

function refusalText(rule: StageRule, f: MoveFacts): string {
  const to = label(f.to);
  switch (rule.kind) {
    case 'reachable':
      return `Can't move to ${to}: there is no way to reach this lead yet. Add a phone number or an email first.`;
    case 'viewing_booked':
      return `Can't move to ${to}: book a viewing first.`;
    case 'lost_reason':
      return f.lostReason
        ? `Can't move to ${to}: "${f.lostReason}" is not one of the reasons. Pick one: ${joinOr(rule.reasons)}.`
        : `Can't move to ${to} without a reason. Pick one: ${joinOr(rule.reasons)}.`;
    case 'unit_or_price':
      return `Can't move to ${to}: say which home they took or the price of the deal.`;
    case 'note_backwards':
      return `Moving back from ${label(f.from)} to ${to} needs a note saying why.`;
  }
}
