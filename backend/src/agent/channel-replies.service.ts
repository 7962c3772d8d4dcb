import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../core/config/app-config';
import { JobQueue } from '../core/queue/job-queue';
import { AgentRepository } from './agent.repository';
import { SessionMode } from './session.entity';
import { AgentSessionsService } from './sessions.service';
import { AgentTurnService } from './turn.service';
import type { ReplyDelivery } from './turn-writer';

/** A reply overdue by this much, with no live turn, is handed to a worker again by the sweep. */
const OVERDUE_MS = 10_000;

/**
 * The assistant on messaging channels (WhatsApp): the lead's messages arrive through the inbound
 * webhook and are stored there; the assistant answers them a little later, all that arrived in
 * the meantime at once and in order, and its reply leaves through the channel sender (the
 * send-policy gate and the outbox), in the transaction that writes the turn.
 *
 * The debounce is held in the database, so it works with any number of worker processes: each
 * message appends itself to the session's pending messages and pushes the reply's due time back
 * (`sessions.reply_pending`, `reply_due_at`, in the message's own transaction), and queues a job
 * delayed by the window. A job that finds the reply due claims the session's turn with one UPDATE
 * (exactly one job wins); a job that finds it not due yet (a later message) leaves it to that
 * message's job. The turn takes the messages it answered off the pending list as it is written,
 * so a worker that dies mid-turn leaves them for the sweep.
 */
@Injectable()
export class ChannelRepliesService {
  private readonly log = new Logger('ChannelReplies');

  constructor(
    private readonly repo: AgentRepository,
    private readonly turns: AgentTurnService,
    private readonly sessions: AgentSessionsService,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  /**
   * In the transaction that stores a lead's channel message: the assistant is to answer it. While
   * a person holds the conversation it stays silent (null). Otherwise returns what to run once the
   * transaction has committed: queueing the delayed answer.
   */
  async expectReply(sessionId: string, messageId: string, tx: EntityManager): Promise<(() => Promise<void>) | null> {
    const waitMs = await this.repo.awaitReply(sessionId, messageId, this.config.env.WHATSAPP_DEBOUNCE_MS, tx);
    if (waitMs === null) return null;
    return async () => {
      await this.schedule(sessionId, waitMs, `m-${messageId}`);
    };
  }

  /**
   * The `answer-channel` job: answers the session's pending messages once they are due. Returns
   * what it did (for the job's record).
   */
  async answer(sessionId: string): Promise<string> {
    const staleMs = this.config.env.AGENT_TURN_TIMEOUT_MS * 2;
    const claim = await this.repo.claimChannelReply(sessionId, staleMs);
    if (!claim) return 'nothing to answer';
    // A later message pushed the answer back: wait for it (one job per due time, whoever asks).
    if ('waitMs' in claim) {
      await this.schedule(sessionId, claim.waitMs, `at-${claim.dueAt}`);
      return 'not due yet';
    }
    // The running turn looks for new messages when it ends (below).
    if ('busy' in claim) return 'a turn is running';

    const sender = this.sessions.sender;
    let dispatch: (() => Promise<void>) | null = null;
    const key = `assistant-reply:${claim.claimed.pending[claim.claimed.pending.length - 1]}`;
    const deliver: ReplyDelivery = async (reply, tx) => {
      if (!sender) throw new Error('no channel sender registered');
      const queued = await sender.queueAssistantReply({ leadId: turn!.session.leadId, channel: 'whatsapp', messageId: reply.messageId, text: reply.text, units: reply.units, key }, tx);
      dispatch = queued.dispatch;
      return { refused: queued.refused };
    };
    const turn = await this.turns.prepareChannelTurn(sessionId, claim.claimed, deliver).catch(async (e: unknown) => {
      await this.repo.releaseTurn(sessionId);
      throw e;
    });
    if (!turn) {
      await this.repo.transaction((tx) => this.repo.finishChannelTurn(sessionId, claim.claimed.pending, tx));
      return 'nothing to answer';
    }
    const answered = turn.channel!.answered.map((m) => m.id);
    let outcome: string;
    if (turn.session.channel !== 'whatsapp' || !sender) {
      await this.repo.transaction((tx) => this.repo.finishChannelTurn(sessionId, answered, tx));
      return `no sender for ${turn.session.channel}`;
    }
    // The gate first, on what does not depend on the words: an opted-out lead is not answered at all.
    const refused =
      turn.session.mode === SessionMode.Ai
        ? await this.repo
            .transaction(async (tx) => {
              const r = await sender.refusesReply(turn.session.leadId, 'whatsapp', key, tx);
              if (r) await this.repo.finishChannelTurn(sessionId, answered, tx);
              return r;
            })
            .catch(async (e: unknown) => {
              // Free the session for the job's retry; the messages stay pending.
              await this.repo.releaseTurn(sessionId);
              throw e;
            })
        : null;
    if (refused) {
      outcome = `not answered: ${refused.rule}`;
    } else {
      // Same turn as the web chat (tools, memory, policies, take-over); its events have no listener here.
      await this.turns.runTurn(turn, () => undefined);
      if (dispatch) await (dispatch as () => Promise<void>)();
      outcome = turn.session.mode === SessionMode.Ai ? 'answered' : 'held by a person: not answered';
    }
    // Messages that arrived while this turn ran.
    const next = await this.repo.pendingReply(sessionId);
    if (next) await this.schedule(sessionId, next.waitMs, `after-${answered[answered.length - 1]}`);
    return outcome;
  }

  /** The sweep: replies overdue with no live turn (a failed enqueue, a worker that died mid-turn). */
  async sweep(): Promise<number> {
    const ids = await this.repo.overdueReplies(OVERDUE_MS, this.config.env.AGENT_TURN_TIMEOUT_MS * 2);
    const minute = Math.floor(Date.now() / 60_000);
    for (const id of ids) await this.schedule(id, 0, `sweep-${minute}`);
    if (ids.length) this.log.warn({ sessions: ids.length }, 'overdue channel replies handed to the workers again');
    return ids.length;
  }

  private async schedule(sessionId: string, delay: number, tag: string): Promise<void> {
    // A stable job id per reason: the same message, due time or sweep never queues two jobs.
    await this.jobs.enqueueOrDefer('answer-channel', { sessionId }, { jobId: `answer-${sessionId}-${tag}`, delay: Math.max(0, delay) });
  }
}
