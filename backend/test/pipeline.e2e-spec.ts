import { parseSse } from '../bench/fake-openai-chat';
import { createAgent, createTestApp, login, TestApp } from './harness';

type Ev = { event: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON

const UNITS = [
  { ref: 'P-1', title: 'Craftsman house near Juanita Beach', city: 'Kirkland', area: 'Juanita', price: 1150000, bedrooms: 3, bathrooms: 2, type: 'house', features: ['garage'] },
  { ref: 'P-2', title: 'Family house with big yard', city: 'Kirkland', area: 'Rose Hill', price: 990000, bedrooms: 4, bathrooms: 2.5, type: 'house', features: ['yard'] },
];

/** The pipeline: stage rules on every path, 422 in words, 409 on a stale card, the board, its live feed, and "needs reply". */
describe('pipeline (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let agent: { id: string; token: string };
  let unitId: string;

  const req = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, token: string, body?: unknown) => t.request({ method, url, token, body });
  const newLead = async (contact: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const res = await req('POST', '/api/leads', admin, { contact, source: 'web', ...extra });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number };
  };
  const detail = async (id: string) => (await req('GET', `/api/leads/${id}`, admin)).body;
  const move = (id: string, body: Record<string, unknown>, token = admin) => req('POST', `/api/leads/${id}/stage`, token, body);
  const bookViewing = (leadId: string) =>
    t.db.query(`INSERT INTO viewings (lead_id, unit_id, starts_at, ends_at, timezone, booked_by) VALUES ($1, $2, now() + interval '2 days', now() + interval '2 days 45 minutes', 'UTC', 'agent')`, [leadId, unitId]);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    agent = await createAgent(t, admin, 'Pia Pipeline');
    for (const u of UNITS) {
      const res = await req('POST', '/api/inventory', admin, { description: `${u.title}.`, purpose: 'sale', ...u });
      expect(res.status).toBe(201);
      unitId ??= res.body.id;
    }
  });
  afterAll(() => t.close());

  describe('stage rules, on every path', () => {
    it('refuses "viewing" without a way to reach the lead, then without a booked viewing, in words (422), and the lead stays', async () => {
      const lead = await newLead({ name: 'Nora Nocontact' });
      const noWay = await move(lead.id, { stage: 'viewing' });
      expect(noWay.status).toBe(422);
      expect(noWay.body).toMatchObject({ statusCode: 422, code: 'stage_rule', message: expect.stringMatching(/no way to reach this lead yet/), details: { rule: 'reachable', stage: 'new' } });
      await req('PATCH', `/api/leads/${lead.id}`, admin, { contact: { phone: '+1 206 555 0100' } });
      const noViewing = await move(lead.id, { stage: 'viewing' });
      expect(noViewing.status).toBe(422);
      expect(noViewing.body.message).toBe("Can't move to Viewing: book a viewing first.");
      expect((await detail(lead.id)).stage).toBe('new');
      await bookViewing(lead.id);
      expect((await move(lead.id, { stage: 'viewing' })).status).toBe(200);
    });

    it('asks for a reason from the list to mark a lead lost, through the lead PATCH as well', async () => {
      const lead = await newLead({ name: 'Lou Lost', email: 'lou@lost.example.org' });
      const none = await req('PATCH', `/api/leads/${lead.id}`, admin, { stage: 'lost' });
      expect(none.status).toBe(422);
      expect(none.body.message).toMatch(/^Can't move to Lost without a reason\. Pick one: .*Chose another agent/);
      const wrong = await req('PATCH', `/api/leads/${lead.id}`, admin, { stage: 'lost', lostReason: 'bored' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.message).toMatch(/"bored" is not one of the reasons/);
      const ok = await req('PATCH', `/api/leads/${lead.id}`, agent.token, { stage: 'lost', lostReason: 'Chose another agent' });
      // An agent reaches only their own and the pool's leads: this one is the admin's, unassigned.
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ stage: 'lost', lostReason: 'Chose another agent' });
      expect(ok.body.timeline[0]).toMatchObject({ type: 'stage_changed', actor: { id: agent.id, name: 'Pia Pipeline' }, data: { from: 'new', to: 'lost', reason: 'Chose another agent' } });
    });

    it('asks for the home or the price to mark a lead won, and a note to move a lead back', async () => {
      const lead = await newLead({ name: 'Wendy Won', email: 'wendy@won.example.org' });
      expect((await move(lead.id, { stage: 'offer' })).status).toBe(200);
      const bare = await move(lead.id, { stage: 'won' });
      expect(bare.status).toBe(422);
      expect(bare.body.message).toBe("Can't move to Won: say which home they took or the price of the deal.");
      const won = await move(lead.id, { stage: 'won', price: 875000 });
      expect(won.status).toBe(200);
      expect(won.body).toMatchObject({ stage: 'won', wonPrice: 875000 });
      const back = await move(lead.id, { stage: 'qualified' });
      expect(back.status).toBe(422);
      expect(back.body.message).toBe('Moving back from Won to Qualified needs a note saying why.');
      const withNote = await move(lead.id, { stage: 'qualified', reason: 'Financing fell through' });
      expect(withNote.status).toBe(200);
      expect(withNote.body.timeline[0]).toMatchObject({ type: 'stage_changed', data: { from: 'won', to: 'qualified', reason: 'Financing fell through' } });
    });

    it('answers 400 for a stage that does not exist, on every route', async () => {
      const lead = await newLead({ name: 'Una Unknown' });
      expect((await move(lead.id, { stage: 'closed' })).status).toBe(400);
      expect((await req('PATCH', `/api/leads/${lead.id}`, admin, { stage: 'closed' })).status).toBe(400);
      expect((await req('GET', '/api/pipeline/board/closed', admin)).status).toBe(400);
    });

    it('holds the assistant to the same rules: a viewing it books moves the lead only when the rules allow', async () => {
      const session = async () => (await req('POST', '/api/agent/session', admin, {})).body as { sessionId: string; leadId: string };
      const turn = async (sessionId: string, message: string) => parseSse((await req('POST', '/api/agent/turn', admin, { sessionId, message })).body as string) as Ev[];
      const booked = await session();
      await turn(booked.sessionId, 'looking to buy a house in Kirkland with 3 bedrooms, up to 1.3M. My name is Sam Stage, sam.stage@example.com');
      await turn(booked.sessionId, 'yes, can I see the first one next Saturday at 11am?');
      const moved = await detail(booked.leadId);
      expect(moved.stage).toBe('viewing');
      expect(moved.timeline.find((a: { type: string }) => a.type === 'stage_changed')).toMatchObject({ actor: null, data: { from: 'new', to: 'viewing', by: 'ai' } });

      // An admin adds a rule the assistant's booking does not meet: the viewing is booked, the stage stays, the timeline says why.
      const rules = (await req('GET', '/api/pipeline/rules', admin)).body as { kind: string; stage: string | null; enabled: boolean; reasons: string[] }[];
      const strict = [...rules.map(({ kind, stage, enabled, reasons }) => ({ kind, stage, enabled, reasons })), { kind: 'unit_or_price', stage: 'viewing', enabled: true }];
      expect((await req('PUT', '/api/pipeline/rules', admin, { rules: strict })).status).toBe(200);
      try {
        const held = await session();
        await turn(held.sessionId, 'looking to buy a house in Kirkland with 3 bedrooms, up to 1.3M. My name is Tia Held, tia.held@example.com');
        await turn(held.sessionId, 'yes, can I see the first one next Sunday at 11am?');
        const stayed = await detail(held.leadId);
        expect(stayed.stage).toBe('new');
        expect(stayed.timeline.some((a: { type: string; summary: string }) => a.type === 'note' && /left the stage as it was\. Can't move to Viewing/.test(a.summary))).toBe(true);
      } finally {
        await req('PUT', '/api/pipeline/rules', admin, { rules: rules.map(({ kind, stage, enabled, reasons }) => ({ kind, stage, enabled, reasons })) });
      }
    });
  });

  describe('admins edit the rules', () => {
    it('lets anyone read them in words, only admins change them, and refuses a rule that makes no sense', async () => {
      const read = await req('GET', '/api/pipeline/rules', agent.token);
      expect(read.status).toBe(200);
      expect(read.body.map((r: { text: string }) => r.text)).toContain('Moving a lead back to an earlier stage needs a note saying why.');
      expect((await req('PUT', '/api/pipeline/rules', agent.token, { rules: [] })).status).toBe(403);
      const noReasons = await req('PUT', '/api/pipeline/rules', admin, { rules: [{ kind: 'lost_reason', stage: 'lost', enabled: true, reasons: [] }] });
      expect(noReasons.status).toBe(400);
      expect(noReasons.body.message).toMatch(/at least one reason/);
      expect((await req('PUT', '/api/pipeline/rules', admin, { rules: [{ kind: 'reachable', enabled: true }] })).status).toBe(400);
      expect((await req('PUT', '/api/pipeline/rules', admin, { rules: [{ kind: 'teleport', stage: 'won', enabled: true }] })).status).toBe(400);
    });

    it('a disabled rule no longer refuses the move', async () => {
      const rules = (await req('GET', '/api/pipeline/rules', admin)).body as { kind: string; stage: string | null; enabled: boolean; reasons: string[] }[];
      const relaxed = rules.map(({ kind, stage, enabled, reasons }) => ({ kind, stage, reasons, enabled: kind === 'unit_or_price' ? false : enabled }));
      expect((await req('PUT', '/api/pipeline/rules', admin, { rules: relaxed })).status).toBe(200);
      try {
        const lead = await newLead({ name: 'Rex Relaxed', email: 'rex@relaxed.example.org' });
        expect((await move(lead.id, { stage: 'won' })).status).toBe(200);
      } finally {
        await req('PUT', '/api/pipeline/rules', admin, { rules: rules.map(({ kind, stage, enabled, reasons }) => ({ kind, stage, enabled, reasons })) });
      }
    });
  });

  describe('two people move the same card', () => {
    it('the second gets 409 with the lead as the first left it, never a silent overwrite', async () => {
      const lead = await newLead({ name: 'Cora Concurrent', email: 'cora@concurrent.example.org' });
      const seen = (await detail(lead.id)).version;
      const [a, b] = await Promise.all([move(lead.id, { stage: 'contacted', version: seen }), move(lead.id, { stage: 'qualified', version: seen })]);
      const statuses = [a.status, b.status].sort();
      expect(statuses).toEqual([200, 409]);
      const winner = a.status === 200 ? a : b;
      const loser = a.status === 200 ? b : a;
      expect(loser.body).toMatchObject({ statusCode: 409, code: 'stale_version', details: { stage: winner.body.stage, version: winner.body.version } });
      expect(loser.body.message).toMatch(/Someone else changed this lead meanwhile/);
      expect((await detail(lead.id)).stage).toBe(winner.body.stage);
    });
  });

  describe('the board', () => {
    it('gives every stage its count and first cards under the inbox filters, and pages a column by cursor', async () => {
      for (let i = 0; i < 5; i++) await newLead({ name: `Bea Board ${i}`, email: `bea${i}@board.example.org` }, { source: 'referral', profile: { purpose: 'buy', budgetMax: 500000 + i * 100000 } });
      const board = await req('GET', '/api/pipeline/board?source=referral&perColumn=2', admin);
      expect(board.status).toBe(200);
      expect(board.body.columns.map((c: { stage: string }) => c.stage)).toEqual(['new', 'contacted', 'qualified', 'viewing', 'offer', 'won', 'lost']);
      const fresh = board.body.columns[0];
      expect(fresh.count).toBe(5);
      expect(fresh.cards).toHaveLength(2);
      expect(fresh.cards[0]).toMatchObject({ name: expect.stringMatching(/^Bea Board/), source: 'referral', stage: 'new', version: expect.any(Number), needsReply: true, assignee: null });
      const seen = [...fresh.cards.map((c: { id: string }) => c.id)];
      let cursor = fresh.nextCursor;
      while (cursor) {
        const next = await req('GET', `/api/pipeline/board/new?source=referral&perColumn=2&after=${encodeURIComponent(cursor)}`, admin);
        expect(next.status).toBe(200);
        seen.push(...next.body.cards.map((c: { id: string }) => c.id));
        cursor = next.body.nextCursor;
      }
      expect(new Set(seen).size).toBe(5);
      // The agent sees only their own and the pool's: these are unassigned (pool), another agent's would not count.
      const agentsBoard = await req('GET', '/api/pipeline/board?source=referral&assignee=me', agent.token);
      expect(agentsBoard.body.columns[0].count).toBe(0);
    });

    it('shows the next open task on the card', async () => {
      const lead = await newLead({ name: 'Tess Task', email: 'tess@task.example.org' }, { source: 'walk_in' });
      await req('POST', `/api/leads/${lead.id}/tasks`, admin, { title: 'Call about financing', dueAt: new Date(Date.now() + 86_400_000).toISOString() });
      const board = await req('GET', '/api/pipeline/board?source=walk_in', admin);
      expect(board.body.columns[0].cards[0].nextTask).toMatchObject({ title: 'Call about financing' });
    });

    it('streams moves by others to open boards of people who may see the lead', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const address = t.app.getHttpServer().address() as { port: number };
      const abort = new AbortController();
      const res = await fetch(`http://127.0.0.1:${address.port}/api/pipeline/events`, { headers: { authorization: `Bearer ${agent.token}` }, signal: abort.signal });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const readUntil = async (until: (s: string) => boolean) => {
        while (!until(text)) text += decoder.decode((await reader.read()).value, { stream: true });
        return text;
      };
      await readUntil((s) => s.includes('event: ready'));
      const others = await newLead({ name: 'Otto Others', email: 'otto@others.example.org' }, { assigneeId: (await createAgent(t, admin, 'Olga Other')).id });
      const pool = await newLead({ name: 'Polly Pool', email: 'polly@pool.example.org' });
      expect((await move(others.id, { stage: 'contacted' })).status).toBe(200);
      expect((await move(pool.id, { stage: 'contacted' })).status).toBe(200);
      const seen = await readUntil((s) => s.includes(pool.id));
      expect(seen).toMatch(new RegExp(`event: moved\\ndata: \\{"leadId":"${pool.id}","from":"new","to":"contacted"`));
      // Another agent's lead is never announced to this agent.
      expect(seen).not.toContain(others.id);
      abort.abort();
    });
  });

  describe('speed to lead and needs reply', () => {
    it('flags a handed-over lead who writes "hello?" after a person answered, says how long they wait, and keeps both first-response times', async () => {
      const { sessionId, leadId } = (await req('POST', '/api/agent/session', admin, {})).body as { sessionId: string; leadId: string };
      await req('POST', '/api/agent/turn', admin, { sessionId, message: 'Hi, I want to buy a house in Kirkland' });
      const afterAi = await detail(leadId);
      expect(afterAi.needsReply).toBe(false);
      expect(afterAi.speedToLead).toMatchObject({ aiFirstResponseAt: expect.any(String), aiSeconds: expect.any(Number), personFirstResponseAt: null });
      expect((await req('POST', `/api/agent/sessions/${sessionId}/takeover`, admin)).status).toBe(200);
      expect((await req('POST', `/api/agent/sessions/${sessionId}/reply`, admin, { message: 'Hi, Ada here — what budget?' })).status).toBe(200);
      const answered = await detail(leadId);
      expect(answered.needsReply).toBe(false);
      expect(answered.speedToLead.personSeconds).toEqual(expect.any(Number));
      await req('POST', '/api/agent/turn', admin, { sessionId, message: 'hello?' });
      const waiting = await detail(leadId);
      expect(waiting).toMatchObject({ needsReply: true, overdue: false, overdueSeconds: 0, waitingSince: expect.any(String) });
      const inbox = await req('GET', `/api/leads?needsReply=true&pageSize=100`, admin);
      expect(inbox.body.items.map((l: { id: string }) => l.id)).toContain(leadId);
      // An hour later the reply is 45 minutes overdue (the clock moved by rewriting when the wait began).
      await t.db.query(`UPDATE leads SET awaiting_reply_since = now() - interval '1 hour' WHERE id = $1`, [leadId]);
      const late = await detail(leadId);
      expect(late.overdue).toBe(true);
      expect(late.overdueSeconds).toBeGreaterThanOrEqual(45 * 60);
      expect(late.overdueSeconds).toBeLessThan(46 * 60);
    });

    it('puts open leads that wait for an answer first in the attention order, closed deals with high scores last', async () => {
      const rich = await newLead({ name: 'Hugo Highscore', email: 'hugo@attention.example.org' }, { source: 'portal', profile: { purpose: 'buy', budgetMax: 2000000, bedrooms: 3, timeline: 'asap', financing: 'cash', locations: ['Kirkland'] } });
      await move(rich.id, { stage: 'lost', lostReason: 'Changed plans' });
      const waiting = await newLead({ name: 'Wanda Waiting', email: 'wanda@attention.example.org' }, { source: 'portal' });
      const answered = await newLead({ name: 'Andy Answered', email: 'andy@attention.example.org' }, { source: 'portal' });
      await req('POST', `/api/leads/${answered.id}/messages`, admin, { direction: 'outbound', channel: 'email', body: 'Hello Andy' });
      const page = await req('GET', '/api/leads?source=portal&sort=attention&pageSize=100', admin);
      const order = page.body.items.map((l: { id: string }) => l.id);
      expect(order.indexOf(waiting.id)).toBeLessThan(order.indexOf(answered.id));
      expect(order.indexOf(answered.id)).toBeLessThan(order.indexOf(rich.id));
    });
  });
});
