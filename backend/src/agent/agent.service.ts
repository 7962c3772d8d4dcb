import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { FAIR_HOUSING_DECLINE, FAIR_HOUSING_TIMELINE, FAIR_LENDING_ANSWER, FAIR_LENDING_TIMELINE, screenFairHousing, withoutSteering } from '../compliance/fair-housing';
import { AuthUser, isAdmin } from '../core/auth/auth-user';
import { AppConfig } from '../core/config/app-config';
import { SqlBatch } from '../core/database/sql-batch';
import { DomainError, notFound } from '../core/http/domain-error';
import { JobQueue } from '../core/queue/job-queue';
import { type LeadScope, scopeOf } from '../leads/inbox-query';
import { UserRole } from '../users/user.entity';
import { normalizeEmail, normalizePhone } from '../leads/contact-normalizers';
import { FieldEvidence } from '../leads/lead-profile.entity';
import { LeadEntity } from '../leads/lead.entity';
import { ActivityType, LeadSource, ScoreSource } from '../leads/lead.enums';
import { LeadsService } from '../leads/leads.service';
import { mapProfile } from '../leads/profile.dto';
import { NewActivity, TimelineRepository } from '../leads/timeline.repository';
import type { ScoreResult } from '../scoring/score';
import { ScoringService } from '../scoring/scoring.service';
import { ViewingsService } from '../viewings/viewings.service';
import type { ViewingEntity } from '../viewings/viewing.entity';
import { describeLocal } from '../core/time/zoned-time';
import { runAgentLoop, LoopMessage } from './agent-loop';
import { CreateSessionDto, HumanReplyDto, mapMessage, mapSession, SessionCreatedDto, SessionDto, SessionSummaryDto, TurnDto } from './agent.dto';
import { AgentRepository, NewMessage, SessionRow, TurnStart } from './agent.repository';
import type { EventSink, ProfileChange, TurnUsage } from './events';
import { LLM_PROVIDER, LlmMessage, LlmProvider, LlmUnavailableError } from './llm-provider';
import { nextQuestion } from './local/dialogue-policy';
import { AskableField, understand } from './local/understanding';
import { MessageEntity, MessageRole, MessageStatus } from './message.entity';
import { screen } from './policies';
import { estimateCost, TokenPrices } from './pricing';
import { buildPrompt } from './prompt';
import { SessionMode } from './session.entity';
import { ToolRunner } from './tools/tool-runner';
import type { OfferedSlot, TurnFacts, UnitCard } from './turn-facts';
import { TurnState } from './turn-state';

export const AGENT_TOOL_RUNNER = Symbol('AGENT_TOOL_RUNNER');
export const AGENT_PRICES = Symbol('AGENT_PRICES');

/** Messages of the lead's history loaded per turn (all sessions); the prompt keeps what fits its budget. */
const MEMORY_MESSAGES = 60;
const PLACES_TTL_MS = 10 * 60_000;

/** How far a sent message got; a status only ever moves it up. A failure ranks above sent only: a delivered message cannot fail. */
const DELIVERY_RANK: Record<string, number> = { sent: 1, failed: 2, delivered: 3, read: 4 };

/** A turn checked and claimed, ready to stream. */
export interface PreparedTurn {
  session: SessionRow;
  /** The lead (contact, profile, current qualification), its next viewing and its latest messages, as of the claim. */
  start: Omit<TurnStart, 'session' | 'mark'> & { history: MessageEntity[] };
  text: string;
  user: AuthUser;
  startedAt: number;
  /** Set once the turn's own transaction has released the session. */
  released: boolean;
}

/**
 * Conversations between leads and the AI agent: sessions, turns, and a person taking over.
 *
 * A turn is computed in memory (tools only change a TurnState) and written in one transaction at
 * its end: the lead's message, every assistant and tool message, profile changes with evidence,
 * a booked viewing, tasks, a handover, the timeline entries and the new score. A provider failure
 * keeps the lead's message (marked with a failed reply) and nothing else. A client that drops the
 * stream does not stop the turn: it completes and is written whole, so reconnecting and reading
 * the session shows the answer.
 */
/** Who a chat widget visitor's turn runs as: nobody on the staff (no timeline entry names it). */
const WEBSITE_VISITOR: AuthUser = { id: '00000000-0000-0000-0000-000000000000', email: '', name: 'Website visitor', role: UserRole.Agent, via: 'api_key' };

