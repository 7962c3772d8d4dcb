import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { scopeOf } from '../access/lead-access';
import { FAIR_HOUSING_TIMELINE, FAIR_LENDING_TIMELINE } from '../compliance/fair-housing';
import { AuthUser } from '../core/auth/auth-user';
import { SqlBatch } from '../core/database/sql-batch';
import { normalizeEmail, normalizePhone } from '../leads/contact-normalizers';
import { LeadRecordsService } from '../leads/lead-records.service';
import { LeadRoutingService } from '../leads/lead-routing.service';
import { FieldEvidence } from '../leads/lead-profile.entity';
import { LeadEntity } from '../leads/lead.entity';
import { ActivityType, LeadStage, TaskType } from '../leads/lead.enums';

/** Stages a booked viewing moves a lead on from. */
const EARLIER_THAN_VIEWING: readonly LeadStage[] = [LeadStage.New, LeadStage.Contacted, LeadStage.Qualified];
import { mapProfile } from '../leads/profile.dto';
import type { NewActivity } from '../leads/activity.entity';
import type { ScoreResult } from '../scoring/score';
import { ScoringService } from '../scoring/scoring.service';
import { ViewingsService } from '../viewings/viewings.service';
import { describeLocal } from '../core/time/zoned-time';
import type { LoopMessage } from './agent-loop';
import { AgentRepository, NewMessage, SessionRow } from './agent.repository';
import type { ProfileChange, TurnUsage } from './events';
import type { AskableField } from './local/understanding';
import { MessageRole, MessageStatus } from './message.entity';
import type { Screening } from './policies';
import { SessionMode } from './session.entity';
import type { UnitCard } from './turn-facts';
import type { TurnState } from './turn-state';

/**
 * What every outcome of a turn writes: the lead's message and its timeline entry; unless the
 * message is already stored (a channel's messages, written by the webhook): then `answered` names
 * the stored messages the turn answers, taken off the session's pending ones as it is written.
 */
export interface LeadMessage {
  session: SessionRow;
  lead: LeadEntity;
  row: NewMessage;
  inbound: NewActivity;
  answered?: string[];
}

/**
 * Hands the turn's reply to its channel inside the turn's transaction (the send-policy gate and the
 * outbox). `refused`: the gate's reason when it did not let the reply go.
 */
export type ReplyDelivery = (reply: { text: string; messageId: string; units: UnitCard[] }, tx: EntityManager) => Promise<{ refused: { rule: string; reason: string } | null }>;

/** The lead's message of a turn, with the id its evidence and timeline entry point at. */
export function leadMessage(session: SessionRow, lead: LeadEntity, id: string, text: string): LeadMessage {
  return {
    session,
    lead,
    row: { id, leadId: lead.id, role: MessageRole.Lead, content: text },
    inbound: { type: ActivityType.Message, direction: 'inbound', summary: text, data: { channel: session.channel, sessionId: session.id, messageId: id } },
  };
}

/** What else is written when the AI does not answer: the lead opted out, or a person holds the conversation and the score follows the message. */
export type Unanswered = { optOut: NonNullable<Screening['optOut']> } | 'rescore' | null;

/**
 * Writes a turn back, each outcome in one transaction that also ends the turn: the whole turn
 * (`commit`), the lead's message alone when the AI does not answer (`keepUnanswered`), or the
 * lead's message with a failed reply (`keepFailed`). Another feature's rows are written by that
 * feature (`LeadRecordsService`, `ViewingsService`, `ScoringService`), inside the same
 * transaction or statement.
 */
@Injectable()
export class TurnWriter {
  constructor(
    private readonly repo: AgentRepository,
    private readonly leadRecords: LeadRecordsService,
    private readonly scoring: ScoringService,
    private readonly viewings: ViewingsService,
    private readonly routing: LeadRoutingService,
  ) {}

  /** Keeps what the lead wrote, and what `then` says; the AI does not answer. */
  async keepUnanswered(m: LeadMessage, then: Unanswered): Promise<void> {
    const { session, lead } = m;
    await this.repo.transaction(async (tx) => {
      if (m.answered) {
        // Stored and scored when it arrived.
        await this.repo.finishChannelTurn(session.id, m.answered, tx);
      } else {
        const batch = new SqlBatch();
        this.repo.addMessagesTo(batch, session.id, [m.row], true);
        this.leadRecords.appendTimelineTo(batch, lead.id, [m.inbound]);
        await batch.run(tx);
      }
      if (then === 'rescore') {
        if (!m.answered) await this.scoring.recompute(lead.id, 'message from the lead', tx, { leadLocked: true });
      } else if (then) {
        const { optOut } = then;
        await this.leadRecords.updateContact(lead.contactId, { optedOutAt: new Date(), marketingConsent: false }, tx);
        await this.leadRecords.appendTimeline(lead.id, { type: ActivityType.OptedOut, summary: optOut === 'wrong_number' ? 'Said it is a wrong number: no more messages' : 'Opted out: no more messages', data: { messageId: m.row.id, reason: optOut } }, tx);
      }
    });
  }

