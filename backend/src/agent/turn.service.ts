import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { FAIR_HOUSING_DECLINE, FAIR_LENDING_ANSWER, screenFairHousing, withoutSteering } from '../compliance/fair-housing';
import { AuthUser } from '../core/auth/auth-user';
import { AppConfig } from '../core/config/app-config';
import { DomainError, notFound } from '../core/http/domain-error';
import { JobQueue } from '../core/queue/job-queue';
import { type LeadScope, scopeOf } from '../access/lead-access';
import { UserRole } from '../core/auth/roles';
import { LeadEntity } from '../leads/lead.entity';
import { ScoreSource } from '../leads/lead.enums';
import { mapProfile } from '../leads/profile.dto';
import type { ViewingEntity } from '../viewings/viewing.entity';
import { describeLocal } from '../core/time/zoned-time';
import { runAgentLoop } from './agent-loop';
import { TurnDto } from './agent.dto';
import { AgentRepository, SessionRow, TurnStart } from './agent.repository';
import type { EventSink, TurnUsage } from './events';
import { LLM_PROVIDER, LlmMessage, LlmProvider, LlmUnavailableError } from './llm-provider';
import { nextQuestion } from './local/dialogue-policy';
import { AskableField, understand } from './local/understanding';
import { MessageEntity, MessageRole, MessageStatus } from './message.entity';
import { screen } from './policies';
import { estimateCost, TokenPrices } from './pricing';
import { buildPrompt } from './prompt';
import { SessionMode } from './session.entity';
import { ToolRunner } from './tools/tool-runner';
import type { OfferedSlot, PendingViewing, TurnFacts, UnitCard } from './turn-facts';
import { TurnMetrics } from './turn-metrics';
import { TurnState } from './turn-state';
import { leadMessage, ReplyDelivery, TurnWriter, Unanswered } from './turn-writer';

export const AGENT_TOOL_RUNNER = Symbol('AGENT_TOOL_RUNNER');
export const AGENT_PRICES = Symbol('AGENT_PRICES');

/** Messages of the lead's history loaded per turn (all sessions); the prompt keeps what fits its budget. */
const MEMORY_MESSAGES = 60;
const PLACES_TTL_MS = 10 * 60_000;

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
  /**
   * A channel turn (WhatsApp): it answers the lead's messages `answered`, already stored by the
   * webhook, read together in order as one message; its reply goes to `deliver` in the turn's transaction.
   */
  channel?: { answered: MessageEntity[]; deliver: ReplyDelivery };
}

/**
 * The AI agent's turns: the lead writes, the agent answers.
 *
 * A turn is computed in memory (tools only change a TurnState) and written in one transaction at
 * its end (`TurnWriter`): the lead's message, every assistant and tool message, profile changes
 * with evidence, a booked viewing, tasks, a handover, the timeline entries and the new score. A
 * provider failure keeps the lead's message (marked with a failed reply) and nothing else. A
 * client that drops the stream does not stop the turn: it completes and is written whole, so
 * reconnecting and reading the session shows the answer.
 */
/** Who a chat widget visitor's turn runs as: nobody on the staff (no timeline entry names it). */
const WEBSITE_VISITOR: AuthUser = { id: '00000000-0000-0000-0000-000000000000', email: '', name: 'Website visitor', role: UserRole.Agent, via: 'api_key' };
/** Who a channel turn (a lead writing on WhatsApp) runs as: likewise nobody on the staff. */
const CHANNEL_LEAD: AuthUser = { ...WEBSITE_VISITOR, name: 'Lead on a messaging channel' };

@Injectable()
export class AgentTurnService {
  private readonly log = new Logger('Agent');
  private places: { names: ReadonlySet<string>; at: number } | null = null;

  constructor(
    private readonly repo: AgentRepository,
    private readonly writer: TurnWriter,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    @Inject(LLM_PROVIDER) private readonly provider: LlmProvider,
    @Inject(AGENT_TOOL_RUNNER) private readonly tools: ToolRunner,
    @Inject(AGENT_PRICES) private readonly prices: TokenPrices,
    private readonly metrics: TurnMetrics,
  ) {}

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