@Injectable()
export class AgentService {
  private readonly log = new Logger('Agent');
  private places: { names: ReadonlySet<string>; at: number } | null = null;

  constructor(
    private readonly repo: AgentRepository,
    private readonly leads: LeadsService,
    private readonly timeline: TimelineRepository,
    private readonly scoring: ScoringService,
    private readonly viewings: ViewingsService,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    @Inject(LLM_PROVIDER) private readonly provider: LlmProvider,
    @Inject(AGENT_TOOL_RUNNER) private readonly tools: ToolRunner,
    @Inject(AGENT_PRICES) private readonly prices: TokenPrices,
  ) {}

  async createSession(dto: CreateSessionDto, user: AuthUser): Promise<SessionCreatedDto> {
    const leadId = dto.leadId ? (await this.leads.get(dto.leadId, user)).id : (await this.leads.create({ source: LeadSource.Web, contact: { name: 'Web visitor' } }, user)).id;
    const session = await this.repo.insertSession(leadId, dto.channel ?? 'web');
    return { sessionId: session.id, leadId };
  }

  async listSessions(leadId: string, user: AuthUser): Promise<SessionSummaryDto[]> {
    await this.leads.get(leadId, user);
    return (await this.repo.listSessions(leadId)).map(mapSession);
  }

  async getSession(id: string, user: AuthUser): Promise<SessionDto> {
    const session = await this.visibleSession(id, user);
    const messages = await this.repo.findMessages(id);
    return { ...mapSession(session), messages: messages.map(mapMessage) };
  }

  /** A person takes the conversation: the AI stays silent until it is released. */
  async takeOver(id: string, user: AuthUser): Promise<SessionDto> {
    const session = await this.visibleSession(id, user);
    if (session.mode === SessionMode.Human && session.heldById === user.id) return this.getSession(id, user);
    if (session.mode === SessionMode.Human && session.heldById && session.heldById !== user.id && !isAdmin(user)) {
      throw new DomainError('conflict', 'session_held', `${session.heldByName ?? 'Another person'} already holds this conversation`);
    }
    await this.repo.transaction(async (tx) => {
      await this.repo.setMode(id, SessionMode.Human, user.id, tx);
      await this.timeline.append(session.leadId, { type: ActivityType.Handover, actorId: user.id, summary: `${user.name} took the conversation over from the AI`, data: { sessionId: id, mode: 'human' } }, tx);
    });
    return this.getSession(id, user);
  }

  /** Gives the conversation back to the AI. */
  async release(id: string, user: AuthUser): Promise<SessionDto> {
    const session = await this.visibleSession(id, user);
    if (session.mode === SessionMode.Ai) return this.getSession(id, user);
    await this.repo.transaction(async (tx) => {
      await this.repo.setMode(id, SessionMode.Ai, null, tx);
      await this.timeline.append(session.leadId, { type: ActivityType.Handover, actorId: user.id, summary: `${user.name} gave the conversation back to the AI`, data: { sessionId: id, mode: 'ai' } }, tx);
    });
    return this.getSession(id, user);
  }

  /** A person writes to the lead; only while they hold the conversation. */
  async humanReply(id: string, dto: HumanReplyDto, user: AuthUser): Promise<SessionDto> {
    const session = await this.visibleSession(id, user);
    if (session.mode !== SessionMode.Human || session.heldById !== user.id) {
      throw new DomainError('conflict', 'session_not_held', 'Take the conversation over before replying in it');
    }
    const lead = await this.repo.findLead(session.leadId);
    await this.repo.transaction(async (tx) => {
      const messageId = randomUUID();
      await this.repo.addMessages(id, [{ id: messageId, leadId: session.leadId, role: MessageRole.Human, content: dto.message, authorId: user.id }], tx);
      await this.timeline.append(session.leadId, { type: ActivityType.Message, actorId: user.id, direction: 'outbound', summary: dto.message, data: { channel: session.channel, sessionId: id, messageId } }, tx);
      if (lead && lead.firstResponseAt === null) await this.repo.updateLead(session.leadId, { firstResponseAt: new Date() }, tx);
    });
    return this.getSession(id, user);
  }

