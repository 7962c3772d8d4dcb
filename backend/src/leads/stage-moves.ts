import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LeadScope } from '../access/lead-access';
import { DomainError, notFound } from '../core/http/domain-error';
import { STAGE_LABELS } from '../words/broker-words';
import { ActivityType, LeadStage, PIPELINE_CHANNEL } from './lead.enums';
import { refusalOf, type Refusal } from './stage-rules';
import { LeadsRepository } from './leads.repository';
import { STAGE_CLOCK, type StageClock } from './stage-clock';
import { StageRulesRepository } from './stage-rules.repository';
import { TimelineRepository } from './timeline.repository';

/** A stage move as any path asks for it (board, lead page, API PATCH, the assistant). */
export interface StageMoveInput {
  stage: LeadStage;
  /** Why; required by the rules for a move backwards. */
  note?: string | null;
  lostReason?: string | null;
  unitId?: string | null;
  price?: number | null;
  /** The version the mover saw; a different current version is refused (409). Omitted: no check. */
  version?: number | null;
}

/** Who moves: a person (id and name), or the assistant / the system (id null). */
export interface StageMover {
  id: string | null;
  name: string;
  by: 'person' | 'ai' | 'system';
}

export type StageMoveResult = { moved: true; from: LeadStage; version: number } | { moved: false; from: LeadStage; version: number; refusal: Refusal | null };

/**
 * The one place a lead's stage changes. Every path calls `move` inside its own transaction: the
 * lead row is locked, the mover's version checked, the admin's rules applied, the lead written, the
 * move put on the timeline (who, from, to, why; which also publishes `lead.stage_changed` to
 * integrators and is the domain event an SLA scheduler hooks into), the lead's new SLA clock
 * written (through the StageClock port, when bound) and every open board told (NOTIFY, sent on commit).
 */
@Injectable()
export class StageMoves {
  constructor(
    private readonly rules: StageRulesRepository,
    private readonly leads: LeadsRepository,
    private readonly timeline: TimelineRepository,
    @Optional() @Inject(STAGE_CLOCK) private readonly clock?: StageClock,
  ) {}

  async move(leadId: string, input: StageMoveInput, mover: StageMover, tx: EntityManager, scope?: LeadScope): Promise<StageMoveResult> {
    const lead = await this.rules.lockForMove(leadId, tx, scope);
    if (!lead) throw notFound('Lead');
    if (input.version != null && input.version !== lead.version) {
      throw new DomainError('conflict', 'stale_version', `Someone else changed this lead meanwhile: it is now in ${STAGE_LABELS[lead.stage]}. Look again and retry.`, {
        stage: lead.stage,
        version: lead.version,
        assigneeId: lead.assignee_id,
      });
    }
    if (lead.stage === input.stage) return { moved: false, from: lead.stage, version: lead.version, refusal: null };
    const note = input.note?.trim() || null;
    const lostReason = input.lostReason?.trim() || null;
    const unitId = input.unitId ?? lead.won_unit_id;
    const price = input.price ?? (lead.won_price !== null ? Number(lead.won_price) : null);
    const refusal = refusalOf(await this.rules.current(tx), { from: lead.stage, to: input.stage, reachable: lead.reachable, viewingBooked: lead.viewing_booked, note, lostReason, unitId, price });
    if (refusal) return { moved: false, from: lead.stage, version: lead.version, refusal };
    // A person moving a lead on from "new" reached it (a call, a visit): that is their first answer.
    const answered = lead.stage === LeadStage.New && mover.by === 'person';
    // The lead's SLA clock as the move leaves it (it entered the stage at the transaction's start), written with the move.
    const clock = this.clock
      ? await this.clock.clockOf({ id: leadId, stage: input.stage, stageEnteredAt: lead.moved_at, awaitingReplySince: answered ? null : lead.awaiting_reply_since, merged: lead.merged }, tx)
      : undefined;
    const version = await this.leads.applyMove(
      leadId,
      { stage: input.stage, lostReason, wonUnitId: input.unitId ?? null, wonPrice: input.price ?? null, answered },
      { leadId, from: lead.stage, to: input.stage, actorId: mover.id },
      PIPELINE_CHANNEL,
      tx,
      clock,
    );
    const why = [lostReason, note].filter(Boolean).join(' — ') || null;
    await this.timeline.append(
      leadId,
      {
        type: ActivityType.StageChanged,
        actorId: mover.id,
        summary: `Stage ${lead.stage} → ${input.stage}${why ? `: ${why}` : ''}`,
        data: { from: lead.stage, to: input.stage, reason: why, note, lostReason, unitId: input.unitId ?? null, price: input.price ?? null, by: mover.by },
      },
      tx,
    );
    return { moved: true, from: lead.stage, version };
  }

  /** `move` for a person (`scope`: a lead they may not see is 404): a refused move is an error the caller shows (422, the rule in words). */
  async moveOrRefuse(leadId: string, input: StageMoveInput, mover: StageMover, tx: EntityManager, scope?: LeadScope): Promise<StageMoveResult> {
    const result = await this.move(leadId, input, mover, tx, scope);
    if (!result.moved && result.refusal) {
      throw new DomainError('unprocessable', 'stage_rule', result.refusal.message, { rule: result.refusal.kind, ruleId: result.refusal.ruleId, stage: result.from, version: result.version });
    }
    return result;
  }
}