  /** Writes the whole turn at once. */
  async commit(
    m: LeadMessage,
    state: TurnState,
    messages: LoopMessage[],
    usage: TurnUsage,
    asked: AskableField | null,
    user: AuthUser,
    deliver?: ReplyDelivery,
  ): Promise<{ lastMessageId: string; changes: ProfileChange[]; score: ScoreResult }> {
    const { lead, session } = m;
    const rows: NewMessage[] = m.answered ? [] : [m.row];
    for (const msg of messages) {
      rows.push({
        id: randomUUID(),
        leadId: lead.id,
        role: msg.role === 'tool' ? MessageRole.Tool : MessageRole.Assistant,
        content: msg.content,
        toolCalls: msg.toolCalls ?? null,
        toolCallId: msg.toolCallId ?? null,
        toolName: msg.toolName ?? null,
        data: (msg.data as Record<string, unknown> | undefined) ?? null,
      });
    }
    // The turn's usage and what it asked go on its last assistant message.
    const last = [...rows].reverse().find((r) => r.role === MessageRole.Assistant) ?? rows[rows.length - 1];
    // A channel turn also says which of the lead's messages it answered, in the order it read them.
    Object.assign(last, { model: usage.model, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, cachedTokens: usage.cachedTokens, costUsd: usage.costUsd, latencyMs: usage.latencyMs, data: { ...(last.data ?? {}), asked, ...(m.answered ? { answered: m.answered } : {}) } });
    const reply = messages.filter((msg) => msg.role === 'assistant' && msg.content.trim()).map((msg) => msg.content).join(' ');
    const changes = [...state.profileChanges.values()];

    const learned = Object.fromEntries(changes.map((c) => [c.field, c.value]));
    // The score's count of fitting units reads only the units: it runs beside the writes.
    const fit = this.scoring.fitFor({ ...mapProfile(lead.profile), ...learned });
    // What leaves once the turn is committed (a booked viewing's confirmation, invite and reminders).
    const afterCommit: (() => Promise<void>)[] = [];
    const score = await this.repo.transaction(async (tx) => {
      // The timeline of the turn, in order.
      const entries: NewActivity[] = m.answered ? [] : [m.inbound];
      // What the policy did, in a broker's words; the lead's own words stay only in their message.
      const fair = state.facts.policy.fairHousing;
      if (fair.verdict !== 'ok') entries.push({ type: ActivityType.Note, summary: fair.verdict === 'steering' ? FAIR_HOUSING_TIMELINE : FAIR_LENDING_TIMELINE, data: { by: 'ai', policy: fair.verdict === 'steering' ? 'fair_housing' : 'fair_lending', classes: fair.classes, sessionId: session.id } });
      for (const t of state.toolCalls) {
        entries.push({ type: ActivityType.AgentTool, summary: `AI ${t.call.name}: ${t.summary}`, data: { sessionId: session.id, tool: t.call.name, args: t.call.args, ok: t.ok, result: t.data } });
      }
      if (changes.length) entries.push({ type: ActivityType.ProfileUpdated, summary: `Profile updated by the AI: ${changes.map((c) => c.field).join(', ')}`, data: { fields: changes.map((c) => c.field), changes } });
      if (state.contactChanges.size) entries.push(await this.saveContact(lead, state, user, tx));
      if (reply) entries.push({ type: ActivityType.Message, direction: 'outbound', summary: reply, data: { channel: session.channel, sessionId: session.id, messageId: last.id, by: 'ai' } });
      // The messages, the profile, the timeline and the lead's clock in one statement, which
      // also locks the lead row for the score below.
      const batch = new SqlBatch();
      this.repo.addMessagesTo(batch, session.id, rows, true, m.answered);
      if (changes.length) this.saveProfileTo(batch, lead.id, learned, changes);
      this.leadRecords.appendTimelineTo(batch, lead.id, entries);
      await batch.run(tx);
      // The reply leaves with the turn: queued (or refused) in the transaction that writes it.
      if (deliver && reply) {
        const { refused } = await deliver({ text: reply, messageId: last.id, units: state.facts.turn.showedResults ? state.facts.lastResults : [] }, tx);
        if (refused) await this.repo.markNotSent(last.id, refused.rule, refused.reason, tx);
      }
      if (state.viewing) afterCommit.push(await this.bookViewing(lead, session, state, tx));
      for (const task of state.tasks) {
        const saved = await this.leadRecords.addTask({ leadId: lead.id, title: task.title, notes: task.notes, dueAt: task.dueAt, assigneeId: lead.assigneeId, createdById: null }, tx);
        await this.leadRecords.appendTimeline(lead.id, { type: ActivityType.TaskCreated, summary: `Task (by the AI): ${saved.title}`, data: { taskId: saved.id, dueAt: saved.dueAt } }, tx);
      }
      if (state.handoff) await this.handOver(lead, session, state.handoff.reason, tx);
      if (reply && lead.firstResponseAt === null) await this.leadRecords.updateLead(lead.id, { firstResponseAt: new Date() }, tx);
      return this.scoring.recompute(lead.id, changes.length ? 'the AI learned about the lead' : 'message from the lead', tx, { leadLocked: true, fit });
    });
    for (const send of afterCommit) await send();
    return { lastMessageId: last.id, changes, score };
  }