  /**
   * A message the lead sent on a channel (WhatsApp), inside the caller's transaction: it joins the
   * lead's latest session on that channel (a new one if there is none), goes on the timeline as
   * inbound, and counts for the score. A channel id already stored is not added twice.
   */
  async recordChannelMessage(
    input: { leadId: string; channel: string; externalId: string; content: string; data: Record<string, unknown>; sentAt: Date | null },
    tx: EntityManager,
  ): Promise<{ sessionId: string; messageId: string; duplicate: boolean }> {
    const session = (await this.repo.findChannelSession(input.leadId, input.channel, tx)) ?? (await this.repo.insertSession(input.leadId, input.channel, tx));
    if (await this.repo.messageExists(input.externalId, tx)) return { sessionId: session.id, messageId: '', duplicate: true };
    const messageId = randomUUID();
    const batch = new SqlBatch();
    const data = { ...input.data, ...(input.sentAt ? { sentAt: input.sentAt.toISOString() } : {}) };
    this.repo.addMessagesTo(batch, session.id, [{ id: messageId, leadId: input.leadId, role: MessageRole.Lead, content: input.content, data, externalId: input.externalId }]);
    this.timeline.appendManyTo(batch, input.leadId, [{ type: ActivityType.Message, direction: 'inbound', summary: input.content, data: { channel: input.channel, sessionId: session.id, messageId, type: input.data.type ?? null } }]);
    await batch.run(tx);
    await this.scoring.recompute(input.leadId, 'message from the lead', tx, { leadLocked: true });
    return { sessionId: session.id, messageId, duplicate: false };
  }

  /**
   * A channel's delivery status for a message we sent (sent → delivered → read; failed). Statuses
   * arrive in any order; one never moves a message back. `found: false`: we never sent it.
   */
  applyDeliveryStatus(externalId: string, status: 'sent' | 'delivered' | 'read' | 'failed', at: Date, errors: unknown[] | null, tx: EntityManager): Promise<{ found: boolean; changed: boolean }> {
    return this.repo.advanceDelivery(externalId, status, DELIVERY_RANK, at, errors, tx);
  }

  /**
   * Everything that can fail with an HTTP error happens here, before the event stream opens:
   * the session must exist and be visible, and no other turn may be running on it.
   */
  async prepareTurn(dto: TurnDto, user: AuthUser, scope: LeadScope = scopeOf(user)): Promise<PreparedTurn> {
    // The claim and everything the turn reads go side by side. The claim carries the same
    // visibility rule as the read, so it can only succeed on a session this user may see.
    const read = async () => {
      const [start, recent] = await Promise.all([this.repo.findTurnStart(dto.sessionId, scope, new Date()), this.repo.recentLeadMessages(dto.sessionId, MEMORY_MESSAGES)]);
      // Only if the lead was reassigned between the statements.
      if (!start) throw notFound('Session');
      return { start, recent };
    };
    const [claimed, first] = await Promise.allSettled([this.repo.claimTurn(dto.sessionId, scope, this.config.env.AGENT_TURN_TIMEOUT_MS * 2), read()]);
    if (claimed.status === 'rejected') throw claimed.reason;
    const claim = claimed.value;
    try {
      if (first.status === 'rejected') throw first.reason;
      if (!claim) throw new DomainError('conflict', 'turn_in_progress', 'A reply is still being written in this session; wait for it to finish');
      // A read may have run before the claim waited for the previous turn to commit: it then saw
      // an older mark than the claim, and everything is read again (after the claim: current).
      const { mark } = claim;
      const current = (r: typeof first.value) => r.start.mark === mark && (r.recent.mark === undefined ? mark === null : r.recent.mark === mark);
      const { start, recent } = current(first.value) ? first.value : await read();
      const { session, lead, upcoming } = start;
      return { session, start: { lead, upcoming, history: recent.messages }, text: dto.message, user, startedAt: performance.now(), released: false };
    } catch (e) {
      if (claim) await this.repo.releaseTurn(dto.sessionId).catch(() => undefined);
      throw e;
    }
  }

  /**
   * A website visitor's turn (chat widget). No staff user is behind it: the visitor's signed token
   * already names the one session it may use, so the session is found by its id alone.
   */
  prepareVisitorTurn(sessionId: string, message: string): Promise<PreparedTurn> {
    return this.prepareTurn({ sessionId, message }, WEBSITE_VISITOR, { userId: WEBSITE_VISITOR.id, all: true });
  }

