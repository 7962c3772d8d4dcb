import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { SessionDto } from '../api/models/session-dto';
import { SessionSummaryDto } from '../api/models/session-summary-dto';
import { TurnEvent } from './agent-events';
import { AgentApi, TurnHttpError } from './agent-api';
import { storedMessage } from './chat-fixture';
import { bubblesFrom, ChatStore } from './chat-store';

const session = (overrides: Partial<SessionDto> = {}): SessionDto => ({
  id: 's1',
  leadId: 'l1',
  channel: 'web',
  mode: 'ai',
  heldBy: null,
  createdAt: '2026-11-26T10:00:00Z',
  lastMessageAt: null,
  messages: [],
  ...overrides,
});

const msg = storedMessage;

const unit = { id: 'u1', title: '3-bed house in Ballard', price: 850000, currency: 'USD', bedrooms: 3, bathrooms: 2, city: 'Seattle', area: 'Ballard', why: ['3+ bedrooms', 'under $900,000'] };

/** A stand-in for the agent API whose turn plays back the given events. */
class FakeAgentApi {
  events: TurnEvent[] = [];
  failAfter: number | null = null;
  stored = session();
  turnError: Error | null = null;
  getSession = (): Promise<SessionDto> => Promise.resolve(this.stored);
  startedFor: (string | undefined)[] = [];
  sessionsOfLead: SessionSummaryDto[] = [];
  startSession = (leadId?: string) => {
    this.startedFor.push(leadId);
    return Promise.resolve({ sessionId: this.stored.id, leadId: leadId ?? 'l1' });
  };
  listSessions = () => Promise.resolve(this.sessionsOfLead);
  takeOver = () => Promise.resolve(session({ mode: 'human', heldBy: { id: 'me', name: 'Maria' } }));
  release = () => Promise.resolve(session());
  reply = () => Promise.resolve({});
  async *turn(): AsyncGenerator<TurnEvent> {
    if (this.turnError) throw this.turnError;
    let n = 0;
    for (const e of this.events) {
      if (this.failAfter !== null && n++ >= this.failAfter) throw new TypeError('network error');
      await Promise.resolve();
      yield e;
    }
  }
}

describe('ChatStore', () => {
  let store: ChatStore;
  let api: FakeAgentApi;

  beforeEach(async () => {
    api = new FakeAgentApi();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), ChatStore, { provide: AgentApi, useValue: api }] });
    store = TestBed.inject(ChatStore);
    await store.open('s1');
  });

  it('streams the reply into one bubble, with the tool call shown as a pill holding unit cards', async () => {
    api.events = [
      { event: 'session', data: { sessionId: 's1', leadId: 'l1' } },
      { event: 'token', data: { delta: 'Let me ' } },
      { event: 'tool_call', data: { id: 't1', name: 'inventory_search', args: { q: '3 bed Ballard' } } },
      { event: 'tool_result', data: { id: 't1', name: 'inventory_search', ok: true, summary: '1 unit found', data: { units: [unit] } } },
      { event: 'token', data: { delta: 'show you a home.' } },
      { event: 'score', data: { score: 64, breakdown: [] } },
      { event: 'done', data: { messageId: 'm9', usage: null, handledBy: 'ai' } },
    ];
    await store.sendAsLead('Any 3 bed in Ballard?');
    const [question, reply] = store.bubbles();
    expect(question).toMatchObject({ role: 'lead', text: 'Any 3 bed in Ballard?' });
    expect(reply).toMatchObject({ id: 'm9', role: 'assistant', text: 'Let me show you a home.', streaming: false });
    expect(reply.tools).toHaveLength(1);
    expect(reply.tools[0]).toMatchObject({ name: 'inventory_search', state: 'ok', summary: '1 unit found' });
    expect(reply.tools[0].units[0]).toMatchObject({ title: '3-bed house in Ballard', why: ['3+ bedrooms', 'under $900,000'] });
    expect(store.lastScore()?.score).toBe(64);
    expect(store.stream()).toBe('idle');
  });

  it('after a dropped stream, shows the finished reply the server stored', async () => {
    api.events = [
      { event: 'token', data: { delta: 'Hel' } },
      { event: 'token', data: { delta: 'lo' } },
    ];
    api.failAfter = 1;
    api.stored = session({
      messages: [
        msg({ id: 'q1', role: 'lead', content: 'Hi' }),
        msg({ id: 'a1', role: 'assistant', content: 'Hello! How can I help?' }),
      ],
    });
    await store.sendAsLead('Hi');
    expect(store.stream()).toBe('idle');
    expect(store.bubbles().map((b) => [b.role, b.text])).toEqual([
      ['lead', 'Hi'],
      ['assistant', 'Hello! How can I help?'],
    ]);
  });

  it('says when a person holds the conversation instead of showing an empty reply', async () => {
    api.events = [
      { event: 'session', data: { sessionId: 's1', leadId: 'l1' } },
      { event: 'done', data: { messageId: 'q2', usage: null, handledBy: 'human' } },
    ];
    await store.sendAsLead('Hello?');
    expect(store.bubbles().map((b) => b.role)).toEqual(['lead']);
    expect(store.notice()).toContain('A person is handling this conversation');
  });

  it('shows a refused turn in the server’s words and takes the message back', async () => {
    api.turnError = new TurnHttpError(409, 'This conversation is held by Maria');
    await store.sendAsLead('Hi');
    expect(store.error()).toBe('This conversation is held by Maria');
    expect(store.bubbles()).toEqual([]);
  });

  it('lists the lead’s conversations newest first and starts another one', async () => {
    const summary = (id: string, createdAt: string): SessionSummaryDto => ({ id, leadId: 'l1', channel: 'web', mode: 'ai', heldBy: null, createdAt, lastMessageAt: null });
    api.sessionsOfLead = [summary('s1', '2026-11-20T09:00:00Z'), summary('s0', '2026-11-01T09:00:00Z'), summary('s2', '2026-11-25T09:00:00Z')];
    api.stored = session({ messages: [msg({ id: 'm1', role: 'lead', content: 'Hello' })] });
    await store.open('s1');
    expect(store.sessions().map((s) => s.id)).toEqual(['s2', 's1', 's0']);
    expect(store.bubbles()).toHaveLength(1);

    api.stored = session({ id: 's3', createdAt: '2026-11-26T11:00:00Z' });
    api.sessionsOfLead = [...api.sessionsOfLead, summary('s3', '2026-11-26T11:00:00Z')];
    await expect(store.startAnother()).resolves.toBe('s3');
    expect(api.startedFor).toEqual(['l1']);
    expect(store.session()?.id).toBe('s3');
    expect(store.bubbles()).toEqual([]);
    expect(store.sessions()[0].id).toBe('s3');
  });

  it('still shows the conversation when its list cannot be read', async () => {
    api.listSessions = () => Promise.reject(new Error('503'));
    api.stored = session({ messages: [msg({ id: 'm1', role: 'lead', content: 'Hello' })] });
    await store.open('s1');
    expect(store.error()).toBeNull();
    expect(store.bubbles()).toHaveLength(1);
    expect(store.sessions()).toEqual([]);
  });

  it('takes over and releases the conversation', async () => {
    await store.takeOver();
    expect(store.session()?.mode).toBe('human');
    expect(store.session()?.heldBy?.name).toBe('Maria');
    await store.release();
    expect(store.session()?.mode).toBe('ai');
  });
});

