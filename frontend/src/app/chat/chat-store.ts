import { channelView, ChannelView } from './channel-message';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { errorMessage } from '../core/api-error';
import { AuthStore } from '../core/auth-store';
import { UnitCardData } from '../shared/ui/unit-card';
import { MessageDto } from '../api/models/message-dto';
import { ProfileChangeDto } from '../api/models/profile-change-dto';
import { ScoreEventDto } from '../api/models/score-event-dto';
import { SessionDto } from '../api/models/session-dto';
import { SessionSummaryDto } from '../api/models/session-summary-dto';
import { UnitCardDto } from '../api/models/unit-card-dto';
import { AgentApi, TurnHttpError } from './agent-api';

export interface ToolPill {
  id: string;
  name: string;
  args: Record<string, unknown>;
  state: 'running' | 'ok' | 'failed';
  summary: string | null;
  /** The tool's result data, from which the pill says what it did. */
  data: unknown;
  units: UnitCardData[];
}

export interface ChatBubble {
  /** Server id once known; a local one while streaming. */
  id: string;
  role: 'lead' | 'assistant' | 'human';
  text: string;
  tools: ToolPill[];
  streaming: boolean;
  at: string;
  /** A message from a channel (WhatsApp) that is more than text: a location, a photo, a form… */
  channel?: ChannelView | null;
}

export type StreamState = 'idle' | 'streaming' | 'reconnecting';

const RECONNECT_DELAYS_MS = [300, 1000, 2000, 4000];
/** How often an open conversation is re-read, so a hand-off by someone else shows without a reload. */
export const FOLLOW_MS = 3000;

const toCards = (units: unknown): UnitCardData[] =>
  Array.isArray(units) ? (units as UnitCardDto[]).map((u) => ({ ...u, why: Array.isArray(u.why) ? u.why : [] })) : [];

/**
 * Builds chat bubbles from the stored messages: tool messages become pills on the assistant
 * reply they belong to. Exported for tests.
 */
export function bubblesFrom(messages: MessageDto[]): ChatBubble[] {
  const out: ChatBubble[] = [];
  let pending: ToolPill[] = [];
  for (const m of messages) {
    if (m.role === 'tool') {
      // A stored tool message keeps the result as it was streamed: {ok, summary, data}.
      const result = (m.data ?? {}) as { ok?: boolean; summary?: string; data?: { units?: unknown } | null };
      pending.push({
        id: m.id,
        name: m.toolName ?? 'tool',
        args: {},
        state: result.ok === false ? 'failed' : 'ok',
        summary: result.summary ?? (m.content || null),
        data: result.data ?? null,
        units: toCards(result.data?.units),
      });
      continue;
    }
    if (m.role === 'assistant') {
      if (!m.content && m.toolCalls?.length) continue; // a tool-calling step; its results follow
      out.push({ id: m.id, role: 'assistant', text: m.content, tools: pending, streaming: false, at: m.createdAt });
      pending = [];
      continue;
    }
    if (pending.length) {
      out.push({ id: `${m.id}-tools`, role: 'assistant', text: '', tools: pending, streaming: false, at: m.createdAt });
      pending = [];
    }
    out.push({ id: m.id, role: m.role, text: m.content, tools: [], streaming: false, at: m.createdAt, channel: m.role === 'lead' ? channelView(m.data) : null });
  }
  if (pending.length) out.push({ id: 'tools-tail', role: 'assistant', text: '', tools: pending, streaming: false, at: '' });
  return out;
}

/**
 * One chat session with the assistant. A brokerage user types as the lead ("try the assistant")
 * and watches the reply stream in; they can take the conversation over and answer as a person.
 * A dropped stream is recovered by re-reading the session: the turn finishes on the server anyway.
 */
@Injectable()
export class ChatStore {
  private readonly agent = inject(AgentApi);
  private readonly auth = inject(AuthStore);
  private abort: AbortController | null = null;
  private followTimer: ReturnType<typeof setInterval> | undefined;
  private following = false;

  readonly session = signal<SessionDto | null>(null);
  readonly bubbles = signal<ChatBubble[]>([]);
  readonly stream = signal<StreamState>('idle');
  readonly error = signal<string | null>(null);
  readonly loading = signal(false);
  readonly lastProfile = signal<ProfileChangeDto[]>([]);
  readonly lastScore = signal<ScoreEventDto | null>(null);
  readonly notice = signal<string | null>(null);
  /** Every conversation with the open session's lead, newest first. */
  readonly sessions = signal<SessionSummaryDto[]>([]);