  /** A new conversation on a channel for a lead, in the caller's transaction (the chat widget starts one per visitor). */
  async startChannelSession(leadId: string, channel: string, tx: EntityManager): Promise<string> {
    return (await this.repo.insertSession(leadId, channel, tx)).id;
  }

  /** Runs a prepared turn to its end, sending events as they happen. Never throws. */
  async runTurn(turn: PreparedTurn, emit: EventSink): Promise<void> {
    const { session } = turn;
    const leadMessageId = randomUUID();
    try {
      emit({ event: 'session', data: { sessionId: session.id, leadId: session.leadId } });
      await this.turn(turn, leadMessageId, emit);
    } catch (err) {
      const unavailable = err instanceof LlmUnavailableError;
      if (!unavailable) this.log.error({ err, sessionId: session.id }, 'agent turn failed');
      await this.keepFailedTurn(turn, leadMessageId, unavailable ? err.message : 'internal error').catch((e: unknown) => this.log.error({ err: e, sessionId: session.id }, 'could not store a failed turn'));
      emit({ event: 'error', data: unavailable ? { code: err.code, message: err.message } : { code: 'internal_error', message: 'The assistant could not answer; the message was kept and a person can reply.' } });
    } finally {
      if (!turn.released) await this.repo.releaseTurn(session.id).catch(() => undefined);
    }
  }

