import { computed, inject, Injectable, signal } from '@angular/core';
import { ConversationSummaryDto } from '../api/models/conversation-summary-dto';
import { ConversationThreadDto } from '../api/models/conversation-thread-dto';
import { OutboundOptionsDto } from '../api/models/outbound-options-dto';
import { SendMessageDto } from '../api/models/send-message-dto';
import { errorMessage } from '../core/api-error';
import { ConversationQuery, ConversationsApi } from './conversations-api';

export interface ConversationFilters {
  channel: NonNullable<ConversationQuery['channel']> | null;
  mine: boolean;
  waiting: boolean;
  mode: NonNullable<ConversationQuery['mode']> | null;
}

export const NO_FILTERS: ConversationFilters = { channel: null, mine: false, waiting: false, mode: null };

const PAGE = 30;

const onScreen = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';
/** After the live feed drops, it is opened again this much later. */
export const RECONNECT_MS = 3000;

/**
 * The Conversations page: the list with its filters and pages, the open thread, what may be sent
 * in it (WhatsApp's 24-hour window, templates), and the live feed that keeps both current. Lives
 * and dies with the page.
 */
@Injectable()
export class ConversationsStore {
  private readonly api = inject(ConversationsApi);

  readonly filters = signal<ConversationFilters>(NO_FILTERS);
  readonly items = signal<ConversationSummaryDto[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);

  readonly selectedId = signal<string | null>(null);
  readonly thread = signal<ConversationThreadDto | null>(null);
  readonly threadError = signal<string | null>(null);
  readonly options = signal<OutboundOptionsDto | null>(null);
  readonly busy = signal(false);
  readonly actionError = signal<string | null>(null);
  /** The live feed is open. */
  readonly live = signal(false);

  readonly unreadTotal = computed(() => this.items().reduce((n, c) => n + c.unread, 0));

  /** The list's answers arrive in request order only: an older answer never replaces a newer one. */
  private listSeq = 0;
  private threadSeq = 0;
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  private feed: AbortController | null = null;
  private reconnect: ReturnType<typeof setTimeout> | null = null;

  private query(cursor?: string, limit = PAGE): ConversationQuery {
    const f = this.filters();
    return {
      limit,
      ...(cursor ? { cursor } : {}),
      ...(f.channel ? { channel: f.channel } : {}),
      ...(f.mine ? { mine: true } : {}),
      ...(f.waiting ? { waiting: true } : {}),
      ...(f.mode ? { mode: f.mode } : {}),
    };
  }

  async load(): Promise<void> {
    const seq = ++this.listSeq;
    this.loading.set(true);
    this.error.set(null);
    try {
      // As many as are on screen, so a refresh does not take away pages someone scrolled to.
      const page = await this.api.list(this.query(undefined, Math.min(100, Math.max(PAGE, this.items().length))));
      if (seq !== this.listSeq) return;
      this.items.set(page.items);
      this.nextCursor.set(page.nextCursor);
    } catch (e) {
      if (seq === this.listSeq) this.error.set(errorMessage(e, 'Could not load the conversations'));
    } finally {
      if (seq === this.listSeq) this.loading.set(false);
    }
  }