  /**
   * A channel turn on messages already stored, for a session the caller has claimed
   * (`ChannelRepliesService`): the lead's messages `pending` are read in the order the lead sent
   * them (WhatsApp's timestamp, then arrival) and answered as one. Everything is read after the
   * claim, so no earlier turn is still committing. Null if the session is gone.
   */
  async prepareChannelTurn(sessionId: string, claim: { pending: string[] }, deliver: ReplyDelivery): Promise<PreparedTurn | null> {
    const [start, recent, pending] = await Promise.all([
      this.repo.findTurnStart(sessionId, { userId: CHANNEL_LEAD.id, all: true }, new Date()),
      this.repo.recentLeadMessages(sessionId, MEMORY_MESSAGES),
      this.repo.findMessagesByIds(claim.pending),
    ]);
    if (!start) return null;
    const position = new Map(claim.pending.map((id, i) => [id, i]));
    const sentAt = (m: MessageEntity) => (typeof m.data?.sentAt === 'string' ? Date.parse(m.data.sentAt) : Number.POSITIVE_INFINITY) || 0;
    const answered = pending.sort((a, b) => sentAt(a) - sentAt(b) || position.get(a.id)! - position.get(b.id)!);
    if (!answered.length) return null;
    const ids = new Set(claim.pending);
    // A channel may say what the assistant should read instead of what the conversation shows (a tapped list row: "option 2").
    const readAs = (m: MessageEntity) => (typeof m.data?.assistantText === 'string' ? m.data.assistantText : m.content).trim();
    const text = answered.map(readAs).filter(Boolean).join('\n');
    return {
      session: start.session,
      start: { lead: start.lead, upcoming: start.upcoming, history: recent.messages.filter((m) => !ids.has(m.id)) },
      text: text || answered[answered.length - 1].content,
      user: CHANNEL_LEAD,
      startedAt: performance.now(),
      released: false,
      channel: { answered, deliver },
    };
  }