  private async turn(turn: PreparedTurn, leadMessageId: string, emit: EventSink): Promise<void> {
    const { session, text } = turn;
    const { lead, history, upcoming } = turn.start;
    const places = await this.placeNames();
    if (!lead.contact) throw notFound('Lead');
    const contact = lead.contact;
    const leadRow = { id: leadMessageId, leadId: lead.id, role: MessageRole.Lead, content: text };
    const inbound = { type: ActivityType.Message, direction: 'inbound' as const, summary: text, data: { channel: session.channel, sessionId: session.id, messageId: leadMessageId } };

    /** Keeps what the lead wrote (and what `also` writes, in the same transaction); the AI does not answer. */
    const keepWithoutReply = async (handledBy: 'none' | 'human', also?: (tx: EntityManager) => Promise<unknown>) => {
      await this.repo.transaction(async (tx) => {
        const batch = new SqlBatch();
        this.repo.addMessagesTo(batch, session.id, [leadRow], true);
        this.timeline.appendManyTo(batch, lead.id, [inbound]);
        await batch.run(tx);
        await also?.(tx);
      });
      turn.released = true;
      emit({ event: 'done', data: { messageId: leadMessageId, usage: null, handledBy } });
    };

    // Opted out already: keep what they wrote, say nothing.
    if (contact.optedOutAt) return keepWithoutReply('none');

    const lastAssistant = [...history].reverse().find((m) => m.role === MessageRole.Assistant && m.status === MessageStatus.Delivered && m.data && 'asked' in m.data);
    const lastAsked = (lastAssistant?.data as { asked?: AskableField | null } | undefined)?.asked ?? null;
    // The message is read once per turn: by the policies here and by the local provider's steps.
    // Fair housing is screened first, on the words as written: steering words are blanked before
    // anything else is read from the message (so they can never become a place or a wish), and a
    // loan question tied to a protected group records no financing.
    const now = new Date();
    const fairHousing = screenFairHousing(text);
    const read = understand(withoutSteering(text, fairHousing), { now, timezone: contact.timezone, lastAsked, defaultCurrency: lead.profile?.currency ?? 'USD', knownPlaces: places });
    if (fairHousing.verdict === 'lending_group') delete read.financing;
    const policy = screen(read, fairHousing);

    const optOut = policy.optOut;
    if (optOut) {
      return keepWithoutReply('none', async (tx) => {
        await this.repo.updateContact(contact.id, { optedOutAt: new Date(), marketingConsent: false }, tx);
        await this.timeline.append(lead.id, { type: ActivityType.OptedOut, summary: optOut === 'wrong_number' ? 'Said it is a wrong number: no more messages' : 'Opted out: no more messages', data: { messageId: leadMessageId, reason: optOut } }, tx);
      });
    }

    if (session.mode === SessionMode.Human) return keepWithoutReply('human', (tx) => this.scoring.recompute(lead.id, 'message from the lead', tx, { leadLocked: true }));

    const facts = this.factsFor(lead, history, { now, upcoming, knownPlaces: places, message: { id: leadMessageId, text, read }, lastAsked, policy });
    const leadMessages = new Map(history.filter((m) => m.role === MessageRole.Lead).map((m) => [m.id, m.content]));
    leadMessages.set(leadMessageId, text);
    const state = new TurnState(lead.id, session.id, facts, leadMessages);
    const prompt = buildPrompt(facts, history.filter((m) => m.status === MessageStatus.Delivered).map(toLlm), this.config.env.AGENT_HISTORY_TOKENS);

    // The policy's own words come first, whatever the provider: a decline naming fair housing, or
    // the neutral loan answer. The provider then sees them as said and carries on from there.
    const policyWords = policy.fairHousing.verdict === 'steering' ? FAIR_HOUSING_DECLINE : policy.fairHousing.verdict === 'lending_group' ? FAIR_LENDING_ANSWER : null;
    if (policyWords) {
      emit({ event: 'token', data: { delta: `${policyWords} ` } });
      prompt.push({ role: 'assistant', content: policyWords });
    }
    const signal = AbortSignal.timeout(this.config.env.AGENT_TURN_TIMEOUT_MS);
    const outcome = await runAgentLoop(this.provider, this.tools, prompt, state, emit, signal);
    if (policyWords) {
      outcome.messages.unshift({ role: 'assistant', content: policyWords });
      outcome.reply = `${policyWords} ${outcome.reply}`;
    }
    // A handover the policy requires happens whatever the model did.
    if (policy.handoffReason && !state.handoff) {
      const call = { id: `policy_handoff_${leadMessageId.slice(0, 8)}`, name: 'handoff_to_human', args: { reason: policy.handoffReason } };
      emit({ event: 'tool_call', data: { id: call.id, name: call.name, args: call.args } });
      const result = await this.tools.run(call, state);
      state.toolCalls.push({ call, ...result });
      emit({ event: 'tool_result', data: { id: call.id, name: call.name, ok: result.ok, summary: result.summary, data: result.data } });
      outcome.messages.push({ role: 'assistant', content: '', toolCalls: [call] }, { role: 'tool', content: result.summary, toolCallId: call.id, toolName: call.name, data: { ok: result.ok, summary: result.summary, data: result.data } });
    }

    const latencyMs = Math.round(performance.now() - turn.startedAt);
    const usage: TurnUsage = { model: this.provider.model, ...outcome.usage, costUsd: estimateCost(outcome.usage, this.prices), latencyMs };
    const asked = nextQuestion(state.facts);
    const { lastMessageId, changes, score } = await this.commit(lead, session, state, leadRow, inbound, outcome.messages, usage, asked, turn.user);
    turn.released = true;

    if (changes.length) emit({ event: 'profile', data: { changes } });
    // A manual score stays as it is (ScoringService); otherwise the new automatic one, when it moved.
    const moved = score.score !== lead.score || JSON.stringify(score.factors) !== JSON.stringify(lead.currentQualification?.breakdown ?? []);
    if (lead.scoreSource === ScoreSource.Auto && moved) emit({ event: 'score', data: { score: score.score, breakdown: score.factors } });
    emit({ event: 'done', data: { messageId: lastMessageId, usage, handledBy: 'ai' } });
    // Matches follow the profile, in the background; after `done`, so the lead never waits for it.
    if (changes.length) await this.jobs.enqueueOrDefer('refresh-lead', { leadId: lead.id, reason: 'profile updated by the agent' });
  }