describe('bubblesFrom', () => {
  it('attaches stored tool results to the assistant reply that follows them', () => {
    const bubbles = bubblesFrom([
      msg({ id: '1', role: 'lead', content: 'Looking for a condo' }),
      msg({ id: '2', role: 'assistant', content: '', toolCalls: [{ id: 't', name: 'inventory_search', args: {} }] }),
      msg({ id: '3', role: 'tool', content: '', toolName: 'inventory_search', toolCallId: 't', data: { ok: true, summary: '2 units', data: { units: [unit, { ...unit, id: 'u2' }] } } }),
      msg({ id: '4', role: 'assistant', content: 'Here are two condos.' }),
      msg({ id: '5', role: 'human', content: 'Maria here, happy to help.' }),
    ]);
    expect(bubbles.map((b) => [b.role, b.text, b.tools.length])).toEqual([
      ['lead', 'Looking for a condo', 0],
      ['assistant', 'Here are two condos.', 1],
      ['human', 'Maria here, happy to help.', 0],
    ]);
    expect(bubbles[1].tools[0]).toMatchObject({ name: 'inventory_search', state: 'ok', summary: '2 units' });
    expect(bubbles[1].tools[0].units.map((u) => u.id)).toEqual(['u1', 'u2']);
  });
});

describe('ChatStore following a hand-off', () => {
  it('shows who holds the conversation when a colleague takes it over, without a reload', async () => {
    const api = new FakeAgentApi();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), ChatStore, { provide: AgentApi, useValue: api }] });
    const store = TestBed.inject(ChatStore);
    await store.open('s1');
    expect(store.session()?.mode).toBe('ai');

    api.stored = session({ mode: 'human', heldBy: { id: 'tom', name: 'Tom Agent' }, messages: [msg({ id: 'h1', role: 'human', content: 'Hi, Tom here' })] });
    await store.catchUp();
    expect(store.session()?.heldBy?.name).toBe('Tom Agent');
    expect(store.notice()).toBe('Tom Agent has taken this conversation over.');
    expect(store.bubbles().map((b) => b.text)).toEqual(['Hi, Tom here']);

    api.stored = session({ messages: api.stored.messages });
    await store.catchUp();
    expect(store.session()?.mode).toBe('ai');
    expect(store.notice()).toBe('The conversation is back with the assistant.');
  });
});
