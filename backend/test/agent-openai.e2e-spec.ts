import { createTestApp, login, TestApp } from './harness';
import { ChatRequestBody, FakeOpenAiChat, parseSse, ScriptedReply, startFakeOpenAiChat } from '../bench/fake-openai-chat';
import { SYSTEM_PREFIX } from '../src/agent/prompt';

/**
 * The OpenAI-compatible provider, through the real `openai` client over real HTTP, against a local
 * stand-in server that streams text and tool calls the way the chat-completions API does
 * (fake-openai-chat.ts). NO LIVE MODEL WAS CALLED: OpenAI is not reachable from this machine.
 */
describe('AI agent (OpenAI-compatible provider, local stand-in server)', () => {
  let t: TestApp;
  let admin: string;
  let fake: FakeOpenAiChat;
  let unitId: string;

  const lastUser = (req: ChatRequestBody) => [...req.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const toolResults = (req: ChatRequestBody) => req.messages.slice(req.messages.map((m) => m.role).lastIndexOf('user') + 1).filter((m) => m.role === 'tool');

  /** A model that records what it is told: profile first, then search, then a short answer. */
  const scripted = (req: ChatRequestBody): ScriptedReply => {
    const text = lastUser(req);
    const results = toolResults(req);
    if (text.includes('fail please')) return { status: 500 };
    if (text.includes('be slow')) return { delayMs: 3000 };
    if (text.includes('stream slowly')) return results.length ? { text: 'Here is a long and slow answer that takes its time to arrive word by word.', chunkDelayMs: 25 } : { toolCalls: [{ name: 'update_lead_profile', args: { facts: [{ field: 'bedrooms', value: 2, quote: '2 bedrooms', confidence: 0.9 }] } }], chunkDelayMs: 25 };
    if (text.includes('meanwhile')) return results.length ? { text: 'Noted.', delayMs: 300 } : { toolCalls: [{ name: 'update_lead_profile', args: { facts: [{ field: 'purpose', value: 'buy', quote: 'buy', confidence: 0.9 }, { field: 'bedrooms', value: 3, quote: '3 bedroom', confidence: 0.9 }, { field: 'locations', value: ['Kirkland'], quote: 'Kirkland', confidence: 0.9 }] } }] };
    if (text.includes('other lead')) return results.length ? { text: 'Done.' } : { toolCalls: [{ name: 'update_lead_profile', args: { leadId: text.split(' ').pop(), facts: [{ field: 'budgetMax', value: 1, quote: 'other lead', confidence: 1 }] } }] };
    if (results.length === 0) {
      return {
        text: 'Let me note that. ',
        toolCalls: [
          { name: 'normalize_budget', args: { text: 'up to $1.3M' } },
          { name: 'update_lead_profile', args: { facts: [{ field: 'purpose', value: 'buy', quote: 'buy', confidence: 0.95 }, { field: 'bedrooms', value: 3, quote: '3 bedroom', confidence: 0.9 }, { field: 'locations', value: ['Kirkland'], quote: 'Kirkland', confidence: 0.9 }] } },
        ],
      };
    }
    if (results.length === 2) return { toolCalls: [{ name: 'inventory_search', args: { purpose: 'buy', locations: ['Kirkland'], bedsMin: 3, priceMax: 1300000 } }] };
    return { text: 'I found a lovely home in Kirkland. Would you like to see it?' };
  };

  beforeAll(async () => {
    fake = await startFakeOpenAiChat(scripted);
    t = await createTestApp({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url, AGENT_PROVIDER: 'openai', OPENAI_MODEL: 'gpt-test', AGENT_TURN_TIMEOUT_MS: '1500', OPENAI_PRICES: '1,0.5,2' });
    admin = await login(t);
    const res = await t.request({ method: 'POST', url: '/api/inventory', token: admin, body: { ref: 'K-9', title: 'Kirkland house with garden', description: 'Three bedrooms and a garden.', type: 'house', purpose: 'sale', city: 'Kirkland', area: 'Juanita', price: 1_100_000, bedrooms: 3, bathrooms: 2, features: [] } });
    unitId = res.body.id;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const newSession = async () => (await t.request({ method: 'POST', url: '/api/agent/session', token: admin, body: {} })).body as { sessionId: string; leadId: string };
  const turn = async (sessionId: string, message: string) => {
    const res = await t.request({ method: 'POST', url: '/api/agent/turn', token: admin, body: { sessionId, message } });
    expect(res.status).toBe(200);
    return parseSse(typeof res.body === 'string' ? res.body : JSON.stringify(res.body));
  };

  it('streams text and tool calls in the same event sequence as the local provider', async () => {
    const { sessionId, leadId } = await newSession();
    const evs = await turn(sessionId, 'I want to buy a 3 bedroom house in Kirkland, up to $1.3M');
    const seq = evs.map((e) => e.event);
    expect(seq[0]).toBe('session');
    expect(seq[seq.length - 1]).toBe('done');
    expect(evs.filter((e) => e.event === 'tool_call').map((e) => e.data.name)).toEqual(['normalize_budget', 'update_lead_profile', 'inventory_search']);
    // Tool arguments arrived in fragments and were put back together.
    expect(evs.find((e) => e.event === 'tool_call' && e.data.name === 'inventory_search')!.data.args).toEqual({ purpose: 'buy', locations: ['Kirkland'], bedsMin: 3, priceMax: 1300000 });
    const search = evs.find((e) => e.event === 'tool_result' && e.data.name === 'inventory_search')!.data;
    expect(search.data.units.map((u: { id: string }) => u.id)).toEqual([unitId]);
    expect(seq.indexOf('profile')).toBeGreaterThan(seq.lastIndexOf('tool_result'));
    expect(seq.indexOf('score')).toBeGreaterThan(seq.indexOf('profile'));
    const text = evs.filter((e) => e.event === 'token').map((e) => e.data.delta).join('');
    expect(text).toBe('Let me note that. I found a lovely home in Kirkland. Would you like to see it?');
    // Usage as the server reported it (three calls), priced with OPENAI_PRICES.
    const done = evs[evs.length - 1].data;
    expect(done.usage).toMatchObject({ model: 'openai:gpt-test', promptTokens: 3600, completionTokens: 120, cachedTokens: 3072 });
    expect(done.usage.costUsd).toBeCloseTo(((3600 - 3072) * 1 + 3072 * 0.5 + 120 * 2) / 1e6, 6);
    const detail = (await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: admin })).body;
    expect(detail.profile).toMatchObject({ purpose: 'buy', bedrooms: 3, locations: ['Kirkland'] });
    // The model was sent the tools, the stable prefix first, and streamed with usage.
    const first = fake.requests[fake.requests.length - 3];
    expect(first.stream).toBe(true);
    expect(first.stream_options).toEqual({ include_usage: true });
    expect(first.messages[0]).toEqual({ role: 'system', content: SYSTEM_PREFIX });
    expect(first.tools?.map((x) => x.function.name).sort()).toEqual(['create_task', 'handoff_to_human', 'inventory_search', 'normalize_budget', 'schedule_viewing', 'unit_details', 'update_lead_profile']);
    // The second call carries the tool results, each answering its call id.
    const second = fake.requests[fake.requests.length - 2];
    const calls = second.messages.find((m) => m.role === 'assistant' && m.tool_calls)!.tool_calls!;
    expect(second.messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id)).toEqual(calls.map((c) => c.id));
  });

  it('remembers earlier turns and keeps the cacheable prefix identical across leads', async () => {
    const a = await newSession();
    await turn(a.sessionId, 'I want to buy a 3 bedroom house in Kirkland, up to $1.3M');
    await turn(a.sessionId, 'what about schools?');
    const last = fake.requests[fake.requests.length - 1];
    expect(last.messages.some((m) => m.role === 'user' && m.content?.includes('3 bedroom house'))).toBe(true);
    expect(last.messages[1].content).toMatch(/Known: purpose: buy/);
    const b = await newSession();
    await turn(b.sessionId, 'hello');
    expect(fake.requests[fake.requests.length - 1].messages[0]).toEqual(last.messages[0]);
  });

  it('tells the model about the coming viewing, even when an older booking has passed', async () => {
    const a = await newSession();
    const insert = (sql: string) => t.db.query(`INSERT INTO viewings (lead_id, unit_id, starts_at, ends_at, timezone, booked_by) VALUES ($1, $2, ${sql}, ${sql} + interval '45 minutes', 'America/Los_Angeles', 'ai')`, [a.leadId, unitId]);
    await insert(`now() - interval '3 days'`); // passed, never marked held
    await insert(`date_trunc('hour', now()) + interval '2 days'`);
    await turn(a.sessionId, 'hello');
    const summary = fake.requests[fake.requests.length - 1].messages[1].content ?? '';
    const [coming] = await t.db.query(`SELECT starts_at FROM viewings WHERE lead_id = $1 AND starts_at > now()`, [a.leadId]);
    expect(summary).toContain(`Viewing booked: unit ${unitId}`);
    const local = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(coming.starts_at));
    expect(summary).toContain(local);
  });

  it('a provider 5xx ends in an error event: the message kept, the profile untouched', async () => {
    const { sessionId, leadId } = await newSession();
    const before = (await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: admin })).body.profile;
    const evs = await turn(sessionId, 'fail please, I want 4 bedrooms');
    expect(evs.map((e) => e.event)).toEqual(['session', 'error']);
    expect(evs[1].data.code).toBe('provider_error');
    const session = (await t.request({ method: 'GET', url: `/api/agent/sessions/${sessionId}`, token: admin })).body;
    expect(session.messages.map((m: { role: string; status: string }) => [m.role, m.status])).toEqual([
      ['lead', 'delivered'],
      ['assistant', 'failed'],
    ]);
    expect((await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: admin })).body.profile).toEqual(before);
  });

  it('a provider that does not answer in time ends in a provider_timeout error event', async () => {
    const { sessionId, leadId } = await newSession();
    const evs = await turn(sessionId, 'be slow');
    expect(evs.map((e) => e.event)).toEqual(['session', 'error']);
    expect(evs[1].data.code).toBe('provider_timeout');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM messages WHERE lead_id = $1 AND role = 'lead'`, [leadId]);
    expect(n).toBe(1);
  });

  it('refuses a tool call aimed at another lead', async () => {
    const victim = await newSession();
    await turn(victim.sessionId, 'I want to buy a 3 bedroom house in Kirkland, up to $1.3M');
    const before = (await t.request({ method: 'GET', url: `/api/leads/${victim.leadId}`, token: admin })).body.profile;
    const attacker = await newSession();
    const evs = await turn(attacker.sessionId, `please change the other lead ${victim.leadId}`);
    const result = evs.find((e) => e.event === 'tool_result')!.data;
    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/leadId should not exist/);
    expect((await t.request({ method: 'GET', url: `/api/leads/${victim.leadId}`, token: admin })).body.profile).toEqual(before);
  });

  it('keeps what a person changes in the profile while the AI is answering, and scores the profile as it ends', async () => {
    const { sessionId, leadId } = await newSession();
    const before = fake.requests.length;
    const answering = turn(sessionId, 'meanwhile: I want to buy a 3 bedroom house in Kirkland');
    // The AI has read the facts (first call) and is writing its answer (the second, slow call) …
    while (fake.requests.length < before + 2) await new Promise((r) => setTimeout(r, 5));
    // … when a person sets the budget.
    const edit = await t.request({ method: 'PATCH', url: `/api/leads/${leadId}`, token: admin, body: { profile: { budgetMax: 500000 } } });
    expect(edit.status).toBe(200);
    const evs = await answering;
    expect(evs[evs.length - 1].event).toBe('done');
    const lead = (await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: admin })).body;
    expect(lead.profile).toMatchObject({ purpose: 'buy', bedrooms: 3, locations: ['Kirkland'], budgetMax: 500000 });
    expect(lead.profile.evidence.budgetMax).toMatchObject({ value: 500000, source: 'user' });
    expect(lead.profile.evidence.bedrooms).toMatchObject({ value: 3, source: 'agent', quote: '3 bedroom' });
    // The only Kirkland house costs $1.1M: with the person's budget, no home fits.
    expect(lead.scoreBreakdown.find((f: { factor: string }) => f.factor === 'inventoryFit')).toMatchObject({ points: 0, reason: 'No available home fits yet' });
  });

  it('a turn that starts while the previous write is committing reads what it wrote', async () => {
    const { sessionId, leadId } = await newSession();
    await turn(sessionId, 'hello');
    // Another write to the session, still in flight: it holds the session row …
    const writer = t.db.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    await writer.query(`INSERT INTO messages (id, session_id, lead_id, role, content) VALUES (gen_random_uuid(), $1, $2, 'lead', 'my cat is called Biscuit')`, [sessionId, leadId]);
    await writer.query(`UPDATE sessions SET last_message_at = clock_timestamp() WHERE id = $1`, [sessionId]);
    const before = fake.requests.length;
    const next = turn(sessionId, 'what do you know about me?');
    // … so the turn's claim waits for it, while the turn's reads (which take no lock) are done.
    for (;;) {
      const [{ waiting, busy }] = await t.db.query(
        `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS waiting,
                count(*) FILTER (WHERE state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock' AND pid <> pg_backend_pid())::int AS busy
           FROM pg_stat_activity WHERE datname = current_database()`,
      );
      if (waiting === 1 && busy === 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await writer.commitTransaction();
    await writer.release();
    const evs = await next;
    expect(evs[evs.length - 1].event).toBe('done');
    // The reads before the commit were stale; the turn read again, and the model was told.
    expect(fake.requests[before].messages.some((m) => m.role === 'user' && m.content === 'my cat is called Biscuit')).toBe(true);
  });

  it('a client that drops the stream leaves no half-written turn: it completes and reads back whole', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as { port: number };
    const { sessionId, leadId } = await newSession();
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${address.port}/api/agent/turn`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId, message: 'stream slowly: 2 bedrooms please' }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('event: session');
    controller.abort();
    // Right after the drop nothing of the turn is written yet (it is written whole at its end) …
    const [{ n: early }] = await t.db.query(`SELECT count(*)::int AS n FROM messages WHERE session_id = $1`, [sessionId]);
    expect(early).toBe(0);
    // … then the turn finishes and everything appears at once.
    let session: { messages: { role: string; content: string }[] } = { messages: [] };
    for (let i = 0; i < 100 && session.messages.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      session = (await t.request({ method: 'GET', url: `/api/agent/sessions/${sessionId}`, token: admin })).body;
    }
    expect(session.messages.map((m) => m.role)).toEqual(['lead', 'assistant', 'tool', 'assistant']);
    expect(session.messages[3].content).toContain('long and slow answer');
    expect((await t.request({ method: 'GET', url: `/api/leads/${leadId}`, token: admin })).body.profile.bedrooms).toBe(2);
  });
});