  /** Provider down: keep what the lead wrote, mark the reply as failed, change nothing else. */
  async keepFailed(session: SessionRow, leadMessageId: string, text: string, model: string, why: string, answered?: string[]): Promise<void> {
    await this.repo.transaction(async (tx) => {
      if (answered) {
        // The lead's messages are stored already: only the failed reply, and they are no longer pending (a person replies).
        const batch = new SqlBatch();
        this.repo.addMessagesTo(batch, session.id, [{ id: randomUUID(), leadId: session.leadId, role: MessageRole.Assistant, content: '', status: MessageStatus.Failed, model, data: { error: why } }], true, answered);
        this.leadRecords.appendTimelineTo(batch, session.leadId, [{ type: ActivityType.Note, summary: 'The assistant could not answer on WhatsApp; a person should reply', data: { channel: session.channel, sessionId: session.id, messageId: leadMessageId, aiFailed: why } }]);
        await batch.run(tx);
        return;
      }
      await this.repo.addMessages(
        session.id,
        [
          { id: leadMessageId, leadId: session.leadId, role: MessageRole.Lead, content: text },
          { id: randomUUID(), leadId: session.leadId, role: MessageRole.Assistant, content: '', status: MessageStatus.Failed, model, data: { error: why } },
        ],
        tx,
      );
      await this.leadRecords.appendTimeline(session.leadId, { type: ActivityType.Message, direction: 'inbound', summary: text, data: { channel: session.channel, sessionId: session.id, messageId: leadMessageId, aiFailed: why } }, tx);
    });
  }

  /** The profile fields the turn learned, each with its evidence. */
  private saveProfileTo(batch: SqlBatch, leadId: string, learned: Record<string, unknown>, changes: ProfileChange[]): void {
    const at = new Date().toISOString();
    const evidence: Record<string, FieldEvidence> = {};
    for (const c of changes) evidence[c.field] = { value: c.value, messageId: c.evidence.messageId, quote: c.evidence.quote, confidence: c.evidence.confidence, source: 'agent', at };
    this.leadRecords.saveProfileChangesTo(batch, leadId, learned, evidence);
  }

  /**
   * Writes contact details learned in the turn to the lead's own contact, by the leads' contact
   * rule (another contact with the same email or phone is never touched, only recorded as a
   * possible duplicate); returns the timeline entry that says so.
   */
  private async saveContact(lead: LeadEntity, state: TurnState, user: AuthUser, tx: EntityManager): Promise<NewActivity> {
    const patch: Record<string, unknown> = {};
    for (const c of state.contactChanges.values()) {
      if (c.field === 'email') Object.assign(patch, { email: c.value, emailNormalized: normalizeEmail(c.value) });
      if (c.field === 'phone') Object.assign(patch, { phone: c.value, phoneE164: normalizePhone(c.value) });
      if (c.field === 'name') patch.name = c.value;
    }
    await this.leadRecords.contactDetailsChanged({ contactId: lead.contactId, leadId: lead.id }, patch, scopeOf(user), 'conversation', tx);
    return { type: ActivityType.LeadUpdated, summary: `Contact details from the conversation: ${[...state.contactChanges.keys()].join(', ')}`, data: { fields: [...state.contactChanges.keys()], evidence: [...state.contactChanges.values()].map((c) => ({ field: c.field, ...c.evidence })) } };
  }