  /** Writes the whole turn at once. */
  private async commit(
    lead: LeadEntity,
    session: SessionRow,
    state: TurnState,
    leadRow: NewMessage,
    inbound: NewActivity,
    messages: LoopMessage[],
    usage: TurnUsage,
    asked: AskableField | null,
    user: AuthUser,
  ): Promise<{ lastMessageId: string; changes: ProfileChange[]; score: ScoreResult }> {
    const rows: NewMessage[] = [leadRow];
    for (const m of messages) {
      rows.push({
        id: randomUUID(),
        leadId: lead.id,
        role: m.role === 'tool' ? MessageRole.Tool : MessageRole.Assistant,
        content: m.content,
        toolCalls: m.toolCalls ?? null,
        toolCallId: m.toolCallId ?? null,
        toolName: m.toolName ?? null,
        data: (m.data as Record<string, unknown> | undefined) ?? null,
      });
    }
    // The turn's usage and what it asked go on its last assistant message.
    const last = [...rows].reverse().find((r) => r.role === MessageRole.Assistant) ?? rows[rows.length - 1];
    Object.assign(last, { model: usage.model, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, cachedTokens: usage.cachedTokens, costUsd: usage.costUsd, latencyMs: usage.latencyMs, data: { ...(last.data ?? {}), asked } });
    const reply = messages.filter((m) => m.role === 'assistant' && m.content.trim()).map((m) => m.content).join(' ');
    const changes = [...state.profileChanges.values()];

    const learned = Object.fromEntries(changes.map((c) => [c.field, c.value]));
    // The score's count of fitting units reads only the units: it runs beside the writes.
    const fit = this.scoring.fitFor({ ...mapProfile(lead.profile), ...learned });
    const score = await this.repo.transaction(async (tx) => {
      // The timeline of the turn, in order.
      const entries: NewActivity[] = [inbound];
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
      this.repo.addMessagesTo(batch, session.id, rows, true);
      if (changes.length) this.saveProfileTo(batch, lead.id, learned, changes);
      this.timeline.appendManyTo(batch, lead.id, entries);
      await batch.run(tx);
      if (state.viewing) await this.bookViewing(lead, state, tx);
      for (const task of state.tasks) {
        const saved = await this.repo.insertTask({ leadId: lead.id, title: task.title, notes: task.notes, dueAt: task.dueAt, assigneeId: lead.assigneeId, createdById: null }, tx);
        await this.timeline.append(lead.id, { type: ActivityType.TaskCreated, summary: `Task (by the AI): ${saved.title}`, data: { taskId: saved.id, dueAt: saved.dueAt } }, tx);
      }
      if (state.handoff) await this.handOver(lead, session, state.handoff.reason, tx);
      if (reply && lead.firstResponseAt === null) await this.repo.updateLead(lead.id, { firstResponseAt: new Date() }, tx);
      return this.scoring.recompute(lead.id, changes.length ? 'the AI learned about the lead' : 'message from the lead', tx, { leadLocked: true, fit });
    });
    return { lastMessageId: last.id, changes, score };
  }

  /** The profile fields the turn learned, each with its evidence. */
  private saveProfileTo(batch: SqlBatch, leadId: string, learned: Record<string, unknown>, changes: ProfileChange[]): void {
    const at = new Date().toISOString();
    const evidence: Record<string, FieldEvidence> = {};
    for (const c of changes) evidence[c.field] = { value: c.value, messageId: c.evidence.messageId, quote: c.evidence.quote, confidence: c.evidence.confidence, source: 'agent', at };
    this.repo.saveProfileChangesTo(batch, leadId, learned, evidence);
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
    await this.leads.contactDetailsChanged({ contactId: lead.contactId, leadId: lead.id }, patch, user, 'conversation', tx);
    return { type: ActivityType.LeadUpdated, summary: `Contact details from the conversation: ${[...state.contactChanges.keys()].join(', ')}`, data: { fields: [...state.contactChanges.keys()], evidence: [...state.contactChanges.values()].map((c) => ({ field: c.field, ...c.evidence })) } };
  }

  private async bookViewing(lead: LeadEntity, state: TurnState, tx: EntityManager): Promise<void> {
    const v = state.viewing;
    if (!v) return;
    const booked = await this.viewings.book(lead.id, v.unitId, v.slot, state.facts.timezone, 'ai', v.unitTitle, tx);
    if (!booked) {
      // Somebody took the slot between the offer and now: a person sorts it out with the lead.
      await this.repo.insertTask({ leadId: lead.id, title: `Re-book viewing: ${v.slot.local} was taken meanwhile`, dueAt: new Date(), assigneeId: lead.assigneeId }, tx);
    }
  }

  private async handOver(lead: LeadEntity, session: SessionRow, reason: string, tx: EntityManager): Promise<void> {
    const assigneeId = lead.assigneeId ?? (await this.repo.leastBusyAgent(tx))?.id ?? null;
    if (assigneeId && assigneeId !== lead.assigneeId) {
      await this.repo.updateLead(lead.id, { assigneeId }, tx);
      await this.timeline.append(lead.id, { type: ActivityType.Assigned, summary: 'Assigned by the AI on handover', data: { from: lead.assigneeId, to: assigneeId } }, tx);
    }
    await this.repo.setMode(session.id, SessionMode.Human, assigneeId, tx);
    // The notification: a task due now at the top of the assignee's list.
    await this.repo.insertTask({ leadId: lead.id, title: `Take over the conversation: ${reason}`.slice(0, 200), dueAt: new Date(), assigneeId }, tx);
    await this.timeline.append(lead.id, { type: ActivityType.Handover, summary: `The AI handed the conversation over: ${reason}`, data: { sessionId: session.id, reason, assigneeId } }, tx);
  }