  async more(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor || this.loading()) return;
    const seq = ++this.listSeq;
    this.loading.set(true);
    try {
      const page = await this.api.list(this.query(cursor));
      if (seq !== this.listSeq) return;
      const known = new Set(this.items().map((c) => c.id));
      this.items.update((items) => [...items, ...page.items.filter((c) => !known.has(c.id))]);
      this.nextCursor.set(page.nextCursor);
    } catch (e) {
      if (seq === this.listSeq) this.error.set(errorMessage(e, 'Could not load more conversations'));
    } finally {
      if (seq === this.listSeq) this.loading.set(false);
    }
  }

  setFilters(patch: Partial<ConversationFilters>): Promise<void> {
    this.filters.update((f) => ({ ...f, ...patch }));
    this.items.set([]);
    return this.load();
  }

  /** Opens a conversation (null closes it): its thread, and it counts as read for the team. */
  async select(id: string | null): Promise<void> {
    if (id === this.selectedId()) return;
    this.selectedId.set(id);
    this.thread.set(null);
    this.options.set(null);
    this.actionError.set(null);
    if (id) await this.loadThread(true);
  }

  private async loadThread(markRead: boolean): Promise<void> {
    const id = this.selectedId();
    if (!id) return;
    const seq = ++this.threadSeq;
    this.threadError.set(null);
    try {
      const thread = await this.api.thread(id);
      if (seq !== this.threadSeq) return;
      this.thread.set(thread);
      if (thread.conversation.channel === 'whatsapp') {
        const options = await this.api.options(thread.conversation.leadId);
        if (seq === this.threadSeq) this.options.set(options);
      }
      if (markRead && thread.conversation.unread > 0) {
        await this.api.markRead(id);
        this.items.update((items) => items.map((c) => (c.id === id ? { ...c, unread: 0 } : c)));
      }
    } catch (e) {
      if (seq === this.threadSeq) this.threadError.set(errorMessage(e, 'Could not open the conversation'));
    }
  }

  /**
   * A conversation changed somewhere: the list again and, when it is the open one, its thread. What
   * arrives in the open thread is read only while the page is in front of the person, not in a
   * hidden tab (`seen` marks it when they come back).
   */
  async changed(sessionId: string): Promise<void> {
    const work = [this.refresh()];
    if (sessionId === this.selectedId()) work.push(this.loadThread(onScreen()));
    await Promise.all(work);
  }

  /** The page is in front of the person again: the open thread's new messages are read now. */
  async seen(): Promise<void> {
    if (this.selectedId() && (this.thread()?.conversation.unread ?? 0) > 0) await this.loadThread(true);
  }

  /** One list refresh at a time; changes during it make exactly one more. */
  private refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        await this.load();
      } while (this.refreshAgain);
      this.refreshing = null;
    })();
    return this.refreshing;
  }

  takeOver(): Promise<boolean> {
    return this.act((id) => this.api.takeOver(id));
  }

  release(): Promise<boolean> {
    return this.act((id) => this.api.release(id));
  }

  reply(message: string): Promise<boolean> {
    return this.act((id) => this.api.reply(id, message.trim()));
  }

  /** WhatsApp or email, through the send rules; a refusal comes back in their words and shows in the thread. */
  send(body: SendMessageDto): Promise<boolean> {
    const leadId = this.thread()?.conversation.leadId;
    if (!leadId) return Promise.resolve(false);
    return this.act(() => this.api.send(leadId, body));
  }

  private async act(work: (id: string) => Promise<void>): Promise<boolean> {
    const id = this.selectedId();
    if (!id || this.busy()) return false;
    this.busy.set(true);
    this.actionError.set(null);
    try {
      await work(id);
      return true;
    } catch (e) {
      this.actionError.set(errorMessage(e));
      return false;
    } finally {
      this.busy.set(false);
      await Promise.all([this.loadThread(false), this.refresh()]);
    }
  }

  /** Opens the live feed and keeps it open (again a few seconds after it drops) until `disconnect`. */
  connect(): void {
    if (this.feed) return;
    const feed = new AbortController();
    this.feed = feed;
    void this.follow(feed);
  }

  disconnect(): void {
    this.feed?.abort();
    this.feed = null;
    if (this.reconnect) clearTimeout(this.reconnect);
    this.reconnect = null;
    this.live.set(false);
  }

  private async follow(feed: AbortController): Promise<void> {
    let opened = false;
    try {
      for await (const frame of this.api.follow(feed.signal)) {
        if (frame.event === 'ready') {
          this.live.set(true);
          // Whatever changed while the feed was down is not in it: read the list again.
          if (opened || this.items().length) void this.changed(this.selectedId() ?? '');
          opened = true;
        } else if (frame.event === 'changed') {
          const data = JSON.parse(frame.data) as { sessionId?: unknown };
          if (typeof data.sessionId === 'string') void this.changed(data.sessionId);
        } else if (frame.event === 'resync') {
          void this.changed(this.selectedId() ?? '');
        }
      }
    } catch {
      /* dropped: opened again below */
    }
    this.live.set(false);
    if (this.feed !== feed || feed.signal.aborted) return;
    this.feed = null;
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      this.connect();
    }, RECONNECT_MS);
  }
}