  /**
   * Books the viewing the turn agreed through the same path as a person's booking (confirmation
   * and invite by email, the agent's copy, reminders, the feedback request); its WhatsApp
   * confirmation is the assistant's own reply when the conversation is on WhatsApp. Returns what
   * sends them after commit.
   */
  private async bookViewing(lead: LeadEntity, session: SessionRow, state: TurnState, tx: EntityManager): Promise<() => Promise<void>> {
    const v = state.viewing!;
    let slot = v.slot;
    let routedTo: string | null = null;
    if (!lead.assigneeId) {
      // A lead nobody holds gets its agent from the routing rules, like a new lead (the timeline
      // names the rule). That agent shows the home when free then; otherwise, and when no rule takes
      // the lead, whoever of the agents free then has the fewest open leads.
      routedTo = (await this.routing.routeExisting(lead.id, 'the assistant booked a viewing', tx)).assigneeId;
      const free = (await this.repo.byOpenLeads(slot.agentIds.filter((id): id is string => !!id), tx)).map((a) => a.id);
      const first = routedTo && free.includes(routedTo) ? [routedTo] : [];
      slot = { ...slot, agentIds: [...first, ...free.filter((id) => id !== routedTo), ...slot.agentIds.filter((id) => !id || !free.includes(id))] };
    }
    const booked = await this.viewings.bookAndConfirm({ leadId: lead.id, unitId: v.unitId, slot, timeZone: state.facts.timezone, unitTitle: v.unitTitle }, { id: null, name: v.agent?.name ?? 'the assistant', confirmedOn: session.channel }, tx);
    if (!booked.ok) {
      // Somebody took the slot (or booked the lead elsewhere then) between the offer and now: a person sorts it out with the lead.
      const why = booked.refused ? `the lead was booked meanwhile: ${booked.refused.clash.unitTitle}, ${describeLocal(booked.refused.clash.startsAt, state.facts.timezone)}` : 'was taken meanwhile';
      await this.leadRecords.addTask({ leadId: lead.id, title: `Re-book viewing: ${v.slot.local} ${why}`.slice(0, 200), dueAt: new Date(), assigneeId: lead.assigneeId ?? routedTo }, tx);
      return async () => {};
    }
    // The lead's agent is told by a task due at the viewing, and the lead moves on to the viewing
    // stage (never back from a later one). A booked viewing never waits in the pond: when no rule
    // took the lead, the agent who shows the home has it, and the timeline says why.
    let assigneeId = lead.assigneeId ?? routedTo;
    const shower = booked.viewing.agentId;
    if (!assigneeId && shower) {
      const name = (await this.repo.findUser(shower))?.name ?? 'the agent';
      assigneeId = shower;
      await this.leadRecords.updateLead(lead.id, { assigneeId }, tx);
      await this.leadRecords.appendTimeline(
        lead.id,
        { type: ActivityType.Assigned, summary: `Assigned to ${name}, who shows the viewing the assistant booked: no routing rule takes this lead, and of the agents free then ${name} has the fewest open leads`, data: { from: null, to: shower, ruleId: null, rule: null, why: 'viewing_booked' } },
        tx,
      );
    }
    const who = state.facts.leadName ?? 'the lead';
    const reach = [state.facts.contact.phone, state.facts.contact.email].filter(Boolean).join(', ');
    const task = await this.leadRecords.addTask(
      { leadId: lead.id, title: `Show ${v.unitTitle} to ${who}: ${v.slot.local}`.slice(0, 200), notes: `Booked by the AI in the lead's chat.${reach ? ` Reach ${who} at ${reach}.` : ''}`, dueAt: v.slot.startsAt, assigneeId, type: TaskType.ViewingPrep, createdById: null },
      tx,
    );
    await this.leadRecords.appendTimeline(lead.id, { type: ActivityType.TaskCreated, summary: `Task (by the AI): ${task.title}`, data: { taskId: task.id, dueAt: task.dueAt } }, tx);
    if (EARLIER_THAN_VIEWING.includes(lead.stage)) {
      // The same stage rules as for people: a move they refuse leaves the stage, and says why.
      const moved = await this.leadRecords.moveStage(lead.id, { stage: LeadStage.Viewing, note: 'viewing booked by the AI' }, { id: null, name: 'the assistant', by: 'ai' }, tx);
      if (!moved.moved && moved.refusal) {
        await this.leadRecords.appendTimeline(lead.id, { type: ActivityType.Note, summary: `The assistant booked a viewing but left the stage as it was. ${moved.refusal.message}`, data: { by: 'ai', rule: moved.refusal.kind } }, tx);
      }
    }
    return booked.dispatch;
  }

  private async handOver(lead: LeadEntity, session: SessionRow, reason: string, tx: EntityManager): Promise<void> {
    // A lead nobody holds is given to a person by the routing rules, like a new lead (or goes to the pond).
    const assigneeId = lead.assigneeId ?? (await this.routing.routeExisting(lead.id, 'the assistant handed the conversation over', tx)).assigneeId;
    await this.repo.setMode(session.id, SessionMode.Human, assigneeId, tx);
    // The notification: a task due now at the top of the assignee's list.
    await this.leadRecords.addTask({ leadId: lead.id, title: `Take over the conversation: ${reason}`.slice(0, 200), dueAt: new Date(), assigneeId }, tx);
    await this.leadRecords.appendTimeline(lead.id, { type: ActivityType.Handover, summary: `The AI handed the conversation over: ${reason}`, data: { sessionId: session.id, reason, assigneeId } }, tx);
  }
}