  /** Provider down: keep what the lead wrote, mark the reply as failed, change nothing else. */
  private async keepFailedTurn(turn: PreparedTurn, leadMessageId: string, why: string): Promise<void> {
    const { session, text } = turn;
    await this.repo.transaction(async (tx) => {
      await this.repo.addMessages(
        session.id,
        [
          { id: leadMessageId, leadId: session.leadId, role: MessageRole.Lead, content: text },
          { id: randomUUID(), leadId: session.leadId, role: MessageRole.Assistant, content: '', status: MessageStatus.Failed, model: this.provider.model, data: { error: why } },
        ],
        tx,
      );
      await this.timeline.append(session.leadId, { type: ActivityType.Message, direction: 'inbound', summary: text, data: { channel: session.channel, sessionId: session.id, messageId: leadMessageId, aiFailed: why } }, tx);
    });
  }

  private factsFor(
    lead: LeadEntity,
    history: MessageEntity[],
    turn: Pick<TurnFacts, 'now' | 'knownPlaces' | 'message' | 'lastAsked'> & { upcoming: ViewingEntity | null; policy: ReturnType<typeof screen> },
  ): TurnFacts {
    const contact = lead.contact!;
    const { now, upcoming, knownPlaces, message, lastAsked, policy } = turn;
    const askedCounts: TurnFacts['askedCounts'] = {};
    for (const m of history.slice(-20)) {
      const a = m.role === MessageRole.Assistant ? (m.data as { asked?: AskableField | null } | null)?.asked : null;
      if (a) askedCounts[a] = (askedCounts[a] ?? 0) + 1;
    }
    let lastResults: UnitCard[] = [];
    let offeredSlots: OfferedSlot[] = [];
    for (const m of history) {
      if (m.role !== MessageRole.Tool || !m.data) continue;
      const d = m.data as { ok?: boolean; data?: { units?: UnitCard[]; slots?: OfferedSlot[] } };
      if (m.toolName === 'inventory_search' && d.ok && d.data?.units) lastResults = d.data.units;
      if (m.toolName === 'schedule_viewing' && d.ok) offeredSlots = d.data?.slots ?? [];
    }
    return {
      now,
      timezone: contact.timezone,
      leadName: contact.name && contact.name !== 'Web visitor' ? contact.name : null,
      contact: { email: contact.email, phone: contact.phone },
      profile: mapProfile(lead.profile),
      message,
      lastAsked,
      askedCounts,
      lastResults,
      offeredSlots,
      bookedViewing: upcoming ? { unitId: upcoming.unitId, startsAt: upcoming.startsAt.toISOString(), local: describeLocal(upcoming.startsAt, contact.timezone) } : null,
      policy: { handoffReason: policy.handoffReason, fairHousing: policy.fairHousing },
      turn: { handedOff: false, showedResults: false, offeredSlots: false },
      knownPlaces,
    };
  }

  private async placeNames(): Promise<ReadonlySet<string>> {
    if (!this.places || Date.now() - this.places.at > PLACES_TTL_MS) this.places = { names: new Set(await this.repo.placeNames()), at: Date.now() };
    return this.places.names;
  }

  private async visibleSession(id: string, user: AuthUser): Promise<SessionRow> {
    const s = await this.repo.findVisibleSession(id, scopeOf(user));
    if (!s) throw notFound('Session');
    return s;
  }
}

/** A stored message as the model sees it in the history. */
function toLlm(m: MessageEntity): LlmMessage {
  if (m.role === MessageRole.Lead) return { role: 'user', content: m.content };
  if (m.role === MessageRole.Human) return { role: 'assistant', content: `[a person of the brokerage wrote] ${m.content}` };
  if (m.role === MessageRole.Tool) return { role: 'tool', content: JSON.stringify(m.data ?? {}), toolCallId: m.toolCallId ?? '' };
  return { role: 'assistant', content: m.content, ...(m.toolCalls?.length ? { toolCalls: m.toolCalls } : {}) };
}
