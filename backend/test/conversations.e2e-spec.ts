import { AgentSessionsService } from '../src/agent/sessions.service';
import { MessagingService } from '../src/messaging/messaging.service';
import { createAgent, createTestApp, login, TestApp } from './harness';

/**
 * The Conversations page's API through the real Fastify app on a real database: the list across
 * channels with its filters, who sees what, unread counts that move when someone opens a thread,
 * the thread's ticks and refusals, and the live feed (PostgreSQL LISTEN/NOTIFY over real HTTP).
 */
describe('Conversations', () => {
  let t: TestApp;
  let admin: string;
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };
  let seq = 0;
  const leads: Record<'alice' | 'bob' | 'pool' | 'mail', string> = { alice: '', bob: '', pool: '', mail: '' };

  const createLead = async (name: string, assigneeId: string | null, contact: Record<string, string> = {}) => {
    const res = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name, ...contact }, source: 'phone', ...(assigneeId ? { assigneeId } : {}) } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** The lead writes on a channel, exactly as the WhatsApp and inbound-mail handlers record it. */
  const inbound = (leadId: string, channel: 'whatsapp' | 'email', content: string) =>
    t.db.transaction((tx) =>
      t.app.get(AgentSessionsService).recordChannelMessage({ leadId, channel, externalId: `ext-${++seq}`, content, data: { type: 'text', ...(channel === 'email' ? { subject: 'The Ballard condo' } : {}) }, sentAt: null }, tx),
    );
  const list = (token: string, query = '') => t.request({ method: 'GET', url: `/api/conversations${query}`, token });
  const names = (body: { items: { leadName: string }[] }) => body.items.map((c) => c.leadName);

  beforeAll(async () => {
    t = await createTestApp({ QUIET_HOURS: '00:00-00:00' });
    admin = await login(t);
    alice = await createAgent(t, admin, 'Alice Agent');
    bob = await createAgent(t, admin, 'Bob Broker');
    leads.alice = await createLead('Dana Alice-Lead', alice.id, { phone: '+12065550111' });
    leads.bob = await createLead('Erin Bob-Lead', bob.id, { phone: '+12065550122' });
    leads.pool = await createLead('Finn Pool-Lead', null, { phone: '+12065550133' });
    leads.mail = await createLead('Gus Mail-Lead', alice.id, { email: 'gus@example.com' });
    // A web chat with the assistant on Alice's lead: the lead writes, the assistant answers.
    const session = await t.request({ method: 'POST', url: '/api/agent/session', token: admin, body: { leadId: leads.alice } });
    expect((await t.request({ method: 'POST', url: '/api/agent/turn', token: admin, body: { sessionId: session.body.sessionId, message: 'Hi, I want a 2 bedroom condo in Ballard' } })).status).toBe(200);
    await inbound(leads.bob, 'whatsapp', 'Is the Fremont house still available?');
    await inbound(leads.pool, 'whatsapp', 'Hello?');
    await inbound(leads.pool, 'whatsapp', 'Anyone there?');
    await inbound(leads.mail, 'email', 'Can I see it on Saturday?');
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await t.close();
  });

  it('opens a conversation nobody has written in yet (it is not listed, but its link works)', async () => {
    const session = await t.request({ method: 'POST', url: '/api/agent/session', token: admin, body: { leadId: leads.alice } });
    const res = await t.request({ method: 'GET', url: `/api/conversations/${session.body.sessionId}`, token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body.messages).toEqual([]);
    expect(res.body.conversation).toMatchObject({ leadName: 'Dana Alice-Lead', lastMessage: null });
  });

  it('lists every conversation newest first, with channel, last message and who wrote last', async () => {
    const res = await list(admin);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(['Gus Mail-Lead', 'Finn Pool-Lead', 'Erin Bob-Lead', 'Dana Alice-Lead']);
    const [mail, pool, , web] = res.body.items;
    expect(mail).toMatchObject({ channel: 'email', waiting: true, unread: 1, lastMessage: { from: 'lead', preview: 'Can I see it on Saturday?' }, assignee: { name: 'Alice Agent' } });
    expect(pool).toMatchObject({ channel: 'whatsapp', unread: 2, assignee: null, mode: 'ai' });
    expect(web).toMatchObject({ channel: 'web', waiting: false, unread: 1, lastMessage: { from: 'assistant' } });
  });

  it('an agent sees their own leads’ conversations and the pool’s, never another agent’s', async () => {
    expect(names((await list(alice.token)).body)).toEqual(['Gus Mail-Lead', 'Finn Pool-Lead', 'Dana Alice-Lead']);
    expect(names((await list(bob.token)).body)).toEqual(['Finn Pool-Lead', 'Erin Bob-Lead']);
    const bobs = (await list(admin, '?channel=whatsapp')).body.items.find((c: { leadName: string }) => c.leadName === 'Erin Bob-Lead');
    expect((await t.request({ method: 'GET', url: `/api/conversations/${bobs.id}`, token: alice.token })).status).toBe(404);
    expect((await t.request({ method: 'POST', url: `/api/conversations/${bobs.id}/read`, token: alice.token })).status).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/conversations/${bobs.id}`, token: bob.token })).status).toBe(200);
  });

  it('filters by channel, by “assigned to me”, by “waiting for us” and by assistant or person', async () => {
    expect(names((await list(admin, '?channel=whatsapp')).body)).toEqual(['Finn Pool-Lead', 'Erin Bob-Lead']);
    expect(names((await list(admin, '?channel=email')).body)).toEqual(['Gus Mail-Lead']);
    expect(names((await list(admin, '?channel=web')).body)).toEqual(['Dana Alice-Lead']);
    expect(names((await list(alice.token, '?mine=true')).body)).toEqual(['Gus Mail-Lead', 'Dana Alice-Lead']);
    expect(names((await list(admin, '?waiting=true')).body)).toEqual(['Gus Mail-Lead', 'Finn Pool-Lead', 'Erin Bob-Lead']);
    const pool = (await list(bob.token, '?channel=whatsapp')).body.items[0];
    expect((await t.request({ method: 'POST', url: `/api/agent/sessions/${pool.id}/takeover`, token: bob.token })).status).toBe(200);
    const held = await list(admin, '?mode=human');
    expect(held.body.items).toHaveLength(1);
    expect(held.body.items[0]).toMatchObject({ leadName: 'Finn Pool-Lead', mode: 'human', heldBy: { name: 'Bob Broker' } });
    expect(names((await list(admin, '?mode=ai')).body)).toEqual(['Gus Mail-Lead', 'Erin Bob-Lead', 'Dana Alice-Lead']);
    expect((await t.request({ method: 'POST', url: `/api/agent/sessions/${pool.id}/release`, token: bob.token })).status).toBe(200);
  });

  it('pages with a cursor and refuses a bad one or a bad filter with a 400', async () => {
    const first = await list(admin, '?limit=3');
    expect(first.body.items).toHaveLength(3);
    const second = await list(admin, `?limit=3&cursor=${first.body.nextCursor}`);
    expect(names(second.body)).toEqual(['Dana Alice-Lead']);
    expect(second.body.nextCursor).toBeNull();
    expect((await list(admin, '?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await list(admin, '?channel=pigeon')).status).toBe(400);
    expect((await list(admin, '?limit=0')).status).toBe(400);
  });

  it('unread counts drop for the whole team when someone opens the thread, and count what the lead writes after', async () => {
    const poolOf = async (token: string) => (await list(token, '?channel=whatsapp')).body.items.find((c: { leadName: string }) => c.leadName === 'Finn Pool-Lead');
    const before = await poolOf(admin);
    expect(before.unread).toBe(2);
    expect((await t.request({ method: 'POST', url: `/api/conversations/${before.id}/read`, token: bob.token })).status).toBe(204);
    expect((await poolOf(admin)).unread).toBe(0);
    expect((await poolOf(alice.token)).readAt).not.toBeNull();
    await inbound(leads.pool, 'whatsapp', 'I found another agent, never mind');
    expect((await poolOf(alice.token)).unread).toBe(1);
    expect((await poolOf(bob.token)).unread).toBe(1);
  });

  it('a thread shows delivery ticks and the messages the send rules refused, with why', async () => {
    const conv = (await list(admin, '?channel=whatsapp')).body.items.find((c: { leadName: string }) => c.leadName === 'Erin Bob-Lead');
    const sent = await t.request({ method: 'POST', url: `/api/leads/${leads.bob}/outbound`, token: bob.token, body: { channel: 'whatsapp', text: 'Yes, it is! Want to see it?' } });
    expect(sent.status).toBe(201);
    const before = await t.request({ method: 'GET', url: `/api/conversations/${conv.id}`, token: bob.token });
    const mine = before.body.messages.at(-1);
    expect(mine).toMatchObject({ from: 'person', authorName: 'Bob Broker', text: 'Yes, it is! Want to see it?', delivery: null, held: null });
    // The channel accepts it and the phone reports it read (what the outbox worker and the status webhook do).
    const sessions = t.app.get(AgentSessionsService);
    await t.db.transaction((tx) => sessions.setChannelId(mine.id, 'wamid.OUT1', tx));
    await t.db.transaction((tx) => sessions.applyDeliveryStatus('wamid.OUT1', 'read', new Date(), null, tx));
    await t.db.query(`UPDATE contacts SET opted_out_at = now() WHERE id = (SELECT contact_id FROM leads WHERE id = $1)`, [leads.bob]);
    expect((await t.request({ method: 'POST', url: `/api/leads/${leads.bob}/outbound`, token: bob.token, body: { channel: 'whatsapp', text: 'Are you still there?' } })).status).toBe(409);
    const thread = await t.request({ method: 'GET', url: `/api/conversations/${conv.id}`, token: bob.token });
    expect(thread.status).toBe(200);
    expect(thread.body.conversation).toMatchObject({ channel: 'whatsapp', leadName: 'Erin Bob-Lead' });
    expect(thread.body.contact).toMatchObject({ phone: '+12065550122', optedOut: true });
    expect(thread.body.messages.map((m: { from: string; delivery: string | null }) => [m.from, m.delivery])).toEqual([
      ['lead', null],
      ['person', 'read'],
    ]);
    expect(thread.body.refused).toHaveLength(1);
    expect(thread.body.refused[0]).toMatchObject({ rule: 'opted_out', text: 'Are you still there?' });
    expect(thread.body.refused[0].reason).toMatch(/opted out|not to be contacted|asked/i);
  });

  it('streams a change to an open page when a lead writes, only to people who may see that lead', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    const follow = async (token: string) => {
      const abort = new AbortController();
      const res = await fetch(`http://127.0.0.1:${address.port}/api/conversations/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      /** Reads until `until` holds for what arrived (the test's own timeout ends a stream that never does). */
      const readUntil = async (until: (text: string) => boolean) => {
        while (!until(text)) text += decoder.decode((await reader.read()).value, { stream: true });
        return text;
      };
      await readUntil((s) => s.includes('event: ready'));
      return { readUntil, close: () => abort.abort() };
    };
    const aliceFeed = await follow(alice.token);
    const bobFeed = await follow(bob.token);
    const bobs = await inbound(leads.bob, 'whatsapp', 'Hello again');
    const alices = await inbound(leads.mail, 'email', 'Saturday at 10 works');
    // Notifications arrive in commit order: once Alice's own change is in, Bob's would have come before it.
    const seen = await aliceFeed.readUntil((s) => s.includes(alices.sessionId));
    expect(seen).toContain('event: changed');
    expect(seen).not.toContain(bobs.sessionId);
    expect(await bobFeed.readUntil((s) => s.includes(bobs.sessionId))).not.toContain(alices.sessionId);
    aliceFeed.close();
    bobFeed.close();
  });

  it('a failed delivery shows the channel’s reason on the message', async () => {
    const conv = (await list(admin, '?channel=whatsapp')).body.items.find((c: { leadName: string }) => c.leadName === 'Finn Pool-Lead');
    expect((await t.request({ method: 'POST', url: `/api/leads/${leads.pool}/outbound`, token: admin, body: { channel: 'whatsapp', text: 'Still looking?' } })).status).toBe(201);
    const mine = (await t.request({ method: 'GET', url: `/api/conversations/${conv.id}`, token: admin })).body.messages.at(-1);
    const sessions = t.app.get(AgentSessionsService);
    await t.db.transaction((tx) => sessions.setChannelId(mine.id, 'wamid.OUT2', tx));
    await t.db.transaction((tx) => sessions.applyDeliveryStatus('wamid.OUT2', 'failed', new Date(), [{ code: 131026, title: 'Message undeliverable' }], tx));
    const after = (await t.request({ method: 'GET', url: `/api/conversations/${conv.id}`, token: admin })).body.messages.at(-1);
    expect(after).toMatchObject({ text: 'Still looking?', delivery: 'failed', deliveryError: 'Message undeliverable (131026)' });
  });

  it('tells whether WhatsApp’s 24-hour window is open and offers the approved templates for when it is not', async () => {
    const open = await t.request({ method: 'GET', url: `/api/leads/${leads.pool}/outbound/options`, token: alice.token });
    expect(open.status).toBe(200);
    expect(open.body.whatsappWindow.open).toBe(true);
    expect(Date.parse(open.body.whatsappWindow.closesAt)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const closed = await t.request({ method: 'GET', url: `/api/leads/${leads.alice}/outbound/options`, token: alice.token });
    expect(closed.body.whatsappWindow).toEqual({ open: false, closesAt: null });
    expect(closed.body.templates.map((tpl: { name: string }) => tpl.name)).toContain('follow_up');
    expect(closed.body.templates.find((tpl: { name: string }) => tpl.name === 'follow_up').parameters).toEqual(['name', 'agent']);
    expect((await t.request({ method: 'GET', url: `/api/leads/${leads.bob}/outbound/options`, token: alice.token })).status).toBe(404);
  });

  it('answers 401 without a token', async () => {
    expect((await t.request({ method: 'GET', url: '/api/conversations' })).status).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/conversations/events' })).status).toBe(401);
  });

  it('shutting the API down ends open live feeds instead of waiting for them forever', async () => {
    const address = t.app.getHttpServer().address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${address.port}/api/conversations/events`, { headers: { authorization: `Bearer ${admin}` } });
    const reader = res.body!.getReader();
    closed = true;
    const closing = t.close();
    let done = false;
    while (!done) done = (await reader.read()).done;
    await closing;
    expect(done).toBe(true);
  });
});

describe('Conversations: a message the send rules hold', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('shows until when and why, in the lead’s thread', async () => {
    // Quiet hours around the present moment (UTC), so an automated message now is held.
    const hh = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
    const hour = new Date().getUTCHours();
    t = await createTestApp({ QUIET_HOURS: `${hh(hour - 1)}-${hh(hour + 2)}` });
    const admin = await login(t);
    const created = await t.request({ method: 'POST', url: '/api/leads', token: admin, body: { contact: { name: 'Hana Held', phone: '+12065550144', timezone: 'UTC' }, source: 'phone' } });
    const leadId = created.body.id as string;
    const { sessionId } = await t.db.transaction((tx) =>
      t.app.get(AgentSessionsService).recordChannelMessage({ leadId, channel: 'whatsapp', externalId: 'ext-held-1', content: 'Send me new listings', data: { type: 'text' }, sentAt: null }, tx),
    );
    // She wrote an hour ago: a message now is not a reply to her, so quiet hours apply.
    await t.db.query(`UPDATE messages SET created_at = now() - interval '1 hour' WHERE lead_id = $1`, [leadId]);
    const messaging = t.app.get(MessagingService);
    const q = await t.db.transaction((tx) => messaging.queue({ leadId, channel: 'whatsapp', origin: 'system', authorId: null, kind: 'text', text: 'Two new homes in Ballard', key: 'digest:held-1' }, tx));
    expect(q.decision.verdict).toBe('hold');
    const thread = await t.request({ method: 'GET', url: `/api/conversations/${sessionId}`, token: admin });
    const held = thread.body.messages.at(-1);
    expect(held).toMatchObject({ from: 'assistant', text: 'Two new homes in Ballard', delivery: null });
    expect(held.held.until).toBe(q.decision.notBefore!.toISOString());
    expect(held.held.reason).toMatch(/^Held until .*quiet hours/);
    expect(thread.body.refused).toEqual([]);
  });
});
