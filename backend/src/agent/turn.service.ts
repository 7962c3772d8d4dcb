import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuthUser } from '../core/auth/auth-user';
import { AppConfig } from '../core/config/app-config';
import { DomainError, notFound } from '../core/http/domain-error';
import { type LeadScope, scopeOf } from '../access/lead-access';
import { UserRole } from '../core/auth/roles';
import { TurnDto } from './agent.dto';
import { AgentRepository } from './agent.repository';
import type { EventSink } from './events';
import { LLM_PROVIDER, LlmProvider, LlmUnavailableError } from './llm-provider';
import { MessageEntity } from './message.entity';
import { type PreparedTurn, TurnDialogue } from './turn-dialogue';
import { TurnMetrics } from './turn-metrics';
import { ReplyDelivery, TurnWriter } from './turn-writer';

/** Messages of the lead's history loaded per turn (all sessions); the prompt keeps what fits its budget. */
const MEMORY_MESSAGES = 60;

/** Who a chat widget visitor's turn runs as: nobody on the staff (no timeline entry names it). */
const WEBSITE_VISITOR: AuthUser = { id: '00000000-0000-0000-0000-000000000000', email: '', name: 'Website visitor', role: UserRole.Agent, via: 'api_key' };
/** Who a channel turn (a lead writing on WhatsApp) runs as: likewise nobody on the staff. */
const CHANNEL_LEAD: AuthUser = { ...WEBSITE_VISITOR, name: 'Lead on a messaging channel' };

/**
 * The AI agent's turns: the lead writes, the agent answers.
 *
 * A turn is computed in memory (tools only change a TurnState) and written in one transaction at
 * its end (`TurnWriter`): the lead's message, every assistant and tool message, profile changes
 * with evidence, a booked viewing, tasks, a handover, the timeline entries and the new score. A
 * provider failure keeps the lead's message (marked with a failed reply) and nothing else. A
 * client that drops the stream does not stop the turn: it completes and is written whole, so
 * reconnecting and reading the session shows the answer.
 *
 * This service claims the session, reads what the turn starts from and sees the turn through
 * (metrics, a failure kept, the session released); what is said and done is `TurnDialogue`'s.
 */
@Injectable()
export class AgentTurnService {
  private readonly log = new Logger('Agent');

  constructor(
    private readonly repo: AgentRepository,
    private readonly writer: TurnWriter,
    private readonly config: AppConfig,
    @Inject(LLM_PROVIDER) private readonly provider: LlmProvider,
    private readonly dialogue: TurnDialogue,
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
      await this.dialogue.answer(turn, leadMessageId, emit);
    } catch (err) {
      const unavailable = err instanceof LlmUnavailableError;
      if (!unavailable) this.log.error({ err, sessionId: session.id }, 'agent turn failed');
      await this.writer.keepFailed(session, leadMessageId, turn.text, this.provider.model, unavailable ? err.message : 'internal error', answered).catch((e: unknown) => this.log.error({ err: e, sessionId: session.id }, 'could not store a failed turn'));
      emit({ event: 'error', data: unavailable ? { code: err.code, message: err.message } : { code: 'internal_error', message: 'The assistant could not answer; the message was kept and a person can reply.' } });
    } finally {
      if (!turn.released) await this.repo.releaseTurn(session.id).catch(() => undefined);
    }
  }
}