  /** Runs a prepared turn to its end, sending events as they happen. Never throws. */
  async runTurn(turn: PreparedTurn, emit: EventSink): Promise<void> {
    const { session } = turn;
    // A channel turn's message is stored already: the last one it answers stands for them all.
    const answered = turn.channel?.answered.map((m) => m.id);
    const leadMessageId = answered ? answered[answered.length - 1] : randomUUID();
    // Latency and cost are recorded as the last event goes out (the stream may end right after it).
    const outer = emit;
    emit = (e) => {
      if (e.event === 'done') this.metrics.turnEnded(this.provider.model, e.data.usage ? 'answered' : 'unanswered', turn.startedAt, e.data.usage);
      if (e.event === 'error') this.metrics.turnEnded(this.provider.model, 'failed', turn.startedAt, null);
      outer(e);
    };
    try {
      emit({ event: 'session', data: { sessionId: session.id, leadId: session.leadId } });
      await this.turn(turn, leadMessageId, emit);
    } catch (err) {
      const unavailable = err instanceof LlmUnavailableError;
      if (!unavailable) this.log.error({ err, sessionId: session.id }, 'agent turn failed');
      await this.writer.keepFailed(session, leadMessageId, turn.text, this.provider.model, unavailable ? err.message : 'internal error', answered).catch((e: unknown) => this.log.error({ err: e, sessionId: session.id }, 'could not store a failed turn'));
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
    const message = leadMessage(session, lead, leadMessageId, text);
    if (turn.channel) message.answered = turn.channel.answered.map((m) => m.id);

    /** Keeps what the lead wrote (and what `then` says); the AI does not answer. */
    const keepUnanswered = async (handledBy: 'none' | 'human', then: Unanswered = null) => {
      await this.writer.keepUnanswered(message, then);
      turn.released = true;
      emit({ event: 'done', data: { messageId: leadMessageId, usage: null, handledBy } });
    };

    // Opted out already: keep what they wrote, say nothing.
    if (contact.optedOutAt) return keepUnanswered('none');

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

    if (policy.optOut) return keepUnanswered('none', { optOut: policy.optOut });
    if (session.mode === SessionMode.Human) return keepUnanswered('human', 'rescore');

    const facts = this.factsFor(lead, history, { now, upcoming, knownPlaces: places, message: { id: leadMessageId, text, read }, lastAsked, policy });
    const leadMessages = new Map(history.filter((m) => m.role === MessageRole.Lead).map((m) => [m.id, m.content]));
    for (const m of turn.channel?.answered ?? []) leadMessages.set(m.id, m.content);
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
    if (turn.channel) pointEvidenceAt(state, leadMessageId, turn.channel.answered);
    const { lastMessageId, changes, score } = await this.writer.commit(message, state, outcome.messages, usage, asked, turn.user, turn.channel?.deliver);
    turn.released = true;

    if (changes.length) emit({ event: 'profile', data: { changes } });
    // A manual score stays as it is (ScoringService); otherwise the new automatic one, when it moved.
    const moved = score.score !== lead.score || JSON.stringify(score.factors) !== JSON.stringify(lead.currentQualification?.breakdown ?? []);
    if (lead.scoreSource === ScoreSource.Auto && moved) emit({ event: 'score', data: { score: score.score, breakdown: score.factors } });
    emit({ event: 'done', data: { messageId: lastMessageId, usage, handledBy: 'ai' } });
    // Matches follow the profile, in the background; after `done`, so the lead never waits for it.
    if (changes.length) await this.jobs.enqueueOrDefer('refresh-lead', { leadId: lead.id, reason: 'profile updated by the agent' });
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
    let pendingViewing: PendingViewing | null = null;
    let focusUnitId: string | null = null;
    for (const m of history) {
      if (m.role !== MessageRole.Tool || !m.data) continue;
      const d = m.data as { ok?: boolean; data?: { units?: UnitCard[]; slots?: OfferedSlot[]; held?: PendingViewing; unit?: { id: string }; viewing?: { unitId: string }; already?: { unitId: string } } };
      if (m.toolName === 'inventory_search' && d.ok && d.data?.units) lastResults = d.data.units;
      if (m.toolName === 'schedule_viewing' && d.ok) {
        offeredSlots = d.data?.slots ?? [];
        pendingViewing = d.data?.held ?? null;
      }
      // The home the conversation is about: the last one asked about, offered or booked.
      focusUnitId = (m.toolName === 'unit_details' || m.toolName === 'schedule_viewing') && d.ok ? (d.data?.unit?.id ?? d.data?.held?.unitId ?? d.data?.viewing?.unitId ?? d.data?.already?.unitId ?? d.data?.slots?.[0]?.unitId ?? focusUnitId) : m.toolName === 'inventory_search' && d.ok ? null : focusUnitId;
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
      pendingViewing,
      focusUnitId,
      assigneeId: lead.assigneeId,
      policy: { handoffReason: policy.handoffReason, fairHousing: policy.fairHousing },
      turn: { handedOff: false, showedResults: false, offeredSlots: false },
      knownPlaces,
    };
  }

  private async placeNames(): Promise<ReadonlySet<string>> {
    if (!this.places || Date.now() - this.places.at > PLACES_TTL_MS) this.places = { names: new Set(await this.repo.placeNames()), at: Date.now() };
    return this.places.names;
  }
}

/**
 * A channel turn reads several messages as one (under the last one's id): each fact's evidence is
 * pointed back at the message its quote is actually from.
 */
function pointEvidenceAt(state: TurnState, combinedId: string, answered: MessageEntity[]): void {
  if (answered.length < 2) return;
  const squash = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();
  for (const c of [...state.profileChanges.values(), ...state.contactChanges.values()]) {
    if (c.evidence.messageId !== combinedId) continue;
    const quote = squash(c.evidence.quote);
    const from = answered.find((m) => squash(m.content).includes(quote));
    if (from) c.evidence.messageId = from.id;
  }
}

/** A stored message as the model sees it in the history. */
function toLlm(m: MessageEntity): LlmMessage {
  if (m.role === MessageRole.Lead) return { role: 'user', content: m.content };
  if (m.role === MessageRole.Human) return { role: 'assistant', content: `[a person of the brokerage wrote] ${m.content}` };
  if (m.role === MessageRole.Tool) return { role: 'tool', content: JSON.stringify(m.data ?? {}), toolCallId: m.toolCallId ?? '' };
  return { role: 'assistant', content: m.content, ...(m.toolCalls?.length ? { toolCalls: m.toolCalls } : {}) };
}
