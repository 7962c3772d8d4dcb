import { TestBed } from '@angular/core/testing';
import { ConversationPageDto } from '../api/models/conversation-page-dto';
import { ConversationSummaryDto } from '../api/models/conversation-summary-dto';
import { ConversationThreadDto } from '../api/models/conversation-thread-dto';
import { OutboundOptionsDto } from '../api/models/outbound-options-dto';
import { RawFrame } from '../chat/event-stream';
import { ConversationQuery, ConversationsApi } from './conversations-api';
import { ConversationsStore } from './conversations-store';
import { conversation } from './conversation-fixture';


/** A feed the test pushes frames into, as the server would. */
class Feed {
  private queue: RawFrame[] = [];
  private wake: (() => void) | null = null;
  ended = false;
  push(frame: RawFrame): void {
    this.queue.push(frame);
    this.wake?.();
  }
  end(): void {
    this.ended = true;
    this.wake?.();
  }
  async *frames(signal: AbortSignal): AsyncGenerator<RawFrame> {
    signal.addEventListener('abort', () => this.end());
    for (;;) {
      while (this.queue.length) yield this.queue.shift()!;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

class FakeApi {
  queries: ConversationQuery[] = [];
  pages: ConversationPageDto[] = [];
  threads: ConversationThreadDto[] = [];
  reads: string[] = [];
  sent: unknown[] = [];
  feed = new Feed();
  options: OutboundOptionsDto = { whatsappWindow: { open: false, closesAt: null }, templates: [{ name: 'follow_up', parameters: ['name', 'agent'], preview: 'Hi {{1}}, this is {{2}}.' }] };
  list = (q: ConversationQuery) => {
    this.queries.push(q);
    return Promise.resolve(this.pages.shift() ?? { items: [], nextCursor: null });
  };
  thread = () => Promise.resolve(this.threads.shift()!);
  markRead = (id: string) => {
    this.reads.push(id);
    return Promise.resolve();
  };
  optionsFor: string[] = [];
  getOptions = (leadId: string) => {
    this.optionsFor.push(leadId);
    return Promise.resolve(this.options);
  };
  send = (leadId: string, body: unknown) => {
    this.sent.push({ leadId, body });
    return Promise.reject(new Error('Not sent on WhatsApp: Dana Diaz asked not to be contacted'));
  };
  follow = (signal: AbortSignal) => this.feed.frames(signal);
}

const threadOf = (c: ConversationSummaryDto, messages: ConversationThreadDto['messages'] = []): ConversationThreadDto => ({
  conversation: c,
  contact: { email: null, phone: '+12065550100', optedOut: false },
  messages,
  refused: [],
});

/** Lets the store's pending promises settle. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
};

describe('ConversationsStore', () => {
  let store: ConversationsStore;
  let api: FakeApi;

  beforeEach(() => {
    api = new FakeApi();
    TestBed.configureTestingModule({ providers: [ConversationsStore, { provide: ConversationsApi, useValue: { ...api, list: api.list, thread: api.thread, markRead: api.markRead, options: api.getOptions, send: api.send, follow: api.follow } }] });
    store = TestBed.inject(ConversationsStore);
  });
  afterEach(() => store.disconnect());

  it('asks for the filters people chose, and starts again from the first page when they change', async () => {
    api.pages.push({ items: [conversation()], nextCursor: 'next' }, { items: [conversation({ id: 's2', leadName: 'Eli' })], nextCursor: null });
    await store.load();
    await store.more();
    expect(store.items().map((c) => c.leadName)).toEqual(['Dana Diaz', 'Eli']);
    expect(api.queries[1]).toMatchObject({ cursor: 'next' });
    api.pages.push({ items: [], nextCursor: null });
    await store.setFilters({ channel: 'email', mine: true, waiting: true, mode: 'human' });
    expect(api.queries[2]).toEqual({ limit: 30, channel: 'email', mine: true, waiting: true, mode: 'human' });
    expect(store.items()).toEqual([]);
  });

  it('opening a conversation with unread messages marks it read and clears its count in the list', async () => {
    const c = conversation();
    api.pages.push({ items: [c], nextCursor: null });
    await store.load();
    api.threads.push(threadOf(c));
    await store.select('s1');
    expect(api.reads).toEqual(['s1']);
    expect(store.items()[0].unread).toBe(0);
    expect(store.thread()?.conversation.leadName).toBe('Dana Diaz');
  });

  it('offers the approved templates when WhatsApp’s 24-hour window is closed', async () => {
    api.threads.push(threadOf(conversation({ unread: 0 })));
    await store.select('s1');
    expect(api.optionsFor).toEqual(['l1']);
    expect(store.options()?.whatsappWindow.open).toBe(false);
    expect(store.options()?.templates.map((t) => t.name)).toEqual(['follow_up']);
  });

  it('a change on the live feed brings the new message into the list and the open thread without a reload', async () => {
    const c = conversation({ unread: 0 });
    api.pages.push({ items: [c], nextCursor: null });
    await store.load();
    api.threads.push(threadOf(c));
    await store.select('s1');
    store.connect();
    api.feed.push({ event: 'ready', data: '{}' });
    api.pages.push({ items: [conversation({ unread: 0 })], nextCursor: null });
    api.threads.push(threadOf(conversation({ unread: 0 })));
    await settle();
    expect(store.live()).toBe(true);
    const fresh = conversation({ unread: 1, lastMessage: { from: 'lead', preview: 'Can I see it Saturday?', delivery: null } });
    api.pages.push({ items: [fresh], nextCursor: null });
    api.threads.push(threadOf(fresh, [{ id: 'm9', from: 'lead', authorName: null, text: 'Can I see it Saturday?', subject: null, at: '2026-12-04T10:05:00Z', delivery: null, deliveryError: null, held: null, failed: false }]));
    api.feed.push({ event: 'changed', data: JSON.stringify({ sessionId: 's1', leadId: 'l1' }) });
    await settle();
    expect(store.thread()?.messages.map((m) => m.text)).toEqual(['Can I see it Saturday?']);
    // It is open in front of the person: it is read at once.
    expect(api.reads).toEqual(['s1']);
    expect(store.items()[0].unread).toBe(0);
  });

  it('what arrives in the open thread while the tab is hidden stays unread until the person is back', async () => {
    const c = conversation({ unread: 0 });
    api.threads.push(threadOf(c));
    await store.select('s1');
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    api.pages.push({ items: [conversation({ unread: 1 })], nextCursor: null });
    api.threads.push(threadOf(conversation({ unread: 1 })));
    await store.changed('s1');
    expect(api.reads).toEqual([]);
    expect(store.items()[0].unread).toBe(1);
    visibility.mockReturnValue('visible');
    api.threads.push(threadOf(conversation({ unread: 1 })));
    await store.seen();
    expect(api.reads).toEqual(['s1']);
    expect(store.items()[0].unread).toBe(0);
    visibility.mockRestore();
  });

  it('a refused message comes back in the server’s words', async () => {
    api.threads.push(threadOf(conversation({ unread: 0 })), threadOf(conversation({ unread: 0 })));
    await store.select('s1');
    expect(await store.send({ channel: 'whatsapp', text: 'Hello' })).toBe(false);
    expect(store.actionError()).toBe('Not sent on WhatsApp: Dana Diaz asked not to be contacted');
    expect(api.sent).toEqual([{ leadId: 'l1', body: { channel: 'whatsapp', text: 'Hello' } }]);
  });

  it('shows the feed as down when it ends', async () => {
    store.connect();
    api.feed.push({ event: 'ready', data: '{}' });
    await settle();
    expect(store.live()).toBe(true);
    api.feed.end();
    await settle();
    expect(store.live()).toBe(false);
  });
});