  readonly heldByMe = computed(() => {
    const s = this.session();
    return s?.mode === 'human' && s.heldBy?.id === this.auth.user()?.id;
  });
  readonly busy = computed(() => this.stream() !== 'idle');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopFollowing());
  }

  /**
   * Keeps the open conversation current while the page shows it: who holds it (a colleague took
   * it over, or gave it back) and messages written elsewhere. Never while a reply streams in.
   */
  follow(everyMs = FOLLOW_MS): void {
    this.stopFollowing();
    this.followTimer = setInterval(() => void this.catchUp(), everyMs);
  }

  stopFollowing(): void {
    clearInterval(this.followTimer);
    this.followTimer = undefined;
  }

  /** Re-reads the open session and shows what changed. Exported behaviour for tests: resolves when done. */
  async catchUp(): Promise<void> {
    const open = this.session();
    if (!open || this.busy() || this.following) return;
    this.following = true;
    try {
      const fresh = await this.agent.getSession(open.id);
      if (this.session()?.id !== fresh.id || this.busy()) return;
      const changedHands = fresh.mode !== open.mode || (fresh.heldBy?.id ?? null) !== (open.heldBy?.id ?? null);
      const newMessages = fresh.messages.length !== open.messages.length;
      if (changedHands || newMessages) {
        this.session.set(fresh);
        this.bubbles.set(bubblesFrom(fresh.messages));
        if (changedHands) {
          this.sessions.update((list) => list.map((c) => (c.id === fresh.id ? { ...c, mode: fresh.mode } : c)));
          const me = this.auth.user()?.id;
          if (fresh.mode === 'human' && fresh.heldBy && fresh.heldBy.id !== me) this.notice.set(`${fresh.heldBy.name} has taken this conversation over.`);
          else if (fresh.mode === 'ai' && open.mode === 'human' && open.heldBy?.id !== me) this.notice.set('The conversation is back with the assistant.');
        }
      }
    } catch {
      /* offline for a moment: the next tick tries again */
    } finally {
      this.following = false;
    }
  }

  async open(sessionId: string): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      await this.refresh(sessionId);
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not open this conversation'));
    } finally {
      this.loading.set(false);
    }
  }

  /** Opens the lead's latest conversation, or starts one. Resolves to the session id. */
  async openForLead(leadId: string | undefined): Promise<string | null> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const existing = leadId ? newestFirst(await this.agent.listSessions(leadId)) : [];
      const latest = existing[0]?.id;
      const id = latest ?? (await this.agent.startSession(leadId)).sessionId;
      // The list just read still holds when an existing conversation opens.
      await this.refresh(id, latest ? existing : undefined);
      return id;
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not start a conversation'));
      return null;
    } finally {
      this.loading.set(false);
    }
  }

  /** Sends a message as the lead and streams the assistant's reply into a new bubble. */
  async sendAsLead(text: string): Promise<void> {
    const session = this.session();
    const message = text.trim();
    if (!session || !message || this.busy()) return;
    this.error.set(null);
    this.notice.set(null);
    const now = new Date().toISOString();
    const replyId = `local-${Date.now()}`;
    this.bubbles.update((b) => [
      ...b,
      { id: `${replyId}-q`, role: 'lead', text: message, tools: [], streaming: false, at: now },
      { id: replyId, role: 'assistant', text: '', tools: [], streaming: true, at: now },
    ]);
    this.stream.set('streaming');
    this.abort = new AbortController();
    let finished = false;
    try {
      for await (const ev of this.agent.turn(session.id, message, this.abort.signal)) {
        switch (ev.event) {
          case 'token':
            this.patchReply(replyId, (r) => ({ ...r, text: r.text + ev.data.delta }));
            break;
          case 'tool_call':
            this.patchReply(replyId, (r) => ({ ...r, tools: [...r.tools, { id: ev.data.id, name: ev.data.name, args: ev.data.args ?? {}, state: 'running', summary: null, data: null, units: [] }] }));
            break;
          case 'tool_result':
            this.patchReply(replyId, (r) => ({
              ...r,
              tools: upsertTool(r.tools, ev.data.id, ev.data.name, { state: ev.data.ok ? 'ok' : 'failed', summary: ev.data.summary, data: ev.data.data ?? null, units: toCards(ev.data.data?.['units']) }),
            }));
            break;
          case 'profile':
            this.lastProfile.set(ev.data.changes);
            break;
          case 'score':
            this.lastScore.set(ev.data);
            break;
          case 'done':
            finished = true;
            if (ev.data.handledBy !== 'ai') {
              this.bubbles.update((b) => b.filter((x) => x.id !== replyId));
              this.notice.set(
                ev.data.handledBy === 'human'
                  ? 'A person is handling this conversation; the message was saved for them.'
                  : 'This lead has opted out of messages; the message was saved and nobody answers.',
              );
            } else {
              this.patchReply(replyId, (r) => ({ ...r, id: ev.data.messageId, streaming: false }));
            }
            break;
          case 'error':
            finished = true;
            this.error.set(ev.data.message);
            this.bubbles.update((b) => b.filter((x) => x.id !== replyId || x.text || x.tools.length));
            this.patchReply(replyId, (r) => ({ ...r, streaming: false }));
            break;
          case 'session':
            break;
        }
      }
      if (!finished) throw new Error('stream ended early');
      this.stream.set('idle');
    } catch (e) {
      if (e instanceof TurnHttpError) {
        // The server refused the turn: nothing was stored, so take the optimistic bubbles back.
        this.bubbles.update((b) => b.filter((x) => x.id !== replyId && x.id !== `${replyId}-q`));
        this.error.set(e.message);
        this.stream.set('idle');
      } else {
        await this.reconnect(session.id);
      }
    } finally {
      this.abort = null;
    }
  }

  /** For tests and for leaving the page: stops reading (the server still finishes the turn). */
  dropStream(): void {
    this.abort?.abort();
  }

  async takeOver(): Promise<void> {
    await this.modeChange((id) => this.agent.takeOver(id));
  }

  async release(): Promise<void> {
    await this.modeChange((id) => this.agent.release(id));
  }

  async replyAsHuman(text: string): Promise<boolean> {
    const session = this.session();
    const message = text.trim();
    if (!session || !message) return false;
    this.error.set(null);
    try {
      await this.agent.reply(session.id, message);
      await this.refresh(session.id);
      return true;
    } catch (e) {
      this.error.set(errorMessage(e, 'Your reply was not sent'));
      return false;
    }
  }

  private async modeChange(call: (id: string) => Promise<SessionDto>): Promise<void> {
    const session = this.session();
    if (!session) return;
    this.error.set(null);
    try {
      const updated = await call(session.id);
      this.session.set({ ...updated, messages: updated.messages ?? session.messages });
      this.notice.set(null);
    } catch (e) {
      this.error.set(errorMessage(e, 'That did not work'));
      // Somebody else may hold it now: show who, instead of a button that cannot work.
      await this.catchUp();
    }
  }

  /** The stream broke: the turn completes server-side, so read the session until the reply is there. */
  private async reconnect(sessionId: string): Promise<void> {
    this.stream.set('reconnecting');
    const before = this.bubbles().filter((b) => !b.streaming && !b.id.startsWith('local-')).length;
    for (const delay of RECONNECT_DELAYS_MS) {
      await new Promise((r) => setTimeout(r, delay));
      try {
        const session = await this.agent.getSession(sessionId);
        const bubbles = bubblesFrom(session.messages);
        const last = bubbles.at(-1);
        if (bubbles.length > before && last && last.role !== 'lead') {
          this.session.set(session);
          this.bubbles.set(bubbles);
          this.stream.set('idle');
          return;
        }
      } catch {
        /* still offline: try again */
      }
    }
    try {
      await this.refresh(sessionId);
      this.notice.set('The connection dropped; this is what the server has so far.');
    } catch (e) {
      this.error.set(errorMessage(e, 'Lost the connection to the assistant'));
    }
    this.stream.set('idle');
  }

  /** Starts another conversation with the open session's lead. Resolves to its id. */
  async startAnother(): Promise<string | null> {
    const leadId = this.session()?.leadId;
    if (!leadId || this.busy()) return null;
    this.error.set(null);
    this.notice.set(null);
    try {
      const { sessionId } = await this.agent.startSession(leadId);
      await this.refresh(sessionId);
      return sessionId;
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not start a conversation'));
      return null;
    }
  }

  /** Reads the session, and the lead's conversations unless `known` already has them. */
  private async refresh(sessionId: string, known?: SessionSummaryDto[]): Promise<void> {
    const session = await this.agent.getSession(sessionId);
    if (this.session()?.id !== session.id) {
      // What the last turn learned belongs to the conversation it happened in.
      this.lastProfile.set([]);
      this.lastScore.set(null);
    }
    this.session.set(session);
    this.bubbles.set(bubblesFrom(session.messages));
    // The list beside it is a convenience: the conversation shows even if it cannot be read.
    try {
      this.sessions.set(known ?? newestFirst(await this.agent.listSessions(session.leadId)));
    } catch {
      this.sessions.set([]);
    }
  }

  private patchReply(id: string, patch: (b: ChatBubble) => ChatBubble): void {
    this.bubbles.update((list) => list.map((b) => (b.id === id ? patch(b) : b)));
  }
}

const newestFirst = (sessions: SessionSummaryDto[]) => [...sessions].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

function upsertTool(tools: ToolPill[], id: string, name: string, result: Pick<ToolPill, 'state' | 'summary' | 'data' | 'units'>): ToolPill[] {
  return tools.some((t) => t.id === id)
    ? tools.map((t) => (t.id === id ? { ...t, ...result } : t))
    : [...tools, { id, name, args: {}, ...result }];
}
