import { Inject, Injectable } from '@nestjs/common';
import { FAIR_HOUSING_DECLINE, FAIR_LENDING_ANSWER, screenFairHousing, withoutSteering } from '../compliance/fair-housing';
import { AuthUser } from '../core/auth/auth-user';
import { AppConfig } from '../core/config/app-config';
import { notFound } from '../core/http/domain-error';
import { JobQueue } from '../core/queue/job-queue';
import { LeadEntity } from '../leads/lead.entity';
import { ScoreSource } from '../leads/lead.enums';
import { mapProfile } from '../leads/profile.dto';
import type { ViewingEntity } from '../viewings/viewing.entity';
import { describeLocal } from '../core/time/zoned-time';
import { runAgentLoop } from './agent-loop';
import { AgentRepository, SessionRow, TurnStart } from './agent.repository';
import type { EventSink, TurnUsage } from './events';
import { LLM_PROVIDER, LlmMessage, LlmProvider } from './llm-provider';
import { nextQuestion } from './local/dialogue-policy';
import { AskableField, understand } from './local/understanding';
import { MessageEntity, MessageRole, MessageStatus } from './message.entity';
import { screen } from './policies';
import { estimateCost, TokenPrices } from './pricing';
import { buildPrompt } from './prompt';
import { SessionMode } from './session.entity';
import { ToolRunner } from './tools/tool-runner';
import type { OfferedSlot, PendingViewing, TurnFacts, UnitCard } from './turn-facts';
import { TurnState } from './turn-state';
import { leadMessage, ReplyDelivery, TurnWriter, Unanswered } from './turn-writer';

export const AGENT_TOOL_RUNNER = Symbol('AGENT_TOOL_RUNNER');
export const AGENT_PRICES = Symbol('AGENT_PRICES');

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
 * What the assistant says and does in one turn (`AgentTurnService` claims the session, reads what
 * the turn starts from and sees the turn through): the message screened and read, the policy's
 * own words, the agent loop, a handover the policy requires, and the turn written back in one
 * transaction (`TurnWriter`) with its events.
 */
@Injectable()
export class TurnDialogue {
  private places: { names: ReadonlySet<string>; at: number } | null = null;

  constructor(
    private readonly repo: AgentRepository,
    private readonly writer: TurnWriter,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    @Inject(LLM_PROVIDER) private readonly provider: LlmProvider,
    @Inject(AGENT_TOOL_RUNNER) private readonly tools: ToolRunner,
    @Inject(AGENT_PRICES) private readonly prices: TokenPrices,
  ) {}

  /**
   * The turn itself, after the service has sent its `session` event: reads the message, answers or
   * keeps it unanswered, writes the turn back (`TurnWriter`) and sends the rest of the events.
   */
  async answer(turn: PreparedTurn, leadMessageId: string, emit: EventSink): Promise<void> {
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
    const read = understand(withoutSteering(text, fairHousing), { now, timezone: contact.timezone, lastAsked, defaultCurrency: lead.profile && (lead.profile.budgetMin !== null || lead.profile.budgetMax !== null) ? lead.profile.currency : undefined, profilePlaces: lead.profile?.locations ?? [], profilePurpose: lead.profile?.purpose ?? null, knownPlaces: places });
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
